"""reloads.py: a browser that is away reloading when a second rebuild ends is told again once it connects."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from livereload.handlers import LiveReloadHandler

from microsite.reloads import AWAY_S, Reloader


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


def test_a_browser_away_when_the_second_reload_is_sent_is_told_when_it_connects(waiters):
    before, after = Browser(), Browser()  # one browser: its connection before the first reload, and after

    async def steps():
        reloader = Reloader()
        waiters.add(before)
        reloader.reload()  # the first rebuild: the browser is told and goes to fetch the page
        waiters.discard(before)
        await asyncio.sleep(0.05)
        reloader.reload()  # the second rebuild ends while it is away: nobody hears it
        await asyncio.sleep(0.2)
        waiters.add(after)  # it connects again, with the page of the first rebuild
        await asyncio.sleep(0.2)

    run(steps)
    assert [m["command"] for m in before.sent] == ["reload"]
    assert [m["command"] for m in after.sent] == ["reload"]


def test_a_lone_reload_is_sent_once(waiters):
    browser, back = Browser(), Browser()

    async def steps():
        waiters.add(browser)
        Reloader().reload("style.css")
        waiters.discard(browser)
        await asyncio.sleep(0.2)
        waiters.add(back)
        await asyncio.sleep(0.2)

    run(steps)
    assert [(m["command"], m["path"]) for m in browser.sent] == [("reload", "style.css")]
    assert back.sent == []


def test_browsers_connecting_long_after_are_not_told_again(waiters):
    late = Browser()
    now = [0.0]

    async def steps():
        reloader = Reloader(clock=lambda: now[0])
        reloader.reload()
        now[0] = 0.5
        reloader.reload()
        now[0] = 0.5 + AWAY_S + 0.1  # the window has passed before anyone connects
        await asyncio.sleep(0.1)
        waiters.add(late)
        await asyncio.sleep(0.2)

    run(steps)
    assert late.sent == []
