"""Every built page in a real browser (Chromium via Playwright) at 320 px and 1280 px wide.

Per page and width: axe-core's WCAG 2.0/2.1/2.2 A and AA rules in the light and the dark colour
scheme, no console error, no request off the site, no sideways scrolling, no word broken inside, a skip link on the first
Tab, every control reachable by Tab with a visible focus indicator, the language switcher, the same
reading without JavaScript, a print stylesheet without navigation chrome, and the weight budget.
The last tests plant defects in a copy of the site and check that each check catches its defect.
Without Chromium these tests fail, saying what to install (KASVU_SKIP_BROWSER=1 skips them).
"""
from __future__ import annotations

import pytest

from axe_audit import axe_violations
from browser_session import BROWSER_HINT, WIDTHS, Browser, missing_browser_tools, serve
from colour_contrast import luminance
from keyboard_checks import keyboard_problems, skip_link_problems
from page_checks import BUDGET_BYTES, broken_words, horizontal_overflow, page_snapshot, page_weight, print_problems
from required_tools import announce, require
from site_under_test import SitePage, build_copy, site_pages

PAGES = site_pages()
CASES = [pytest.param(page, width, id=f"{page.output}@{width}") for page in PAGES for width in WIDTHS]
WEIGHTS: dict[str, int] = {}


@pytest.fixture(scope="module")
def browser(request):
    """One Chromium for this module (closed after it: Playwright's sync API allows one at a time per thread)."""
    require(request, missing_browser_tools(), "browser tests", BROWSER_HINT)
    chromium = Browser()
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def site_url(browser, real_site):
    """The real site, built by conftest's real_site, served on 127.0.0.1."""
    with serve(real_site.out) as url:
        yield url


@pytest.fixture(scope="module")
def open_page(browser, site_url):
    """open_page(page, width, color_scheme=..., javascript=...) -> Visit of the real site's page."""
    return lambda page, width, **options: browser.open(site_url + page.url_path, width, **options)


@pytest.fixture(scope="module")
def load_record(open_page):
    """load_record(page, width): what the page loads, logs and shows, recorded once and shared by several tests."""
    records: dict[tuple[str, int], dict] = {}

    def record(page: SitePage, width: int) -> dict:
        if (page.output, width) not in records:
            visit = open_page(page, width, settle=True)
            total, files = page_weight(visit)
            records[page.output, width] = {
                "problems": load_problems(visit), "requests": list(visit.requests), "blocked": list(visit.blocked),
                "weight": total, "files": files, "overflow": horizontal_overflow(visit.page),
                "broken_words": broken_words(visit.page),
                "snapshot": page_snapshot(visit.page)}
        return records[page.output, width]
    return record


@pytest.fixture(scope="session")
def weight_table(request):
    """Collects each page's weight and prints the table when the session ends."""
    yield WEIGHTS
    if WEIGHTS:
        announce(request.config, f"page weights (the page and all it loads, uncompressed; budget {BUDGET_BYTES} bytes):")
        for name, size in sorted(WEIGHTS.items(), key=lambda item: -item[1]):
            announce(request.config, f"  {size:>7} bytes  {name}")


def language_switch_problems(open_page, page: SitePage, width: int, base_url: str) -> list[str]:
    """Click each language link and check where it lands and the <html lang> there."""
    problems = []
    scope = "main" if page.is_root else ".lang-switch"  # the root pages offer the languages in main
    for lang, target in page.switch.items():
        visit = open_page(page, width)
        link = visit.page.locator(f'{scope} a[hreflang="{lang}"]')
        if link.count() != 1:
            problems.append(f"{link.count()} links to {lang} in {scope}")
            continue
        with visit.page.expect_navigation(wait_until="load", timeout=10_000):
            link.click()
        landed, html_lang = visit.page.url, visit.page.locator("html").get_attribute("lang")
        if landed != base_url + target or html_lang != lang:
            problems.append(f"the {lang} link lands on {landed} (lang={html_lang}), expected {base_url + target} (lang={lang})")
    return problems


def no_javascript_differences(open_page, page: SitePage, width: int, with_js: dict | None = None) -> list[str]:
    """What a reader gets differently with JavaScript disabled."""
    with_js = with_js or page_snapshot(open_page(page, width).page)
    without = page_snapshot(open_page(page, width, javascript=False).page)
    return [f"{key}: {with_js[key]!r} with JavaScript, {without[key]!r} without" for key in with_js
            if with_js[key] != without[key]]


