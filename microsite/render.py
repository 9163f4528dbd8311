"""Rendering every page, the root pages, feeds and the sitemap into {output path: bytes}; no disk writes here."""
from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from markupsafe import Markup

from .config import Config
from .context import alternates_of, feed_path, language_context, listing_of, localized_data, page_context, x_default_of
from .errors import ContentError, ContentErrors
from .headers import CSP_META, headers_file
from .i18n import UiCatalog, date_formatter, number_formatter
from .markup import inline_markdown
from .model import HOME_KEY, Site

ROOT_PAGES = {"index.html": "root.html", "404.html": "root_404.html"}
RENDER_ERRORS = (jinja2.TemplateError, LookupError, TypeError, ValueError, AttributeError)


def make_environments(templates: Path, config: Config, catalogs: dict[str, UiCatalog]) -> dict[str, jinja2.Environment]:
    """Return one Jinja environment per language, with its UI strings and locale filters."""
    envs = {}
    for language in config.languages:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                 undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                                 trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.install_gettext_translations(catalogs[language.code].translations(), newstyle=True)
        env.filters.update(date=date_formatter(language), number=number_formatter(language),
                           inline_md=lambda text: Markup(inline_markdown(str(text))))
        envs[language.code] = env
    return envs


def render_site(site: Site, envs: dict[str, jinja2.Environment], assets: dict[str, str],
                csp: str | None = CSP_META) -> dict[str, bytes]:
    """Render every page, the root pages, feeds, the sitemap, robots.txt and _headers; raise ContentErrors on
    template problems. csp is None in the preview, whose live reload needs an inline script."""
    files, errors = {}, []
    data = {lang.code: localized_data(site, lang.code) for lang in site.config.languages}
    asset = _asset_lookup(site, assets)
    shared = {(lang.code, content.code): language_context(site, lang.code, data[content.code], asset, csp)
              for lang in site.config.languages for content in site.config.languages}
    for page in site.pages:
        try:
            template = envs[page.lang].get_template(f"{page.template}.html")
            files[page.output] = template.render(page_context(site, page, shared[(page.lang, page.content_lang)])).encode()
        except RENDER_ERRORS as exc:
            errors.append(_template_error(page.source, exc))
    if not errors:
        try:
            files.update(render_root(site, envs, asset, csp))
            files.update(render_feeds(site, envs))
        except RENDER_ERRORS as exc:
            errors.append(_template_error(None, exc))
    if errors:
        raise ContentErrors(list(dict.fromkeys(errors)))  # a broken shared template fails every page alike
    return files


def _asset_lookup(site: Site, assets: dict[str, str]):
    def asset(name: str) -> str:
        """The served path of a static file, fingerprinted: asset('style.css') -> /static/style.1a2b3c4d5e.css."""
        return site.config.base_path + assets[name]
    return asset


def render_root(site: Site, envs: dict[str, jinja2.Environment], asset, csp: str | None) -> dict[str, bytes]:
    """The language-neutral files: root chooser, root 404, sitemap.xml, robots.txt and _headers."""
    config = site.config
    default_env = envs[config.default_language.code]
    homes = {lang.code: site.page(lang.code, HOME_KEY) for lang in config.languages}
    files = {}
    for output, template in ROOT_PAGES.items():
        choices = [Markup(envs[lang.code].get_template(f"partials/{template}").render(
                       language=lang, home_page=homes[lang.code], home=config.base_path + homes[lang.code].url_path))
                   for lang in config.languages]
        files[output] = default_env.get_template(template).render(
            choices=choices, languages=config.languages, names=config.name, base_url=config.base_url,
            base_path=config.base_path, language=config.default_language, asset=asset, csp=csp,
            description=" / ".join(home.description for home in homes.values())).encode()
    sitemap_pages = [p for p in site.pages if p.in_sitemap]
    files["sitemap.xml"] = default_env.get_template("sitemap.xml").render(
        entries=[(config.base_url + p.url_path, alternates_of(site, p), x_default_of(site, p)) for p in sitemap_pages],
        root=config.base_url).encode()
    files["robots.txt"] = default_env.get_template("robots.txt").render(base_url=config.base_url).encode()
    files["_headers"] = headers_file(config.base_path).encode()
    return files


def render_feeds(site: Site, envs: dict[str, jinja2.Environment]) -> dict[str, bytes]:
    """An Atom feed per language that has published news; its dates come from the posts, never the clock."""
    files = {}
    for lang in site.config.languages:
        listing, path = listing_of(site, lang.code), feed_path(site, lang.code)
        if path is None:
            continue
        posts = [p for p in site.children(listing) if not p.fallback_from]
        updated = max(p.date for p in posts)
        files[path] = envs[lang.code].get_template("feed.xml").render(
            listing=listing, posts=posts, updated=updated, base_url=site.config.base_url,
            site_name=site.config.name[lang.code], language=lang).encode()
    return files


def _template_error(source: str | None, exc: Exception) -> ContentError:
    """Name the template file and line where rendering failed, or the page that asked for a missing template."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ContentError(f"templates/{exc.name}", exc.lineno, f"template error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound) and source:
        return ContentError(source, 2, f"there is no template '{exc.name}'",
                            "use one of the templates in templates/, such as template: page")
    where = _template_frame(exc)
    if where:
        return ContentError(where[0], where[1], f"template error: {exc}")
    return ContentError(source or "templates/", None, f"could not render: {exc}")


def _template_frame(exc: Exception) -> tuple[str, int] | None:
    """The innermost template file and line in the traceback (Jinja maps its frames to template lines)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if "templates" in path.parts and path.suffix != ".py":
            found = ("templates/" + path.as_posix().split("/templates/", 1)[-1], frame.lineno)
    return found
