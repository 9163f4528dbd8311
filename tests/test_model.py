"""model.py and markup.py: page locations, front matter checks, localizing data, Markdown links."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from markupsafe import Markup

from microsite import schema
from microsite.config import Language
from microsite.errors import ContentErrors
from microsite.model import localize, page_location
from sitekit import error_lines, load_site, make_site, page_md


def body_soup(page) -> BeautifulSoup:
    return BeautifulSoup(page.body_html, "html.parser")


@pytest.mark.parametrize("key, slug, expected", [
    ("index", "", ("fi/", "fi/index.html")),
    ("themes", "teemat", ("fi/teemat/", "fi/teemat/index.html")),
    ("about/team", "meista/tiimi", ("fi/meista/tiimi/", "fi/meista/tiimi/index.html")),
    ("404", "", ("fi/404.html", "fi/404.html")),
])
def test_page_location(key, slug, expected):
    assert page_location("fi", key, slug) == expected


def test_build_site_makes_complete_pages(tmp_path):
    root = make_site(tmp_path, {
        "content/fi/themes.md": page_md("Teemat", "## Osa\n\nTeksti.", slug="teemat", nav=2, template="page"),
        "content/en/themes.md": page_md("Themes", "Text.", slug="themes", nav_title="Topics", lead="Lead text"),
    })
    site = load_site(root)
    fi = site.page("fi", "themes")
    assert (fi.source, fi.title, fi.nav_title, fi.nav, fi.template) == ("content/fi/themes.md", "Teemat", "Teemat", 2, "page")
    assert (fi.url_path, fi.output) == ("fi/teemat/", "fi/teemat/index.html")
    assert fi.description == "About Teemat."
    assert body_soup(fi).find("h2").get_text() == "Osa"
    en = site.page("en", "themes")
    assert (en.nav_title, en.nav, en.lead, en.url_path) == ("Topics", None, "Lead text", "en/themes/")
    assert set(site.translations(fi)) == {"fi", "en"}
    assert [p.key for p in site.pages_in("en")] == ["404", "accessibility", "index", "themes"]
    assert not site.page("fi", "404").in_sitemap and fi.in_sitemap


MAIN_HEADING = "the text has a main heading ('# …') (the title is the page's only main heading; use '## …' in the text)"
LINK_HINT = "(link to another page's file, for example (themes.md))"
UNMODELLABLE = {
    "front matter errors, each on its file and line": ({
        "content/fi/a.md": "---\ntitle: A\ntittle: A\ndescription: Kuvaus\nslug: a\nnav: first\n---\n",
        "content/fi/b.md": "---\ndescription: Kuvaus\nslug: b\ntitle: 12\nlead: [x]\n---\n",
        "content/fi/c.md": "---\ntitle: C\ndescription: Kuvaus\nslug: Ääkköset/../x\n---\n",
        "content/fi/d.md": "---\ntitle: D\ndescription: Kuvaus\n---\n",
        "content/fi/e.md": "---\ntitle: E\ndescription: Kuvaus\nslug: e\nnav: true\n---\n",
        "content/en/index.md": "---\ntitle: Home\ndescription: Home\nslug: home\n---\n",
        "content/en/404.md": "---\ntitle: '  '\n---\n",
    }, [
        "content/fi/a.md:3: unknown key 'tittle' (did you mean 'title'?)",
        "content/fi/a.md:6: 'nav' must be a whole number",
        "content/fi/b.md:4: 'title' must be text",
        "content/fi/b.md:5: 'lead' must be text",
        "content/fi/c.md:4: 'slug' must be an address part of lowercase a-z, digits and hyphens",
        "content/fi/d.md:2: the page has no slug (add a line 'slug: …' with its address)",
        "content/fi/e.md:5: 'nav' must be a whole number",
        "content/en/404.md:2: 'title' is empty",
        "content/en/404.md:2: 'description' is missing (add a line 'description: …')",
        "content/en/index.md:4: the home page cannot have a slug (remove the slug line: its address is the language's root)",
    ]),
    "a misspelt key, not also reported missing": (
        {"content/fi/a.md": "---\ntittle: A\ndescription: Kuvaus\nslug: a\n---\n"},
        ["content/fi/a.md:2: unknown key 'tittle' (did you mean 'title'?)"]),
    "every front matter and Markdown error together": ({
        "content/fi/a.md": "---\ntitle: A\ndescription: Kuvaus\nslug: a\nnav: x\n---\n# Otsikko\n",
        "content/en/index.md": "---\ntitle: Home\ndescription: Home\n---\n[x](nowhere.md)\n",
    }, [
        "content/fi/a.md:5: 'nav' must be a whole number",
        f"content/fi/a.md:7: {MAIN_HEADING}",
        f"content/en/index.md:5: link to a page that does not exist: nowhere.md {LINK_HINT}",
    ]),
    "a broken .md link, on its line": (
        {"content/en/index.md": "---\ntitle: Home\ndescription: Home\n---\nFirst paragraph.\n\n"
                                "See [the themes](themes.md#skills).\n"},
        [f"content/en/index.md:7: link to a page that does not exist: themes.md#skills {LINK_HINT}"]),
    "a .md link into another language's folder": (
        {"content/fi/index.md": page_md("Etusivu", "[English](../en/index.md)")},
        [f"content/fi/index.md:5: link to a page that does not exist: ../en/index.md {LINK_HINT}"]),
    "a main heading in the body": (
        {"content/fi/index.md": "---\ntitle: Etusivu\ndescription: Kuvaus\n---\nJohdanto.\n\n# Toinen otsikko\n\nTeksti.\n"},
        [f"content/fi/index.md:7: {MAIN_HEADING}"]),
    "a main heading on the first body line": (
        {"content/en/404.md": "---\ntitle: Not found\ndescription: Gone\n---\n# Oops\n"},
        [f"content/en/404.md:5: {MAIN_HEADING}"]),
}


@pytest.mark.parametrize("files, errors", UNMODELLABLE.values(), ids=UNMODELLABLE.keys())
def test_a_site_that_cannot_be_modelled_names_each_errors_file_and_line(tmp_path, files, errors):
    root = make_site(tmp_path, files)
    with pytest.raises(ContentErrors) as excinfo:
        load_site(root)
    assert error_lines(excinfo) == errors


FI = Language("fi", "fi_FI", "Suomi")
EN = Language("en", "en_GB", "English")


def test_localize_picks_the_language_everywhere():
    languages = [FI, EN]
    data = {
        "title": {"fi": "Teemat", "en": "Themes"},
        "groups": [{"id": "osaaminen", "items": [{"fi": "Yksi", "en": "One"}], "count": 3}],
        "only_fi": {"fi": "Vain suomeksi"},
        "empty": {},
    }
    localized = localize(data, "en", languages)
    assert localized == {
        "title": "Themes",
        "groups": [{"id": "osaaminen", "items": ["One"], "count": 3}],
        "only_fi": '<span lang="fi">Vain suomeksi</span>',
        "empty": {},
    }
    assert isinstance(localized["only_fi"], Markup)  # the fallback is marked with its language, not escaped
    assert localize(data, "fi", languages)["only_fi"] == "Vain suomeksi"


def test_localize_falls_back_to_the_first_language_that_has_the_text():
    sv = Language("sv", "sv_SE", "Svenska")
    assert localize({"en": "Only <em>English</em>"}, "fi", [FI, sv, EN]) == \
        '<span lang="en">Only &lt;em&gt;English&lt;/em&gt;</span>'
    assert localize({"fi": "Suomi", "en": ""}, "en", [FI, EN]) == '<span lang="fi">Suomi</span>'


def test_localize_keeps_slugs_plain_text():
    data = {"groups": [{"id": {"fi": "osaaminen"}, "title": {"fi": "Osaaminen"}, "items": [{"fi": "Yksi"}]}]}
    assert localize(data, "en", [FI, EN], schema.DATA["themes"]) == {
        "groups": [{"id": "osaaminen", "title": '<span lang="fi">Osaaminen</span>',
                    "items": ['<span lang="fi">Yksi</span>']}],
    }


def test_md_links_become_page_urls_under_a_sub_path(tmp_path):
    root = make_site(tmp_path, {
        "content/fi/index.md": page_md("Etusivu", "Katso [teemat](themes.md#osaaminen), [sama](./themes.md), "
                                                  "[ulkoinen](https://example.com/x.md) ja [ankkuri](#alku)."),
        "content/fi/themes.md": page_md("Teemat", "Takaisin [etusivulle](index.md).", slug="teemat"),
        "content/en/themes.md": page_md("Themes", slug="themes"),
    })
    site = load_site(root, base_url="https://example.org/kasvu/")
    links = {a.get_text(): a["href"] for a in body_soup(site.page("fi", "index")).find_all("a")}
    assert links == {
        "teemat": "/kasvu/fi/teemat/#osaaminen",
        "sama": "/kasvu/fi/teemat/",
        "ulkoinen": "https://example.com/x.md",
        "ankkuri": "#alku",
    }
    back = body_soup(site.page("fi", "themes")).find("a")
    assert back["href"] == "/kasvu/fi/"
