"""The tool's own messages (errors, warnings, summaries) in the editor's language, from gettext catalogs.

They are the domain 'tool', in microsite/locale/, apart from the visitors' catalogs in i18n/: a change to the
tool's wording never touches what visitors read. The messages in the code are English and are the catalogs'
msgids; microsite/locale/fi/LC_MESSAGES/tool.po holds their Finnish, written for editors, not word for word.
A message with values is a template with named fields ('{path}'), filled in after it is translated, so the
catalog holds one entry for it whatever the values. A message with a count has a form per plural of the
language (ngettext_: "1 sivu", "2 sivua"), and numbers are written as the language writes them ("200 000").

The language: --lang, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG (gettext's order) that names a
language the tool speaks, else the site's first language.
"""
from __future__ import annotations

import gettext
import io
import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "tool"
SOURCE_LANGUAGE = "en"  # the msgids themselves
FALLBACK_LANGUAGE = "fi"  # when the site's own first language cannot be read
FIRST_LANGUAGE = re.compile(r"^languages:[ \t]*\n(?:[ \t]*#.*\n)*[ \t]*-[ \t]*code:[ \t]*['\"]?([a-z]{2,3})\b", re.M)

_current = {"language": SOURCE_LANGUAGE}


def languages() -> tuple[str, ...]:
    """The languages the tool has messages in."""
    return (SOURCE_LANGUAGE, *sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()))


def choose(requested: str | None, environ: Mapping[str, str], root: Path | None) -> str:
    """The language to speak: the one requested, the environment's, or the site's first."""
    known = languages()
    if requested in known:
        return requested
    wanted = [part for part in environ.get("LANGUAGE", "").split(":") if part]
    wanted += [next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")]
    for name in wanted:
        code = re.split(r"[_.@-]", name, maxsplit=1)[0].lower()
        if code in known:
            return code
    return site_language(root, known)


def site_language(root: Path | None, known: tuple[str, ...]) -> str:
    """The site's first language, read without parsing the YAML (a broken site.yaml must still get messages)."""
    match = None
    if root is not None:
        try:
            match = FIRST_LANGUAGE.search((root / "content" / "site.yaml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            pass
    code = match.group(1) if match else FALLBACK_LANGUAGE
    return code if code in known else FALLBACK_LANGUAGE


def use(language: str) -> None:
    _current["language"] = language


def current() -> str:
    return _current["language"]


class Number(int):
    """A quantity in a message: written as the language writes numbers when filled in ("200 000", "200,000").
    Plain ints (line numbers, ports, years) are filled in as they are."""


class Phrase(str):
    """A value that is a message itself (marked with N_ where it is made), translated when it is filled in: a
    message made once, and kept in the build cache, reads in the language of whoever sees it."""


def _(message: str, **values) -> str:
    """The message in the current language, its {fields} filled with values."""
    text = _catalog(current()).gettext(message) if message else message
    return fill(text, values, current())


def ngettext_(singular: str, plural: str, count: int, **values) -> str:
    """The form of the message for count in the current language (its plural rule: Finnish and English both
    have one form for 1 and one for the rest), {count} and the other fields filled in."""
    text = _catalog(current()).ngettext(singular, plural, count)
    return fill(text, {"count": Number(count), **values}, current())


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where it is shown."""
    return message


def number(value: int) -> str:
    """A quantity as the current language writes it, for a line that is not a message ("  missing pages (3):")."""
    return _grouped(value, current())


def fill(template: str, values: Mapping[str, object], language: str) -> str:
    """The template with its fields filled in, as the language writes them: numbers grouped, phrases translated."""
    if not values:
        return template
    return template.format(**{name: _written(value, language) for name, value in values.items()})


def _grouped(value: int, language: str) -> str:
    from babel.numbers import format_decimal  # here: most messages have no number, and Babel takes a while
    return format_decimal(int(value), locale=language)


def _written(value: object, language: str) -> object:
    if isinstance(value, Number):
        return _grouped(value, language)
    if isinstance(value, Phrase):
        return _catalog(language).gettext(value)
    return value


@lru_cache(maxsize=None)
def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (the .po read and compiled in memory, with Babel's public API)."""
    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
