"""axe-core's WCAG 2.0/2.1/2.2 A and AA rules run on a page open in the browser."""
from __future__ import annotations

import functools

from site_under_test import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """Run axe-core with the WCAG 2.0/2.1/2.2 A and AA rules; return one line per violation."""
    page.evaluate(axe_source())
    result = page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                          resultTypes: ['violations']})""", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


@functools.cache
def axe_source() -> str:
    """The axe-core script, read once."""
    return AXE_JS.read_text(encoding="utf-8")
