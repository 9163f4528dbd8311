"""The command line: turns content errors into one line each and an exit code, never a traceback."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import is_valid_base_url
from .errors import ContentErrors
from .pipeline import Options, build

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python build.py", description="Build the Kasvuallianssi site into a folder.")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: dist/ beside build.py)")
    parser.add_argument("--base-url", default=None,
                        help="the address the site is served from, such as https://example.org/kasvu/ "
                             "(default: base_url in content/site.yaml)")
    args = parser.parse_args(argv)
    if args.base_url is not None and not is_valid_base_url(args.base_url):
        parser.error(f"--base-url must be a full http(s) address, such as https://example.org/kasvu/ (got {args.base_url!r})")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the build; return 0 on success, 1 on content errors."""
    args = parse_args(argv)
    options = Options(root=ROOT, out=(args.out or ROOT / "dist").resolve(), base_url=args.base_url)
    try:
        result = build(options)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"Build failed: {len(exc.errors)} problem(s); the previous site was left as it was.", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning.as_line("warning"), file=sys.stderr)
    print(f"Built {len(result.site.pages)} pages in {len(result.site.config.languages)} languages into {options.out}")
    return 0
