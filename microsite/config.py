"""Site settings from content/site.yaml: languages, base URL, site name."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from .errors import ContentError, raise_if_any
from .load import YamlDoc, load_yaml
from .messages import N_
from .schema import did_you_mean


def _hint_with(hint: tuple[str, tuple], **values) -> tuple[str, tuple]:
    """A did-you-mean hint and its values, with the message's own values added."""
    return hint[0], (*values.items(), *hint[1])


SETTINGS = N_("known settings: {words}")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
KNOWN_KEYS = ("base_url", "name", "languages", "footer")
# The pages every footer links to when site.yaml does not say: the law wants the statement one step away.
DEFAULT_FOOTER = ("accessibility",)
LANGUAGE_KEYS = ("code", "locale", "name")


@dataclass(frozen=True)
class Language:
    """A language of the site: its URL segment and hreflang, Babel locale and own name."""

    code: str
    locale: str
    name: str


@dataclass(frozen=True)
class Config:
    """The checked settings of the site; languages[0] is the default (x-default)."""

    path: str
    base_url: str
    languages: tuple[Language, ...]
    name: dict[str, str]
    footer: tuple[str, ...] = DEFAULT_FOOTER  # the keys of the pages the footer links to, in order
    footer_line: int | None = None  # where site.yaml lists them, for the errors about them

    @property
    def default_language(self) -> Language:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The path part of base_url, such as '/' or '/kasvu/'."""
        return urlsplit(self.base_url).path

    def with_base_url(self, base_url: str) -> "Config":
        """Return a copy served from another base URL."""
        return replace(self, base_url=normalize_base_url(base_url))


def normalize_base_url(url: str) -> str:
    """Return the URL ending with exactly one '/'."""
    return url.rstrip("/") + "/"


def is_valid_base_url(url: object) -> bool:
    """True for an absolute http(s) URL without query or fragment."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not parts.query and not parts.fragment


def load_config(path: Path, shown: str = "content/site.yaml") -> Config:
    """Read site.yaml into a Config, raising ContentErrors naming every problem."""
    doc = load_yaml(path, shown)
    errors: list[ContentError] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        errors.append(ContentError(shown, 1, N_("site settings must be 'key: value' lines")))
    for key in data:
        if key not in KNOWN_KEYS:
            errors.append(ContentError(shown, doc.key_line(key), N_("unknown setting '{key}'"),
                                       *_hint_with(did_you_mean(str(key), KNOWN_KEYS, SETTINGS), key=key)))
    base_url = data.get("base_url")
    if not is_valid_base_url(base_url):
        errors.append(ContentError(shown, doc.line_of("base_url"), N_("base_url must be a full address"),
                                   N_("for example base_url: https://example.org/kasvu/")))
    languages = _read_languages(doc, errors)
    name = _read_name(doc, languages, errors)
    footer = _read_footer(doc, errors)
    raise_if_any(errors)
    return Config(shown, normalize_base_url(str(base_url)), languages, name, footer,
                  doc.key_line("footer") if "footer" in data else None)


def _read_footer(doc: YamlDoc, errors: list[ContentError]) -> tuple[str, ...]:
    footer = doc.data.get("footer", DEFAULT_FOOTER) if isinstance(doc.data, dict) else DEFAULT_FOOTER
    if not isinstance(footer, (list, tuple)) or not all(isinstance(key, str) and key for key in footer):
        errors.append(ContentError(doc.path, doc.line_of("footer"), N_("footer must list page keys"),
                                   N_("for example {example}"), (("example", "footer: [accessibility, signatories]"),)))
        return DEFAULT_FOOTER
    return tuple(footer)


def _read_languages(doc: YamlDoc, errors: list[ContentError]) -> tuple[Language, ...]:
    entries = doc.data.get("languages") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list) or not entries:
        errors.append(ContentError(doc.path, doc.line_of("languages"), N_("languages must list at least one language"),
                                   N_("for example: {example}"),
                                   (("example", "languages: [{code: fi, locale: fi_FI}]"),)))
        return ()
    languages: list[Language] = []
    for i, entry in enumerate(entries):
        language = _read_language(doc, i, entry, errors)
        if language and any(language.code == other.code for other in languages):
            errors.append(ContentError(doc.path, doc.line_of("languages", i), N_("language '{code}' is listed twice"),
                                       values=(("code", language.code),)))
        elif language:
            languages.append(language)
    return tuple(languages)


def _read_language(doc: YamlDoc, i: int, entry: object, errors: list[ContentError]) -> Language | None:
    line = doc.line_of("languages", i)
    if not isinstance(entry, dict) or not isinstance(entry.get("code"), str) or not LANGUAGE_CODE.match(entry["code"]):
        errors.append(ContentError(doc.path, line, N_("a language needs a code of 2-3 lowercase letters"),
                                   N_("for example: {example}"), (("example", "{code: fi, locale: fi_FI}"),)))
        return None
    for key in entry:
        if key not in LANGUAGE_KEYS:
            errors.append(ContentError(doc.path, doc.key_line("languages", i, key),
                                       N_("unknown language setting '{key}'"),
                                       *_hint_with(did_you_mean(str(key), LANGUAGE_KEYS, SETTINGS), key=key)))
    locale_name = entry.get("locale", entry["code"])
    try:
        locale = Locale.parse(str(locale_name))
    except (ValueError, UnknownLocaleError):
        errors.append(ContentError(doc.path, line, N_("unknown locale '{locale}'"),
                                   N_("use a name such as fi_FI or en_GB"), (("locale", locale_name),)))
        return None
    own_name = entry.get("name") or (locale.language_name or entry["code"]).capitalize()
    return Language(entry["code"], str(locale), str(own_name))


def _read_name(doc: YamlDoc, languages: tuple[Language, ...], errors: list[ContentError]) -> dict[str, str]:
    name = doc.data.get("name") if isinstance(doc.data, dict) else None
    missing = [lang.name for lang in languages if not isinstance(name, dict) or not name.get(lang.code)]
    if missing:
        errors.append(ContentError(doc.path, doc.line_of("name"), N_("the site name is missing in {languages}"),
                                   N_("give it per language, for example {example}"),
                                   (("languages", ", ".join(missing)), ("example", "name: {fi: …, en: …}"))))
        return {}
    return {lang.code: str(name[lang.code]) for lang in languages} if isinstance(name, dict) else {}  # no languages
