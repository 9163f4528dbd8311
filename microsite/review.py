"""`python build.py review [BASE]`: build a git revision and the working tree, and compare the two sites."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .built import BuiltFiles
from .errors import ContentError, ContentErrors
from .gitrev import Revision, changed_paths, checkout, resolve
from .i18n import UiCatalog, template_messages
from .model import Site
from .pipeline import Options, build, load_site
from .render import ROOT_PAGES
from .sitediff import PageRef, SiteDiff, compare_sites
from .translation import LanguageStatus, translation_status
from .check import check_output

# A change here changes how pages are made, not what they say: the package, its entry point and its requirements,
# and any module beside build.py (which Python imports before the installed libraries of the same name).
GENERATOR = ("microsite/", "build.py", "pyproject.toml")


@dataclass(frozen=True)
class Side:
    """One built site: its pages by file (none if it did not build), its languages, its errors (the build's, or
    the checks' of the built files), warnings and translation status (lines by language and section)."""

    folder: Path
    built: bool
    pages: dict[str, PageRef] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # code: the language's own name
    errors: tuple[ContentError, ...] = ()
    warnings: tuple[ContentError, ...] = ()
    status: dict[str, dict[str, tuple[ContentError, ...]]] = field(default_factory=dict)
    base_path: str = "/"  # the path of the base URL, where the pages expect to be served


@dataclass(frozen=True)
class StatusChange:
    """A line of the translation status that appeared (a page became outdated or untranslated) or went away
    (a stand-in got its translation)."""

    lang: str
    section: str
    entry: ContentError
    appeared: bool


@dataclass(frozen=True)
class Review:
    base: Revision
    old: Side
    new: Side
    diff: SiteDiff | None  # None when either side did not build
    status: tuple[StatusChange, ...]
    warnings: tuple[tuple[ContentError, bool], ...]  # each with True if it appeared, False if it went away
    errors: tuple[tuple[ContentError, bool], ...]
    generator_changed: bool = False

    @property
    def unchanged(self) -> bool:
        return (self.diff is not None and self.diff.empty and not self.status and not self.warnings
                and not self.errors)


def make_review(root: Path, base_name: str | None, folder: Path, base_url: str | None = None) -> Review:
    """Build the revision (in a temporary worktree) and the working tree under folder, and compare them."""
    revision = resolve(root, base_name)
    with checkout(root, revision) as base_root:
        old = build_side(base_root, folder / "old", base_url)
    new = build_side(root, folder / "new", base_url)
    touched = changed_paths(root, revision.commit)
    return compare(revision, old, new, any(path.startswith(GENERATOR) or ("/" not in path and path.endswith(".py"))
                                           for path in touched))


def compare(revision: Revision, old: Side, new: Side, generator_changed: bool = False) -> Review:
    """The review of two built sides."""
    diff = None
    if old.built and new.built:
        diff = compare_sites(old.folder, old.pages, new.folder, new.pages, tuple(new.languages))
    status = status_changes(old, new)
    in_status = {identity(change.entry) for change in status}  # an outdated translation is a warning too: once
    # Only two built sites have warnings to compare: a side that did not build has none to tell.
    warnings = tuple((e, appeared) for e, appeared in changes(old.warnings, new.warnings)
                     if identity(e) not in in_status) if old.built and new.built else ()
    # A side that did not build has its errors told as such; the checks' problems are compared between built sides.
    errors = changes(old.errors if old.built else (), new.errors if new.built else ())
    return Review(revision, old, new, diff, status, warnings, errors, generator_changed)


def build_side(root: Path, out: Path, base_url: str | None) -> Side:
    """Build the site under root into out (no cache), and read what the review compares."""
    options = Options(root, out, base_url)
    try:
        result = build(options)
    except ContentErrors as exc:
        return Side(out, False, errors=tuple(exc.errors), status=read_status(options))
    site, made = result.site, result.made
    assert site is not None and made is not None  # a build that did not raise made its site
    status = status_of(site, made.loaded.catalogs, root)
    pages = {page.output: PageRef(page.lang, page.key, page.url_path, page.output, page.source)
             for page in site.pages}
    pages.update({output: PageRef("", output, "" if output == "index.html" else output, output)
                  for output in ROOT_PAGES})
    problems = check_output(BuiltFiles.from_folder(out, site.config.base_url))
    return Side(out, True, pages, {lang.code: lang.name for lang in site.config.languages}, tuple(problems),
                tuple(result.warnings), status, urlsplit(site.config.base_url).path or "/")


def read_status(options: Options) -> dict[str, dict[str, tuple[ContentError, ...]]]:
    """The translation status of a site that did not build; empty if it cannot even be read and modelled."""
    try:
        site, catalogs = load_site(options)
    except ContentErrors:
        return {}
    return status_of(site, catalogs, options.root)


def status_of(site: Site, catalogs: dict[str, UiCatalog], root: Path) -> dict[str, dict[str, tuple[ContentError, ...]]]:
    """The translation status by language and section."""
    found = translation_status(site, catalogs, template_messages(root / "templates"))
    return {code: {section: tuple(getattr(status, section)) for section in LanguageStatus.SECTIONS}
            for code, status in found.items()}


def identity(error: ContentError) -> tuple:
    """What makes two problems the same one on both sides: not the line, which moves as the file is edited."""
    return (str(error.path), error.message, error.values)


def changes(old: tuple[ContentError, ...], new: tuple[ContentError, ...]) -> tuple[tuple[ContentError, bool], ...]:
    """The problems only in new (True) and only in old (False)."""
    was, now = {identity(e) for e in old}, {identity(e) for e in new}
    return (tuple((e, True) for e in new if identity(e) not in was)
            + tuple((e, False) for e in old if identity(e) not in now))


def status_changes(old: Side, new: Side) -> tuple[StatusChange, ...]:
    """The lines of the translation status that appeared or went away, language by language."""
    found = []
    for lang in dict.fromkeys([*new.status, *old.status]):
        for section in LanguageStatus.SECTIONS:
            before = old.status.get(lang, {}).get(section, ())
            after = new.status.get(lang, {}).get(section, ())
            found += [StatusChange(lang, section, entry, appeared) for entry, appeared in changes(before, after)]
    return tuple(found)
