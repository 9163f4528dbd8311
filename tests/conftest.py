"""Shared fixtures: the real site built once per test session, at the root and under a sub-path."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from microsite.pipeline import Options, Result, build

ROOT = Path(__file__).resolve().parent.parent
# The tests read the tool's messages in English, whatever this machine's language; the Finnish ones are tested
# with --lang fi or LANGUAGE=fi (tests/test_messages.py). Set here, before any test, so subprocesses get it too.
os.environ["LANGUAGE"] = "en"
SUBPATH_URL = "https://example.org/kasvu/"


@dataclass
class BuiltSite:
    out: Path
    result: Result

    @property
    def base_url(self) -> str:
        return self.result.site.config.base_url

    def html_files(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))

    def soup(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / relative).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("real") / "dist"
    return BuiltSite(out, build(Options(root=ROOT, out=out)))


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("subpath") / "dist"
    return BuiltSite(out, build(Options(root=ROOT, out=out, base_url=SUBPATH_URL)))
