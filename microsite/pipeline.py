"""The build, start to finish: load, model, validate, render, check, write.

Each stage is a function of its inputs and returns what it made. Reuse of earlier builds is not decided here:
the layer around the pipeline (rebuild.py) hands a build what it may reuse, as a Reuse, and keeps what it made.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .assets import Assets, collect_assets
from .built import (BuiltFiles, ParsedPage, check_duplicate_ids, check_links, check_page_links, check_scripts,
                    parse_html)
from .config import Config, load_config
from .confine import escaping_links
from .errors import ContentError, ContentErrors, raise_if_any
from .headers import CSP_META
from .i18n import UiCatalog, load_catalogs, template_messages
from .incremental import RenderRecord
from .load import ParsedFile, Sources, load_sources
from .markup import Conversion
from .model import Site, model_site
from .options import Options
from .render import Rendered, TextWatchingEnvironment, make_environments, render_site
from .summary import Summary
from .validate import check_data, validate_site
from .write import InPlace, Staging

__all__ = ["Options", "Result", "Reuse", "build", "load_site"]


@dataclass(frozen=True)
class Reuse:
    """What a build may take from earlier builds (by default nothing). Every part is only read."""

    files: Mapping[str, ParsedFile] | None = None  # input files as parsed, by shown path
    scanned: Callable[[str], str | None] | None = None  # an input file's digest, as this build's scan found it
    conversions: Mapping[str, Conversion] | None = None  # page bodies converted, by shown path
    renders: Mapping[str, RenderRecord] | None = None  # how each output was rendered, by output path
    parsed: Mapping[str, ParsedPage] = field(default_factory=dict)  # what the checks read of an output, by digest
    intact: Callable[[str], bool] = lambda output: False  # the output file is as the last build wrote it
    compiled: Path | dict[str, bytes] | None = None  # compiled templates: a folder, or the preview's memory
    in_place: dict[str, tuple[int, int]] | None = None  # the preview's files, replaced in place (see InPlace)


@dataclass(frozen=True)
class Loaded:
    """What the build read: settings, content, catalogs and static files, and the problems found in the data
    (reported together with the model's)."""

    config: Config
    sources: Sources
    catalogs: dict[str, UiCatalog]
    assets: Assets
    templates: frozenset[str]  # the page templates there are, by name
    problems: list[ContentError]


@dataclass(frozen=True)
class Made:
    """What a build made besides the site: all the next build may reuse."""

    loaded: Loaded
    conversions: dict[str, Conversion]
    envs: dict[str, TextWatchingEnvironment]
    rendered: Rendered
    built: BuiltFiles


@dataclass(frozen=True)
class Result:
    """A build's outcome: its summary, and (unless nothing needed doing) the site, the files written and the
    files kept as they were (by output path: their digest, where known)."""

    summary: Summary
    site: Site | None = None
    files: list[str] = field(default_factory=list)
    reused: dict[str, str] = field(default_factory=dict)
    made: Made | None = None  # of a full build: for the next build's reuse

    @property
    def warnings(self) -> list[ContentError]:
        return self.summary.warnings


def build(options: Options, reuse: Reuse = Reuse()) -> Result:
    """Build the site into options.out, swapped in only when every check passed; else raise ContentErrors."""
    loaded = load(options, reuse)
    site, conversions = model(loaded, options, reuse)
    warnings = validate(site, loaded.catalogs, options)
    with (InPlace(options.out, reuse.in_place) if options.preview else Staging(options.out)) as staging:
        envs, rendered, parsed = render(site, loaded, options, reuse, staging)
        built = check(site, rendered, parsed, loaded.assets, options.out, reuse)
        write(staging, loaded.assets, rendered)
    made = Made(loaded, conversions, envs, rendered, built)
    return Result(summarize(site, warnings), site, [*rendered.written, *loaded.assets.files], rendered.reused, made)


def load_site(options: Options) -> tuple[Site, dict[str, UiCatalog]]:
    """Read and model the site without rendering it: for `status`."""
    loaded = load(options, Reuse())
    return model(loaded, options, Reuse())[0], loaded.catalogs


def load(options: Options, reuse: Reuse) -> Loaded:
    """Read site.yaml, content/, the catalogs and the static files; a link leading out of the project stops it."""
    root = options.root
    raise_if_any(escaping_links(root))
    config = load_config(root / "content" / "site.yaml")
    config = config.with_base_url(options.base_url) if options.base_url else config
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root, reuse.files,
                           reuse.scanned)
    problems = check_data(sources.data, config.languages)
    try:
        catalogs = load_catalogs(root / "i18n", config.languages, root)
    except ContentErrors as exc:
        raise ContentErrors(problems + exc.errors) from exc
    assets = collect_assets(root / "templates" / "static", root / "content" / "files")
    templates = frozenset(path.stem for path in (root / "templates").glob("*.html"))
    return Loaded(config, sources, catalogs, assets, templates, problems)


