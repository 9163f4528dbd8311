"""`python build.py review`: the real site in a temporary git repository, edited in its working tree and
compared with a revision; the summary, the JSON and the web page (checked with axe and the Nu checker)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from axe_audit import axe_violations
from browser_session import BROWSER_HINT, Browser, missing_browser_tools
from page_checks import horizontal_overflow
from nu_checker import VALIDATOR_HINT, missing_validator_tools, vnu_errors, vnu_report
from required_tools import require
from microsite import messages
from microsite.review import make_review
from microsite.review_html import write_report
from microsite.review_report import as_json, terminal_lines
from microsite.screenshots import serve
from sitekit import REPO, run_cli

GIT = ["git", "-c", "user.name=Review Test", "-c", "user.email=review@example.org", "-c", "init.defaultBranch=main",
       "-c", "advice.detachedHead=false"]


def git(folder: Path, *args: str) -> str:
    return subprocess.run([*GIT, "-C", str(folder), *args], check=True, capture_output=True, text=True).stdout


def edit(root: Path, relative: str, change) -> None:
    """Change a file of the site, failing if the change no longer changes it (the real site was edited)."""
    path = root / relative
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    after = change(before)
    assert after != before, f"the test's edit of {relative} no longer changes it"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(after, encoding="utf-8")


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Path:
    """The real site in a git repository: two commits on main, and a branch 'broken' whose site does not build."""
    root = tmp_path_factory.mktemp("origin") / "site"
    for part in ("content", "templates", "i18n"):
        shutil.copytree(REPO / part, root / part)
    git(root.parent, "init", "-q", str(root))
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The site")
    (root / "NOTES.txt").write_text("Not part of the site.\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A file beside the site")
    git(root, "switch", "-qc", "broken")
    edit(root, "content/fi/themes.md", lambda text: text.replace("title:", "tittle:", 1))
    git(root, "commit", "-qam", "A broken page")
    git(root, "switch", "-q", "main")
    return root


def working_copy(origin: Path, tmp_path_factory, name: str) -> Path:
    copy = tmp_path_factory.mktemp(name) / "site"
    shutil.copytree(origin, copy, symlinks=True)
    return copy


def reviewed(root: Path, tmp_path_factory, base: str | None = "HEAD"):
    """The review of root's working tree with base, its summary lines and its JSON."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(messages._current, "language", "en")
        review = make_review(root, base, tmp_path_factory.mktemp("built"))
        return review, terminal_lines(review), as_json(review)


def first_paragraph(text: str) -> str:
    """The first line of a page's body: its first paragraph."""
    body = text.split("---\n", 2)[2]
    return next(line for line in body.splitlines() if len(line.split()) > 4)


@pytest.fixture(scope="module")
def paragraph(origin, tmp_path_factory):
    """A word added to the first paragraph of the Finnish themes page."""
    root = working_copy(origin, tmp_path_factory, "paragraph")
    line = first_paragraph((root / "content/fi/themes.md").read_text(encoding="utf-8"))
    first, rest = line.split(" ", 1)
    edit(root, "content/fi/themes.md", lambda text: text.replace(line, f"{first} Testisana {rest}", 1))
    return root, reviewed(root, tmp_path_factory, base=None)  # uncommitted changes: compared with HEAD


