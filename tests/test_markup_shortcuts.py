"""markup.py's shortcuts around Python-Markdown give exactly what Python-Markdown's own processing gives."""
from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown.treeprocessors import InlineProcessor

from microsite import markup, shortcuts
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
    """As on a Python-Markdown outside the tested versions: its own processors and the toc extension."""
    monkeypatch.setattr(markdown, "__version__", "99.0")


@pytest.mark.parametrize("text", TEXTS)
def test_shortcuts_give_the_same_html_and_links(text, monkeypatch):
    fast = convert(text)
    without_shortcuts(monkeypatch)
    assert convert(text) == fast


def test_the_shortcuts_are_in_use_on_a_tested_version():
    if not shortcuts.shortcuts_apply():
        pytest.skip(f"Python-Markdown {markdown.__version__} is outside shortcuts.TESTED_VERSIONS: the plain path "
                    "runs (test the shortcuts on it, then widen the range)")
    renderer = markup.MarkdownRenderer("/", {}, frozenset())
    assert isinstance(renderer.md.treeprocessors["inline"], shortcuts.PlainTextInline)
    assert any("test" in vars(p) or "run" in vars(p) for p in renderer.md.parser.blockprocessors)


def test_outside_the_tested_versions_only_python_markdowns_own_processing_runs(monkeypatch):
    without_shortcuts(monkeypatch)
    renderer = markup.MarkdownRenderer("/", {}, frozenset())
    assert type(renderer.md.treeprocessors["inline"]) is InlineProcessor
    assert not any("test" in vars(p) or "run" in vars(p) for p in renderer.md.parser.blockprocessors)
    html, _ = renderer.convert(MarkdownDoc("content/fi/x.md", None, "## Osaava työvoima\n\n## Osaava työvoima", 5),
                               "x", [])
    assert [h["id"] for h in BeautifulSoup(html, "html.parser").find_all("h2")] == ["osaava-tyovoima",
                                                                                   "osaava-tyovoima_1"]
    assert renderer.md.toc_tokens[0]["id"] == "osaava-tyovoima"  # set by the toc extension's own run


@pytest.mark.parametrize("version, applies", [("3.5", False), ("3.10.0", False), ("3.11.3", True), ("3.11.4", False),
                                              ("3.12.0rc1", False), ("4.0", False)])
def test_the_shortcuts_switch_off_outside_the_tested_versions(version, applies):
    assert shortcuts.shortcuts_apply(version) is applies
