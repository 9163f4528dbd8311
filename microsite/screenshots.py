"""Screenshots for the review's web page: each changed page before and after, at a phone's and a desktop's width,
the places whose words changed outlined. Needs Playwright and a Chromium (CHROMIUM, else /usr/bin/chromium)."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from .messages import N_, _
from .review import Review
from .sitediff import PageChange

WIDTHS = (360, 1280)
HEIGHT = 800
MOST_PAGES = 12  # a review of a hundred changed pages shows the first ones; the tables still list them all
# Each change comes as candidates, the most precise first (its words with their context, then alone): the first
# that some element holds is outlined, so a word that also appears elsewhere is outlined only where it changed.
HIGHLIGHT_JS = """changes => {
  const blocks = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6,p,li,dt,dd,td,th,figcaption,blockquote,a')];
  const norm = s => s.replace(/\\s+/g, ' ').trim();
  for (const candidates of changes) {
    for (const phrase of candidates) {
      const hits = blocks.filter(el => norm(el.textContent).includes(phrase));
      const deepest = hits.filter(el => !hits.some(other => other !== el && el.contains(other)));
      for (const el of deepest) { el.style.outline = '4px solid #c800a1'; el.style.outlineOffset = '2px'; }
      if (deepest.length) break;
    }
  }
}"""


def take_screenshots(review: Review, folder: Path) -> tuple[dict[str, list[dict]], str]:
    """Screenshots of the changed pages into folder/shots/; (by page file: the pairs, a problem or '')."""
    missing = _missing()
    if missing:
        return {}, missing
    changes = [change for diff in (review.diff.languages if review.diff else ()) for change in diff.changed]
    (folder / "shots").mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import Error as BrowserError, sync_playwright
    found: dict[str, list[dict]] = {}
    try:
        with serve(review.old.folder, review.old.base_path) as old_url, \
                serve(review.new.folder, review.new.base_path) as new_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium()), headless=True)
            try:
                for number, change in enumerate(changes[:MOST_PAGES], 1):
                    found[change.page.output] = _shoot_page(browser, change, number, folder, old_url, new_url)
            finally:
                browser.close()
    except BrowserError as exc:  # a browser that does not start or a page that does not load: the report stays
        return found, _("no screenshots: the browser failed ({error})", error=str(exc).strip().splitlines()[0])
    return found, ""


def _shoot_page(browser, change: PageChange, number: int, folder: Path, old_url: str, new_url: str) -> list[dict]:
    pairs = []
    removed = [found for w in change.words for found in _candidates(w, "removed")]
    added = [found for w in change.words for found in _candidates(w, "added")]
    if change.title:
        removed, added = removed + [[change.title[0]]], added + [[change.title[1]]]
    for width in WIDTHS:
        shot = {}
        for side, base, phrases, label in (("before", old_url, removed, N_("Before, {width} px wide")),
                                           ("after", new_url, added, N_("After, {width} px wide"))):
            address = base + (change.old_url if side == "before" else change.page.url_path)
            name = f"shots/{number}-{side}-{width}.png"
            _shoot(browser, address, width, phrases, folder / name)
            shot[side], shot[side + "_alt"] = name, _(label, width=width)
        pairs.append(shot)
    return pairs


def _candidates(change, side: str) -> list[list[str]]:
    """Where on the page each of one side's changed parts is, the most precise first: the part with two words of
    its context on either side, on one side, then alone."""
    kept = [(kind, text.split()) for kind, text in change.parts if kind in ("same", side)]
    found = []
    for index, (kind, words) in enumerate(kept):
        if kind != side:
            continue
        start = kept[index - 1][1][-2:] if index > 0 else []
        end = kept[index + 1][1][:2] if index + 1 < len(kept) else []
        found.append([" ".join(parts) for parts in (start + words + end, start + words, words + end, words)])
    return found


def _shoot(browser, address: str, width: int, phrases: list[list[str]], path: Path) -> None:
    # The pull request's pages run no script of their own (page.evaluate still runs ours), register no service
    # worker, and load nothing but from the one site being shot: not another port, not a WebSocket.
    origin = urlsplit(address)._replace(path="", query="", fragment="").geturl()
    page = browser.new_page(viewport={"width": width, "height": HEIGHT}, java_script_enabled=False,
                            service_workers="block")
    try:
        page.route("**/*", lambda route, request: route.continue_() if request.url.startswith(origin + "/")
                   else route.abort("blockedbyclient"))
        page.goto(address, wait_until="load")
        page.evaluate(HIGHLIGHT_JS, phrases)
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.close()


def chromium() -> Path:
    return Path(os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")


def _missing() -> str:
    """Why no screenshots can be taken here, or ''."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return _("no screenshots: the Python package playwright is not installed (pip install playwright)")
    if not chromium().is_file():
        return _("no screenshots: Chromium was not found at {path} (install it, or set CHROMIUM to it)",
                 path=str(chromium()))
    return ""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site's folder at the path of its base URL, as its root-relative links expect."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix):] if path.startswith(self.prefix) else path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        return


@contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve folder at prefix on a free port of 127.0.0.1 in a thread; yield its address, ending in '/'."""
    handler = type("Handler", (_Quiet,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
