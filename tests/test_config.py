"""config.py: reading site.yaml into a Config, and every settings error at once."""
from __future__ import annotations

import pytest

from microsite.config import Config, Language, is_valid_base_url, load_config
from microsite.errors import ContentErrors
from sitekit import error_lines


def write_config(tmp_path, text: str):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_settings(tmp_path):
    path = write_config(tmp_path, """\
base_url: https://example.org/kasvu
name:
  fi: Kasvuallianssi
  en: Growth Alliance
languages:
  - code: fi
    locale: fi_FI
    name: Suomi
  - {code: en, locale: en_GB}
""")
    config = load_config(path)
    assert config == Config(
        path="content/site.yaml",
        base_url="https://example.org/kasvu/",
        languages=(Language("fi", "fi_FI", "Suomi"), Language("en", "en_GB", "English")),
        name={"fi": "Kasvuallianssi", "en": "Growth Alliance"},
    )
    assert config.default_language.code == "fi"
    assert config.base_path == "/kasvu/"


def test_locale_defaults_to_the_code(tmp_path):
    path = write_config(tmp_path, "base_url: https://example.org/\nname: {sv: Tillväxt}\nlanguages: [{code: sv}]\n")
    assert load_config(path).languages == (Language("sv", "sv", "Svenska"),)


BROKEN_SETTINGS = {
    "an unknown setting without a close match, with the known ones": (
        "base_url: https://example.org/\nname: {sv: Tillväxt}\ncolour: red\nlanguages: [{code: sv, flag: yes}]\n", [
            "content/site.yaml:3: unknown setting 'colour' (known settings: base_url, name, languages, footer)",
            "content/site.yaml:4: unknown language setting 'flag' (known settings: code, locale, name)",
        ]),
    "every error at once": ("""\
base_url: example.org/kasvu
nmae: typo
name:
  fi: Kasvuallianssi
languages:
  - code: fi
    locale: fi_FI
  - code: en
    locale: xx_YY
  - code: sv
    locale: sv_SE
    name: Svenska
  - code: fi
""", [
        "content/site.yaml:2: unknown setting 'nmae' (did you mean 'name'?)",
        "content/site.yaml:1: base_url must be a full address (for example base_url: https://example.org/kasvu/)",
        "content/site.yaml:8: unknown locale 'xx_YY' (use a name such as fi_FI or en_GB)",
        "content/site.yaml:13: language 'fi' is listed twice",
        "content/site.yaml:4: the site name is missing in Svenska "
        "(give it per language, for example name: {fi: …, en: …})",
    ]),
    "no languages and no name": ("base_url: https://example.org/\n", [
        "content/site.yaml:1: languages must list at least one language "
        "(for example: languages: [{code: fi, locale: fi_FI}])",
    ]),
}


@pytest.mark.parametrize("text, errors", BROKEN_SETTINGS.values(), ids=BROKEN_SETTINGS.keys())
def test_broken_settings_name_every_errors_line_at_once(tmp_path, text, errors):
    with pytest.raises(ContentErrors) as excinfo:
        load_config(write_config(tmp_path, text), "content/site.yaml")
    assert error_lines(excinfo) == errors


@pytest.mark.parametrize("entry", ["{code: FI}", "{code: suomi}", "fi", "{locale: fi_FI}"])
def test_language_needs_a_short_lowercase_code(tmp_path, entry):
    path = write_config(tmp_path, f"base_url: https://example.org/\nname: {{fi: A}}\nlanguages:\n  - {entry}\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_config(path)
    assert error_lines(excinfo)[0] == (
        "content/site.yaml:4: a language needs a code of 2-3 lowercase letters (for example: {code: fi, locale: fi_FI})"
    )


def test_settings_that_are_not_a_mapping(tmp_path):
    path = write_config(tmp_path, "- base_url\n- name\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_config(path)
    assert error_lines(excinfo)[0] == "content/site.yaml:1: site settings must be 'key: value' lines"


@pytest.mark.parametrize("url, valid", [
    ("https://example.org/", True),
    ("http://localhost:8000/kasvu/", True),
    ("example.org", False),
    ("/kasvu/", False),
    ("ftp://example.org/", False),
    ("https://example.org/?a=1", False),
    ("https://example.org/#top", False),
    (None, False),
])
def test_is_valid_base_url(url, valid):
    assert is_valid_base_url(url) is valid


def test_with_base_url_serves_from_a_sub_path(tmp_path):
    path = write_config(tmp_path, "base_url: https://example.org/\nname: {fi: A}\nlanguages: [{code: fi, locale: fi_FI}]\n")
    config = load_config(path)
    assert config.base_path == "/"
    moved = config.with_base_url("https://www.example.com/kasvu///")
    assert moved.base_url == "https://www.example.com/kasvu/"
    assert moved.base_path == "/kasvu/"
    assert moved.languages == config.languages and moved.name == config.name
    assert config.base_url == "https://example.org/"  # the original is unchanged


def test_the_footers_pages_are_read_in_order_and_default_to_the_statement(tmp_path):
    site = "base_url: https://example.org/\nname: {fi: A}\nlanguages: [{code: fi}]\n"
    assert load_config(write_config(tmp_path, site)).footer == ("accessibility",)
    config = load_config(write_config(tmp_path, site + "footer: [signatories, accessibility]\n"))
    assert (config.footer, config.footer_line) == (("signatories", "accessibility"), 4)
    with pytest.raises(ContentErrors) as excinfo:
        load_config(write_config(tmp_path, site + "footer: accessibility\n"), "content/site.yaml")
    assert error_lines(excinfo) == ["content/site.yaml:4: footer must list page keys "
                                    "(for example footer: [accessibility, signatories])"]
