"""The benchmark's synthetic site is valid content of ours: it builds without errors or translation gaps."""
from __future__ import annotations

import sys

from conftest import ROOT
from microsite.pipeline import Options, build
from microsite.status import print_status

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402
from naive import build as naive_build  # noqa: E402


def test_the_synthetic_site_builds_complete_and_stamped(tmp_path, capsys):
    write_corpus(12, tmp_path / "site")
    result = build(Options(tmp_path / "site", tmp_path / "out"))
    pages = {page.output for page in result.site.pages}
    assert {"fi/fi-page-00011/index.html", "en/en-page-00011/index.html"} <= pages
    assert not [p for p in result.site.pages if p.fallback_from]
    assert [w.path for w in result.warnings] == ["content/accessibility.yaml", "content/site.yaml"]  # as the real site
    assert print_status(tmp_path / "site", as_json=False, strict=True) == 0
    assert naive_build(tmp_path / "site", tmp_path / "naive") == sum(1 for _ in (tmp_path / "site/content").rglob("*.md"))
