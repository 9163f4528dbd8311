"""The site as values: pages with their URLs and HTML, data, and translation pairs."""
from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from markupsafe import Markup

from . import schema
from .config import Config
from .errors import ContentError, ContentErrors
from .load import MarkdownDoc, Sources, YamlDoc, YamlValue, front_matter
from .markup import Conversion, Link, MarkdownRenderer, convert_all
from .messages import N_
from .standins import relinked

HOME_KEY = "index"
NOT_FOUND_KEY = "404"
LISTING_TEMPLATES = ("news_index",)  # a listing page is built only while it has published pages under it
TRANSLATABLE = ("title", "nav_title", "description", "lead")


@dataclass(frozen=True)
class Page:
    """One page in one language; `key` (its file path) pairs it with its translations.

    A fallback page stands in for a missing translation: it shows the content of the language
    `fallback_from` at this language's address, marked as not yet translated.
    """

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
    date: datetime.date | None = None
    draft: bool = False
    translated_from: str = ""
    source_hash: str = ""
    fallback_from: str | None = None
    links: tuple[Link, ...] = ()

    @property
    def in_sitemap(self) -> bool:
        return self.key != NOT_FOUND_KEY and self.fallback_from is None

    @property
    def content_lang(self) -> str:
        """The language the page's text is in."""
        return self.fallback_from or self.lang

    @property
    def parent_key(self) -> str | None:
        return self.key.rsplit("/", 1)[0] if "/" in self.key else None


@dataclass(frozen=True)
class Site:
    """The whole site, complete; checked by validate.py."""

    config: Config
    pages: tuple[Page, ...]
    data: dict[str, YamlDoc]
    # Every page an editor may link to, as {language: {key: URL path}} (an empty listing too, though unbuilt).
    link_targets: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def translations(self, page: Page) -> dict[str, Page]:
        """Return the page in every language that really has it (no fallbacks), by language code."""
        return self._versions.get(page.key, {})

    def pages_in(self, lang: str) -> list[Page]:
        return self._by_language.get(lang, [])

    def page(self, lang: str, key: str) -> Page | None:
        return self._by_address.get((lang, key))

    def children(self, page: Page) -> list[Page]:
        """The pages under this one (news posts under the news page), newest first."""
        found = self._children.get((page.lang, page.key), [])
        return sorted(found, key=lambda p: (p.date or datetime.date.min, p.key), reverse=True)

    # Indexes, built once on first use: lookups by key happen for every page rendered.
    @cached_property
    def _by_address(self) -> dict[tuple[str, str], Page]:
        return {(p.lang, p.key): p for p in self.pages}

    @cached_property
    def _by_language(self) -> dict[str, list[Page]]:
        return _group(self.pages, lambda p: p.lang)

    @cached_property
    def _versions(self) -> dict[str, dict[str, Page]]:
        return {key: {p.lang: p for p in pages} for key, pages in
                _group((p for p in self.pages if p.fallback_from is None), lambda p: p.key).items()}

    @cached_property
    def _children(self) -> dict[tuple[str, str], list[Page]]:
        return _group((p for p in self.pages if p.parent_key), lambda p: (p.lang, p.parent_key))


def _group(pages, key) -> dict:
    groups: dict = {}
    for page in pages:
        groups.setdefault(key(page), []).append(page)
    return groups


def page_location(lang: str, key: str, slug: str, parent_url: str | None = None) -> tuple[str, str]:
    """Return (url_path, output file) relative to the site root; the one place URLs are decided."""
    if key == NOT_FOUND_KEY:
        url_path = f"{lang}/404.html"
    else:
        base = parent_url if parent_url is not None else f"{lang}/"
        url_path = f"{base}{slug}/" if slug else base
    return url_path, output_path(url_path, key)


def content_hash(meta: dict, body: str) -> str:
    """A short hash of what a translator translates: the texts of the front matter and the body."""
    texts = {name: str(meta.get(name) or "") for name in TRANSLATABLE}
    digest = hashlib.sha256(json.dumps([texts, body.strip()], ensure_ascii=False).encode())
    return digest.hexdigest()[:12]


def build_site(config: Config, sources: Sources, drafts: bool = False) -> Site:
    """Turn loaded sources into a Site with fallbacks for missing translations (see model_site)."""
    return model_site(config, sources, drafts)[0]


