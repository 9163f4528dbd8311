"""Tiny sites for tests: `make_site(tmp_path, files={...})` writes one, `load_site(root)` models it,
`run_cli(monkeypatch, capsys, root, *args)` runs the command line on it.

pytest's default "prepend" import mode puts tests/ on sys.path, so test modules use
`from sitekit import make_site`.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from microsite import cli, messages
from microsite.config import load_config
from microsite.errors import ContentErrors
from microsite.load import load_sources
from microsite.model import Site, build_site, content_hash

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
base_url: https://example.org/
name:
  fi: Testisivusto
  en: Test site
languages:
  - code: fi
    locale: fi_FI
    name: Suomi
  - code: en
    locale: en_GB
    name: English
"""

PAGE_HTML = """\
<!DOCTYPE html>
<html lang="{{ language.code }}">
<head>
<title>{{ page.title }} – {{ site_name }}</title>
<meta name="description" content="{{ page.description }}">
{% if not noindex %}
<link rel="canonical" href="{{ canonical }}">
{% for alternate in alternates %}
<link rel="alternate" hreflang="{{ alternate.language.code }}" href="{{ alternate.url }}">
{% endfor %}
{% endif %}
{% if feed %}
<link rel="alternate" type="application/atom+xml" href="{{ feed }}">
{% endif %}
<link rel="stylesheet" href="{{ asset('style.css') }}">
</head>
<body>
<a class="skip-link" href="#main">{{ _("Skip to main content") }}</a>
<nav class="lang-switch">
{% for alternate in others %}
<a href="{{ alternate.path }}" hreflang="{{ alternate.language.code }}">{{ alternate.language.name }}</a>
{% endfor %}
</nav>
<nav class="site-nav">
{% for item in nav %}
<a href="{{ url(item.url_path) }}">{{ item.nav_title }}</a>
{% endfor %}
</nav>
<main id="main">
{% if page.fallback_from %}<p class="notice">{{ _("Not translated yet") }}</p><div lang="{{ page.fallback_from }}">{% endif %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.body_html|safe }}{% endblock %}
{% if page.fallback_from %}</div>{% endif %}
</main>
</body>
</html>
"""

NEWS_INDEX_HTML = """\
{% extends "page.html" %}
{% block main %}<h1>{{ page.title }}</h1>{{ page.body_html|safe }}
<ul class="posts">
{% for post in children %}
<li><a href="{{ url(post.url_path) }}">{{ post.title }}</a> <time datetime="{{ post.date.isoformat() }}">{{ post.date|date }}</time></li>
{% endfor %}
</ul>
{% endblock %}
"""

NEWS_HTML = """\
{% extends "page.html" %}
{% block main %}<article><h1>{{ page.title }}</h1><time datetime="{{ page.date.isoformat() }}">{{ page.date|date }}</time>
{{ page.body_html|safe }}</article>{% endblock %}
"""

FEED_XML = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ language.code }}">
<title>{{ listing.title }} – {{ site_name }}</title>
<id>{{ base_url }}{{ listing.url_path }}</id>
<updated>{{ updated.isoformat() }}T00:00:00Z</updated>
{% for post in posts %}
<entry><title>{{ post.title }}</title><id>{{ base_url }}{{ post.url_path }}</id>
<link rel="alternate" href="{{ base_url }}{{ post.url_path }}"/><updated>{{ post.date.isoformat() }}T00:00:00Z</updated></entry>
{% endfor %}
</feed>
"""

ROOT_HTML = """\
<!DOCTYPE html>
<html lang="{{ language.code }}">
<head><title>{{ names.values()|join(" · ") }}</title></head>
<body><ul class="choices">
{% for choice in choices %}
{{ choice }}
{% endfor %}
</ul></body>
</html>
"""

CHOICE_HTML = """\
<li lang="{{ language.code }}"><a href="{{ home }}">{{ _("Go to the front page") }}</a></li>
"""

PO_HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

"""

FI_PO = PO_HEADER + """\
msgid "Skip to main content"
msgstr "Siirry pääsisältöön"

msgid "Go to the front page"
msgstr "Siirry etusivulle"

msgid "Not translated yet"
msgstr "Ei vielä käännetty"
"""

EN_PO = PO_HEADER + """\
msgid "Skip to main content"
msgstr "Skip to main content"

msgid "Go to the front page"
msgstr "Go to the front page"

msgid "Not translated yet"
msgstr "Not translated yet"
"""

