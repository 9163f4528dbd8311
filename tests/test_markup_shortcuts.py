"""markup.py's shortcuts around Python-Markdown give exactly what Python-Markdown's own processing gives."""
from __future__ import annotations

import html

import pytest
from markdown.extensions.toc import render_inner_html, slugify, strip_tags, unique

from microsite import markup
from microsite.load import MarkdownDoc

TEXTS = [
    "Plain words only.\n\nAnother paragraph\nover two lines.",
    "Two spaces end this line  \nso it breaks.",
    "*em*, **strong**, _under_ and __double__, a * lone star and snake_case_name.",
    "Only _underscores_ and __here__, no star.",
    "A ![picture](files/a.png) alone, and `code` alone, and a \\[not link].",
    "`code with *stars*` and a \\*escaped star\\* and a [link](page-1.md) and ![alt](files/a.png).",
    "<http://example.org> and <someone@example.org> and &amp; and &copy; and a lone & sign.",
    "Raw <abbr title=\"x\">HTML</abbr> inline, and a < b > c comparison.",
    "- plain item\n- item with *emphasis*\n\n1. first\n2. [second](page-1.md#part)",
    "> quoted plain text\n> and `code`",
    "| a | b |\n|:--|--:|\n| plain | *em* |",
    "Text {: #custom-id }\n\n## Heading {: #given }",
    "## Osaava työvoima\n\n## Osaava työvoima\n\n### Tutkimus & kehitys\n\n### A *mixed* heading\n\n#### `code` head",
    "## Heading with &amp; entity\n\n## Heading with <b>raw</b> tag\n\n## Spaced    out   heading",
    "Setext heading\n--------------\n\nText\n\n***\n\n- - -\n\n___\n\nA line\n---",
    "A [reference][ref] and [another].\n\n[ref]: page-1.md \"Title\"\n[another]: <http://example.org>",
    "> quote\n>\n> > nested\n\nText > not a quote\n\n#hashtag and C# and a # b",
    "a | b\n--|--\n1 | 2\n\n| one |\n|-----|\n| 1 |\n\nnot | a table",
]


def convert(text: str) -> tuple[str, tuple]:
    renderer = markup.MarkdownRenderer("/", {"page-1": "fi/sivu/"}, frozenset({"files/a.png"}))
    return renderer.convert(MarkdownDoc("content/fi/x.md", None, text, 5), "x", [])


def without_shortcuts(monkeypatch) -> None:
    """Python-Markdown's own inline processing, and heading ids always from the rendered heading."""
    monkeypatch.setattr(markup, "INLINE_PATTERNS", {"not": (), "the": (), "registered": (), "patterns": ()})
    monkeypatch.setattr(markup, "BLOCK_NEEDS", {})

    def heading_ids(self, root):
        used, counters = {element.get("id") for element in root.iter() if element.get("id")}, {}
        for element in root.iter():
            if element.tag in markup.HEADINGS and not element.get("id"):
                name = strip_tags(render_inner_html(element, self.md))
                element.set("id", unique(slugify(html.unescape(name), "-"), used, counters))
    monkeypatch.setattr(markup._HeadingIds, "run", heading_ids)


@pytest.mark.parametrize("text", TEXTS)
def test_shortcuts_give_the_same_html_and_links(text, monkeypatch):
    fast = convert(text)
    without_shortcuts(monkeypatch)
    assert convert(text) == fast


def test_the_plain_text_shortcut_is_in_use():
    renderer = markup.MarkdownRenderer("/", {}, frozenset())
    assert isinstance(renderer.md.treeprocessors["inline"], markup._PlainTextInline)
