"""Publishing: reproducible output, fingerprinted assets, headers and CSP, sharing tags, the check command, the workflow."""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from microsite.built import BuiltFiles, check_links
from microsite.headers import CSP_HEADER, CSP_META
from microsite.pipeline import Options, build
from microsite.check import check_output

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def copy_sources(target: Path) -> Path:
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_in_two_folders_are_byte_identical(tmp_path):
    first = copy_sources(tmp_path / "one" / "deep" / "er")
    second = copy_sources(tmp_path / "two")
    build(Options(first, first / "dist"))
    build(Options(second, tmp_path / "elsewhere" / "out"))
    one, two = snapshot(first / "dist"), snapshot(tmp_path / "elsewhere" / "out")
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def soups(site):
    for path in site.html_files():
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_assets_are_fingerprinted_by_content_and_referenced_so(real_site):
    static = sorted((real_site.out / "static").iterdir())
    assert [p.name.split(".")[0] for p in static] == ["favicon", "style"]
    for path in static:
        digest = path.name.split(".")[1]
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    for _, soup in soups(real_site):
        assert soup.select_one('link[rel="stylesheet"]')["href"] == "/static/" + static[1].name
        assert soup.select_one('link[rel="icon"]')["href"] == "/static/" + static[0].name


def test_headers_file_caches_assets_and_sets_security_headers(real_site):
    lines = (real_site.out / "_headers").read_text().splitlines()
    static_rule = lines.index("/static/*")
    assert lines[static_rule + 1] == "  Cache-Control: public, max-age=31536000, immutable"
    site_rule = lines.index("/*")
    headers = dict(line.strip().split(": ", 1) for line in lines[site_rule + 1:])
    assert headers["Content-Security-Policy"] == CSP_HEADER
    assert "unsafe-inline" not in CSP_HEADER and "script-src 'self'" in CSP_HEADER
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert set(headers) == {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"}


def test_headers_follow_a_sub_path(subpath_site):
    lines = (subpath_site.out / "_headers").read_text().splitlines()
    assert "/kasvu/static/*" in lines and "/kasvu/*" in lines


def test_pages_carry_the_csp_and_nothing_it_would_block(real_site):
    for path, soup in soups(real_site):
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta["content"] == CSP_META, path
        assert soup.find("style") is None
        assert not soup.find_all(style=True)
        for script in soup.find_all("script"):
            assert script.get("type") == "application/ld+json" and not script.get("src"), path
        assert not any(name.startswith("on") for tag in soup.find_all(True) for name in tag.attrs)


def test_sharing_tags_per_page_and_language(real_site):
    site = real_site.result.site
    locales = {lang.code: lang.locale for lang in site.config.languages}
    for page in site.pages:
        soup = real_site.soup(page.output)
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True) if m["property"] != "og:locale:alternate"}
        assert og["og:title"] == page.title and og["og:description"] == page.description
        assert og["og:locale"] == locales[page.lang]
        alternates = [m["content"] for m in soup.find_all("meta", property="og:locale:alternate")]
        assert alternates == [loc for code, loc in locales.items() if code != page.lang]
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


def test_home_describes_only_the_website_as_json_ld(real_site):
    """The document proposes the alliance: the JSON-LD describes the site, not an organisation or its members."""
    site = real_site.result.site
    for lang in site.config.languages:
        home = site.page(lang.code, "index")
        data = json.loads(real_site.soup(home.output).find("script", type="application/ld+json").string)
        assert data == {"@context": "https://schema.org", "@type": "WebSite", "name": site.config.name[lang.code],
                        "url": site.config.base_url + home.url_path, "description": home.description,
                        "inLanguage": {"fi": "fi-FI", "en": "en-GB"}[lang.code]}


def test_check_passes_on_the_real_site_and_catches_planted_breakage(real_site):
    built = BuiltFiles.from_folder(real_site.out, real_site.base_url)
    assert check_output(built) == []
    page = "fi/teemat/index.html"
    html = built.files[page].decode()
    planted = html.replace("</main>", '<a href="/fi/ei-ole/">x</a><a href="/fi/#ei-ankkuria">y</a></main>')
    broken = BuiltFiles({**built.files, page: planted.encode()}, real_site.base_url)
    messages = [e.in_english()[0] for e in check_output(broken)]
    assert messages == ["broken link /fi/ei-ole/", "missing anchor /fi/#ei-ankkuria"]


def test_check_resolves_a_relative_link_from_each_folder_even_with_a_colon_in_it():
    """Resolved links are remembered per folder, and per site only for links that start with / or a scheme."""
    page = '<!DOCTYPE html><html lang="fi"><body><a href="x.html?t=1:2">x</a></body></html>'.encode()
    built = BuiltFiles({"a/index.html": page, "b/index.html": page, "a/x.html": b""}, "https://x.example/")
    assert [(e.path, e.in_english()[0]) for e in check_links(built)] == [("b/index.html", "broken link x.html?t=1:2")]


def test_check_finds_badly_formed_html(real_site):
    built = BuiltFiles.from_folder(real_site.out, real_site.base_url)
    page = "en/index.html"
    planted = built.files[page].decode().replace("</main>", "<div><span></div></main>", 1)
    broken = BuiltFiles({**built.files, page: planted.encode()}, real_site.base_url)
    assert [str(e).split(": ", 1)[1] for e in check_output(broken)] == [
        "</div> where </span> (opened on line %d) should close" % (planted[:planted.index("<span></div>")].count("\n") + 1)]


@pytest.mark.parametrize("sitemap", [b"", b"<urlset><url>"], ids=["empty", "unclosed"])
def test_check_reports_a_sitemap_that_is_not_xml(real_site, sitemap):
    built = BuiltFiles.from_folder(real_site.out, real_site.base_url)
    broken = BuiltFiles({**built.files, "sitemap.xml": sitemap}, real_site.base_url)
    problems = [e for e in check_output(broken) if e.path == "sitemap.xml"]
    assert [e.in_english() for e in problems][0][0].startswith("the file is not valid XML (")
    assert problems[0].in_english()[1] == "check templates/sitemap.xml"


def test_check_command_builds_and_verifies(capsys):
    from microsite.cli import main
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("Checked ")


def test_workflow_tests_builds_and_deploys_with_least_privilege():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML reads the key 'on' as true
    assert set(triggers) >= {"pull_request", "push"} and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "group" in workflow["concurrency"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = [step for job in jobs.values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert all("@v" in action for action in uses)
    assert {a.split("@")[0] for a in uses} >= {"actions/upload-pages-artifact", "actions/deploy-pages"}


def test_workflow_passes_actionlint():
    # Beside this Python first: a virtual environment's scripts are not on PATH unless it is activated.
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    if actionlint is None:
        pytest.fail("actionlint is missing: it comes with the test extra (pip install -e '.[test]')")
    result = subprocess.run([actionlint, str(WORKFLOW)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
