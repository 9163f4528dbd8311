"""Writing the rendered site: into a temporary folder first, then swapped in whole (or, for the preview,
the changed files replaced in place)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .exchange import exchange
from .interrupts import final_step, mark_published


class Staging:
    """A new output folder beside out, filled file by file and swapped in whole by commit().

    Used as a context manager: leaving it by an exception removes the new folder, so a failed build
    leaves the previous out exactly as it was. Files written here need not be kept in memory.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.folder = scratch_folder(self.out)
        self.made: set[Path] = {self.folder}

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def write(self, relative: str, content: bytes) -> None:
        try:
            self._target(relative).write_bytes(content)
        except OSError as exc:  # named as the file it will be, not by the temporary folder's random name
            raise OSError(exc.errno, exc.strerror, str(self.out / relative)) from exc

    def keep(self, relative: str) -> None:
        """Take a file unchanged from the current out (hard-linked: the old folder is never changed)."""
        _link_or_copy(self.out / relative, self._target(relative))

    def commit(self) -> None:
        """Put the new folder in place of out; from here on the build has succeeded, come what may."""
        self.folder.chmod(0o755)
        swap_in(self.folder, self.out)

    def _target(self, relative: str) -> Path:
        target = safe_target(self.folder, relative)
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        return target


class InPlace:
    """For the preview: like Staging, but commit() replaces only the files written, each atomically, and
    removes the files the build no longer makes, instead of linking thousands of unchanged files into a new
    folder and removing the old (most of a rebuild's time at 1,000 pages). Nobody reads the preview's folder
    between commit() and the reload it is followed by, so a whole-site swap would buy nothing there.
    The new files wait beside out, in a folder of the same shape, until commit(): a failed build leaves out
    as it was. write() keeps no state in memory, as it is called in the worker processes too.
    previous: the files out holds, where the caller knows them (else out is walked to find them)."""

    def __init__(self, out: Path, previous=None):
        self.out = out.resolve()
        self.scratch = Staging(out)
        self.kept: set[str] = set()
        self.previous = previous

    def __enter__(self) -> "InPlace":
        return self

    def __exit__(self, kind, error, trace) -> None:
        shutil.rmtree(self.scratch.folder, ignore_errors=True)

    def write(self, relative: str, content: bytes) -> None:
        self.scratch.write(relative, content)

    def keep(self, relative: str) -> None:
        self.kept.add(relative)  # already in out, unchanged

    def commit(self) -> None:
        written = _files_under(self.scratch.folder)
        with final_step():
            for relative in written:
                target = safe_target(self.out, relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.scratch.folder / relative, target)
            previous = _files_under(self.out) if self.previous is None else self.previous
            _remove(self.out, set(previous) - {*written, *self.kept})
            mark_published()


def _files_under(folder: Path) -> list[str]:
    """The files under folder, as paths relative to it."""
    found = []
    for parent, _, files in os.walk(folder):
        relative_parent = os.path.relpath(parent, folder)
        found += [name if relative_parent == "." else f"{relative_parent}/{name}" for name in files]
    return found


def _remove(out: Path, gone: set[str]) -> None:
    """Remove these files under out (pages gone, files renamed), and the folders they leave empty."""
    for relative in sorted(gone):
        path = out / relative
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == out or any(parent.iterdir()):
                break
            parent.rmdir()


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
    for a quick rebuild that has already passed every check, and changes a few files of thousands.

    The new files are written beside out, never inside it, so an interrupted write leaves nothing there to be
    published; what it leaves beside is removed by the next build (tidy_beside).
    """
    out = out.resolve()
    scratch = scratch_folder(out)
    try:
        staged = []
        for index, (relative, content) in enumerate(sorted(files.items())):
            temporary = scratch / str(index)
            temporary.write_bytes(content)
            staged.append((temporary, safe_target(out, relative)))
        with final_step():  # once the first file is replaced, the rest follow before an interrupt is heard
            for temporary, target in staged:
                os.replace(temporary, target)
            mark_published()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def scratch_folder(out: Path) -> Path:
    """A new, uniquely named folder beside out (so on its filesystem, for renames), for a build to fill."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:  # named as the folder the user knows, not by the new folder's random name
        raise OSError(exc.errno, exc.strerror, str(out.parent)) from exc


def tidy_beside(out: Path) -> None:
    """Remove what killed builds left beside out; first put the old site back if a kill between the two renames
    of the fallback swap left no out. Only while holding out's lock: a running build's folders look the same."""
    out = out.resolve()
    if not out.parent.is_dir():
        return
    ours = [entry for entry in out.parent.iterdir()
            if entry.name.startswith((f".{out.name}.new-", f".{out.name}.old-")) and entry.is_dir()]
    retired = sorted((entry for entry in ours if entry.name.startswith(f".{out.name}.old-")),
                     key=lambda entry: entry.stat().st_mtime_ns)
    if retired and not out.exists():
        retired.pop().rename(out)
    for entry in ours:
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)  # our own leftovers; what stays is tried again next time


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
    """Replace out with staging in one atomic step where the system can (else two renames, repaired by the next
    build if killed between them); the old folder is removed only after the new one is in place."""
    with final_step():
        if not out.exists():
            staging.rename(out)
            mark_published()
            return
        if exchange(staging, out):
            retired = staging  # the old site, now at the new folder's name
        else:
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            retired.rmdir()
            out.rename(retired)
            try:
                staging.rename(out)
            except BaseException:
                retired.rename(out)
                raise
        mark_published()
    shutil.rmtree(retired, ignore_errors=True)  # the new site is in place: a leftover is removed next time
