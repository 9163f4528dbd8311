"""Independent jobs on every core: page bodies convert and pages render in forked workers where it pays."""
from __future__ import annotations

import os
from typing import Callable, TypeVar

T = TypeVar("T")
JOBS_PER_WORKER = 150  # below this, starting a worker costs more than it saves

_job: Callable[[int], object] | None = None  # set only while a pool runs; forked workers inherit it


def _run(index: int):
    return _job(index)


def map_jobs(job: Callable[[int], T], count: int) -> list[T]:
    """[job(0), …, job(count - 1)], in forked processes when there are enough jobs and cores, else here.

    Workers are forked, so the job sees everything built so far without pickling it; only results travel back.
    """
    global _job
    workers = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                  count // JOBS_PER_WORKER)
    if workers < 2:
        return [job(index) for index in range(count)]
    import multiprocessing  # only when it pays: importing it costs as much as a small site's build
    if "fork" not in multiprocessing.get_all_start_methods():
        return [job(index) for index in range(count)]
    _job = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, range(count), chunksize=max(1, count // (workers * 8)))
    finally:
        _job = None
