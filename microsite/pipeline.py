"""The build, start to finish: load, model, validate, render, write."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import load_config
from .errors import ContentError, raise_if_any
from .load import load_sources
from .model import Site, build_site
from .render import make_environments, render_site
from .validate import find_warnings, validate_site
from .write import write_site


@dataclass(frozen=True)
class Options:
    """How to build: where from, where to, and for which address."""

    root: Path
    out: Path
    base_url: str | None = None


@dataclass(frozen=True)
class Result:
    site: Site
    warnings: list[ContentError]


def build(options: Options) -> Result:
    """Build the site under options.root into options.out, or raise ContentErrors naming every problem."""
    root = options.root
    config = load_config(root / "content" / "site.yaml")
    if options.base_url:
        config = config.with_base_url(options.base_url)
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root)
    site = build_site(config, sources)
    raise_if_any(validate_site(site))
    files = render_site(site, make_environments(root / "templates", root / "i18n", config, root))
    write_site(files, static=root / "templates" / "static", out=options.out)
    return Result(site, find_warnings(site))
