"""The tool's own messages: every one marked in the code has its Finnish, the language follows the
environment, and the 'path:line:' start of a line is the same in every language."""
from __future__ import annotations

import json
import re
import string
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bs4 import BeautifulSoup

from conftest import ROOT
from microsite import cli, messages
from microsite.built import BuiltFiles, check_links
from microsite.errors import ContentError
from microsite.serve import error_page
from sitekit import SITE_YAML, make_site, page_md, run_cli

FI_CATALOG = ROOT / "microsite/locale/fi/LC_MESSAGES/tool.po"


KEYWORDS = {"_": None, "N_": None, "ngettext_": (1, 2)}  # as README.md's pybabel extract line has them


def marked_messages() -> set[str]:
    """Every message the code marks with _(), N_() or ngettext_() (by its singular), found as pybabel extract
    finds them."""
    found = extract_from_dir(str(ROOT / "microsite"), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found
            if message and (message if isinstance(message, str) else message[0])}


def fields(text: str) -> set[str] | str:
    """The {fields} of a template; a message shown as it is (no fields, literal braces) keeps its braces."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return "".join(sorted(c for c in text if c in "{}"))


def finnish() -> dict[str, object]:
    """The Finnish catalog's messages by msgid (a plural one by its singular)."""
    with FI_CATALOG.open("rb") as stream:
        catalog = read_po(stream)
    return {message.id if isinstance(message.id, str) else message.id[0]: message for message in catalog if message.id}


def forms(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_message_has_its_finnish_with_the_same_fields():
    catalog = finnish()
    marked = marked_messages()
    assert len(marked) > 40
    untranslated = sorted(m for m in marked if m not in catalog or not all(forms(catalog[m])) or catalog[m].fuzzy)
    assert untranslated == [], "add their Finnish to microsite/locale/fi/LC_MESSAGES/tool.po (see README.md)"
    assert [m for m in marked if any(fields(form) != fields(m) for form in forms(catalog[m]))] == []


def test_the_catalog_keeps_no_message_the_code_no_longer_has():
    assert sorted(set(finnish()) - marked_messages()) == []


def test_the_finnish_catalog_says_how_finnish_counts():
    with FI_CATALOG.open("rb") as stream:
        catalog = read_po(stream)
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert catalog.obsolete == {}


@pytest.mark.parametrize("language, one, two", [
    ("fi", "Löytyi 1 ongelma.", "Löytyi 2 ongelmaa."),
    ("en", "1 problem found.", "2 problems found."),
])
def test_a_count_takes_the_form_the_language_gives_it(monkeypatch, language, one, two):
    monkeypatch.setitem(messages._current, "language", language)
    assert [messages.ngettext_("{count} problem found.", "{count} problems found.", n) for n in (1, 2)] == [one, two]


@pytest.mark.parametrize("language, written", [("fi", "Löytyi 200\u00a0000 ongelmaa."),
                                                ("en", "200,000 problems found.")])
def test_a_count_is_written_as_the_language_writes_numbers(monkeypatch, language, written):
    monkeypatch.setitem(messages._current, "language", language)
    assert messages.ngettext_("{count} problem found.", "{count} problems found.", 200_000) == written


@pytest.mark.parametrize("environ, expected", [
    ({}, "fi"),  # nothing set: the site's first language
    ({"LANG": "C.UTF-8"}, "fi"),  # a locale that names no language
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "fi_FI.UTF-8"}, "fi"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "fi_FI.UTF-8"}, "en"),  # LC_ALL before LANG
    ({"LC_MESSAGES": "fi_FI", "LANG": "en_GB"}, "fi"),
    ({"LANGUAGE": "sv:en", "LANG": "fi_FI.UTF-8"}, "en"),  # the first of LANGUAGE's list the tool speaks
    ({"LANGUAGE": "sv", "LANG": "en_GB.UTF-8"}, "en"),
])
def test_the_language_follows_the_gettext_environment(environ, expected):
    assert messages.choose(None, environ, ROOT) == expected


