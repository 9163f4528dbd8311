"""Rendering every page through Jinja2 into (output path, bytes); no disk writes here."""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .config import Config, Language
from .errors import ContentError, ContentErrors
from .i18n import date_formatter, load_translations, number_formatter
from .markup import inline_markdown
from .model import HOME_KEY, Page, Site, localize

ROOT_PAGES = {"index.html": "root.html", "404.html": "root_404.html"}


@dataclass(frozen=True)
class Alternate:
    """A version of the current page in one language."""

    language: Language
    path: str
    url: str


def make_environments(templates: Path, i18n: Path, config: Config, shown_root: Path) -> dict[str, jinja2.Environment]:
    """Return one Jinja environment per language, with its UI strings and locale filters."""
    envs, errors = {}, []
    for language in config.languages:
        try:
            translations = load_translations(i18n, language, shown_root)
        except ContentErrors as exc:
            errors += exc.errors
            continue
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                 undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"],
                                 trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.install_gettext_translations(translations, newstyle=True)
        env.filters.update(date=date_formatter(language), number=number_formatter(language),
                           inline_md=lambda text: Markup(inline_markdown(str(text))))
        envs[language.code] = env
    if errors:
        raise ContentErrors(errors)
    return envs


def render_site(site: Site, envs: dict[str, jinja2.Environment]) -> dict[str, bytes]:
    """Render every page, the root pages, the sitemap and robots.txt; raise ContentErrors on template problems."""
    files, errors = {}, []
    for page in site.pages:
        try:
            files[page.output] = render_page(site, page, envs[page.lang]).encode()
        except (jinja2.TemplateError, LookupError, TypeError, ValueError) as exc:
            errors.append(_template_error(page.source, exc))
    if not errors:
        try:
            files.update(render_root(site, envs))
        except (jinja2.TemplateError, LookupError, TypeError, ValueError) as exc:
            errors.append(_template_error(None, exc))
    if errors:
        raise ContentErrors(list(dict.fromkeys(errors)))  # a broken shared template fails every page alike
    return files


def render_page(site: Site, page: Page, env: jinja2.Environment) -> str:
    """Return the HTML of one page."""
    template = env.get_template(f"{page.template}.html")
    return template.render(page_context(site, page), page=page)


def page_context(site: Site, page: Page) -> dict:
    """Everything a page template may use, decided here rather than in templates."""
    config = site.config
    codes = frozenset(lang.code for lang in config.languages)
    alternates = alternates_of(site, page)
    language = next(lang for lang in config.languages if lang.code == page.lang)
    return {
        "site_name": config.name[page.lang],
        "language": language,
        "alternates": alternates,
        "others": switch_targets(site, page, alternates),
        "x_default": x_default_of(site, page),
        "canonical": config.base_url + page.url_path,
        "home": config.base_path + f"{page.lang}/",
        "nav": sorted((p for p in site.pages_in(page.lang) if p.nav is not None), key=lambda p: p.nav),
        "pages": {p.key: p for p in site.pages_in(page.lang)},
        "data": {name: localize(doc.data, page.lang, codes) for name, doc in site.data.items()},
        "url": lambda path: config.base_path + path,
        "noindex": not page.in_sitemap,
    }


def alternates_of(site: Site, page: Page) -> list[Alternate]:
    """Return the page in each language that has it, in the configured order."""
    config, versions = site.config, site.translations(page)
    return [Alternate(lang, config.base_path + versions[lang.code].url_path, config.base_url + versions[lang.code].url_path)
            for lang in config.languages if lang.code in versions]


def switch_targets(site: Site, page: Page, alternates: list[Alternate]) -> list[Alternate]:
    """The language switcher's links: the same page in the other languages; from a 404 page, their home pages."""
    if page.in_sitemap:
        return [a for a in alternates if a.language.code != page.lang]
    others = [lang for lang in site.config.languages if lang.code != page.lang]
    return [Alternate(lang, site.config.base_path + f"{lang.code}/", site.config.base_url + f"{lang.code}/") for lang in others]


def x_default_of(site: Site, page: Page) -> str:
    """The root language chooser for the home page, else the page in the first language that has it."""
    return site.config.base_url if page.key == HOME_KEY else alternates_of(site, page)[0].url


def render_root(site: Site, envs: dict[str, jinja2.Environment]) -> dict[str, bytes]:
    """The language-neutral files: root chooser, root 404, sitemap.xml and robots.txt."""
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
            base_path=config.base_path, language=config.default_language,
            description=" / ".join(home.description for home in homes.values())).encode()
    sitemap_pages = [p for p in site.pages if p.in_sitemap]
    files["sitemap.xml"] = default_env.get_template("sitemap.xml").render(
        entries=[(config.base_url + p.url_path, alternates_of(site, p), x_default_of(site, p)) for p in sitemap_pages],
        root=config.base_url).encode()
    files["robots.txt"] = default_env.get_template("robots.txt").render(base_url=config.base_url).encode()
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
