"""The yardstick: the simplest Python pipeline over the same pages, in one process.

Read each Markdown file, split off its front matter, convert with python-markdown (one Markdown instance,
reset between pages, as its documentation advises for many documents), render one Jinja2 template, write the
page. `python bench/naive.py SITE OUT`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown
import yaml

TEMPLATE = jinja2.Template("""<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="description" content="{{ description }}"></head>
<body><main><h1>{{ title }}</h1>{{ body }}</main></body></html>
""", autoescape=True)


def build(site: Path, out: Path) -> int:
    count, converter = 0, markdown.Markdown()
    for source in sorted((site / "content").rglob("*.md")):
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        html = converter.reset().convert(body)
        relative = source.relative_to(site / "content").with_suffix("")
        target = out / relative / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(TEMPLATE.render(lang=relative.parts[0], title=meta["title"],
                                          description=meta["description"], body=jinja2.utils.markupsafe.Markup(html)),
                          encoding="utf-8")
        count += 1
    return count


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "pages")
