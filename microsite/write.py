"""Writing the rendered site: into a temporary folder first, then swapped in whole."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_site(files: dict[str, bytes], out: Path, reuse: dict | None = None) -> None:
    """Write the files to a folder beside out, then replace out with it; files in `reuse` are kept from
    the current out (hard-linked: the old folder is never changed, so a failure still leaves it as it was).

    A failure before the swap leaves the previous out exactly as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            target = safe_target(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for relative in sorted(reuse or ()):
            target = safe_target(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(out / relative, target)
        staging.chmod(0o755)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def safe_target(root: Path, relative: str) -> Path:
    """Return root/relative, refusing any path that would land outside root.

    A string check, not resolve(): root is a fresh folder of our own, with no links in it to follow.
    """
    normal = os.path.normpath(relative)
    if os.path.isabs(normal) or normal == ".." or normal.startswith("../") or normal in ("", "."):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return root / normal


def swap_in(staging: Path, out: Path) -> None:
    """Replace out with staging; the old folder is removed only after the new one is in place."""
    if not out.exists():
        staging.rename(out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)
        raise
    shutil.rmtree(retired)
