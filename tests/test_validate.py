"""validate.py: whole-site errors, data files against their schemas, and the warnings a site should not be
published with (errors under strict)."""
from __future__ import annotations

import datetime

from microsite.i18n import load_catalogs
from microsite.validate import Report, check_data, find_warnings, validate_site
from sitekit import load_site, make_site, page_md

TODAY = datetime.date(2026, 11, 29)

ACCESSIBILITY_YAML = """\
compliance: full
provider: {fi: Kaupunki, en: City}
prepared: 2026-01-15
reviewed: REVIEWED
method: {fi: Itsearviointi., en: Self-assessment.}
feedback:
  email: FEEDBACK
authority:
  name: {fi: Traficom, en: Traficom}
  unit: {fi: Valvonta, en: Supervision}
  url: {fi: "https://www.saavutettavuusvaatimukset.fi/", en: "https://www.saavutettavuusvaatimukset.fi/en/"}
  email: saavutettavuus@traficom.fi
  phone: {fi: 029 534 5000, en: +358 29 534 5000}
"""


def accessibility_yaml(reviewed: str = "2026-01-15", email: str = "''") -> str:
    return ACCESSIBILITY_YAML.replace("REVIEWED", reviewed).replace("FEEDBACK", email)


def lines(errors) -> list[str]:
    return [str(error) for error in errors]


def validate(root, strict: bool = False, base_url: str | None = None) -> Report:
    site = load_site(root, base_url)
    return validate_site(site, load_catalogs(root / "i18n", site.config.languages, root), strict=strict, today=TODAY)


def test_the_minimal_site_is_valid_and_has_no_warnings(tmp_path):
    root = make_site(tmp_path)
    assert validate(root) == Report([], [])
    assert find_warnings(load_site(root), TODAY) == []


def test_missing_translation_is_a_warning_and_an_error_under_strict(tmp_path):
    root = make_site(tmp_path, {"content/en/themes.md": page_md("Themes", slug="themes")})
    expected = [
        "content/fi/themes.md: the page is not translated yet "
        "(translate content/en/themes.md; until then visitors see it in its original language)",
    ]
    report = validate(root)
    assert (report.errors, lines(report.warnings)) == ([], expected)
    report = validate(root, strict=True)
    assert (lines(report.errors), report.warnings) == (expected, [])


def test_missing_required_pages(tmp_path):
    root = make_site(tmp_path, {"content/fi/404.md": None, "content/fi/accessibility.md": None,
                                "content/en/index.md": None})
    report = validate(root)
    assert lines(report.errors) == [
        "content/fi/404.md: the page is missing (every site needs 404.md in its first language)",
        "content/fi/accessibility.md: the page is missing (every site needs accessibility.md in its first language)",
    ]
    assert lines(report.warnings) == [  # no warning repeats a file that already has an error
        "content/en/index.md: the page is not translated yet "
        "(translate content/fi/index.md; until then visitors see it in its original language)",
    ]


def test_duplicate_url(tmp_path):
    root = make_site(tmp_path, {
        "content/fi/a.md": page_md("A", slug="sama"),
        "content/fi/b.md": page_md("B", slug="sama"),
        "content/en/a.md": page_md("A", slug="a"),
        "content/en/b.md": page_md("B", slug="b"),
    })
    report = validate(root)
    assert lines(report.errors) == [
        "content/fi/b.md: the address /fi/sama/ is also used by content/fi/a.md (give one of them another slug)",
    ]
    assert lines(report.warnings) == [
        "content/en/a.md: the translation has no stamp of its source content/fi/a.md "
        "(update it from content/fi/a.md, then run: python build.py status --mark content/en/a.md)",
        "content/en/b.md: the translation has no stamp of its source content/fi/b.md "
        "(update it from content/fi/b.md, then run: python build.py status --mark content/en/b.md)",
    ]


