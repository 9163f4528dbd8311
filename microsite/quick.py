"""The quick rebuild: when only the texts of existing pages changed, convert and render just those pages.

Editing a page's text is by far the commonest change, in the preview above all. It cannot move a page, rename
it or change the navigation: only the page itself shows its text, with its stand-ins in untranslated languages,
the news feeds (for a page under a listing) and the root pages (for a home page). So the last good build is
kept, and those few pages are made again with every check the full build makes on them. Anything else (front
matter, data, templates, catalogs, files added or removed, a template that shows another page's text) takes
the full, incremental path.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypedDict

from .built import (BuiltFiles, ParsedPage, check_duplicate_ids, check_links, check_page_links, check_scripts,
                    parse_html)
from .context import language_context, localized_data, page_context
from .errors import ContentError, ContentErrors, raise_if_any
from .hashing import digest
from .headers import CSP_META
from .i18n import UiCatalog
from .load import MarkdownDoc, ParsedFile, front_matter, load_markdown, read_doc
from .markup import Conversion, Link, MarkdownRenderer
from .model import HOME_KEY, Page, Site, content_hash, stand_in_body
from .options import Options
from .pipeline import Result, summarize, validate
from .render import (RENDER_ERRORS, TextWatchingEnvironment, make_environments, render_choosers, render_feeds,
                     template_error)
from .write import replace_files


@dataclass
class LastBuild:
    """What a quick rebuild needs of the last good build besides the cache's records."""

    site: Site
    catalogs: dict[str, UiCatalog]
    assets: dict[str, str]  # static file name: its fingerprinted output path
    files: frozenset[str]  # content/files/, as links see them
    parsed: dict[str, ParsedPage]  # every HTML output: what the link checks need of it
    paths: frozenset[str]  # every output file
    fronts: dict[str, str]  # every page file: a digest of its front matter
    readers: dict[str, frozenset[tuple[str, str]]]  # each output that shows other pages' texts: their (lang, key)

    @classmethod
    def of(cls, result: Result, files: Mapping[str, ParsedFile]) -> LastBuild:
        """The last build, as a full build (with the files it read) left it."""
        made, site = result.made, result.site
        assert made is not None and site is not None, "a full build's result holds its site and what it made"
        built = made.built
        editors_files = frozenset(path for path in made.loaded.assets.files if path.startswith("files/"))
        readers = {path: record.texts_used for path, record in made.rendered.records.items() if record.texts_used}
        return cls(site, made.loaded.catalogs, made.loaded.assets.paths, editors_files,
                   {path: built.parsed(path) for path in built.html_paths()}, frozenset(built.paths),
                   fronts_of(files), readers)

    def __getstate__(self) -> dict:
        """Saved without the pages' texts, but for those the feeds and the root pages may show (of pages in
        folders, and of home pages): a quick rebuild renders only those and the edited pages, whose texts it has."""
        site = self.site
        pages = tuple(page if page.parent_key or page.key == HOME_KEY else replace(page, body_html="")
                      for page in site.pages)
        return {**vars(self), "site": Site(site.config, pages, site.data, site.link_targets)}


def front_digest(doc: MarkdownDoc) -> str:
    return digest(doc.meta.data)


def fronts_of(files: Mapping[str, ParsedFile]) -> dict[str, str]:
    """The front matter digest of every page file among the parsed files."""
    return {shown: front_digest(doc) for shown, (_, doc) in files.items() if isinstance(doc, MarkdownDoc)}


@dataclass(frozen=True)
class QuickBuild:
    """What a quick rebuild made: its result, the last build as it now stands, the files it read and converted,
    and the environments it rendered with (still good while the templates and catalogs are as they were)."""

    result: Result
    last: LastBuild
    files: dict[str, ParsedFile]
    conversions: dict[str, Conversion]
    envs: dict[str, TextWatchingEnvironment]


def quick_rebuild(options: Options, last: LastBuild, changed: set[str], outputs_intact: Callable[[], bool],
                  envs: dict[str, TextWatchingEnvironment] | None, compiled: Path | dict[str, bytes] | None
                  ) -> QuickBuild | None:
    """Rebuild only the pages whose text changed (the changed input files), writing them in place; None if
    anything else changed or outputs_intact() says the output is not as the last build left it.

    envs are the last build's environments if this process has them. Raises ContentErrors, leaving the output
    as it was, if the new text has a problem.
    """
    read = _texts_only_changed(options, last, changed, outputs_intact)
    if read is None:
        return None
    docs = {shown: doc for shown, (_, doc) in read.items() if isinstance(doc, MarkdownDoc)}  # all: read as pages
    edited = {(page.lang, page.key) for page in last.site.pages if page.source in docs}
    if any(texts & edited for texts in last.readers.values()):
        return None  # another page shows one of these texts: the full build makes it again too
    originals = {page.source: page for page in last.site.pages if not page.fallback_from}
    site, conversions = _with_new_texts(last, docs, originals)
    warnings = validate(site, last.catalogs, options)
    remade = [page for page in site.pages if page.source in docs]
    # Templates and catalogs are as in the last good build: its environments, if this process made it, still hold.
    envs = envs or make_environments(options.root / "templates", site.config, last.catalogs, compiled)
    outputs = _render(options, envs, site, last, remade)
    if outputs is None:
        return None
    parsed = {**last.parsed, **{path: parse_html(content.decode("utf-8"))
                                for path, content in outputs.items() if path.endswith(".html")}}
    built = BuiltFiles({}, site.config.base_url, parsed=parsed, also=last.paths)
    raise_if_any(check_scripts(built, sorted(outputs)) + _check(site, built, last, remade))
    replace_files(options.out, outputs)
    kept = {path: "" for path in last.paths if path not in outputs}
    return QuickBuild(Result(summarize(site, warnings), site, list(outputs), kept),
                      replace(last, site=site, parsed=parsed), read, conversions, envs)