def test_an_edited_finnish_paragraph_is_listed_word_by_word_and_its_translation_as_outdated(paragraph):
    _root, (review, lines, data) = paragraph
    fi, en = data["languages"]["fi"], data["languages"]["en"]
    [change] = fi["changed"]
    assert change["url"] == "/fi/teemat/" and change["source"] == "content/fi/themes.md"
    [words] = change["words"]
    assert (words["removed"], words["added"]) == ("", "Testisana")
    assert (words["cut_before"], words["cut_after"]) == (False, True)  # the page begins just before it
    assert change["title"] is None and change["description"] is None
    assert [(e["path"], e["section"]) for e in en["status"]["appeared"]] == [("content/en/themes.md", "outdated")]
    assert en["changed"] == [] and en["layout_only"] == [] and fi["layout_only"] == []
    assert data["warnings"] == {"appeared": [], "gone": []}  # the outdated translation is told once, as status
    assert lines[0] == (f"Review: the working tree compared with HEAD ({review.base.short}) "
                        "(the working tree has uncommitted changes)")
    assert "  changed: /fi/teemat/ (content/fi/themes.md)" in lines
    [marked] = [line for line in lines if "{+Testisana+}" in line]
    assert marked.startswith("    Siirry pääsisältöön ") and marked.endswith(" …")  # the page begins there, goes on
    assert any(line.startswith("  became outdated: content/en/themes.md: the translation is outdated") for line in lines)


@pytest.fixture(scope="module")
def pages(origin, tmp_path_factory):
    """A page added (in Finnish only), a page removed (in both languages), the themes page moved."""
    root = working_copy(origin, tmp_path_factory, "pages")
    for lang, slug in (("fi", "poistuva"), ("en", "going")):
        edit(root, f"content/{lang}/going.md", lambda _: f"---\ntitle: {slug}\ndescription: {slug}.\nslug: {slug}\n"
                                                         f"---\n{slug}\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "A page to remove")
    edit(root, "content/fi/testisivu.md", lambda _: "---\ntitle: Testisivu\ndescription: Sivu testiä varten.\n"
                                                    "slug: testisivu\n---\nTestisivun teksti.\n")
    for lang in ("fi", "en"):
        (root / "content" / lang / "going.md").unlink()
    edit(root, "content/fi/themes.md", lambda text: re.sub(r"(?m)^slug: (.+)$", r"slug: \1-uusi", text, count=1))
    return root, reviewed(root, tmp_path_factory)


def test_added_removed_and_moved_pages_are_listed_per_language(pages):
    _root, (_review, lines, data) = pages
    fi, en = data["languages"]["fi"], data["languages"]["en"]
    assert [(p["url"], p["source"]) for p in fi["added"]] == [("/fi/testisivu/", "content/fi/testisivu.md")]
    assert [p["key"] for p in en["added"]] == ["testisivu"]  # its stand-in, until it is translated
    assert [(p["url"], p["source"]) for p in fi["removed"]] == [("/fi/poistuva/", "content/fi/going.md")]
    assert [(p["url"], p["source"]) for p in en["removed"]] == [("/en/going/", "content/en/going.md")]
    assert fi["moved"] == [{"key": "themes", "from": "/fi/teemat/", "to": "/fi/teemat-uusi/"}]
    assert [(e["path"], e["section"]) for e in en["status"]["appeared"]] == [("content/en/testisivu.md",
                                                                                "missing_pages")]
    assert "  added: /fi/testisivu/ (content/fi/testisivu.md)" in lines
    assert "  moved: /fi/teemat/ → /fi/teemat-uusi/" in lines
    assert "  removed: /fi/poistuva/ (content/fi/going.md)" in lines


@pytest.fixture(scope="module")
def layout(origin, tmp_path_factory):
    """The base template and the stylesheet changed, no text."""
    root = working_copy(origin, tmp_path_factory, "layout")
    edit(root, "templates/base.html", lambda text: text.replace("<body>", '<body class="review-test">', 1))
    edit(root, "templates/static/style.css", lambda text: text + "\n.review-test { margin: 0; }\n")
    return root, reviewed(root, tmp_path_factory)


def test_a_template_change_is_grouped_as_layout_only(layout):
    _root, (review, lines, data) = layout
    for code in ("fi", "en"):
        language = data["languages"][code]
        assert language["changed"] == [] and language["navigation"] == [] and language["added"] == []
        assert len(language["layout_only"]) == sum(1 for p in review.new.pages.values() if p.lang == code)
    assert "static/style.css" in data["files"]["changed"]
    count = len(data["languages"]["fi"]["layout_only"])
    assert f"  {count} pages changed in layout only" in lines
    assert not any("changed: /" in line for line in lines)


@pytest.fixture(scope="module")
def data_file(origin, tmp_path_factory):
    """The name of the first signatory changed in the data file."""
    root = working_copy(origin, tmp_path_factory, "data")
    edit(root, "content/signatories.yaml", lambda text: re.sub(r"(?m)^(  - name: )(.+)$", r"\1\2 Testinen", text,
                                                              count=1))
    return root, reviewed(root, tmp_path_factory)


def test_a_data_file_edit_is_listed_on_every_page_that_shows_it_in_both_languages(data_file):
    _root, (_review, _lines, data) = data_file
    changed = {code: {c["key"] for c in data["languages"][code]["changed"]} for code in ("fi", "en")}
    assert changed == {"fi": {"index", "signatories"}, "en": {"index", "signatories"}}
    for code in ("fi", "en"):
        for change in data["languages"][code]["changed"]:
            assert [w["added"].split()[-1] for w in change["words"]] == ["Testinen"]
        assert data["languages"][code]["status"] == {"appeared": [], "gone": []}


def test_no_change_says_so_in_one_line(origin, tmp_path_factory, monkeypatch, capsys):
    root = working_copy(origin, tmp_path_factory, "same")
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root))
    commit = git(root, "rev-parse", "HEAD").strip()
    assert (code, out, err) == (0, f"No changes: the working tree builds the same site as main ({commit[:10]}).\n", "")
    code, out, _ = run_cli(monkeypatch, capsys, root, "review", "HEAD~1", "--json", "--source", str(root))
    assert code == 0 and json.loads(out)["unchanged"] is True  # a file beside the site changed, not the site


