"""Bounds on a page text, checked before converting it, so a hostile or broken text is an error, not a hang.

Python-Markdown parses nested blocks (lists, quotes) by recursion, one level of Python's stack a level or
more: a few hundred levels deep end in RecursionError. Its inline patterns and the sanitizer take time
that grows faster than the text on some texts, so a very large page could keep a build busy for minutes.
"""
from __future__ import annotations

import re

from .errors import ContentError
from .load import CONTROL, CONTROL_HINT, CONTROL_MESSAGE, MarkdownDoc
from .messages import N_, Number

MAX_DEPTH = 100  # a real page nests a few levels; Python-Markdown's recursion fails at about 400
# About 30,000 words, fifty long pages: converted in about 3 s at worst (links, emphasis). Conversion time
# grows with the square of a page's size: 500,000 characters took 14 s, 2,000,000 more than 100 s.
MAX_CHARS = 200_000
# A page converts in milliseconds; one that takes seconds is built to be slow (see budget.py).
MAX_SECONDS = 5
# A data text (a theme item, a circle's title) is a line or a short paragraph: the longest today is 543
# characters. Bounded, so that even one built to convert slowly takes well under a second.
MAX_TEXT_CHARS = 2_000
# What opens a block level at the start of a line: a quote mark, a list marker, or an indentation step.
LEVEL = re.compile(r"    |\t|[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
OPEN_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>|</[a-zA-Z][a-zA-Z0-9]*\s*>")


def text_problems(doc: MarkdownDoc) -> list[ContentError]:
    """An error if the page's text is too large or nested too deeply to convert."""
    if len(doc.body) > MAX_CHARS:
        return [ContentError(doc.path, doc.body_line, N_("the text is {length} characters long; at most {limit} "
                             "are allowed"), N_("split it into several pages"),
                             (("length", Number(len(doc.body))), ("limit", Number(MAX_CHARS))))]
    control = CONTROL.search(doc.body)
    if control:
        return [ContentError(doc.path, doc.body_line + doc.body.count("\n", 0, control.start()), CONTROL_MESSAGE,
                             CONTROL_HINT, (("code", f"U+{ord(control.group()):04X}"),))]
    for number, line in enumerate(doc.body.split("\n")):
        depth = max(_block_depth(line), _tag_depth(line) if "<" in line else 0)
        if depth > MAX_DEPTH:
            return [ContentError(doc.path, doc.body_line + number, N_("the text is nested {depth} levels deep; at "
                                 "most {limit} are allowed"), N_("use fewer lists, quotes or tags inside each other"),
                                 (("depth", Number(depth)), ("limit", Number(MAX_DEPTH))))]
    return []


def _block_depth(line: str) -> int:
    """How many block levels (quotes, list items, indentation steps) the line opens at its start."""
    depth, position = 0, 0
    while match := LEVEL.match(line, position):
        depth, position = depth + 1, match.end()
    return depth


def _tag_depth(line: str) -> int:
    """How deep the raw HTML tags opened on the line nest (closing tags counted back, void ones ignored)."""
    depth = deepest = 0
    for match in OPEN_TAG.finditer(line):
        if match.group(0).startswith("</"):
            depth = max(0, depth - 1)
        elif not match.group(2) and match.group(1).lower() not in ("br", "hr", "img"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest
