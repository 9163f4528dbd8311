"""cli.py: content errors become one line each and exit code 1, never a traceback; usage errors exit 2."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sitekit import failed, make_site, page_md, run_cli, snapshot, stamp_for


@pytest.fixture
def published(tmp_path):
    """An output folder from an earlier build."""
    out = tmp_path / "dist"
    (out / "fi").mkdir(parents=True)
    (out / "index.html").write_bytes(b"old root")
    (out / "fi" / "index.html").write_bytes(b"old fi")
    return out


run = run_cli


def test_broken_site_prints_every_error_and_keeps_the_old_output(tmp_path, monkeypatch, capsys, published):
    root = make_site(tmp_path, {
        "content/fi/index.md": "---\ntitle: Etusivu\ndescription: Kuvaus\ntittle: x\n---\n",
        "content/en/index.md": "---\ntitle: Home\ndescription: Home\n---\nSee [themes](themes.md).\n",
    })
    before = snapshot(published)
    code, out, err = run(monkeypatch, capsys, root, "--out", str(published))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [  # front matter and Markdown problems are collected together
        "content/fi/index.md:4: unknown key 'tittle' (did you mean 'title'?)",
        "content/en/index.md:5: link to a page that does not exist: themes.md "
        "(link to another page's file, for example (themes.md))",
        "Build failed: 2 problems; the previous site was left as it was.",
    ]
    assert snapshot(published) == before
    # The front matter fixed, the remaining problem (a broken link) is reported the same way.
    (root / "content/fi/index.md").write_text(page_md("Etusivu"), encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, root, "--out", str(published))
    assert code == 1
    assert err.splitlines() == [
        "content/en/index.md:5: link to a page that does not exist: themes.md "
        "(link to another page's file, for example (themes.md))",
        "Build failed: 1 problem; the previous site was left as it was.",
    ]
    assert "Traceback" not in err
    assert snapshot(published) == before
    assert sorted(p.name for p in published.parent.iterdir()) == ["dist", "site"]


BROKEN_BUILDS = {
    "a base_url that is not an address": (
        {"content/site.yaml": "base_url: nowhere\nname: {fi: A, en: B}\nlanguages: [{code: fi}, {code: en}]\n"},
        ["content/site.yaml:1: base_url must be a full address (for example base_url: https://example.org/kasvu/)"]),
    "errors from several files together": (
        {"content/themes.yaml": "title: {fi: Teemat}\ntitle: {en: Themes}\n", "content/en/404.md": "no front matter\n"}, [
            "content/themes.yaml:2: key 'title' appears twice (keep only one of them)",
            "content/en/404.md:1: the file does not start with front matter "
            "(begin the file with a line '---', the settings, and another '---')",
        ]),
    "an unknown template": (
        {"content/en/404.md": page_md("Not found", template="missing")},
        ["content/en/404.md:4: there is no template 'missing.html' "
         "(use one of the templates in templates/, such as template: page)"]),
    "no site.yaml": (
        {"content/site.yaml": None}, ["content/site.yaml: the file does not exist (check the file's name and place)"]),
    "an undefined name in a template": (
        {"templates/root.html": "{{ nope }}"}, ["templates/root.html:1: template error: 'nope' is undefined"]),
    "a template that reaches for Python": (
        {"templates/page.html": "{{ cycler.__init__.__globals__.os.popen('id').read() }}"},
        ["templates/page.html:1: template error: access to attribute '__init__' of 'type' object is unsafe."]),
    "a template that puts a script into the pages": (
        {"templates/page.html": '<!DOCTYPE html>\n<script>alert(1)</script>\n<p onmouseover="x()">'
                                "{{ page.title }}</p>\n"},
        ["en/404.html:2: the page has a script (<script>); the site runs none (remove it from the template that "  # once,
         "writes it, or from a partial that template includes)",  # at the first page the template makes
         "en/404.html:3: the page has a script (onmouseover=); the site runs none (remove it from the template that "
         "writes it, or from a partial that template includes)"]),
    "a template syntax error": (
        {"templates/page.html": "{% if %}"},
        ["templates/page.html:1: template error: Expected an expression, got 'end of statement block'"]),
}


@pytest.mark.parametrize("files, lines", BROKEN_BUILDS.values(), ids=BROKEN_BUILDS.keys())
def test_each_problem_is_one_line_and_the_old_output_stays(tmp_path, monkeypatch, capsys, published, files, lines):
    root = make_site(tmp_path, files)
    before = snapshot(published)
    code, out, err = run(monkeypatch, capsys, root, "--out", str(published))
    assert (code, out) == (1, "")
    assert err.splitlines() == [*lines, failed(len(lines))]
    assert snapshot(published) == before


@pytest.mark.parametrize("url", ["example.org/kasvu/", "/kasvu/", "ftp://example.org/", "https://example.org/?x=1"])
def test_invalid_base_url_is_a_usage_error(tmp_path, monkeypatch, capsys, published, url):
    root = make_site(tmp_path)
    before = snapshot(published)
    with pytest.raises(SystemExit) as excinfo:
        run(monkeypatch, capsys, root, "--out", str(published), "--base-url", url)
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python build.py")
    assert err.splitlines()[-1] == (
        "python build.py: error: --base-url must be a full http(s) address, "
        f"such as https://example.org/kasvu/ (got {url!r})"
    )
    assert snapshot(published) == before


def test_successful_build_replaces_the_output(tmp_path, monkeypatch, capsys, published):
    teemat = page_md("Teemat", slug="teemat")
    root = make_site(tmp_path, {"content/fi/teemat.md": teemat,
                                "content/en/teemat.md": page_md("Themes", slug="themes", translated_from=stamp_for(teemat)),
                                "content/files/kartta.png": b"\x89PNG"})
    code, out, err = run(monkeypatch, capsys, root, "--out", str(published), "--base-url", "https://example.org/kasvu")
    assert code == 0
    assert err == ""
    assert out == f"Built 8 pages into {published} (languages: fi, en)\n"
    assert sorted(snapshot(published)) == [
        "404.html", "_headers", "en/404.html", "en/accessibility/index.html", "en/index.html", "en/themes/index.html",
        "fi/404.html", "fi/index.html", "fi/saavutettavuus/index.html", "fi/teemat/index.html", "files/kartta.png",
        "index.html", "robots.txt", "sitemap.xml", "static/style.eac0e79057.css",  # sha256 of the kit's style.css
    ]
    assert snapshot(published)["files/kartta.png"] == b"\x89PNG"
    soup = BeautifulSoup((published / "fi/teemat/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="stylesheet")["href"] == "/kasvu/static/style.eac0e79057.css"
    assert soup.html["lang"] == "fi"
    assert soup.h1.get_text() == "Teemat"
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/kasvu/fi/teemat/"
    assert {a["hreflang"]: a["href"] for a in soup.find_all("link", rel="alternate")} == {
        "fi": "https://example.org/kasvu/fi/teemat/", "en": "https://example.org/kasvu/en/themes/"}
    assert [(a["hreflang"], a["href"]) for a in soup.select("nav.lang-switch a")] == [("en", "/kasvu/en/themes/")]
    assert soup.select_one("a.skip-link").get_text() == "Siirry pääsisältöön"


def test_warnings_are_printed_after_a_successful_build(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/site.yaml": "base_url: https://kasvu.example/\nname: {fi: A, en: B}\n"
                                                     "languages: [{code: fi}, {code: en}]\n"})
    code, out, err = run(monkeypatch, capsys, root)
    assert code == 0
    assert out == f"Built 6 pages into {root / 'dist'} (languages: fi, en)\n"  # dist/ beside build.py by default
    assert err.splitlines() == [
        "content/site.yaml: warning: base_url https://kasvu.example/ is a placeholder "
        "(set the real address or build with --base-url)",
    ]
    assert (root / "dist" / "index.html").is_file()


def test_build_command_with_source_and_drafts(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/luonnos.md": page_md("Luonnos", slug="luonnos", draft="true")})
    out = tmp_path / "out"
    code, stdout, err = run(monkeypatch, capsys, tmp_path / "elsewhere", "build", "--source", str(root), "--out", str(out))
    assert (code, stdout) == (0, f"Built 6 pages into {out} (languages: fi, en)\n")
    assert not (out / "fi/luonnos").exists()
    code, stdout, err = run(monkeypatch, capsys, tmp_path / "elsewhere", "build", "--source", str(root), "--out", str(out),
                            "--drafts")
    assert (code, stdout) == (0, f"Built 7 pages into {out} (languages: fi, en)\n")
    assert err.splitlines() == [
        "content/en/luonnos.md: warning: the page is not translated yet "
        "(translate content/fi/luonnos.md; until then visitors see it in its original language)",
    ]
    assert (out / "fi/luonnos/index.html").is_file() and (out / "en/luonnos/index.html").is_file()


@pytest.mark.parametrize("typed,line", [
    ("stauts", "python build.py: error: there is no command 'stauts' (did you mean 'status'?). "
               "The commands are build, serve, status, check, review."),
    ("chek", "python build.py: error: there is no command 'chek' (did you mean 'check'?). "
             "The commands are build, serve, status, check, review."),
    ("xyzzy", "python build.py: error: there is no command 'xyzzy'. The commands are build, serve, status, check, review."),
])
def test_a_mistyped_command_gets_a_did_you_mean(tmp_path, monkeypatch, capsys, typed, line):
    with pytest.raises(SystemExit) as exit_:
        run(monkeypatch, capsys, make_site(tmp_path), typed)
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == line
    assert not (tmp_path / "site" / "dist").exists()


def test_a_folder_of_other_files_is_never_replaced_by_a_build(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path)
    guides = root / "docs"
    guides.mkdir()
    (guides / "README.md").write_text("The editors' guide.\n", encoding="utf-8")
    code, out, err = run(monkeypatch, capsys, root, "--out", str(guides))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (f"{guides.as_posix()}: the output folder holds files that are not a built site "
                                   "(build into a new or empty folder, or into dist/, the default: the build "
                                   "replaces everything in the folder)")
    assert [path.name for path in guides.iterdir()] == ["README.md"]
    (tmp_path / "empty").mkdir()
    assert run(monkeypatch, capsys, root, "--out", str(tmp_path / "empty"))[0] == 0  # an empty folder is fine
