"""The site as values: pages with their URLs and HTML, data, and translation pairs."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .config import Config
from .errors import ContentError, ContentErrors
from .load import MarkdownDoc, Sources, YamlDoc
from .markup import MarkdownRenderer

HOME_KEY = "index"
NOT_FOUND_KEY = "404"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")
PAGE_KEYS = {"title": str, "nav_title": str, "description": str, "slug": str, "template": str, "nav": int, "lead": str}
REQUIRED_KEYS = ("title", "description")


@dataclass(frozen=True)
class Page:
    """One page in one language; `key` (its file name) pairs it with its translations."""

    key: str
    lang: str
    source: str
    title: str
    nav_title: str
    description: str
    template: str
    nav: int | None
    lead: str
    body_html: str
    url_path: str
    output: str

    @property
    def in_sitemap(self) -> bool:
        return self.key != NOT_FOUND_KEY


@dataclass(frozen=True)
class Site:
    """The whole site, complete and checked only by validate.py."""

    config: Config
    pages: tuple[Page, ...]
    data: dict[str, YamlDoc]

    def translations(self, page: Page) -> dict[str, Page]:
        """Return the page in every language that has it, by language code."""
        return {p.lang: p for p in self.pages if p.key == page.key}

    def pages_in(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]

    def page(self, lang: str, key: str) -> Page | None:
        return next((p for p in self.pages if p.lang == lang and p.key == key), None)


def page_location(lang: str, key: str, slug: str) -> tuple[str, str]:
    """Return (url_path, output file) relative to the site root; the one place URLs are decided."""
    if key == NOT_FOUND_KEY:
        return f"{lang}/404.html", f"{lang}/404.html"
    url_path = f"{lang}/{slug}/" if slug else f"{lang}/"
    return url_path, url_path + "index.html"


def build_site(config: Config, sources: Sources) -> Site:
    """Turn loaded sources into a Site, raising ContentErrors for malformed front matter."""
    errors: list[ContentError] = []
    urls: dict[str, dict[str, str]] = {}
    metas: list[tuple[str, str, MarkdownDoc, dict]] = []
    for lang in config.languages:
        urls[lang.code] = {}
        for key, doc in sources.pages.get(lang.code, {}).items():
            meta = read_front_matter(doc, key, errors)
            url_path, _ = page_location(lang.code, key, meta["slug"])
            urls[lang.code][key] = url_path
            metas.append((lang.code, key, doc, meta))
    if errors:
        raise ContentErrors(errors)
    pages = []
    for code, key, doc, meta in metas:
        renderer = MarkdownRenderer(config.base_path, urls[code])
        body_html = renderer.convert(doc, errors)
        url_path, output = page_location(code, key, meta["slug"])
        pages.append(Page(key, code, doc.path, meta["title"], meta["nav_title"], meta["description"], meta["template"],
                          meta["nav"], meta["lead"], body_html, url_path, output))
    if errors:
        raise ContentErrors(errors)
    return Site(config, tuple(pages), sources.data)


def read_front_matter(doc: MarkdownDoc, key: str, errors: list[ContentError]) -> dict[str, Any]:
    """Check a page's front matter and return it with defaults filled in."""
    meta = doc.meta
    for name, value in meta.data.items():
        expected = PAGE_KEYS.get(name)
        if expected is None:
            errors.append(ContentError(doc.path, meta.line_of(name), f"unknown key '{name}'",
                                       "known keys: " + ", ".join(PAGE_KEYS)))
        elif not isinstance(value, expected) or isinstance(value, bool):
            kind = "a whole number" if expected is int else "text"
            errors.append(ContentError(doc.path, meta.line_of(name), f"'{name}' must be {kind}"))
    for name in REQUIRED_KEYS:
        if not str(meta.data.get(name) or "").strip():
            errors.append(ContentError(doc.path, 2, f"the page has no {name}", f"add a line '{name}: …'"))
    slug = str(meta.data.get("slug") or "")
    if key == HOME_KEY and slug:
        errors.append(ContentError(doc.path, meta.line_of("slug"), "the home page has no slug", "remove the slug line"))
    elif key not in (HOME_KEY, NOT_FOUND_KEY) and not SLUG.match(slug):
        errors.append(ContentError(doc.path, meta.line_of("slug"), f"slug '{slug}' is not a safe address",
                                   "use lowercase a-z, digits and hyphens, for example slug: teemat"))
    title = str(meta.data.get("title", ""))
    return {"title": title, "nav_title": str(meta.data.get("nav_title") or title), "description": str(meta.data.get("description", "")),
            "slug": slug, "template": str(meta.data.get("template", "page")), "nav": meta.data.get("nav"),
            "lead": str(meta.data.get("lead", ""))}


def localize(value: Any, lang: str, codes: frozenset[str]) -> Any:
    """Replace every {fi: …, en: …} mapping in data with the text for lang."""
    if isinstance(value, dict):
        if value and set(value) <= codes:
            return value.get(lang)
        return {k: localize(v, lang, codes) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, lang, codes) for v in value]
    return value
