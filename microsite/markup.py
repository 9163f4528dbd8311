"""Markdown to safe HTML: links to page files become URLs, every internal target is recorded for checking."""
from __future__ import annotations

import html
import posixpath
from functools import lru_cache
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .hashing import digest
from .errors import ContentError
from .parallel import map_jobs
from . import shortcuts
from .budget import OutOfTime, time_limit
from .limits import MAX_DEPTH, MAX_SECONDS, text_problems
from .load import MarkdownDoc
from .messages import N_

# Extensions as classes, not names: a name is looked up among the installed packages' entry points, which
# takes longer than a small site's whole build.
EXTENSIONS = (AttrListExtension, SaneListExtension, TableExtension)
PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)
BLOCK_START = re.compile(r"^(\s*\d*)([.#>*+-])(?=\s|#|$)")
FILES_FOLDER = "files/"
# Raw HTML is allowed only for these tags and attributes; everything else is removed by nh3 (ammonia).
ALLOWED_TAGS = {"a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol",
                "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}
ALLOWED_ATTRIBUTES = {"*": {"lang", "id", "title"}, "a": {"href", "hreflang"}, "img": {"src", "alt"},
                      "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
OFF_SITE_HINT = N_("link to a page file, for example (themes.md), or a file in content/files/ as (files/…)")
PAGE_HINT = N_("link to another page's file, for example (themes.md)")
FORBIDDEN = re.compile(r"<\s*(script|style|iframe|object|embed|form|input|button|link|meta)\b|\son\w+\s*=|javascript\s*:",
                       re.I)


@dataclass(frozen=True)
class Link:
    """An internal target written in a page: another page (key), a file in content/files/, or an anchor."""

    line: int
    kind: str
    target: str
    fragment: str
    written: str


NO_BREAK_SPACE = "\u00a0"
# A number and its unit ("320 px", "14 %", "5 €", "2,5 km"), kept on one line.
NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:px|%|€|e|km|m²|kg|MB|kB|GB)(?![\w-]))")


# A tag (left alone), or a word that starts with a hyphen after a space ("Suomi liikkeelle -ohjelma"), which a
# browser would otherwise part after its hyphen.
TAG_OR_HYPHENATED_WORD = re.compile(r"(<[^>]*>)|(?<= )(-\w[\w-]*)")


def keep_units_together(html: str) -> str:
    """Join each number to its unit with a no-break space, and keep a word that starts with a hyphen whole, so a
    narrow screen never parts them."""
    html = NUMBER_AND_UNIT.sub(NO_BREAK_SPACE, html)
    if " -" not in html:
        return html
    return TAG_OR_HYPHENATED_WORD.sub(lambda m: m.group(1) or f'<span class="nobr">{m.group(2)}</span>', html)


