"""Broken sites as editors break them: one case per kind of mistake, each with the exact line `python build.py`
prints, the previous site left byte for byte; and the files that look broken but are fine (BOM, CRLF)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from microsite import markup
from microsite.pipeline import Options, build
from sitekit import PAGE_HTML, failed, make_site, page_md, run_cli, snapshot, stamp_for


SCRIPT_HINT = "(pages cannot contain scripts; remove it. The editors' guide lists the HTML that is allowed)"
LINK_HINT = "(link to another page's file, for example (themes.md))"
SLUG_RULE = "must be an address part of lowercase a-z, digits and hyphens"

THEMES_YAML = """\
groups:
  - id: {fi: osaaminen, en: skills}
    title: {fi: Osaaminen, en: Skills}
    items:
      - {fi: Yksi, en: One}
"""
SIGNATORY = "signatories:\n  - name: Mika\n    title: {fi: Johtaja, en: Mayor}\n    organisation: {fi: Lahti, en: Lahti}\n"
FI_THEMES = page_md("Teemat", "## Osaaminen\n\nTeksti.", slug="teemat")
THEMES_PAGES = {"content/fi/themes.md": FI_THEMES,
                "content/en/themes.md": page_md("Themes", "## Skills", slug="themes", translated_from=stamp_for(FI_THEMES))}


@pytest.fixture
def published(tmp_path) -> Path:
    """The output of an earlier, successful build of the kit's site."""
    out = tmp_path / "dist"
    build(Options(make_site(tmp_path / "earlier"), out))  # its own copy: each test writes its site to tmp_path/site
    return out


def build_broken(tmp_path, monkeypatch, capsys, published, files, *args) -> list[str]:
    """Build the kit's site with files changed into published; return stderr's lines, checking nothing was touched."""
    root = make_site(tmp_path, files)
    before = snapshot(published)
    code, out, err = run_cli(monkeypatch, capsys, root, "--out", str(published), *args)
    assert (code, out) == (1, "")
    assert snapshot(published) == before
    assert sorted(p.name for p in published.parent.iterdir()) == ["dist", "earlier", "site"]  # no temporary folder left
    return err.splitlines()


