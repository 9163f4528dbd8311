"""Support for the browser and validator tests: the pages to check, the tools, a local server, the checks.

The checks are plain functions over a Playwright page (or the validator's report), so the negative
tests in test_browser.py and test_html_valid.py run the very same code on a site with planted defects.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from microsite.model import NOT_FOUND_KEY
from microsite.pipeline import Options, build, load_site
from microsite.render import ROOT_PAGES

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDTHS = (320, 1280)
HEIGHT = 800
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BUDGET_BYTES = 50_000
BROWSER_HINT = "apt-get install -y chromium (or set CHROMIUM to a Chromium or Chrome binary) and npm ci"
VALIDATOR_HINT = "npm ci and a Java 17+ runtime (apt-get install -y default-jre-headless)"


def skip_allowed() -> bool:
    """True where the developer said this machine cannot have the browser tools (KASVU_SKIP_BROWSER=1)."""
    return os.environ.get("KASVU_SKIP_BROWSER", "").lower() in ("1", "true", "yes")


def require(request: pytest.FixtureRequest, missing: list[str], what: str, hint: str) -> None:
    """Fail when a tool is missing, saying what to install; skip (announced on one line) only if allowed."""
    if not missing:
        return
    message = f"{what}: {', '.join(missing)} missing; install with: {hint}"
    if not skip_allowed():
        pytest.fail(f"{message} (or set KASVU_SKIP_BROWSER=1 to skip these tests)", pytrace=False)
    announce(request.config, f"skipping {message}")
    pytest.skip(message)


def announce(config: pytest.Config, line: str) -> None:
    """Write one line to the terminal, outside pytest's output capture."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.write_line(line)


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


def missing_validator_tools() -> list[str]:
    """What the HTML validator needs and this machine lacks."""
    missing = []
    if shutil.which("java") is None:
        missing.append("java")
    if not VNU_JAR.is_file():
        missing.append("vnu-jar (node_modules)")
    return missing


@dataclass(frozen=True)
class SitePage:
    """A built HTML page: its file, language, and where its language links must lead."""

    output: str
    lang: str
    key: str
    url_path: str
    switch: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.output

    @property
    def is_root(self) -> bool:
        """The language-neutral pages at the site root (the language chooser and the root 404)."""
        return self.output in ROOT_PAGES


def site_pages(root: Path = ROOT) -> list[SitePage]:
    """Every HTML page the build writes: each page in each language, then the root pages."""
    site, _ = load_site(Options(root=root, out=root / "dist"))
    config = site.config
    codes = [lang.code for lang in config.languages]
    pages = []
    for page in site.pages:
        others = [code for code in codes if code != page.lang]
        if page.key == NOT_FOUND_KEY:
            switch = {code: f"{code}/" for code in others}
        else:
            switch = {code: site.page(code, page.key).url_path for code in others if site.page(code, page.key)}
        pages.append(SitePage(page.output, page.lang, page.key, page.url_path, switch))
    default = config.default_language.code
    for output in ROOT_PAGES:
        url_path = "" if output == "index.html" else output
        pages.append(SitePage(output, default, output, url_path, {code: f"{code}/" for code in codes}))
    return pages


def build_copy(tmp: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """Build the real site with some source files edited (a planted defect) and return its output folder."""
    root = tmp / "planted"
    for part in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / part, root / part)
    for relative, edit in edits.items():
        path = root / relative
        before = path.read_text(encoding="utf-8") if path.exists() else ""
        after = edit(before)
        assert after != before, f"the planted edit of {relative} no longer changes it: the template changed"
        path.write_text(after, encoding="utf-8")
    build(Options(root=root, out=root / "dist"))
    return root / "dist"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 (a free port) in a thread; yield its base URL ending in '/'."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


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


def axe_violations(page) -> list[str]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; return one line per violation."""
    page.evaluate(axe_source())
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                          resultTypes: ['violations']})""", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


@functools.cache
def axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def page_weight(visit: Visit) -> tuple[int, list[str]]:
    """The uncompressed bytes of the page and everything it loaded, and one line per file."""
    sizes = []
    for response in visit.responses:
        body = b"" if 300 <= response.status < 400 else response.body()
        sizes.append((len(body), response.url))
    return sum(size for size, _ in sizes), [f"{size:>7} {url}" for size, url in sizes]


