"""i18n.py: catalogs compiled in memory, dates and numbers by Babel whatever the machine's locale."""
from __future__ import annotations

import datetime

import pytest

from microsite.config import Config, Language
from microsite.errors import ContentErrors
from microsite.i18n import catalog_path, date_formatter, load_catalog, load_catalogs, number_formatter
from microsite.render import make_environments
from sitekit import error_lines

FI = Language("fi", "fi_FI", "Suomi")
EN = Language("en", "en_GB", "English")
DAY = datetime.date(2026, 11, 29)

PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def write_po(root, code: str, body: str):
    path = catalog_path(root / "i18n", code)
    path.parent.mkdir(parents=True)
    path.write_text(PO_HEADER + body, encoding="utf-8")
    return path


def test_catalog_is_compiled_in_memory_and_translates(tmp_path):
    write_po(tmp_path, "fi", 'msgid "Hello"\nmsgstr "Hei"\n\n'
                             'msgid "%(num)s topic"\nmsgid_plural "%(num)s topics"\nmsgstr[0] "%(num)s aihe"\nmsgstr[1] "%(num)s aihetta"\n')
    translations = load_catalog(tmp_path / "i18n", FI, tmp_path).translations()
    assert translations.gettext("Hello") == "Hei"
    assert translations.gettext("Not translated") == "Not translated"
    assert translations.ngettext("%(num)s topic", "%(num)s topics", 1) == "%(num)s aihe"
    assert translations.ngettext("%(num)s topic", "%(num)s topics", 3) == "%(num)s aihetta"
    assert not list((tmp_path / "i18n").rglob("*.mo"))  # nothing compiled to disk


def test_missing_catalog_is_a_content_error(tmp_path):
    (tmp_path / "i18n" / "fi").mkdir(parents=True)
    with pytest.raises(ContentErrors) as excinfo:
        load_catalog(tmp_path / "i18n", Language("sv", "sv_SE", "Svenska"), tmp_path).translations()
    assert error_lines(excinfo) == [
        "i18n/sv/LC_MESSAGES/messages.po: the Svenska UI strings are missing "
        "(create the catalog: see 'Translating UI strings' in README.md)",
    ]


def test_broken_catalog_names_its_line(tmp_path):
    write_po(tmp_path, "fi", 'msgid "Hello"\nmsgstr "Hei"\n\nthis is not po\n')
    with pytest.raises(ContentErrors) as excinfo:
        load_catalog(tmp_path / "i18n", FI, tmp_path).translations()
    [line] = error_lines(excinfo)
    assert line.startswith("i18n/fi/LC_MESSAGES/messages.po:9: broken catalog: Unknown or misformatted keyword")


@pytest.mark.parametrize("machine_locale", ["C", "C.UTF-8", "en_US.UTF-8", "fi_FI.UTF-8", "de_DE.UTF-8"])
def test_dates_follow_the_language_not_the_machine(monkeypatch, machine_locale):
    for name in ("LC_ALL", "LC_TIME", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.setenv(name, machine_locale)
    assert date_formatter(FI)(DAY) == "29.\xa0marraskuuta\xa02026"
    assert date_formatter(EN)(DAY) == "29\xa0November\xa02026"
    assert date_formatter(EN)(DAY, "short") == "29/11/2026"
    assert date_formatter(FI)(DAY, "short") == "29.11.2026"


def test_numbers_follow_the_language():
    assert number_formatter(FI)(1234.5) == "1\xa0234,5"
    assert number_formatter(EN)(1234.5) == "1,234.5"


def test_jinja_environments_have_gettext_and_locale_filters(tmp_path):
    write_po(tmp_path, "fi", 'msgid "Front page"\nmsgstr "Etusivu"\n')
    write_po(tmp_path, "en", 'msgid "Front page"\nmsgstr "Home"\n')
    config = Config("content/site.yaml", "https://example.org/", (FI, EN), {"fi": "A", "en": "A"})
    envs = make_environments(tmp_path / "templates", config, load_catalogs(tmp_path / "i18n", config.languages, tmp_path))
    template = '{{ _("Front page") }} | {{ day|date }} | {{ 1234.5|number }}'
    assert envs["fi"].from_string(template).render(day=DAY) == "Etusivu | 29.\xa0marraskuuta\xa02026 | 1\xa0234,5"
    assert envs["en"].from_string(template).render(day=DAY) == "Home | 29\xa0November\xa02026 | 1,234.5"


def test_missing_catalogs_are_reported_together(tmp_path):
    config = Config("content/site.yaml", "https://example.org/", (FI, EN), {"fi": "A", "en": "A"})
    with pytest.raises(ContentErrors) as excinfo:
        load_catalogs(tmp_path / "i18n", config.languages, tmp_path)
    assert error_lines(excinfo) == [
        "i18n/fi/LC_MESSAGES/messages.po: the Suomi UI strings are missing "
        "(create the catalog: see 'Translating UI strings' in README.md)",
        "i18n/en/LC_MESSAGES/messages.po: the English UI strings are missing "
        "(create the catalog: see 'Translating UI strings' in README.md)",
    ]


def test_missing_and_broken_catalogs_are_reported_together(tmp_path):
    write_po(tmp_path, "fi", 'msgid "Hello"\nmsgstr "Hei"\n\nthis is not po\n')
    with pytest.raises(ContentErrors) as excinfo:
        load_catalogs(tmp_path / "i18n", (FI, EN), tmp_path)
    first, second = error_lines(excinfo)
    assert first.startswith("i18n/fi/LC_MESSAGES/messages.po:9: broken catalog: Unknown or misformatted keyword")
    assert second == ("i18n/en/LC_MESSAGES/messages.po: the English UI strings are missing "
                      "(create the catalog: see 'Translating UI strings' in README.md)")


def test_untranslated_and_fuzzy_strings_name_the_po_file_and_line(tmp_path):
    write_po(tmp_path, "fi", 'msgid "Hello"\nmsgstr "Hei"\n\n'
                             'msgid "Main"\nmsgstr ""\n\n'
                             '#, fuzzy\nmsgid "Language"\nmsgstr "Kieli"\n\n'
                             'msgid "%(num)s topic"\nmsgid_plural "%(num)s topics"\nmsgstr[0] "%(num)s aihe"\nmsgstr[1] ""\n')
    untranslated, fuzzy = load_catalog(tmp_path / "i18n", FI, tmp_path).problems()
    assert [str(e) for e in untranslated] == [
        'i18n/fi/LC_MESSAGES/messages.po:9: UI string not translated: "Main" (write its msgstr)',
        'i18n/fi/LC_MESSAGES/messages.po:16: UI string not translated: "%(num)s topic" (write its msgstr)',
    ]
    assert [str(e) for e in fuzzy] == [
        "i18n/fi/LC_MESSAGES/messages.po:13: UI string marked fuzzy: \"Language\" "
        "(check the msgstr, then remove the '#, fuzzy' line)",
    ]
