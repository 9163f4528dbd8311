"""Ctrl-C and SIGTERM as an exception the command line can explain, and the steps they must not cut short.

Signals are delivered to the process, so this state belongs to the process too: one handler, installed by the
command line for the time a command runs, and a note of whether the new site is already in place (then a
build has succeeded, whatever stops it afterwards).
"""
from __future__ import annotations

import os
import signal
import sys
from contextlib import contextmanager
from typing import TypedDict

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class _State(TypedDict):
    depth: int  # how many final steps are open
    pending: int | None  # the signal that arrived during one, raised once they are done
    published: bool
    late: int  # interrupts heard after the command
    publishing: bool  # the command's builds are the site it makes (see handled)


_state: _State = {"depth": 0, "pending": None, "published": False, "late": 0, "publishing": True}


class Interrupted(KeyboardInterrupt):
    """The user or the system asked the build to stop; published says whether the new site was in place.

    A KeyboardInterrupt, because that is what event loops (asyncio's, under the preview) let through when it is
    raised in one of their callbacks, where they would log and swallow any other exception.
    """

    def __init__(self, signum: int, published: bool):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.published = published

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # as a shell reports a process a signal ended


@contextmanager
def handled(then_ignore: bool = False, publishing: bool = True):
    """Within the block, SIGINT and SIGTERM raise Interrupted (in the main thread); the old handlers after, or,
    then_ignore (the process is the command): once the command is done, a late Ctrl+C changes nothing and the
    exit status stays the command's; a second one ends the process at once, should its exit hang.

    publishing: the command's builds are the site it makes. A command that builds into a temporary folder of
    its own (check, review) publishes nothing, so a stop after such a build is no success."""
    _state.update({"depth": 0, "pending": None, "published": False, "late": 0, "publishing": publishing})
    previous = {signum: signal.signal(signum, _handle) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, _handle_late if then_ignore else handler)


def reset_in_worker(parent: int) -> None:
    """For a forked worker of the process parent: the parent alone hears Ctrl-C and ends its workers with
    SIGTERM, and a worker whose parent was killed outright (kill -9) ends with it, instead of writing into a
    closed pipe. (Without Linux's prctl, such a worker ends when it next writes its result.)"""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGTERM), 0, 0, 0) != 0:
            return  # refused (a sandbox's seccomp): the worker still ends at its next write
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _handle(signum: int, frame) -> None:
    if _state["depth"]:
        _state["pending"] = signum
    else:
        raise Interrupted(signum, _state["published"])


def _handle_late(signum: int, frame) -> None:
    """After the command: the first Ctrl+C is ignored (the command's status stands), a second ends the process."""
    _state["late"] += 1
    if _state["late"] > 1:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, RuntimeError, ValueError):  # closed, or interrupted in the middle of a write
                pass
        os._exit(0 if _state["published"] else 128 + signum)


@contextmanager
def final_step():
    """A step that must not be cut short (a swap, a set of renames): an interrupt during it is raised after."""
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        pending = _state["pending"]
        if not _state["depth"] and pending is not None:
            _state["pending"] = None
            raise Interrupted(pending, _state["published"])


def mark_published() -> None:
    """Note that the new site is in place: from now on the build has succeeded (if the command publishes it)."""
    _state["published"] = _state["publishing"]


def published() -> bool:
    return _state["published"]
