"""Translation status per language: missing pages, texts and UI strings, and outdated translations."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .errors import ContentError
from .i18n import UiCatalog
from .messages import N_
from .model import Page, Site

STAMP_KEY = "translated_from"


@dataclass
class LanguageStatus:
    """What a language still lacks; every entry is one line naming a file."""

    code: str
    missing_pages: list[ContentError] = field(default_factory=list)
    missing_fields: list[ContentError] = field(default_factory=list)
    missing_strings: list[ContentError] = field(default_factory=list)
    fuzzy_strings: list[ContentError] = field(default_factory=list)
    outdated: list[ContentError] = field(default_factory=list)

    SECTIONS = ("missing_pages", "missing_fields", "missing_strings", "fuzzy_strings", "outdated")

    def all(self) -> list[ContentError]:
        return [entry for section in self.SECTIONS for entry in getattr(self, section)]


def translation_status(site: Site, catalogs: dict[str, UiCatalog], expected: set[str] | None = None
                       ) -> dict[str, LanguageStatus]:
    """Return the status of every configured language, in configured order; expected: the templates' UI strings."""
    status = {lang.code: LanguageStatus(lang.code) for lang in site.config.languages}
    for page in site.pages:
        if page.fallback_from:
            original = site.translations(page)[page.fallback_from]
            status[page.lang].missing_pages.append(ContentError(
                f"content/{page.lang}/{page.key}.md", None, N_("the page is not translated yet"),
                N_("translate {source}; until then visitors see it in its original language"),
                (("source", original.source),)))
    for name, doc in sorted(site.data.items()):
        findings = schema.Findings()
        if name in schema.DATA:
            schema.check(doc, schema.DATA[name], list(site.config.languages), findings)
        for code, error in findings.missing:
            status[code].missing_fields.append(error)
    for code, catalog in catalogs.items():
        status[code].missing_strings, status[code].fuzzy_strings = catalog.problems(expected)
    sources = _sources(site)
    for page in site.pages:
        source = sources.get(page.key)
        if source is not None and source is not page and not page.fallback_from:
            problem = _outdated(page, source)
            if problem:
                status[page.lang].outdated.append(problem)
    return status


def _sources(site: Site) -> dict[str, Page]:
    """Each page's source, by key: the page in the first configured language that has it."""
    sources: dict[str, Page] = {}
    for lang in reversed(site.config.languages):
        sources.update({page.key: page for page in site.pages_in(lang.code) if not page.fallback_from})
    return sources


def source_of(site: Site, page: Page) -> Page | None:
    """The version a translation is made from: the page in the first configured language that has it."""
    versions = site.translations(page)
    first = next((versions[lang.code] for lang in site.config.languages if lang.code in versions), None)
    return None if first is None or first is page else first


def outdated_problem(site: Site, page: Page) -> ContentError | None:
    """A line if the page's stamp does not match its source's current text."""
    source = None if page.fallback_from else source_of(site, page)
    return None if source is None else _outdated(page, source)


def _outdated(page: Page, source: Page) -> ContentError | None:
    if page.translated_from == source.source_hash:
        return None
    hint = N_("update it from {source}, then run: python build.py status --mark {page}")
    values = (("source", source.source), ("page", page.source))
    if not page.translated_from:
        return ContentError(page.source, None, N_("the translation has no stamp of its source {source}"), hint, values)
    return ContentError(page.source, None, N_("the translation is outdated: {source} has changed since"), hint, values)


def stale_review(site: Site, today: datetime.date) -> ContentError | None:
    """A line if the accessibility statement was last reviewed more than a year ago."""
    doc = site.data.get("accessibility")
    reviewed = doc.data.get("reviewed") if doc and isinstance(doc.data, dict) else None
    if doc is not None and isinstance(reviewed, datetime.date) and (today - reviewed).days > 365:
        return ContentError(doc.path, doc.line_of("reviewed"), N_("the accessibility statement was last reviewed on "
                            "{date}"), N_("review it again (at least once a year), then update 'reviewed'"),
                            (("date", reviewed.isoformat()),))
    return None


def stamp(path: Path, source_hash: str) -> None:
    """Write or replace the translated_from line in a page's front matter."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    line = f'{STAMP_KEY}: "{source_hash}"'
    existing = [i for i in range(1, end) if re.match(rf"^{STAMP_KEY}\s*:", lines[i])]
    if existing:
        lines[existing[0]] = line
    else:
        lines.insert(end, line)
    path.write_text("\n".join(lines), encoding="utf-8")
