"""One Chromium (through Playwright) for the browser tests, and a local server for the built site it opens.

Each visit records what the page logged and requested while loading; requests off the site are blocked.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from axe_audit import AXE_JS
from microsite.screenshots import serve  # the review's own server: a built folder on a free local port

__all__ = ["BROWSER_HINT", "CHROMIUM", "HEIGHT", "WIDTHS", "Browser", "Visit", "missing_browser_tools", "serve"]

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WIDTHS = (320, 1280)
HEIGHT = 800
BROWSER_HINT = "apt-get install -y chromium (or set CHROMIUM to a Chromium or Chrome binary) and npm ci"


def missing_browser_tools() -> list[str]:
    """What the browser tests need and this machine lacks."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium ({CHROMIUM})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright")
    if not AXE_JS.is_file():
        missing.append("axe-core (node_modules)")
    return missing


@dataclass
class Visit:
    """A page opened in the browser, with what it logged and requested while loading."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    responses: list[object] = field(default_factory=list)


class Browser:
    """One Chromium for the session, with one tab per (width, colour scheme, JavaScript) reused by every visit.

    Reusing tabs keeps the suite fast; each visit is a fresh navigation, so no state carries over.
    Routing every request (to block those off the site) also turns the HTTP cache off, so every
    visit loads, and weighs, everything afresh.
    """

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        self._tabs: dict[tuple, tuple[object, dict]] = {}

    def open(self, url: str, width: int, *, color_scheme: str = "light", javascript: bool = True,
             settle: bool = False) -> Visit:
        """Open url at width; requests off the site are blocked (and recorded), never sent.

        settle: wait for the network to fall idle, so that what loads after the load event (the
        icon) is counted too; half a second slower.
        """
        page, current = self._tab(width, color_scheme, javascript)
        page.goto("about:blank")  # ends the previous page, so nothing it still loads counts for this one
        visit = current["visit"] = Visit(page, url)
        page.emulate_media(media="screen")
        page.goto(url, wait_until="networkidle" if settle else "load")
        return visit

    def _tab(self, width: int, color_scheme: str, javascript: bool) -> tuple[object, dict]:
        key = (width, color_scheme, javascript)
        if key not in self._tabs:
            context = self._browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=color_scheme,
                                                java_script_enabled=javascript, reduced_motion="reduce")
            page = context.new_page()
            current: dict[str, Visit] = {"visit": Visit(page, "about:blank")}

            def route(route_, request) -> None:
                visit = current["visit"]
                if urlsplit(request.url).netloc == urlsplit(visit.url).netloc:
                    visit.requests.append(request.url)
                    route_.continue_()
                else:
                    visit.blocked.append(request.url)
                    route_.abort("blockedbyclient")
            context.route("**/*", route)
            page.on("console", lambda message: message.type == "error" and current["visit"].console_errors.append(message.text))
            page.on("pageerror", lambda error: current["visit"].console_errors.append(f"uncaught: {error}"))
            page.on("response", lambda response: current["visit"].responses.append(response))
            self._tabs[key] = (page, current)
        return self._tabs[key]

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()
