"""The accessibility statement: every part Act 306/2019 and the EU model statement ask for, nothing invented,
and a publishing build that refuses while a fact the law requires is unset."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date
from bs4 import BeautifulSoup

from conftest import ROOT
from microsite.pipeline import Options, build
from microsite.validate import check_data, validate_site
from microsite.i18n import load_catalogs
from sitekit import load_site

STATEMENT_YAML = ROOT / "content" / "accessibility.yaml"
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GAP = "the accessibility statement does not say who provides the site or where to send feedback"
FILLED = {  # what a person who knows would fill in; only in the tests' copies of the site
    "provider:\n  fi: \"\"\n  en: \"\"": "provider:\n  fi: Esimerkkikaupunki\n  en: City of Example",
    '  email: ""': "  email: saavutettavuus@example.org",
}


def statement() -> dict:
    return yaml.safe_load(STATEMENT_YAML.read_text(encoding="utf-8"))


def copy_site(target: Path, edits: dict[str, str] | None = None) -> Path:
    """A copy of the site with the tool beside it (python build.py there builds the copy), the statement edited."""
    for folder in ("content", "templates", "i18n", "microsite"):
        shutil.copytree(ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", target / "build.py")
    text = STATEMENT_YAML.read_text(encoding="utf-8")
    for old, new in (edits or {}).items():  # at the start of a line: the comments above quote some keys
        assert "\n" + old in text, old
        text = text.replace("\n" + old, "\n" + new, 1)
    (target / "content" / "accessibility.yaml").write_text(text, encoding="utf-8")
    return target


def statement_soup(site, lang: str) -> BeautifulSoup:
    return site.soup(site.result.site.page(lang, "accessibility").output)


def main_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.main.get_text(" ").split())


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_statement_has_every_part_of_the_model_in_its_order(real_site, lang):
    soup = statement_soup(real_site, lang)
    headings = [h.get_text(strip=True) for h in soup.select("main h2")]
    expected = {"fi": ["Saavutettavuuden tila", "Sisällöt, jotka eivät ole saavutettavia", "Selosteen laatiminen",
                       "Saavutettavuuspalaute", "Valvontaviranomainen"],
                "en": ["Compliance status", "Content that is not accessible", "How this statement was prepared",
                       "Feedback on accessibility", "Supervisory authority"]}[lang]
    assert headings == expected
    data, text = statement(), main_text(soup)
    assert soup.select_one(f'main a[href="{real_site.base_url}"]').get_text() == real_site.base_url  # the site covered
    assert "WCAG 2.1" in text and "EN 301 549" in text  # the status in the law's terms
    for day in (data["prepared"], data["reviewed"]):
        assert format_date(day, format="long", locale={"fi": "fi_FI", "en": "en_GB"}[lang]) in text
    paragraphs = [" ".join(p.get_text().split()) for p in soup.select("main p")]
    assert " ".join(data["method"][lang].split()) in paragraphs
    assert {"fi": "14 päivän", "en": "14 days"}[lang] in text  # how long an answer takes
    authority = data["authority"]
    contact = soup.select_one("main p.contact")
    assert authority["name"][lang] in contact.get_text() and authority["unit"][lang] in contact.get_text()
    links = [a["href"] for a in contact.find_all("a")]
    assert links == [authority["url"][lang], f"mailto:{authority['email']}",
                     "tel:" + authority["phone"][lang].replace(" ", "")]


def test_the_authority_has_its_own_address_per_language():
    urls = statement()["authority"]["url"]
    assert urls["fi"] == "https://www.saavutettavuusvaatimukset.fi/" and urls["en"].endswith("/en/")


def test_the_method_does_not_claim_that_automated_checks_cover_every_criterion():
    method = statement()["method"]
    assert "vain osan" in method["fi"] and "only some of the criteria" in method["en"]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_unset_facts_are_said_to_be_unset_not_invented(real_site, lang):
    """The alliance's document names no provider and no feedback contact: the page says they are not filled in."""
    data = statement()
    assert not any(data["provider"].values()) and not data["feedback"]["email"] and not data["feedback"]["url"]
    soup = statement_soup(real_site, lang)
    notices = [" ".join(p.get_text().split()) for p in soup.select("main p.notice")]
    assert len(notices) == 2, notices
    assert soup.select('main a[href^="mailto:"]') == soup.select('main p.contact a[href^="mailto:"]')


def test_a_filled_statement_names_the_provider_the_contact_and_each_failure(tmp_path):
    edits = {**FILLED, "compliance: full": "compliance: partial",
             "non_accessible: []": "non_accessible:\n  - content: {fi: Kartta, en: The map}\n    criterion: 1.1.1\n"
                                   "    reason: {fi: Tekstivastine puuttuu., en: It has no text alternative.}"}
    root = copy_site(tmp_path / "site", edits)
    out = tmp_path / "out"
    result = build(Options(root=root, out=out))
    assert not any(GAP[:40] in w.message for w in result.warnings)
    for lang, expected in (("fi", ["Tämän selosteen antaa Esimerkkikaupunki.", "osittain", "Kartta",
                                   "onnistumiskriteeriä 1.1.1", "Tekstivastine puuttuu."]),
                           ("en", ["This statement is provided by City of Example", "partially", "The map",
                                   "success criterion 1.1.1", "It has no text alternative."])):
        page = result.site.page(lang, "accessibility")
        soup = BeautifulSoup((out / page.output).read_text(encoding="utf-8"), "html.parser")
        text = main_text(soup)
        assert [part for part in expected if part not in text] == [], lang
        assert soup.select_one("main p.notice") is None
        assert [a["href"] for a in soup.select('main a[href^="mailto:"]')][0] == "mailto:saavutettavuus@example.org"