def load_problems(visit) -> list[str]:
    """Console errors, failed responses, and the missing icon link that makes browsers ask for /favicon.ico."""
    problems = [f"console error: {text}" for text in visit.console_errors]
    problems += [f"HTTP {r.status}: {r.url}" for r in visit.responses if r.status >= 400]
    if visit.page.locator('link[rel~="icon"]').count() == 0:
        problems.append("no <link rel=icon>: browsers request /favicon.ico, which logs a 404 console error")
    return problems


def test_every_built_page_is_checked(real_site):
    assert sorted(p.output for p in PAGES) == sorted(f.relative_to(real_site.out).as_posix() for f in real_site.html_files())
    assert len(PAGES) >= 14


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page,width", CASES)
def test_axe_wcag22_aa(open_page, page, width, scheme):
    visit = open_page(page, width, color_scheme=scheme)
    background = visit.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (luminance(background) < 0.05) == (scheme == "dark"), f"{scheme} scheme not applied: body {background}"
    problems = axe_violations(visit.page)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_no_console_error(load_record, page, width):
    problems = load_record(page, width)["problems"]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_no_request_leaves_the_site(load_record, page, width, site_url):
    record = load_record(page, width)
    assert record["blocked"] == [], "requests leaving the site (blocked):\n" + "\n".join(record["blocked"])
    assert record["requests"] and all(url.startswith(site_url) for url in record["requests"])


@pytest.mark.parametrize("page,width", CASES)
def test_reflows_without_sideways_scrolling(load_record, page, width):
    assert load_record(page, width)["overflow"] == 0


@pytest.mark.parametrize("page,width", CASES)
def test_long_words_fit_their_line_whole(load_record, page, width):
    assert load_record(page, width)["broken_words"] == []


@pytest.mark.parametrize("page,width", CASES)
def test_weight_under_budget(load_record, page, width, weight_table):
    record = load_record(page, width)
    total, files = record["weight"], "\n".join(record["files"])
    weight_table[f"{page.output} @{width}px"] = total
    print(f"{page.output} @{width}px: {total} bytes\n{files}")
    assert total > 0
    assert total <= BUDGET_BYTES, f"{page.output} weighs {total} bytes with all it loads:\n{files}"


@pytest.mark.parametrize("page,width", CASES)
def test_reads_the_same_without_javascript(open_page, load_record, page, width):
    problems = no_javascript_differences(open_page, page, width, load_record(page, width)["snapshot"])
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_first_tab_is_skip_link_to_main(open_page, page, width):
    problems = skip_link_problems(open_page(page, width).page)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_keyboard_reaches_every_control_with_visible_focus(open_page, page, width):
    problems = keyboard_problems(open_page(page, width).page)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_language_switcher_lands_on_counterpart(open_page, page, width, site_url):
    assert page.switch, "every page links to the other languages"
    problems = language_switch_problems(open_page, page, width, site_url)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page,width", CASES)
def test_print_hides_navigation_chrome(open_page, page, width):
    problems = print_problems(open_page(page, width).page)
    assert problems == [], "\n".join(problems)


PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw=="
PLANTS = {
    "templates/partials/head.html": lambda s: s.replace('<meta http-equiv="Content-Security-Policy" content="{{ csp }}">', ""),
    "templates/cooperation.html": lambda s: s.replace(
        '<figure class="model">', f'<img src="{PIXEL}" width="40" height="40"><figure class="model">', 1),
    "templates/static/style.css": lambda s: s + (
        ".lead { color: #b4b4b4; }\n"
        "@media (prefers-color-scheme: dark) { .signatory__role { color: #4a4a4a; } }\n"
        ".site-footer__links a:focus-visible { outline: none; }\n"
        ".cards { min-width: 30rem; }\n"
        "@media print { .site-nav { display: block !important; } }\n"),
    "templates/root_base.html": lambda s: s.replace('<a class="skip-link" href="#main">', '<a class="skip-link" hidden href="#main">'),
    "templates/not_found.html": lambda s: s.replace("{% block content %}", '{% block content %}<img src="https://example.invalid/p.png" alt="">'),
    "templates/partials/signatories.html": lambda s: s + '<p><a href="#main" tabindex="-1">Unreachable link</a></p>\n',
    "templates/partials/switcher.html": lambda s: s.replace('href="{{ alternate.path }}"', 'href="{{ home }}"'),
    "templates/themes.html": lambda s: s.replace("{% block content %}", "{% block content %}<link rel=stylesheet href=\"{{ asset('big.css') }}\">"),
    "templates/static/big.css": lambda s: "/*" + "x" * 60_000 + "*/\n",
}
# The build refuses a page with a script (built.check_scripts): this one goes into the built page itself.
PLANTED_SCRIPT = ("en/cooperation-model/index.html", "static/plant.js",
                  'document.querySelector("main").append("Only with JavaScript");\n')


