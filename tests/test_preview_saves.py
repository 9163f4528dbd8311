"""The preview in Chromium: every save is shown without a manual reload, whatever the rhythm of the saves."""
from __future__ import annotations

import os
import shutil
import sys
import time

import pytest

from browser_session import BROWSER_HINT, missing_browser_tools
from required_tools import require
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from save_to_visible import browser_page, replace_in, running_preview, wait_for_text  # noqa: E402

H1 = "main h1"


@pytest.fixture
def site(tmp_path, request):
    require(request, missing_browser_tools(), "browser tests", BROWSER_HINT)
    for folder in ("content", "templates", "i18n"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


@pytest.fixture
def themes_page(site):
    with running_preview(site) as base, browser_page(f"{base}/fi/teemat/") as page:
        wait_for_text(page, H1, "Kasvuallianssin teemat")
        yield site, page


def test_saves_half_a_second_apart_are_each_shown(themes_page):
    site, page = themes_page
    themes, title = site / "content/fi/themes.md", "Kasvuallianssin teemat"
    for n in range(6):
        started = replace_in(themes, f"title: {title}", f"title: Teemat {n}")
        title = f"Teemat {n}"
        wait_for_text(page, H1, title, timeout=3)
        time.sleep(max(0.0, 0.5 - (time.perf_counter() - started)))


def test_a_burst_across_files_ends_with_the_last_state_shown(themes_page):
    site, page = themes_page
    themes = site / "content/fi/themes.md"
    replace_in(themes, "title: Kasvuallianssin teemat", "title: Eka")
    replace_in(site / "content/fi/index.md", "title:", "title: Muutettu")  # another file, same instant
    replace_in(themes, "title: Eka", "title: Toka")
    time.sleep(0.03)  # lands while the first rebuild may be running
    replace_in(themes, "title: Toka", "title: Kolmas")
    wait_for_text(page, H1, "Kolmas", timeout=3)
    time.sleep(1)  # and stays: no later reload brings back an older state
    wait_for_text(page, H1, "Kolmas", timeout=1)


def test_an_editor_that_saves_through_a_temporary_file_and_a_rename(themes_page):
    site, page = themes_page
    themes = site / "content/fi/themes.md"
    for n in range(3):
        text = themes.read_text(encoding="utf-8")
        old = text.split("\n")[1]  # the title line
        temporary = themes.with_name(".themes.md.tmp")
        temporary.write_text(text.replace(old, f"title: Nimetty {n}", 1), encoding="utf-8")
        os.replace(temporary, themes)
        wait_for_text(page, H1, f"Nimetty {n}", timeout=3)


def test_a_broken_save_shows_the_error_and_the_fix_shows_the_page(themes_page):
    site, page = themes_page
    themes = site / "content/fi/themes.md"
    replace_in(themes, "title: Kasvuallianssin teemat", "tittle: Rikki")
    wait_for_text(page, "main h1", "The site has an error and cannot be previewed", timeout=3)  # conftest: LANGUAGE=en
    replace_in(themes, "tittle: Rikki", "title: Korjattu")
    wait_for_text(page, H1, "Korjattu", timeout=3)
