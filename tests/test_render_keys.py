"""The render keys cover everything a template can see: a field added to a page or to the render context
without its way into the keys fails here, before a reused page goes stale."""
from __future__ import annotations

import dataclasses

import pytest

from microsite.context import language_context, localized_data, page_context
from microsite.incremental import (OWN_FIELDS, PAGE_CONTEXT, SHARED_FUNCTIONS, SHARED_LOOKED_UP, SUMMARY_FIELDS,
                                   page_inputs, shared_digest)
from microsite.model import Page

SENTINEL = ("a value no build has",)


def contexts(site):
    """(page, shared, context) for every page of the site, as the renderer makes them."""
    for page in site.pages:
        data = localized_data(site, page.content_lang, page.lang)
        shared = language_context(site, page.lang, data, {"style.css": "static/style.0.css"}, "csp")
        yield page, shared, page_context(site, page, shared)


def test_every_field_of_a_page_is_placed_in_the_keys():
    fields = [field.name for field in dataclasses.fields(Page)]
    assert sorted(fields) == sorted(SUMMARY_FIELDS + OWN_FIELDS)
    assert not set(SUMMARY_FIELDS) & set(OWN_FIELDS)


def test_every_value_of_the_render_context_is_covered(real_site):
    for page, shared, context in contexts(real_site.result.site):
        assert set(context) == set(shared) | set(PAGE_CONTEXT) | {"page", "children"}, page.output
        functions = {name for name, value in shared.items() if callable(value)}
        assert functions <= set(SHARED_FUNCTIONS), f"hash {functions - set(SHARED_FUNCTIONS)} in SHARED_FUNCTIONS"


def test_changing_any_shared_value_changes_the_key(real_site):
    page, shared, context = next(contexts(real_site.result.site))
    before = shared_digest(shared)
    for name in set(shared) - set(SHARED_LOOKED_UP) - set(SHARED_FUNCTIONS) - {"nav"}:
        assert shared_digest({**shared, name: SENTINEL}) != before, name
    assert shared_digest({**shared, "nav": []}) != before or not shared["nav"]


@pytest.mark.parametrize("name", PAGE_CONTEXT)
def test_changing_a_pages_own_context_changes_its_key(real_site, name):
    page, shared, context = next(contexts(real_site.result.site))
    before = page_inputs(page, context, "template", "shared")
    assert page_inputs(page, {**context, name: SENTINEL}, "template", "shared") != before


@pytest.mark.parametrize("name", [field.name for field in dataclasses.fields(Page)])
def test_changing_any_field_of_a_page_changes_its_key(real_site, name):
    page, shared, context = next(contexts(real_site.result.site))
    changed = dataclasses.replace(page, **{name: SENTINEL})
    assert page_inputs(changed, context, "template", "shared") != page_inputs(page, context, "template", "shared")


def test_a_shared_function_the_keys_do_not_know_is_refused(real_site):
    page, shared, context = next(contexts(real_site.result.site))
    with pytest.raises(KeyError):
        shared_digest({**shared, "new_function": lambda: "?"})
