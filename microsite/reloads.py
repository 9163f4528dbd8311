"""Telling the preview's browsers to reload, so that none is left showing an older build.

A browser told to reload is away for a moment: it fetches the page, then livereload.js connects again. A
rebuild that ends in that moment (the second of two saves close together) tells the browsers still connected,
which does not include that one, and the page it fetched may be from the build before. So after a reload that
comes soon after the previous one, the browsers that connect in the next few seconds are told once more.
"""
from __future__ import annotations

import time

from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

AWAY_S = 2.0  # how long a reloading browser may take to connect again (loopback: about 0.1 s)
LOOK_EVERY_S = 0.05


class Reloader:
    """Sends livereload's reload command, and once more to browsers that were away when it was sent."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.last_sent = float("-inf")

    def reload(self, path: str = "*") -> None:
        now = self.clock()
        some_may_be_away = now - self.last_sent < AWAY_S
        self.last_sent = now
        told = set(LiveReloadHandler.waiters)
        LiveReloadHandler.reload_waiters(path)
        if some_may_be_away:
            IOLoop.current().call_later(LOOK_EVERY_S, self._tell_newcomers, told, path, now + AWAY_S)

    def _tell_newcomers(self, told: set, path: str, until: float) -> None:
        """Once a browser that was not told connects, tell everyone connected (the told have gone to reload)."""
        if set(LiveReloadHandler.waiters) - told:
            LiveReloadHandler.reload_waiters(path)
        elif self.clock() < until:
            IOLoop.current().call_later(LOOK_EVERY_S, self._tell_newcomers, told, path, until)
