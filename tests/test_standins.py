"""A stand-in (an untranslated page shown at the visitor's language's address) leads on in that language."""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from microsite.cache import BuildCache
from microsite.options import Options
from microsite.rebuild import build
from sitekit import REPO, make_site, page_md, snapshot, stamp_for

FI_B = page_md("Bee", "## Osio bee\n\nTeksti.", slug="bee")
FILES = {
    "content/fi/aa.md": page_md("Aa", "Katso [bee](bee.md), [bee-osio](bee.md#osio-bee), [cee](cee.md#osio-cee), "
                                      "[etusivu](index.md) ja [tiedosto](files/kartta.png).", slug="aa"),
    "content/fi/bee.md": FI_B,
    "content/fi/cee.md": page_md("Cee", "## Osio cee\n\nTeksti.", slug="cee"),
    "content/en/bee.md": page_md("Bee in English", "## Section bee\n\nText.", slug="bee-en",
                                 translated_from=stamp_for(FI_B)),
    "content/files/kartta.png": b"\x89PNG",
}


def real_site(tmp_path, untranslated: list[str]) -> Path:
    """A copy of the real site with the example news post published and these pages' English files removed."""
    root = tmp_path / "site"
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(REPO / folder, root / folder)
    post = root / "content/fi/news/esimerkkiuutinen.md"
    post.write_text(post.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    for key in untranslated:
        (root / f"content/en/{key}.md").unlink(missing_ok=True)
    return root


def language_of(element) -> str | None:
    """The language an element's text is in: its own lang attribute or the nearest one around it."""
    return next((e["lang"] for e in [element, *element.parents] if e.get("lang")), None)


def links_in_main(out, output: str) -> dict[str, str]:
    soup = BeautifulSoup((out / output).read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a["href"] for a in soup.select("main a")}


def test_a_stand_ins_links_go_to_the_visitors_language(tmp_path):
    root = make_site(tmp_path, FILES)
    out = tmp_path / "out"
    build(Options(root, out))
    assert links_in_main(out, "en/aa/index.html") == {
        "bee": "/en/bee-en/",  # the translation
        "bee-osio": "/en/bee-en/",  # its headings are translated: the Finnish anchor would lead nowhere
        "cee": "/en/cee/#osio-cee",  # the stand-in of the same Finnish text: the anchor is there
        "etusivu": "/en/",
        "tiedosto": "/files/kartta.png",
    }
    assert links_in_main(out, "fi/aa/index.html") == {  # the original keeps its own language's links
        "bee": "/fi/bee/", "bee-osio": "/fi/bee/#osio-bee", "cee": "/fi/cee/#osio-cee", "etusivu": "/fi/",
        "tiedosto": "/files/kartta.png"}


def test_an_anchor_the_html_escapes_leads_on_too(tmp_path):
    """The HTML writes & and " of an anchor as &amp; and &quot;: the link still finds its English address."""
    root = make_site(tmp_path, {
        "content/fi/aa.md": page_md("Aa", '[et](cee.md#a&b) [lainaus](cee.md#x"y)', slug="aa"),
        "content/fi/cee.md": page_md("Cee", '<h2 id="a&amp;b">Ab</h2>\n\n<h2 id=\'x"y\'>Xy</h2>', slug="cee"),
    })
    out = tmp_path / "out"
    build(Options(root, out))
    assert links_in_main(out, "en/aa/index.html") == {"et": "/en/cee/#a&b", "lainaus": '/en/cee/#x"y'}


def test_a_quick_rebuild_of_the_original_relinks_its_stand_in_too(tmp_path):
    root = make_site(tmp_path, FILES)
    options, cache = Options(root, tmp_path / "out", cache_dir=root / ".cache"), None
    build(options, cache)
    page = root / "content/fi/aa.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Katso", "Katso myös"), encoding="utf-8")
    result = build(options, cache)
    assert "en/aa/index.html" in result.files
    assert links_in_main(tmp_path / "out", "en/aa/index.html")["bee"] == "/en/bee-en/"
    cold = tmp_path / "cold"
    build(Options(root, cold))
    assert snapshot(tmp_path / "out") == snapshot(cold)


@pytest.mark.parametrize("preview", [False, True], ids=["cached build", "preview"])
def test_a_translation_added_or_removed_later_moves_the_stand_ins_links(tmp_path, preview):
    """The original's conversion is reused (its Finnish links did not change), but its stand-in follows the
    English addresses as they are now, byte for byte as a cold build makes it."""
    root = make_site(tmp_path, FILES)
    out = tmp_path / "out"
    if preview:
        options, cache = Options(root, out, drafts=True, preview=True), BuildCache()
    else:
        options, cache = Options(root, out, cache_dir=root / ".cache"), None
    build(options, cache)
    (root / "content/en/cee.md").write_text(page_md("Cee in English", "Text.", slug="cee-en",
                                                    translated_from=stamp_for(FILES["content/fi/cee.md"])),
                                            encoding="utf-8")
    build(options, cache)
    assert links_in_main(out, "en/aa/index.html")["cee"] == "/en/cee-en/"
    build(replace(options, out=tmp_path / "cold", cache_dir=None))
    assert snapshot(out) == snapshot(tmp_path / "cold")
    (root / "content/en/bee.md").unlink()
    build(options, cache)
    assert links_in_main(out, "en/aa/index.html")["bee-osio"] == "/en/bee/#osio-bee"  # Finnish text again
    build(replace(options, out=tmp_path / "cold2", cache_dir=None))
    assert snapshot(out) == snapshot(tmp_path / "cold2")


