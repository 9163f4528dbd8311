"""Stable hashes: of values, and of the generator itself, so that reuse never outlives the code that made it."""
from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CACHE_FORMAT = 1  # raise when what the cache holds changes shape

# The installed libraries whose behaviour shapes the output (the HTML, its escaping, the parsed data, dates).
OUTPUT_LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "babel", "nh3")


def digest(*parts: object) -> str:
    """A short, stable hash of the parts (bytes, or anything with a stable repr)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, str):
            h.update(b"s" + part.encode("utf-8", "surrogatepass"))
        else:
            h.update(part if isinstance(part, bytes) else repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def library_versions() -> tuple[str, ...]:
    """'name==version' of each library in OUTPUT_LIBRARIES, as installed."""
    return tuple(f"{name}=={metadata.version(name)}" for name in OUTPUT_LIBRARIES)


@lru_cache(maxsize=1)  # the code cannot change under a running process
def code_version() -> str:
    """The generator's own version: its source files, Python's and its libraries', so changed code never reuses
    old results."""
    sources = sorted(PACKAGE.glob("*.py"))
    return digest(sys.version, CACHE_FORMAT, library_versions(), *(p.name.encode() + p.read_bytes() for p in sources))
