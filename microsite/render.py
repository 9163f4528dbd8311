"""Rendering every page, the root pages, feeds and the sitemap into {output path: bytes}; no disk writes here."""
from __future__ import annotations

import os
import tempfile
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
import jinja2.sandbox
import markupsafe
from markupsafe import Markup

from .config import Config
from .sealed import seal, unseal
from .hashing import digest
from .context import (alternates_of, feed_path, home_page, language_context, listing_of, localized_data, page_context,
                      x_default_of)
from .errors import ContentError, ContentErrors
from .headers import CSP_META, headers_file
from .incremental import Recorder, RenderRecord, page_inputs, render_key, shared_digest, template_digests
from .i18n import UiCatalog, date_formatter, number_formatter
from .markup import inline_markdown
from .messages import N_
from .model import Page, Site
from .parallel import iter_jobs

# The root pages, each a template and the partial that offers one language's version of it.
ROOT_PAGES = {"index.html": ("root.html", "partials/root_choice.html"),
              "404.html": ("root_404.html", "partials/root_404_choice.html")}
RENDER_ERRORS = (jinja2.TemplateError, LookupError, TypeError, ValueError, AttributeError)
TEMPLATE_ERROR = N_("template error: {error}")  # Jinja's own words (in English) are the error


class TextWatchingEnvironment(jinja2.sandbox.SandboxedEnvironment):
    """A sandboxed Jinja environment that notes, while texts_read is a set, which pages' texts (body_html) a
    template shows: a page that shows another's text must be made again when that text changes.

    Sandboxed: a template reaches no Python beyond the values and functions it is given, so whoever edits the
    templates (they are markup) cannot run a command or read a file of the machine through them."""

    texts_read: set | None = None
    install_gettext_translations: Callable[..., None]  # set on each environment by the jinja2.ext.i18n extension

    def getattr(self, obj, attribute):
        if attribute == "body_html":  # tested here: every attribute a template reads passes this way
            self._note(obj)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if argument == "body_html":
            self._note(obj)
        return super().getitem(obj, argument)

    def _note(self, obj) -> None:
        if self.texts_read is not None and isinstance(obj, Page):
            self.texts_read.add((obj.lang, obj.key))

    def render_watching(self, name: str, page: Page, context: dict) -> tuple[str, frozenset]:
        """Render the template for page; return the text and the other pages whose texts it showed."""
        self.texts_read = set()
        try:
            html = self.get_template(name).render(context)
            return html, frozenset(self.texts_read - {(page.lang, page.key)})
        finally:
            self.texts_read = None


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so each template compiles once for all the languages' environments."""

    def __init__(self, store: dict[str, bytes] | None = None):
        self.store: dict[str, bytes] = {} if store is None else store

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class SealedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in a folder between builds, each file sealed (see sealed.py): Jinja's own
    FileSystemBytecodeCache would run whatever code a planted file holds."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load_bytecode(self, bucket) -> None:
        try:
            data = unseal((self.folder / bucket.key).read_bytes())
        except OSError:
            return
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        """Keep the compiled template if the folder has room; if not (a full disk), the next build compiles it
        again, as it would without a cache: a cache that cannot be written never fails a build."""
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=bucket.key + ".", suffix=".tmp", dir=self.folder)
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(seal(bucket.bytecode_to_string()))
            os.replace(temporary, self.folder / bucket.key)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def make_environments(templates: Path, config: Config, catalogs: dict[str, UiCatalog],
                      compiled: Path | dict | None = None) -> dict[str, TextWatchingEnvironment]:
    """Return one Jinja environment per language, with its UI strings and locale filters.

    They share compiled templates: in memory (in the dict `compiled`, if given, to keep them across builds), or
    in the folder `compiled`, kept by the build cache. Either way a changed template is compiled again.
    """
    bytecode: jinja2.BytecodeCache
    if isinstance(compiled, Path):
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = SealedBytecode(compiled)
    else:
        bytecode = SharedBytecode(compiled)
    envs: dict[str, TextWatchingEnvironment] = {}
    for language in config.languages:
        env = TextWatchingEnvironment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                                      bytecode_cache=bytecode, undefined=jinja2.StrictUndefined,
                                      extensions=["jinja2.ext.i18n"],
                                      auto_reload=False,  # changed templates get new environments: no stat each time
                                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.install_gettext_translations(catalogs[language.code].translations(), newstyle=True)
        env.filters.update(date=date_formatter(language), number=number_formatter(language),
                           inline_md=lambda text: Markup(inline_markdown(str(text))))
        envs[language.code] = env
    return envs


@dataclass
class Rendered:
    """Files written now, pages kept unchanged from the previous build, and how each page was made."""

    written: list[str] = field(default_factory=list)
    reused: dict[str, str] = field(default_factory=dict)
    records: dict[str, RenderRecord] = field(default_factory=dict)


