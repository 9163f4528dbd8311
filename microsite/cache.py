"""The build cache: what earlier builds computed, keyed by content hashes, so an edit redoes only what it affects.

Kept in a git-ignored folder beside content/ (one file per output folder and set of options), and in memory
by the preview between rebuilds. Everything in it is checked against current inputs before reuse: a stale
entry costs a recomputation, never a wrong page.
"""
from __future__ import annotations

import glob
import os
import pickle
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .confine import INPUT_FOLDERS, leads_inside
from . import hashing
from .hashing import digest
from .sealed import is_sealed, write_sealed

if TYPE_CHECKING:
    from .built import ParsedPage
    from .incremental import RenderRecord
    from .load import ParsedFile
    from .markup import Conversion
    from .options import Options
    from .summary import Summary
    from .quick import LastBuild
    from .render import TextWatchingEnvironment

TEMPORARY = ".tmp"
RACY_NS = 2_000_000_000  # a file changed this close before a scan may change again with the same time stamp


def inputs_digest(root: Path, settings: tuple, stamps: dict, scanned_at: int) -> tuple[str, dict]:
    """One hash of every input file, the code and the build settings (equal means nothing to do), and each
    file's new stamp: (size, modification time, digest of its bytes).

    As make and git do, a file whose size and time are those of its stamp is taken as unchanged without
    reading it, unless it changed so shortly before the last scan (at scanned_at) that a second change could
    have kept its time.
    """
    fresh, trusted = {}, scanned_at - RACY_NS
    for folder in INPUT_FOLDERS:
        inside = (root / folder).resolve()
        for shown, entry in _files(str(root), folder):
            if entry.is_symlink() and not leads_inside(Path(entry.path), inside):
                fresh[shown] = (0, 0, digest("link", os.readlink(entry.path)))  # never read: the build refuses it
                continue
            if entry.is_symlink() and not os.path.isfile(entry.path):
                continue  # a link to a folder inside, which the build does not follow either, or to nothing
            stat, old = entry.stat(), stamps.get(shown)
            if old is not None and old[0] == stat.st_size and old[1] == stat.st_mtime_ns < trusted:
                fresh[shown] = old
            else:
                with open(entry.path, "rb") as stream:
                    fresh[shown] = (stat.st_size, stat.st_mtime_ns, digest(stream.read()))
    listing = "\0".join(f"{shown}\0{fresh[shown][2]}" for shown in sorted(fresh))
    return digest(hashing.code_version(), repr(settings), listing), fresh


def _files(root: str, folder: str):
    """(path relative to root with '/', directory entry) of every file under root/folder, links not followed."""
    folders = [folder]
    while folders:
        relative = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, relative)))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(f"{relative}/{entry.name}")
            else:
                yield f"{relative}/{entry.name}", entry


@dataclass
class BuildCache:
    """Results of earlier builds for one output folder and set of options."""

    inputs: str = ""
    stamps: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # input file: (size, mtime, digest)
    scanned_at: int = 0
    changed: set[str] = field(default_factory=set)  # input files changed, added or removed since the last good build
    last: LastBuild | None = None  # the last good build, for a quick rebuild of edited page texts (see quick.py)
    templates: dict[str, bytes] = field(default_factory=dict)  # compiled templates, kept by the preview in memory
    environments: dict[str, TextWatchingEnvironment] | None = None  # the last good build's, kept by the preview
    remade: set[str] = field(default_factory=set)  # outputs quick rebuilds rewrote since the rest was saved
    parts: dict[str, str] = field(default_factory=dict)  # the versions of the saved parts that go with the manifest
    saved_at: Path | None = None  # where the cache was loaded from, its parts read as they are needed
    loaded: set[str] = field(default_factory=set)  # the parts read so far
    files: dict[str, ParsedFile] = field(default_factory=dict)  # input files as parsed, by shown path
    conversions: dict[str, Conversion] = field(default_factory=dict)  # page bodies converted, by shown path
    renders: dict[str, RenderRecord] = field(default_factory=dict)  # how each output was rendered
    parsed: dict[str, ParsedPage] = field(default_factory=dict)  # what the checks read of an output, by its digest
    written: dict[str, tuple[int, int]] = field(default_factory=dict)  # output file: (size, mtime) as written
    summary: Summary | None = None  # the last good build's, repeated when nothing changed

    def scan(self, root: Path, settings: tuple) -> str:
        """Stamp every input file anew (reading only those that changed); return the digest of all inputs."""
        now, old = time.time_ns(), self.stamps
        inputs, self.stamps = inputs_digest(root, settings, old, self.scanned_at)
        self.changed |= {shown for shown in old.keys() | self.stamps.keys()  # kept until a build succeeds
                         if old.get(shown, ())[2:] != self.stamps.get(shown, ())[2:]}
        self.scanned_at = now
        return inputs

    def file_digest(self, shown: str) -> str | None:
        """The digest of an input file's bytes at the last scan."""
        stamp = self.stamps.get(shown)
        return stamp[2] if stamp else None

    def outputs_intact(self, out: Path) -> bool:
        """True if every file the last build wrote is still there as it was written (size and time)."""
        if not self.written:
            return False
        folder = str(out)
        for relative, stamp in self.written.items():
            try:
                stat = os.stat(os.path.join(folder, relative))
            except OSError:
                return False
            if (stat.st_size, stat.st_mtime_ns) != stamp:
                return False
        return True

    def output_unchanged(self, out: Path, relative: str) -> bool:
        """True if the file the last build wrote at relative is still as it was written."""
        try:
            stat = (out / relative).stat()
        except OSError:
            return False
        return self.written.get(relative) == (stat.st_size, stat.st_mtime_ns)

    def forget_output(self) -> None:
        """The output folder no longer holds the last build's files: the next build makes every one."""
        self.written, self.last = {}, None

    def record_written(self, out: Path, paths, replace: bool = True) -> None:
        """Stamp the files just written; with replace, these are all the output there is."""
        if replace:
            self.written = {}
        for relative in paths:
            stat = (out / relative).stat()
            self.written[relative] = (stat.st_size, stat.st_mtime_ns)


