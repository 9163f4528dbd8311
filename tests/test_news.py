"""News: posts in content/<lang>/news/ under the news page, newest first with dates in each language's locale,
an Atom feed per language linked from every page, drafts only in a --drafts build, and no news section at all
while nothing is published."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT
from sitekit import make_site, page_md, run_cli, stamp_for

ATOM = {"a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FI_NEWS = page_md("Ajankohtaista", "Uutisia.", slug="ajankohtaista", template="news_index", nav=3)
FI_SPRING = page_md("Kevään kokous", "Kokous pidettiin.", slug="kevaan-kokous", date="2026-03-05")
FI_AUTUMN = page_md("Syksyn kokous", "Toinen kokous.", slug="syksyn-kokous", date="2026-11-29")
FI_SUMMER = page_md("Kesän kokous", "Kolmas.", slug="kesan-kokous", date="2026-07-01")
FI_DRAFT = page_md("Joulutervehdys", "Kesken.", slug="joulutervehdys", date="2026-12-24", draft="true")
EN_DRAFT = page_md("Season's greetings", "Unfinished.", slug="seasons-greetings", date="2026-12-24", draft="true",
                   translated_from=stamp_for(FI_DRAFT))
NEWS = {
    "content/fi/news.md": FI_NEWS,
    "content/fi/news/spring.md": FI_SPRING,
    "content/fi/news/autumn.md": FI_AUTUMN,
    "content/fi/news/summer.md": FI_SUMMER,
    "content/fi/news/greetings.md": FI_DRAFT,
    "content/en/news.md": page_md("News", "News.", slug="news", template="news_index", nav=3,
                                  translated_from=stamp_for(FI_NEWS)),
    "content/en/news/spring.md": page_md("Spring meeting", "The meeting was held.", slug="spring-meeting",
                                         date="2026-03-05", translated_from=stamp_for(FI_SPRING)),
    "content/en/news/autumn.md": page_md("Autumn meeting", "Another meeting.", slug="autumn-meeting",
                                         date="2026-11-29", translated_from=stamp_for(FI_AUTUMN)),
    "content/en/news/summer.md": page_md("Summer meeting", "A third.", slug="summer-meeting",
                                         date="2026-07-01", translated_from=stamp_for(FI_SUMMER)),
    "content/en/news/greetings.md": EN_DRAFT,
}


def build(monkeypatch, capsys, root: Path, out: Path, *args: str) -> Path:
    code, stdout, err = run_cli(monkeypatch, capsys, root, "--out", str(out), *args)
    assert (code, err) == (0, ""), err
    return out


def soup(out: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((out / relative).read_text(encoding="utf-8"), "html.parser")


def pages(out: Path, lang: str) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in (out / lang).rglob("*.html"))


def test_listing_is_newest_first_with_dates_in_each_locale(tmp_path, monkeypatch, capsys):
    out = build(monkeypatch, capsys, make_site(tmp_path, NEWS), tmp_path / "out")
    listing = soup(out, "fi/ajankohtaista/index.html")
    assert [(a.get_text(), a["href"], t["datetime"], t.get_text()) for a, t in
            zip(listing.select("ul.posts a"), listing.select("ul.posts time"))] == [
        ("Syksyn kokous", "/fi/ajankohtaista/syksyn-kokous/", "2026-11-29", "29.\xa0marraskuuta\xa02026"),
        ("Kesän kokous", "/fi/ajankohtaista/kesan-kokous/", "2026-07-01", "1.\xa0heinäkuuta\xa02026"),
        ("Kevään kokous", "/fi/ajankohtaista/kevaan-kokous/", "2026-03-05", "5.\xa0maaliskuuta\xa02026"),
    ]
    listing = soup(out, "en/news/index.html")
    assert [(a.get_text(), a["href"], t.get_text()) for a, t in
            zip(listing.select("ul.posts a"), listing.select("ul.posts time"))] == [
        ("Autumn meeting", "/en/news/autumn-meeting/", "29\xa0November\xa02026"),
        ("Summer meeting", "/en/news/summer-meeting/", "1\xa0July\xa02026"),
        ("Spring meeting", "/en/news/spring-meeting/", "5\xa0March\xa02026"),
    ]


def test_each_post_is_a_page_under_the_listing(tmp_path, monkeypatch, capsys):
    out = build(monkeypatch, capsys, make_site(tmp_path, NEWS), tmp_path / "out")
    assert [p for p in pages(out, "en") if p.startswith("en/news/")] == [
        "en/news/autumn-meeting/index.html", "en/news/index.html", "en/news/spring-meeting/index.html",
        "en/news/summer-meeting/index.html"]
    post = soup(out, "fi/ajankohtaista/kesan-kokous/index.html")
    assert post.html["lang"] == "fi"
    assert post.select_one("article h1").get_text() == "Kesän kokous"
    assert post.select_one("article time").get_text() == "1.\xa0heinäkuuta\xa02026"
    assert post.select_one("article p").get_text() == "Kolmas."
    assert [(a["hreflang"], a["href"]) for a in post.select("nav.lang-switch a")] == [("en", "/en/news/summer-meeting/")]
    assert post.find("link", rel="canonical")["href"] == "https://example.org/fi/ajankohtaista/kesan-kokous/"


def test_an_atom_feed_per_language_linked_from_every_page(tmp_path, monkeypatch, capsys):
    out = build(monkeypatch, capsys, make_site(tmp_path, NEWS), tmp_path / "out")
    for lang, listing, titles in [
        ("fi", "ajankohtaista", ["Syksyn kokous", "Kesän kokous", "Kevään kokous"]),
        ("en", "news", ["Autumn meeting", "Summer meeting", "Spring meeting"]),
    ]:
        feed = ET.parse(out / lang / listing / "feed.xml").getroot()
        assert feed.tag == "{http://www.w3.org/2005/Atom}feed" and feed.get(XML_LANG) == lang
        assert feed.findtext("a:id", namespaces=ATOM) == f"https://example.org/{lang}/{listing}/"
        assert feed.findtext("a:updated", namespaces=ATOM) == "2026-11-29T00:00:00Z"  # the newest post, not the clock
        entries = feed.findall("a:entry", ATOM)
        assert [e.findtext("a:title", namespaces=ATOM) for e in entries] == titles
        assert [e.findtext("a:updated", namespaces=ATOM) for e in entries] == [
            "2026-11-29T00:00:00Z", "2026-07-01T00:00:00Z", "2026-03-05T00:00:00Z"]
        for entry in entries:
            url = entry.find("a:link", ATOM).get("href")
            assert url == entry.findtext("a:id", namespaces=ATOM)
            assert (out / url.removeprefix("https://example.org/") / "index.html").is_file()
        for page in pages(out, lang):
            feeds = soup(out, page).select('head link[rel="alternate"][type="application/atom+xml"]')
            assert [link["href"] for link in feeds] == [f"/{lang}/{listing}/feed.xml"], page
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == [
        "en/news/feed.xml", "fi/ajankohtaista/feed.xml", "sitemap.xml"]


def test_drafts_only_with_drafts(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, NEWS)
    out = build(monkeypatch, capsys, root, tmp_path / "out")
    assert not (out / "fi/ajankohtaista/joulutervehdys").exists() and not (out / "en/news/seasons-greetings").exists()
    assert "Joulutervehdys" not in soup(out, "fi/ajankohtaista/index.html").get_text()
    assert b"Joulutervehdys" not in (out / "fi/ajankohtaista/feed.xml").read_bytes()
    assert b"joulutervehdys" not in (out / "sitemap.xml").read_bytes()

    preview = build(monkeypatch, capsys, root, tmp_path / "preview", "--drafts")
    draft = soup(preview, "fi/ajankohtaista/joulutervehdys/index.html")
    assert draft.select_one("article h1").get_text() == "Joulutervehdys"
    assert draft.find("link", rel="canonical") is None  # a draft is never indexed
    assert [a.get_text() for a in soup(preview, "en/news/index.html").select("ul.posts a")] == [
        "Season's greetings", "Autumn meeting", "Summer meeting", "Spring meeting"]


def test_a_draft_alone_makes_no_news_section(tmp_path, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/fi/news.md": FI_NEWS, "content/fi/news/greetings.md": FI_DRAFT,
                                "content/en/news.md": NEWS["content/en/news.md"],
                                "content/en/news/greetings.md": EN_DRAFT})
    out = build(monkeypatch, capsys, root, tmp_path / "out")
    assert not (out / "fi/ajankohtaista").exists() and not (out / "en/news").exists()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == ["sitemap.xml"]
    for lang in ("fi", "en"):
        for page in pages(out, lang):
            html = soup(out, page)
            assert html.select("nav.site-nav a") == [], page
            assert html.select('link[type="application/atom+xml"]') == [], page
    assert b"ajankohtaista" not in (out / "sitemap.xml").read_bytes()
    preview = build(monkeypatch, capsys, root, tmp_path / "preview", "--drafts")
    assert [a.get_text() for a in soup(preview, "fi/index.html").select("nav.site-nav a")] == ["Ajankohtaista"]


def test_the_real_site_publishes_no_news_until_a_post_is_ready(real_site):
    site, out = real_site.result.site, real_site.out
    if any(p.template == "news" for p in site.pages):  # once news is published: a section and a feed per language
        for lang in site.config.languages:
            listing = next(p for p in site.pages_in(lang.code) if p.template == "news_index")
            assert (out / listing.output).is_file()
            own = [p for p in site.children(listing) if not p.fallback_from]
            assert (out / listing.url_path / "feed.xml").is_file() == bool(own)
        return
    assert not (out / "fi/ajankohtaista").exists() and not (out / "en/news").exists()
    assert list(out.rglob("feed.xml")) == []
    for path in real_site.html_files():
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert html.select('link[type="application/atom+xml"]') == [], path
        assert not [a for a in html.find_all("a") if "/ajankohtaista/" in a["href"] or "/news/" in a["href"]], path


def test_the_real_site_with_its_example_post_published(tmp_path, monkeypatch, capsys):
    root = tmp_path / "site"
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, root / folder)
    for lang in ("fi", "en"):
        post = root / "content" / lang / "news" / "esimerkkiuutinen.md"
        post.write_text(post.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert code == 0, err
    out = tmp_path / "out"
    def example_in(listing, href):  # other posts may be published beside the example
        [item] = [li for li in listing.select(".post-summary") if li.select_one(f'a[href="{href}"]')]
        return item.select_one("a").get_text(), item.select_one("time").get_text()
    listing = soup(out, "fi/ajankohtaista/index.html")
    assert example_in(listing, "/fi/ajankohtaista/esimerkkiuutinen/") == ("Esimerkkiuutinen", "29.\xa0marraskuuta\xa02026")
    en = soup(out, "en/news/index.html")
    assert example_in(en, "/en/news/example-news-post/") == ("Example news post", "29\xa0November\xa02026")
    assert [a["href"] for a in en.select("nav.site-nav a") if a.get_text() == "News"] == ["/en/news/"]
    for lang, listing_path in (("fi", "fi/ajankohtaista/"), ("en", "en/news/")):
        feed = ET.parse(out / listing_path / "feed.xml").getroot()
        [entry] = [e for e in feed.findall("a:entry", ATOM) if "esimerkki" in e.find("a:link", ATOM).get("href")
                   or "example-news-post" in e.find("a:link", ATOM).get("href")]
        assert entry.find("a:link", ATOM).get("href").startswith(f"https://kasvuallianssi.example/{listing_path}")
        assert "<h2" in entry.findtext("a:content", namespaces=ATOM)  # the post's HTML, escaped inside the XML
        for page in pages(out, lang):
            feeds = soup(out, page).select('head link[type="application/atom+xml"]')
            assert [link["href"] for link in feeds] == [f"/{listing_path}feed.xml"], page


def test_news_only_in_finnish_gives_english_no_feed_but_a_listing_with_stand_ins(tmp_path, monkeypatch, capsys):
    finnish_only = {path: text for path, text in NEWS.items() if not path.startswith("content/en/news/")}
    root = make_site(tmp_path, finnish_only)
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert code == 0 and "warning: the page is not translated yet" in err
    out = tmp_path / "out"
    assert (out / "fi/ajankohtaista/feed.xml").is_file()
    assert not (out / "en/news/feed.xml").exists()
    listing = soup(out, "en/news/index.html")
    assert listing.select_one('link[type="application/atom+xml"]') is None
    assert sorted(p.parent.name for p in (out / "en/news").glob("*/index.html")) == [
        "kesan-kokous", "kevaan-kokous", "syksyn-kokous"]  # the untranslated posts stand in, at Finnish slugs


def test_a_post_only_in_finnish_is_in_the_english_list_but_not_in_the_english_feed(tmp_path, monkeypatch, capsys):
    """Its stand-in's address ends when the translation comes with its own slug: a feed reader keeps an entry
    for good, so the English feed waits for the translation; the English list, made anew each build, has it."""
    root = make_site(tmp_path, {path: text for path, text in NEWS.items() if path != "content/en/news/autumn.md"})
    code, _, err = run_cli(monkeypatch, capsys, root, "--out", str(tmp_path / "out"))
    assert code == 0 and "warning: the page is not translated yet" in err
    out = tmp_path / "out"
    listing = soup(out, "en/news/index.html")
    assert [(a.get_text(), a["href"]) for a in listing.select("main .posts a")] == [  # newest first, as always
        ("Syksyn kokous", "/en/news/syksyn-kokous/"), ("Summer meeting", "/en/news/summer-meeting/"),
        ("Spring meeting", "/en/news/spring-meeting/")]
    feed = ET.parse(out / "en/news/feed.xml").getroot()
    assert [e.findtext("a:title", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)] == [
        "Summer meeting", "Spring meeting"]
    assert feed.findtext("a:updated", namespaces=ATOM) == "2026-07-01T00:00:00Z"  # its own newest post
    assert [link["href"] for link in listing.select('head link[type="application/atom+xml"]')] == ["/en/news/feed.xml"]
    finnish = ET.parse(out / "fi/ajankohtaista/feed.xml").getroot()
    assert len(finnish.findall("a:entry", ATOM)) == 3