BROKEN_WORDS_JS = """() => { const found = [], ctx = document.createElement('canvas').getContext('2d');
  for (const el of document.querySelectorAll('main h1, main h2, main h3, main p, main li, main figcaption')) {
    if (el.closest('.visually-hidden')) continue;
    const cs = getComputedStyle(el), room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    for (const word of el.textContent.split(/[\\s\\u00a0]+/))
      if (word.length > 12 && !/^https?:|@/.test(word) && ctx.measureText(word).width > room + 0.5)
        found.push(`${el.tagName.toLowerCase()}: ${word}`);
  }
  return [...new Set(found)]; }"""


def broken_words(page) -> list[str]:
    """Words (not addresses) wider than the box they are in, which the browser must break inside: on a phone a
    long Finnish compound such as "Saavutettavuusseloste" should fit its line whole."""
    return page.evaluate(BROKEN_WORDS_JS)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it reflows into the viewport)."""
    return page.evaluate("""() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)
                                  - document.documentElement.clientWidth""")


FOCUS_INFO_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  let behind = el.parentElement, bg = 'rgba(0, 0, 0, 0)';
  while (behind) {
    const c = getComputedStyle(behind).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') { bg = c; break; }
    behind = behind.parentElement;
  }
  if (!behind) bg = 'rgb(255, 255, 255)';
  const r = el.getBoundingClientRect();
  return {
    index: el.getAttribute('data-kb-index'), tag: el.tagName.toLowerCase(), id: el.id,
    cls: el.getAttribute('class') || '', href: el.getAttribute('href'),
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
    outlineColor: cs.outlineColor, boxShadow: cs.boxShadow, background: bg,
    inViewport: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
                && r.top < innerHeight && r.left < innerWidth,
    inMain: !!el.closest('main'),
    afterMainStart: !!document.querySelector('main') &&
      !!(document.querySelector('main').compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
  };
}"""

MARK_CONTROLS_JS = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe,'
                 + ' [tabindex]:not([tabindex="-1"]), [contenteditable]:not([contenteditable="false"])';
  const found = [];
  document.querySelectorAll(selector).forEach((el, i) => {
    if (el.disabled || el.getClientRects().length === 0) return;
    el.setAttribute('data-kb-index', String(i));
    found.push({index: String(i), tag: el.tagName.toLowerCase(), href: el.getAttribute('href'),
                text: (el.innerText || el.value || '').trim().slice(0, 40)});
  });
  return found;
}"""


def focus_info(page) -> dict | None:
    """What has keyboard focus now and how its focus indicator looks; None when nothing has."""
    return page.evaluate(FOCUS_INFO_JS)


def tab_through(page) -> tuple[list[dict], list[dict]]:
    """Press Tab until focus leaves the page or comes round again; return (controls, focus stops)."""
    controls = page.evaluate(MARK_CONTROLS_JS)
    stops: list[dict] = []
    for _ in range(len(controls) + 3):
        page.keyboard.press("Tab")
        info = focus_info(page)
        if info is None or any(info["index"] is not None and info["index"] == s["index"] for s in stops):
            break
        stops.append(info)
    return controls, stops


def focus_problems(stop: dict) -> list[str]:
    """Why a focused element's indicator is not clearly visible (WCAG 2.4.7, 1.4.11, 2.4.11)."""
    name = f"<{stop['tag']} {stop['href'] or ''}> {stop['text']!r}"
    problems = []
    has_outline = stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= 2
    if has_outline:
        ratio = contrast_ratio(stop["outlineColor"], stop["background"])
        if ratio < 3:
            problems.append(f"{name}: focus outline {stop['outlineColor']} on {stop['background']} has contrast {ratio:.2f} < 3")
    elif stop["boxShadow"] in ("none", ""):
        problems.append(f"{name}: no visible focus indicator (outline {stop['outlineStyle']} {stop['outlineWidth']}px)")
    if not stop["inViewport"]:
        problems.append(f"{name}: focused but not inside the viewport")
    return problems