CASES = {
    "YAML syntax error in a data file": (
        {"content/themes.yaml": "groups:\n  - id: {fi: a, en: b\n    title: x\n"},
        "content/themes.yaml:2: YAML syntax error: the '{' on this line is not closed "
        "(end it with '}' and put commas between the entries)"),
    "YAML syntax error in front matter": (
        {"content/fi/accessibility.md": "---\ntitle: A\ndescription: [Kuvaus\nslug: a\n---\nTeksti.\n"},
        "content/fi/accessibility.md:3: YAML syntax error: the list opened with '[' on this line is not closed "
        "(end it with ']' and put commas between the items)"),
    "duplicate key": (
        {"content/fi/accessibility.md": "---\ntitle: A\ndescription: B\ntitle: C\nslug: a\n---\nTeksti.\n"},
        "content/fi/accessibility.md:4: key 'title' appears twice (keep only one of them)"),
    "empty page": (
        {"content/fi/accessibility.md": ""},
        "content/fi/accessibility.md:1: the file is empty (add front matter and text, or delete the file)"),
    "empty data file": (
        {"content/themes.yaml": "\n  \n"},
        "content/themes.yaml:1: the file is empty (add its content or delete the file)"),
    "not UTF-8": (
        {"content/fi/accessibility.md": "---\ntitle: A\ndescription: B\nslug: a\n---\nSaavutettavuus.\n"
                                        "Tämä sivu.\n".encode("latin-1")},
        "content/fi/accessibility.md:7: the file is not UTF-8 text (save it as UTF-8 in your editor)"),
    "unclosed front matter": (
        {"content/fi/accessibility.md": "---\ntitle: A\ndescription: B\nslug: a\n\nTeksti.\n"},
        "content/fi/accessibility.md:1: the front matter is not closed (add a line '---' after the settings)"),
    "unknown key in front matter": (
        {"content/fi/accessibility.md": page_md("A", slug="a", tempalte="page")},
        "content/fi/accessibility.md:5: unknown key 'tempalte' (did you mean 'template'?)"),
    "unknown key in a data file": (
        {"content/signatories.yaml": SIGNATORY.replace("    title:", "    titel:")},
        "content/signatories.yaml:3: unknown key 'titel' (did you mean 'title'?)"),
    "misspelled key with a block value in a data file": (
        {"content/themes.yaml": THEMES_YAML.replace("    title: {fi: Osaaminen, en: Skills}",
                                                    "    tittle:\n      fi: Osaaminen\n      en: Skills")},
        "content/themes.yaml:3: unknown key 'tittle' (did you mean 'title'?)"),
    "misspelled key with a list below it in a data file": (
        {"content/themes.yaml": THEMES_YAML.replace("    items:", "    itmes:")},
        "content/themes.yaml:4: unknown key 'itmes' (did you mean 'items'?)"),
    "a date that does not exist in a news post": (
        {"content/fi/news.md": page_md("Uutiset", slug="uutiset", template="news_index"),
         "content/fi/news/eka.md": page_md("Eka", slug="eka", date="2026-02-30")},
        "content/fi/news/eka.md:5: the date 2026-02-30 does not exist (check the day and month; write dates as 2026-11-29)"),
    "a python tag in front matter": (
        {"content/fi/accessibility.md": page_md("A", slug="a", lead="!!python/object/apply:os.system [ls]")},
        "content/fi/accessibility.md:5: the tag !!python/object/apply:os.system is not allowed here "
        "(remove it: write plain text, numbers, dates or true/false)"),
    "a YAML reference in a data file": (
        {"content/signatories.yaml": SIGNATORY.replace("organisation: {fi: Lahti, en: Lahti}", "organisation: *lahti")},
        "content/signatories.yaml:4: YAML references (&name / *name) are not allowed here (write the value out; a text that starts with * or & goes in quotes: \"*…*\")"),
    "an unclosed quote in front matter": (
        {"content/fi/accessibility.md": '---\ntitle: "Saavutettavuus\ndescription: B\nslug: a\nnav: 3\n---\nTeksti.\n'},
        "content/fi/accessibility.md:2: YAML syntax error: a text in quotes is never closed "
        "(end it with the same quote mark it starts with)"),
    "unknown data file": (
        {"content/signatory.yaml": SIGNATORY},
        "content/signatory.yaml: unknown data file 'signatory.yaml' (did you mean 'signatories'?)"),
    "wrong type in front matter": (
        {"content/fi/accessibility.md": page_md("A", slug="a", nav="first")},
        "content/fi/accessibility.md:5: 'nav' must be a whole number"),
    "wrong type in a data file": (
        {"content/signatories.yaml": SIGNATORY.replace("name: Mika", "name: [Mika]")},
        "content/signatories.yaml:2: 'signatories → 1 → name' must be text"),
    "missing field in front matter": (
        {"content/fi/accessibility.md": "---\ntitle: A\nslug: a\n---\nTeksti.\n"},
        "content/fi/accessibility.md:2: 'description' is missing (add a line 'description: …')"),
    "missing field in a data file": (
        {"content/signatories.yaml": "signatories:\n  - name: Mika\n    organisation: {fi: Lahti, en: Lahti}\n"},
        "content/signatories.yaml:2: 'signatories → 1 → title' is missing (add a line 'title: …')"),
    "page without a slug": (
        {"content/fi/accessibility.md": page_md("A")},
        "content/fi/accessibility.md:2: the page has no slug (add a line 'slug: …' with its address)"),
    "unsafe slug": (
        {"content/fi/accessibility.md": page_md("A", slug="Saavutettavuus ja muut")},
        f"content/fi/accessibility.md:4: 'slug' {SLUG_RULE}"),
    "unsafe slug in a data file": (
        {"content/themes.yaml": THEMES_YAML.replace("fi: osaaminen", "fi: Osaava työvoima")},
        "content/themes.yaml:2: 'Osaava työvoima' is not a safe address part (an address part of lowercase a-z, "
        "digits and hyphens)"),
    "duplicate address in a language": (
        {"content/fi/a.md": page_md("A", slug="sama"), "content/fi/b.md": page_md("B", slug="sama"),
         "content/en/a.md": page_md("A", slug="a", translated_from=stamp_for(page_md("A", slug="sama"))),
         "content/en/b.md": page_md("B", slug="b", translated_from=stamp_for(page_md("B", slug="sama")))},
        "content/fi/b.md: the address /fi/sama/ is also used by content/fi/a.md (give one of them another slug)"),
    "link to a page that does not exist": (
        {"content/fi/index.md": page_md("Etusivu", "Tervetuloa.\n\nKatso [teemat](themes.md).")},
        f"content/fi/index.md:7: link to a page that does not exist: themes.md {LINK_HINT}"),
    "link that is not a page file": (
        {"content/fi/index.md": page_md("Etusivu", "Katso [teemat](teemat/index.html).")},
        f"content/fi/index.md:5: link teemat/index.html is not a page file or a file in content/files/ {LINK_HINT}"),
    "anchor missing on another page": (
        {**THEMES_PAGES, "content/fi/index.md": page_md("Etusivu", "Katso [osaaminen](themes.md#osaava-tyovoima).")},
        "content/fi/index.md:5: there is no anchor #osaava-tyovoima on content/fi/themes.md "
        "(check the part after # against the headings' and sections' ids)"),
    "anchor missing on the same page": (
        {"content/fi/index.md": page_md("Etusivu", "## Alku\n\nHyppää [alkuun](#alku) tai [loppuun](#loppu).")},
        "content/fi/index.md:7: there is no anchor #loppu on content/fi/index.md "
        "(check the part after # against the headings' and sections' ids)"),
    "file missing from content/files": (
        {"content/fi/index.md": page_md("Etusivu", "Lue [raportti](files/raportti.pdf).")},
        "content/fi/index.md:5: there is no file files/raportti.pdf (put the file in content/files/ or fix the name)"),
    "raw HTML link to a page that does not exist": (
        {"content/fi/index.md": page_md("Etusivu", 'Tervetuloa.\n\nKatso <a href="puuttuu.md">tästä</a>.')},
        f"content/fi/index.md:7: link to a page that does not exist: puuttuu.md {LINK_HINT}"),
    "raw HTML image missing from content/files": (
        {"content/fi/index.md": page_md("Etusivu", 'Kartta:\n\n<p><img src="files/missing.png" alt="Kartta"></p>')},
        "content/fi/index.md:7: there is no file files/missing.png (put the file in content/files/ or fix the name)"),
    "raw HTML anchor missing on the same page": (
        {"content/fi/index.md": page_md("Etusivu", '## Alku\n\n<p>Hyppää <a href="#no-such-anchor">tästä</a>.</p>')},
        "content/fi/index.md:7: there is no anchor #no-such-anchor on content/fi/index.md "
        "(check the part after # against the headings' and sections' ids)"),
    "image without alt text": (
        {"content/fi/index.md": page_md("Etusivu", "Kartta:\n\n![](files/kartta.png)"),
         "content/files/kartta.png": b"\x89PNG"},
        "content/fi/index.md:7: the image files/kartta.png has no alt text "
        "(describe the image in the brackets: ![description](files/…))"),
    "script in Markdown": (
        {"content/fi/index.md": page_md("Etusivu", "Tervetuloa.\n\n<script>alert(1)</script>")},
        f"content/fi/index.md:7: '<script' is not allowed {SCRIPT_HINT}"),
    "event handler in Markdown": (
        {"content/fi/index.md": page_md("Etusivu", '<span lang="en" onmouseover="alert(1)">Hello</span>')},
        f"content/fi/index.md:5: 'onmouseover=' is not allowed {SCRIPT_HINT}"),
    "javascript: link in Markdown": (
        {"content/fi/index.md": page_md("Etusivu", "[Klikkaa](javascript:alert(1))")},
        f"content/fi/index.md:5: 'javascript:' is not allowed {SCRIPT_HINT}"),
    "a news post without its date": (
        {"content/fi/news.md": page_md("Uutiset", slug="uutiset", template="news_index"),
         "content/fi/news/eka.md": page_md("Eka", slug="eka")},
        "content/fi/news/eka.md:2: a news post needs a date (add a line such as 'date: 2026-11-29')"),
    "an invisible control character in the front matter": (
        {"content/fi/index.md": page_md("Etu\x1bsivu")},
        "content/fi/index.md:2: the line has an invisible control character (U+001B) (delete it: retype the line, or "
        "remove the character in your editor)"),
    "an invisible control character after a letter such as ä (counted in characters)": (
        {"content/fi/index.md": "---\ntitle: " + "Ä" * 40 + "\ndescription: d\nlead: a\x01b\n---\nTeksti.\n"},
        "content/fi/index.md:4: the line has an invisible control character (U+0001) (delete it: retype the line, "
        "or remove the character in your editor)"),
    "a control character written as an escape in quotes": (
        {"content/fi/index.md": page_md('"Etu\\esivu"')},
        "content/fi/index.md:2: the line has an invisible control character (U+001B) (delete it: retype the line, "
        "or remove the character in your editor)"),
    "an invisible control character in the text": (
        {"content/fi/index.md": page_md("Etusivu", "Johdanto.\n\nTeksti \x1b[31m punainen.")},
        "content/fi/index.md:7: the line has an invisible control character (U+001B) (delete it: retype the line, or "
        "remove the character in your editor)"),
    "a page of another template among the news, without a date": (
        {"content/fi/news.md": page_md("Uutiset", slug="uutiset", template="news_index"),
         "content/fi/news/eka.md": page_md("Eka", slug="eka", date="2026-11-29"),
         "content/fi/news/info.md": page_md("Info", slug="info", template="page")},
        "content/fi/news/info.md:2: a news post needs a date (add a line such as 'date: 2026-11-29')"),
    "a page in a folder without its page": (
        {"content/fi/news/eka.md": page_md("Eka", slug="eka", date="2026-11-29")},
        "content/fi/news/eka.md: there is no page news.md for the folder news/ (add content/fi/news.md)"),
    "unknown template": (
        {"content/fi/accessibility.md": page_md("A", slug="a", template="statement")},
        "content/fi/accessibility.md:5: there is no template 'statement.html' "
        "(use one of the templates in templates/, such as template: page)"),
    "a data text too long, refused before it converts": (
        {"content/themes.yaml": THEMES_YAML.replace("en: Skills", "en: '" + "[" * 5_000 + "'"), **THEMES_PAGES},
        "content/themes.yaml:3: the English text is 5,000 characters long; at most 2,000 are allowed "
        "(shorten it, or put it on a page)"),
}


