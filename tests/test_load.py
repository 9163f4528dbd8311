"""load.py: YAML with line numbers, Markdown front matter, encodings, and every error's line."""
from __future__ import annotations

import time

import pytest
import yaml

from microsite import load
from microsite.errors import ContentErrors
from microsite.load import load_markdown, load_sources, load_yaml, parse_yaml
from sitekit import error_lines, make_site


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_line_of_gives_the_line_of_each_value():
    doc = parse_yaml("# comment\ntitle:\n  fi: Otsikko\n  en: Title\nitems:\n  - a\n  - b\n", "data.yaml")
    assert doc.data == {"title": {"fi": "Otsikko", "en": "Title"}, "items": ["a", "b"]}
    assert doc.line_of("title") == 3  # a block mapping starts at its first key
    assert doc.line_of("title", "en") == 4
    assert doc.line_of("items", 1) == 7


def test_line_of_falls_back_to_the_nearest_parent():
    doc = parse_yaml("a: 1\nb:\n  c: 2\n", "data.yaml")
    assert doc.line_of("b", "missing", "deeper") == 3
    assert doc.line_of("missing") == 1


def test_first_line_offsets_every_line():
    doc = parse_yaml("title: A\nnav: 2\n", "page.md", first_line=2)
    assert doc.line_of("title") == 2
    assert doc.line_of("nav") == 3


UNLOADABLE_YAML = {
    "a duplicate key, on its second occurrence": ("title: A\nlead: B\ntitle: C\n", [
        "content/data.yaml:3: key 'title' appears twice (keep only one of them)"]),
    "every duplicate key together": ("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n", [
        "content/data.yaml:4: key 'x' appears twice (keep only one of them)",
        "content/data.yaml:5: key 'a' appears twice (keep only one of them)"]),
    "a syntax error, on the line where the bracket was opened": ("title: A\nlead: B\nitems: [a, b\nmore: c\n", [
        "content/data.yaml:3: YAML syntax error: the list opened with '[' on this line "
        "is not closed (end it with ']' and put commas between the items)"]),
    "an empty file": ("", ["content/data.yaml:1: the file is empty (add its content or delete the file)"]),
    "blank lines only": ("\n  \n", ["content/data.yaml:1: the file is empty (add its content or delete the file)"]),
    "a BOM only": (b"\xef\xbb\xbf", ["content/data.yaml:1: the file is empty (add its content or delete the file)"]),
    "not UTF-8, on the line of the bad byte": ("title: A\nlead: B\n".encode() + "name: Jyväskylä\n".encode("latin-1"), [
        "content/data.yaml:3: the file is not UTF-8 text (save it as UTF-8 in your editor)"]),
    "not UTF-8, lines counted right after a BOM": (b"\xef\xbb\xbf\n\n" + "a: ä\n".encode("latin-1"), [
        "content/data.yaml:3: the file is not UTF-8 text (save it as UTF-8 in your editor)"]),
    "CRLF line ends keep their line numbers": (b"a: 1\r\nb: 2\r\nb: 3\r\n", [
        "content/data.yaml:3: key 'b' appears twice (keep only one of them)"]),
}

NOT_FRONT_MATTER = "content/fi/page.md:2: the front matter must be 'key: value' lines"
UNLOADABLE_MARKDOWN = {
    "a syntax error in the front matter, counting the file's lines": ("---\ntitle: A\ndescription: B: C\n---\nText\n", [
        "content/fi/page.md:3: YAML syntax error: a value contains ': ' (put the value in quotes: key: \"…: …\")"]),
    "an empty file": ("\n", ["content/fi/page.md:1: the file is empty (add front matter and text, or delete the file)"]),
    "no front matter": ("# Title\n\nText\n", [
        "content/fi/page.md:1: the file does not start with front matter "
        "(begin the file with a line '---', the settings, and another '---')"]),
    "front matter not closed": ("---\ntitle: A\n\nText\n", [
        "content/fi/page.md:1: the front matter is not closed (add a line '---' after the settings)"]),
    "front matter that is a list": ("---\n- title\n- description\n---\nText\n", [NOT_FRONT_MATTER]),
    "front matter that is text": ("---\njust some text\n---\nText\n", [NOT_FRONT_MATTER]),
}

