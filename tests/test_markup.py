"""markup.py and limits.py: hostile link targets and texts too deep or too large are errors, never tracebacks."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from microsite import limits, markup, parallel
from microsite.markup import inline_markdown
from microsite.errors import ContentErrors
from sitekit import error_lines, load_site, make_site, page_md, run_cli

OFF_SITE_HINT = "link to a page file, for example (themes.md), or a file in content/files/ as (files/…)"


@pytest.mark.parametrize("written, message", [
    ("[x](file:///etc/passwd)", "the link file:///etc/passwd uses 'file:', which the site does not allow "
     "(link to http(s):, mailto: or tel: addresses, pages (themes.md) or files (files/…))"),
    ("[x](/etc/passwd)", f"the link /etc/passwd is an absolute path, which leads off the site ({OFF_SITE_HINT})"),
    ("![a secret](/etc/passwd)", f"the link /etc/passwd is an absolute path, which leads off the site ({OFF_SITE_HINT})"),
    ("[x](files/../../secret)", f"the link files/../../secret leads outside the site's content folder ({OFF_SITE_HINT})"),
    ("![a secret](files/../../secret.png)",
     f"the link files/../../secret.png leads outside the site's content folder ({OFF_SITE_HINT})"),
    ("[x](../../secret.md)", f"the link ../../secret.md leads outside the site's content folder ({OFF_SITE_HINT})"),
])
def test_a_target_that_leaves_the_site_is_an_error_naming_it(tmp_path, written, message):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", f"Johdanto.\n\nKatso {written}.")})
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == [f"content/fi/index.md:7: {message}"]


DEEP = {
    "list items on one line": "- " * 5000 + "x",
    "numbered items on one line": "1. " * 5000 + "x",
    "quotes": "> " * 5000 + "x",
    "raw span tags": "<span>" * 5000 + "x" + "</span>" * 5000,
    "raw em tags": "<em>" * 5000 + "x" + "</em>" * 5000,
    "indented list items": "\n".join("  " * i + "- x" for i in range(400)),
}


@pytest.mark.parametrize("kind", DEEP)
def test_deep_nesting_is_an_error_naming_its_line(tmp_path, kind):
    lines = DEEP[kind].split("\n")
    deep_line = next(n for n, line in enumerate(lines) if max(limits._block_depth(line), limits._tag_depth(line)) > 100)
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "Johdanto.\n\n" + DEEP[kind])})
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    [line] = error_lines(excinfo)
    assert line.startswith(f"content/fi/index.md:{7 + deep_line}: the text is nested ")
    assert line.endswith("levels deep; at most 100 are allowed (use fewer lists, quotes or tags inside each other)")


def test_deep_emphasis_renders_bounded(tmp_path):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "*" * 5000 + "x" + "*" * 5000)})
    html = load_site(root).page("fi", "index").body_html
    assert BeautifulSoup(html, "html.parser").get_text().strip("*") == "x"


def test_nesting_the_check_misses_is_still_an_error_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DEPTH", 10_000)
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "- " * 5000 + "x")})
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == ["content/fi/index.md:5: the text is nested too deeply to convert "
                                    "(use fewer lists, quotes or tags inside each other (at most 100))"]


def test_a_page_too_large_is_refused_naming_the_file(tmp_path):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "x" * 9_999_999)})
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == ["content/fi/index.md:5: the text is 10,000,000 characters long; at most "
                                    "200,000 are allowed (split it into several pages)"]


def test_errors_from_forked_workers_come_back_as_content_errors(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "JOBS_PER_WORKER", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    files = {f"content/fi/p{i}.md": page_md(f"Sivu {i}", "Teksti.", slug=f"p{i}") for i in range(4)}
    files["content/fi/p2.md"] = page_md("Sivu 2", "> " * 5000 + "x", slug="p2")
    root = make_site(tmp_path, files)
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == ["content/fi/p2.md:6: the text is nested 5,000 levels deep; at most 100 are "
                                    "allowed (use fewer lists, quotes or tags inside each other)"]


def test_the_command_reports_deep_nesting_in_one_line(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", "- " * 5000 + "x")})
    code, out, err = run_cli(monkeypatch, capsys, root)
    assert code != 0
    assert "Traceback" not in out + err
    assert "content/fi/index.md:5: the text is nested 5,000 levels deep; at most 100 are allowed" in err


def test_a_slow_text_is_stopped_in_a_forked_worker_too(tmp_path, monkeypatch):
    monkeypatch.setattr(markup, "MAX_SECONDS", 0.5)
    monkeypatch.setattr(parallel, "JOBS_PER_WORKER", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    files = {f"content/fi/p{i}.md": page_md(f"Sivu {i}", "Teksti.", slug=f"p{i}") for i in range(4)}
    files["content/fi/p1.md"] = page_md("Sivu 1", "![" * 10_000, slug="p1")
    root = make_site(tmp_path, files)
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == ["content/fi/p1.md:6: the text took more than 0.5 s to convert (a real page takes a "
                                    "fraction of a second) (look for many '[' or '<' left unclosed on this line, or "
                                    "split the text)"]


@pytest.mark.parametrize("text,kept", [("kapealla (320 px) näytöllä", "320\xa0px"), ("noin 14 % enemmän", "14\xa0%"),
                                       ("2,5 km päässä", "2,5\xa0km"), ("5 €.", "5\xa0€")])
def test_a_number_and_its_unit_never_part(text, kept):
    assert kept in inline_markdown(text)
    assert kept in markup.keep_units_together(f"<p>{text}</p>")


def test_a_number_before_an_ordinary_word_may_break():
    assert inline_markdown("3 kaupunkia ja 14 mmm") == "3 kaupunkia ja 14 mmm"


def test_a_word_that_starts_with_a_hyphen_stays_whole_outside_tags():
    assert inline_markdown("Suomi liikkeelle -ohjelma ja kunta- ja alueministeri") == \
        'Suomi liikkeelle <span class="nobr">-ohjelma</span> ja kunta- ja alueministeri'
    assert markup.keep_units_together('<a title="x -y" href="/a">Nu Html Checker -validaattori</a>') == \
        '<a title="x -y" href="/a">Nu Html Checker <span class="nobr">-validaattori</span></a>'


def test_the_same_bad_link_written_twice_is_named_at_each_of_its_lines(tmp_path):
    body = "Katso [x](../../secret.md).\n\nJohdanto.\n\nJa taas [y](../../secret.md)."
    root = make_site(tmp_path, {"content/fi/index.md": page_md("Etusivu", body)})
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert [line.split(": ", 1)[0] for line in error_lines(excinfo)] == ["content/fi/index.md:5",
                                                                         "content/fi/index.md:9"]