@pytest.mark.parametrize("files, line", CASES.values(), ids=CASES.keys())
def test_each_mistake_is_one_line_and_the_old_site_stays(tmp_path, monkeypatch, capsys, published, files, line):
    assert build_broken(tmp_path, monkeypatch, capsys, published, files) == [line, failed(1)]


def test_a_value_outside_its_choices_and_every_missing_field_together(tmp_path, monkeypatch, capsys, published):
    files = {"content/accessibility.yaml": "compliance: mostly\n"}
    assert build_broken(tmp_path, monkeypatch, capsys, published, files) == [
        "content/accessibility.yaml:1: 'compliance' must be one of full, partial, none (it is 'mostly')",
        *(f"content/accessibility.yaml:1: '{key}' is missing (add a line '{key}: …')"
          for key in ("prepared", "reviewed", "method", "feedback", "authority")),
        failed(6),
    ]


def test_mistakes_in_several_files_are_reported_together(tmp_path, monkeypatch, capsys, published):
    files = {**CASES["unknown key in a data file"][0], **CASES["duplicate key"][0], **CASES["empty data file"][0],
             "content/fi/index.md": page_md("Etusivu", "<script>x</script> [a](b.md)")}
    # Files that cannot be read are reported first, all of them together ...
    assert build_broken(tmp_path, monkeypatch, capsys, published, files) == [
        "content/themes.yaml:1: the file is empty (add its content or delete the file)",
        "content/fi/accessibility.md:4: key 'title' appears twice (keep only one of them)",
        failed(2),
    ]
    # ... then, once they can, every problem in what they say.
    files.update({"content/themes.yaml": None, "content/fi/accessibility.md": page_md("A", slug="a", nav="x")})
    (tmp_path / "site/content/themes.yaml").unlink()
    assert build_broken(tmp_path, monkeypatch, capsys, published, files) == [
        "content/signatories.yaml:3: unknown key 'titel' (did you mean 'title'?)",
        "content/fi/accessibility.md:5: 'nav' must be a whole number",
        f"content/fi/index.md:5: '<script' is not allowed {SCRIPT_HINT}",
        f"content/fi/index.md:5: link to a page that does not exist: b.md {LINK_HINT}",
        failed(4),
    ]


