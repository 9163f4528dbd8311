"""Whole-site checks that need every page and data file at once."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from .errors import ContentError
from .load import YamlDoc
from .model import HOME_KEY, NOT_FOUND_KEY, Site

REQUIRED_PAGES = (HOME_KEY, NOT_FOUND_KEY)


def validate_site(site: Site) -> list[ContentError]:
    """Return every error in the site: missing pages or translations, clashing URLs, incomplete data."""
    errors = check_required_pages(site) + check_translations(site) + check_unique_urls(site)
    for doc in site.data.values():
        errors += check_localized(doc, site)
    return errors


def check_required_pages(site: Site) -> list[ContentError]:
    errors = []
    for lang in site.config.languages:
        for key in REQUIRED_PAGES:
            if site.page(lang.code, key) is None:
                errors.append(ContentError(f"content/{lang.code}/{key}.md", None, "the page is missing",
                                           f"every language needs {key}.md"))
    return errors


def check_translations(site: Site) -> list[ContentError]:
    errors = []
    for page in site.pages:
        have = site.translations(page)
        for lang in site.config.languages:
            if lang.code not in have:
                errors.append(ContentError(page.source, None, f"the page has no {lang.name} translation",
                                           f"add content/{lang.code}/{page.key}.md"))
    return errors


def check_unique_urls(site: Site) -> list[ContentError]:
    errors, seen = [], {}
    for page in site.pages:
        if page.url_path in seen:
            errors.append(ContentError(page.source, None, f"the address /{page.url_path} is also used by {seen[page.url_path]}",
                                       "give one of them another slug"))
        seen.setdefault(page.url_path, page.source)
    return errors


def check_localized(doc: YamlDoc, site: Site) -> list[ContentError]:
    """Every {fi: …, en: …} mapping in a data file must have every language, non-empty."""
    codes = {lang.code for lang in site.config.languages}
    errors = []
    for keys, value in _walk(doc.data, ()):
        if isinstance(value, dict) and value and set(value) <= codes:
            for lang in site.config.languages:
                if not str(value.get(lang.code) or "").strip():
                    errors.append(ContentError(doc.path, doc.line_of(*keys), f"the text has no {lang.name} version",
                                               f'add {lang.code}: "…"'))
    return errors


def _walk(value: Any, keys: tuple):
    yield keys, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, keys + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, keys + (i,))


def find_warnings(site: Site) -> list[ContentError]:
    """Return settings the site should not be published without, such as the accessibility feedback contact."""
    warnings = []
    statement = site.data.get("accessibility")
    if statement and isinstance(statement.data, dict):
        feedback = statement.data.get("feedback") or {}
        if not (isinstance(feedback, dict) and (feedback.get("email") or feedback.get("url"))):
            warnings.append(ContentError(statement.path, statement.line_of("feedback"),
                                         "the accessibility feedback contact is not set",
                                         "the law requires one: add feedback: {email: …} before publishing"))
    if (urlsplit(site.config.base_url).hostname or "").endswith(".example"):
        warnings.append(ContentError(site.config.path, None, f"base_url {site.config.base_url} is a placeholder",
                                     "set the real address or build with --base-url"))
    return warnings