def test_lang_overrides_the_environment_and_the_site_decides_otherwise(tmp_path):
    assert messages.choose("en", {"LANG": "fi_FI.UTF-8"}, ROOT) == "en"
    site = tmp_path / "content"
    site.mkdir()
    (site / "site.yaml").write_text("languages:\n  - code: en\n    name: English\n  - code: fi\n", encoding="utf-8")
    assert messages.choose(None, {}, tmp_path) == "en"
    (site / "site.yaml").write_text("languages: [broken\n", encoding="utf-8")
    assert messages.choose(None, {}, tmp_path) == "fi"


ENGLISH_FIRST = SITE_YAML.replace("  - code: fi\n    locale: fi_FI\n    name: Suomi\n", "") + \
    "  - code: fi\n    locale: fi_FI\n    name: Suomi\n"


def test_the_site_named_by_source_chooses_the_language_even_for_the_parsers_errors(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path / "site", {"content/site.yaml": ENGLISH_FIRST})
    monkeypatch.delenv("LANGUAGE")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # not the site's folder, nor build.py's (whose site is Finnish first)
    read, real = [], messages.site_language
    monkeypatch.setattr(messages, "site_language", lambda root, known: read.append(root) or real(root, known))
    with pytest.raises(SystemExit):
        cli.main(["--source", str(root), "--base-url", "nowhere"])
    assert capsys.readouterr().err.splitlines()[-1] == (
        "python build.py: error: --base-url must be a full http(s) address, such as https://example.org/kasvu/ "
        "(got 'nowhere')")
    assert read == [root]  # its site.yaml, read once


def run_build(root, *args, **environ) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", **environ}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(root), *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=60)


def test_a_failed_build_speaks_finnish_with_the_same_path_line_start(tmp_path):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "Teksti.")})
    english = run_build(root, "--out", str(root / "content"), LANGUAGE="en")
    in_finnish = run_build(root, "--out", str(root / "content"), LANG="fi_FI.UTF-8")
    assert english.returncode == in_finnish.returncode == 1
    assert english.stderr.splitlines() == [
        f"{root / 'content'}: the output folder would replace the site's sources (build into a folder of its own, "
        "such as dist/, the default)",
        "Build failed: 1 problem; the previous site was left as it was."]
    assert in_finnish.stderr.splitlines() == [
        f"{root / 'content'}: tuloskansio korvaisi sivuston lähdetiedostot (rakenna omaan kansioonsa, esimerkiksi "
        "oletuskansioon dist/)",
        "Sivustoa ei rakennettu: löytyi 1 ongelma. Aiempi sivusto jäi ennalleen."]
    assert [re.match(r"[^ ]*:", line).group(0) for line in english.stderr.splitlines()[:1]] == \
           [re.match(r"[^ ]*:", line).group(0) for line in in_finnish.stderr.splitlines()[:1]]


def test_a_finished_build_says_so_in_the_language_asked_for(tmp_path):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "Teksti.")})
    done = run_build(root, "--out", str(tmp_path / "out"), "--lang", "fi", LANG="en_GB.UTF-8")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"Rakennettu \d+ sivua kansioon .*/out \(kielet: fi, en\)\n", done.stdout)


