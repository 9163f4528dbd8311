"""A built page as a reader meets it: its title, description, navigation entries and visible words."""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Elements whose text runs on inside a line; every other tag separates words ("<li>A</li><li>B</li>" is "A B").
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q",
                    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "del", "ins"})
UNSEEN = frozenset({"script", "style", "template", "head", "noscript"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class PageText:
    """What a reader gets from a page, apart from its markup; `nav` holds the entries of the navigation outside
    <main> (menus, language switch), `words` the rest of the visible text in reading order."""

    title: str
    description: str
    nav: tuple[str, ...]
    words: tuple[str, ...]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.description = ""
        self.nav: list[str] = []
        self.words: list[str] = []
        self._open: list[str] = []  # the elements we are inside
        self._hidden = 0  # depth inside an unseen or hidden element
        self._in_nav = 0  # depth inside a <nav> outside <main>
        self._link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") == "description":
            self.description = " ".join((attributes.get("content") or "").split())
        if tag == "img" and attributes.get("alt") and not self._hidden:
            self._words(attributes["alt"])
        if tag in VOID:
            return
        self._open.append(tag)
        if self._hidden or tag in UNSEEN or "hidden" in attributes:
            self._hidden += 1
        if tag == "nav" and "main" not in self._open:
            self._in_nav += 1
        if self._in_nav and tag == "a":
            self._link = []
        if tag not in INLINE:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._open:
            return
        while self._open:
            closed = self._open.pop()
            self._close(closed)
            if closed == tag:
                break

    def _close(self, tag: str) -> None:
        if self._hidden:
            self._hidden -= 1
        if tag == "a" and self._link is not None:
            self.nav.append(" ".join("".join(self._link).split()))
            self._link = None
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1
        if tag not in INLINE:
            self._break()

    def handle_data(self, data: str) -> None:
        if "title" in self._open and "head" in self._open:
            self.title.append(data)
        if self._hidden:
            return
        if self._link is not None:
            self._link.append(data)
        elif not self._in_nav:
            self._pending.append(data)

    _pending: list[str]

    def reset(self) -> None:
        super().reset()
        self._pending = []

    def _break(self) -> None:
        self._words("".join(self._pending))
        self._pending = []

    def _words(self, text: str) -> None:
        self.words.extend(text.split())


def read_page(html: str) -> PageText:
    """The page's title, description, navigation entries and visible words."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._break()
    return PageText(" ".join("".join(reader.title).split()), reader.description, tuple(reader.nav),
                    tuple(reader.words))
