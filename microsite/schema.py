"""What each kind of content file may contain, and the checks that say so in an editor's words."""
from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field

from .errors import ContentError
from .limits import MAX_TEXT_CHARS
from .messages import N_, Number, Phrase
from .load import YamlDoc, YamlValue

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.I)
URL = re.compile(r"^https?://[^\s<>\"']+$")
# The success criteria of WCAG 2.1 at levels A and AA (https://www.w3.org/TR/WCAG21/), by number.
WCAG21_AA = frozenset("""
1.1.1 1.2.1 1.2.2 1.2.3 1.2.4 1.2.5 1.3.1 1.3.2 1.3.3 1.3.4 1.3.5 1.4.1 1.4.2 1.4.3 1.4.4 1.4.5 1.4.10 1.4.11
1.4.12 1.4.13 2.1.1 2.1.2 2.1.4 2.2.1 2.2.2 2.3.1 2.4.1 2.4.2 2.4.3 2.4.4 2.4.5 2.4.6 2.4.7 2.5.1 2.5.2 2.5.3
2.5.4 3.1.1 3.1.2 3.2.1 3.2.2 3.2.3 3.2.4 3.3.1 3.3.2 3.3.3 3.3.4 4.1.1 4.1.2 4.1.3""".split())
MUST_BE = {"str": N_("{key} must be text"), "int": N_("{key} must be a whole number"),
           "bool": N_("{key} must be true or false"), "date": N_("{key} must be a date such as 2026-11-29"),
           "slug": N_("{key} must be an address part of lowercase a-z, digits and hyphens"),
           "url": N_("{key} must be a web address starting with https://"),
           "email": N_("{key} must be an email address"),
           "criterion": N_("{key} must be the number of a WCAG 2.1 level A or AA success criterion, such as 1.4.3")}
SLUG_RULE = N_("an address part of lowercase a-z, digits and hyphens")


@dataclass(frozen=True)
class Field:
    """One key's rules. kind: str, int, bool, date, slug, url, email, enum, criterion (a WCAG 2.1 A or AA
    success criterion's number), text (per language), slugs (an address part per language), urls (a web
    address per language), list (of `item`) or map (with its own `fields`). A text that is not required may
    be left empty in every language: it is then unset, and the checks that need it say so."""

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
    "cooperation": mapping(centre=mapping(title=text(), participants=list_of(text())),
                           circles=list_of(mapping(title=text(), participants=list_of(text())))),
    "accessibility": mapping(
        provider=text(required=False), compliance=Field("enum", choices=("full", "partial", "none")),
        non_accessible=list_of(mapping(content=text(), criterion=Field("criterion"), reason=text()), required=False),
        prepared=Field("date"), reviewed=Field("date"), method=text(),
        feedback=mapping(email=Field("email", False), url=Field("url", False)),
        authority=mapping(name=text(), unit=text(), url=Field("urls"), email=Field("email"), phone=text()),
    ),
}


@dataclass
class Findings:
    """Errors, and texts missing in a language (an error only when the build is strict)."""

    errors: list[ContentError] = field(default_factory=list)
    missing: list[tuple[str, ContentError]] = field(default_factory=list)


