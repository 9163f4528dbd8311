"""One build at a time into an output folder: a lock the system releases when the process ends, however it
ends (kill -9 included), so a dead build never leaves a lock behind.

The lock is taken on the folder that holds the output folder, not on a lock file: a file would be left beside
the site for ever, and removing it safely is not possible while another build may be waiting on it. Builds
into two output folders side by side therefore take turns too, which costs nothing worth avoiding.
"""
from __future__ import annotations

import os
import shutil
import tempfile
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


STALE_SECONDS = 60  # a folder this old whose lock is free belongs to a process that is gone


@contextmanager
def private_folder(prefix: str, base: Path | None = None) -> Iterator[Path]:
    """A new temporary folder in base (default: the system's), locked while the block runs and removed after
    it; the folders of the same prefix that killed processes left (unlocked, older than a minute) go first."""
    base = base or Path(tempfile.gettempdir())
    for stale in base.glob(prefix + "*"):
        _remove_if_abandoned(stale)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(descriptor)
        shutil.rmtree(folder, ignore_errors=True)


def _remove_if_abandoned(folder: Path) -> None:
    if fcntl is None or not folder.is_dir() or folder.is_symlink():
        return
    try:
        if time.time() - folder.stat().st_mtime < STALE_SECONDS:
            return  # perhaps just made, and not yet locked by its process
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        if _try_lock(descriptor):
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(descriptor)
