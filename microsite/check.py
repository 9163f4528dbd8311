"""`python build.py check`: build into a temporary folder and verify what a visitor and a crawler would meet."""
from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .built import BuiltFiles, check_alternates, check_links, check_scripts, check_sitemap, check_well_formed
from .errors import ContentError
from .lock import private_folder
from .messages import N_, Number, ngettext_
from .pipeline import Options, build

TIMEOUT_SECONDS = 10


def check_site(root: Path, base_url: str | None, external: bool = False) -> int:
    """Build, check the output on disk, print one line per problem; 0 if none."""
    with private_folder("kasvu-check-") as folder:
        result = build(Options(root, folder / "site", base_url))
        assert result.site is not None, "a full build's result holds its site"
        built = BuiltFiles.from_folder(folder / "site", result.site.config.base_url)
        problems = check_output(built)
        if external:
            problems += check_external(built)
    for problem in problems:
        print(problem, file=sys.stderr)
    pages = len(built.html_paths())
    print(ngettext_("Checked {count} page; problems found: {problems}.",
                    "Checked {count} pages; problems found: {problems}.", pages, problems=Number(len(problems))),
          file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


def check_output(built: BuiltFiles) -> list[ContentError]:
    """Scripts (there are none), internal links and anchors, hreflang pairs and their languages, the sitemap,
    well-formed HTML."""
    return (check_scripts(built) + check_links(built) + check_alternates(built) + check_sitemap(built) +
            check_well_formed(built))


def check_external(built: BuiltFiles) -> list[ContentError]:
    """Each external http(s) link answers (HEAD, then GET); only with --external, since it needs the network."""
    problems, seen = [], {}
    for source in built.html_paths():
        for line, url in built.parsed(source).links:
            if urlsplit(url).scheme not in ("http", "https") or url.startswith(built.base_url):
                continue
            if url not in seen:
                seen[url] = _fetch_problem(url)
            if seen[url]:
                problems.append(ContentError(source, line, N_("external link {url} fails: {error}"),
                                             values=(("url", url), ("error", seen[url]))))
    return problems


def _fetch_problem(url: str) -> str | None:
    for method in ("HEAD", "GET"):
        try:
            request = urllib.request.Request(url, method=method, headers={"User-Agent": "kasvu-site-check"})
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):
                return None
        except urllib.error.HTTPError as exc:
            if method == "GET" or exc.code not in (405, 403):
                return f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            return str(getattr(exc, "reason", exc))
    return None
