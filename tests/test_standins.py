"""A stand-in (an untranslated page shown at the visitor's language's address) leads on in that language."""
from __future__ import annotations

from bs4 import BeautifulSoup

from microsite.cache import BuildCache
from microsite.pipeline import Options, build
from sitekit import make_site, page_md, snapshot, stamp_for

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
    import shutil
    from pathlib import Path
    repo = Path(__file__).resolve().parent.parent
    root = tmp_path / "site"
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(repo / folder, root / folder)
    post = root / "content/fi/news/esimerkkiuutinen.md"
    post.write_text(post.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    (root / "content/en/news/esimerkkiuutinen.md").unlink(missing_ok=True)
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
