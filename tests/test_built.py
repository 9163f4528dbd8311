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