def render_site(site: Site, envs: dict[str, TextWatchingEnvironment], assets: dict[str, str], store, keep,
                csp: str | None = CSP_META, previous: Mapping[str, RenderRecord] | None = None,
                intact=lambda output: False, templates: Path | None = None,
                ui_digests: dict[str, str] | None = None) -> Rendered:
    """Render every page, the root pages, feeds, the sitemap, robots.txt and _headers; raise ContentErrors on
    template problems. csp is None in the preview, whose live reload needs an inline script.

    Each file is handed as it is made to store(path, bytes), which runs where it was rendered (in a worker
    process, for most pages) and writes it; what store returns is passed to keep(path, kept) in this process.
    So pages travel neither between processes nor all at once in memory.

    With `previous` (render records of an earlier build), each page gets a key over its inputs, and a page whose
    key is unchanged and whose old output is `intact` is not rendered again; without it nothing is tracked.
    """
    config, rendered, errors = site.config, Rendered(), []
    addresses = [(lang.code, content.code) for lang in config.languages for content in config.languages]
    data = {(lang, content): localized_data(site, content, lang) for lang, content in addresses}
    shared = {(lang, content): language_context(site, lang, data[(lang, content)], assets, csp)
              for lang, content in addresses}
    keys = _Keys(site, data, shared, templates, envs, ui_digests) if previous is not None else None
    todo = []  # (page, base key); contexts are made again where each page renders, rather than all kept
    for page in site.pages:
        base = keys.base(page, page_context(site, page, shared[(page.lang, page.content_lang)])) if keys else ""
        old = (previous or {}).get(page.output)
        if keys and old and intact(page.output) and old.key == keys.key(page, base, old):
            rendered.reused[page.output], rendered.records[page.output] = old.output, old
        else:
            todo.append((page, base))

    def render_one(index: int):
        page, base = todo[index]
        context = page_context(site, page, shared[(page.lang, page.content_lang)])
        try:
            pages, data_used = Recorder(context["pages"]), Recorder(context["data"])
            text, texts = envs[page.lang].render_watching(f"{page.template}.html", page,
                                                          {**context, "pages": pages, "data": data_used})
            html = text.encode()
        except RENDER_ERRORS as exc:
            return None, template_error(page.source, exc)
        used = RenderRecord("", frozenset(pages.used), frozenset(data_used.used), "", texts)
        record = replace(used, key=keys.key(page, base, used), output=digest(html)) if keys else None
        return (store(page.output, html), record), None

    _compile_templates(envs, {page.template for page, *_ in todo})
    for (page, *_), (result, error) in zip(todo, iter_jobs(render_one, len(todo))):
        if error:
            errors.append(error)
            continue
        if not errors:  # once something failed, the build will stop: nothing more to keep
            keep(page.output, result[0])
            rendered.written.append(page.output)
        if result[1]:
            rendered.records[page.output] = result[1]
    if not errors:
        try:
            for path, content in {**render_root(site, envs, shared, csp), **render_feeds(site, envs)}.items():
                keep(path, store(path, content))
                rendered.written.append(path)
        except RENDER_ERRORS as exc:
            errors.append(template_error(None, exc))
    if errors:
        raise ContentErrors(list(dict.fromkeys(errors)))  # a broken shared template fails every page alike
    return rendered


class _Keys:
    """Render keys for one build: the digests every page's key is made of, computed once."""

    def __init__(self, site: Site, data: dict, shared: dict, templates: Path | None, envs, ui_digests):
        self.site = site
        self.data = {code: {name: digest(value) for name, value in values.items()} for code, values in data.items()}
        self.shared = {address: digest(shared_digest(values), (ui_digests or {}).get(address[0]))
                       for address, values in shared.items()}
        self.pages = {address: values["pages"] for address, values in shared.items()}
        default = site.config.default_language.code
        self.templates = template_digests(templates, envs[default]) if templates else {}

    def base(self, page, context: dict) -> str:
        address = (page.lang, page.content_lang)
        return page_inputs(page, context, self.templates.get(f"{page.template}.html", ""), self.shared[address])

    def key(self, page, base: str, record: RenderRecord) -> str:
        texts = tuple((lang, key, digest(shown.body_html) if (shown := self.site.page(lang, key)) else None)
                      for lang, key in sorted(record.texts_used))
        return render_key(base, self.pages[(page.lang, page.content_lang)], self.data[(page.lang, page.content_lang)],
                          record.pages_used, record.data_used, texts)


def _compile_templates(envs: Mapping[str, jinja2.Environment], names: set[str]) -> None:
    """Compile templates once here, before worker processes fork, rather than once in each worker."""
    for env in envs.values():
        for name in sorted(names):
            try:
                env.get_template(f"{name}.html")
            except jinja2.TemplateError:
                pass  # reported with the page that uses it, when it renders