def sanitize(html: str) -> str:
    """Remove every tag, attribute and URL scheme outside the allowlist."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)


def forbidden_html(text: str, path: str, first_line: int) -> list[ContentError]:
    """An error for each script, event handler or javascript: URL an editor wrote."""
    if "<" not in text and "script" not in text.lower():
        return []  # every forbidden form needs one or the other: skip the slower search
    return [ContentError(path, first_line + text[:m.start()].count("\n"), N_("'{code}' is not allowed"),
                         N_("pages cannot contain scripts; remove it. The editors' guide lists the HTML that is "
                            "allowed"),
                         (("code", m.group(0).strip()),))
            for m in FORBIDDEN.finditer(text)]


class MarkdownRenderer:
    """Converts page bodies of one language; knows that language's page URLs by key."""

    def __init__(self, base_path: str, urls_by_key: dict[str, str], files: frozenset[str]):
        self.base_path = base_path
        self.urls_by_key = urls_by_key
        self.files = files
        self.found: list[tuple[tuple[str, str] | None, str]] = []  # (problem: message and hint, or None; link)
        # (url, is_image, alt, what target() made of it)
        self.resolved: list[tuple[str, bool, str, tuple[tuple[str, str] | None, str]]] = []
        self.folder = ""
        self.md = markdown.Markdown(extensions=[extension() for extension in EXTENSIONS] + [_Targets(self)],
                                    output_format="html")

    def convert(self, doc: MarkdownDoc, key: str, errors: list[ContentError]) -> tuple[str, tuple[Link, ...]]:
        """Return the body's safe HTML and its internal links, adding an error for each problem found."""
        self.found, self.resolved = [], []
        self.folder = posixpath.dirname(key)
        errors += forbidden_html(doc.body, doc.path, doc.body_line)
        too_big = text_problems(doc)
        if too_big:
            errors += too_big
            return "", ()
        try:
            with time_limit(MAX_SECONDS):
                converted = self.md.reset().convert(doc.body)
        except OutOfTime:
            errors.append(ContentError(doc.path, _busiest_line(doc), N_("the text took more than {seconds} s to "
                                       "convert (a real page takes a fraction of a second)"),
                                       N_("look for many '[' or '<' left unclosed on this line, or split the text"),
                                       (("seconds", MAX_SECONDS),)))
            return "", ()
        except RecursionError:  # nested in a way text_problems does not measure: still the editor's to fix
            errors.append(ContentError(doc.path, doc.body_line, N_("the text is nested too deeply to convert"),
                                       N_("use fewer lists, quotes or tags inside each other (at most {limit})"),
                                       (("limit", MAX_DEPTH),)))
            return "", ()
        html = keep_units_together(sanitize(converted))
        if "<h1" in converted:  # checked before sanitizing, which would silently strip the h1
            errors.append(ContentError(doc.path, _line_of(doc, "\n# ")[0], N_("the text has a main heading ('# …')"),
                                       N_("the title is the page's only main heading; use '## …' in the text")))
        links: list[Link] = []
        after: dict[str, int] = {}  # where each written link was last found: a link written twice has two lines
        for problem, written in self.found:
            line, after[written] = _line_of(doc, written, after.get(written, 0))
            if problem:
                errors.append(ContentError(doc.path, line, problem[0], problem[1],
                                           (("link", written), ("scheme", urlsplit(written).scheme))))
            else:
                links.append(self._link(line, written))
        return html, tuple(links)

    def _link(self, line: int, written: str) -> Link:
        parts = urlsplit(written)
        if not parts.path:
            return Link(line, "anchor", "", parts.fragment, written)
        if parts.path.startswith(FILES_FOLDER):
            return Link(line, "file", parts.path, "", written)
        return Link(line, "page", self._existing_key(parts.path), parts.fragment, written)

    def rewrite(self, url: str, is_image: bool, alt: str) -> str:
        """Return the URL to put in the HTML, recording the target or the problem with it."""
        parts = urlsplit(url)
        if is_image and (parts.scheme or parts.netloc):
            self.found.append(((N_("the image {link} is on another site"), N_("the site loads nothing from elsewhere: "
                                "save the image in content/files/ and write (files/…)")), url))
            return url
        if parts.scheme or parts.netloc:
            # file:, data:, …: the sanitizer would drop it without a word (javascript: is forbidden_html's)
            if parts.scheme not in URL_SCHEMES and parts.scheme.lower() != "javascript":
                self.found.append(((N_("the link {link} uses '{scheme}:', which the site does not allow"),
                                    N_("link to http(s):, mailto: or tel: addresses, pages (themes.md) or files "
                                       "(files/…)")), url))
            return url
        problem, target = self.target(url, is_image, alt)
        self.found.append((problem, url))
        self.resolved.append((url, is_image, alt, (problem, target)))
        return target

    def target(self, url: str, is_image: bool, alt: str) -> tuple[tuple[str, str] | None, str]:
        """(problem, URL for the HTML) of an internal link or image source."""
        parts = urlsplit(url)
        problem = self._problem(parts, is_image, alt)
        if problem:
            return problem, url
        if parts.path.startswith(FILES_FOLDER):
            return None, self.base_path + parts.path
        if parts.path:
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return None, self.base_path + self.urls_by_key[self._existing_key(parts.path)] + fragment
        return None, url

    def remember(self, doc: MarkdownDoc, key: str, html: str, links: tuple[Link, ...]) -> "Conversion":
        """What to keep of the conversion just made, to reuse while its text and link targets stay the same."""
        return Conversion(_source_digest(doc, key, self.base_path), tuple(self.resolved), html, links)

    def reusable(self, conversion: "Conversion", doc: MarkdownDoc, key: str) -> bool:
        """True if the text is unchanged and every link it makes still leads where it did."""
        self.folder = posixpath.dirname(key)
        return (conversion.source == _source_digest(doc, key, self.base_path)
                and all(self.target(url, is_image, alt) == outcome for url, is_image, alt, outcome in conversion.deps))

    def _problem(self, parts, is_image: bool, alt: str) -> tuple[str, str] | None:
        if parts.path.startswith("/"):
            return N_("the link {link} is an absolute path, which leads off the site"), OFF_SITE_HINT
        if ".." in parts.path.split("/") and (parts.path.startswith(FILES_FOLDER) or self._leaves(parts.path)):
            return N_("the link {link} leads outside the site's content folder"), OFF_SITE_HINT
        if is_image and not alt.strip():
            return N_("the image {link} has no alt text"), N_("describe the image in the brackets: ![description](files/…)")
        if parts.path.startswith(FILES_FOLDER):
            if parts.path not in self.files:
                return N_("there is no file {link}"), N_("put the file in content/files/ or fix the name")
            return None
        if not parts.path:
            return None
        if not parts.path.endswith(".md"):
            return N_("link {link} is not a page file or a file in content/files/"), PAGE_HINT
        if self.page_key(parts.path) not in self.urls_by_key:
            return N_("link to a page that does not exist: {link}"), PAGE_HINT
        return None

    def _leaves(self, path: str) -> bool:
        """True if the relative path climbs above content/ from the linking page's folder (one level up is
        another language's folder, reported as a missing page)."""
        return posixpath.normpath(posixpath.join(self.folder, path)).split("/")[:2] == ["..", ".."]

    def page_key(self, path: str) -> str | None:
        """The key of a linked page file: relative to the linking page's folder, else to the language folder."""
        for folder in (self.folder, ""):
            key = posixpath.normpath(posixpath.join(folder, path.removesuffix(".md")))
            if key in self.urls_by_key:
                return key
        return None

    def _existing_key(self, path: str) -> str:
        """The key of a linked page file that _problem found to exist."""
        key = self.page_key(path)
        assert key is not None, path
        return key


