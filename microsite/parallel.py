"""Independent jobs on every core: page bodies convert and pages render in forked workers where it pays."""
from __future__ import annotations

import gc
import os
from typing import Callable, Iterator, TypeVar

from .interrupts import reset_in_worker

T = TypeVar("T")
JOBS_PER_WORKER = 150  # below this, starting a worker costs more than it saves

_job: Callable[[int], object] | None = None  # set only while a pool runs; forked workers inherit it


def _run(index: int) -> object:
    assert _job is not None, "a worker runs only while its pool's job is set"
    return _job(index)


def map_jobs(job: Callable[[int], T], count: int) -> list[T]:
    """[job(0), …, job(count - 1)], in forked processes when there are enough jobs and cores, else here."""
    return list(iter_jobs(job, count))


def iter_jobs(job: Callable[[int], T], count: int) -> Iterator[T]:
    """job(0), …, job(count - 1) in order, as they finish, so a caller can use each result and let it go.

    Workers are forked, so the job sees everything built so far without pickling it; only results travel back.
    """
    global _job
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                  count // JOBS_PER_WORKER)
    if workers >= 2:
        import multiprocessing  # only when it pays: importing it costs as much as a small site's build
        workers = workers if "fork" in multiprocessing.get_all_start_methods() else 1
    if workers < 2:
        yield from (job(index) for index in range(count))
        return
    _job = job
    gc.freeze()  # the workers' collections then skip what they inherit, instead of touching (so copying) all of it
    try:
        fork = multiprocessing.get_context("fork")
        with fork.Pool(workers, initializer=reset_in_worker, initargs=(os.getpid(),)) as pool:
            yield from pool.imap(_run, range(count), chunksize=max(1, count // (workers * 32)))
    finally:
        _job = None
        gc.unfreeze()
