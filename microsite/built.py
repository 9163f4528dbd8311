"""Checks of a built site, in memory or on disk: internal links and anchors, hreflang pairs, the sitemap."""
from __future__ import annotations

import html
import re
import sys
from collections.abc import Set
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import ContentError
from .messages import N_
from .model import Site

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass
class ParsedPage:
    """What the checks need from one HTML file."""

    lang: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)
    alternates: dict[str, str] = field(default_factory=dict)
    canonical: str = ""
    duplicate_ids: list[str] = field(default_factory=list)
    scripts: list[tuple[int, str]] = field(default_factory=list)  # (line, what): anything a browser would run


SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# Greedy: a lazy group before "/?>" made the engine test for the end at every character of every tag.
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*)?/?>")
ATTRIBUTE = re.compile(r"""([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
RECORDED_TAGS = {"html", "a", "link", "img", "script", "source", "iframe"}
# An event handler attribute (onclick=…); found in the whole text, then kept only if it starts after white space
# and is inside a tag. Starts with the literal "on", which the search skips to quickly (a leading \s made it try
# every space of the page: 40 µs a page instead of 17, with the same findings on the bench's 1,000 pages).
EVENT_HANDLER = re.compile(r"on[a-zA-Z]+(?=\s*=)")
DATA_SCRIPTS = {"application/ld+json"}  # a data block, which no browser runs
SCHEME_NOISE = re.compile(r"[\x00-\x20]")  # what a browser drops from an address before reading its scheme
# Starts with a literal "<" so that the search skips ahead quickly (lookbehinds made it try every position).
SKIPPED = re.compile(r"<(?:!--.*?-->|(script|style)\b[^>]*>.*?(?=</\1>))", re.S | re.I)


def parse_html(text: str) -> ParsedPage:
    """Read the tags a check needs with regular expressions: several times faster than html.parser on
    the thousands of pages a build checks, and exact for the well-formed output the build writes."""
    page = ParsedPage()
    text = SKIPPED.sub(lambda m: _blank(m.group(0)), text)
    line, counted = 1, 0  # the line is counted forward from the last tag read, not from the top each time
    for match in TAG.finditer(text):
        tag, rest = match.group(1).lower(), (match.group(2) or "").removesuffix("/")  # "<br />" ends "/>"
        if tag not in RECORDED_TAGS and "id" not in rest:
            continue  # most tags carry nothing a check needs: skip reading their attributes
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        # Interned: the same navigation links and ids recur on every page of a large site.
        attributes = {name.lower(): sys.intern(html.unescape(first or second or third or ""))
                      for name, first, second, third in ATTRIBUTE.findall(rest)}
        _record(page, tag, attributes, line)
    for match in EVENT_HANDLER.finditer(text):
        start = match.start()
        if start and text[start - 1].isspace() and text.rfind("<", 0, start) > text.rfind(">", 0, start):
            page.scripts.append((text.count("\n", 0, start) + 1, match.group() + "="))
    return page


def _blank(skipped: str) -> str:
    """Keep a script's or style's opening tag (its src counts as a link) but not its content; keep line breaks."""
    head = skipped[:skipped.index(">") + 1] if not skipped.startswith("<!--") else ""
    return head + "\n" * skipped[len(head):].count("\n")


def _record(page: ParsedPage, tag: str, attributes: dict, line: int) -> None:
    if tag == "html":
        page.lang = attributes.get("lang") or ""
    if attributes.get("id"):
        if attributes["id"] in page.ids:
            page.duplicate_ids.append(attributes["id"])
        page.ids.add(attributes["id"])
    if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
        page.alternates[attributes["hreflang"]] = attributes.get("href") or ""
    elif tag == "link" and attributes.get("rel") == "canonical":
        page.canonical = attributes.get("href") or ""
    elif tag in ("a", "link", "img", "script", "source", "iframe"):
        for name in ("href", "src"):
            if attributes.get(name):
                page.links.append((line, attributes[name]))
                if SCHEME_NOISE.sub("", attributes[name]).lower().startswith("javascript:"):
                    page.scripts.append((line, "javascript:"))
    if tag == "script" and attributes.get("type", "").lower() not in DATA_SCRIPTS:
        page.scripts.append((line, "<script>"))


class BuiltFiles:
    """A built site as {path: bytes}, with each HTML file parsed once on demand."""

    def __init__(self, files: dict[str, bytes], base_url: str, parsed: dict[str, ParsedPage] | None = None,
                 also: Set[str] = frozenset()):
        """files: path -> bytes; also: paths of files kept from an earlier build, already parsed in `parsed`."""
        self.files = files
        self.paths = set(files) | set(also)
        self.base_url = base_url
        self.base_path = urlsplit(base_url).path
        self._parsed: dict[str, ParsedPage] = dict(parsed or {})

    @classmethod
    def from_folder(cls, root: Path, base_url: str) -> "BuiltFiles":
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        return cls(files, base_url)

    def html_paths(self) -> list[str]:
        return sorted(p for p in self.paths if p.endswith(".html"))

    def parsed(self, path: str) -> ParsedPage:
        if path not in self._parsed:
            self._parsed[path] = parse_html(self.files[path].decode("utf-8"))
        return self._parsed[path]

    def resolve(self, source: str, url: str) -> str | None:
        """The file path an internal URL leads to ('' if it leaves the site), or None for an external URL."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return source
        path: str | None
        if parts.path.startswith("/"):
            if not parts.path.startswith(self.base_path):
                return ""
            path = unquote(parts.path[len(self.base_path):])
        else:
            path = _join(source.rsplit("/", 1)[0] if "/" in source else "", unquote(parts.path))
        if path is None:
            return ""
        return path + "index.html" if path.endswith("/") or path == "" or (path + "/index.html") in self.paths else path

    def url_to_path(self, url: str) -> str | None:
        """Map an absolute URL of this site to its file, or None if it is not under the base URL."""
        if not url.startswith(self.base_url):
            return None
        relative = url[len(self.base_url):]
        return relative + "index.html" if relative.endswith("/") or not relative else relative


def _join(folder: str, relative: str) -> str | None:
    parts = [p for p in folder.split("/") if p]
    for part in relative.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    joined = "/".join(parts)
    return joined + "/" if relative.endswith("/") and joined else joined


def check_scripts(built: BuiltFiles, paths: list[str] | None = None) -> list[ContentError]:
    """An error for each thing on a built page that a browser would run: the site runs none, so a script there
    came through a template (editors' texts are refused or sanitized before). A template writes the same script
    at the same line of every page it makes: that is named once, at the first such page. paths: only these."""
    first: dict[tuple[int, str], str] = {}
    for path in built.html_paths() if paths is None else [path for path in paths if path.endswith(".html")]:
        for found in built.parsed(path).scripts:
            first.setdefault(found, path)
    return [ContentError(path, line, N_("the page has a script ({code}); the site runs none"),
                         N_("remove it from the template that writes it, or from a partial that template includes"),
                         (("code", code),))
            for (line, code), path in first.items()]


def check_links(built: BuiltFiles, sources=None) -> list[ContentError]:
    """A line for every internal link or anchor that leads nowhere (on the given pages, else on all)."""
    problems, resolved = [], {}
    for source in sorted(sources) if sources is not None else built.html_paths():
        folder = source.rpartition("/")[0]
        for line, url in built.parsed(source).links:
            # The same navigation links recur on every page: resolve each (folder, URL) once; a URL that
            # starts with "/" or a scheme (as urlsplit reads one) resolves the same from every folder.
            key = (None, url) if url.startswith("/") or SCHEME.match(url) else (folder, url)
            if key not in resolved or not url or url[0] in "#?":
                resolved[key] = built.resolve(source, url), urlsplit(url).fragment
            target, fragment = resolved[key]
            if target is None:
                continue
            if target not in built.paths:
                problems.append(ContentError(source, line, N_("broken link {url}"), values=(("url", url),)))
            elif fragment and target.endswith(".html") and fragment not in built.parsed(target).ids:
                problems.append(ContentError(source, line, N_("missing anchor {url}"), values=(("url", url),)))
    return problems


def check_alternates(built: BuiltFiles) -> list[ContentError]:
    """Every hreflang target exists, has that <html lang>, and names the page back."""
    problems = []
    for source in built.html_paths():
        page = built.parsed(source)
        for hreflang, url in page.alternates.items():
            target = built.url_to_path(url)
            values = (("hreflang", hreflang), ("url", url))
            if target is None or target not in built.paths:
                problems.append(ContentError(source, None, N_("hreflang {hreflang} leads nowhere: {url}"),
                                             values=values))
                continue
            other = built.parsed(target)
            if hreflang != "x-default" and other.lang != hreflang:
                problems.append(ContentError(source, None, N_("hreflang {hreflang} leads to a page in '{lang}': {url}"),
                                             values=(*values, ("lang", other.lang))))
            if hreflang != "x-default" and page.canonical and page.canonical not in other.alternates.values():
                problems.append(ContentError(source, None, N_("{url} does not link back with hreflang"), values=values))
    return problems


def check_sitemap(built: BuiltFiles) -> list[ContentError]:
    """Every indexable page is in sitemap.xml, and every sitemap entry exists."""
    if "sitemap.xml" not in built.files:
        return [ContentError("sitemap.xml", None, N_("the file is missing"))]
    import xml.etree.ElementTree as ET  # only the check command reads the sitemap back
    try:
        root = ET.fromstring(built.files["sitemap.xml"])
    except ET.ParseError as exc:  # templates/sitemap.xml edited into something that is not XML
        return [ContentError("sitemap.xml", exc.position[0], N_("the file is not valid XML ({error})"),
                             N_("check templates/sitemap.xml"), (("error", str(exc)),))]
    listed = {loc.text or "" for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)}
    problems = [ContentError("sitemap.xml", None, N_("{url} does not exist"), values=(("url", url),))
                for url in sorted(listed) if built.url_to_path(url) not in built.paths]
    for source in built.html_paths():
        canonical = built.parsed(source).canonical
        if canonical and canonical not in listed and built.url_to_path(canonical) == source:
            problems.append(ContentError("sitemap.xml", None, N_("{url} is missing"), values=(("url", canonical),)))
    return problems