def render_root(site: Site, envs: Mapping[str, jinja2.Environment], shared: dict, csp: str | None) -> dict[str, bytes]:
    """The language-neutral files: root chooser, root 404, sitemap.xml, robots.txt and _headers."""
    config = site.config
    default_env = envs[config.default_language.code]
    files = render_choosers(site, envs, shared[(config.default_language.code,) * 2]["asset"], csp)
    sitemap_pages = [p for p in site.pages if p.in_sitemap]
    files["sitemap.xml"] = default_env.get_template("sitemap.xml").render(
        entries=[(config.base_url + p.url_path, alternates_of(site, p), x_default_of(site, p)) for p in sitemap_pages],
        root=config.base_url).encode()
    files["robots.txt"] = default_env.get_template("robots.txt").render(base_url=config.base_url).encode()
    files["_headers"] = headers_file(config.base_path).encode()
    return files


def render_choosers(site: Site, envs: Mapping[str, jinja2.Environment], asset, csp: str | None) -> dict[str, bytes]:
    """The root language chooser and root 404 page, which show each language's home page."""
    config = site.config
    default_env = envs[config.default_language.code]
    homes = {lang.code: home_page(site, lang.code) for lang in config.languages}
    in_each: dict[str, list[Markup]] = {"skips": [], "footers": []}  # the skip link and the footer, in every language
    for lang in config.languages:
        env, statement = envs[lang.code], site.page(lang.code, "accessibility")
        in_each["skips"].append(Markup(env.get_template("partials/root_skip.html").render(language=lang).strip()))
        in_each["footers"].append(Markup(env.get_template("partials/root_footer.html").render(
            language=lang, site_name=config.name[lang.code],
            accessibility=statement and config.base_path + statement.url_path,
            accessibility_title=statement and statement.nav_title)))
    files = {}
    for output, (template, choice) in ROOT_PAGES.items():
        choices = [Markup(envs[lang.code].get_template(choice).render(
                       language=lang, home_page=homes[lang.code], home=config.base_path + homes[lang.code].url_path))
                   for lang in config.languages]
        files[output] = default_env.get_template(template).render(
            **in_each, choices=choices, languages=config.languages, names=config.name, base_url=config.base_url,
            base_path=config.base_path, language=config.default_language, asset=asset, csp=csp,
            description=" / ".join(home.description for home in homes.values())).encode()
    return files


def render_feeds(site: Site, envs: Mapping[str, jinja2.Environment]) -> dict[str, bytes]:
    """An Atom feed per language that has published news; its dates come from the posts, never the clock."""
    files = {}
    for lang in site.config.languages:
        listing, path = listing_of(site, lang.code), feed_path(site, lang.code)
        if listing is None or path is None:  # no path without a listing
            continue
        posts = [p for p in site.children(listing) if not p.fallback_from]
        updated = max(p.date for p in posts if p.date)  # every post has one (see model_site)
        files[path] = envs[lang.code].get_template("feed.xml").render(
            listing=listing, posts=posts, updated=updated, base_url=site.config.base_url,
            site_name=site.config.name[lang.code], language=lang).encode()
    return files


def template_error(source: str | None, exc: Exception) -> ContentError:
    """Name the template file and line where rendering failed, or the page that asked for a missing template.

    An error raised by code a template calls (a filter of ours, Markdown, Babel) is not the template's fault:
    it is raised again, for the command line to report as a bug in the tool.
    """
    if not isinstance(exc, jinja2.TemplateError) and not _raised_by_template(exc):
        raise exc
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return ContentError(f"templates/{exc.name}", exc.lineno, TEMPLATE_ERROR, values=(("error", exc.message),))
    where = _template_frame(exc)
    if where:
        return ContentError(where[0], where[1], TEMPLATE_ERROR, values=(("error", str(exc)),))
    if isinstance(exc, jinja2.TemplateNotFound) and source:  # the page's own template (see model_site)
        return ContentError(source, None, N_("there is no template '{name}'"),
                            N_("use one of the templates in templates/, such as template: page"), (("name", exc.name),))
    return ContentError(source or "templates/", None, N_("could not render: {error}"), values=(("error", str(exc)),))


def _raised_by_template(exc: Exception) -> bool:
    """True if the innermost frame is a template's own code or Jinja's (its filters and tests)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    path = Path(frames[-1].filename)
    return _is_template(path) or any(Path(str(package.__file__)).parent in path.parents
                                     for package in (jinja2, markupsafe))


def _is_template(path: Path) -> bool:
    return "templates" in path.parts and path.suffix != ".py"


def _template_frame(exc: Exception) -> tuple[str, int | None] | None:
    """The innermost template file and line in the traceback (Jinja maps its frames to template lines)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if _is_template(path):
            found = ("templates/" + path.as_posix().split("/templates/", 1)[-1], frame.lineno)
    return found
