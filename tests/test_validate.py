"""validate.py: whole-site errors and the warnings a site should not be published with."""
from __future__ import annotations

from microsite.validate import find_warnings, validate_site
from sitekit import load_site, make_site, page_md


def lines(errors) -> list[str]:
    return [str(error) for error in errors]


def test_the_minimal_site_is_valid_and_has_no_warnings(tmp_path):
    site = load_site(make_site(tmp_path))
    assert validate_site(site) == []
    assert find_warnings(site) == []


def test_missing_translation(tmp_path):
    site = load_site(make_site(tmp_path, {"content/en/themes.md": page_md("Themes", slug="themes")}))
    assert lines(validate_site(site)) == [
        "content/en/themes.md: the page has no Suomi translation (add content/fi/themes.md)",
    ]


def test_missing_home_and_404_pages(tmp_path):
    site = load_site(make_site(tmp_path, {"content/fi/404.md": None, "content/en/index.md": None}))
    assert lines(validate_site(site)) == [
        "content/fi/404.md: the page is missing (every language needs 404.md)",
        "content/en/index.md: the page is missing (every language needs index.md)",
        "content/fi/index.md: the page has no English translation (add content/en/index.md)",
        "content/en/404.md: the page has no Suomi translation (add content/fi/404.md)",
    ]


def test_duplicate_url(tmp_path):
    site = load_site(make_site(tmp_path, {
        "content/fi/a.md": page_md("A", slug="sama"),
        "content/fi/b.md": page_md("B", slug="sama"),
        "content/en/a.md": page_md("A", slug="a"),
        "content/en/b.md": page_md("B", slug="b"),
    }))
    assert lines(validate_site(site)) == [
        "content/fi/b.md: the address /fi/sama/ is also used by content/fi/a.md (give one of them another slug)",
    ]


def test_localized_value_missing_a_language_names_its_line(tmp_path):
    site = load_site(make_site(tmp_path, {"content/themes.yaml": """\
groups:
  - id: osaaminen
    title: {fi: Osaaminen}
  - id: liikenne
    title:
      fi: Liikenne
      en: ''
    items:
      - {fi: Yksi, en: One}
"""}))
    assert lines(validate_site(site)) == [
        'content/themes.yaml:3: the text has no English version (add en: "…")',
        'content/themes.yaml:6: the text has no English version (add en: "…")',
    ]


def test_accessibility_feedback_contact_unset_is_a_warning(tmp_path):
    site = load_site(make_site(tmp_path, {"content/accessibility.yaml": "compliance: partial\nfeedback:\n  email:\n"}))
    assert validate_site(site) == []
    assert [w.as_line("warning") for w in find_warnings(site)] == [
        "content/accessibility.yaml:3: warning: the accessibility feedback contact is not set "
        "(the law requires one: add feedback: {email: …} before publishing)",
    ]


def test_accessibility_feedback_contact_set_is_no_warning(tmp_path):
    site = load_site(make_site(tmp_path, {"content/accessibility.yaml": "feedback: {url: https://example.org/palaute}\n"}))
    assert find_warnings(site) == []


def test_placeholder_base_url_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": "base_url: https://kasvu.example/\nname: {fi: A}\n"
                                                     "languages: [{code: fi, locale: fi_FI}]\n"})
    site = load_site(root)
    assert [w.as_line("warning") for w in find_warnings(site)] == [
        "content/site.yaml: warning: base_url https://kasvu.example/ is a placeholder "
        "(set the real address or build with --base-url)",
    ]
    assert find_warnings(load_site(root, base_url="https://kasvu.fi/")) == []