WHERE = re.compile(r"^(?P<where>[^ :]+(?::\d+)?): (?P<text>.+)$")  # the 'path:line:' start, as tools read it
ACCESSIBILITY = page_md("Saavutettavuus", "Seloste.", slug="saavutettavuus", date="2026-02-30")
BROKEN = {  # the kit's site with these files changed: the first line `build` prints, in English and in Finnish
    "a date that does not exist": ({"content/fi/accessibility.md": ACCESSIBILITY},
        "content/fi/accessibility.md:5: the date 2026-02-30 does not exist (check the day and month; write dates "
        "as 2026-11-29)",
        "content/fi/accessibility.md:5: päivämäärää 2026-02-30 ei ole olemassa (tarkista päivä ja kuukausi; "
        "kirjoita päivämäärät muodossa 2026-11-29)"),
    "a value that is not what its tag says": ({"content/fi/index.md": page_md("Etusivu", nav="!!int kolme")},
        "content/fi/index.md:4: 'kolme' is not a whole number (remove the !!int before it, or fix the value)",
        "content/fi/index.md:4: 'kolme' ei ole kokonaisluku (poista sen edestä !!int, tai korjaa arvo)"),
    "a tag": ({"content/themes.yaml": "groups: !!python/object x\n"},
        "content/themes.yaml:1: the tag !!python/object is not allowed here (remove it: write plain text, numbers, "
        "dates or true/false)",
        "content/themes.yaml:1: merkintää !!python/object ei voi käyttää tässä (poista se: kirjoita pelkkää "
        "tekstiä, numeroita, päivämääriä tai true/false)"),
    "an empty data file": ({"content/themes.yaml": ""},
        "content/themes.yaml:1: the file is empty (add its content or delete the file)",
        "content/themes.yaml:1: tiedosto on tyhjä (kirjoita sen sisältö, tai poista tiedosto)"),
    "unclosed front matter": ({"content/fi/index.md": "---\ntitle: Etusivu\ndescription: x\nTeksti.\n"},
        "content/fi/index.md:1: the front matter is not closed (add a line '---' after the settings)",
        "content/fi/index.md:1: sivun asetuksilta puuttuu loppurivi '---' (lisää asetusten perään rivi '---')"),
    "a key twice": ({"content/fi/index.md": "---\ntitle: Etusivu\ntitle: Toinen\ndescription: x\n---\nTeksti.\n"},
        "content/fi/index.md:3: key 'title' appears twice (keep only one of them)",
        "content/fi/index.md:3: avain 'title' on kahdesti (jätä niistä vain yksi)"),
    "values nested too deep": ({"content/themes.yaml": "a: " + "[" * 30 + "]" * 30 + "\n"},
        "content/themes.yaml:1: the values are nested more than 20 levels deep (write them as simpler lists and "
        "'key: value' lines)",
        "content/themes.yaml:1: arvoissa on yli 20 sisäkkäistä tasoa (kirjoita ne yksinkertaisempina luetteloina "
        "ja 'avain: arvo' -riveinä)"),
    "an unclosed quote": ({"content/themes.yaml": 'groups:\n  - id: {fi: a, en: b}\n    title: {fi: "Auki, en: B}\n'},
        "content/themes.yaml:3: YAML syntax error: a text in quotes is never closed (end it with the same quote mark "
        "it starts with)",
        "content/themes.yaml:3: YAML-muotovirhe: puuttuva lainausmerkki – tällä rivillä lainausmerkillä alkava "
        "teksti ei pääty (lopeta teksti samaan lainausmerkkiin, jolla se alkaa)"),
    "a bad base_url": ({"content/site.yaml": SITE_YAML.replace("https://example.org/", "example.org")},
        "content/site.yaml:1: base_url must be a full address (for example base_url: https://example.org/kasvu/)",
        "content/site.yaml:1: base_url-asetuksen pitää olla kokonainen osoite (esimerkiksi base_url: "
        "https://example.org/kasvu/)"),
    "a placeholder base_url (a warning)": ({"content/site.yaml": SITE_YAML.replace("example.org", "kasvu.example")},
        "content/site.yaml: warning: base_url https://kasvu.example/ is a placeholder (set the real address or build "
        "with --base-url)",
        "content/site.yaml: varoitus: base_url https://kasvu.example/ on vasta paikkamerkki (kirjoita oikea "
        "osoite, tai rakenna valinnalla --base-url)"),
    "a required page missing": ({"content/fi/404.md": None},
        "content/fi/404.md: the page is missing (every site needs 404.md in its first language)",
        "content/fi/404.md: sivu puuttuu (jokaisella sivustolla pitää olla 404.md sen ensimmäisellä kielellä)"),
    "a script": ({"content/fi/index.md": page_md("Etusivu", "Teksti <script>alert(1)</script>")},
        "content/fi/index.md:5: '<script' is not allowed (pages cannot contain scripts; remove it. The editors' "
        "guide lists the HTML that is allowed)",
        "content/fi/index.md:5: '<script' ei ole sallittu (sivuilla ei voi olla skriptejä; poista se. Toimittajan "
        "oppaassa luetellaan sallittu HTML)"),
    "a main heading": ({"content/fi/index.md": page_md("Etusivu", "# Otsikko\n\nTeksti.")},
        "content/fi/index.md:5: the text has a main heading ('# …') (the title is the page's only main heading; "
        "use '## …' in the text)",
        "content/fi/index.md:5: tekstissä on pääotsikko ('# …') (sivun otsikko (title) on sen ainoa pääotsikko; "
        "käytä tekstissä väliotsikoita '## …')"),
    "a bad link": ({"content/fi/index.md": page_md("Etusivu", "[x](teemat.md)")},
        "content/fi/index.md:5: link to a page that does not exist: teemat.md (link to another page's file, for "
        "example (themes.md))",
        "content/fi/index.md:5: linkki sivulle, jota ei ole: teemat.md (linkitä toisen sivun tiedostoon, "
        "esimerkiksi (themes.md))"),
    "no slug": ({"content/fi/extra.md": page_md("Lisää")},
        "content/fi/extra.md:2: the page has no slug (add a line 'slug: …' with its address)",
        "content/fi/extra.md:2: sivulta puuttuu slug (lisää rivi 'slug: …', jossa on sivun osoite)"),
    "an anchor that is not there": ({"content/fi/index.md": page_md("Etusivu", "[x](#ei-ole)")},
        "content/fi/index.md:5: there is no anchor #ei-ole on content/fi/index.md (check the part after # against "
        "the headings' and sections' ids)",
        "content/fi/index.md:5: ankkuria #ei-ole ei ole sivulla content/fi/index.md (vertaa #-merkin jälkeistä "
        "osaa otsikoiden ja osioiden tunnisteisiin (id))"),
    "a broken template": ({"templates/page.html": "{% if %}\n"},
        "templates/page.html:1: template error: Expected an expression, got 'end of statement block'",
        "templates/page.html:1: virhe sivupohjassa: Expected an expression, got 'end of statement block'"),
    "a missing catalog": ({"i18n/en/LC_MESSAGES/messages.po": None},
        "i18n/en/LC_MESSAGES/messages.po: the English UI strings are missing (create the catalog: see 'Translating "
        "UI strings' in README.md)",
        "i18n/en/LC_MESSAGES/messages.po: käyttöliittymän tekstit puuttuvat kieleltä English (luo "
        "käännösluettelo: katso README.md-tiedoston kohta 'Translating UI strings')"),
}