@pytest.fixture(scope="module")
def planted(browser, tmp_path_factory):
    """A copy of the real site with one defect planted for each check, built and served."""
    out = build_copy(tmp_path_factory.mktemp("planted-browser"), PLANTS)
    page, script, code = PLANTED_SCRIPT
    (out / script).write_text(code, encoding="utf-8")
    html = (out / page).read_text(encoding="utf-8")
    assert '<figure class="model">' in html
    (out / page).write_text(html.replace('<figure class="model">', f'<script src="/{script}"></script>'
                                         '<figure class="model">', 1), encoding="utf-8")
    pages = {p.output: p for p in site_pages(out.parent)}
    with serve(out) as url:
        yield url, pages


def test_planted_defects_are_caught(browser, planted):
    url, pages = planted
    open_page = lambda page, width, **options: browser.open(url + page.url_path, width, **options)  # noqa: E731
    cooperation, home, themes = pages["en/cooperation-model/index.html"], pages["en/index.html"], pages["en/themes/index.html"]
    signatories, not_found, root = pages["en/signatories/index.html"], pages["en/404.html"], pages["index.html"]

    def ids(problems: list[str]) -> str:
        return "\n".join(problems)

    assert "image-alt" in ids(axe_violations(open_page(cooperation, 1280).page))
    assert "color-contrast" in ids(axe_violations(open_page(home, 1280).page))
    assert "color-contrast" in ids(axe_violations(open_page(signatories, 1280, color_scheme="dark").page))
    assert "color-contrast" not in ids(axe_violations(open_page(signatories, 1280).page)), "the dark plant shows only in dark"
    assert "Only with JavaScript" in ids(no_javascript_differences(open_page, cooperation, 320))
    assert "no visible focus indicator" in ids(keyboard_problems(open_page(home, 320).page))
    assert "not reachable by Tab" in ids(keyboard_problems(open_page(signatories, 1280).page))
    assert horizontal_overflow(open_page(home, 320).page) > 0
    assert "not a skip link" in ids(skip_link_problems(open_page(root, 320).page))
    assert "nav.site-nav prints" in ids(print_problems(open_page(home, 1280).page))
    visit = open_page(not_found, 1280)
    assert visit.blocked == ["https://example.invalid/p.png"] and not any("example.invalid" in u for u in visit.requests)
    assert any("ERR_BLOCKED_BY_CLIENT" in p or "console error" in p for p in load_problems(visit))
    assert page_weight(open_page(themes, 1280, settle=True))[0] > BUDGET_BYTES
    assert "lands on" in ids(language_switch_problems(open_page, themes, 320, url))


NAV_ROWS = """() => {
  const rows = {};
  for (const item of document.querySelectorAll('.site-nav li')) {
    const top = Math.round(item.getBoundingClientRect().top);
    rows[top] = (rows[top] || 0) + 1;
  }
  return Object.values(rows);
}"""


@pytest.mark.parametrize("width", [320, 340, 360, 380, 400])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_main_navigation_never_leaves_one_item_alone_on_a_row(open_page, lang, width):
    home = next(page for page in PAGES if page.lang == lang and page.key == "index" and not page.is_root)
    rows = open_page(home, width).page.evaluate(NAV_ROWS)
    assert sum(rows) >= 2
    assert min(rows) >= 2, f"items per row at {width}px: {rows}"


@pytest.mark.parametrize("page", [page for page in PAGES if page.output.endswith("404.html")],
                         ids=lambda page: page.output)
def test_the_footer_sits_at_the_bottom_of_the_window_on_a_short_page(open_page, page):
    visit = open_page(page, 1280)
    window = visit.page.evaluate("window.innerHeight")
    footer = visit.page.locator("footer").bounding_box()
    assert footer is not None, "no footer"
    assert abs(footer["y"] + footer["height"] - window) <= 1