SITEMAP_XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{% for loc, alternates, x_default in entries %}
<url><loc>{{ loc }}</loc></url>
{% endfor %}
</urlset>
"""


def page_md(title: str, body: str = "Text.", **meta: object) -> str:
    """Return a Markdown page with front matter: title, a description, then meta in order."""
    lines = ["---", f"title: {title}", f"description: About {title}."]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "\n".join(lines + ["---", body, ""])


def stamp_for(source_page: str) -> str:
    """The `translated_from` value (quoted) marking a translation as made from this text of its source page,
    as `python build.py status --mark` would write it."""
    _, front_matter, body = source_page.split("---\n", 2)
    return json.dumps(content_hash(yaml.safe_load(front_matter), body))


FI_INDEX = page_md("Etusivu", "Tervetuloa.")
FI_404 = page_md("Sivua ei löytynyt", "Sivua ei ole.")
FI_ACCESSIBILITY = page_md("Saavutettavuus", "Seloste.", slug="saavutettavuus")


def default_files() -> dict[str, str]:
    """The files of the smallest valid site: two languages, a home, a 404 page and an accessibility
    statement in each (the three pages every site needs), the English ones stamped as current translations."""
    return {
        "content/site.yaml": SITE_YAML,
        "content/fi/index.md": FI_INDEX,
        "content/fi/404.md": FI_404,
        "content/fi/accessibility.md": FI_ACCESSIBILITY,
        "content/en/index.md": page_md("Home", "Welcome.", translated_from=stamp_for(FI_INDEX)),
        "content/en/404.md": page_md("Page not found", "There is no such page.", translated_from=stamp_for(FI_404)),
        "content/en/accessibility.md": page_md("Accessibility", "Statement.", slug="accessibility",
                                               translated_from=stamp_for(FI_ACCESSIBILITY)),
        "templates/page.html": PAGE_HTML,
        "templates/news_index.html": NEWS_INDEX_HTML,
        "templates/news.html": NEWS_HTML,
        "templates/feed.xml": FEED_XML,
        "templates/root.html": ROOT_HTML,
        "templates/root_404.html": ROOT_HTML,
        "templates/partials/root_choice.html": CHOICE_HTML,
        "templates/partials/root_404_choice.html": CHOICE_HTML,
        "templates/partials/root_skip.html": "<span lang=\"{{ language.code }}\">Skip</span>",
        "templates/partials/root_footer.html": "<li>{{ site_name }}: {{ accessibility }}</li>",
        "templates/sitemap.xml": SITEMAP_XML,
        "templates/robots.txt": "Sitemap: {{ base_url }}sitemap.xml\n",
        "templates/static/style.css": "body { margin: 0; }\n",
        "i18n/fi/LC_MESSAGES/messages.po": FI_PO,
        "i18n/en/LC_MESSAGES/messages.po": EN_PO,
    }


def make_site(tmp_path: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write a minimal valid site under tmp_path/site and return its root.

    `files` maps paths relative to the root to text or bytes (added or replacing a default
    file), or to None (the default file is left out). Templates and catalogs are the kit's own,
    so tests do not change when the real site's do.
    """
    root = tmp_path / "site"
    merged: dict[str, str | bytes | None] = {**default_files(), **(files or {})}
    for relative, content in merged.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def load_site(root: Path, base_url: str | None = None, drafts: bool = False) -> Site:
    """Read and model the site under root (the pipeline before validation)."""
    config = load_config(root / "content" / "site.yaml")
    if base_url:
        config = config.with_base_url(base_url)
    sources = load_sources(root / "content", [lang.code for lang in config.languages], root)
    return build_site(config, sources, drafts=drafts)


def run_cli(monkeypatch, capsys, root: Path, *args: str) -> tuple[int, str, str]:
    """Run the command line on the site at root; return (exit code, stdout, stderr)."""
    monkeypatch.setattr(cli, "ROOT", root)
    monkeypatch.setitem(messages._current, "language", messages.current())  # the command's choice ends with the test
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_lines(excinfo) -> list[str]:
    """Return the one-line forms of the errors in a pytest.raises(ContentErrors) result."""
    assert isinstance(excinfo.value, ContentErrors)
    return [str(error) for error in excinfo.value.errors]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file under folder by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
