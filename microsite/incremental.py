"""Deciding which pages must be rendered again: a key per page over everything its output depends on.

A page's output depends on its template and what that includes, its own fields, its language's shared values
(navigation, assets, CSP), its translations and children, and whichever other pages and data files its template
looked at. Those last two are recorded while it renders, so editing one page re-renders only the pages that show it.
"""
from __future__ import annotations

from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .hashing import digest
from .model import Page

ALL = "*"  # recorded when a template iterates over every entry


class Recorder(Mapping):
    """A read-only view of a mapping that notes which keys a template used."""

    def __init__(self, values: Mapping):
        self._values = values
        self.used: set[str] = set()

    def __getitem__(self, key):
        self.used.add(key)
        return self._values[key]

    def __contains__(self, key) -> bool:
        self.used.add(key)
        return key in self._values

    def __iter__(self):
        self.used.add(ALL)
        return iter(self._values)

    def __len__(self) -> int:
        self.used.add(ALL)
        return len(self._values)


@dataclass(frozen=True)
class RenderRecord:
    """How a page's output was made last time: its key, what it looked at, and the output's hash."""

    key: str
    pages_used: frozenset
    data_used: frozenset
    output: str
    texts_used: frozenset = frozenset()  # (language, key) of the other pages whose texts (body_html) it showed


def template_digests(templates: Path, env) -> dict[str, str]:
    """For each template, a hash of its own source and of every template it extends, includes or imports."""
    sources = {p.relative_to(templates).as_posix(): p.read_text(encoding="utf-8")
               for p in sorted(templates.rglob("*")) if p.is_file() and p.suffix in (".html", ".xml", ".txt")}
    references = {name: _references(env, text) for name, text in sources.items()}

    def closure(name: str, seen: frozenset = frozenset()) -> list[str]:
        names = [name]
        for ref in sorted(references.get(name, ())):
            if ref not in seen:
                names += closure(ref, seen | {name})
        return names
    return {name: digest(*[(used, sources.get(used)) for used in sorted(set(closure(name)))]) for name in sources}


def _references(env, text: str) -> set[str]:
    """The templates one template names; none if it does not parse (its render will report the error)."""
    from jinja2 import TemplateSyntaxError, meta
    try:
        return {ref for ref in meta.find_referenced_templates(env.parse(text)) if ref}
    except TemplateSyntaxError:
        return set()


# What a template may show of another page (its body is a text: a render records the texts it shows apart).
SUMMARY_FIELDS = ("key", "lang", "title", "nav_title", "description", "lead", "url_path", "template", "nav", "date",
                  "draft", "fallback_from")
# The rest of a page, which only its own output depends on. Every field of Page is in one of the two: a test fails
# on a new field until it is placed.
OWN_FIELDS = ("source", "output", "translated_from", "source_hash", "links", "body_html")


def page_summary(page: Page) -> tuple:
    """What a template may show of another page."""
    return tuple(getattr(page, name) for name in SUMMARY_FIELDS)


def dependencies_digest(pages: Mapping[str, Page], data_digests: Mapping[str, str], pages_used, data_used) -> str:
    """A hash of the other pages and data files a render looked at, as they are now."""
    page_keys = sorted(pages) if ALL in pages_used else sorted(k for k in pages_used if k in pages)
    data_names = sorted(data_digests) if ALL in data_used else sorted(d for d in data_used if d in data_digests)
    return digest([page_summary(pages[k]) for k in page_keys], sorted(pages_used),
                  [(name, data_digests[name]) for name in data_names], sorted(data_used))


def render_key(base: str, pages: Mapping[str, Page], data_digests: Mapping[str, str], pages_used, data_used,
               texts: tuple = ()) -> str:
    """The key of a page's output: its own inputs (base) and the current state of what it used; texts are the
    (language, key, text) of the other pages whose texts it showed."""
    return digest(base, dependencies_digest(pages, data_digests, pages_used, data_used), texts)


# The values of a page's context that are its own (the rest is its language's shared context, hashed once per
# language, and the page itself). A test fails when page_context gains a value that is in none of these.
PAGE_CONTEXT = ("alternates", "others", "x_default", "canonical", "noindex", "ui_lang", "website")


# A template context stays dict[str, Any]: each name has its own kind of value (children and nav are lists of
# pages, url and asset functions), which a plain dict cannot say; the code reads each by its name.
def page_inputs(page: Page, context: dict[str, Any], template: str, shared_digest: str) -> str:
    """A hash of everything of a page's own that its output depends on: every field, and its own context."""
    own = {name: context[name] for name in PAGE_CONTEXT}
    fields = [(field.name, getattr(page, field.name)) for field in dataclasses.fields(page)]
    return digest(template, shared_digest, fields, own, [page_summary(child) for child in context["children"]])


# Shared values a page looks up by name (its render records which), and functions, hashed by what they return
# for "" (url: the base path) or not at all (asset: the base path and the assets, both hashed).
SHARED_LOOKED_UP = ("pages", "data")
SHARED_FUNCTIONS = {"url": lambda url: url(""), "asset": lambda asset: None}


def shared_digest(shared: dict[str, Any]) -> str:
    """A hash of everything every page of a language shares, except the pages and data looked up by name.
    A function the table above does not know is an error: its results cannot be hashed."""
    parts = []
    for name in sorted(shared):
        value = shared[name]
        if name in SHARED_LOOKED_UP:
            continue
        if name == "nav":
            value = [page_summary(page) for page in value]
        elif callable(value):
            value = SHARED_FUNCTIONS[name](value)  # KeyError: a new function needs its way into the key
        parts.append((name, value))
    return digest(parts)


