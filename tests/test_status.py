"""`python build.py status`: what each language still lacks, as text and as JSON, and stamping translations with
`--mark` so that a later change to their source shows them as outdated."""
from __future__ import annotations

import json

from sitekit import EN_PO, make_site, page_md, run_cli, stamp_for

THEMES_YAML = """\
groups:
  - id: {fi: osaaminen, en: skills}
    title: {fi: Osaaminen}
    items:
      - {fi: Yksi, en: One}
"""
EN_PO_WITH_GAPS = EN_PO + '\nmsgid "Main"\nmsgstr ""\n\n#, fuzzy\nmsgid "Language"\nmsgstr "Langage"\n'
FI_ACCESSIBILITY = page_md("Saavutettavuus", "Seloste.", slug="saavutettavuus")

NOT_TRANSLATED = ("content/en/teemat.md: the page is not translated yet "
                  "(translate content/fi/teemat.md; until then visitors see it in its original language)")
NO_ENGLISH = 'content/themes.yaml:3: the text has no English version (add en: "…")'
UNTRANSLATED = 'i18n/en/LC_MESSAGES/messages.po:15: UI string not translated: "Main" (write its msgstr)'
FUZZY = ('i18n/en/LC_MESSAGES/messages.po:19: UI string marked fuzzy: "Language" '
         "(check the msgstr, then remove the '#, fuzzy' line)")
MARK_HINT = ("(update it from content/fi/accessibility.md, then run: "
             "python build.py status --mark content/en/accessibility.md)")
NO_STAMP = ("content/en/accessibility.md: the translation has no stamp of its source content/fi/accessibility.md "
            + MARK_HINT)
OUTDATED = ("content/en/accessibility.md: the translation is outdated: content/fi/accessibility.md has changed since "
            + MARK_HINT)


def incomplete_site(tmp_path):
    return make_site(tmp_path, {
        "content/fi/teemat.md": page_md("Teemat", slug="teemat"),
        "content/themes.yaml": THEMES_YAML,
        "i18n/en/LC_MESSAGES/messages.po": EN_PO_WITH_GAPS,
        "content/en/accessibility.md": page_md("Accessibility", "Statement.", slug="accessibility"),  # no stamp
    })


def json_lines(report: dict, code: str, section: str) -> list[str]:
    """The entries of one section of `status --json`, in the one-line form of the text listing."""
    return [f"{e['path']}:{e['line']}: {e['message']} ({e['hint']})" if e["line"] else
            f"{e['path']}: {e['message']} ({e['hint']})" for e in report["languages"][code][section]]


def test_a_complete_site(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path)
    assert run_cli(monkeypatch, capsys, root, "status") == (0, "Suomi (fi): complete\nEnglish (en): complete\n", "")
    assert run_cli(monkeypatch, capsys, root, "status", "--strict") == \
        (0, "Suomi (fi): complete\nEnglish (en): complete\n", "")
    code, out, err = run_cli(monkeypatch, capsys, root, "status", "--json")
    assert (code, err) == (0, "")
    empty = {"missing_pages": [], "missing_fields": [], "missing_strings": [], "fuzzy_strings": [], "outdated": []}
    assert json.loads(out) == {"languages": {"fi": empty, "en": empty}, "complete": True, "warnings": []}


def test_status_lists_every_kind_of_gap(tmp_path, monkeypatch, capsys):
    root = incomplete_site(tmp_path)
    code, out, err = run_cli(monkeypatch, capsys, root, "status")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Suomi (fi): complete",
        "English (en): 5 to do",
        "  missing pages (1):",
        f"    {NOT_TRANSLATED}",
        "  missing texts in data files (1):",
        f"    {NO_ENGLISH}",
        "  untranslated UI strings (1):",
        f"    {UNTRANSLATED}",
        "  fuzzy UI strings (1):",
        f"    {FUZZY}",
        "  outdated translations (1):",
        f"    {NO_STAMP}",
    ]
    code, strict_out, _ = run_cli(monkeypatch, capsys, root, "status", "--strict")
    assert (code, strict_out) == (1, out)


