"""What went wrong that is not the content: the machine's faults and the tool's own bugs, in an editor's words.

The command line prints one of these lines instead of a traceback. Each says what happened, where, whether the
site that was there is still there, and what to do.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

REPORT_TO = "the site's developers (an issue in its repository)"
KEPT = "the previous site was left as it was"
PUBLISHED = "the new site is in place and complete"


def explain_os_error(exc: OSError, published: bool) -> str:
    """One line for a failure of the system (disk, permissions, a vanished file)."""
    where = _shown(exc.filename)
    outcome = PUBLISHED if published else KEPT
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full (writing {where}): free some space and build again; {outcome}."
    if code == errno.EROFS:
        return f"{where} is on a read-only disk: build into another folder with --out; {outcome}."
    if code in (errno.EACCES, errno.EPERM):
        return f"No permission to use {where}: check who owns it, or build into another folder with --out; {outcome}."
    if code == errno.ENOENT:
        return f"{where} disappeared during the build (moved or deleted meanwhile?): build again; {outcome}."
    if code in (errno.EXDEV, errno.EBUSY):
        return (f"{where} cannot be replaced: it is a mount point or on another disk than the folder around it. "
                f"Build into a folder inside it, such as --out {where}/site; {outcome}.")
    return f"System error: {exc.strerror or exc} ({where}); {outcome}."


def explain_interrupt(name: str, published: bool) -> str:
    how = "Ctrl+C" if name == "SIGINT" else name
    if published:
        return f"Stopped ({how}) after the new site was in place: it is complete."
    return f"Stopped ({how}): {KEPT}."


def explain_bug(exc: BaseException, debug: bool) -> str:
    """The line for an error in the tool itself: never the editor's fault."""
    details = "" if debug else " Run the same command with --debug to see the details, and report it"
    report = " Please report it" if debug else ""
    return (f"Internal error in the site tool, not in your content: {type(exc).__name__}: {exc}.{details}{report} "
            f"to {REPORT_TO}, with the command and what it printed.")


def _shown(filename) -> str:
    """A path as short as it can be: relative to the current folder when it is under it."""
    if not filename:
        return "a file"
    path = Path(os.fsdecode(filename))
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)
