"""Checks measured on a page open in the browser: what it weighs with all it loaded, sideways scrolling, words
broken inside, what a reader gets from it, and how it prints.

Plain functions over a Playwright page (or a Visit), so the planted-defect tests run the very same code.
"""
from __future__ import annotations

from browser_session import Visit

BUDGET_BYTES = 50_000


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
