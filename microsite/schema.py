"""What each kind of content file may contain, and the checks that say so in an editor's words."""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ContentError
from .limits import MAX_TEXT_CHARS
from .load import YamlDoc

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.I)
URL = re.compile(r"^https?://[^\s<>\"']+$")
KINDS = {"str": "text", "int": "a whole number", "bool": "true or false", "date": "a date such as 2026-11-29",
         "slug": "an address part of lowercase a-z, digits and hyphens", "url": "a web address starting with https://",
         "email": "an email address"}


@dataclass(frozen=True)
class Field:
    """One key's rules. kind: str, int, bool, date, slug, url, email, enum, text (per language),
    slugs (an address part per language), list (of `item`) or map (with its own `fields`)."""

    kind: str
    required: bool = True
    item: "Field | None" = None
    fields: dict[str, "Field"] = field(default_factory=dict)
    choices: tuple[str, ...] = ()


def text(required: bool = True) -> Field:
    return Field("text", required)


def list_of(item: Field, required: bool = True) -> Field:
    return Field("list", required, item=item)


def mapping(required: bool = True, **fields: Field) -> Field:
    return Field("map", required, fields=fields)


PAGE = mapping(
    title=Field("str"), description=Field("str"), slug=Field("slug", False), template=Field("str", False),
    nav=Field("int", False), nav_title=Field("str", False), lead=Field("str", False), draft=Field("bool", False),
    date=Field("date", False), translated_from=Field("str", False),
)

DATA = {
    "themes": mapping(groups=list_of(mapping(id=Field("slugs"), title=text(), items=list_of(text())))),
    "signatories": mapping(signatories=list_of(mapping(name=Field("str"), title=text(), organisation=text()))),
    "cooperation": mapping(centre=text(), circles=list_of(mapping(title=text(), participants=list_of(text())))),
    "accessibility": mapping(
        compliance=Field("enum", choices=("full", "partial", "none")), compliance_text=text(),
        known_issues=list_of(mapping(what=text(), why=text()), required=False),
        prepared=Field("date"), reviewed=Field("date"), method=text(),
        feedback=mapping(email=Field("email", False), url=Field("url", False)),
        authority=mapping(name=text(), url=Field("url")),
    ),
}


@dataclass
class Findings:
    """Errors, and texts missing in a language (an error only when the build is strict)."""

    errors: list[ContentError] = field(default_factory=list)
    missing: list[tuple[str, ContentError]] = field(default_factory=list)


def did_you_mean(word: str, known, what: str = "keys") -> str:
    """A hint naming the closest known word, or listing them all."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"known {what}: " + ", ".join(known)


def check(doc: YamlDoc, spec: Field, languages: list, findings: Findings) -> None:
    """Check a whole document against its schema, adding to findings."""
    _check_value(doc, doc.data, spec, (), languages, findings)


def _check_value(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    if spec.kind == "map":
        _check_map(doc, value, spec, keys, languages, findings)
    elif spec.kind == "list":
        if not isinstance(value, list):
            findings.errors.append(_error(doc, keys, "must be a list of items, each on its own line starting with '- '"))
            return
        for i, item in enumerate(value):
            _check_value(doc, item, spec.item, keys + (i,), languages, findings)
    elif spec.kind in ("text", "slugs"):
        _check_localized(doc, value, spec, keys, languages, findings)
    else:
        problem = scalar_problem(value, spec)
        if problem:
            findings.errors.append(_error(doc, keys, problem))


def _check_map(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    if not isinstance(value, dict):
        findings.errors.append(_error(doc, keys, "must be 'key: value' lines"))
        return
    missing = [key for key, rule in spec.fields.items() if rule.required and key not in value]
    for key, item in value.items():
        if key not in spec.fields:
            hint = did_you_mean(str(key), spec.fields)
            findings.errors.append(ContentError(doc.path, doc.key_line(*keys, key), f"unknown key '{key}'", hint))
            missing = [name for name in missing if hint != f"did you mean '{name}'?"]  # the typo says it already
        elif item is not None or spec.fields[key].required:
            _check_value(doc, item, spec.fields[key], keys + (key,), languages, findings)
    for key in missing:
        findings.errors.append(ContentError(doc.path, doc.line_of(*keys), _name(keys + (key,)) + " is missing",
                                            f"add a line '{key}: …'"))


def _check_localized(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    codes = [lang.code for lang in languages]
    if not isinstance(value, dict) or not value:
        example = ", ".join(f"{code}: …" for code in codes)
        findings.errors.append(_error(doc, keys, "must be given per language", f"write it as {{{example}}}"))
        return
    for code in value:
        if code not in codes:
            findings.errors.append(ContentError(doc.path, doc.key_line(*keys, code), f"'{code}' is not a language of the site",
                                                "the languages are " + ", ".join(codes) + " (set in content/site.yaml)"))
    for lang in languages:
        text_value = value.get(lang.code)
        if text_value is not None and not isinstance(text_value, str):
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                f"the {lang.name} text was read as {text_value!r}, not as text",
                                                f'put the text in quotes: {lang.code}: "…"'))
        elif text_value is not None and len(text_value) > MAX_TEXT_CHARS:
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                f"the {lang.name} text is {len(text_value):,} characters long; at most "
                                                f"{MAX_TEXT_CHARS:,} are allowed", "shorten it, or put it on a page"))
        elif text_value is None or not text_value.strip():
            findings.missing.append((lang.code, ContentError(doc.path, doc.line_of(*keys),
                                                             f"the text has no {lang.name} version", f'add {lang.code}: "…"')))
        elif spec.kind == "slugs" and not SLUG.match(str(text_value)):
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                f"'{text_value}' is not a safe address part", KINDS["slug"]))


def scalar_problem(value: Any, spec: Field) -> str | None:
    """Return what is wrong with a single value, in plain words, or None."""
    ok = {
        "str": isinstance(value, str) and value.strip() != "",
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "date": isinstance(value, datetime.date) and not isinstance(value, datetime.datetime),
        "slug": isinstance(value, str) and bool(SLUG.match(value)),
        "url": isinstance(value, str) and (value == "" or bool(URL.match(value))),
        "email": isinstance(value, str) and (value == "" or bool(EMAIL.match(value))),
        "enum": value in spec.choices,
    }[spec.kind]
    if ok:
        return None
    if spec.kind == "enum":
        return "must be one of " + ", ".join(spec.choices) + f" (it is '{value}')"
    if spec.kind == "str" and (value is None or isinstance(value, str)):
        return "is empty"
    return f"must be {KINDS[spec.kind]}"


def _error(doc: YamlDoc, keys: tuple, problem: str, hint: str = "") -> ContentError:
    return ContentError(doc.path, doc.line_of(*keys), f"{_name(keys)} {problem}", hint)


def _name(keys: tuple) -> str:
    """A key path in an editor's words: 'groups 2 → title'."""
    parts = [str(k + 1) if isinstance(k, int) else str(k) for k in keys]
    return "'" + " → ".join(parts) + "'" if parts else "the file"