def did_you_mean(word: str, known, listing: str = N_("known keys: {words}")) -> tuple[str, tuple]:
    """A hint naming the closest known word, or listing them all: (template, values) for a ContentError."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    if close:
        return N_("did you mean '{word}'?"), (("word", close[0]),)
    return listing, (("words", ", ".join(known)),)


def check(doc: YamlDoc, spec: Field, languages: list, findings: Findings) -> None:
    """Check a whole document against its schema, adding to findings."""
    _check_value(doc, doc.data, spec, (), languages, findings)


def _check_value(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    if spec.kind == "map":
        _check_map(doc, value, spec, keys, languages, findings)
    elif spec.kind == "list":
        if not isinstance(value, list):
            findings.errors.append(_error(doc, keys, N_("{key} must be a list of items, each on its own line "
                                                        "starting with '- '")))
            return
        assert spec.item is not None, "a list field names its item (list_of)"
        for i, item in enumerate(value):
            _check_value(doc, item, spec.item, keys + (i,), languages, findings)
    elif spec.kind in ("text", "slugs", "urls"):
        _check_localized(doc, value, spec, keys, languages, findings)
    else:
        problem = scalar_problem(value, spec)
        if problem:
            findings.errors.append(_error(doc, keys, problem[0], **problem[1]))


def _check_map(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    if not isinstance(value, dict):
        findings.errors.append(_error(doc, keys, N_("{key} must be 'key: value' lines")))
        return
    missing = [key for key, rule in spec.fields.items() if rule.required and key not in value]
    for key, item in value.items():
        if key not in spec.fields:
            hint, values = did_you_mean(str(key), spec.fields)
            findings.errors.append(ContentError(doc.path, doc.key_line(*keys, key), N_("unknown key '{key}'"), hint,
                                                (("key", key), *values)))
            missing = [name for name in missing if values != (("word", name),)]  # the typo says it already
        elif item is not None or spec.fields[key].required:
            _check_value(doc, item, spec.fields[key], keys + (key,), languages, findings)
    for key in missing:
        findings.errors.append(ContentError(doc.path, doc.line_of(*keys), N_("{name} is missing"),
                                            N_("add a line '{key}: …'"), (("name", _name(keys + (key,))), ("key", key))))


def _check_localized(doc, value, spec: Field, keys: tuple, languages, findings: Findings) -> None:
    codes = [lang.code for lang in languages]
    if not isinstance(value, dict) or not value:
        example = ", ".join(f"{code}: …" for code in codes)
        findings.errors.append(_error(doc, keys, N_("{key} must be given per language"), N_("write it as {example}"),
                                      example="{" + example + "}"))
        return
    if not spec.required and all(text is None or (isinstance(text, str) and not text.strip())
                                  for text in value.values()):
        return  # unset: a check that needs it says so in its own words
    for code in value:
        if code not in codes:
            findings.errors.append(ContentError(doc.path, doc.key_line(*keys, code),
                                                N_("'{code}' is not a language of the site"),
                                                N_("the languages are {codes} (set in content/site.yaml)"),
                                                (("code", code), ("codes", ", ".join(codes)))))
    for lang in languages:
        text_value = value.get(lang.code)
        if text_value is not None and not isinstance(text_value, str):
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                N_("the {language} text was read as {value}, not as text"),
                                                N_('put the text in quotes: {code}: "…"'),
                                                (("language", lang.name), ("value", repr(text_value)), ("code", lang.code))))
        elif text_value is not None and len(text_value) > MAX_TEXT_CHARS:
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                N_("the {language} text is {length} characters long; at most "
                                                   "{limit} are allowed"), N_("shorten it, or put it on a page"),
                                                (("language", lang.name), ("length", Number(len(text_value))),
                                                 ("limit", Number(MAX_TEXT_CHARS)))))
        elif text_value is None or not text_value.strip():
            findings.missing.append((lang.code, ContentError(doc.path, doc.line_of(*keys),
                                                             N_("the text has no {language} version"),
                                                             N_('add {code}: "…"'),
                                                             (("language", lang.name), ("code", lang.code)))))
        elif spec.kind == "slugs" and not SLUG.match(str(text_value)):
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                N_("'{value}' is not a safe address part"), SLUG_RULE,
                                                (("value", text_value),)))
        elif spec.kind == "urls" and not URL.match(text_value):
            findings.errors.append(ContentError(doc.path, doc.line_of(*keys, lang.code),
                                                N_("'{value}' is not a web address"),
                                                N_("write a full address starting with https://"),
                                                (("value", text_value),)))


def scalar_problem(value: YamlValue, spec: Field) -> tuple[str, dict] | None:
    """What is wrong with a single value, in plain words ({key} for the key's name, and the other fields), or None."""
    ok = {
        "str": isinstance(value, str) and value.strip() != "",
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "date": isinstance(value, datetime.date) and not isinstance(value, datetime.datetime),
        "slug": isinstance(value, str) and bool(SLUG.match(value)),
        "url": isinstance(value, str) and (value == "" or bool(URL.match(value))),
        "email": isinstance(value, str) and (value == "" or bool(EMAIL.match(value))),
        "enum": value in spec.choices,
        "criterion": str(value) in WCAG21_AA,
    }[spec.kind]
    if ok:
        return None
    if spec.kind == "enum":
        return N_("{key} must be one of {choices} (it is '{value}')"), {"choices": ", ".join(spec.choices), "value": value}
    if spec.kind == "str" and (value is None or isinstance(value, str)):
        return N_("{key} is empty"), {}
    return MUST_BE[spec.kind], {}


def _error(doc: YamlDoc, keys: tuple, problem: str, hint: str = "", **values) -> ContentError:
    return ContentError(doc.path, doc.line_of(*keys), problem, hint, (("key", _name(keys)), *values.items()))


def _name(keys: tuple) -> str:
    """A key path in an editor's words: 'groups 2 → title'; the whole file's is translated where it is shown."""
    parts = [str(k + 1) if isinstance(k, int) else str(k) for k in keys]
    return "'" + " → ".join(parts) + "'" if parts else Phrase(N_("the file"))