UNLOADABLE = [pytest.param("content/data.yaml", content, errors, id=f"yaml: {case}")
              for case, (content, errors) in UNLOADABLE_YAML.items()]
UNLOADABLE += [pytest.param("content/fi/page.md", content, errors, id=f"markdown: {case}")
               for case, (content, errors) in UNLOADABLE_MARKDOWN.items()]


@pytest.mark.parametrize("relative, content, errors", UNLOADABLE)
def test_a_file_that_cannot_be_loaded_names_each_errors_line(tmp_path, relative, content, errors):
    read = load_markdown if relative.endswith(".md") else load_yaml
    path = write(tmp_path, relative.rpartition("/")[2], content)
    with pytest.raises(ContentErrors) as excinfo:
        read(path, relative)
    assert error_lines(excinfo) == errors


READABLE_MARKDOWN = {
    "front matter and body split": ("---\ntitle: A\nslug: a\n---\n## Heading\n\nText.\n",
                                    {"title": "A", "slug": "a"}, {"slug": 3}, "## Heading\n\nText.\n", 5),
    "a BOM and CRLF read like plain UTF-8": (
        b"\xef\xbb\xbf" + "---\r\ntitle: Ääkköset\r\nnav: 2\r\n---\r\nFirst\r\n\r\nSecond\r\n".encode("utf-8"),
        {"title": "Ääkköset", "nav": 2}, {"nav": 3}, "First\n\nSecond\n", 5),
    "empty front matter, an empty mapping": ("---\n---\nText\n", {}, {}, "Text\n", 3),
}


@pytest.mark.parametrize("content, meta, key_lines, body, body_line", READABLE_MARKDOWN.values(),
                         ids=READABLE_MARKDOWN.keys())
def test_markdown_is_split_into_front_matter_and_body(tmp_path, content, meta, key_lines, body, body_line):
    path = write(tmp_path, "page.md", content)
    doc = load_markdown(path, "content/fi/page.md")
    assert doc.path == "content/fi/page.md"
    assert doc.meta.data == meta
    assert {key: doc.meta.line_of(key) for key in key_lines} == key_lines
    assert (doc.body, doc.body_line) == (body, body_line)


def test_load_sources_reads_pages_by_language_and_data_by_name(tmp_path):
    root = make_site(tmp_path, {"content/themes.yaml": "groups: []\n",
                                "content/fi/sub/deep.md": "---\ntitle: Syvä\n---\n"})
    sources = load_sources(root / "content", ["fi", "en"], root)
    assert sorted(sources.data) == ["themes"]  # site.yaml is read by config, not here
    assert sources.data["themes"].path == "content/themes.yaml"
    assert sorted(sources.pages["fi"]) == ["404", "accessibility", "index", "sub/deep"]
    assert sorted(sources.pages["en"]) == ["404", "accessibility", "index"]
    assert sources.pages["fi"]["sub/deep"].path == "content/fi/sub/deep.md"
    assert sources.files == frozenset()


def test_load_sources_lists_the_editors_files(tmp_path):
    root = make_site(tmp_path, {"content/files/map.png": b"\x89PNG", "content/files/reports/2026.pdf": b"%PDF"})
    sources = load_sources(root / "content", ["fi", "en"], root)
    assert sources.files == frozenset({"files/map.png", "files/reports/2026.pdf"})


def test_load_sources_reports_errors_of_every_file_together(tmp_path):
    root = make_site(tmp_path, {"content/themes.yaml": "a: 1\na: 2\n",
                                "content/fi/broken.md": "no front matter\n",
                                "content/en/open.md": "---\ntitle: A\n"})
    with pytest.raises(ContentErrors) as excinfo:
        load_sources(root / "content", ["fi", "en"], root)
    assert error_lines(excinfo) == [
        "content/themes.yaml:2: key 'a' appears twice (keep only one of them)",
        "content/fi/broken.md:1: the file does not start with front matter "
        "(begin the file with a line '---', the settings, and another '---')",
        "content/en/open.md:1: the front matter is not closed (add a line '---' after the settings)",
    ]


LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def each_loader(request, monkeypatch):
    """Run the test with PyYAML's own parser and with libyaml's, where installed: their errors differ."""
    monkeypatch.setattr(load, "Loader", request.param)


def billion_laughs(levels: int = 9) -> str:
    """Nested anchors and aliases: a few hundred bytes that expand to 9**9 strings."""
    lines, name = ['a: &a ["x","x","x","x","x","x","x","x","x"]'], "a"
    for new in "bcdefghijklmnop"[:levels - 1]:
        lines.append(f"{new}: &{new} [" + ",".join([f"*{name}"] * 9) + "]")
        name = new
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_once_before_anything_expands(each_loader):
    started = time.perf_counter()
    with pytest.raises(ContentErrors) as excinfo:
        parse_yaml("title: A\n" + billion_laughs(), "content/themes.yaml")
    assert time.perf_counter() - started < 0.5
    assert error_lines(excinfo) == [
        "content/themes.yaml:2: YAML references (&name / *name) are not allowed here (write the value out; a text that starts with * or & goes in quotes: \"*…*\")"]


REFUSED = {
    "an alias": ("a: [x]\nb:\n  - *x\n", "3: YAML references (&name / *name) are not allowed here (write the value out; a text that starts with * or & goes in quotes: \"*…*\")"),
    "an anchor": ("a: 1\nb: &x [1]\n", "2: YAML references (&name / *name) are not allowed here (write the value out; a text that starts with * or & goes in quotes: \"*…*\")"),
    "a merge key": ("b:\n  c: 1\n  <<: {k: 1}\n", "3: YAML merge keys (<<) are not allowed here (write the keys out)"),
    "deep nesting": ("a: " + "[" * 1000 + "]" * 1000 + "\n",
                     "1: the values are nested more than 20 levels deep (write them as simpler lists and 'key: value' lines)"),
    "a list as a key": ("a: 1\n? [b, c]\n: 2\n",
                        "2: a key must be a word or a number, not a list or a group (write 'key: value' with a plain key)"),
}


@pytest.mark.parametrize("text, line", REFUSED.values(), ids=REFUSED.keys())
def test_what_editors_never_write_is_refused_with_its_line(each_loader, text, line):
    with pytest.raises(ContentErrors) as excinfo:
        parse_yaml(text, "content/data.yaml")
    assert error_lines(excinfo) == [f"content/data.yaml:{line}"]


TAG_HINT = "remove it: write plain text, numbers, dates or true/false"
UNREADABLE = {
    "a day that does not exist": ("2026-02-30", "the date 2026-02-30 does not exist "
                                                "(check the day and month; write dates as 2026-11-29)"),
    "the year 0": ("0000-01-01", "the date 0000-01-01 does not exist (years start from 0001; write dates as 2026-11-29)"),
    "an hour that does not exist": ("2026-01-01 25:00:00", "the date and time 2026-01-01 25:00:00 does not exist "
                                    "(check the numbers; write for example 2026-11-29 or 2026-11-29 14:30)"),
    "a python object": ("!!python/object:os.system x", f"the tag !!python/object:os.system is not allowed here ({TAG_HINT})"),
    "a python object mapping": ("!!python/object:os.system {a: 1}",
                                f"the tag !!python/object:os.system is not allowed here ({TAG_HINT})"),
    "an unknown tag": ("!teksti x", f"the tag !teksti is not allowed here ({TAG_HINT})"),
    "a set": ("!!set {a, b}", f"the tag !!set is not allowed here ({TAG_HINT})"),
    "bad base64": ("!!binary 'zz!'", "'zz!' is not base64 data (remove the !!binary before it, or fix the value)"),
    "text as a number": ("!!int kaksi", "'kaksi' is not a whole number (remove the !!int before it, or fix the value)"),
    "nothing as a number": ("!!int ''", "'' is not a whole number (remove the !!int before it, or fix the value)"),
    "text as true or false": ("!!bool ehkä", "'ehkä' is not true or false (remove the !!bool before it, or fix the value)"),
    "a huge number": ("9" * 5000, "the number is too long (write at most a few digits, or put it in quotes to keep it as text)"),
}


