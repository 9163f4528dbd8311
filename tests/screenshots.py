"""Screenshots for review: the fi and en home pages and an inner page, at 320 px and 1280 px, light and dark.

    python tests/screenshots.py [--out screenshots]

Builds the site into a temporary folder, serves it on 127.0.0.1 and writes full-page PNGs into
screenshots/ (git-ignored), named like fi-home-320-light.png. Needs the browser tools of the tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from browser_support import BROWSER_HINT, ROOT, WIDTHS, Browser, missing_browser_tools, serve, site_pages  # noqa: E402
from microsite.pipeline import Options, build  # noqa: E402

INNER_KEY = "themes"


def shots(out: Path) -> list[Path]:
    """Build, serve and photograph the pages; return the files written."""
    pages = [p for p in site_pages() if not p.is_root and p.key in ("index", INNER_KEY)]
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "dist"
        build(Options(root=ROOT, out=site))
        browser = Browser()
        try:
            with serve(site) as url:
                for page in pages:
                    for width in WIDTHS:
                        for scheme in ("light", "dark"):
                            visit = browser.open(url + page.url_path, width, color_scheme=scheme)
                            path = out / f"{page.lang}-{'home' if page.key == 'index' else page.key}-{width}-{scheme}.png"
                            visit.page.screenshot(path=str(path), full_page=True)
                            written.append(path)
        finally:
            browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNGs (default: screenshots/)")
    args = parser.parse_args()
    missing = missing_browser_tools()
    if missing:
        print(f"cannot take screenshots: {', '.join(missing)} missing; install with: {BROWSER_HINT}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for path in shots(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