def convert_all(jobs: list[tuple[MarkdownRenderer, MarkdownDoc, str]], previous: Mapping[str, Conversion],
                errors: list[ContentError]) -> list[Conversion | None]:
    """Convert every (renderer, doc, key) job, reusing previous conversions (by doc.path) still valid; None where
    it failed."""
    results: list[Conversion | None] = [None] * len(jobs)
    todo = []
    for index, (renderer, doc, key) in enumerate(jobs):
        earlier = previous.get(doc.path)
        if earlier is not None and renderer.reusable(earlier, doc, key):
            results[index] = earlier
        else:
            todo.append(index)

    def convert(position: int) -> tuple[Conversion | None, list[ContentError]]:
        renderer, doc, key = jobs[todo[position]]
        problems: list[ContentError] = []
        html, links = renderer.convert(doc, key, problems)
        return (None if problems else renderer.remember(doc, key, html, links)), problems

    for index, (conversion, problems) in zip(todo, map_jobs(convert, len(todo))):
        errors += problems
        results[index] = conversion
    return results


@dataclass(frozen=True)
class Conversion:
    """A page body converted once: its source's hash, the link targets it depended on, and the result."""

    source: str
    deps: tuple
    html: str
    links: tuple[Link, ...]


def _source_digest(doc: MarkdownDoc, key: str, base_path: str) -> str:
    return digest(doc.path, doc.body_line, key, base_path, doc.body)


