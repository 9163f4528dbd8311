"""Two built sites compared as a visitor sees them: pages added, removed and moved, and what changed on each page
(its words, title, description and navigation), per language. Pure: reads the two folders, writes nothing."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .pagetext import PageText, read_page

CONTEXT_WORDS = 6  # the words shown on each side of a change
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}(?=\.[A-Za-z0-9]+$)")  # static/style.<hash>.css


@dataclass(frozen=True)
class PageRef:
    """A built page: the language it is in ('' for the language-neutral pages at the site root), its key (the
    source file's name, shared by its translations), its address and its file."""

    lang: str
    key: str
    url_path: str
    output: str
    source: str = ""


@dataclass(frozen=True)
class WordChange:
    """One stretch of text where the words differ, as parts in reading order: ("same", words) around and between
    the changes, ("removed", words) and ("added", words). Changes closer than twice CONTEXT_WORDS are one stretch,
    so that each part is read in its real surroundings."""

    parts: tuple[tuple[str, str], ...]
    cut_before: bool = True  # the text goes on before the first part (so a reader is shown "…")
    cut_after: bool = True  # and after the last

    def _joined(self, kind: str) -> str:
        return " ".join(text for part, text in self.parts if part == kind)

    @property
    def removed(self) -> str:
        return self._joined("removed")

    @property
    def added(self) -> str:
        return self._joined("added")

    @property
    def before(self) -> str:
        """The unchanged words before the first change."""
        return self.parts[0][1] if self.parts and self.parts[0][0] == "same" else ""

    @property
    def after(self) -> str:
        """The unchanged words after the last change."""
        return self.parts[-1][1] if len(self.parts) > 1 and self.parts[-1][0] == "same" else ""


@dataclass(frozen=True)
class PageChange:
    """A page whose text a reader sees differently; old and new title and description where they differ."""

    page: PageRef
    old_url: str
    title: tuple[str, str] | None
    description: tuple[str, str] | None
    words: tuple[WordChange, ...]


@dataclass(frozen=True)
class NavChange:
    """The same change of navigation entries on several pages of a language."""

    removed: tuple[str, ...]
    added: tuple[str, ...]
    pages: tuple[PageRef, ...]


@dataclass(frozen=True)
class LanguageDiff:
    lang: str
    added: tuple[PageRef, ...] = ()
    removed: tuple[PageRef, ...] = ()
    moved: tuple[tuple[PageRef, PageRef], ...] = ()
    changed: tuple[PageChange, ...] = ()
    nav: tuple[NavChange, ...] = ()
    layout_only: tuple[PageRef, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.changed or self.nav or self.layout_only)


@dataclass(frozen=True)
class FileChanges:
    """The files that are not pages (feeds, sitemap, stylesheets, images), by name without fingerprint."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class SiteDiff:
    languages: tuple[LanguageDiff, ...]
    files: FileChanges

    @property
    def empty(self) -> bool:
        return self.files.empty and all(lang.empty for lang in self.languages)


def compare_sites(old: Path, old_pages: dict[str, PageRef], new: Path, new_pages: dict[str, PageRef],
                  languages: tuple[str, ...]) -> SiteDiff:
    """The difference between the site built in old and the one in new; pages are matched by language and key,
    so a page whose address changed is moved, not removed and added."""
    old_by_key = {(p.lang, p.key): p for p in old_pages.values()}
    new_by_key = {(p.lang, p.key): p for p in new_pages.values()}
    found = [lang for lang in languages] + sorted({p.lang for p in [*old_pages.values(), *new_pages.values()]}
                                                  - set(languages))
    diffs = tuple(_compare_language(lang, old, old_by_key, new, new_by_key) for lang in found)
    return SiteDiff(diffs, compare_files(old, set(old_pages), new, set(new_pages)))


def _compare_language(lang: str, old: Path, old_by_key: dict, new: Path, new_by_key: dict) -> LanguageDiff:
    keys_old = {key for (code, key) in old_by_key if code == lang}
    keys_new = {key for (code, key) in new_by_key if code == lang}
    added = tuple(new_by_key[(lang, k)] for k in sorted(keys_new - keys_old))
    removed = tuple(old_by_key[(lang, k)] for k in sorted(keys_old - keys_new))
    moved, changed, layout = [], [], []
    navs: dict[tuple[tuple[str, ...], tuple[str, ...]], list[PageRef]] = {}  # a change of the menu: its pages
    for key in sorted(keys_old & keys_new):
        before, after = old_by_key[(lang, key)], new_by_key[(lang, key)]
        if before.url_path != after.url_path:
            moved.append((before, after))
        old_bytes, new_bytes = (old / before.output).read_bytes(), (new / after.output).read_bytes()
        if old_bytes == new_bytes:
            continue
        was, now = read_page(old_bytes.decode("utf-8")), read_page(new_bytes.decode("utf-8"))
        change = compare_page(before, after, was, now)
        if change is not None:
            changed.append(change)
        if was.nav != now.nav:
            navs.setdefault(_nav_change(was.nav, now.nav), []).append(after)
        elif change is None and before.url_path == after.url_path:
            layout.append(after)
    nav = tuple(NavChange(removed_, added_, tuple(pages)) for (removed_, added_), pages in navs.items())
    return LanguageDiff(lang, added, removed, tuple(moved), tuple(changed), nav, tuple(layout))


def compare_page(before: PageRef, after: PageRef, was: PageText, now: PageText) -> PageChange | None:
    """What a reader sees changed on a page, apart from its navigation; None if nothing."""
    title = (was.title, now.title) if was.title != now.title else None
    description = (was.description, now.description) if was.description != now.description else None
    words = word_changes(was.words, now.words)
    if not (title or description or words):
        return None
    return PageChange(after, before.url_path, title, description, words)


def word_changes(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[WordChange, ...]:
    """The stretches where the words differ, each with a few words of context on either side (difflib's hunks)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return tuple(WordChange(tuple(part for opcode in group for part in _parts(opcode, old, new)),
                            cut_before=group[0][1] > 0 or group[0][3] > 0,
                            cut_after=group[-1][2] < len(old) or group[-1][4] < len(new))
                 for group in matcher.get_grouped_opcodes(CONTEXT_WORDS))


def _parts(opcode: tuple, old: tuple[str, ...], new: tuple[str, ...]) -> list[tuple[str, str]]:
    tag, i1, i2, j1, j2 = opcode
    if tag == "equal":
        return [("same", " ".join(old[i1:i2]))]
    return [(kind, " ".join(words)) for kind, words in (("removed", old[i1:i2]), ("added", new[j1:j2])) if words]


def _nav_change(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The entries removed and added (an entry renamed is one of each)."""
    removed = tuple(entry for entry in old if entry not in new)
    added = tuple(entry for entry in new if entry not in old)
    if not (removed or added):  # the same entries in another order
        return old, new
    return removed, added


def compare_files(old: Path, old_pages: set[str], new: Path, new_pages: set[str]) -> FileChanges:
    """The files besides the pages that were added, removed or changed, named without their fingerprints."""
    def others(folder: Path, pages: set[str]) -> dict[str, bytes]:
        found = {}
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and relative not in pages:
                found[FINGERPRINT.sub("", relative)] = path.read_bytes()
        return found
    was, now = others(old, old_pages), others(new, new_pages)
    return FileChanges(tuple(sorted(set(now) - set(was))), tuple(sorted(set(was) - set(now))),
                       tuple(sorted(name for name in set(was) & set(now) if was[name] != now[name])))