def test_a_base_that_does_not_build_is_named_and_the_new_site_shown(origin, tmp_path_factory, monkeypatch, capsys):
    root = working_copy(origin, tmp_path_factory, "broken")
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "broken", "--source", str(root))
    assert code == 0 and "Traceback" not in out + err
    lines = out.splitlines()
    assert lines[1] == "broken does not build; below is the working tree's site as it is now. Its errors:"
    assert lines[2].startswith("  content/fi/themes.md:2: unknown key 'tittle'")
    assert any(line.startswith("Suomi (fi): ") and "/fi/teemat/" in line for line in lines)
    code, out, _ = run_cli(monkeypatch, capsys, root, "review", "broken", "--json", "--source", str(root))
    data = json.loads(out)
    assert (data["base_builds"], data["builds"], data["languages"]) == (False, True, {})
    assert data["base_errors"][0]["path"] == "content/fi/themes.md" and "/fi/teemat/" in data["pages"]["fi"]
    assert data["warnings"] == {"appeared": [], "gone": []} and data["warnings_now"]  # the placeholder base_url
    assert "the working tree's warnings:" in lines


def test_a_working_tree_that_does_not_build_exits_1_with_its_errors(origin, tmp_path_factory, monkeypatch, capsys):
    root = working_copy(origin, tmp_path_factory, "unbuildable")
    edit(root, "content/en/themes.md", lambda text: text.replace("title:", "tittle:", 1))
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root))
    assert code == 1 and "Traceback" not in out + err
    assert "The working tree does not build. Its errors:" in out.splitlines()
    assert any(line.startswith("  content/en/themes.md:2: unknown key 'tittle'") for line in out.splitlines())
    assert "warnings gone:" not in out.splitlines()  # a site that did not build has no warnings to compare