@pytest.mark.parametrize("value, line", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_a_value_that_cannot_be_read_names_its_line(each_loader, value, line):
    with pytest.raises(ContentErrors) as excinfo:
        parse_yaml(f"title: A\nvalue: {value}\n", "content/fi/page.md", first_line=2)
    assert error_lines(excinfo) == [f"content/fi/page.md:3: {line}"]


def test_every_unreadable_value_and_duplicate_is_reported_together(each_loader):
    text = "date: 2026-02-30\nnav: !!int x\nlead: a\nlead: 2026-13-01\ngroup:\n  2026-02-31: x\n"
    with pytest.raises(ContentErrors) as excinfo:
        parse_yaml(text, "content/data.yaml")
    day = "(check the day and month; write dates as 2026-11-29)"
    assert error_lines(excinfo) == [
        f"content/data.yaml:1: the date 2026-02-30 does not exist {day}",
        "content/data.yaml:2: 'x' is not a whole number (remove the !!int before it, or fix the value)",
        "content/data.yaml:4: key 'lead' appears twice (keep only one of them)",
        f"content/data.yaml:4: the date 2026-13-01 does not exist {day}",
        f"content/data.yaml:6: the date 2026-02-31 does not exist {day}",
    ]


SYNTAX = {
    "an unclosed double quote": ('title: "Kasvu\nlead: A\nnav: 2\n\nmore: text\n', 1,
                                 "a text in quotes is never closed (end it with the same quote mark it starts with)"),
    "an unclosed single quote": ("title: A\nlead: 'Kasvu\nnav: 2\n", 2,
                                 "a text in quotes is never closed (end it with the same quote mark it starts with)"),
    "an unclosed brace": ("title: {fi: A, en: B\nlead: A\n", 1,
                          "the '{' on this line is not closed (end it with '}' and put commas between the entries)"),
    "a line without a colon": ("title: A\nlead B\nnav: 2\n", 2, "this line has no ':' after its key (write it as 'key: value')"),
    "a colon in a value": ("title: A\nlead: Kasvu: uusi\n", 2, "a value contains ': ' (put the value in quotes: key: \"…: …\")"),
    "a tab": ("title:\n\tfi: A\n", 2, "a tab character in the indentation (indent with spaces, not tabs)"),
    "a stray indent": ("title:\n  fi: A\n en: B\n", 3, "the indentation does not match the lines above "
                       "(indent keys of the same level equally and start list items with '- ')"),
    "a value starting with @": ("title: A\nlead: @kasvu\n", 2, "a value cannot start with '@' (put the value in quotes: key: \"@…\")"),
    "a bad escape": ('title: "C:\\kansio"\n', 1, "a backslash in double quotes starts an unknown escape "
                     "(write \\\\ for a backslash, or use single quotes)"),
    "bold at the start": ("title:\n  fi: **Uutta:** teksti\n", 2,
                          'a text that starts with * or & must be in quotes (put it in quotes: fi: "**…** …")'),
    "text after a closing quote": ("title:\n  en: 'Finland's future'\n", 2, "the text goes on after its closing quote "
                                   "(put the whole text in quotes; inside single quotes write an apostrophe twice: 'Finland''s')"),
    "a second document": ("title: A\n---\nlead: B\n", 2, "the file has a second '---' part (remove the extra '---' line)"),
}


@pytest.mark.parametrize("text, line, message", SYNTAX.values(), ids=SYNTAX.keys())
def test_a_syntax_error_is_in_plain_words_where_the_mistake_is(each_loader, text, line, message):
    with pytest.raises(ContentErrors) as excinfo:
        parse_yaml(text, "content/data.yaml")
    assert error_lines(excinfo) == [f"content/data.yaml:{line}: YAML syntax error: {message}"]


def test_key_lines_are_where_the_keys_are(each_loader):
    doc = parse_yaml("groups:\n  - tittle:\n      fi: A\n    items:\n      - x\n", "content/themes.yaml")
    assert (doc.line_of("groups", 0, "tittle"), doc.key_line("groups", 0, "tittle")) == (3, 2)
    assert (doc.line_of("groups", 0, "items"), doc.key_line("groups", 0, "items")) == (5, 4)
    assert doc.key_line("groups") == 1
