"""Tiny sites for tests: `make_site(tmp_path, files={...})` writes one, `load_site(root)` models it,
`run_cli(monkeypatch, capsys, root, *args)` runs the command line on it.

The tiny site's templates, catalogs and settings are real files under tests/sitekit_files, laid out as
in a site; its pages are written here, so each test can vary them.

pytest's default "prepend" import mode puts tests/ on sys.path, so test modules use
`from sitekit import make_site`.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from microsite import cli, messages
from microsite.config import load_config
from microsite.errors import ContentErrors
from microsite.load import load_sources
from microsite.model import Site, build_site, content_hash

REPO = Path(__file__).resolve().parent.parent

KIT = Path(__file__).resolve().parent / "sitekit_files"
# The root 404 page and its language choice are laid out like the root page, so they share its templates.
SHARED_TEMPLATES = {"templates/root_404.html": "templates/root.html",
                    "templates/partials/root_404_choice.html": "templates/partials/root_choice.html"}


def kit_text(relative: str) -> str:
    """The text of one of the kit's own site files, tests/sitekit_files/<relative>."""
    return (KIT / relative).read_text(encoding="utf-8")


def kit_files() -> dict[str, str]:
    """Every file under tests/sitekit_files by its path in a site, with the templates the root 404 page shares."""
    files = {path.relative_to(KIT).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(KIT.rglob("*")) if path.is_file()}
    return files | {relative: files[shared] for relative, shared in SHARED_TEMPLATES.items()}


SITE_YAML = kit_text("content/site.yaml")
PAGE_HTML = kit_text("templates/page.html")
EN_PO = kit_text("i18n/en/LC_MESSAGES/messages.po")


def page_md(title: str, body: str = "Text.", **meta: object) -> str:
    """Return a Markdown page with front matter: title, a description, then meta in order."""
    lines = ["---", f"title: {title}", f"description: About {title}."]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines + ["---", body, ""])


def stamp_for(source_page: str) -> str:
    """The `translated_from` value (quoted) marking a translation as made from this text of its source page,
    as `python build.py status --mark` would write it."""
    _, front_matter, body = source_page.split("---\n", 2)
    return json.dumps(content_hash(yaml.safe_load(front_matter), body))


FI_INDEX = page_md("Etusivu", "Tervetuloa.")
FI_404 = page_md("Sivua ei löytynyt", "Sivua ei ole.")
FI_ACCESSIBILITY = page_md("Saavutettavuus", "Seloste.", slug="saavutettavuus")


def default_files() -> dict[str, str]:
    """The files of the smallest valid site: two languages, a home, a 404 page and an accessibility
    statement in each (the three pages every site needs), the English ones stamped as current translations."""
    return {
        **kit_files(),
        "content/fi/index.md": FI_INDEX,
        "content/fi/404.md": FI_404,
        "content/fi/accessibility.md": FI_ACCESSIBILITY,
        "content/en/index.md": page_md("Home", "Welcome.", translated_from=stamp_for(FI_INDEX)),
        "content/en/404.md": page_md("Page not found", "There is no such page.", translated_from=stamp_for(FI_404)),
        "content/en/accessibility.md": page_md("Accessibility", "Statement.", slug="accessibility",
                                               translated_from=stamp_for(FI_ACCESSIBILITY)),
    }


def make_site(tmp_path: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write a minimal valid site under tmp_path/site and return its root.

    `files` maps paths relative to the root to text or bytes (added or replacing a default
    file), or to None (the default file is left out). Templates and catalogs are the kit's own
    (tests/sitekit_files), so tests do not change when the real site's do.
    """
    root = tmp_path / "site"
    merged: dict[str, str | bytes | None] = {**default_files(), **(files or {})}
    for relative, content in merged.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load_site(root: Path, base_url: str | None = None, drafts: bool = False) -> Site:
    """Read and model the site under root (the pipeline before validation)."""
    config = load_config(root / "content" / "site.yaml")
    if base_url:
        config = config.with_base_url(base_url)
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root)
    return build_site(config, sources, drafts=drafts)


def run_cli(monkeypatch, capsys, root: Path, *args: str) -> tuple[int, str, str]:
    """Run the command line on the site at root; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(cli, "ROOT", root)
    monkeypatch.setitem(messages._current, "language", messages.current())  # the command's choice ends with the test
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def failed(count: int) -> str:
    """The command line's last line when a build fails with count problems."""
    return f"Build failed: {count} problem{'' if count == 1 else 's'}; the previous site was left as it was."


def error_lines(excinfo) -> list[str]:
    """Return the one-line forms of the errors in a pytest.raises(ContentErrors) result."""
    assert isinstance(excinfo.value, ContentErrors)
    return [str(error) for error in excinfo.value.errors]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
