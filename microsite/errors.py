"""Problems in the content, reported to editors one line each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError:
    """One problem an editor can fix: where it is, what is wrong, and how to fix it."""

    path: Path | str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.as_line()

    def as_line(self, label: str = "") -> str:
        """Return 'path:line: [label: ]message (hint)'."""
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        hint = f" ({self.hint})" if self.hint else ""
        label = f"{label}: " if label else ""
        return f"{where}: {label}{self.message}{hint}"


class ContentErrors(Exception):
    """Raised once with every problem found, so editors see them all together."""

    def __init__(self, errors: list[ContentError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def raise_if_any(errors: list[ContentError]) -> None:
    """Raise ContentErrors if the list is not empty."""
    if errors:
        raise ContentErrors(errors)
