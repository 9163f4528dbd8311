"""Keyboard checks on a page open in the browser: the skip link on the first Tab, every control reachable by Tab,
and a clearly visible focus indicator on each (WCAG 2.1.1, 2.4.1, 2.4.7, 1.4.11, 2.4.11)."""
from __future__ import annotations

from colour_contrast import contrast_ratio


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