@pytest.mark.parametrize("make,base,expected", [
    ("full", "nosuch", "git: there is no revision nosuch (name a branch, a tag or a commit, such as main or HEAD~1)"),
    ("full", "--output=planted", "git: there is no revision --output=planted (name a branch, a tag or a commit, such "
                                 "as main or HEAD~1)"),
    ("shallow", "HEAD~1", "git: the revision HEAD~1 is not in this shallow clone (fetch the history first: git fetch "
                          "--unshallow (in a workflow, actions/checkout with fetch-depth: 0))"),
    ("plain", "HEAD", "git: {root} is not in a git repository (review compares the working tree with a git revision; "
                      "run it in a clone of the site)"),
])
def test_bad_input_gets_one_clear_line(origin, tmp_path, monkeypatch, capsys, make, base, expected):
    root = tmp_path / "site"
    if make == "full":
        shutil.copytree(origin, root, symlinks=True)
    elif make == "shallow":
        git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", origin.as_uri(), str(root))
    else:
        shutil.copytree(origin, root, ignore=shutil.ignore_patterns(".git"))
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root), "--", base)
    assert (code, out) == (1, "")
    assert err.splitlines() == [expected.format(root=root), "1 problem found."]
    assert not list(tmp_path.rglob("planted*"))  # a name that looks like an option is never one


def test_the_summary_speaks_finnish(paragraph, tmp_path_factory):
    root, _ = paragraph
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(messages._current, "language", "fi")
        lines = terminal_lines(make_review(root, "HEAD", tmp_path_factory.mktemp("fi")))
    assert lines[0].startswith("Muutokset: työkopiota verrattu versioon HEAD (")
    assert any(line.startswith("  käännös vanheni: content/en/themes.md: ") for line in lines)


@pytest.fixture(scope="module")
def report(paragraph, pages, tmp_path_factory, request):
    """The web pages of two reviews (the first with screenshots), written while their sites exist."""
    require(request, missing_browser_tools(), "The review's web page", BROWSER_HINT)
    folders = []
    for number, (root, base) in enumerate([(paragraph[0], "HEAD"), (pages[0], "HEAD")]):
        built, folder = tmp_path_factory.mktemp("built"), tmp_path_factory.mktemp("report") / f"review-{number}"
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(messages._current, "language", "fi" if number else "en")
            write_report(make_review(root, base, built), folder, screenshots=number == 0)
        folders.append(folder)
    return folders


