"""Babel: UI string catalogs compiled in memory, dates and numbers per locale."""
from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .hashing import digest
from .config import Language
from .errors import ContentError, ContentErrors
from .messages import N_


def catalog_path(i18n: Path, code: str) -> Path:
    return i18n / code / "LC_MESSAGES" / "messages.po"


@dataclass(frozen=True)
class UiCatalog:
    """A language's UI strings as read from its .po file."""

    path: str
    catalog: Catalog

    def translations(self) -> Translations:
        """Compile the catalog in memory into gettext translations."""
        compiled = io.BytesIO()
        write_mo(compiled, self.catalog)
        compiled.seek(0)
        return Translations(compiled, domain="messages")

    def digest(self) -> str:
        """A hash of the translated strings, so a changed catalog re-renders its language's pages."""
        return digest(sorted((str(m.id), str(m.string), m.fuzzy) for m in self.catalog if m.id))

    def problems(self, expected: set[str] | None = None) -> tuple[list[ContentError], list[ContentError]]:
        """Return (untranslated, fuzzy) strings, one line each naming the .po file and line.

        expected: the strings the templates use; any not in the catalog at all is untranslated too.
        """
        missing, fuzzy = [], []
        present = {m.id[0] if isinstance(m.id, (tuple, list)) else m.id for m in self.catalog if m.id}
        for msgid in sorted((expected or set()) - present):
            missing.append(ContentError(self.path, None, N_('UI string missing from the catalog: "{text}"'),
                                        N_("update the catalogs with the command in README.md, then translate it"),
                                        (("text", msgid),)))
        for message in self.catalog:
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if not all(strings):
                missing.append(ContentError(self.path, message.lineno, N_('UI string not translated: "{text}"'),
                                            N_("write its msgstr"), (("text", msgid),)))
            elif message.fuzzy:
                fuzzy.append(ContentError(self.path, message.lineno, N_('UI string marked fuzzy: "{text}"'),
                                          N_("check the msgstr, then remove the '#, fuzzy' line"), (("text", msgid),)))
        return missing, fuzzy


def template_messages(templates: Path) -> set[str]:
    """Every UI string the templates use, as Babel extracts them (for `status` and strict builds: it takes time)."""
    from babel.messages.extract import extract_from_dir
    found = extract_from_dir(str(templates), method_map=[("**.html", "jinja2.ext.babel_extract")],
                             options_map={"**.html": {"trimmed": "true"}})
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def load_catalog(i18n: Path, language: Language, shown_root: Path) -> UiCatalog:
    """Read a language's messages.po, raising ContentErrors if it is missing or broken."""
    path = catalog_path(i18n, language.code)
    shown = path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else str(path)
    if not path.is_file():
        raise ContentErrors([ContentError(shown, None, N_("the {language} UI strings are missing"),
                                          N_("create the catalog: see 'Translating UI strings' in README.md"),
                                          (("language", language.name),))])
    try:
        with path.open("rb") as po:
            catalog = read_po(po, locale=language.locale, abort_invalid=True)
    except PoFileError as exc:
        message = re.sub(r" on \d+$", "", str(exc))  # Babel appends a 0-based line number
        raise ContentErrors([ContentError(shown, exc.lineno + 1, N_("broken catalog: {error}"),
                                          values=(("error", message),))]) from None
    return UiCatalog(shown, catalog)


def load_catalogs(i18n: Path, languages, shown_root: Path) -> dict[str, UiCatalog]:
    """Every language's catalog by code, collecting all errors before raising."""
    catalogs, errors = {}, []
    for language in languages:
        try:
            catalogs[language.code] = load_catalog(i18n, language, shown_root)
        except ContentErrors as exc:
            errors += exc.errors
    if errors:
        raise ContentErrors(errors)
    return catalogs


def date_formatter(language: Language):
    """Return a Jinja filter that formats a date in the language's locale ('long' by default), its parts
    joined by no-break spaces so that a date never breaks across lines ("29.\u00a0marraskuuta\u00a02026")."""
    def format_for_locale(value: datetime.date, format: str = "long") -> str:
        return format_date(value, format=format, locale=language.locale).replace(" ", "\u00a0")
    return format_for_locale


def number_formatter(language: Language):
    """Return a Jinja filter that formats a number in the language's locale."""
    def format_for_locale(value: float) -> str:
        return format_decimal(value, locale=language.locale)
    return format_for_locale
