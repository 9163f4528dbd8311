"""load.py: YAML with line numbers, Markdown front matter, encodings, and every error's line."""
from __future__ import annotations

import pytest

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


def test_duplicate_key_is_an_error_on_the_second_occurrence(tmp_path):
    path = write(tmp_path, "data.yaml", "title: A\nlead: B\ntitle: C\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == ["content/data.yaml:3: key 'title' appears twice (keep only one of them)"]


def test_every_duplicate_key_is_reported_together(tmp_path):
    path = write(tmp_path, "data.yaml", "a: 1\nb:\n  x: 1\n  x: 2\na: 3\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == [
        "content/data.yaml:4: key 'x' appears twice (keep only one of them)",
        "content/data.yaml:5: key 'a' appears twice (keep only one of them)",
    ]


def test_yaml_syntax_error_names_its_line(tmp_path):
    path = write(tmp_path, "data.yaml", "title: A\nlead: B\nitems: [a, b\nmore: c\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    [line] = error_lines(excinfo)
    assert line.startswith("content/data.yaml:4: YAML syntax error: ")
    assert line.endswith(" (check indentation, colons and quotes)")


def test_yaml_syntax_error_in_front_matter_counts_file_lines(tmp_path):
    path = write(tmp_path, "page.md", "---\ntitle: A\ndescription: B: C\n---\nText\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_markdown(path, "content/fi/page.md")
    assert error_lines(excinfo) == [
        "content/fi/page.md:3: YAML syntax error: mapping values are not allowed in this context "
        "(check indentation, colons and quotes)"
    ]


@pytest.mark.parametrize("content", ["", "\n  \n", b"\xef\xbb\xbf"])
def test_empty_yaml_file_is_an_error(tmp_path, content):
    path = write(tmp_path, "data.yaml", content)
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == ["content/data.yaml:1: the file is empty (add its content or delete the file)"]


def test_empty_markdown_file_is_an_error(tmp_path):
    path = write(tmp_path, "page.md", "\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_markdown(path, "content/fi/page.md")
    assert error_lines(excinfo) == [
        "content/fi/page.md:1: the file is empty (add front matter and text, or delete the file)"
    ]


def test_non_utf8_file_names_the_line_of_the_bad_byte(tmp_path):
    path = write(tmp_path, "data.yaml", "title: A\nlead: B\n".encode() + "name: Jyväskylä\n".encode("latin-1"))
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == ["content/data.yaml:3: the file is not UTF-8 text (save it as UTF-8 in your editor)"]


def test_non_utf8_line_is_right_after_a_bom(tmp_path):
    path = write(tmp_path, "data.yaml", b"\xef\xbb\xbf\n\n" + "a: ä\n".encode("latin-1"))
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == ["content/data.yaml:3: the file is not UTF-8 text (save it as UTF-8 in your editor)"]


def test_bom_and_crlf_are_read_like_plain_utf8(tmp_path):
    text = "---\r\ntitle: Ääkköset\r\nnav: 2\r\n---\r\nFirst\r\n\r\nSecond\r\n"
    path = write(tmp_path, "page.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    doc = load_markdown(path, "content/fi/page.md")
    assert doc.meta.data == {"title": "Ääkköset", "nav": 2}
    assert doc.meta.line_of("nav") == 3
    assert doc.body == "First\n\nSecond\n"
    assert doc.body_line == 5


def test_crlf_yaml_keeps_line_numbers(tmp_path):
    path = write(tmp_path, "data.yaml", b"a: 1\r\nb: 2\r\nb: 3\r\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_yaml(path, "content/data.yaml")
    assert error_lines(excinfo) == ["content/data.yaml:3: key 'b' appears twice (keep only one of them)"]


def test_markdown_is_split_into_front_matter_and_body(tmp_path):
    path = write(tmp_path, "page.md", "---\ntitle: A\nslug: a\n---\n## Heading\n\nText.\n")
    doc = load_markdown(path, "content/fi/page.md")
    assert doc.path == "content/fi/page.md"
    assert doc.meta.data == {"title": "A", "slug": "a"}
    assert doc.meta.line_of("slug") == 3
    assert doc.body == "## Heading\n\nText.\n"
    assert doc.body_line == 5


def test_empty_front_matter_is_an_empty_mapping(tmp_path):
    path = write(tmp_path, "page.md", "---\n---\nText\n")
    doc = load_markdown(path, "content/fi/page.md")
    assert doc.meta.data == {}
    assert doc.body_line == 3


def test_missing_front_matter_is_an_error(tmp_path):
    path = write(tmp_path, "page.md", "# Title\n\nText\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_markdown(path, "content/fi/page.md")
    assert error_lines(excinfo) == [
        "content/fi/page.md:1: the file does not start with front matter "
        "(begin the file with a line '---', the settings, and another '---')"
    ]


def test_unclosed_front_matter_is_an_error(tmp_path):
    path = write(tmp_path, "page.md", "---\ntitle: A\n\nText\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_markdown(path, "content/fi/page.md")
    assert error_lines(excinfo) == ["content/fi/page.md:1: the front matter is not closed (add a line '---' after the settings)"]


@pytest.mark.parametrize("front_matter", ["- title\n- description", "just some text"])
def test_front_matter_that_is_not_a_mapping_is_an_error(tmp_path, front_matter):
    path = write(tmp_path, "page.md", f"---\n{front_matter}\n---\nText\n")
    with pytest.raises(ContentErrors) as excinfo:
        load_markdown(path, "content/fi/page.md")
    assert error_lines(excinfo) == ["content/fi/page.md:2: the front matter must be 'key: value' lines"]


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
