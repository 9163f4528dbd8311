"""The build cache: an edit redoes only what it affects, and the output is always byte-identical to a cold build."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT
from microsite import cache as cache_module
from microsite import hashing, parallel
from microsite.cache import BuildCache
from microsite.errors import ContentErrors
from microsite.serve import Preview
from microsite.options import Options
from microsite.rebuild import build

ROOT_FILES = {"index.html", "404.html", "sitemap.xml", "robots.txt", "_headers"}


@pytest.fixture
def site(tmp_path) -> Path:
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cached_build(site: Path):
    return build(Options(site, site / "dist", cache_dir=site / ".cache"))


def rerendered(result) -> set[str]:
    """The pages rendered again (root files and static assets are always written)."""
    return {p for p in result.files if p.endswith(".html") and p not in ROOT_FILES}


def assert_same_as_cold(site: Path, output: str = "dist", **options) -> None:
    """The output folder site/output is byte for byte what a cold build with these options makes."""
    cold = site.parent / (site.name + "-cold")
    build(Options(site, cold, **options))
    assert snapshot(site / output) == snapshot(cold)
    shutil.rmtree(cold)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_site_is_not_built_again(site):
    first = cached_build(site)
    before = snapshot(site / "dist")
    second = cached_build(site)
    assert first.site is not None and second.site is None  # nothing loaded, nothing rendered
    assert second.summary == first.summary
    assert snapshot(site / "dist") == before


def test_a_deleted_output_file_is_built_again(site):
    cached_build(site)
    (site / "dist/fi/teemat/index.html").unlink()
    result = cached_build(site)
    assert result.site is not None and (site / "dist/fi/teemat/index.html").is_file()
    assert rerendered(result) == {"fi/teemat/index.html"}
    assert_same_as_cold(site)


def test_an_edit_that_keeps_the_size_and_time_stamp_is_still_seen(site):
    """Files are not read again while their size and time are as last seen, unless they were changed so
    shortly before that build that a second change could have kept the time (as in git's racy check)."""
    page = site / "content/fi/signatories.md"
    edit(page, "ovat allekirjoittaneet", "ovat Allekirjoittaneet")  # changed just before the build
    stat = page.stat()
    cached_build(site)
    edit(page, "ovat Allekirjoittaneet", "OVAT allekirjoittaneet")  # the same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same time stamp
    assert rerendered(cached_build(site)) == {"fi/allekirjoittajat/index.html"}
    assert "OVAT" in (site / "dist/fi/allekirjoittajat/index.html").read_text(encoding="utf-8")
    assert_same_as_cold(site)


def test_unchanged_files_are_not_read_again_but_changed_ones_are(site, monkeypatch):
    first, stamps = cache_module.inputs_digest(site, "settings", {}, 0)
    later = time.time_ns() + 2 * cache_module.RACY_NS  # a scan well after the files were last changed
    edit(site / "content/fi/themes.md", "teema", "TEEMA")
    read, real_open = [], open
    monkeypatch.setattr("builtins.open", lambda path, *args, **kw: read.append(Path(path)) or real_open(path, *args, **kw))
    second, fresh = cache_module.inputs_digest(site, "settings", stamps, later)
    assert [path.relative_to(site).as_posix() for path in read] == ["content/fi/themes.md"]
    assert second != first and fresh["content/fi/themes.md"] != stamps["content/fi/themes.md"]
    assert {k: v for k, v in fresh.items() if k != "content/fi/themes.md"} == {
        k: v for k, v in stamps.items() if k != "content/fi/themes.md"}


LANGUAGE_WIDE_EDITS = {  # what every page of one language shows
    "a title in the navigation": ("content/fi/themes.md", "nav_title: Teemat", "nav_title: Teemamme"),
    "a string of the catalog": ("i18n/fi/LC_MESSAGES/messages.po", 'msgstr "Siirry pääsisältöön"',
                                'msgstr "Hyppää pääsisältöön"'),
}


@pytest.mark.parametrize("path, old, new", LANGUAGE_WIDE_EDITS.values(), ids=LANGUAGE_WIDE_EDITS.keys())
def test_editing_what_a_language_shows_everywhere_rebuilds_that_language(site, path, old, new):
    cached_build(site)
    edit(site / path, old, new)
    result = cached_build(site)
    assert rerendered(result) == {p.output for p in result.site.pages if p.lang == "fi"}
    assert_same_as_cold(site)


NARROW_EDITS = {  # an edit, and the only pages it rebuilds
    "a page's body": (("content/fi/signatories.md", "ovat allekirjoittaneet", "ovat yhdessä allekirjoittaneet"),
                      {"fi/allekirjoittajat/index.html"}),
    "the template of one kind of page": (("templates/themes.html", '<nav class="toc"', '<nav class="toc toc--x"'),
                                         {"fi/teemat/index.html", "en/themes/index.html"}),
    "a data file, shown on one page": (("content/cooperation.yaml", "en: Ministry representatives invited",
                                        "en: Ministry representatives asked"), {"en/cooperation-model/index.html"}),
}


@pytest.mark.parametrize("change, pages", NARROW_EDITS.values(), ids=NARROW_EDITS.keys())
def test_an_edit_rebuilds_only_the_pages_that_show_it(site, change, pages):
    cached_build(site)
    path, old, new = change
    edit(site / path, old, new)
    assert rerendered(cached_build(site)) == pages
    assert_same_as_cold(site)


def test_editing_a_partial_every_page_includes_rebuilds_every_page(site):
    cached_build(site)
    edit(site / "templates/partials/footer.html", '<footer class="site-footer">', '<footer class="site-footer x">')
    result = cached_build(site)
    assert rerendered(result) == {p.output for p in result.site.pages}
    assert_same_as_cold(site)


def test_changing_the_configuration_or_the_code_rebuilds_everything(site, monkeypatch):
    first = cached_build(site)
    edit(site / "content/site.yaml", "en: Growth Alliance", "en: The Growth Alliance")
    result = cached_build(site)
    assert rerendered(result) == {p.output for p in result.site.pages if p.lang == "en"}  # only they show it
    edit(site / "content/site.yaml", "base_url: https://kasvuallianssi.example/", "base_url: https://example.org/kasvu/")
    result = cached_build(site)
    assert rerendered(result) == {p.output for p in result.site.pages}
    monkeypatch.setattr(hashing, "code_version", lambda: "another version of the generator")
    result = cached_build(site)
    assert result.site is not None and rerendered(result) == {p.output for p in first.site.pages}
    assert_same_as_cold(site)


def test_deleting_a_page_removes_its_output_and_the_links_to_it(site):
    cached_build(site)
    for name in ("content/fi/signatories.md", "content/en/signatories.md"):
        (site / name).unlink()
    result = cached_build(site)
    assert not (site / "dist/fi/allekirjoittajat").exists() and not (site / "dist/en/signatories").exists()
    for path in (site / "dist").rglob("*.html"):
        assert "allekirjoittajat" not in path.read_text(encoding="utf-8"), path
    assert result.site.page("fi", "signatories") is None
    assert_same_as_cold(site)


def test_a_broken_edit_leaves_the_site_and_a_later_fix_builds_incrementally(site):
    cached_build(site)
    before = snapshot(site / "dist")
    edit(site / "content/fi/signatories.md", "title: Allekirjoittajat", "tittle: Allekirjoittajat")
    with pytest.raises(Exception):
        cached_build(site)
    assert snapshot(site / "dist") == before
    edit(site / "content/fi/signatories.md", "tittle: Allekirjoittajat", "title: Allekirjoittajat")
    assert rerendered(cached_build(site)) == set()
    assert snapshot(site / "dist") == before


def test_parallel_rendering_gives_the_same_bytes_as_serial(site, monkeypatch):
    build(Options(site, site / "serial"))
    monkeypatch.setattr(parallel, "JOBS_PER_WORKER", 1)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    build(Options(site, site / "parallel"))
    assert snapshot(site / "serial") == snapshot(site / "parallel")


# The quick rebuild (quick.py): an edit of page texts only makes just those pages, and nothing else.

def test_a_text_edit_writes_only_that_page(site):
    cached_build(site)
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat yhdessä allekirjoittaneet")
    result = cached_build(site)
    assert result.files == ["fi/allekirjoittajat/index.html"]  # not even the root files or assets
    assert "ovat yhdessä allekirjoittaneet" in (site / "dist/fi/allekirjoittajat/index.html").read_text("utf-8")
    assert_same_as_cold(site)
    edit(site / "content/fi/signatories.md", "ovat yhdessä", "ovat taas")  # and again, from the quick build's cache
    assert cached_build(site).files == ["fi/allekirjoittajat/index.html"]
    assert_same_as_cold(site)


def test_a_text_edit_that_makes_a_template_write_a_script_fails_as_a_cold_build_would(site):
    edit(site / "templates/signatories.html", "{% block content %}",
         '{% block content %}{% if "ALERT" in page.body_html %}<script>alert(1)</script>{% endif %}')
    cached_build(site)
    before = snapshot(site / "dist")
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat ALERT allekirjoittaneet")
    with pytest.raises(ContentErrors) as failed:
        cached_build(site)
    assert [error.message for error in failed.value.errors] == ["the page has a script ({code}); the site runs none"]
    assert snapshot(site / "dist") == before


def test_a_text_edit_of_an_untranslated_page_remakes_its_stand_in(site):
    (site / "content/en/signatories.md").unlink()
    cached_build(site)
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat yhdessä allekirjoittaneet")
    assert sorted(cached_build(site).files) == ["en/allekirjoittajat/index.html", "fi/allekirjoittajat/index.html"]
    assert_same_as_cold(site)


def test_a_text_edit_of_a_news_post_remakes_the_feeds(site):
    options = Options(site, site / "dist", drafts=True, cache_dir=site / ".cache")
    build(options)
    edit(site / "content/fi/news/esimerkkiuutinen.md", "## Väliotsikko", "## Uusi väliotsikko")
    result = build(options)
    assert "fi/ajankohtaista/esimerkkiuutinen/index.html" in result.files
    assert "fi/ajankohtaista/feed.xml" in result.files
    assert_same_as_cold(site, drafts=True)


def test_front_matter_edits_take_the_full_path(site):
    cached_build(site)
    edit(site / "content/fi/signatories.md", "title: Allekirjoittajat", "title: Allekirjoittaneet")
    result = cached_build(site)
    assert "sitemap.xml" in result.files and len(rerendered(result)) > 1  # the title is in every page's menu
    assert_same_as_cold(site)


def test_a_text_edit_with_a_broken_link_changes_nothing_until_fixed(site):
    cached_build(site)
    before = snapshot(site / "dist")
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat [Teemat](teemat.md) allekirjoittaneet")
    with pytest.raises(ContentErrors) as raised:
        cached_build(site)
    assert [(e.path, e.line) for e in raised.value.errors] == [("content/fi/signatories.md", 8)]
    assert "teemat.md" in raised.value.errors[0].in_english()[0]
    assert snapshot(site / "dist") == before
    edit(site / "content/fi/signatories.md", "(teemat.md)", "(themes.md)")
    assert cached_build(site).files == ["fi/allekirjoittajat/index.html"]
    assert_same_as_cold(site)


def test_removing_a_heading_another_page_links_to_is_named_in_that_page(site):
    with (site / "content/fi/signatories.md").open("a", encoding="utf-8") as page:
        page.write("\n## Ehdotus\n\nTeksti.\n")
    edit(site / "content/fi/cooperation.md", "kokoontuu säännöllisesti.",
         "kokoontuu säännöllisesti ([ehdotus](signatories.md#ehdotus)).")
    cached_build(site)
    edit(site / "content/fi/signatories.md", "## Ehdotus", "## Esitys")
    with pytest.raises(ContentErrors) as raised:
        cached_build(site)
    assert [e.path for e in raised.value.errors] == ["content/fi/cooperation.md"]
    assert "#ehdotus" in raised.value.errors[0].in_english()[0]


def test_in_the_preview_an_error_stays_reported_until_it_is_fixed(site):
    options, cache = Options(site, site / "preview", drafts=True, preview=True), BuildCache()
    build(options, cache)
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat [x](nowhere.md) allekirjoittaneet")
    with pytest.raises(ContentErrors):
        build(options, cache)
    edit(site / "content/fi/cooperation.md", "kokoontuu säännöllisesti", "kokoontuu usein")  # a good edit elsewhere
    with pytest.raises(ContentErrors) as raised:
        build(options, cache)
    assert [e.path for e in raised.value.errors] == ["content/fi/signatories.md"]
    edit(site / "content/fi/signatories.md", "(nowhere.md)", "(themes.md)")
    assert sorted(build(options, cache).files) == ["fi/allekirjoittajat/index.html", "fi/yhteistyomalli/index.html"]
    assert_same_as_cold(site, "preview", drafts=True, preview=True)


def test_in_the_preview_a_removed_and_a_moved_page_leave_no_file_behind(site):
    """The preview replaces changed files in place: what a build no longer makes is removed from it."""
    options, cache = Options(site, site / "preview", drafts=True, preview=True), BuildCache()
    build(options, cache)
    (site / "content/en/signatories.md").unlink()  # its English address now shows the stand-in
    edit(site / "content/fi/themes.md", "slug: teemat\n", "slug: teemaryhmat\n")  # its address moves
    build(options, cache)
    assert not (site / "preview/fi/teemat").exists()
    assert_same_as_cold(site, "preview", drafts=True, preview=True)


def test_after_the_preview_showed_an_error_the_fix_brings_every_page_back(site):
    preview = Preview(site, site / "preview", 8000)
    assert preview.rebuild()
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat [x](nowhere.md) allekirjoittaneet")
    assert not preview.rebuild()
    assert "nowhere.md" in (site / "preview/fi/teemat/index.html").read_text("utf-8")  # the error page, everywhere
    edit(site / "content/fi/signatories.md", "(nowhere.md)", "(themes.md)")
    assert preview.rebuild()
    assert_same_as_cold(site, "preview", base_url="http://127.0.0.1:8000/", drafts=True, preview=True)


def test_a_text_edited_quickly_then_reverted_in_a_full_build_is_built_again(site):
    cached_build(site)
    rest = next((site / ".cache").glob("*.pickle"))
    before = rest.stat().st_mtime_ns
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat yhdessä allekirjoittaneet")
    assert cached_build(site).files == ["fi/allekirjoittajat/index.html"]
    assert rest.stat().st_mtime_ns == before  # the quick rebuild did not read or write the rest of the cache
    edit(site / "content/fi/signatories.md", "ovat yhdessä allekirjoittaneet", "ovat allekirjoittaneet")
    edit(site / "templates/page.html", '{% extends "base.html" %}', '{% extends "base.html" %}{# edited #}')
    assert "fi/allekirjoittajat/index.html" in cached_build(site).files  # its old record no longer stands
    assert_same_as_cold(site)


def test_cache_parts_from_another_save_are_not_mixed(site):
    cached_build(site)
    last = next((site / ".cache").glob("*.last"))
    older = last.read_bytes()
    edit(site / "content/fi/signatories.md", "ovat allekirjoittaneet", "ovat yhdessä allekirjoittaneet")
    cached_build(site)
    last.write_bytes(older)  # as if a save had been interrupted after the manifest
    edit(site / "content/fi/cooperation.md", "kokoontuu säännöllisesti", "kokoontuu usein")
    result = cached_build(site)
    assert "sitemap.xml" in result.files  # the full path: the stale part was not used
    assert_same_as_cold(site)


def test_a_text_edit_of_a_post_with_a_template_of_its_own_remakes_the_feeds(site):
    edit(site / "content/fi/news/esimerkkiuutinen.md", "\ndraft: true\n", "\ndraft: true\ntemplate: page\n")
    options = Options(site, site / "dist", drafts=True, cache_dir=site / ".cache")
    build(options)
    edit(site / "content/fi/news/esimerkkiuutinen.md", "## Väliotsikko", "## Uusi väliotsikko")
    assert "fi/ajankohtaista/feed.xml" in build(options).files
    assert_same_as_cold(site, drafts=True)


def test_a_file_saved_again_while_a_build_runs_is_remembered_as_it_was_read(site, monkeypatch):
    """The digest kept for a parsed file is of the bytes parsed, not of those the scan saw before."""
    page = site / "content/fi/signatories.md"
    cached_build(site)
    edit(page, "ovat allekirjoittaneet", "ovat AAA allekirjoittaneet")
    edit(site / "templates/page.html", '{% extends "base.html" %}', '{% extends "base.html" %}{# 1 #}')
    scan = BuildCache.scan

    def scan_then_save(self, root, settings):
        inputs = scan(self, root, settings)
        edit(page, "AAA", "BBB")  # the editor saves again just after the scan
        return inputs
    monkeypatch.setattr(BuildCache, "scan", scan_then_save)
    cached_build(site)
    monkeypatch.undo()
    cached_build(site)  # sees the second save
    edit(page, "BBB", "AAA")
    edit(site / "templates/page.html", "{# 1 #}", "{# 2 #}")
    cached_build(site)
    assert "ovat AAA allekirjoittaneet" in (site / "dist/fi/allekirjoittajat/index.html").read_text("utf-8")
    assert_same_as_cold(site)


def test_a_page_that_shows_another_pages_text_is_made_again_when_that_text_changes(site):
    edit(site / "templates/home.html", "{% block main %}",
         '{% block main %}\n<aside class="teaser">{{ pages.themes.body_html|safe }}</aside>')
    cached_build(site)
    edit(site / "content/fi/themes.md", "perustuvat kaupunkien", "perustuvat TEKSTIN")  # the text home shows
    assert "fi/index.html" in rerendered(cached_build(site))
    assert_same_as_cold(site)
    edit(site / "content/fi/index.md", "Suuret kaupungit", "Suuret TEKSTIN")  # the page that shows it
    cached_build(site)
    assert_same_as_cold(site)


def test_a_text_edit_of_a_home_page_remakes_the_root_pages_that_show_it(site):
    edit(site / "templates/partials/root_choice.html", "{{ home_page.description }}", "{{ home_page.body_html|safe }}")
    cached_build(site)
    edit(site / "content/fi/index.md", "Suuret kaupungit", "Suuret TEKSTIN")
    assert "index.html" in cached_build(site).files
    assert_same_as_cold(site)


def test_a_new_version_of_a_library_that_shapes_the_output_renders_everything_again(site, monkeypatch):
    everything = rerendered(cached_build(site))
    assert rerendered(cached_build(site)) == set()
    installed = hashing.metadata.version
    monkeypatch.setattr(hashing.metadata, "version", lambda name: "99.0" if name == "markdown" else installed(name))
    monkeypatch.setattr(hashing, "code_version", hashing.code_version.__wrapped__)  # as a new process would
    assert rerendered(cached_build(site)) == everything
    assert_same_as_cold(site)


def test_the_code_version_names_every_library_that_shapes_the_output():
    assert [line.split("==")[0] for line in hashing.library_versions()] == ["jinja2", "markupsafe", "markdown",
                                                                         "pyyaml", "babel", "nh3"]


def _synthetic_edits():
    """Edits of the benchmark's synthetic site, as (file, old, new): a body, a title, a template, data, a catalog."""
    return [
        ("content/fi/page-00003.md", "## ", "## Muokattu "),
        ("content/fi/page-00003.md", "title: ", "title: Uusi "),
        ("templates/page.html", '{% extends "base.html" %}', '{% extends "base.html" %}{% block content %}<p>Lisätty</p>'
                                                             "{% endblock %}"),
        ("content/themes.yaml", "fi: Osaavan työvoiman", "fi: Muutettu, osaavan työvoiman"),
        ("i18n/fi/LC_MESSAGES/messages.po", 'msgstr "Siirry pääsisältöön"', 'msgstr "Siirry sisältöön"'),
    ]


@pytest.mark.parametrize("path, old, new", _synthetic_edits(), ids=["body", "title", "template", "data", "catalog"])
def test_reuse_on_the_benchmarks_synthetic_site_gives_a_cold_builds_bytes(tmp_path, path, old, new):
    """The same comparison with a cold build as above, on the benchmark's generated site: enough pages for
    the forked workers, and pages the real content does not have."""
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus
    site = tmp_path / "synthetic"
    write_corpus(160, site)
    cached_build(site)
    target = site / path
    if not target.exists() or old not in target.read_text(encoding="utf-8"):
        pytest.fail(f"the edit no longer applies to {path}: the synthetic site changed")
    edit(target, old, new)
    result = cached_build(site)
    assert result.site is not None and result.reused  # something was kept: the comparison tests reuse
    assert_same_as_cold(site)


def test_a_build_with_nothing_to_do_imports_none_of_the_heavy_libraries(site):
    """The up-to-date check reads the manifest (its summary too) and stops before Jinja, Markdown or YAML load."""
    import subprocess
    import sys
    run = ("import sys; from microsite import cli\n"
           f"status = cli.main(['build', '--source', {str(site)!r}, '--out', {str(site / 'dist')!r}])\n"
           "print(status, sorted(name for name in ('jinja2', 'markdown', 'yaml', 'nh3') "
           "if name in sys.modules))")
    first = subprocess.run([sys.executable, "-c", run], cwd=ROOT, capture_output=True, text=True, check=True)
    assert first.stdout.split("\n")[-2] == "0 ['jinja2', 'markdown', 'nh3', 'yaml']"  # it built
    again = subprocess.run([sys.executable, "-c", run], cwd=ROOT, capture_output=True, text=True, check=True)
    assert again.stdout.split("\n")[-2] == "0 []"