@pytest.mark.parametrize("files, english, finnish", BROKEN.values(), ids=BROKEN)
def test_a_content_problem_speaks_finnish_with_the_same_path_line_start(tmp_path, monkeypatch, capsys, files,
                                                                       english, finnish):
    root = make_site(tmp_path, files)
    lines = {lang: run_cli(monkeypatch, capsys, root, "--lang", lang)[2].splitlines()[0] for lang in ("en", "fi")}
    assert lines == {"en": english, "fi": finnish}
    in_english, in_finnish = WHERE.match(english), WHERE.match(finnish)
    assert in_english["where"] == in_finnish["where"]
    assert in_english["text"] != in_finnish["text"]


def test_a_failure_counts_its_problems_in_finnish(tmp_path, monkeypatch, capsys):
    one = make_site(tmp_path / "one", {"content/fi/extra.md": page_md("Lisää")})
    two = make_site(tmp_path / "two", {"content/fi/extra.md": page_md("Lisää"), "content/fi/muu.md": page_md("Muu")})
    last = [run_cli(monkeypatch, capsys, root, "--lang", "fi")[2].splitlines()[-1] for root in (one, two)]
    assert last == ["Sivustoa ei rakennettu: löytyi 1 ongelma. Aiempi sivusto jäi ennalleen.",
                    "Sivustoa ei rakennettu: löytyi 2 ongelmaa. Aiempi sivusto jäi ennalleen."]


