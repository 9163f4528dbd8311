"""What a page template may use, decided here rather than in templates."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import schema
from .config import Language
from .load import YamlValue
from .model import HOME_KEY, LISTING_TEMPLATES, Page, Site, localize

FEED_FILE = "feed.xml"


@dataclass(frozen=True)
class Alternate:
    """A version of the current page in one language."""

    language: Language
    path: str
    url: str


def alternates_of(site: Site, page: Page) -> list[Alternate]:
    """Return the page in each language that really has it, in the configured order."""
    config, versions = site.config, site.translations(page)
    return [Alternate(lang, config.base_path + versions[lang.code].url_path, config.base_url + versions[lang.code].url_path)
            for lang in config.languages if lang.code in versions]


def switch_targets(site: Site, page: Page) -> list[Alternate]:
    """The language switcher's links: the page in each other language (a fallback where untranslated);
    from a 404 page, the other languages' home pages."""
    config = site.config
    key = page.key if page.in_sitemap or page.fallback_from else HOME_KEY
    targets = []
    for lang in config.languages:
        other = site.page(lang.code, key)
        if lang.code != page.lang and other is not None:
            targets.append(Alternate(lang, config.base_path + other.url_path, config.base_url + other.url_path))
    return targets


def x_default_of(site: Site, page: Page) -> str:
    """The root language chooser for the home page, else the page in the first language that has it."""
    return site.config.base_url if page.key == HOME_KEY else alternates_of(site, page)[0].url


def listing_of(site: Site, lang: str) -> Page | None:
    """The language's news page, if it has published posts."""
    return next((p for p in site.pages_in(lang) if p.template in LISTING_TEMPLATES), None)


def feed_path(site: Site, lang: str) -> str | None:
    """The Atom feed's path for a language, while it has news posts of its own (not only untranslated ones)."""
    listing = listing_of(site, lang)
    if listing is None or all(post.fallback_from for post in site.children(listing)):
        return None
    return listing.url_path + FEED_FILE


def localized_data(site: Site, lang: str, address_lang: str | None = None) -> dict[str, YamlValue]:
    """Every data file with its texts in one language (missing texts fall back, marked with their lang), for pages
    at addresses of address_lang (a stand-in's: its anchors are those of its address's language)."""
    languages = list(site.config.languages)
    return {name: localize(doc.data, lang, languages, schema.DATA.get(name), address_lang)
            for name, doc in site.data.items()}


def home_page(site: Site, lang: str) -> Page:
    """The language's home page: a validated site has one in every language (the first language's is required,
    the others stand in for it where they lack their own)."""
    home = site.page(lang, HOME_KEY)
    assert home is not None, f"no home page in {lang}"
    return home


def website(site: Site, lang: str) -> dict:
    """JSON-LD describing the website itself: its name, address, description and language. Not the alliance:
    the document proposes an alliance, so presenting it as an existing organisation with members would say
    more than the content does."""
    config = site.config
    home = home_page(site, lang)
    language = next(language for language in config.languages if language.code == lang)
    return {"@context": "https://schema.org", "@type": "WebSite", "name": config.name[lang],
            "url": config.base_url + home.url_path, "description": home.description,
            "inLanguage": language.locale.replace("_", "-")}


def language_context(site: Site, lang: str, data: dict[str, YamlValue], assets: dict[str, str], csp: str | None) -> dict:
    """What every page of one language shares: computed once per language, not once per page."""
    config = site.config
    feed = feed_path(site, lang)
    return {
        "site_name": config.name[lang],
        "site_url": config.base_url,
        "footer": config.footer,
        "language": next(language for language in config.languages if language.code == lang),
        "home": config.base_path + home_page(site, lang).url_path,
        "nav": sorted((p for p in site.pages_in(lang) if p.nav is not None), key=lambda p: (p.nav, p.key)),
        "pages": {p.key: p for p in site.pages_in(lang)},
        "data": data,
        "feed": config.base_path + feed if feed else None,
        "url": lambda path: config.base_path + path,
        "asset": lambda name: config.base_path + assets[name],
        "assets": assets,
        "csp": csp,
        "locales": [language.locale for language in config.languages if language.code != lang],
    }


def page_context(site: Site, page: Page, shared: dict) -> dict:
    """Everything a page template may use: its language's shared values and its own."""
    config = site.config
    original = site.translations(page)[page.fallback_from] if page.fallback_from else page  # a stand-in's original
    return {
        **shared,
        "page": page,
        "alternates": alternates_of(site, page) if page.in_sitemap else [],
        "others": switch_targets(site, page),
        "x_default": x_default_of(site, page) if page.in_sitemap else "",
        "canonical": config.base_url + original.url_path,
        "children": site.children(page),
        "noindex": not page.in_sitemap or page.draft,
        "website": website(site, page.lang) if page.key == HOME_KEY else None,
        "ui_lang": ui_lang(page),
    }


def ui_lang(page: Page) -> Markup:
    """The lang attribute for the interface's own words (dates, labels) inside a stand-in's text, which is marked
    as the original's language while those words are in the visitor's; nothing on other pages."""
    return Markup(' lang="{}"').format(page.lang) if page.fallback_from else Markup("")
