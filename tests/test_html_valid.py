"""The Nu Html Checker (vnu-jar, run with Java) over the whole built site: every page, stylesheet and SVG valid.

One vnu run per site (the JVM's start dominates), then one test per page and per static asset. The last
test plants an invalid element and an invalid CSS declaration in a copy of the site and checks that
the same report names both. Without Java or node_modules these tests fail, saying what to install (KASVU_SKIP_BROWSER=1 skips them).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nu_checker import VALIDATOR_HINT, missing_validator_tools, vnu_errors, vnu_report
from required_tools import require
from site_under_test import ROOT, build_copy, site_pages

PAGES = [page.output for page in site_pages()]
ASSETS = sorted(p.name for p in (ROOT / "templates" / "static").iterdir() if p.suffix in (".css", ".svg"))


@pytest.fixture(scope="session")
def validator(request):
    require(request, missing_validator_tools(), "HTML validation", VALIDATOR_HINT)
    return vnu_report


@pytest.fixture(scope="session")
def report(validator, real_site):
    return validator(real_site.out)


def built_asset(out: Path, name: str) -> str:
    """The built (perhaps fingerprinted) file of an asset in templates/static, relative to out."""
    stem, suffix = name.rsplit(".", 1)
    [built] = [p for p in (out / "static").glob(f"{stem}*.{suffix}") if p.name.split(".")[0] == stem]
    return built.relative_to(out).as_posix()


@pytest.mark.parametrize("output", PAGES)
def test_page_is_valid_html(report, output):
    errors = vnu_errors(report.get(output, []))
    assert errors == [], f"{output}:\n" + "\n".join(errors)


@pytest.mark.parametrize("name", ASSETS)
def test_stylesheet_or_svg_is_valid(report, real_site, name):
    built = built_asset(real_site.out, name)
    errors = vnu_errors(report.get(built, []))
    assert errors == [], f"{built}:\n" + "\n".join(errors)


def test_nothing_else_reported(report, real_site):
    """No message about a file outside the pages and stylesheets, and no error about the run itself."""
    known = set(PAGES) | {built_asset(real_site.out, name) for name in ASSETS}
    others = {path: vnu_errors(messages) for path, messages in report.items() if path not in known}
    assert {path: errors for path, errors in others.items() if errors} == {}


def test_planted_invalid_element_css_and_svg_are_reported(validator, tmp_path):
    out = build_copy(tmp_path, {
        "templates/cooperation.html": lambda s: s.replace('<figure class="model">', '<blink>Invalid</blink><figure class="model">', 1),
        "templates/static/style.css": lambda s: s + ".lead { colr: red; margin: big; }\n",
        "templates/static/favicon.svg": lambda s: s.replace("</svg>", "<blink/></svg>"),
    })
    planted = validator(out)
    page_errors = "\n".join(vnu_errors(planted.get("en/cooperation-model/index.html", [])))
    css_errors = "\n".join(vnu_errors(planted.get(built_asset(out, "style.css"), [])))
    assert "blink" in page_errors
    assert "colr" in css_errors and "margin" in css_errors
    assert "blink" in "\n".join(vnu_errors(planted.get(built_asset(out, "favicon.svg"), [])))
    assert vnu_errors(planted.get("en/themes/index.html", [])) == []
