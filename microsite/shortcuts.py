"""Faster paths through Python-Markdown, used only on the versions they were tested on.

Two of them reach into Python-Markdown's internals (a name-mangled method of its inline processor, its block
processors' methods wrapped on the instance), which any release may change, as 3.10 changed a helper we once
called. So they switch themselves on only for the exact range of versions the suite has passed on; on any
other version Python-Markdown's own processors and its toc extension run, giving the same HTML, slower.
"""
from __future__ import annotations

import re

import markdown
from markdown.extensions.toc import TocExtension, slugify
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

# The lowest and highest Python-Markdown the shortcuts were tested on: CI runs the suite on the newest (with
# them) and on the floor in pyproject.toml (without them). Widen it only after the suite passes on the version.
# Measured on the bench corpus (2,214 pages, Markdown 3.11.3): 1.57 s with the shortcuts, 2.87 s without.
TESTED_VERSIONS = ((3, 11, 3), (3, 11, 3))
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Python-Markdown's inline patterns with our extensions, in order, and what each needs in a text to match: a
# text without any of these is left as it is instead of tried against each pattern in turn (the placeholders
# the patterns put in a text never contain them, so this holds as a text is processed).
INLINE_PATTERNS = {"backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "image_link": ("![",),
                   "image_reference": ("![",), "short_reference": ("[",), "short_image_ref": ("![",),
                   "autolink": ("<",), "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",),
                   "em_strong": ("*", "_")}
# Block processors whose regular expressions can only match a block with one of these characters: a block
# without any is passed on at once instead of searched (the reference processor's run, which does its own test).
BLOCK_NEEDS = {"TableProcessor": "|", "HashHeaderProcessor": "#", "HRProcessor": "-_*", "BlockQuoteProcessor": ">",
               "ReferenceProcessor": "["}
ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")


def version_tuple(version: str) -> tuple[int, ...]:
    """(3, 11, 3) for '3.11.3'; a pre-release such as '3.12.0rc1' counts as its release's numbers."""
    digits = re.match(r"[\d.]*", version)
    assert digits is not None  # the pattern matches any string, if only with ''
    return tuple(int(part) for part in digits.group(0).strip(".").split(".") if part)


def shortcuts_apply(version: str | None = None) -> bool:
    """True if this Python-Markdown (or the version given) is one the shortcuts were tested on."""
    low, high = TESTED_VERSIONS
    version = markdown.__version__ if version is None else version
    return low <= version_tuple(version) <= high


def install(md: markdown.Markdown, shortcuts: bool) -> None:
    """Give every heading an id as the toc extension does, with the shortcuts if they apply."""
    TocExtension(marker="").extendMarkdown(md)  # marker "": a paragraph '[TOC]' stays text
    toc = md.treeprocessors["toc"]
    md.treeprocessors.deregister("toc")
    md.treeprocessors.register(HeadingIds(md, toc, shortcuts), "heading_ids", 4)  # after the links are rewritten
    if not shortcuts:
        return
    patterns = md.inlinePatterns
    if len(patterns) == len(INLINE_PATTERNS) and all(
            name in patterns and patterns.get_index_for_name(name) == index for index, name in enumerate(INLINE_PATTERNS)):
        md.treeprocessors.register(PlainTextInline(md), "inline", 20)  # else the patterns changed: no shortcut
    for processor in md.parser.blockprocessors:
        _prefilter(processor, BLOCK_NEEDS.get(type(processor).__name__))


def _prefilter(processor, needs: str | None) -> None:
    """Let the block processor look at a block only if the block has one of the characters it needs."""
    if not needs:
        return
    has = re.compile(f"[{re.escape(needs)}]").search
    if type(processor).__name__ == "ReferenceProcessor":
        run = processor.run
        processor.run = lambda parent, blocks: bool(has(blocks[0])) and run(parent, blocks)
    else:
        test = processor.test
        processor.test = lambda parent, block: bool(has(block)) and test(parent, block)


class PlainTextInline(InlineProcessor):
    """Python-Markdown's inline processor, which tries each pattern on a text in turn (half the time of a
    conversion), except that it skips a pattern when the text lacks what the pattern needs."""

    def __init__(self, md):
        super().__init__(md)
        self.needs = list(INLINE_PATTERNS.values())

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The loop of InlineProcessor.__handleInline, with the skip."""
        if isinstance(data, AtomicString):
            return data
        start, count = 0, len(self.inlinePatterns)
        while patternIndex < count:
            if not any(need in data for need in self.needs[patternIndex]):
                matched, start = False, 0  # as when the pattern is tried and does not match
            else:
                data, matched, start = self._InlineProcessor__applyPattern(self.inlinePatterns[patternIndex], data,
                                                                          patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class HeadingIds(Treeprocessor):
    """The toc extension's heading ids ('## Osaava työvoima' is #osaava-tyovoima). With the shortcuts, a page
    whose headings are all plain words gets them without toc's rendering of each heading and building of a
    table of contents, which took a fifth of a build's Markdown time; any other page goes through toc."""

    def __init__(self, md, toc: Treeprocessor, shortcuts: bool):
        super().__init__(md)
        self.toc = toc
        self.shortcuts = shortcuts

    def run(self, root):
        headings = [element for element in root.iter() if element.tag in HEADINGS]
        if not self.shortcuts or not all(_plain(element) for element in headings):
            return self.toc.run(root)
        used = {element.get("id") for element in root.iter() if element.get("id")}
        for element in headings:
            if not element.get("id"):
                element.set("id", _unique(slugify(" ".join((element.text or "").split()), "-"), used))
            element.attrib.pop("data-toc-label", None)  # as toc does


def _plain(heading) -> bool:
    """True if the heading is words alone: no markup, entity or stashed HTML, so its text is its name."""
    text = heading.text or ""
    return not len(heading) and not any(c in text for c in "<&\x02")


def _unique(slug: str, used: set[str]) -> str:
    """The slug, or with '_1', '_2', … added as toc does, so it is not one already used; now used."""
    while slug in used or not slug:
        match = ID_COUNT.match(slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    used.add(slug)
    return slug
