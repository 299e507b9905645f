"""When work is worth forked worker processes, and how many: shared by collection and evaluation.

Projects are independent and what is done with each (reading and judging its files,
analysing its source and documents) is CPU-bound pure Python, so large audits run it in
forked processes, one per core. Forking shares what the parent holds instead of pickling
it; only what each task made travels back.
"""

from __future__ import annotations

import multiprocessing
import os
import threading


def fork_workers(task_count: int, worth_a_pool: bool) -> int:
    """Processes worth starting for ``task_count`` tasks: 1 (work here) unless a pool pays, fork is safe and there are cores."""
    # fork copies only the calling thread: with other threads alive (a test's server, a
    # caller's pool), a lock they hold would stay locked in the child forever.
    if (not worth_a_pool or task_count < 2 or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, task_count))


def fork_context():
    return multiprocessing.get_context("fork")
