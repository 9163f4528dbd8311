"""The tool's own messages: every one marked in the code has its Finnish, the language follows the
environment, and the 'path:line:' start of a line is the same in every language."""
from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from microsite import messages
from microsite import cli
from sitekit import SITE_YAML, make_site, page_md

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
    assert capsys.readouterr().err.splitlines()[-1] == ("python build.py: error: --base-url must be a full "
                                                        "http(s) address, such as https://example.org/kasvu/ (got 'nowhere')")
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