def _texts_only_changed(options: Options, last: LastBuild, changed: set[str], outputs_intact: Callable[[], bool]
                        ) -> dict[str, ParsedFile] | None:
    """The changed files read anew (with the digest of the bytes read), if they are all pages of the last build
    whose front matter is exactly as it was, and the output is still as that build left it (else None)."""
    sources = {page.source for page in last.site.pages}
    if not changed or not changed <= sources or not outputs_intact():
        return None
    docs: dict[str, ParsedFile] = {}
    for shown in sorted(changed):
        key, doc = read_doc([], load_markdown, options.root / shown, shown)
        if key is None or not isinstance(doc, MarkdownDoc) or last.fronts.get(shown) != front_digest(doc):
            return None  # a problem in the file is reported by the full build, with everything else
        docs[shown] = (key, doc)
    return docs


class _NewText(TypedDict):
    """The fields of a page that its text makes."""

    body_html: str
    links: tuple[Link, ...]
    source_hash: str


def _with_new_texts(last: LastBuild, docs: dict[str, MarkdownDoc], originals: dict[str, Page]
                    ) -> tuple[Site, dict[str, Conversion]]:
    """The last site with the changed pages' texts converted anew (and their stand-ins with them)."""
    site, conversions, renderers = last.site, {}, {}
    errors: list[ContentError] = []
    fields: dict[str, _NewText] = {}
    for shown, doc in docs.items():
        page = originals[shown]
        if page.lang not in renderers:  # one per language, as in the full build
            renderers[page.lang] = MarkdownRenderer(site.config.base_path, site.link_targets[page.lang], last.files)
        renderer = renderers[page.lang]
        html, links = renderer.convert(doc, page.key, errors)
        fields[shown] = {"body_html": html, "links": links, "source_hash": content_hash(front_matter(doc), doc.body)}
        conversions[shown] = renderer.remember(doc, page.key, html, links)
    raise_if_any(errors)
    pages = tuple(replace(page, **fields[page.source]) if page.source in fields else page for page in site.pages)
    origins = {(page.lang, page.key): page.fallback_from for page in pages if page.fallback_from}
    originals_now = {(page.lang, page.key): page for page in pages if not page.fallback_from}
    pages = tuple(replace(page, body_html=stand_in_body(originals_now[(page.fallback_from, page.key)], page.lang,
                                                        site.config.base_path, site.link_targets, origins))
                  if page.fallback_from and page.source in fields else page for page in pages)
    return Site(site.config, pages, site.data, site.link_targets), conversions


def _render(options: Options, envs: dict[str, TextWatchingEnvironment], site: Site, last: LastBuild, pages: list[Page]
            ) -> dict[str, bytes] | None:
    """The changed pages, the news feeds if a page under a listing is among them and the root pages if a home
    page is; None if one of the pages shows another page's text (which the last build's model, saved without
    texts, may lack)."""
    csp = None if options.preview else CSP_META
    shared, outputs = {}, {}
    try:
        for page in pages:
            address = (page.lang, page.content_lang)
            if address not in shared:
                shared[address] = language_context(site, page.lang, localized_data(site, page.content_lang, page.lang),
                                                   last.assets, csp)
            html, texts = envs[page.lang].render_watching(f"{page.template}.html", page,
                                                          page_context(site, page, shared[address]))
            if texts:
                return None
            outputs[page.output] = html.encode()
        if any(page.parent_key for page in pages):  # the feeds show the pages under a listing page, whole
            outputs.update(render_feeds(site, envs))
        if any(page.key == HOME_KEY for page in pages):  # the root pages show the home pages
            outputs.update(render_choosers(site, envs, lambda name: site.config.base_path + last.assets[name], csp))
    except RENDER_ERRORS as exc:
        raise ContentErrors([template_error(pages[0].source if len(pages) == 1 else None, exc)]) from exc
    return outputs


def _check(site: Site, built: BuiltFiles, last: LastBuild, remade: list[Page]) -> list[ContentError]:
    """The full build's checks of the pages made anew. Other pages' links can only have broken if an id they
    may link to has gone from one of these: then their links are checked again too."""
    vanished = any(last.parsed[page.output].ids - built.parsed(page.output).ids for page in remade)
    linking = None if vanished else remade
    sources = None if vanished else [page.output for page in remade]
    return check_duplicate_ids(site, built, remade) + (
        check_page_links(site, built, linking) or check_links(built, sources))