@pytest.mark.parametrize("slug", ["../../../outside", "../outside", "a/../../outside", "/tmp/outside", "."])
def test_a_slug_that_would_leave_the_output_folder_is_refused(tmp_path, monkeypatch, capsys, published, slug):
    files = {"content/fi/accessibility.md": page_md("A", slug=f"'{slug}'")}
    assert build_broken(tmp_path, monkeypatch, capsys, published, files) == [
        f"content/fi/accessibility.md:4: 'slug' {SLUG_RULE}", failed(1)]
    assert not list(tmp_path.rglob("outside*"))


def test_missing_language_in_data_is_a_warning_and_an_error_under_strict(tmp_path, monkeypatch, capsys, published):
    files = {"content/themes.yaml": THEMES_YAML.replace("title: {fi: Osaaminen, en: Skills}", "title: {fi: Osaaminen}")}
    line = 'content/themes.yaml:3: the text has no English version (add en: "…")'
    assert build_broken(tmp_path, monkeypatch, capsys, published, files, "--strict") == [line, failed(1)]
    code, out, err = run_cli(monkeypatch, capsys, tmp_path / "site", "--out", str(published))
    assert code == 0
    assert out == f"Built 6 pages into {published} (languages: fi, en)\n"
    assert err.splitlines() == [line.replace(":3: ", ":3: warning: ")]


