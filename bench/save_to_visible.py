"""Save-to-visible in the live preview, measured in a real browser: from the moment a page file is written
until the new text is in the page's DOM, with no manual reload. Used by bench/run.py (the figure) and by
tests/test_preview_saves.py (every save seen, whatever the rhythm)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
READY_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_preview(site: Path) -> Iterator[str]:
    """`python build.py serve` on site until the block ends; yields its address once it answers."""
    import urllib.request
    port = free_port()
    log = open(site / "preview.log", "w")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--source", str(site),
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the preview did not start: {(site / 'preview.log').read_text()[-2000:]}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@contextmanager
def browser_page(url: str):
    """A Chromium tab on url, connected to the preview's live reload."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page()
        page.goto(url)
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector"
                               " && window.LiveReload.connector._isSocketConnected()", timeout=10_000)
        try:
            yield page
        finally:
            browser.close()


def wait_for_text(page, selector: str, text: str, timeout: float = 10.0, whole: bool = True) -> None:
    """Wait until the element's text is text (or, not whole, contains it), across the reloads the preview
    causes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            shown = page.locator(selector).first.inner_text(timeout=int(timeout * 1000)).strip()
            if shown == text or (not whole and text in shown):
                return
        except Exception as exc:  # a reload detaches the element mid-read: try again
            if "Target page, context or browser has been closed" in str(exc):
                raise
        time.sleep(0.005)
    raise AssertionError(f"{selector} never showed {text!r}")


def replace_in(path: Path, old: str, new: str) -> float:
    """Write the file with old replaced by new; the time of the write."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    started = time.perf_counter()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return started


def save_to_visible(page, path: Path, old: str, new: str, shown: str) -> float:
    """Seconds from writing new in place of old in path until the page's main text contains shown."""
    started = replace_in(path, old, new)
    wait_for_text(page, "main", shown, whole=False)
    return time.perf_counter() - started


def median_save_to_visible(site: Path, url_path: str, page_file: Path, runs: int) -> float:
    """The median save-to-visible of runs edits of page_file's text (its last line), shown at url_path, in
    seconds: the commonest edit, a sentence added or changed."""
    import statistics
    text = page_file.read_text(encoding="utf-8").rstrip("\n")
    page_file.write_text(text + "\n\nMuokkaus alkaa.\n", encoding="utf-8")
    times, current = [], "Muokkaus alkaa."
    with running_preview(site) as base, browser_page(base + url_path) as page:
        wait_for_text(page, "main", current, whole=False)
        for n in range(runs):
            new = f"Muokkaus numero {n}."
            times.append(save_to_visible(page, page_file, current, new, new))
            current = new
            time.sleep(0.3)
    return statistics.median(times)


def median_title_to_visible(site: Path, url_path: str, page_file: Path, runs: int) -> float:
    """The median save-to-visible of runs edits of page_file's title, shown in the page's main heading: an
    edit that changes the navigation and listings too, so the preview rebuilds more than the page."""
    import re
    import statistics
    original = page_file.read_text(encoding="utf-8")
    times = []
    with running_preview(site) as base, browser_page(base + url_path) as page:
        for n in range(runs):
            title = f"Otsikko numero {n}"
            started = time.perf_counter()
            page_file.write_text(re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M),
                                 encoding="utf-8")
            wait_for_text(page, "h1", title)
            times.append(time.perf_counter() - started)
            time.sleep(0.3)
    page_file.write_text(original, encoding="utf-8")
    return statistics.median(times)


def copy_of_site(source: Path, target: Path) -> Path:
    import shutil
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(source / folder, target / folder)
    return target


if __name__ == "__main__":  # the real site: python bench/save_to_visible.py
    import tempfile
    with tempfile.TemporaryDirectory() as scratch:
        site = copy_of_site(ROOT, Path(scratch))
        seconds = median_save_to_visible(site, "/fi/teemat/", site / "content/fi/themes.md", 9)
        print(f"save to visible, real site: {seconds * 1000:.0f} ms (median of 9)")
