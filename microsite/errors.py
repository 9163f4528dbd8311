"""Problems in the content, reported to editors one line each."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .messages import SOURCE_LANGUAGE, N_, _, fill

WARNING = N_("warning")
# What text from the content must not bring to a terminal or a CI log: control characters (escape sequences that
# clear or rewrite lines; a line break, after which a CI log reads "::error::…" as a command), line separators,
# and the marks that reverse the order text is shown in.
UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """The text for one line of a terminal: each character of UNSHOWN written as its escape (\\n, \\x1b, …)."""
    return UNSHOWN.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class ContentError:
    """One problem an editor can fix: where it is, what is wrong, and how to fix it."""

    path: Path | str
    line: int | None
    message: str
    hint: str = ""
    values: tuple[tuple[str, object], ...] = ()  # the fields of message and hint, if they are templates

    def __str__(self) -> str:
        return self.as_line()

    def in_english(self) -> tuple[str, str]:
        """The message and the hint as the code has them, their fields filled in (for JSON that tools read)."""
        values = dict(self.values)
        return fill(self.message, values, SOURCE_LANGUAGE), fill(self.hint, values, SOURCE_LANGUAGE)

    def as_line(self, label: str = "") -> str:
        """Return 'path:line: [label: ]message (hint)', the words in the editor's language; the 'path:line:'
        start is the same in every language, for tools that read it."""
        values = dict(self.values)
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        hint = f" ({_(self.hint, **values)})" if self.hint else ""
        label = f"{_(label)}: " if label else ""
        return shown(f"{where}: {label}{_(self.message, **values)}{hint}")


class ContentErrors(Exception):
    """Raised once with every problem found, so editors see them all together."""

    def __init__(self, errors: list[ContentError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def raise_if_any(errors: list[ContentError]) -> None:
    """Raise ContentErrors if the list is not empty."""
    if errors:
        raise ContentErrors(errors)
