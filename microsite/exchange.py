"""Swapping two folders in one step, so the published folder is never missing, not even for an instant.

Renaming the old folder away and the new one in is two steps: a build killed between them leaves no site.
Linux (renameat2 with RENAME_EXCHANGE, since 3.15) and macOS (renamex_np with RENAME_SWAP, since 10.12) swap
two paths atomically; both are documented system calls, reached through ctypes. Elsewhere, or on a filesystem
that cannot swap, the caller falls back to two renames, and the next build repairs what a kill between them
left (see write.recover).
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # <linux/fs.h>
RENAME_SWAP = 2  # <stdio.h> on macOS
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _system_call():
    """The C function that swaps two paths on this system, or None."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        call = libc.renameat2
        return lambda a, b: call(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        call = libc.renamex_np
        return lambda a, b: call(a, b, RENAME_SWAP)
    return None


_SWAP = _system_call()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one atomic step; False if this system or filesystem cannot (nothing moved).

    Raises OSError for any other failure, with nothing moved either.
    """
    if _SWAP is None:
        return False
    if _SWAP(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))
