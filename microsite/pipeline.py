"""The build, start to finish: load, model, validate, render, check, write."""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from .assets import collect_assets
from .cache import BuildCache, Summary, cache_file, load_part, save_cache, up_to_date
from .check import BuiltFiles, ParsedPage, check_duplicate_ids, check_links, check_page_links, parse_html
from .config import Config, load_config
from .confine import escaping_links
from .errors import ContentError, ContentErrors, raise_if_any
from .headers import CSP_META
from .i18n import load_catalogs, template_messages
from .load import load_sources
from .messages import N_
from .model import Site, build_site
from .options import Options
from .quick import LastBuild, fronts_of, quick_rebuild
from .render import compiled_templates, make_environments, render_site
from .validate import check_data, validate_site
from .write import InPlace, Staging

__all__ = ["Options", "Result", "build", "load_site", "render_into"]


@dataclass(frozen=True)
class Result:
    """A build's outcome: its summary, and (unless nothing needed doing) the site and the files made."""

    summary: Summary
    site: Site | None = None
    files: list[str] = field(default_factory=list)  # the paths written by this build
    reused: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[ContentError]:
        return self.summary.warnings


def load_site(options: Options, cache: BuildCache | None = None) -> tuple[Site, dict]:
    """Read, model and check the site without rendering it: for `build` and `status`."""
    root = options.root
    raise_if_any(escaping_links(root))
    config = read_config(options)
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root, cache)
    errors = check_data(sources.data, config.languages)
    try:
        catalogs = load_catalogs(root / "i18n", config.languages, root)
        conversions = None
        if cache is not None:
            conversions = {path: c for path, c in cache.conversions.items() if path in cache.docs}
            cache.conversions = conversions
        site = build_site(config, sources, drafts=options.drafts, conversions=conversions)
    except ContentErrors as exc:
        errors += exc.errors
    raise_if_any(errors)
    return site, catalogs


def read_config(options: Options) -> Config:
    config = load_config(options.root / "content" / "site.yaml")
    return config.with_base_url(options.base_url) if options.base_url else config


def render_into(staging: Staging | InPlace, options: Options, cache: BuildCache | None = None) -> Result:
    """Build the whole site into the staging folder (reusing what the cache still vouches for), or raise
    ContentErrors; the staging folder is swapped in only by the caller, after this returned."""
    root = options.root
    site, catalogs = load_site(options, cache)
    expected = template_messages(root / "templates") if options.strict else None
    report = validate_site(site, catalogs, strict=options.strict, expected=expected, publish=options.publish)
    raise_if_any(report.errors)
    assets = collect_assets(root / "templates" / "static", root / "content" / "files")
    envs = make_environments(root / "templates", site.config, catalogs, compiled_templates(options, cache))
    parsed: dict[str, ParsedPage] = {}

    def store(path: str, content: bytes) -> ParsedPage | None:
        """Write a file where it was rendered, and read there all the checks below need of it."""
        staging.write(path, content)
        return parse_html(content.decode("utf-8")) if path.endswith(".html") else None

    def keep(path: str, inspected: ParsedPage | None) -> None:
        if inspected is not None:
            parsed[path] = inspected

    still_there = (lambda output, digest: cache.output_unchanged(options.out, output)) if cache else None
    rendered = render_site(site, envs, assets.paths, store, keep, csp=None if options.preview else CSP_META,
                           previous=cache.renders if cache else None, still_there=still_there or (lambda *_: False),
                           templates=root / "templates",
                           ui_digests={code: catalog.digest() for code, catalog in catalogs.items()})
    for path, content in assets.files.items():
        staging.write(path, content)
    known = {path: cache.parsed[digest] if digest in cache.parsed else
             parse_html((options.out / path).read_text(encoding="utf-8")) for path, digest in rendered.reused.items()}
    built = BuiltFiles({}, site.config.base_url, parsed={**known, **parsed},
                       also={*rendered.written, *rendered.reused, *assets.files})
    # An editor's broken anchor is named once, in the Markdown file; the built files are checked for the rest.
    raise_if_any(check_duplicate_ids(site, built) + (check_page_links(site, built) or check_links(built)))
    for path in rendered.reused:
        staging.keep(path)
    if cache is not None:
        cache.renders = rendered.records
        cache.parsed = {record.output: built.parsed(path) for path, record in rendered.records.items()}
        editors_files = frozenset(path for path in assets.files if path.startswith("files/"))
        readers = {path: record.texts_used for path, record in rendered.records.items() if record.texts_used}
        cache.last = LastBuild(site, catalogs, assets.paths, editors_files,
                               {path: built.parsed(path) for path in built.html_paths()}, frozenset(built.paths),
                               fronts_of(cache.docs), readers)
        cache.environments = envs
    pages = sum(1 for page in site.pages if not page.fallback_from)
    written = [*rendered.written, *assets.files]
    codes = tuple(lang.code for lang in site.config.languages)
    return Result(Summary(pages, codes, report.warnings), site, written, rendered.reused)


