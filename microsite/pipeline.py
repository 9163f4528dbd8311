"""The build, start to finish: load, model, validate, render, check, write."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import collect_assets
from .check import BuiltFiles, check_links, check_page_links
from .config import Config, load_config
from .errors import ContentError, ContentErrors, raise_if_any
from .headers import CSP_META
from .i18n import load_catalogs
from .load import load_sources
from .model import Site, build_site
from .render import make_environments, render_site
from .validate import check_data, validate_site
from .write import write_site


@dataclass(frozen=True)
class Options:
    """How to build: from which folder, to where, for which address, with drafts, strictly."""

    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    preview: bool = False


@dataclass(frozen=True)
class Result:
    site: Site
    warnings: list[ContentError]
    files: dict[str, bytes]


def load_site(options: Options) -> tuple[Site, dict]:
    """Read, model and check the site without rendering it: for `build` and `status`."""
    root = options.root
    config = read_config(options)
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root)
    errors = check_data(sources.data, config.languages)
    try:
        catalogs = load_catalogs(root / "i18n", config.languages, root)
        site = build_site(config, sources, drafts=options.drafts)
    except ContentErrors as exc:
        errors += exc.errors
    raise_if_any(errors)
    return site, catalogs


def read_config(options: Options) -> Config:
    config = load_config(options.root / "content" / "site.yaml")
    return config.with_base_url(options.base_url) if options.base_url else config


def render(options: Options) -> Result:
    """Build the whole site in memory, or raise ContentErrors naming every problem."""
    root = options.root
    site, catalogs = load_site(options)
    report = validate_site(site, catalogs, strict=options.strict)
    raise_if_any(report.errors)
    assets = collect_assets(root / "templates" / "static", root / "content" / "files")
    envs = make_environments(root / "templates", site.config, catalogs)
    files = {**render_site(site, envs, assets.paths, csp=None if options.preview else CSP_META), **assets.files}
    built = BuiltFiles(files, site.config.base_url)
    # An editor's broken anchor is named once, in the Markdown file; the built files are checked for the rest.
    raise_if_any(check_page_links(site, built) or check_links(built))
    return Result(site, report.warnings, files)


def build(options: Options) -> Result:
    """Build the site into options.out; nothing is written unless every check passed."""
    result = render(options)
    write_site(result.files, options.out)
    return result
