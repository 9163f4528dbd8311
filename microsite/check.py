"""Checks of a built site on disk: internal links and anchors, hreflang pairs, the sitemap."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass
class ParsedPage:
    """What the checks need from one HTML file."""

    lang: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)
    alternates: dict[str, str] = field(default_factory=dict)
    canonical: str = ""


class _PageParser(HTMLParser):
    def __init__(self, page: ParsedPage):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.page.lang = attributes.get("lang") or ""
        if attributes.get("id"):
            self.page.ids.add(attributes["id"])
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.page.alternates[attributes["hreflang"]] = attributes.get("href") or ""
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.page.canonical = attributes.get("href") or ""
        elif tag in ("a", "link", "img", "script", "source", "iframe"):
            for name in ("href", "src"):
                if attributes.get(name):
                    self.page.links.append((self.getpos()[0], attributes[name]))


@cache
def parse_page(path: Path) -> ParsedPage:
    """Parse one built HTML file (cached: the site does not change during a check)."""
    page = ParsedPage()
    _PageParser(page).feed(path.read_text(encoding="utf-8"))
    return page


def resolve(root: Path, base_path: str, source: Path, url: str) -> Path | None:
    """Return the file an internal URL points to (which may not exist), or None for an external URL."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return source
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return root / "__outside_base_path__"
        target = root / unquote(parts.path[len(base_path):])
    else:
        target = source.parent / unquote(parts.path)
    return target / "index.html" if parts.path.endswith("/") or target.is_dir() else target


def check_links(root: Path, base_path: str) -> list[str]:
    """Return a line for every internal link or anchor in root's HTML that leads nowhere."""
    problems = []
    for source in sorted(root.rglob("*.html")):
        for line, url in parse_page(source).links:
            target = resolve(root, base_path, source, url)
            where = f"{source.relative_to(root).as_posix()}:{line}"
            fragment = urlsplit(url).fragment
            if target is None:
                continue
            if not target.resolve().is_file() or root.resolve() not in target.resolve().parents:
                problems.append(f"{where}: broken link {url}")
            elif fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
                problems.append(f"{where}: missing anchor {url}")
    return problems


def url_to_file(root: Path, base_url: str, url: str) -> Path | None:
    """Map an absolute URL of this site to its file, or None if it is not under base_url."""
    if not url.startswith(base_url):
        return None
    relative = url[len(base_url):]
    return root / (relative + "index.html" if relative.endswith("/") or not relative else relative)


def check_alternates(root: Path, base_url: str) -> list[str]:
    """Every hreflang target exists, has that <html lang>, and names the page back."""
    problems = []
    for source in sorted(root.rglob("*.html")):
        page = parse_page(source)
        own = source.relative_to(root).as_posix()
        for hreflang, url in page.alternates.items():
            target = url_to_file(root, base_url, url)
            if target is None or not target.is_file():
                problems.append(f"{own}: hreflang {hreflang} leads nowhere: {url}")
                continue
            other = parse_page(target)
            if hreflang != "x-default" and other.lang != hreflang:
                problems.append(f"{own}: hreflang {hreflang} leads to a page in '{other.lang}': {url}")
            if hreflang != "x-default" and page.canonical and page.canonical not in other.alternates.values():
                problems.append(f"{own}: {url} does not link back with hreflang")
    return problems


def check_sitemap(root: Path, base_url: str) -> list[str]:
    """Every indexable page is in sitemap.xml, and every sitemap entry exists."""
    tree = ET.parse(root / "sitemap.xml")
    listed = {loc.text for loc in tree.getroot().iterfind("s:url/s:loc", SITEMAP_NS)}
    problems = [f"sitemap.xml: {url} does not exist" for url in sorted(listed)
                if not (url_to_file(root, base_url, url) or root / "__none__").is_file()]
    for source in sorted(root.rglob("*.html")):
        page = parse_page(source)
        if page.canonical and page.canonical not in listed:
            problems.append(f"sitemap.xml: {page.canonical} is missing")
    return problems
