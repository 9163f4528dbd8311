"""A stand-in's links lead on in the visitor's language.

A stand-in shows an untranslated page's original text at the address of the visitor's language. Its body was
converted for the original's language, so its links lead to that language's pages; here each link to another
page is pointed at that page's address in the stand-in's language instead (the translation, or its stand-in).
A link's #anchor is kept only where the target shows the same text as the original's target (a stand-in of
the same language): a translated page's headings, so its anchors, differ.
"""
from __future__ import annotations

import re
from html import escape, unescape

HREF = re.compile(r'href="([^"]*)"')


def relinked(html: str, links, base_path: str, original: dict[str, str], visitor: dict[str, str],
             same_text: set[str]) -> str:
    """html with each page link's address (in original's addresses) replaced by its address in visitor's.

    original, visitor: page key -> URL path in the original's and the visitor's language; same_text: the keys
    whose page in the visitor's language shows the same text as in the original's (anchors carry over)."""
    addresses = {}
    for link in links:
        if link.kind != "page" or link.target not in original or link.target not in visitor:
            continue
        fragment = f"#{link.fragment}" if link.fragment else ""
        new_fragment = fragment if link.target in same_text else ""
        addresses[base_path + original[link.target] + fragment] = base_path + visitor[link.target] + new_fragment
    if not addresses:
        return html

    def swap(match: re.Match) -> str:
        # The HTML has the address escaped (an anchor may hold & or "): compare and write it as the HTML does.
        address = addresses.get(unescape(match.group(1)))
        return match.group(0) if address is None else f'href="{escape(address)}"'
    return HREF.sub(swap, html)
