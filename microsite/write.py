"""Writing the rendered site: into a temporary folder first, then swapped in whole."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class Staging:
    """A new output folder beside out, filled file by file and swapped in whole by commit().

    Used as a context manager: leaving it by an exception removes the new folder, so a failed build
    leaves the previous out exactly as it was. Files written here need not be kept in memory.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self.made: set[Path] = {self.folder}

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def write(self, relative: str, content: bytes) -> None:
        self._target(relative).write_bytes(content)

    def keep(self, relative: str) -> None:
        """Take a file unchanged from the current out (hard-linked: the old folder is never changed)."""
        _link_or_copy(self.out / relative, self._target(relative))

    def commit(self) -> None:
        self.folder.chmod(0o755)
        swap_in(self.folder, self.out)

    def _target(self, relative: str) -> Path:
        target = safe_target(self.folder, relative)
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        return target


def write_site(files: dict[str, bytes], out: Path, reuse: dict | None = None) -> None:
    """Write the files to a folder beside out, then replace out with it; files in `reuse` are kept from
    the current out. A failure before the swap leaves the previous out exactly as it was.
    """
    with Staging(out) as staging:
        for relative, content in sorted(files.items()):
            staging.write(relative, content)
        for relative in sorted(reuse or ()):
            staging.keep(relative)
        staging.commit()


def replace_files(out: Path, files: dict[str, bytes]) -> None:
    """Replace files of an existing output folder in place, each atomically (a new file renamed over the old):
    for a quick rebuild that has already passed every check, and changes a few files of thousands."""
    for relative, content in sorted(files.items()):
        target = safe_target(out, relative)
        temporary = target.with_name(f".{target.name}.new")
        try:
            temporary.write_bytes(content)
            os.replace(temporary, target)
        except BaseException:  # interrupted: leave no stray file to be published
            temporary.unlink(missing_ok=True)
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
