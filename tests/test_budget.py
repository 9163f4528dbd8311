"""budget.py: a conversion that uses too much CPU time is stopped; waiting is not counted; the handler is put back."""
from __future__ import annotations

import signal
import time

import pytest

from microsite.budget import OutOfTime, time_limit


def test_a_busy_block_is_stopped_near_its_limit():
    started = time.process_time()
    with pytest.raises(OutOfTime):
        with time_limit(0.2):
            while True:
                pass
    assert 0.15 <= time.process_time() - started < 1.0  # the kernel's CPU clock and Python's differ by a tick
    assert signal.getsignal(signal.SIGPROF) == signal.SIG_DFL


def test_a_block_that_waits_is_not_stopped_and_leaves_no_timer():
    with time_limit(0.1):
        time.sleep(0.3)  # a machine busy with other work: the wall clock runs, the block's CPU time does not
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) == signal.SIG_DFL