def test_script_in_a_data_text_never_reaches_the_page(tmp_path, monkeypatch, capsys):
    themes = THEMES_YAML.replace(
        "{fi: Yksi, en: One}",
        '{fi: "Yksi <script>alert(1)</script> *tärkeä* <b onclick=\'alert(2)\'>lihava</b> '
        '[linkki](javascript:alert(3)) <span lang=\\"en\\">one</span>", en: One}')
    fi_themes = page_md("Teemat", slug="teemat", template="themes")
    root = make_site(tmp_path, {
        "content/fi/themes.md": fi_themes,
        "content/en/themes.md": page_md("Themes", slug="themes", template="themes", translated_from=stamp_for(fi_themes)),
        "content/themes.yaml": themes,
        "templates/themes.html": PAGE_HTML.replace(
            "{{ page.body_html|safe }}",
            "{{ page.body_html|safe }}<ul>{% for item in data.themes.groups[0]['items'] %}"
            "<li>{{ item|inline_md }}</li>{% endfor %}</ul>"),
    })
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    line = next(i for i, text in enumerate(themes.splitlines(), 1) if "<script>" in text)
    hint = "(pages cannot contain scripts; remove it. The editors' guide lists the HTML that is allowed)"
    assert (code, err.splitlines()) == (1, [
        f"content/themes.yaml:{line}: '<script' is not allowed {hint}",
        f"content/themes.yaml:{line}: 'onclick=' is not allowed {hint}",
        f"content/themes.yaml:{line}: 'javascript:' is not allowed {hint}",
        "Build failed: 3 problems; the previous site was left as it was.",
    ])
    assert not (tmp_path / "out").exists()


