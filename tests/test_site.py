"""End to end: the real content built, parsed and checked as a visitor and a search engine would meet it."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import ROOT, SUBPATH_URL
from bs4 import BeautifulSoup

from microsite.markup import inline_markdown
from microsite.built import SITEMAP_NS, BuiltFiles, check_alternates, check_links, check_sitemap

SEED = ROOT.parent / "shared" / "seed" / "000_7a5c9de6a841e2ef.txt"
LANGS = [lang["code"] for lang in yaml.safe_load((ROOT / "content" / "site.yaml").read_text())["languages"]]


def rejoin_hyphenation(text: str) -> str:
    """Undo the print layout's line-end hyphenation, keeping compound ellipses such as 'kunta- ja'."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"(\w)-\n(?!(?:ja|tai) )(\w)", r"\1\2", text)


def seed_units() -> list[str]:
    """Every sentence, heading and item of the alliance's document, in its own words."""
    units = []
    for block in re.split(r"\n\s*\n", rejoin_hyphenation(SEED.read_text(encoding="utf-8"))):
        block = " ".join(block.split())
        if not block:
            continue
        if block[0].islower():  # the print layout split an item over a blank line
            units[-1] += " " + block
        elif block.startswith("•"):
            units.append(block.lstrip("• "))
        elif block.count(". ") and block.endswith("."):
            units.extend(s if s.endswith(".") else s + "." for s in block.split(". "))
        else:
            units.append(block)
    return units


def page_text(site, relative: str) -> str:
    return " ".join(site.soup(relative).get_text(" ").split())


def site_text(site, lang: str) -> str:
    return " ".join(page_text(site, p.relative_to(site.out).as_posix()) for p in (site.out / lang).rglob("*.html"))


@pytest.mark.skipif(not SEED.is_file(), reason="the alliance's document (../shared/seed) is not beside the repo")
def test_every_seed_sentence_and_item_is_on_the_finnish_site(real_site):
    units = seed_units()
    assert len([u for u in units if u]) >= 30
    text = site_text(real_site, LANGS[0]).casefold()
    missing = [u for u in units if u.casefold() not in text]
    assert missing == []


def test_seed_hyphenation_is_rejoined_with_care():
    joined = rejoin_hyphenation("pysyvä kaupunki-\npolitiikan ja kunta-  \nja alueministerin\nsuuri al-\nlianssi")
    assert joined == "pysyvä kaupunkipolitiikan ja kunta-\nja alueministerin\nsuuri allianssi"


def localized_texts(data, lang):
    """Every localized text in a data file, in one language."""
    if isinstance(data, dict):
        if data and set(data) <= set(LANGS):
            yield data[lang]
        else:
            for value in data.values():
                yield from localized_texts(value, lang)
    elif isinstance(data, list):
        for value in data:
            yield from localized_texts(value, lang)


