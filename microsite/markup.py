"""Markdown to HTML, with links to other pages' .md files turned into their URLs."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .errors import ContentError
from .load import MarkdownDoc

EXTENSIONS = ["attr_list", "sane_lists", "toc", "tables"]
PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


class MarkdownRenderer:
    """Converts page bodies of one language; knows that language's page URLs by key."""

    def __init__(self, base_path: str, urls_by_key: dict[str, str]):
        self.base_path = base_path
        self.urls_by_key = urls_by_key
        self.broken: list[str] = []
        self.md = markdown.Markdown(extensions=EXTENSIONS + [_PageLinks(self)], output_format="html")

    def convert(self, doc: MarkdownDoc, errors: list[ContentError]) -> str:
        """Return the body's HTML, adding an error for each link to a page that does not exist."""
        self.broken = []
        html = self.md.reset().convert(doc.body)
        for target in self.broken:
            errors.append(ContentError(doc.path, _line_of(doc, target), f"link to a page that does not exist: {target}",
                                       "link to another page's file, for example (themes.md)"))
        if "<h1" in html:
            errors.append(ContentError(doc.path, _line_of(doc, "\n# "), "the text has a main heading ('# …')",
                                       "the title is the page's only main heading; use '## …' in the text"))
        return html

    def resolve(self, href: str) -> str | None:
        """Return the URL for a link to 'key.md#anchor', or None if there is no such page."""
        parts = urlsplit(href)
        key = parts.path.removeprefix("./").removesuffix(".md")
        if key not in self.urls_by_key:
            return None
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return self.base_path + self.urls_by_key[key] + fragment


def _line_of(doc: MarkdownDoc, needle: str) -> int:
    index = ("\n" + doc.body).find(needle)
    return doc.body_line if index < 0 else doc.body_line + ("\n" + doc.body)[:index].count("\n") - 1 + needle.count("\n")


class _PageLinks(Extension):
    def __init__(self, renderer: MarkdownRenderer):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):
        md.treeprocessors.register(_PageLinkProcessor(md, self.renderer), "page_links", 5)


class _PageLinkProcessor(Treeprocessor):
    def __init__(self, md, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root):
        for element in root.iter("a"):
            href = element.get("href", "")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
                continue
            url = self.renderer.resolve(href)
            if url is None:
                self.renderer.broken.append(href)
            else:
                element.set("href", url)


def inline_markdown(text: str) -> str:
    """Render one line of Markdown (emphasis, links, lang spans) without the paragraph around it."""
    html = markdown.markdown(text, extensions=["attr_list"], output_format="html")
    match = PARAGRAPH.match(html)
    return match.group(1) if match else html
