"""Time the generator against a naive pipeline, Hugo and Pelican on the same pages: `python bench/run.py --pages 1000`.

Every figure is the median of several runs, each in a fresh process unless it says otherwise, measured side
by side in one run so that the ratios hold on any machine: the four cold builds take turns round by round, so
a shared machine's slow spells fall on all of them alike. Output goes to /dev/shm where it exists, so the
disk's noise stays out of the figures, and each round builds into a fresh folder with every cache emptied.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
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
from peers import hugo_command, pelican_command, write_hugo_site, write_pelican_site  # noqa: E402
from save_to_visible import CHROMIUM, copy_of_site, median_save_to_visible, median_title_to_visible  # noqa: E402


def run(command: list[str]) -> tuple[float, int]:
    """(seconds, peak memory in MB) of one command in a fresh process; fails loudly if it fails."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a full pipe would block the child
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = status
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(command)}\n{errors.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def median_of(runs: int, prepare, command: list[str]) -> tuple[float, int]:
    return interleaved(runs, (prepare, command))[0]


def interleaved(runs: int, *figures: tuple) -> list[tuple[float, int]]:
    """(median seconds, peak MB) of each (prepare, command), run in turn, so that a shared machine's
    slow spells fall on all of them alike rather than on whichever ran then."""
    times, peaks = [[] for _ in figures], [0 for _ in figures]
    for _ in range(runs):
        for index, (prepare, command) in enumerate(figures):
            prepare()
            seconds, memory = run(command)
            times[index].append(seconds)
            peaks[index] = max(peaks[index], memory)
    return [(statistics.median(figure), peak) for figure, peak in zip(times, peaks)]


def build_command(site: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "build.py", "--source", str(site), "--out", str(out), *extra]


def edit(path: Path):
    """Return a function that changes the file a little each time it is called."""
    original = path.read_text(encoding="utf-8")
    count = [0]

    def change():
        count[0] += 1
        path.write_text(original + f"\n<!-- edit {count[0]} -->\n" if path.suffix == ".html" else
                        original + f"\nMuokkaus {count[0]}.\n", encoding="utf-8")
    return change


def in_process_edit(site: Path, out: Path, page: Path, runs: int) -> float:
    """A one-page edit rebuilt inside one process that keeps its cache in memory, as the preview does.

    Run in a process of its own (see preview_edit), so that this one stays small: a child forked from a large
    process counts the parent's memory in its own peak until it execs."""
    from microsite.cache import BuildCache
    from microsite.options import Options
    from microsite.rebuild import build
    options, cache = Options(site, out), BuildCache()
    build(options, cache)
    change, times = edit(page), []
    for _ in range(runs):
        change()
        start = time.perf_counter()
        build(options, cache)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def preview_edit(site: Path, out: Path, page: Path, runs: int) -> float:
    """in_process_edit's median, measured in a fresh process."""
    command = [sys.executable, __file__, "--preview-edit", str(site), str(out), str(page), str(runs)]
    return float(subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def tree_peak(command: list[str]) -> int | None:
    """Peak MB of command's whole process tree: the sum of its processes' proportional set sizes, sampled every
    10 ms (None where /proc cannot tell). A build that forks workers has several peaks at once, and wait4 reports
    only the largest process's; run apart from the timed rounds, as the sampling takes a core's time."""
    if not Path("/proc/self/smaps_rollup").is_file():
        return None
    process, peak = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), 0
    while process.poll() is None:
        peak = max(peak, sum(map(pss_kb, process_tree(process.pid))))
        time.sleep(0.01)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return peak // 1024


def cold_tree_peak(prepare, command: list[str]) -> int | None:
    prepare()
    return tree_peak(command)


def process_tree(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        found.append(waiting.pop())
        for children in Path(f"/proc/{found[-1]}/task").glob("*/children"):
            try:
                waiting += map(int, children.read_text().split())
            except OSError:  # the process ended since it was listed: it holds no memory now
                pass
    return found


def pss_kb(pid: int) -> int:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:  # the process ended since it was listed
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith("Pss:")), 0)


def main() -> None:
    if sys.argv[1:2] == ["--preview-edit"]:  # the child process of preview_edit
        site, out, page, runs = sys.argv[2:]
        print(in_process_edit(Path(site), Path(out), Path(page), int(runs)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--race", action="store_true",
                        help="only the cold builds of the four tools, the one-page edit and the ratios to the peers")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="kasvu-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
    try:
        report(scratch, args.pages, args.runs, args.race)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def emptied(*folders: Path):
    """A function that removes folders (a build's output and caches), so that the next build starts cold."""
    return lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in folders]


def race_commands(scratch: Path, site: Path, out: Path) -> dict[str, tuple]:
    """{tool: (prepare, command)} of the four cold builds: each prepare empties the tool's output and caches."""
    hugo_site, pelican_site = scratch / "hugo-site", scratch / "pelican-site"
    return {"naive": (emptied(scratch / "naive-out"), [sys.executable, "bench/naive.py", str(site),
                                                       str(scratch / "naive-out")]),
            "ours": (emptied(out, site / ".cache"), build_command(site, out, "--no-cache")),
            "hugo": (emptied(scratch / "hugo-out", scratch / "hugo-cache", hugo_site / "resources"),
                     hugo_command(hugo_site, scratch / "hugo-out", scratch / "hugo-cache")),
            "pelican": (emptied(scratch / "pelican-out", pelican_site / "cache"),
                        pelican_command(pelican_site, scratch / "pelican-out"))}