# The cache is saved in three files, each read only when needed: the manifest (all an up-to-date check needs),
# the last build (all a quick rebuild of edited texts needs, see quick.py) and the rest (parsed files,
# conversions and render records, for the full incremental build). The manifest names the versions of the
# other two that belong with it, so files left from an interrupted save are never mixed.
MANIFEST_FIELDS = ("inputs", "stamps", "scanned_at", "written", "summary", "remade", "parts")
LAST_FIELDS = ("last",)
REST_FIELDS = ("files", "conversions", "renders", "parsed")


def cache_file(folder: Path, out: Path, settings: tuple) -> Path:
    return folder / f"build-{digest(str(out), settings)}.pickle"


def _part_file(path: Path, part: str) -> Path:
    return path if part == "rest" else path.with_suffix(f".{part}")


def _read(path: Path) -> dict | None:
    """The fields written by _write, or None if the file is missing or unreadable."""
    try:
        with path.open("rb") as stream:
            if not is_sealed(stream):
                return None  # not written by a build of this user's: never unpickled
            count, values = pickle.load(stream), {}
            for _ in range(count):
                name, value = pickle.load(stream)
                values[name] = value
            return values
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def load_manifest(path: Path) -> BuildCache:
    """Only the small part of the cache saved at path: enough to tell whether anything changed."""
    manifest = _read(_part_file(path, "manifest"))
    if not isinstance(manifest, dict) or set(manifest) != set(MANIFEST_FIELDS):
        return BuildCache()
    return BuildCache(**manifest, saved_at=path)


def load_part(cache: BuildCache, part: str) -> None:
    """Add a part of the cache saved beside the loaded manifest, if it is the version the manifest names and
    was written by this code (else the cache starts afresh there)."""
    if cache.saved_at is None or part in cache.loaded:
        return
    cache.loaded.add(part)
    values = _read(_part_file(cache.saved_at, part))
    if isinstance(values, dict) and values.pop("version", None) == (hashing.code_version(), cache.parts.get(part)):
        for name, value in values.items():
            setattr(cache, name, value)
    if part == "rest":
        for output in cache.remade:  # rewritten by quick rebuilds since these records were saved
            cache.renders.pop(output, None)


def save_cache(path: Path, cache: BuildCache, rest: bool = True) -> None:
    """Write the manifest, the last build and (unless only the last build changed) the rest, each atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n")
    for leftover in path.parent.glob(glob.escape(path.stem) + ".*" + TEMPORARY):  # of a killed save
        leftover.unlink(missing_ok=True)
    parts = {"last": LAST_FIELDS, **({"rest": REST_FIELDS} if rest else {})}
    if rest:
        cache.remade = set()
    for part, names in parts.items():
        cache.parts = {**cache.parts, part: os.urandom(8).hex()}
        _write(_part_file(path, part), {"version": (hashing.code_version(), cache.parts[part]),
                                        **{name: getattr(cache, name) for name in names}})
    _write(_part_file(path, "manifest"), {name: getattr(cache, name) for name in MANIFEST_FIELDS})


def _write(path: Path, values: dict[str, object]) -> None:
    """Pickle each field on its own (a pickler remembers every object it wrote, which for a whole large cache
    takes more memory than the build), into a new file that then replaces the old at once."""
    descriptor, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=TEMPORARY, dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            write_sealed(stream, lambda sealing: _dump_fields(sealing, values))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _dump_fields(stream, values: dict[str, object]) -> None:
    pickle.dump(len(values), stream)
    for item in values.items():
        pickle.dump(item, stream, protocol=pickle.HIGHEST_PROTOCOL)


def up_to_date(options: Options) -> tuple[BuildCache, str, Summary | None]:
    """Load the cache for these options and say whether the last build's output still stands (its Summary).

    Its other parts are read only when there is work to do (see load_part).
    """
    assert options.cache_dir is not None, "called only with a cache folder"
    path = cache_file(options.cache_dir, options.out, options.settings)
    cache = load_manifest(path)
    inputs = cache.scan(options.root, options.settings)
    if cache.inputs == inputs and cache.outputs_intact(options.out):
        return cache, inputs, cache.summary
    return cache, inputs, None
