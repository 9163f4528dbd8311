"""Screenshots for review: every page at 320, 360 and 1280 px, light and dark, and a sheet showing them.

    python tests/screenshots.py [--out screenshots] [--only KEY]

Builds the site into a temporary folder, serves it on 127.0.0.1 and writes full-page PNGs into
screenshots/ (git-ignored), named like fi-index-320-light.png, and screenshots/index.html, which
shows each page's shots side by side. Needs the browser tools of the tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

from browser_session import BROWSER_HINT, Browser, missing_browser_tools, serve  # noqa: E402
from site_under_test import ROOT, site_pages  # noqa: E402
from microsite.pipeline import Options, build  # noqa: E402

WIDTHS = (320, 360, 1280)  # the narrowest reflow width, a common phone, a laptop
SCHEMES = ("light", "dark")


def shot_name(page) -> str:
    if page.is_root:
        return "root-" + page.key.removesuffix(".html")
    return f"{page.lang}-{page.key.replace('/', '-')}"


def shots(out: Path, only: str | None = None) -> list[Path]:
    """Build, serve and photograph the pages (only: the pages of one key); return the files written."""
    pages = [p for p in site_pages() if only is None or p.key == only]
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "dist"
        build(Options(root=ROOT, out=site))
        browser = Browser()
        try:
            with serve(site) as url:
                for page in pages:
                    for width in WIDTHS:
                        for scheme in SCHEMES:
                            visit = browser.open(url + page.url_path, width, color_scheme=scheme)
                            path = out / f"{shot_name(page)}-{width}-{scheme}.png"
                            visit.page.screenshot(path=str(path), full_page=True)
                            written.append(path)
        finally:
            browser.close()
    return written


def write_sheet(out: Path, written: list[Path]) -> Path:
    """An HTML page showing each page's shots in one row, narrow to wide, light then dark."""
    rows = {}
    for path in written:
        rows.setdefault(path.stem.rsplit("-", 2)[0], []).append(path.name)
    sections = "".join(f"<section><h2>{name}</h2><div>" + "".join(
        f'<figure><img src="{file}" alt=""><figcaption>{file}</figcaption></figure>' for file in files)
        + "</div></section>" for name, files in rows.items())
    sheet = out / "index.html"
    sheet.write_text("<!doctype html><meta charset=utf-8><title>Screenshots</title><style>"
                     "div{display:flex;gap:8px;align-items:flex-start} figure{margin:0} img{width:180px;"
                     "border:1px solid #888} figcaption{font:10px sans-serif}</style>" + sections, encoding="utf-8")
    return sheet


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNGs (default: screenshots/)")
    parser.add_argument("--only", help="photograph only the pages of this key (such as index or themes)")
    args = parser.parse_args()
    missing = missing_browser_tools()
    if missing:
        print(f"cannot take screenshots: {', '.join(missing)} missing; install with: {BROWSER_HINT}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    written = shots(args.out, args.only)
    for path in [*written, write_sheet(args.out, written)]:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
