"""What went wrong that is not the content: the machine's faults and the tool's own bugs, in an editor's words.

The command line prints one of these lines instead of a traceback. Each says what happened, where, whether the
site that was there is still there, and what to do.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import shown
from .messages import N_, _

KEPT = N_("the previous site was left as it was")
PUBLISHED = N_("the new site is in place and complete")


def explain_os_error(exc: OSError, published: bool) -> str:
    """One line for a failure of the system (disk, permissions, a vanished file)."""
    where = _shown(exc.filename)
    outcome = _(PUBLISHED if published else KEPT)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("The disk is full (writing {where}): free some space and build again; {outcome}.",
                 where=where, outcome=outcome)
    if code == errno.EROFS:
        return _("{where} is on a read-only disk: build into another folder with --out; {outcome}.",
                 where=where, outcome=outcome)
    if code in (errno.EACCES, errno.EPERM):
        return _("No permission to use {where}: check who owns it, or build into another folder with --out; "
                 "{outcome}.", where=where, outcome=outcome)
    if code == errno.ENOENT:
        return _("{where} disappeared during the build (moved or deleted meanwhile?): build again; {outcome}.",
                 where=where, outcome=outcome)
    if code in (errno.EXDEV, errno.EBUSY):
        return _("{where} cannot be replaced: it is a mount point or on another disk than the folder around it. "
                 "Build into a folder inside it, such as --out {where}/site; {outcome}.", where=where, outcome=outcome)
    return _("System error: {error} ({where}); {outcome}.", error=exc.strerror or exc, where=where, outcome=outcome)


def explain_interrupt(name: str, published: bool) -> str:
    how = "Ctrl+C" if name == "SIGINT" else name
    if published:
        return _("Stopped ({how}) after the new site was in place: it is complete.", how=how)
    return _("Stopped ({how}): {outcome}.", how=how, outcome=_(KEPT))


def explain_bug(exc: BaseException, debug: bool) -> str:
    """The line for an error in the tool itself: never the editor's fault."""
    error = shown(f"{type(exc).__name__}: {exc}")  # what it says may quote the content
    if debug:
        return _("Internal error in the site tool, not in your content: {error}. Please report it to the site's "
                 "developers (an issue in its repository), with the command and what it printed.", error=error)
    return _("Internal error in the site tool, not in your content: {error}. Run the same command with --debug to "
             "see the details, and report it to the site's developers (an issue in its repository), with the "
             "command and what it printed.", error=error)


def _shown(filename) -> str:
    """A path as short as it can be: relative to the current folder when it is under it."""
    if not filename:
        return _("a file")
    path = Path(os.fsdecode(filename))
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)