def build(options: Options, cache: BuildCache | None = None, inputs: str = "") -> Result:
    """Build the site into options.out; it is swapped in only when every check passed.

    With options.cache_dir (or a cache kept in memory by the preview), only what changed is done again;
    inputs is the digest of the input files when the caller has already checked them (see cache.up_to_date).
    """
    if cache is None and options.cache_dir is not None:
        cache, inputs, summary = up_to_date(options)
        if summary is not None:
            return Result(summary)
    elif cache is not None and not inputs:  # the preview's cache in memory: stamp the inputs anew
        inputs = cache.scan(options.root, options.settings)
    if cache is not None:
        raise_if_any(escaping_links(options.root))  # before the quick rebuild reads a changed file
        load_part(cache, "last")
    quick = quick_rebuild(options, cache) if cache is not None else None
    if quick is not None:
        summary, site, outputs = quick
        result = Result(summary, site, list(outputs), {path: "" for path in cache.last.paths if path not in outputs})
    else:
        result = _full_build(options, cache)
    if cache is not None:
        cache.changed = set()
        cache.summary = result.summary
        if options.cache_dir is not None:
            cache.inputs = inputs
            _save(cache, options, rest=quick is None, warnings=result.summary.warnings)
    return result


def _save(cache: BuildCache, options: Options, rest: bool, warnings: list[ContentError]) -> None:
    """Save the cache; the site is already in place, so a failure is a warning (the next build redoes all)."""
    try:
        save_cache(cache_file(options.cache_dir, options.out, options.settings), cache, rest=rest)
    except OSError as exc:
        warnings.append(ContentError(options.cache_dir.name + "/", None,
                                     N_("the build cache could not be saved ({error})"),
                                     N_("the site is built; the next build will take longer"),
                                     (("error", exc.strerror),)))


def _full_build(options: Options, cache: BuildCache | None) -> Result:
    """The whole site into a new folder swapped in at the end (the preview's: its changed files replaced in
    place), reusing what the cache still vouches for."""
    if cache is not None:
        gc.unfreeze()  # most of what the cache holds is replaced: let the old be collected
        cache.last = None  # made anew by this build: let it go before the rest is read
        load_part(cache, "rest")
    previous = cache.written if cache is not None and cache.written else None  # the files out holds
    staging = InPlace(options.out, previous) if options.preview else Staging(options.out)
    with staging:
        result = render_into(staging, options, cache)
        staging.commit()
    if cache is not None:
        cache.record_written(options.out, [*result.files, *result.reused])
    if cache is not None and options.cache_dir is None:
        # A cache kept in memory (the preview's) is long-lived: spare it the collector's walks until the next
        # full build. Only here, as quick rebuilds would freeze their uncollected garbage too.
        gc.freeze()
    return result
