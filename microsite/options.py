"""How a build is asked for; a module of its own so the up-to-date check can read it without heavy imports."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    """From which folder, to where, for which address, with drafts, strictly, as a preview, with which cache;
    publish: the build will be published, so what a published site must have is an error when missing."""

    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    preview: bool = False
    cache_dir: Path | None = None
    publish: bool = False

    @property
    def settings(self) -> tuple:
        """What besides the input files decides the output."""
        return (self.base_url, self.drafts, self.strict, self.preview, self.publish)
