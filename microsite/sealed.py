"""Cache files sealed with a key kept outside the checkout, so that a cache file planted in a pull request (or
by anyone who can write the project's folder) is never unpickled or run: pickle and Jinja's compiled templates
both execute what they load. A file whose seal does not match the key is simply not used.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable

SEAL_BYTES = 32
CHUNK = 1 << 20


class DamagedKey(OSError):
    """The key file exists but is not a key; deleting it makes a new one (the old cache is then not used)."""

    def __init__(self, path: Path):
        super().__init__(f"the cache key {path} is damaged: delete it")
        self.path = path


def key_file() -> Path:
    """Where the key lives: the user's cache folder, never the project's."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kasvuallianssi-site" / "cache-key"


@lru_cache(maxsize=1)
def cache_key() -> bytes:
    """This user's key, made on first use; raises OSError where it can be neither read nor made."""
    path = key_file()
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made meanwhile by another build
            return path.read_bytes()
        key = secrets.token_bytes(SEAL_BYTES)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(key)
    if len(key) != SEAL_BYTES:
        raise DamagedKey(path)
    return key


class _Sealing:
    """A binary stream that seals what passes through it."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.mac = stream, hmac.new(cache_key(), digestmod=hashlib.sha256)

    def write(self, data) -> int:
        self.mac.update(data)
        return self.stream.write(data)


def write_sealed(stream: BinaryIO, write: Callable[[_Sealing], None]) -> None:
    """Write what write() writes to the sealing stream, after a seal of it."""
    stream.write(bytes(SEAL_BYTES))
    sealing = _Sealing(stream)
    write(sealing)
    stream.seek(0)
    stream.write(sealing.mac.digest())


def seal(data: bytes) -> bytes:
    return hmac.new(cache_key(), data, hashlib.sha256).digest() + data


def unseal(data: bytes) -> bytes | None:
    """The data under a matching seal, else None."""
    expected = hmac.new(cache_key(), data[SEAL_BYTES:], hashlib.sha256).digest()
    return data[SEAL_BYTES:] if hmac.compare_digest(expected, data[:SEAL_BYTES]) else None


def is_sealed(stream: BinaryIO) -> bool:
    """True if the rest of the stream is under its seal; the stream is then just past the seal."""
    stored = stream.read(SEAL_BYTES)
    mac = hmac.new(cache_key(), digestmod=hashlib.sha256)
    while chunk := stream.read(CHUNK):
        mac.update(chunk)
    stream.seek(SEAL_BYTES)
    return hmac.compare_digest(stored, mac.digest())
