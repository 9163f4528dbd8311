"""Deciding which pages must be rendered again: a key per page over everything its output depends on.

A page's output depends on its template and what that includes, its own fields, its language's shared values
(navigation, assets, CSP), its translations and children, and whichever other pages and data files its template
looked at. Those last two are recorded while it renders, so editing one page re-renders only the pages that show it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import digest
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


def page_summary(page: Page) -> tuple:
    """What a template may show of another page."""
    return (page.key, page.lang, page.title, page.nav_title, page.description, page.lead, page.url_path,
            page.template, page.nav, page.date, page.draft, page.fallback_from)


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


def page_inputs(page: Page, context: dict[str, Any], template: str, shared_digest: str) -> str:
    """A hash of everything of a page's own that its output depends on."""
    own = {name: context[name] for name in ("alternates", "others", "x_default", "canonical", "noindex", "ui_lang",
                                            "website")}
    fields = (page_summary(page), page.source, page.output, page.translated_from, page.source_hash, page.links)
    return digest(template, shared_digest, page.body_html, fields, own,
                  [page_summary(child) for child in context["children"]])


def shared_digest(shared: dict[str, Any]) -> str:
    """A hash of what every page of a language shares, except the pages and data looked up by name."""
    return digest(shared["site_name"], shared["language"], shared["home"], shared["feed"], shared["csp"],
                  shared["locales"], [page_summary(p) for p in shared["nav"]], shared["url"](""), shared["assets"])