def test_the_web_page_shows_before_and_after_and_screenshots(report):
    page = (report[0] / "index.html").read_text(encoding="utf-8")
    assert "<ins>Testisana</ins>" in page and "/fi/teemat/" in page
    assert re.search(r"<html lang=\"en\">", page) and "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing is loaded from elsewhere
    shots = sorted(p.name for p in (report[0] / "shots").iterdir())
    assert shots == ["1-after-1280.png", "1-after-360.png", "1-before-1280.png", "1-before-360.png"]
    finnish = (report[1] / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fi">' in finnish and "Uudet sivut" in finnish and "Siirtyneet sivut" in finnish


def test_the_web_page_passes_axe_and_fits_a_phone(report):
    browser = Browser()
    try:
        for folder in report:
            with serve(folder) as address:
                for width in (360, 1280):
                    visit = browser.open(address + "index.html", width)
                    assert axe_violations(visit.page) == [], folder
                    assert horizontal_overflow(visit.page) == 0, (folder, width)
                    assert visit.blocked == [] and visit.console_errors == []
    finally:
        browser.close()


def test_the_web_page_is_valid_html(report, request, tmp_path):
    require(request, missing_validator_tools(), "HTML validation", VALIDATOR_HINT)
    for number, folder in enumerate(report):
        shutil.copy(folder / "index.html", tmp_path / f"review-{number}.html")
    found = vnu_report(tmp_path)
    assert {path: vnu_errors(messages_) for path, messages_ in found.items() if vnu_errors(messages_)} == {}
    assert set(found) <= {"review-0.html", "review-1.html"}


def test_every_pull_request_gets_a_preview_and_a_review():
    import yaml
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["preview"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"] == {"contents": "read"}  # where the pull request's code runs, nothing can be written
    steps = job["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert steps[0]["with"]["persist-credentials"] is False
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "--base-url \"https://kasvuallianssi.example/preview/pr-$PR/\"" in runs
    assert 'python build.py review "origin/$BASE_REF" --html review-report --screenshots' in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs and 'echo "::stop-commands::$token"' in runs
    uploads = [step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads == ["preview", "review-report", "review-text"]
    assert "gh pr comment" not in runs
    comment = workflow["jobs"]["comment"]
    assert comment["needs"] == "preview" and comment["permissions"] == {"pull-requests": "write"}
    assert comment["continue-on-error"] is True and "head.repo.full_name == github.repository" in comment["if"]
    assert not any(step.get("uses", "").startswith("actions/checkout@") for step in comment["steps"])
    assert "gh pr comment" in "\n".join(step.get("run", "") for step in comment["steps"])
    assert "deploy" in workflow["jobs"] and workflow["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"


def test_changes_close_together_are_one_stretch_read_in_its_surroundings():
    from microsite.review_report import marked
    from microsite.sitediff import word_changes
    old = tuple("Lisäksi allianssia täydennetään elinkeinoelämän edustajilla . Muuta tekstiä".split())
    new = tuple("Allianssia täydennetään myös elinkeinoelämän edustajilla . Muuta tekstiä".split())
    [change] = word_changes(old, new)
    assert change.parts == (("removed", "Lisäksi allianssia"), ("added", "Allianssia"), ("same", "täydennetään"),
                            ("added", "myös"), ("same", "elinkeinoelämän edustajilla . Muuta tekstiä"))
    assert (change.removed, change.added, change.before) == ("Lisäksi allianssia", "Allianssia myös", "")
    assert marked(change) == ("[-Lisäksi allianssia-] {+Allianssia+} täydennetään {+myös+} elinkeinoelämän "
                              "edustajilla . Muuta tekstiä")  # the text ends there: no "…"
    far = word_changes(tuple("a b c d e f g h i j k l m n o p".split()), tuple("A b c d e f g h i j k l m n o P".split()))
    assert [(c.removed, c.added) for c in far] == [("a", "A"), ("p", "P")]


def test_a_screenshot_runs_none_of_the_pages_scripts_and_reaches_nothing_else(tmp_path):
    """A pull request's page may try to run script, reach another local port or open a socket: none of it works."""
    import http.server
    import threading
    from playwright.sync_api import sync_playwright
    from microsite.screenshots import _shoot, chromium
    reached = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            reached.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    elsewhere = f"127.0.0.1:{other.server_address[1]}"
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f'<!DOCTYPE html><html lang="fi"><title>t</title><img src="http://{elsewhere}/img" alt="">'
        f'<script>document.title = "ran"; fetch("http://{elsewhere}/fetch");'
        f'new WebSocket("ws://{elsewhere}/socket");</script><p>Teksti</p>', encoding="utf-8")
    try:
        with serve(site, "/") as address, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium()), headless=True)
            try:
                _shoot(browser, address, 360, [["Teksti"]], tmp_path / "shot.png")
            finally:
                browser.close()
    finally:
        other.shutdown()
    assert (tmp_path / "shot.png").stat().st_size > 0
    assert reached == []


def test_text_from_the_content_cannot_drive_the_terminal_or_the_ci_log(origin, tmp_path_factory):
    """Escape sequences written as character references in a text (the characters themselves are refused), and a
    file whose name starts a new line with a CI command: shown, not obeyed."""
    root = working_copy(origin, tmp_path_factory, "controls")
    line = first_paragraph((root / "content/fi/themes.md").read_text(encoding="utf-8"))
    edit(root, "content/fi/themes.md", lambda text: text.replace(line, "&#27;[2J&#27;[31mPUNAINEN " + line, 1))
    (root / "templates/static/a\n::error title=PWNED::injected.css").write_text("p {}\n", encoding="utf-8")
    _review, lines, _data = reviewed(root, tmp_path_factory, base="HEAD")
    text = "\n".join(lines)
    assert "\x1b" not in text and not any(line.startswith("::") for line in lines)
    assert "\\x1b[2J\\x1b[31mPUNAINEN" in text and "static/a\\n::error title=PWNED::injected.css" in text


def test_a_problems_line_shows_control_characters_as_escapes():
    from microsite.errors import ContentError
    line = ContentError("content/fi/a\n::warning::b.md", 3, "broken link {url}", values=(("url", "\x1b]8;;x\x07"),))
    assert line.as_line() == "content/fi/a\\n::warning::b.md:3: broken link \\x1b]8;;x\\x07"


def test_html_refuses_a_folder_that_holds_anything_but_an_earlier_review(origin, tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    shutil.copytree(origin, root, symlinks=True)
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "plan.txt").write_text("keep me\n", encoding="utf-8")
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "HEAD", "--source", str(root), "--html", str(precious))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{precious.as_posix()}: the folder holds files other than an earlier review (give "
                                "--html a new or empty folder: the review replaces what is in it)", "1 problem found."]
    assert (precious / "plan.txt").read_text(encoding="utf-8") == "keep me\n"
    report = tmp_path / "report"
    for attempt in range(2):  # the second replaces the first
        code, out, err = run_cli(monkeypatch, capsys, root, "review", "HEAD", "--source", str(root),
                                 "--html", str(report))
        assert code == 0 and sorted(path.name for path in report.iterdir()) == ["index.html"], err


def test_a_change_of_the_generator_is_noted_however_its_files_are_named(origin, tmp_path_factory):
    root = working_copy(origin, tmp_path_factory, "generator")
    (root / "microsite").mkdir()
    (root / "microsite" / "ä.py").write_text("", encoding="utf-8")
    assert reviewed(root, tmp_path_factory)[0].generator_changed
    (root / "microsite" / "ä.py").unlink()
    (root / "difflib.py").write_text("", encoding="utf-8")  # beside build.py, imported before the library
    assert reviewed(root, tmp_path_factory)[0].generator_changed


def test_a_browser_that_fails_leaves_the_report_without_screenshots(paragraph, tmp_path, monkeypatch, capsys):
    root, _ = paragraph
    monkeypatch.setenv("CHROMIUM", "/bin/false")  # there, but no browser
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root), "--lang", "en",
                             "--html", str(tmp_path / "report"), "--screenshots")
    assert code == 0 and "Traceback" not in out + err
    assert any(line.startswith("warning: no screenshots: the browser failed (") for line in err.splitlines()), err
    assert "{+Testisana+}" in out and (tmp_path / "report" / "index.html").is_file()