def data_errors(tmp_path, edits: dict[str, str]) -> list[str]:
    root = copy_site(tmp_path / "site", edits)
    site = load_site(root)
    return [str(error) for error in check_data(site.data, site.config.languages)]


@pytest.mark.parametrize("edits, expected", [
    ({"compliance: full": "compliance: partial"},
     "compliance is 'partial' but no content that is not accessible is listed "
     "(list it under non_accessible, or write compliance: full)"),
    ({"non_accessible: []": "non_accessible:\n  - content: {fi: K, en: M}\n    criterion: 1.1.1\n"
                            "    reason: {fi: S, en: R}"},
     "compliance is 'full' but content that is not accessible is listed "
     "(write compliance: partial, or remove the items under non_accessible)"),
    ({"compliance: full": "compliance: partial", "non_accessible: []":
      "non_accessible:\n  - content: {fi: K, en: M}\n    criterion: 1.4.99\n    reason: {fi: S, en: R}"},
     "'non_accessible → 1 → criterion' must be the number of a WCAG 2.1 level A or AA success criterion, "
     "such as 1.4.3"),
    ({"    en: https://www.saavutettavuusvaatimukset.fi/en/": "    en: saavutettavuusvaatimukset.fi/en"},
     "'saavutettavuusvaatimukset.fi/en' is not a web address (write a full address starting with https://)"),
], ids=["partial without items", "full with items", "unknown criterion", "address without https"])
def test_a_statement_that_contradicts_itself_is_an_error(tmp_path, edits, expected):
    errors = data_errors(tmp_path, edits)
    assert [error.split(": ", 1)[1] for error in errors] == [expected]
    assert errors[0].startswith("content/accessibility.yaml:")


def gap_lines(report_items) -> list[str]:
    return [str(item) for item in report_items if "law requires" in item.message]


def test_unset_facts_warn_while_editing_and_are_one_error_when_publishing(tmp_path):
    root = copy_site(tmp_path / "site")
    site = load_site(root)
    catalogs = load_catalogs(root / "i18n", site.config.languages, root)
    line = STATEMENT_YAML.read_text(encoding="utf-8").splitlines().index("provider:") + 1
    expected = [f"content/accessibility.yaml:{line}: {GAP}, which the law requires (before publishing, fill in "
                "provider, in every language, and feedback: an email address, a form's address, or both)"]
    editing = validate_site(site, catalogs)
    assert (gap_lines(editing.warnings), gap_lines(editing.errors)) == (expected, [])
    publishing = validate_site(site, catalogs, publish=True)
    assert (gap_lines(publishing.warnings), gap_lines(publishing.errors)) == ([], expected)
    filled = load_site(copy_site(tmp_path / "filled", FILLED))
    assert gap_lines(validate_site(filled, catalogs, publish=True).errors) == []


def workflow_build_script() -> str:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == "Build for the production address")


def run_workflow_build(site: Path, event: str) -> subprocess.CompletedProcess:
    """The workflow's build step, run as the runner runs it (bash, the event's name in GITHUB_EVENT_NAME)."""
    env = {**os.environ, "GITHUB_EVENT_NAME": event, "BASE_URL": "https://kasvu.fi/", "LANGUAGE": "en",
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]}
    return subprocess.run(["bash", "-e", "-c", workflow_build_script()], cwd=site, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_workflow_refuses_to_publish_while_a_required_fact_is_unset(tmp_path):
    site = copy_site(tmp_path / "site")
    previous = site / "dist"
    previous.mkdir()
    (previous / "index.html").write_text("the site published before")
    pushed = run_workflow_build(site, "push")
    assert pushed.returncode == 1, pushed.stderr
    errors = [line for line in pushed.stderr.splitlines() if line.startswith("content/")]
    assert [line.split(": ", 1)[1].split(",")[0] for line in errors] == [GAP]
    assert "Build failed: 1 problem; the previous site was left as it was." in pushed.stderr
    assert [p.name for p in previous.iterdir()] == ["index.html"]  # nothing to deploy but what was there

    pull_request = run_workflow_build(site, "pull_request")
    assert pull_request.returncode == 0, pull_request.stderr
    assert f"warning: {GAP}" in pull_request.stderr
    assert (site / "dist" / "fi" / "index.html").is_file()


def test_the_workflow_publishes_once_the_facts_are_filled_in(tmp_path):
    site = copy_site(tmp_path / "site", FILLED)
    pushed = run_workflow_build(site, "push")
    assert pushed.returncode == 0, pushed.stderr
    assert "law requires" not in pushed.stderr
    page = BeautifulSoup((site / "dist" / "en" / "accessibility-statement" / "index.html").read_text(), "html.parser")
    assert "City of Example" in main_text(page)
