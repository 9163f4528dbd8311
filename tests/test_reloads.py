"""reloads.py: a browser that is away reloading when a second rebuild ends is told again once it is back."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from livereload.handlers import LiveReloadHandler

from microsite.reloads import Reloader

AWAY = 0.3  # the tests' catch-up delay (the preview's is longer)


class Browser:
    """A livereload.js connection: what the server sent it."""

    def __init__(self):
        self.sent: list[dict] = []

    def write_message(self, message: dict) -> None:
        self.sent.append(message)


@pytest.fixture
def waiters(monkeypatch) -> set:
    monkeypatch.setattr(LiveReloadHandler, "watcher", SimpleNamespace(filepath=None))  # read by its log line
    monkeypatch.setattr(LiveReloadHandler, "waiters", set())
    return LiveReloadHandler.waiters


def run(steps) -> None:
    asyncio.run(asyncio.wait_for(steps(), timeout=10))


def commands(browser: Browser) -> list[tuple[str, str]]:
    return [(m["command"], m["path"]) for m in browser.sent]


def test_two_tabs_away_when_the_second_reload_is_sent_are_both_told_once_back(waiters):
    tab_a, tab_b = Browser(), Browser()  # two tabs' connections before the first reload
    back_a, back_b = Browser(), Browser()  # and after it: each reconnects at its own pace

    async def steps():
        reloader = Reloader(away_s=AWAY)
        waiters.update({tab_a, tab_b})
        reloader.reload()  # the first rebuild: both tabs are told and go to fetch the page
        waiters.clear()
        await asyncio.sleep(0.02)
        reloader.reload()  # the second rebuild ends while both are away: nobody hears it
        await asyncio.sleep(0.05)
        waiters.add(back_a)  # one is back soon, maybe with the first rebuild's page
        await asyncio.sleep(0.15)
        waiters.add(back_b)  # the other later
        await asyncio.sleep(AWAY + 0.1)

    run(steps)
    assert commands(tab_a) == commands(tab_b) == [("reload", "*")]
    assert commands(back_a) == commands(back_b) == [("reload", "*")]


def test_a_burst_of_reloads_ends_in_one_catch_up(waiters):
    tab = Browser()

    async def steps():
        reloader = Reloader(away_s=AWAY)
        for _ in range(4):  # four rebuilds 0.1 s apart, the tab connected throughout
            waiters.add(tab)
            reloader.reload()
            await asyncio.sleep(0.1)
        await asyncio.sleep(AWAY + 0.1)

    run(steps)
    assert commands(tab) == [("reload", "*")] * 5


def test_a_lone_reload_is_sent_once(waiters):
    browser, back = Browser(), Browser()

    async def steps():
        waiters.add(browser)
        Reloader(away_s=AWAY).reload("style.css")
        waiters.discard(browser)
        await asyncio.sleep(0.05)
        waiters.add(back)
        await asyncio.sleep(AWAY + 0.1)

    run(steps)
    assert commands(browser) == [("reload", "style.css")]
    assert back.sent == []


def test_reloads_far_apart_need_no_catch_up(waiters):
    tab = Browser()
    now = [0.0]

    async def steps():
        reloader = Reloader(clock=lambda: now[0], away_s=AWAY)
        waiters.add(tab)
        reloader.reload()
        now[0] = AWAY + 0.1  # the next save comes after the window
        reloader.reload()
        await asyncio.sleep(AWAY + 0.1)

    run(steps)
    assert commands(tab) == [("reload", "*")] * 2