def test_a_stop_after_a_side_was_built_is_no_success_and_leaves_no_worktree(paragraph, monkeypatch, capsys):
    """Both sides are built into folders of the review's own: a Ctrl+C after that publishes nothing."""
    import os
    import signal
    from microsite import review
    root, _ = paragraph
    real = review.compare_sites

    def interrupted(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(review, "compare_sites", interrupted)
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root), "--lang", "en")
    assert (code, out) == (130, "")
    assert err.splitlines() == ["Stopped (Ctrl+C): the previous site was left as it was."]
    assert git(root, "worktree", "list").count("\n") == 1  # the base's temporary worktree is gone


def test_a_report_that_cannot_be_written_still_prints_the_review(paragraph, tmp_path, monkeypatch, capsys):
    import errno
    from microsite import review_html
    root, _ = paragraph
    target = tmp_path / "report"

    def read_only(review, folder, screenshots=False):
        raise OSError(errno.EROFS, "Read-only file system", str(folder / "index.html"))

    monkeypatch.setattr(review_html, "write_report", read_only)
    code, out, err = run_cli(monkeypatch, capsys, root, "review", "--source", str(root), "--lang", "en",
                             "--html", str(target))
    assert code == 1 and "{+Testisana+}" in out
    assert err.splitlines()[-1].endswith("is on a read-only disk: build into another folder with --out; the previous "
                                         "site was left as it was.")