def test_status_json_has_the_same_entries(tmp_path, monkeypatch, capsys):
    root = incomplete_site(tmp_path)
    code, out, err = run_cli(monkeypatch, capsys, root, "status", "--json")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["complete"] is False and report["warnings"] == []
    assert {section: json_lines(report, "fi", section) for section in report["languages"]["fi"]} == {
        "missing_pages": [], "missing_fields": [], "missing_strings": [], "fuzzy_strings": [], "outdated": []}
    assert {section: json_lines(report, "en", section) for section in report["languages"]["en"]} == {
        "missing_pages": [NOT_TRANSLATED], "missing_fields": [NO_ENGLISH], "missing_strings": [UNTRANSLATED],
        "fuzzy_strings": [FUZZY], "outdated": [NO_STAMP]}
    assert report["languages"]["en"]["missing_strings"][0] == {
        "path": "i18n/en/LC_MESSAGES/messages.po", "line": 15,
        "message": 'UI string not translated: "Main"', "hint": "write its msgstr"}
    assert run_cli(monkeypatch, capsys, root, "status", "--json", "--strict")[:2] == (1, out)


def test_marking_a_translation_and_then_changing_its_source(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/en/accessibility.md": page_md("Accessibility", "Statement.", slug="accessibility")})
    assert run_cli(monkeypatch, capsys, root, "status")[1].splitlines() == [
        "Suomi (fi): complete", "English (en): 1 to do", "  outdated translations (1):", f"    {NO_STAMP}"]
    monkeypatch.chdir(root)
    stamp = json.loads(stamp_for(FI_ACCESSIBILITY))
    assert run_cli(monkeypatch, capsys, root, "status", "--mark", "content/en/accessibility.md") == (0, (
        f"content/en/accessibility.md: marked as translated from content/fi/accessibility.md ({stamp})\n"), "")
    assert (root / "content/en/accessibility.md").read_text(encoding="utf-8") == page_md(
        "Accessibility", "Statement.", slug="accessibility", translated_from=f'"{stamp}"')
    assert run_cli(monkeypatch, capsys, root, "status") == (0, "Suomi (fi): complete\nEnglish (en): complete\n", "")

    # The source's text changes: the translation is listed as outdated, in the text and in the JSON.
    (root / "content/fi/accessibility.md").write_text(FI_ACCESSIBILITY.replace("Seloste.", "Uusi seloste."),
                                                      encoding="utf-8")
    assert run_cli(monkeypatch, capsys, root, "status")[1].splitlines() == [
        "Suomi (fi): complete", "English (en): 1 to do", "  outdated translations (1):", f"    {OUTDATED}"]
    report = json.loads(run_cli(monkeypatch, capsys, root, "status", "--json")[1])
    assert json_lines(report, "en", "outdated") == [OUTDATED] and report["complete"] is False
    # A build says the same as a warning, and under --strict as an error.
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert (code, err.splitlines()) == (0, [OUTDATED.replace(".md: ", ".md: warning: ", 1)])
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"), "--strict")
    assert (code, err.splitlines()) == (1, [OUTDATED, "Build failed: 1 problem; the previous site was left as it was."])
    # Marked again once updated; an absolute path works as well.
    run_cli(monkeypatch, capsys, root, "status", "--mark", str(root / "content/en/accessibility.md"))
    assert run_cli(monkeypatch, capsys, root, "status") == (0, "Suomi (fi): complete\nEnglish (en): complete\n", "")


def test_a_change_outside_the_translated_text_does_not_outdate(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/accessibility.md": FI_ACCESSIBILITY.replace("slug: saavutettavuus",
                                                                                         "slug: saavutettavuus\nnav: 3")})
    assert run_cli(monkeypatch, capsys, root, "status") == (0, "Suomi (fi): complete\nEnglish (en): complete\n", "")


def test_marking_what_is_not_a_translation_is_an_error(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path)
    monkeypatch.chdir(root)
    before = (root / "content/fi/index.md").read_bytes()
    assert run_cli(monkeypatch, capsys, root, "status", "--mark", "content/fi/index.md", "content/en/nothing.md") == (
        1, "", "content/fi/index.md: not a translated page (name a page file in another language than the first, "
               "such as content/en/themes.md)\n"
               "content/en/nothing.md: not a translated page (name a page file in another language than the first, "
               "such as content/en/themes.md)\n"
               "2 problems found.\n")
    assert (root / "content/fi/index.md").read_bytes() == before


def test_status_of_a_broken_site_names_the_problems(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/index.md": "---\ntitle: Etusivu\ndescription: Koti\ntitle: Taas\n---\n"})
    assert run_cli(monkeypatch, capsys, root, "status") == (
        1, "", "content/fi/index.md:4: key 'title' appears twice (keep only one of them)\n1 problem found.\n")


def test_status_reads_another_folder_with_source(tmp_path, monkeypatch, capsys):
    root = incomplete_site(tmp_path)
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path / "elsewhere", "status", "--source", str(root))
    assert (code, out.splitlines()[1]) == (0, "English (en): 5 to do")