def model_site(config: Config, sources: Sources, drafts: bool = False,
               previous: Mapping[str, Conversion] | None = None, templates: frozenset[str] | None = None
               ) -> tuple[Site, dict[str, Conversion]]:
    """The Site, and each page file's Markdown conversion (reusing those of previous still valid); templates,
    if given, are the names of the page templates there are (a page asking for another is an error).

    Raises ContentErrors naming every malformed page, after converting all of them to find every problem at once.
    """
    errors: list[ContentError] = []
    docs = _published(config, sources, drafts, errors)
    urls = _locate(config, docs, errors)
    stand_ins = _fallback_urls(config, docs, urls)
    pages = []
    targets = {lang.code: {k: u for (c, k), u in {**urls, **stand_ins}.items() if c == lang.code}
               for lang in config.languages}
    renderers = {code: MarkdownRenderer(config.base_path, urls_by_key, sources.files)
                 for code, urls_by_key in targets.items()}
    located = [address for address in docs if address in urls]
    converted = convert_all([(renderers[code], docs[(code, key)][0], key) for code, key in located],
                            previous or {}, errors)
    conversions = {docs[address][0].path: conversion for address, conversion in zip(located, converted) if conversion}
    for (code, key), conversion in zip(located, converted):
        doc, meta = docs[(code, key)]
        in_listing = _in_listing(docs, code, key)
        template = meta.get("template") or ("news" if in_listing else "page")
        errors += _template_problems(doc, meta, template, in_listing, templates)
        if conversion is None:
            continue
        url_path, output = urls[(code, key)], output_path(urls[(code, key)], key)
        pages.append(Page(key, code, doc.path, meta.get("title"), meta.get("nav_title") or meta.get("title"),
                          meta.get("description"), template, meta.get("nav"), meta.get("lead") or "",
                          conversion.html, url_path, output, meta.get("date"), bool(meta.get("draft")),
                          meta.get("translated_from") or "", content_hash(meta, doc.body), None, conversion.links))
    if errors:
        raise ContentErrors(errors)
    pages = _drop_empty_listings(pages)
    return Site(config, tuple(pages) + tuple(_fallbacks(config, pages, stand_ins, targets)), sources.data,
                targets), conversions


def _template_problems(doc: MarkdownDoc, meta: dict, template: str, in_listing: bool,
                       templates: frozenset[str] | None) -> list[ContentError]:
    """A template that does not exist, and a news post (a page among the news, whatever its template) without
    the date the feed needs."""
    problems = []
    if templates is not None and template not in templates:
        problems.append(ContentError(doc.path, doc.meta.line_of("template"), N_("there is no template '{name}'"),
                                     N_("use one of the templates in templates/, such as template: page"),
                                     (("name", f"{template}.html"),)))
    if (template == "news" or in_listing) and not meta.get("date"):
        problems.append(ContentError(doc.path, doc.meta.line_of(), N_("a news post needs a date"),
                                     N_("add a line such as 'date: 2026-11-29'")))
    return problems


def _published(config: Config, sources: Sources, drafts: bool, errors: list) -> dict[tuple[str, str], tuple]:
    """Every page's checked front matter, by (language, key); drafts only when asked for."""
    docs = {}
    for lang in config.languages:
        for key, doc in sources.pages.get(lang.code, {}).items():
            meta = read_front_matter(doc, key, errors)
            if drafts or not meta.get("draft"):
                docs[(lang.code, key)] = (doc, meta)
    return docs


def _in_listing(docs: dict, code: str, key: str) -> bool:
    parent = docs.get((code, key.rsplit("/", 1)[0])) if "/" in key else None
    return parent is not None and parent[1].get("template") in LISTING_TEMPLATES


def _locate(config: Config, docs: dict, errors: list) -> dict[tuple[str, str], str]:
    """Each page's URL path; pages in a folder live under the page of that folder's name."""
    urls: dict[tuple[str, str], str] = {}
    for (code, key), (doc, meta) in sorted(docs.items(), key=lambda item: item[0][1].count("/")):
        parent = key.rsplit("/", 1)[0] if "/" in key else None
        if parent is not None and (code, parent) not in urls:
            errors.append(ContentError(doc.path, None, N_("there is no page {page} for the folder {folder}/"),
                                       N_("add {file}"), (("page", f"{parent}.md"), ("folder", parent),
                                                          ("file", f"content/{code}/{parent}.md"))))
            continue
        parent_url = urls.get((code, parent)) if parent is not None else None
        urls[(code, key)] = page_location(code, key, meta.get("slug") or "", parent_url)[0]
    return urls


def output_path(url_path: str, key: str) -> str:
    """The file a page's address is served from: the 404 page is a file of its own, others an index.html."""
    return url_path if key == NOT_FOUND_KEY else url_path + "index.html"


def _drop_empty_listings(pages: list[Page]) -> list[Page]:
    keys_with_children = {p.parent_key for p in pages}
    return [p for p in pages if p.template not in LISTING_TEMPLATES or p.key in keys_with_children]