def test_the_status_counts_in_finnish_and_its_json_stays_english(tmp_path, monkeypatch, capsys):
    one = make_site(tmp_path / "one", {"content/fi/extra.md": page_md("Lisää", slug="lisaa")})
    two = make_site(tmp_path / "two", {"content/fi/extra.md": page_md("Lisää", slug="lisaa"),
                                       "content/fi/muu.md": page_md("Muu", slug="muu")})
    assert run_cli(monkeypatch, capsys, one, "status", "--lang", "fi")[1].splitlines()[:4] == [
        "Suomi (fi): valmis", "English (en): 1 tehtävä", "  puuttuvat sivut (1):",
        "    content/en/extra.md: sivua ei ole vielä käännetty (käännä content/fi/extra.md; siihen asti "
        "kävijät näkevät sivun alkuperäisellä kielellä)"]
    status = run_cli(monkeypatch, capsys, two, "status", "--lang", "fi")[1]
    assert status.splitlines()[1] == "English (en): 2 tehtävää"
    report = json.loads(run_cli(monkeypatch, capsys, one, "status", "--json", "--lang", "fi")[1])
    assert report["languages"]["en"]["missing_pages"][0]["message"] == "the page is not translated yet"


def test_the_check_of_a_built_site_speaks_finnish(monkeypatch):
    page = b'<!DOCTYPE html><html lang="fi"><body>\n<a href="/fi/ei-ole/">x</a></body></html>'
    built = BuiltFiles({"fi/index.html": page}, "https://x.example/")
    monkeypatch.setitem(messages._current, "language", "fi")
    assert [str(problem) for problem in check_links(built)] == ["fi/index.html:2: rikkinäinen linkki /fi/ei-ole/"]


def test_the_preview_error_page_is_in_the_editors_language(monkeypatch):
    monkeypatch.setitem(messages._current, "language", "fi")
    error = ContentError("content/fi/index.md", 4, "the page has no slug", "add a line 'slug: …' with its address")
    page = BeautifulSoup(error_page([error]), "html.parser")
    assert page.html["lang"] == "fi"
    assert (page.title.text, page.h1.text) == ("Virhe sisällössä", "Sivustossa on virhe, jota ei voi esikatsella")
    assert [item.text for item in page.select("ol.errors li")] == [
        "content/fi/index.md:4: sivulta puuttuu slug (lisää rivi 'slug: …', jossa on sivun osoite)"]


def test_a_damaged_cache_key_is_a_warning_that_names_it(tmp_path):
    key = tmp_path / "xdg" / "kasvuallianssi-site" / "cache-key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"short")
    root = make_site(tmp_path / "site")
    done = run_build(root, "--out", str(tmp_path / "out"), "--lang", "fi", XDG_CACHE_HOME=str(tmp_path / "xdg"))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f".cache/: varoitus: rakennuksen välimuistin avaintiedosto {key} on vioittunut (sivusto rakennettiin ilman "
        "välimuistia, mikä kestää kauemmin; poista avaintiedosto)"]


def test_the_help_and_the_parsers_errors_are_in_the_editors_language():
    import os
    env = {**os.environ, "LANGUAGE": "fi"}
    shown = subprocess.run([sys.executable, "build.py", "serve", "--help"], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=60)
    assert shown.returncode == 0 and "näytä tämä ohje ja lopeta" in shown.stdout
    assert "portti, jossa esikatselu toimii (oletus: 8000)" in " ".join(shown.stdout.split())
    wrong = subprocess.run([sys.executable, "build.py", "serve", "--port", "x"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode == 2 and wrong.stderr.splitlines()[-1].startswith("python build.py serve: virhe: ")
