"""What the checks read of a built page: every id, link and alternate, at its line, however the tag is written."""
import pytest

from microsite.built import parse_html


@pytest.mark.parametrize("html, ids, links", [
    ('<p id="a">x</p>', {"a"}, []),
    ('<img src="x.png" />', set(), [(1, "x.png")]),
    ("<a href=foo/>", set(), [(1, "foo")]),  # unquoted, closed as XML: the "/" is not the address's
    ('<br/><a\nhref="/x"\n>y</a>', set(), [(1, "/x")]),  # a tag's line is the line it starts on
    ('<div hidden data-x="1">\n<span id="b" title="a > b">', {"b"}, []),
    ('<!-- <a href="/gone"> -->\n<script>var a = "<a href=/no>";</script>\n<a href="/yes">', set(), [(3, "/yes")]),
    ('<A HREF="/caps">', set(), [(1, "/caps")]),
])
def test_each_way_of_writing_a_tag_is_read(html, ids, links):
    page = parse_html(html)
    assert (page.ids, page.links) == (ids, links)


def test_the_language_canonical_and_alternates_are_read():
    page = parse_html('<html lang="fi">\n<link rel="canonical" href="https://x/fi/">\n'
                      '<link rel="alternate" hreflang="en" href="https://x/en/">\n<p id="a"><p id="a">')
    assert (page.lang, page.canonical, page.alternates) == ("fi", "https://x/fi/", {"en": "https://x/en/"})
    assert page.duplicate_ids == ["a"]


@pytest.mark.parametrize("html, scripts", [
    ('<script>alert(1)</script>', [(1, "<script>")]),
    ('<script src="/static/x.js"></script>', [(1, "<script>")]),
    ('<script type="application/ld+json">{"a": 1}</script>', []),  # data, which no browser runs
    ('<p>\n<div class="x"\n onclick="a()">', [(3, "onclick=")]),
    ('<p>Kokous on = tärkeä, ja on=ok</p>', []),  # words in a text, not in a tag
    ('<a href="java\tscript:alert(1)">x</a>', [(1, "javascript:")]),
    ('<a href="&#106;avascript:alert(1)">x</a>', [(1, "javascript:")]),
    ('<a href="/ok">x</a>', []),
])
def test_anything_a_browser_would_run_is_found(html, scripts):
    assert parse_html(html).scripts == scripts
