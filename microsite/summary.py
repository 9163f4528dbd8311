"""What the command line reports of a build: a module of its own, so that the cache can hold it and an
up-to-date build can repeat it without importing the pipeline (Jinja, Markdown, YAML)."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import ContentError


@dataclass(frozen=True)
class Summary:
    """How many pages in which languages, and the warnings to repeat."""

    pages: int
    languages: tuple[str, ...]  # their codes, in the site's order
    warnings: list[ContentError]