def test_in_the_preview_too(tmp_path):
    root = make_site(tmp_path, FILES)
    options, cache = Options(root, tmp_path / "preview", drafts=True, preview=True), BuildCache()
    build(options, cache)
    page = root / "content/fi/aa.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Katso", "Katso myös"), encoding="utf-8")
    build(options, cache)
    assert links_in_main(tmp_path / "preview", "en/aa/index.html")["cee"] == "/en/cee/#osio-cee"


def test_the_english_news_listing_marks_a_finnish_only_post_and_english_gets_no_feed(tmp_path):
    """With the real templates: a post only in Finnish is listed for English visitors, its title and description
    marked as Finnish and labelled as not translated; its date is English; the English feed is left out (its
    subscribers read English), the Finnish one has the post."""
    root = real_site(tmp_path, untranslated=["news/esimerkkiuutinen"])
    out = tmp_path / "out"
    build(Options(root, out))
    listing = BeautifulSoup((out / "en/news/index.html").read_text(encoding="utf-8"), "html.parser")
    [entry] = [e for e in listing.select("main .post-summary") if "esimerkkiuutinen" in e.h2.a["href"]]
    assert entry.get("lang") is None
    assert entry.h2["lang"] == "fi" and entry.h2.a["hreflang"] == "fi" and entry.h2.a["href"] == "/en/news/esimerkkiuutinen/"
    assert entry.select("p")[-1]["lang"] == "fi"
    date_line = entry.select_one(".post-summary__date")
    assert date_line.get("lang") is None and date_line.get_text() == "29\xa0November\xa02026 · Not translated yet"
    assert not (out / "en/news/feed.xml").exists()
    assert listing.select_one('link[type="application/atom+xml"]') is None
    assert "esimerkkiuutinen" in (out / "fi/ajankohtaista/feed.xml").read_text(encoding="utf-8")


def test_in_a_stand_in_the_original_is_marked_finnish_and_the_interfaces_words_english(tmp_path):
    """A stand-in's text is marked as Finnish; the dates and labels the English templates add inside it are
    English and marked so (a screen reader reads each in its own language). Here the whole English news
    section is untranslated, its listing too (at the Finnish slug), and so are the cooperation model and the
    accessibility statement."""
    root = real_site(tmp_path, untranslated=["news", "news/esimerkkiuutinen", "cooperation", "accessibility"])
    out = tmp_path / "out"
    build(Options(root, out))

    def page(output: str) -> BeautifulSoup:
        return BeautifulSoup((out / output).read_text(encoding="utf-8"), "html.parser")

    post = page("en/ajankohtaista/esimerkkiuutinen/index.html")
    parts = ("main h1", "main .prose", "main .post__date")
    assert [language_of(post.select_one(part)) for part in parts] == ["fi", "fi", "en"]
    [back] = [a for a in post.select("main a") if a["href"] == "/en/ajankohtaista/"]
    assert back.get_text() == "All news" and language_of(back) == "en"
    listing = page("en/ajankohtaista/index.html")
    [entry] = listing.select("main .post-summary")
    assert language_of(entry.h2) == "fi" and entry.h2.a["href"] == "/en/ajankohtaista/esimerkkiuutinen/"
    date_line = entry.select_one(".post-summary__date")
    assert date_line.get_text() == "29\xa0November\xa02026 · Not translated yet" and language_of(date_line) == "en"
    assert not list((out / "en").rglob("feed.xml"))
    assert language_of(page("en/yhteistyomalli/index.html").select_one("main .model__caption")) == "en"
    statement = page("en/saavutettavuusseloste/index.html")
    assert {language_of(h2) for h2 in statement.select("main h2")} == {"en"}
    original = page("fi/ajankohtaista/esimerkkiuutinen/index.html")  # no marks where the page is in its own language
    assert original.select("main [lang]") == []


def test_the_home_pages_theme_links_reach_the_anchors_of_an_untranslated_themes_page(tmp_path):
    """The English home links to the themes page's anchors in English; its stand-in has those ids, not the
    Finnish ones, though it shows the Finnish text (the build checks every anchor, so it builds at all)."""
    root = real_site(tmp_path, ["themes"])
    result = build(Options(root=root, out=tmp_path / "out"))
    stand_in = result.site.page("en", "themes")
    assert stand_in.fallback_from == "fi"
    home = BeautifulSoup((tmp_path / "out" / result.site.page("en", "index").output).read_text(), "html.parser")
    themes = BeautifulSoup((tmp_path / "out" / stand_in.output).read_text(), "html.parser")
    links = [a["href"] for a in home.select("main .card__title a")]
    assert links and all(href.startswith("/" + stand_in.url_path + "#") for href in links)
    assert [href.split("#")[1] for href in links] == [section["id"] for section in themes.select("main [id].theme")]
    assert themes.select_one("main .theme h2").get("lang") in (None, "fi") and \
        language_of(themes.select_one("main .theme h2")) == "fi"
