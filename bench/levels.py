"""What each level of reuse earns: `python bench/levels.py --pages 1000`.

For a page-text edit and a template edit, on the synthetic corpus and on the real site, the median rebuild time
with each level of reuse turned on in turn: none, the render and conversion records (the full incremental
build), and on top of those the quick rebuild of edited texts. Once in a fresh process with the cache saved
in .cache/ (as `python build.py` runs), once inside one process keeping the cache in memory (as the preview
does). Every variant runs through the same child process wrapper, taking turns round by round.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from run import edit  # noqa: E402
from save_to_visible import copy_of_site  # noqa: E402

LEVELS = {"none": "no reuse", "records": "records only", "quick": "records + quick"}


def child_build(site: Path, out: Path, level: str) -> None:
    """One `python build.py` in this process, with reuse cut down to level."""
    from microsite import cli, rebuild
    if level == "records":
        rebuild._quick = lambda options, cache: None  # the bench's seam: the full incremental build only
    extra = ["--no-cache"] if level == "none" else []
    raise SystemExit(cli.main(["build", "--source", str(site), "--out", str(out), *extra]))


def child_preview(site: Path, out: Path, level: str, change_path: Path, runs: int) -> None:
    """Print the median of runs edits rebuilt in this process, its cache in memory as in the preview."""
    from microsite import rebuild
    from microsite.cache import BuildCache
    from microsite.options import Options
    if level == "records":
        rebuild._quick = lambda options, cache: None
    options = Options(site, out, drafts=True, preview=True)
    cache = None if level == "none" else BuildCache()
    rebuild.build(options, cache)
    change, times = edit(change_path), []
    for _ in range(runs):
        change()
        start = time.perf_counter()
        rebuild.build(options, cache)
        times.append(time.perf_counter() - start)
    print(statistics.median(times))


def fresh_process(site: Path, out: Path, change, runs: int) -> dict[str, float]:
    """Median seconds of a rebuild after change(), in a fresh process, per level (taking turns)."""
    outs = {level: out.with_name(f"{out.name}-{level}") for level in LEVELS}
    command = lambda level: [sys.executable, __file__, "--child-build", str(site), str(outs[level]), level]  # noqa
    for level in LEVELS:
        shutil.rmtree(outs[level], ignore_errors=True)
        subprocess.run(command(level), check=True, capture_output=True)  # the cache of the unchanged site
    times = {level: [] for level in LEVELS}
    for _ in range(runs):
        for level in LEVELS:
            change()
            start = time.perf_counter()
            subprocess.run(command(level), check=True, capture_output=True)
            times[level].append(time.perf_counter() - start)
    return {level: statistics.median(values) for level, values in times.items()}


def in_memory(site: Path, out: Path, change_path: Path, runs: int) -> dict[str, float]:
    figures = {}
    for level in LEVELS:
        command = [sys.executable, __file__, "--child-preview", str(site), str(out.with_name(f"{out.name}-p-{level}")),
                   level, str(change_path), str(runs)]
        figures[level] = float(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    return figures


def report(name: str, site: Path, out: Path, page: Path, template: Path, runs: int) -> None:
    print(f"\n{name}: median seconds of {runs} rebuilds" + "".join(f" {label:>16}" for label in LEVELS.values()))
    for edit_name, path in (("page text edit", page), (f"{template.name} edit", template)):
        for where, figures in (("fresh process, saved cache", fresh_process(site, out, edit(path), runs)),
                               ("one process, cache in memory", in_memory(site, out, path, runs))):
            print(f"  {edit_name + ', ' + where:54}" + "".join(f" {figures[level]:16.3f}" for level in LEVELS))


def main() -> None:
    if sys.argv[1:2] == ["--child-build"]:
        child_build(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
    if sys.argv[1:2] == ["--child-preview"]:
        site, out, level, page, runs = sys.argv[2:]
        child_preview(Path(site), Path(out), level, Path(page), int(runs))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="rebuilds per figure (default 5)")
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        scratch = Path(folder)
        site = scratch / "site"
        write_corpus(args.pages, site)
        report(f"synthetic site, {args.pages} pages per language", site, scratch / "out", site / "content/fi/page-00001.md",
               site / "templates/base.html", args.runs)
        real = copy_of_site(ROOT, scratch / "real")
        report("the real site", real, scratch / "real-out", real / "content/fi/themes.md", real / "templates/base.html", args.runs)


if __name__ == "__main__":
    main()
