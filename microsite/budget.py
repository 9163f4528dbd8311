"""A time limit on one conversion, for texts whose conversion time grows far faster than their size.

Python-Markdown's link and image patterns look ahead for a closing bracket from every '[' in a paragraph, so
a paragraph of thousands of unclosed '[' takes minutes (20,000 took more than 30 s; a real page converts in
milliseconds). No pre-check of the text can foresee every such shape, so the limit is on time: a timer of the
process's CPU time (ITIMER_PROF, so a busy machine never makes a real page late) where the platform has one and
the conversion runs in the main thread, which is where the command line, the preview's rebuilds and the forked
workers all convert. Elsewhere (Windows) there is no limit.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class OutOfTime(Exception):
    """The conversion took longer than its limit."""


@contextmanager
def time_limit(seconds: float):
    """Raise OutOfTime inside the block once it has used the given seconds of CPU time. A timer that fires as
    the block ends still raises (the block did use the time), and the previous handler is restored either way."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGPROF, _out_of_time)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:
            signal.signal(signal.SIGPROF, previous)


def _out_of_time(signum, frame) -> None:
    raise OutOfTime()