def check_duplicate_ids(site: Site, built: BuiltFiles, pages=None) -> list[ContentError]:
    """An id used twice on a page breaks links to it; most often a heading named like a section of the page.
    (On the given pages, else on all.)"""
    return [ContentError(page.source, None, N_("the id '{id}' is used twice on the page"),
                         N_("a heading gets its id from its text: rename the heading so it differs from the page's "
                            "sections"), (("id", name),))
            for page in (site.pages if pages is None else pages) if not page.fallback_from
            for name in built.parsed(page.output).duplicate_ids]


def check_page_links(site: Site, built: BuiltFiles, pages=None) -> list[ContentError]:
    """Every anchor an editor linked to exists on its page; named with the Markdown file and line.
    (From the given pages, else from all.)"""
    errors = []
    for page in site.pages if pages is None else pages:
        if page.fallback_from:
            continue
        for link in page.links:
            target = page if link.kind == "anchor" else site.page(page.lang, link.target) if link.kind == "page" else None
            if target and link.fragment and link.fragment not in built.parsed(target.output).ids:
                errors.append(ContentError(page.source, link.line, N_("there is no anchor #{anchor} on {page}"),
                                           N_("check the part after # against the headings' and sections' ids"),
                                           (("anchor", link.fragment), ("page", target.source))))
    return errors


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Balance(HTMLParser):
    """Tracks open elements to find unclosed, stray and mismatched tags, and duplicate ids."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.ids: set[str] = set()
        self.problems: list[tuple[int, str, tuple]] = []  # (line, message, its values)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value in self.ids:
                self.problems.append((self.getpos()[0], N_("duplicate id '{id}'"), (("id", value),)))
            elif name == "id":
                self.ids.add(value)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            line = self.getpos()[0]
            if self.stack:
                self.problems.append((line, N_("</{tag}> where </{open}> (opened on line {opened}) should close"),
                                      (("tag", tag), ("open", self.stack[-1][0]), ("opened", self.stack[-1][1]))))
            else:
                self.problems.append((line, N_("</{tag}> where nothing should close"), (("tag", tag),)))
            if any(open_tag == tag for open_tag, _ in self.stack):
                while self.stack and self.stack.pop()[0] != tag:
                    pass
            return
        self.stack.pop()


def check_well_formed(built: BuiltFiles) -> list[ContentError]:
    """Every HTML file starts with a doctype, closes what it opens, and uses each id once."""
    problems = []
    for path in built.html_paths():
        text = built.files[path].decode("utf-8")
        if not text.lstrip().lower().startswith("<!doctype html>"):
            problems.append(ContentError(path, 1, N_("the page does not start with <!DOCTYPE html>")))
        parser = _Balance()
        parser.feed(text)
        parser.close()
        problems += [ContentError(path, line, message, values=values) for line, message, values in parser.problems]
        problems += [ContentError(path, line, N_("<{tag}> is never closed"), values=(("tag", tag),))
                     for tag, line in parser.stack]
    return problems
