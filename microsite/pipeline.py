"""The build, start to finish: load, model, validate, render, check, write."""
from __future__ import annotations

from dataclasses import dataclass, field

from .assets import collect_assets
from .cache import BuildCache, Summary, cache_file, save_cache, up_to_date
from .check import BuiltFiles, check_duplicate_ids, check_links, check_page_links
from .config import Config, load_config
from .errors import ContentError, ContentErrors, raise_if_any
from .headers import CSP_META
from .i18n import load_catalogs, template_messages
from .load import load_sources
from .model import Site, build_site
from .options import Options
from .render import make_environments, render_site
from .validate import check_data, validate_site
from .write import write_site

__all__ = ["Options", "Result", "build", "load_site", "render"]


@dataclass(frozen=True)
class Result:
    """A build's outcome: its summary, and (unless nothing needed doing) the site and the files made."""

    summary: Summary
    site: Site | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    reused: dict[str, str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[ContentError]:
        return self.summary.warnings


def load_site(options: Options, cache: BuildCache | None = None) -> tuple[Site, dict]:
    """Read, model and check the site without rendering it: for `build` and `status`."""
    root = options.root
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


def render(options: Options, cache: BuildCache | None = None) -> Result:
    """Build the whole site in memory (reusing what the cache still vouches for), or raise ContentErrors."""
    root = options.root
    site, catalogs = load_site(options, cache)
    expected = template_messages(root / "templates") if options.strict else None
    report = validate_site(site, catalogs, strict=options.strict, expected=expected)
    raise_if_any(report.errors)
    assets = collect_assets(root / "templates" / "static", root / "content" / "files")
    compiled = options.cache_dir / "templates" if options.cache_dir is not None else None
    envs = make_environments(root / "templates", site.config, catalogs, compiled)
    still_there = (lambda output, digest: cache.output_unchanged(options.out, output)) if cache else None
    rendered = render_site(site, envs, assets.paths, csp=None if options.preview else CSP_META,
                           previous=cache.renders if cache else None, still_there=still_there or (lambda *_: False),
                           templates=root / "templates",
                           ui_digests={code: catalog.digest() for code, catalog in catalogs.items()})
    files = {**rendered.files, **assets.files}
    known = {path: cache.parsed[digest] for path, digest in rendered.reused.items() if cache and digest in cache.parsed}
    built = BuiltFiles(files, site.config.base_url, parsed=known, also=set(rendered.reused))
    # An editor's broken anchor is named once, in the Markdown file; the built files are checked for the rest.
    raise_if_any(check_duplicate_ids(site, built) + (check_page_links(site, built) or check_links(built)))
    if cache is not None:
        cache.renders = rendered.records
        cache.parsed = {record.output: built.parsed(path) for path, record in rendered.records.items()}
    pages = sum(1 for page in site.pages if not page.fallback_from)
    return Result(Summary(pages, len(site.config.languages), report.warnings), site, files, rendered.reused)


def build(options: Options, cache: BuildCache | None = None, inputs: str = "") -> Result:
    """Build the site into options.out; nothing is written unless every check passed.

    With options.cache_dir (or a cache kept in memory by the preview), only what changed is done again;
    inputs is the digest of the input files when the caller has already checked them (see cache.up_to_date).
    """
    if cache is None and options.cache_dir is not None:
        cache, inputs, summary = up_to_date(options)
        if summary is not None:
            return Result(summary)
    result = render(options, cache)
    write_site(result.files, options.out, reuse=result.reused)
    if cache is not None:
        cache.record_written(options.out, [*result.files, *result.reused])
        cache.summary = result.summary
        if options.cache_dir is not None:
            cache.inputs = inputs
            save_cache(cache_file(options.cache_dir, options.out, options.settings), cache)
    return result