def _busiest_line(doc: MarkdownDoc) -> int:
    """The line with the most brackets, the usual cause of a slow conversion."""
    lines = doc.body.split("\n")
    counts = [line.count("[") + line.count("<") for line in lines]
    return doc.body_line + counts.index(max(counts))


def _line_of(doc: MarkdownDoc, needle: str, start: int = 0) -> tuple[int, int]:
    """The line of the body where needle is first written at or after the offset start, and the offset just
    after it (the body's first line, and start, if it is not there as written)."""
    text = "\n" + doc.body
    index = text.find(needle, start)
    if index < 0:
        return doc.body_line, start
    return doc.body_line + text[:index].count("\n") - 1 + needle.count("\n"), index + len(needle)


class _Targets(Extension):
    def __init__(self, renderer: MarkdownRenderer):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):
        md.treeprocessors.register(_TargetProcessor(md, self.renderer), "internal_targets", 5)
        shortcuts.install(md, shortcuts.shortcuts_apply())  # heading ids, and the faster paths where tested
        md.postprocessors.register(_RawHtmlTargets(md, self.renderer), "raw_html_targets", 40)  # before raw_html (30)


class _TargetProcessor(Treeprocessor):
    def __init__(self, md, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root):
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, self.renderer.rewrite(element.get(attribute), element.tag == "img",
                                                             element.get("alt", "")))


RAW_TAG = re.compile(r"<(a|img)(\s[^<>]*)>", re.I)
RAW_ATTRIBUTE = re.compile(r"""(\s(href|src|alt)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


class _RawHtmlTargets(Postprocessor):
    """Links and images an editor wrote as raw HTML wait in Python-Markdown's stash of raw HTML, unseen by the
    tree processors: rewrite and record them the same way, so a bad one is named by its Markdown file and line."""

    def __init__(self, md, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer
        self._stash: list | None = None  # the stash (a new list each conversion) and how much of it is done
        self._done = 0

    def run(self, text: str) -> str:
        # Older Python-Markdown (3.5) runs every postprocessor on the table of contents too, before the page:
        # a block already rewritten must not be rewritten (and its problems recorded) a second time.
        blocks = self.md.htmlStash.rawHtmlBlocks
        if blocks is not self._stash:
            self._stash, self._done = blocks, 0
        for index in range(self._done, len(blocks)):
            block = blocks[index]
            if isinstance(block, str) and RAW_TAG.search(block):
                blocks[index] = RAW_TAG.sub(self._rewrite, block)
        self._done = len(blocks)
        return text

    def _rewrite(self, tag: re.Match) -> str:
        values = {m.group(2).lower(): html.unescape(m.group(3) or m.group(4) or m.group(5) or "")
                  for m in RAW_ATTRIBUTE.finditer(tag.group(2))}
        is_image = tag.group(1).lower() == "img"
        name = "src" if is_image else "href"
        if name not in values:
            return tag.group(0)
        target = self.renderer.rewrite(values[name], is_image, values.get("alt", ""))
        rest = RAW_ATTRIBUTE.sub(lambda m: m.group(0) if m.group(2).lower() != name
                                 else f'{m.group(1)}"{html.escape(target)}"', tag.group(2))
        return f"<{tag.group(1)}{rest}>"


@lru_cache(maxsize=1)
def _inline_parser() -> markdown.Markdown:
    """One parser for all inline texts (per process), instead of building one per text."""
    return markdown.Markdown(extensions=[AttrListExtension()], output_format="html")


@lru_cache(maxsize=4096)  # a pure function of its text; data texts repeat on many pages
def inline_markdown(text: str) -> str:
    """Render one line of Markdown (emphasis, links, lang spans) safely, without the paragraph around it.

    A text that starts like a list, heading or quote ('1. …', '- …', '# …', '> …') stays text.
    """
    text = BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
    html = keep_units_together(sanitize(_inline_parser().reset().convert(text)))
    match = PARAGRAPH.match(html)
    return match.group(1) if match else html
