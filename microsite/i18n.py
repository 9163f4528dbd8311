"""Babel: UI string catalogs compiled in memory, dates and numbers per locale."""
from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .config import Language
from .errors import ContentError, ContentErrors


def catalog_path(i18n: Path, code: str) -> Path:
    return i18n / code / "LC_MESSAGES" / "messages.po"


def load_translations(i18n: Path, language: Language, shown_root: Path) -> Translations:
    """Compile a language's messages.po in memory and return it as gettext translations."""
    path = catalog_path(i18n, language.code)
    shown = path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else str(path)
    if not path.is_file():
        raise ContentErrors([ContentError(shown, None, f"the {language.name} UI strings are missing",
                                          "create the catalog: see 'Translating UI strings' in README.md")])
    try:
        with path.open("rb") as po:
            catalog = read_po(po, locale=language.locale, abort_invalid=True)
    except PoFileError as exc:
        message = re.sub(r" on \d+$", "", str(exc))  # Babel appends a 0-based line number
        raise ContentErrors([ContentError(shown, exc.lineno + 1, f"broken catalog: {message}")]) from None
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def date_formatter(language: Language):
    """Return a Jinja filter that formats a date in the language's locale ('long' by default)."""
    def format_for_locale(value: datetime.date, format: str = "long") -> str:
        return format_date(value, format=format, locale=language.locale)
    return format_for_locale


def number_formatter(language: Language):
    """Return a Jinja filter that formats a number in the language's locale."""
    def format_for_locale(value: float) -> str:
        return format_decimal(value, locale=language.locale)
    return format_for_locale
