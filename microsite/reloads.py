"""Telling the preview's browsers to reload, so that none is left showing an older build.

A browser told to reload is away for a moment: it fetches the page, then livereload.js connects again. A
rebuild that ends in that moment (the second of two saves close together) tells only the browsers still
connected, and the page the away one fetched may be from the build before. Which browser fetched what
cannot be told apart from here (every reconnection is a new connection), so after a reload that follows
another within AWAY_S, every browser connected AWAY_S later is told once more. A burst of saves ends in one
such catch-up reload, after its last reload: a tab may reload twice, but none stays stale.
"""
from __future__ import annotations

import time

from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop

AWAY_S = 2.0  # how long a reloading browser may take to connect again (loopback: about 0.1 s)


class Reloader:
    """Sends livereload's reload command, and once more, later, after reloads that come close together."""

    def __init__(self, clock=time.monotonic, away_s: float = AWAY_S):
        self.clock = clock
        self.away_s = away_s
        self.last_sent = float("-inf")
        self.catch_up: object | None = None  # the pending catch-up reload's timeout handle

    def reload(self, path: str = "*") -> None:
        now = self.clock()
        some_may_be_away = now - self.last_sent < self.away_s
        self.last_sent = now
        LiveReloadHandler.reload_waiters(path)
        if some_may_be_away or self.catch_up is not None:
            self._schedule_catch_up(path)

    def _schedule_catch_up(self, path: str) -> None:
        """One catch-up reload, away_s after the latest reload (a later reload moves it on)."""
        loop = IOLoop.current()
        if self.catch_up is not None:
            loop.remove_timeout(self.catch_up)
            path = "*"  # two different reloads pending: a whole reload covers both
        self.catch_up = loop.call_later(self.away_s, self._send_catch_up, path)

    def _send_catch_up(self, path: str) -> None:
        self.catch_up = None
        LiveReloadHandler.reload_waiters(path)
