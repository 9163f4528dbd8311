"""`python build.py status`: what each language still lacks, and stamping translations as current."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from .errors import WARNING, ContentError, ContentErrors, shown
from .i18n import template_messages
from .messages import N_, _, ngettext_, number
from .pipeline import Options, load_site
from .translation import LanguageStatus, source_of, stale_review, stamp, translation_status

TITLES = {"missing_pages": N_("missing pages"), "missing_fields": N_("missing texts in data files"),
          "missing_strings": N_("untranslated UI strings"), "fuzzy_strings": N_("fuzzy UI strings"),
          "outdated": N_("outdated translations")}


def print_status(root: Path, as_json: bool = False, strict: bool = False) -> int:
    """Print the translation status of every language; with strict, exit 1 if anything is missing or outdated."""
    site, catalogs = load_site(Options(root, root / "dist", drafts=True))
    status = translation_status(site, catalogs, template_messages(root / "templates"))
    notes = [n for n in [stale_review(site, datetime.date.today())] if n]
    if as_json:
        print(json.dumps(_as_json(site, status, notes), ensure_ascii=False, indent=2))
    else:
        for lang in site.config.languages:
            _print_language(lang, status[lang.code])
        for note in notes:
            print(note.as_line(WARNING))
    incomplete = any(s.all() for s in status.values())
    return 1 if strict and incomplete else 0


def _print_language(lang, status: LanguageStatus) -> None:
    entries = status.all()
    done = _("complete") if not entries else ngettext_("{count} to do", "{count} to do", len(entries))
    print(shown(f"{lang.name} ({lang.code}): {done}"))
    for section, title in TITLES.items():
        found = getattr(status, section)
        if found:
            print(f"  {_(title)} ({number(len(found))}):")
            for entry in found:
                print(f"    {entry}")


def _as_json(site, status: dict[str, LanguageStatus], notes: list[ContentError]) -> dict:
    def entry(error: ContentError) -> dict:
        message, hint = error.in_english()
        return {"path": str(error.path), "line": error.line, "message": message, "hint": hint}
    return {
        "languages": {code: {section: [entry(e) for e in getattr(s, section)] for section in TITLES}
                      for code, s in status.items()},
        "complete": not any(s.all() for s in status.values()),
        "warnings": [entry(n) for n in notes],
    }


def mark(root: Path, files: list[Path]) -> int:
    """Stamp each translation with the hash of its source's current text."""
    site, _catalogs = load_site(Options(root, root / "dist", drafts=True))
    by_source = {p.source: p for p in site.pages if not p.fallback_from}
    errors = []
    for file in files:
        shown = _shown(root, file)
        page = by_source.get(shown)
        source = source_of(site, page) if page else None
        if source is None:
            errors.append(ContentError(shown, None, N_("not a translated page"),
                                       N_("name a page file in another language than the first, such as "
                                          "content/en/themes.md")))
            continue
        stamp(root / shown, source.source_hash)
        print(f"{shown}: " + _("marked as translated from {source} ({stamp})", source=source.source,
                                 stamp=source.source_hash))
    if errors:
        raise ContentErrors(errors)
    return 0


def _shown(root: Path, file: Path) -> str:
    path = file if file.is_absolute() else Path.cwd() / file
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()