def report(scratch: Path, pages: int, runs: int, race_only: bool) -> None:
    site, out = scratch / "site", scratch / "out"
    write_corpus(pages, site)
    write_hugo_site(site, scratch / "hugo-site")
    write_pelican_site(site, scratch / "pelican-site")
    total = sum(1 for _ in (site / "content").rglob("*.md"))
    print(f"{pages} pages per language, {total} Markdown files in all; median of {runs} runs; output in {scratch.parent}")
    print(f"\n{'figure':66} {'seconds':>8} {'× naive':>8} {'peak MB':>8}")
    clear, commands = emptied(out, site / ".cache"), race_commands(scratch, site, out)
    race = dict(zip(commands, interleaved(runs, *commands.values())))
    naive = race["naive"][0]
    show = lambda name, seconds, memory="": print(  # noqa: E731
        f"{name:66} {seconds:8.3f} {seconds / naive:8.2f} {memory:>8}", flush=True)
    show("naive reference (read, markdown, one template, write)", *race["naive"])
    show("cold full build", *race["ours"])
    for tool, layout in (("hugo", "layout"), ("pelican", "theme")):
        show(f"{tool.title()} {importlib.metadata.version(tool)} cold build (the same pages, a minimal {layout})",
             *race[tool])
    clear()
    run(build_command(site, out))  # warm the cache
    if not race_only:
        show("no-op rebuild", *median_of(runs, lambda: None, build_command(site, out)))
    page_edit = median_of(runs, edit(site / "content/fi/page-00001.md"), build_command(site, out))
    show("one-page edit rebuild", *page_edit)
    if not race_only:
        show_rebuilds(site, out, scratch, runs, show)
    print(f"\ncold build: {total / race['ours'][0]:.0f} pages/s (naive: {total / naive:.0f} pages/s)")
    show_targets(pages, race, page_edit[0], [cold_tree_peak(*commands[tool]) for tool in ("ours", "hugo")])
    if not race_only:
        show_save_to_visible(site, scratch, max(runs, 5))


def show_rebuilds(site: Path, out: Path, scratch: Path, runs: int, show) -> None:
    """The figures beyond the race: a template edit, the preview's edit, the real site."""
    show("one-template edit rebuild (page.html: every synthetic page)",
         *median_of(runs, edit(site / "templates/page.html"), build_command(site, out)))
    show("one-page edit inside the preview (cache in memory)",
         preview_edit(site, scratch / "serve-out", site / "content/fi/page-00002.md", runs))
    real_out = scratch / "real"
    real, memory = median_of(runs, lambda: shutil.rmtree(real_out, ignore_errors=True),
                             [sys.executable, "build.py", "--out", str(real_out), "--no-cache"])
    bare, _ = median_of(runs, lambda: None, [sys.executable, "-c", "pass"])
    print(f"{'the real site, cold, whole process':66} {real:8.3f} {'':>8} {memory:>8}")
    print(f"{'  of which a bare interpreter start (python -c pass)':66} {bare:8.3f}")


def show_targets(pages: int, race: dict, page_edit: float, tree_peaks: list[int | None]) -> None:
    """Our figures as ratios to the peers', each beside issue 13's target and whether it is met."""
    (ours, ours_mb), (hugo, hugo_mb), (pelican, _), (naive, _) = (race[k] for k in ("ours", "hugo", "pelican", "naive"))
    rows = [("cold build, ours / Hugo's", ours / hugo, "≤", 2.3),
            ("cold build, Pelican's / ours", pelican / ours, "≥", 2.9),
            ("cold build, ours / naive", ours / naive, "", None),
            ("one-page edit in a fresh process, ours / Hugo's cold build", page_edit / hugo, "≤", 0.5),
            ("peak memory*, ours / Hugo's (largest process, wait4)", ours_mb / hugo_mb, "≤", 1.0)]
    if None not in tree_peaks:
        rows.append((f"peak memory*, ours / Hugo's (process tree, sampled PSS: {tree_peaks[0]} / {tree_peaks[1]} MB)",
                     tree_peaks[0] / tree_peaks[1], "≤", 1.0))
    print(f"\n{'against the peers (ratios of the figures above)':72} {'ratio':>6} {'target':>7}  met")
    for name, ratio, sign, target in rows:
        verdict = "" if target is None else ("yes" if (ratio <= target if sign == "≤" else ratio >= target) else "NO")
        print(f"{name:72} {ratio:6.2f} {sign + (f'{target:.1f}' if target else ''):>7}  {verdict}")
    print("* the memory target is set at 5,000 pages per language"
          + ("" if pages == 5000 else f"; this run has {pages}"))


def show_save_to_visible(site: Path, scratch: Path, runs: int) -> None:
    """The preview's save-to-visible in Chromium (median, from the write until the text is in the page)."""
    if not CHROMIUM.is_file():
        print(f"\nsave to visible in the preview: not measured (no Chromium at {CHROMIUM}; set CHROMIUM)")
        return
    real = copy_of_site(ROOT, scratch / "real-site")
    themes, synthetic = real / "content/fi/themes.md", site / "content/fi/page-00003.md"
    figures = {"real site, /fi/teemat/, a text edit": median_save_to_visible(real, "/fi/teemat/", themes, runs),
               "real site, /fi/teemat/, a title edit": median_title_to_visible(real, "/fi/teemat/", themes, runs),
               "synthetic site, /fi/fi-page-00003/, a text edit": median_save_to_visible(
                   site, "/fi/fi-page-00003/", synthetic, runs),
               "synthetic site, /fi/fi-page-00003/, a title edit": median_title_to_visible(
                   site, "/fi/fi-page-00003/", synthetic, runs)}
    print(f"\nsave to visible in the preview (Chromium, median of {runs}):")
    for name, seconds in figures.items():
        print(f"  {name:64} {seconds * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
