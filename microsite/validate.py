"""Whole-site checks that need every page and data file at once."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from . import schema
from .errors import ContentError
from .messages import N_
from .i18n import UiCatalog
from .load import YamlDoc
from .markup import forbidden_html
from .model import HOME_KEY, NOT_FOUND_KEY, Site
from .statement import STATEMENT, consistency_problems, unset_facts
from .translation import stale_review, translation_status

REQUIRED_PAGES = (HOME_KEY, NOT_FOUND_KEY, "accessibility")


@dataclass
class Report:
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)


def validate_site(site: Site, catalogs: dict[str, UiCatalog], strict: bool = False,
                  today: datetime.date | None = None, expected: set[str] | None = None,
                  publish: bool = False) -> Report:
    """Return every error and warning; with strict, every missing or outdated translation is an error; with
    publish, so is every gap that a published site must not have."""
    report = Report(check_required_pages(site) + check_unique_urls(site) + footer_without_statement(site),
                    footer_pages_missing(site))
    for status in translation_status(site, catalogs, expected).values():
        (report.errors if strict else report.warnings).extend(status.all())
    if publish:
        report.errors += publishing_gaps(site)
    report.warnings += find_warnings(site, today or datetime.date.today(), publish)
    failing = {error.path for error in report.errors}
    report.warnings = [warning for warning in report.warnings if warning.path not in failing]
    return report


def check_required_pages(site: Site) -> list[ContentError]:
    errors = []
    first = site.config.default_language.code
    for key in REQUIRED_PAGES:
        page = site.page(first, key)
        if page is None or page.fallback_from:
            errors.append(ContentError(f"content/{first}/{key}.md", None, N_("the page is missing"),
                                       N_("every site needs {file} in its first language"), (("file", f"{key}.md"),)))
    return errors


def footer_without_statement(site: Site) -> list[ContentError]:
    """The law wants the accessibility statement one step from every page: footer: in site.yaml must list it."""
    config = site.config
    if STATEMENT in config.footer:
        return []
    return [ContentError(config.path, config.footer_line, N_("the footer does not link to the accessibility statement"),
                         N_("the law wants it on every page: add {key} to footer"), (("key", STATEMENT),))]


def footer_pages_missing(site: Site) -> list[ContentError]:
    """Warnings for the pages footer: lists that do not exist (a page deleted, a typo): the footer skips them."""
    config, first = site.config, site.config.default_language.code
    keys = sorted(key for key in site.link_targets.get(first, {}) if key != NOT_FOUND_KEY)  # an empty listing too
    warnings = []
    for key in config.footer:
        if key not in keys:
            hint, values = schema.did_you_mean(key, keys, N_("the pages are {words}"))
            problem = N_("the footer lists '{key}', which is no page")
            warnings.append(ContentError(config.path, config.footer_line, problem, hint, (("key", key), *values)))
    return warnings


def check_unique_urls(site: Site) -> list[ContentError]:
    errors: list[ContentError] = []
    seen: dict[str, str] = {}  # url path: the source of the first page there
    for page in site.pages:
        if page.fallback_from and page.url_path in seen:
            continue  # the originals' clash is reported; their stand-ins follow from it
        if page.url_path in seen:
            errors.append(ContentError(page.source, None, N_("the address {address} is also used by {other}"),
                                       N_("give one of them another slug"),
                                       (("address", f"/{page.url_path}"), ("other", seen[page.url_path]))))
        seen.setdefault(page.url_path, page.source)
    return errors


def check_data(data: dict[str, YamlDoc], languages) -> list[ContentError]:
    """Every data file matches the schema of its kind; texts missing in a language are left to the status."""
    errors = []
    for name, doc in sorted(data.items()):
        if name not in schema.DATA:
            hint, values = schema.did_you_mean(name, schema.DATA, N_("known files: {words}"))
            errors.append(ContentError(doc.path, None, N_("unknown data file '{name}.yaml'"), hint,
                                       (("name", name), *values)))
            continue
        findings = schema.Findings()
        schema.check(doc, schema.DATA[name], list(languages), findings)
        errors += findings.errors + check_scripts(doc)
        if name == STATEMENT and not findings.errors:
            errors += consistency_problems(doc)
    return errors


def check_scripts(doc: YamlDoc) -> list[ContentError]:
    """Texts in data files are Markdown too: the same ban on scripts as in pages."""
    errors = []
    for keys, value in _strings(doc.data, ()):
        errors += forbidden_html(value, doc.path, doc.line_of(*keys))
    return errors


def _strings(value, keys: tuple):
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, keys + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, keys + (index,))


def find_warnings(site: Site, today: datetime.date, publish: bool = False) -> list[ContentError]:
    """What the site should not be published without (unless publishing, where it is an error instead), and a
    statement that is due for review."""
    review = stale_review(site, today)
    return ([] if publish else publishing_gaps(site)) + ([review] if review else [])


def publishing_gaps(site: Site) -> list[ContentError]:
    """What a published site must have: the facts its accessibility statement is required to give, and its
    real address. Warnings while editing; errors in the build that publishes (--publish)."""
    gaps = [gap for gap in [unset_facts(site)] if gap]
    if (urlsplit(site.config.base_url).hostname or "").endswith(".example"):
        gaps.append(ContentError(site.config.path, None, N_("base_url {url} is a placeholder"),
                                 N_("set the real address or build with --base-url"),
                                 (("url", site.config.base_url),)))
    return gaps