@pytest.mark.parametrize("name", ["themes", "signatories", "cooperation"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_structured_text_appears_in_its_language(real_site, name, lang):
    data = yaml.safe_load((ROOT / "content" / f"{name}.yaml").read_text(encoding="utf-8"))
    text = " ".join(real_site.soup(p.relative_to(real_site.out).as_posix()).get_text(" ") for p in
                    (real_site.out / lang).rglob("*.html"))
    text = " ".join(text.split())
    for value in localized_texts(data, lang):
        plain = " ".join(BeautifulSoup(inline_markdown(value), "html.parser").get_text(" ").split())
        if not re.fullmatch(r"[a-z0-9-]+", plain):  # anchors are attributes, not text
            assert plain in text, plain


def test_themes_pages_show_every_group_and_item_with_anchors(real_site):
    themes = yaml.safe_load((ROOT / "content" / "themes.yaml").read_text(encoding="utf-8"))["groups"]
    assert len(themes) >= 3 and sum(len(g["items"]) for g in themes) >= 14  # the seed's three groups, 14 items
    for lang in LANGS:
        page = real_site.result.site.page(lang, "themes")
        soup = real_site.soup(page.output)
        groups = soup.select("main section.theme")
        assert [g["id"] for g in groups] == [g["id"][lang] for g in themes]
        assert [len(g.select("li")) for g in groups] == [len(g["items"]) for g in themes]
        for group in groups:
            assert group.h2


def test_english_items_are_translated_and_mark_finnish_words(real_site):
    fi = real_site.soup(real_site.result.site.page(LANGS[0], "themes").output)
    en = real_site.soup(real_site.result.site.page("en", "themes").output)
    fi_items = [li.get_text() for li in fi.select("section.theme li")]
    en_items = [li.get_text() for li in en.select("section.theme li")]
    assert all(a != b for a, b in zip(fi_items, en_items))
    assert [span.get_text() for span in en.select('section.theme [lang="fi"]')] == ["Suomi liikkeelle"]


def test_every_page_has_lang_one_h1_title_and_description(real_site):
    titles, descriptions = set(), set()
    for path in real_site.html_files():
        soup = real_site.soup(path.relative_to(real_site.out).as_posix())
        assert soup.html["lang"] in LANGS
        assert len(soup.find_all("h1")) == 1, path
        title, description = soup.title.string, soup.find("meta", attrs={"name": "description"})
        assert title not in titles, title
        titles.add(title)
        indexed = soup.find("meta", attrs={"name": "robots"}) is None  # stand-ins repeat their original, unindexed
        if description and indexed:
            assert description["content"] not in descriptions
            descriptions.add(description["content"])


def test_pages_have_skip_link_first_and_footer_statement_link(real_site):
    for page in real_site.result.site.pages:
        soup = real_site.soup(page.output)
        first = soup.body.find(["a", "button", "input", "select", "textarea"])
        assert "skip-link" in first["class"] and first["href"] == "#main"
        assert soup.find("main", id="main")
        statement = real_site.result.site.page(page.lang, "accessibility")
        assert soup.select_one(f'footer a[href="/{statement.url_path}"]'), page.output


def test_no_script_and_nothing_from_elsewhere(real_site):
    homes = [f"{lang}/index.html" for lang in LANGS]
    for path in real_site.html_files():
        relative = path.relative_to(real_site.out).as_posix()
        soup = real_site.soup(relative)
        scripts = soup.find_all("script")
        # The only script element is the home pages' JSON-LD: data, never run.
        assert [s.get("type") for s in scripts] == (["application/ld+json"] if relative in homes else []), relative
        for script in scripts:
            assert json.loads(script.string)["@type"] == "WebSite"
        assert not any(k.startswith("on") for tag in soup.find_all(True) for k in tag.attrs)
        for tag in soup.find_all(["link", "img", "source"]):
            url = tag.get("href") or tag.get("src")
            if tag.name == "link" and tag.get("rel") in (["alternate"], ["canonical"]):
                continue
            assert url.startswith("/"), url


def test_switcher_leads_to_the_counterpart_and_back(real_site):
    site = real_site.result.site
    for page in site.pages:
        soup = real_site.soup(page.output)
        links = soup.select("nav.lang-switch a")
        assert len(links) == len(LANGS) - 1
        for link in links:
            target = real_site.out / link["href"].lstrip("/")
            target = target / "index.html" if link["href"].endswith("/") else target
            other = real_site.soup(target.relative_to(real_site.out).as_posix())
            assert other.html["lang"] == link["hreflang"] == link["lang"]
            if page.in_sitemap:
                back = other.select_one(f'nav.lang-switch a[hreflang="{page.lang}"]')
                assert back["href"] == "/" + page.url_path


def test_hreflang_absolute_reciprocal_with_x_default(real_site):
    for page in real_site.result.site.pages:
        if not page.in_sitemap:
            continue
        soup = real_site.soup(page.output)
        alternates = {l["hreflang"]: l["href"] for l in soup.select('link[rel="alternate"][hreflang]')}
        assert set(alternates) == set(real_site.result.site.translations(page)) | {"x-default"}
        assert all(url.startswith(real_site.base_url) for url in alternates.values())
        assert soup.select_one('link[rel="canonical"]')["href"] == alternates[page.lang]
    assert check_alternates(BuiltFiles.from_folder(real_site.out, real_site.base_url)) == []


def test_home_x_default_is_the_root_chooser_that_offers_every_language(real_site):
    soup = real_site.soup("index.html")
    hrefs = [a["href"] for a in soup.select("main a")]
    assert hrefs == [f"/{lang}/" for lang in LANGS]
    assert [li["lang"] for li in soup.select("main li[lang]")] == LANGS
    home = real_site.soup(f"{LANGS[0]}/index.html")
    assert home.select_one('link[hreflang="x-default"]')["href"] == real_site.base_url


def test_no_broken_internal_link_or_anchor(real_site):
    assert check_links(BuiltFiles.from_folder(real_site.out, real_site.base_url)) == []


def test_sitemap_lists_every_page_with_alternates(real_site):
    assert check_sitemap(BuiltFiles.from_folder(real_site.out, real_site.base_url)) == []
    root = ET.parse(real_site.out / "sitemap.xml").getroot()
    entries = root.findall("s:url", SITEMAP_NS)
    indexable = [p for p in real_site.result.site.pages if p.in_sitemap]
    assert len(entries) == len(indexable) + 1
    for entry, page in zip(entries[1:], indexable, strict=True):
        assert entry.findtext("s:loc", namespaces=SITEMAP_NS) == real_site.base_url + page.url_path
        links = entry.findall("x:link", SITEMAP_NS)
        assert {l.get("hreflang") for l in links} == set(real_site.result.site.translations(page)) | {"x-default"}
    robots = (real_site.out / "robots.txt").read_text()
    assert f"Sitemap: {real_site.base_url}sitemap.xml" in robots.splitlines()


def test_subpath_build_keeps_every_link_under_the_subpath(subpath_site):
    assert subpath_site.base_url == SUBPATH_URL
    built = BuiltFiles.from_folder(subpath_site.out, SUBPATH_URL)
    assert built.base_path == "/kasvu/"
    assert check_links(built) == []
    assert check_alternates(built) == []
    assert check_sitemap(built) == []
    for path in subpath_site.html_files():
        soup = subpath_site.soup(path.relative_to(subpath_site.out).as_posix())
        for tag in soup.find_all(["a", "link"]):
            href = tag.get("href", "")
            if href.startswith("/"):
                assert href.startswith("/kasvu/"), (path, href)


def test_statement_describes_the_checks_the_browser_tests_make():
    """The statement's method must agree with what tests/test_browser.py checks: guideline, widths, tools."""
    from axe_audit import WCAG_TAGS
    from browser_session import WIDTHS
    method = yaml.safe_load((ROOT / "content" / "accessibility.yaml").read_text(encoding="utf-8"))["method"]
    assert "wcag22aa" in WCAG_TAGS
    for lang, text in method.items():
        facts = ["WCAG 2.2", "axe-core", "Nu Html Checker", "JavaScript"] + [f"{width} px" for width in WIDTHS]
        assert [fact for fact in facts if fact not in text] == [], lang


def test_cooperation_diagram_is_real_text_from_the_yaml_nested_from_the_centre_out(real_site):
    data = yaml.safe_load((ROOT / "content" / "cooperation.yaml").read_text(encoding="utf-8"))
    for lang in LANGS:
        soup = real_site.soup(real_site.result.site.page(lang, "cooperation").output)
        figure = soup.select_one("main figure.model")
        assert figure.figcaption.h2.get_text(strip=True)  # the caption is a heading, the circles its subheadings
        groups = [data["centre"], *data["circles"]]
        # In reading order, from the centre outwards: each heading, then its participants.
        headings = figure.find_all("h3")
        assert [h.get_text(strip=True) for h in headings] == [g["title"][lang] for g in groups]
        assert [[li.get_text(strip=True) for li in h.find_next_sibling("ul").find_all("li")] for h in headings] == \
            [[p[lang] for p in g["participants"]] for g in groups]
        # Each circle holds the one inside it, whole: the centre is innermost, the last circle outermost.
        boxes = [h.parent for h in headings]
        assert "model__centre" in boxes[0]["class"]
        for inner, outer in zip(boxes, boxes[1:]):
            assert inner.parent is outer


@pytest.mark.parametrize("output", ["index.html", "404.html"])
def test_root_pages_have_a_skip_link_and_the_accessibility_statement_in_every_language(real_site, output):
    soup = real_site.soup(output)
    skip = soup.select_one("body > a.skip-link")
    assert skip["href"] == "#main" and soup.select_one("main#main")
    assert [span["lang"] for span in skip.select("span[lang]")] == list(LANGS)
    statements = {a["hreflang"]: a["href"] for a in soup.select("footer a[hreflang]")}
    site = real_site.result.site
    assert statements == {lang: site.config.base_path + site.page(lang, "accessibility").url_path for lang in LANGS}
    assert soup.h1.select('[aria-hidden="true"]')[0].get_text(strip=True) == "·"  # the separator is not read