def test_inline_markdown_from_data_is_sanitized_all_the_same():
    from microsite.markup import inline_markdown
    html = inline_markdown("Yksi <script>alert(1)</script> *tärkeä* <b onclick='alert(2)'>lihava</b> "
                           '[linkki](javascript:alert(3)) <span lang="en">one</span>')
    assert html == 'Yksi  <em>tärkeä</em> lihava <a>linkki</a> <span lang="en">one</span>'


def test_bom_and_windows_line_endings_build_fine(tmp_path, monkeypatch, capsys):
    fi_themes = "---\r\ntitle: Teemat\r\ndescription: Teemat ja kohteet.\r\nslug: teemat\r\n---\r\n## Osaaminen\r\n\r\nÄäkköset.\r\n"
    en_themes = page_md("Themes", "## Skills", slug="themes",
                        translated_from=stamp_for(fi_themes.replace("\r\n", "\n")))
    root = make_site(tmp_path, {
        "content/fi/themes.md": b"\xef\xbb\xbf" + fi_themes.encode(),
        "content/en/themes.md": b"\xef\xbb\xbf" + en_themes.replace("\n", "\r\n").encode(),
        "content/themes.yaml": b"\xef\xbb\xbf" + THEMES_YAML.replace("\n", "\r\n").encode(),
    })
    code, out, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    soup = BeautifulSoup((tmp_path / "out/fi/teemat/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.title.get_text() == "Teemat – Testisivusto"
    assert [p.get_text() for p in soup.select("main p")] == ["Ääkköset."]
    assert soup.select_one("main h2")["id"] == "osaaminen"
    assert "\r" not in soup.decode() and "\ufeff" not in soup.decode()


def test_lines_are_right_in_a_file_with_bom_and_windows_line_endings(tmp_path, monkeypatch, capsys, published):
    text = "---\r\ntitle: A\r\ndescription: B\r\nslug: a\r\ntittle: C\r\n---\r\nTeksti.\r\n\r\n[x](y.md)\r\n"
    lines = build_broken(tmp_path, monkeypatch, capsys, published,
                         {"content/fi/accessibility.md": b"\xef\xbb\xbf" + text.encode()})
    assert lines == ["content/fi/accessibility.md:5: unknown key 'tittle' (did you mean 'title'?)",
                     f"content/fi/accessibility.md:9: link to a page that does not exist: y.md {LINK_HINT}",
                     failed(2)]


def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, THEMES_PAGES)
    out = tmp_path / "dist"
    assert run_cli(monkeypatch, capsys, root, "--out", str(out))[0] == 0
    before = snapshot(out)
    assert "fi/teemat/index.html" in before
    (root / "content/fi/themes.md").write_text(FI_THEMES.replace("slug: teemat", "slug: teemat\nnav: x"))
    code, out_text, err = run_cli(monkeypatch, capsys, root, "--out", str(out))
    assert (code, out_text) == (1, "")
    assert err.splitlines() == ["content/fi/themes.md:5: 'nav' must be a whole number", failed(1)]
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "site"]


def test_strict_build_with_a_missing_page_fails_with_its_line(tmp_path, monkeypatch, capsys, published):
    files = {"content/fi/themes.md": FI_THEMES}
    assert build_broken(tmp_path, monkeypatch, capsys, published, files, "--strict") == [
        "content/en/themes.md: the page is not translated yet "
        "(translate content/fi/themes.md; until then visitors see it in its original language)",
        failed(1),
    ]


def html_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def resolve(out: Path, href: str) -> Path:
    target = out / href.lstrip("/")
    return target / "index.html" if href.endswith("/") else target