def _fallback_urls(config: Config, docs: dict, urls: dict) -> dict[tuple[str, str], str]:
    """The address of each missing translation's stand-in: the original's slug, under this language's parent."""
    stand_ins: dict[tuple[str, str], str] = {}
    keys = sorted({key for (_, key) in urls}, key=lambda k: (k.count("/"), k))
    for key in keys:
        original = next(lang.code for lang in config.languages if (lang.code, key) in urls)
        slug = docs[(original, key)][1].get("slug") or ""
        parent = key.rsplit("/", 1)[0] if "/" in key else None
        for lang in config.languages:
            if (lang.code, key) not in urls:
                parent_url = urls.get((lang.code, parent)) or stand_ins.get((lang.code, parent)) if parent else None
                stand_ins[(lang.code, key)] = page_location(lang.code, key, slug, parent_url)[0]
    return stand_ins


def _fallbacks(config: Config, pages: list[Page], stand_ins: dict, targets: dict[str, dict[str, str]]) -> list[Page]:
    """A stand-in page for each missing translation, showing the original, so no link leads to a 404."""
    present = {(page.lang, page.key) for page in pages}
    firsts: dict[str, Page] = {}
    for lang in reversed(config.languages):
        firsts.update({page.key: page for page in pages if page.lang == lang.code})
    origins = {(code, key): firsts[key].lang for (code, key) in stand_ins if key in firsts}
    return [replace(firsts[key], lang=code, url_path=url, output=output_path(url, key), fallback_from=firsts[key].lang,
                    body_html=stand_in_body(firsts[key], code, config.base_path, targets, origins))
            for (code, key), url in sorted(stand_ins.items()) if key in firsts and (code, key) not in present]


def stand_in_body(original: Page, code: str, base_path: str, targets: dict[str, dict[str, str]],
                  origins: dict[tuple[str, str], str]) -> str:
    """The original's body for its stand-in in language code, its page links leading on in that language.
    origins: (language, key) -> the original language of each stand-in."""
    same_text = {key for (lang, key), origin in origins.items() if lang == code and origin == original.lang}
    return relinked(original.body_html, original.links, base_path, targets[original.lang], targets[code], same_text)


def read_front_matter(doc: MarkdownDoc, key: str, errors: list[ContentError]) -> dict[str, YamlValue]:
    """Check a page's front matter against the page schema and return it."""
    findings = schema.Findings()
    schema.check(doc.meta, schema.PAGE, [], findings)
    errors += findings.errors
    meta = front_matter(doc)
    if key == HOME_KEY and meta.get("slug"):
        errors.append(ContentError(doc.path, doc.meta.line_of("slug"), N_("the home page cannot have a slug"),
                                   N_("remove the slug line: its address is the language's root")))
    elif key not in (HOME_KEY, NOT_FOUND_KEY) and "slug" not in meta:
        errors.append(ContentError(doc.path, doc.meta.line_of(), N_("the page has no slug"),
                                   N_("add a line 'slug: …' with its address")))
    if "/" in key and meta.get("template") in LISTING_TEMPLATES:
        errors.append(ContentError(doc.path, doc.meta.line_of("template"),
                                   N_("a listing page cannot be inside a folder")))
    return meta


def localize(value: YamlValue, lang: str, languages: list, spec: schema.Field | None = None,
             address_lang: str | None = None) -> YamlValue:
    """Replace every {fi: …, en: …} mapping with the text for lang; a missing text falls back, marked with its lang.
    Slugs (anchors such as a theme's id) are those of address_lang, the language of the page's address: a stand-in
    shows another language's text, but the links of its own language lead to its anchors."""
    codes = {language.code for language in languages}
    if isinstance(value, dict) and value and set(value) <= codes:
        if spec is not None and spec.kind == "slugs" and value.get(address_lang or lang):
            return value[address_lang or lang]
        if value.get(lang):
            return value[lang]
        code, text = next(((c.code, value[c.code]) for c in languages if value.get(c.code)), (lang, ""))
        if not text:
            return ""  # unset in every language
        if spec is not None and spec.kind in ("slugs", "urls"):  # an address is not marked up
            return text
        return Markup('<span lang="{}">{}</span>').format(code, text)
    if isinstance(value, dict):
        fields = spec.fields if spec is not None and spec.kind == "map" else {}
        return {k: localize(v, lang, languages, fields.get(k), address_lang) for k, v in value.items()}
    if isinstance(value, list):
        item = spec.item if spec is not None and spec.kind == "list" else None
        return [localize(v, lang, languages, item, address_lang) for v in value]
    return value