def test_localized_value_missing_a_language_names_its_line(tmp_path):
    root = make_site(tmp_path, {"content/themes.yaml": """\
groups:
  - id: {fi: osaaminen, en: skills}
    title: {fi: Osaaminen}
    items: []
  - id: {fi: liikenne, en: transport}
    title:
      fi: Liikenne
      en: ''
    items:
      - {fi: Yksi, en: One}
"""})
    site = load_site(root)
    assert check_data(site.data, site.config.languages) == []
    expected = [
        'content/themes.yaml:3: the text has no English version (add en: "…")',
        'content/themes.yaml:7: the text has no English version (add en: "…")',  # a block mapping: its first key
    ]
    report = validate(root)
    assert (report.errors, lines(report.warnings)) == ([], expected)
    report = validate(root, strict=True)
    assert (lines(report.errors), report.warnings) == (expected, [])


def test_data_files_are_checked_against_their_schemas(tmp_path):
    root = make_site(tmp_path, {
        "content/themes.yaml": "groups:\n  - id: osaaminen\n    titel: {fi: Osaaminen, en: Skills}\n",
        "content/signatories.yaml": "signatories: {name: Mika}\n",
        "content/theme.yaml": "groups: []\n",
        "content/news.yaml": "x: 1\n",
    })
    site = load_site(root)
    assert lines(check_data(site.data, site.config.languages)) == [
        "content/news.yaml: unknown data file 'news.yaml' "
        "(known files: themes, signatories, cooperation, accessibility)",
        "content/signatories.yaml:1: 'signatories' must be a list of items, each on its own line starting with '- '",
        "content/theme.yaml: unknown data file 'theme.yaml' (did you mean 'themes'?)",
        "content/themes.yaml:2: 'groups → 1 → id' must be given per language (write it as {fi: …, en: …})",
        "content/themes.yaml:3: unknown key 'titel' (did you mean 'title'?)",
        "content/themes.yaml:2: 'groups → 1 → items' is missing (add a line 'items: …')",
    ]


def test_accessibility_statement_reviewed_over_a_year_ago_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"content/accessibility.yaml": accessibility_yaml("2025-11-28", "palaute@example.org")})
    assert [w.as_line("warning") for w in find_warnings(load_site(root), TODAY)] == [
        "content/accessibility.yaml:4: warning: the accessibility statement was last reviewed on 2025-11-28 "
        "(review it again (at least once a year), then update 'reviewed')",
    ]
    root = make_site(tmp_path, {"content/accessibility.yaml": accessibility_yaml("2025-11-29", "palaute@example.org")})
    assert find_warnings(load_site(root), TODAY) == []  # exactly 365 days is still within the year


def test_placeholder_base_url_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": "base_url: https://kasvu.example/\nname: {fi: A}\n"
                                                     "languages: [{code: fi, locale: fi_FI}]\n"})
    site = load_site(root)
    assert [w.as_line("warning") for w in find_warnings(site, TODAY)] == [
        "content/site.yaml: warning: base_url https://kasvu.example/ is a placeholder "
        "(set the real address or build with --base-url)",
    ]
    assert find_warnings(load_site(root, base_url="https://kasvu.fi/"), TODAY) == []


def test_duplicate_url_of_untranslated_pages_is_reported_once(tmp_path):
    root = make_site(tmp_path, {"content/fi/a.md": page_md("A", slug="sama"), "content/fi/b.md": page_md("B", slug="sama")})
    assert lines(validate(root).errors) == [
        "content/fi/b.md: the address /fi/sama/ is also used by content/fi/a.md (give one of them another slug)"]


def test_the_footer_must_link_to_the_statement_and_a_page_it_lists_in_vain_is_a_warning(tmp_path):
    from sitekit import SITE_YAML
    pages = {"content/fi/signatories.md": page_md("Allekirjoittajat", slug="allekirjoittajat")}
    root = make_site(tmp_path / "typo", {"content/site.yaml": SITE_YAML + "footer: [accessibility, signatoriess]\n",
                                         **pages})
    report = validate(root)
    assert report.errors == [] and [line for line in lines(report.warnings) if line.startswith("content/site")] == [
        "content/site.yaml:12: the footer lists 'signatoriess', which is no page (did you mean 'signatories'?)"]
    root = make_site(tmp_path / "none", {"content/site.yaml": SITE_YAML + "footer: [signatories]\n", **pages})
    assert lines(validate(root).errors) == [
        "content/site.yaml:12: the footer does not link to the accessibility statement "
        "(the law wants it on every page: add accessibility to footer)"]
