"""One build at a time into an output folder: a lock the system releases when the process ends, however it
ends (kill -9 included), so a dead build never leaves a lock behind.

The lock is taken on the folder that holds the output folder, not on a lock file: a file would be left beside
the site for ever, and removing it safely is not possible while another build may be waiting on it. Builds
into two output folders side by side therefore take turns too, which costs nothing worth avoiding.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: a lock file, locked with msvcrt
    fcntl = None
    import msvcrt


@contextmanager
def output_lock(out: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold out's lock for the block; if another process holds it, call on_wait() and wait for it."""
    folder = out.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = _open(folder, out.name)
    try:
        if not _try_lock(descriptor):
            on_wait()
            _wait_for_lock(descriptor)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _open(folder: Path, name: str) -> int:
    if fcntl is not None:
        return os.open(folder, os.O_RDONLY)
    return os.open(folder / f".{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)


def _try_lock(descriptor: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


def _wait_for_lock(descriptor: int) -> None:
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        return
    while not _try_lock(descriptor):
        time.sleep(0.2)
