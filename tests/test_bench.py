"""The benchmark's synthetic site is valid content of ours, its peers build the same pages, and the race runs."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from microsite.pipeline import Options, build
from microsite.status import print_status

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402
from naive import build as naive_build  # noqa: E402
from peers import hugo_command, pelican_command, write_hugo_site, write_pelican_site  # noqa: E402

FIGURE = re.compile(r"^(?P<name>.+?) +(?P<seconds>\d+\.\d{3}) +(?P<naive>\d+\.\d{2}) +(?P<mb>\d+)$")
RATIO = re.compile(r"^(?P<name>.+?) +(?P<ratio>\d+\.\d{2}) +(?P<target>[≤≥]\d+\.\d)?  (?P<met>yes|NO)?$")


def test_the_synthetic_site_builds_complete_and_stamped(tmp_path, capsys):
    write_corpus(12, tmp_path / "site")
    result = build(Options(tmp_path / "site", tmp_path / "out"))
    pages = {page.output for page in result.site.pages}
    assert {"fi/fi-page-00011/index.html", "en/en-page-00011/index.html"} <= pages
    assert not [p for p in result.site.pages if p.fallback_from]
    assert [w.path for w in result.warnings] == ["content/accessibility.yaml", "content/site.yaml"]  # as the real site
    assert print_status(tmp_path / "site", as_json=False, strict=True) == 0
    assert naive_build(tmp_path / "site", tmp_path / "naive") == sum(1 for _ in (tmp_path / "site/content").rglob("*.md"))


def pages_of(out) -> dict[str, tuple[str, str, str]]:
    """{output path: (language, title, description)} of every page in a language's folder (not the peers' root
    redirect or news list)."""
    found = {}
    for path in sorted(out.glob("*/**/index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        found[path.relative_to(out).as_posix()] = (soup.html["lang"], soup.title.string.strip(),
                                                   description["content"] if description else "")
    return found


def test_hugo_and_pelican_build_every_page_of_the_corpus_with_its_title_and_language(tmp_path):
    write_corpus(12, tmp_path / "site")
    naive_build(tmp_path / "site", tmp_path / "naive")
    expected = sorted(pages_of(tmp_path / "naive").values())
    write_hugo_site(tmp_path / "site", tmp_path / "hugo")
    write_pelican_site(tmp_path / "site", tmp_path / "pelican")
    subprocess.run(hugo_command(tmp_path / "hugo", tmp_path / "hugo-out", tmp_path / "hugo-cache"), check=True)
    subprocess.run(pelican_command(tmp_path / "pelican", tmp_path / "pelican-out"), check=True, capture_output=True)
    assert sorted(pages_of(tmp_path / "hugo-out").values()) == expected
    assert sorted(pages_of(tmp_path / "pelican-out").values()) == expected
    assert "fi/fi-page-00011/index.html" in pages_of(tmp_path / "pelican-out")


def test_the_race_of_the_four_tools_prints_a_time_for_each_and_the_ratios_from_them():
    output = subprocess.run([sys.executable, "bench/run.py", "--pages", "20", "--runs", "2", "--race"], cwd=ROOT,
                            check=True, capture_output=True, text=True, timeout=120).stdout
    figures = {m["name"]: m for m in map(FIGURE.match, output.splitlines()) if m}
    names = list(figures)
    assert [name.split(" ")[0] for name in names] == ["naive", "cold", "Hugo", "Pelican", "one-page"], output
    seconds = {name.split(" ")[0]: float(figures[name]["seconds"]) for name in names}
    memory = {name.split(" ")[0]: int(figures[name]["mb"]) for name in names}
    assert all(value > 0 for value in seconds.values()) and all(value > 0 for value in memory.values())
    ratios = {m["name"]: m for m in map(RATIO.match, output.split("against the peers")[1].splitlines()[1:]) if m}
    expected = {"cold build, ours / Hugo's": (seconds["cold"] / seconds["Hugo"], "≤2.3"),
                "cold build, Pelican's / ours": (seconds["Pelican"] / seconds["cold"], "≥2.9"),
                "cold build, ours / naive": (seconds["cold"] / seconds["naive"], None),
                "one-page edit in a fresh process, ours / Hugo's cold build": (seconds["one-page"] / seconds["Hugo"],
                                                                               "≤0.5"),
                "peak memory*, ours / Hugo's (largest process, wait4)": (memory["cold"] / memory["Hugo"], "≤1.0")}
    for name, (ratio, target) in expected.items():
        assert float(ratios[name]["ratio"]) == pytest.approx(ratio, rel=0.03, abs=0.01), (name, output)
        assert ratios[name]["target"] == target
        if target:
            value, bound = float(ratios[name]["ratio"]), float(target[1:])
            assert ratios[name]["met"] == ("yes" if (value <= bound if target[0] == "≤" else value >= bound) else "NO")
    assert "* the memory target is set at 5,000 pages per language; this run has 20" in output