def parse_rgb(color: str) -> tuple[float, float, float, float]:
    """Parse a computed 'rgb(r, g, b)' or 'rgba(r, g, b, a)' colour."""
    inside = color[color.index("(") + 1:color.rindex(")")].replace("/", ",")
    parts = [float(p) for p in inside.replace(",", " ").split()]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(color: str) -> float:
    """The relative luminance of an opaque colour (WCAG 2.x)."""
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b, _ = parse_rgb(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def keyboard_problems(page) -> list[str]:
    """Controls that Tab never reaches, and focus stops without a visible indicator."""
    controls, stops = tab_through(page)
    reached = {s["index"] for s in stops}
    problems = [f"not reachable by Tab: <{c['tag']} {c['href'] or ''}> {c['text']!r}"
                for c in controls if c["index"] not in reached]
    for stop in stops:
        problems += focus_problems(stop)
    return problems


def skip_link_problems(page) -> list[str]:
    """Check that the first Tab lands on a visible skip link and that it moves focus into <main>."""
    page.keyboard.press("Tab")
    first = focus_info(page)
    if first is None or first["tag"] != "a" or not (first["href"] or "").startswith("#"):
        return [f"first Tab lands on {first and (first['tag'], first['href'], first['text'])}, not a skip link"]
    target = page.evaluate("id => { const t = document.getElementById(id); return t && t.tagName.toLowerCase(); }",
                           first["href"][1:])
    problems = focus_problems(first)
    if target != "main":
        problems.append(f"skip link {first['href']} points to {target}, not <main>")
    page.keyboard.press("Enter")
    landed = page.evaluate("() => { const a = document.activeElement; return a && a.closest('main') ? a.tagName : null; }")
    if landed is None:
        problems.append("activating the skip link does not move focus into <main>")
    page.keyboard.press("Tab")
    after = focus_info(page)
    if after is not None and not (after["inMain"] or after["afterMainStart"]):
        problems.append(f"after the skip link, Tab goes back to {after['tag']} {after['href']} {after['text']!r}")
    return problems


def page_snapshot(page) -> dict:
    """What a reader gets from a page: its title, text, headings and link targets."""
    return page.evaluate("""() => ({
        title: document.title, lang: document.documentElement.lang,
        text: document.body.innerText,
        headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.innerText),
        links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
        height: document.documentElement.scrollHeight,
    })""")


PRINT_STATE_JS = """() => {
  const shown = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const chrome = [...document.querySelectorAll('nav, .skip-link, .lang-switch')];
  const main = document.querySelector('main');
  return {
    chrome: chrome.map(el => ({what: el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || ''),
                               display: getComputedStyle(el).display, shown: shown(el)})),
    main: main && {shown: shown(main), text: main.innerText.trim().length, height: main.getBoundingClientRect().height},
  };
}"""


def print_problems(page) -> list[str]:
    """Under print media: navigation, language switcher and skip link hidden, the main content shown."""
    page.emulate_media(media="print")
    state = page.evaluate(PRINT_STATE_JS)
    problems = [f"{c['what']} prints (display: {c['display']})" for c in state["chrome"] if c["display"] != "none"]
    main = state["main"]
    if not main or not main["shown"] or main["text"] == 0 or main["height"] == 0:
        problems.append(f"main content does not print: {main}")
    return problems


def vnu_report(folder: Path) -> dict[str, list[dict]]:
    """Run the Nu Html Checker over folder (HTML, CSS and SVG); return its messages by relative path."""
    command = ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--also-check-css", "--also-check-svg", "--format", "json", "--stdout",
               str(folder)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1) or not run.stdout.strip():
        raise RuntimeError(f"vnu failed ({run.returncode}): {run.stderr[-2000:]}")
    report: dict[str, list[dict]] = {}
    base = folder.resolve()
    for message in json.loads(run.stdout)["messages"]:
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else None
        relative = path.relative_to(base).as_posix() if path and path.is_relative_to(base) else url
        report.setdefault(relative, []).append(message)
    return report


def vnu_errors(messages: list[dict]) -> list[str]:
    """The errors among one file's messages, one line each (warnings and info are left out)."""
    return [f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in messages if m.get("type") in ("error", "non-document-error")]