def model(loaded: Loaded, options: Options, reuse: Reuse) -> tuple[Site, dict[str, Conversion]]:
    """The site's pages and data, and each page file's conversion; raise every problem found so far at once."""
    try:
        site, conversions = model_site(loaded.config, loaded.sources, options.drafts, reuse.conversions,
                                       loaded.templates)
    except ContentErrors as exc:
        raise ContentErrors(loaded.problems + exc.errors) from exc
    raise_if_any(loaded.problems)
    return site, conversions


def validate(site: Site, catalogs: dict[str, UiCatalog], options: Options) -> list[ContentError]:
    """The whole-site checks; raise the errors, return the warnings."""
    expected = template_messages(options.root / "templates") if options.strict else None
    report = validate_site(site, catalogs, strict=options.strict, expected=expected, publish=options.publish)
    raise_if_any(report.errors)
    return report.warnings


def render(site: Site, loaded: Loaded, options: Options, reuse: Reuse, staging: Staging | InPlace
           ) -> tuple[dict[str, TextWatchingEnvironment], Rendered, dict[str, ParsedPage]]:
    """Render every page into the staging folder (but those the reuse vouches for); return the environments,
    what was rendered, and what the checks need of each HTML file written."""
    templates = options.root / "templates"
    envs = make_environments(templates, site.config, loaded.catalogs, reuse.compiled)
    parsed: dict[str, ParsedPage] = {}

    def store(path: str, content: bytes) -> ParsedPage | None:
        """Write a file where it was rendered (a worker process, mostly), and read there what the checks need."""
        staging.write(path, content)
        return parse_html(content.decode("utf-8")) if path.endswith(".html") else None

    def keep(path: str, inspected: ParsedPage | None) -> None:
        if inspected is not None:
            parsed[path] = inspected

    rendered = render_site(site, envs, loaded.assets.paths, store, keep, csp=None if options.preview else CSP_META,
                           previous=reuse.renders, intact=reuse.intact,
                           templates=templates,
                           ui_digests={code: catalog.digest() for code, catalog in loaded.catalogs.items()})
    return envs, rendered, parsed


def check(site: Site, rendered: Rendered, parsed: dict[str, ParsedPage], assets: Assets, out: Path,
          reuse: Reuse) -> BuiltFiles:
    """Check ids and links across every file of the new site (the reused ones read as the last build left them)."""
    known = {path: reuse.parsed[digest] if digest in reuse.parsed else
             parse_html((out / path).read_text(encoding="utf-8")) for path, digest in rendered.reused.items()}
    built = BuiltFiles({}, site.config.base_url, parsed={**known, **parsed},
                       also={*rendered.written, *rendered.reused, *assets.files})
    # An editor's broken anchor is named once, in the Markdown file; the built files are checked for the rest.
    raise_if_any(check_scripts(built) + check_duplicate_ids(site, built) +
                 (check_page_links(site, built) or check_links(built)))
    return built


def write(staging: Staging | InPlace, assets: Assets, rendered: Rendered) -> None:
    """Add the static files and the pages kept from the last build, and swap the new site in."""
    for path, content in assets.files.items():
        staging.write(path, content)
    for path in rendered.reused:
        staging.keep(path)
    staging.commit()


def summarize(site: Site, warnings: list[ContentError]) -> Summary:
    pages = sum(1 for page in site.pages if not page.fallback_from)
    return Summary(pages, tuple(lang.code for lang in site.config.languages), warnings)
