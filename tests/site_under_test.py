"""The real site as the browser and validator tests see it: every page it builds, each with where its language
links must lead, and a copy of it built with planted defects."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from microsite.model import NOT_FOUND_KEY
from microsite.pipeline import Options, build, load_site
from microsite.render import ROOT_PAGES

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SitePage:
    """A built HTML page: its file, language, and where its language links must lead."""

    output: str
    lang: str
    key: str
    url_path: str
    switch: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.output

    @property
    def is_root(self) -> bool:
        """The language-neutral pages at the site root (the language chooser and the root 404)."""
        return self.output in ROOT_PAGES


def site_pages(root: Path = ROOT) -> list[SitePage]:
    """Every HTML page the build writes: each page in each language, then the root pages."""
    site, _ = load_site(Options(root=root, out=root / "dist"))
    config = site.config
    codes = [lang.code for lang in config.languages]
    pages = []
    for page in site.pages:
        others = [code for code in codes if code != page.lang]
        if page.key == NOT_FOUND_KEY:
            switch = {code: f"{code}/" for code in others}
        else:
            switch = {code: site.page(code, page.key).url_path for code in others if site.page(code, page.key)}
        pages.append(SitePage(page.output, page.lang, page.key, page.url_path, switch))
    default = config.default_language.code
    for output in ROOT_PAGES:
        url_path = "" if output == "index.html" else output
        pages.append(SitePage(output, default, output, url_path, {code: f"{code}/" for code in codes}))
    return pages


def build_copy(tmp: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """Build the real site with some source files edited (a planted defect) and return its output folder."""
    root = tmp / "planted"
    for part in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / part, root / part)
    for relative, edit in edits.items():
        path = root / relative
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        after = edit(before)
        assert after != before, f"the planted edit of {relative} no longer changes it: the template changed"
        path.write_text(after, encoding="utf-8")
    build(Options(root=root, out=root / "dist"))
    return root / "dist"