def test_without_strict_a_missing_page_falls_back_at_its_address(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/themes.md": page_md("Teemat", "## Osaaminen\n\nTeksti.", slug="teemat", nav=2)})
    out = tmp_path / "out"
    code, stdout, err = run_cli(monkeypatch, capsys, root, "--out", str(out))
    assert code == 0
    assert stdout == f"Built 7 pages into {out} (languages: fi, en)\n"  # the stand-in is not counted as built
    assert err.splitlines() == [
        "content/en/themes.md: warning: the page is not translated yet "
        "(translate content/fi/themes.md; until then visitors see it in its original language)",
    ]
    soup = BeautifulSoup((out / "en/teemat/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.select_one("main p.notice").get_text() == "Not translated yet"
    content = soup.select_one("main div[lang]")
    assert content["lang"] == "fi" and content.h1.get_text() == "Teemat" and content.h2.get_text() == "Osaaminen"
    assert soup.find("link", rel="canonical") is None  # not indexed: the Finnish page is the original
    assert [(a["hreflang"], a["href"]) for a in soup.select("nav.lang-switch a")] == [("fi", "/fi/teemat/")]
    assert [a["href"] for a in soup.select("nav.site-nav a")] == ["/en/teemat/"]
    fi = BeautifulSoup((out / "fi/teemat/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [(a["hreflang"], a["href"]) for a in fi.select("nav.lang-switch a")] == [("en", "/en/teemat/")]
    assert [link["hreflang"] for link in fi.find_all("link", rel="alternate")] == ["fi"]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/fi/teemat/" in sitemap and "https://example.org/en/teemat/" not in sitemap
    for page in html_files(out):
        links = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select("nav.lang-switch a")
        assert all(resolve(out, a["href"]).is_file() for a in links), page


def test_the_real_site_falls_back_with_lang_attributes_and_a_working_switcher(tmp_path, monkeypatch, capsys):
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, tmp_path / "site" / folder)
    (tmp_path / "site/content/en/signatories.md").unlink()
    out = tmp_path / "out"
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "site", "--out", str(out))
    assert code == 0
    assert "content/en/signatories.md: warning: the page is not translated yet (translate content/fi/signatories.md; " \
           "until then visitors see it in its original language)" in err.splitlines()
    soup = BeautifulSoup((out / "en/allekirjoittajat/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.select_one("main .notice").get_text(strip=True) == \
        "This page has not been translated yet. It is shown in its original language."
    assert soup.select_one("main div[lang]")["lang"] == "fi"
    assert soup.select_one("main div[lang] h1").get_text() == "Allekirjoittajat"
    home = BeautifulSoup((out / "en/index.html").read_text(encoding="utf-8"), "html.parser")
    for where in ("nav.site-nav", "footer"):
        assert [(a.get("lang"), a.get_text()) for a in home.select(f'{where} a[href="/en/allekirjoittajat/"]')] == \
            [("fi", "Allekirjoittajat")]
    for page in html_files(out):
        for a in BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser").select("nav.lang-switch a"):
            assert resolve(out, a["href"]).is_file(), (page, a["href"])
            other = BeautifulSoup(resolve(out, a["href"]).read_text(encoding="utf-8"), "html.parser")
            assert other.html["lang"] == a["hreflang"] == a["lang"], (page, a["href"])


def test_a_link_to_an_untranslated_page_leads_to_its_fallback(tmp_path, monkeypatch, capsys):
    fi_index = page_md("Etusivu", "Katso [teemat](themes.md).")
    root = make_site(tmp_path, {
        "content/fi/themes.md": FI_THEMES, "content/fi/index.md": fi_index,
        "content/en/index.md": page_md("Home", "See [themes](themes.md).", translated_from=stamp_for(fi_index)),
    })
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert (code, err.splitlines()) == (0, [
        "content/en/themes.md: warning: the page is not translated yet "
        "(translate content/fi/themes.md; until then visitors see it in its original language)"])
    soup = BeautifulSoup((tmp_path / "out/en/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("main a")["href"] == "/en/teemat/"


def test_a_data_text_that_starts_like_a_list_or_heading_stays_text():
    from microsite.markup import inline_markdown
    assert [inline_markdown(text) for text in ("1. Koulutus", "- viiva", "# otsikko", "**lihava** ja *kursiivi*")] == [
        "1. Koulutus", "- viiva", "# otsikko", "<strong>lihava</strong> ja <em>kursiivi</em>"]


def test_billion_laughs_fails_at_once_from_the_command_line(tmp_path, published):
    """Nested YAML references once took gigabytes and never finished: now one line, in well under a second."""
    lines, name = ['a: &a ["x","x","x","x","x","x","x","x","x"]'], "a"
    for new in "bcdefghi":
        lines.append(f"{new}: &{new} [" + ",".join([f"*{name}"] * 9) + "]")
        name = new
    root = make_site(tmp_path, {"content/themes.yaml": "\n".join(lines) + "\n"})
    before = snapshot(published)
    started = time.perf_counter()
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(root), "--out", str(published),
                          "--no-cache"], capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - started < 5  # the process, imports included; the YAML itself takes milliseconds
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        "content/themes.yaml:1: YAML references (&name / *name) are not allowed here (write the value out; a text that starts with * or & goes in quotes: \"*…*\")",
        failed(1)]
    assert snapshot(published) == before


def test_raw_html_links_and_images_are_rewritten_like_markdown_ones(tmp_path, monkeypatch, capsys):
    body = ('Katso <a href="themes.md#osaaminen" lang="fi">teemat</a>.\n\n'
            '<p><img src="files/kartta.png" alt="Kartta"> <a href="#alku">alkuun</a></p>\n\n## Alku')
    fi_index = page_md("Etusivu", body)
    root = make_site(tmp_path, {**THEMES_PAGES, "content/fi/index.md": fi_index, "content/files/kartta.png": b"\x89PNG",
                                "content/en/index.md": page_md("Home", "Welcome.", translated_from=stamp_for(fi_index))})
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    soup = BeautifulSoup((tmp_path / "out/fi/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [(a["href"], a.get_text()) for a in soup.select("main a")] == [("/fi/teemat/#osaaminen", "teemat"),
                                                                         ("#alku", "alkuun")]
    assert soup.select_one("main a")["lang"] == "fi"
    assert [(img["src"], img["alt"]) for img in soup.select("main img")] == [("/files/kartta.png", "Kartta")]


def test_template_syntax_in_editor_text_is_shown_literally(tmp_path, monkeypatch, capsys):
    """Editors' texts are data to the templates, never template code: nothing in them is evaluated."""
    jinja = "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %} {{ config }}"
    root = make_site(tmp_path, {
        "content/fi/index.md": page_md("Etusivu {{ 6 * 7 }}", f"Teksti: {jinja}"),
    })
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert code == 0, err
    fi = BeautifulSoup((tmp_path / "out/fi/index.html").read_text(encoding="utf-8"), "html.parser")
    assert fi.h1.get_text() == "Etusivu {{ 6 * 7 }}"
    assert fi.main.p.get_text() == f"Teksti: {jinja}"
    assert "49" not in fi.main.get_text() and "42" not in fi.get_text()


def test_a_text_built_to_convert_slowly_is_stopped_and_named(tmp_path, monkeypatch, capsys, published):
    # 20,000 unclosed '[' keep Python-Markdown busy for minutes; the limit, lowered here, stops it.
    monkeypatch.setattr(markup, "MAX_SECONDS", 0.5)
    files = {"content/fi/index.md": page_md("Etusivu", "Tervetuloa.\n\nLue [tästä](themes.md).\n\n" + "[" * 20_000)}
    started = time.monotonic()
    lines = build_broken(tmp_path, monkeypatch, capsys, published, files)
    assert time.monotonic() - started < 5
    assert lines == ["content/fi/index.md:9: the text took more than 0.5 s to convert (a real page takes a fraction "
                     "of a second) (look for many '[' or '<' left unclosed on this line, or split the text)",
                     failed(1)]
