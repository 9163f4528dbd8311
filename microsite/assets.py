"""Static files: the stylesheet and images from templates/static/, editors' files from content/files/."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

FINGERPRINTED = (".css", ".js", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".woff2")


@dataclass(frozen=True)
class Assets:
    """Asset files by output path, and the fingerprinted output path of each static file by its own name."""

    files: dict[str, bytes]
    paths: dict[str, str]


def collect_assets(static: Path, editor_files: Path) -> Assets:
    """Read static files (fingerprinted by content hash, so they can be cached forever) and editors' files."""
    files, paths = {}, {}
    for path in _files_under(static):
        name = path.relative_to(static).as_posix()
        content = path.read_bytes()
        output = "static/" + (fingerprint(name, content) if path.suffix in FINGERPRINTED else name)
        files[output] = content
        paths[name] = output
    for path in _files_under(editor_files):
        files["files/" + path.relative_to(editor_files).as_posix()] = path.read_bytes()
    return Assets(files, paths)


def fingerprint(name: str, content: bytes) -> str:
    """'style.css' becomes 'style.<first 10 hex of sha256>.css'."""
    stem, dot, suffix = name.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
