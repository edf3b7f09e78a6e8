"""Run report extraction in worker processes, so one pathological PDF cannot stall a harvest.

Each document gets a wall-clock limit (``ExtractLimits.timeout``); pebble kills the worker
process when it is exceeded, which a thread or a signal inside pdfminer could not do reliably.
A timed-out, crashed (segfault, ``os._exit``) or otherwise broken worker becomes a failed
:class:`~harvester.pdftext.ReportText`, never an exception in the harvest.

Workers are forked from a fork server (the "forkserver" start method, where the system has
it; "spawn" elsewhere): a clean process started once, with pdfminer and this package already
imported, that forks a worker whenever the pool needs one. The harvest process runs threads
(downloads, pebble's own bookkeeping) and holds database connections and sockets, none of
which a child forked from it should inherit half-locked; the fork server has none of them.
Starting the server costs what spawning one worker did (a fresh interpreter importing pdfminer
and this package, about 0.3 s); each worker after it costs a fork, including the workers
that replace one every ``max_tasks`` documents, so that memory a pathological PDF made it hold
is returned to the system. As with any process started this way, a script that starts the pool
needs the usual ``if __name__ == "__main__":`` guard, and a ``target`` other than
``extract_report`` must be importable by name (a module-level function, or a
``functools.partial`` of one).

Usage::

    with ExtractionPool() as pool:
        for review_id, path in downloads():
            pool.submit(review_id, path)
            for key, report in pool.ready():  # keep downloading while extraction runs
                store(key, report)
        for key, report in pool.results():  # the rest, as they complete
            store(key, report)
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import queue
import select
import signal
import sys
import threading
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import CancelledError, Future
from pathlib import Path
from types import TracebackType
from typing import Generic, TypeVar

from pebble import ProcessExpired, ProcessPool

from harvester.pdftext import DEFAULT_LIMITS, ExtractLimits, ReportText, extract_report, failed

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
Target = Callable[[Path, ExtractLimits], ReportText]

MAX_TASKS = 20
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# What the fork server imports before it forks: every worker starts with them loaded.
PRELOAD = ["harvester.extract_pool", "harvester.ocr"]


def default_context() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def _start_method(name: str) -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context(name)
    if name == "forkserver":
        # Only read when the server starts (once per process); the same list every time.
        context.set_forkserver_preload(PRELOAD)
    return context


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _quiet_worker(parent: int | None = None) -> None:
    # pdfminer logs every defect it works around as a WARNING; a spawned worker has no logging
    # set up, so they would all reach stderr. The defects that matter end up in the status.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """A harvest killed with SIGKILL cannot stop its workers, and one busy on a pathological PDF
    would go on for minutes, unseen: each worker watches the harvest (a pidfd, readable the
    moment it exits) and ends itself with it. A forked worker's parent is the fork server,
    which outlives the harvest until its last worker is gone, so Linux's parent-death signal
    alone would wait for ever. It stays as the fallback where there is no pidfd (Linux before
    5.3) for a spawned worker, whose parent is the harvest itself."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    try:
        harvest = os.pidfd_open(parent)
    except ProcessLookupError:  # the harvest died before this worker started
        os._exit(1)
    except OSError:  # a kernel before 5.3
        return
    threading.Thread(
        target=_exit_on_end, args=(harvest,), name="harvest-watch", daemon=True
    ).start()


def _exit_on_end(harvest: int) -> None:
    select.select([harvest], [], [])
    os._exit(1)


def _exit_reason(error: ProcessExpired) -> str:
    code = error.exitcode
    if isinstance(code, int) and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def outcome(future: Future[ReportText], limits: ExtractLimits) -> ReportText:
    """The worker's ReportText, or a failed one saying why there is none."""
    try:
        return future.result()
    except TimeoutError:
        return failed(f"timed out after {limits.timeout:g} s")
    except ProcessExpired as error:
        return failed(f"extractor crashed: {_exit_reason(error)}")
    except CancelledError:
        return failed("extraction cancelled (pool shut down)")
    except Exception as error:  # the target raised, or its result could not be pickled
        message = " ".join(str(error).split())[:200]
        return failed(f"extractor crashed: {type(error).__name__}: {message}".rstrip(": "))


class ExtractionPool(Generic[K]):
    """Worker processes extracting reports; results come back by key, as they complete."""

    def __init__(
        self,
        workers: int | None = None,
        *,
        max_tasks: int = MAX_TASKS,
        target: Target = extract_report,
        context: str | None = None,
    ) -> None:
        # ``target``: an extractor with extras (OCR), or a test's stand-in that sleeps or dies.
        self.workers = workers or default_workers()
        self._target = target
        self._pool = ProcessPool(
            max_workers=self.workers,
            max_tasks=max_tasks,
            initializer=_quiet_worker,
            initargs=(os.getpid(),),
            context=_start_method(context or default_context()),
        )
        self._done: queue.SimpleQueue[tuple[K, Future[ReportText], ExtractLimits]] = (
            queue.SimpleQueue()
        )
        self._pending = 0
        self._closed = False

    def __enter__(self) -> ExtractionPool[K]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    @property
    def pending(self) -> int:
        """Submitted documents whose result has not been handed out yet."""
        return self._pending

    def submit(self, key: K, path: Path, limits: ExtractLimits = DEFAULT_LIMITS) -> None:
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
        future = self._pool.schedule(self._target, args=(path, limits), timeout=limits.timeout)
        self._pending += 1
        # Called from pebble's threads; the queue hands the future back to the caller's thread.
        future.add_done_callback(lambda done: self._done.put((key, done, limits)))

    def _take(self, block: bool) -> tuple[K, ReportText] | None:
        try:
            key, future, limits = self._done.get(block=block)
        except queue.Empty:
            return None
        self._pending -= 1
        report = outcome(future, limits)
        if report.status == "failed":
            log.info("extraction of %r failed: %s", key, report.reason)
        return key, report

    def ready(self) -> list[tuple[K, ReportText]]:
        """The results completed so far and not yet handed out; never waits."""
        out: list[tuple[K, ReportText]] = []
        while (item := self._take(block=False)) is not None:
            out.append(item)
        return out

    def results(self) -> Iterator[tuple[K, ReportText]]:
        """Every outstanding result, as each completes; returns when none is outstanding."""
        while self._pending:
            item = self._take(block=True)
            if item is not None:
                yield item

    def close(self) -> None:
        """Wait for the submitted work to finish, then stop the workers."""
        if not self._closed:
            self._closed = True
            self._pool.close()
            self._pool.join()

    def terminate(self) -> None:
        """Stop at once, killing workers mid-document (pending results become cancelled)."""
        self._closed = True
        self._pool.stop()
        self._pool.join()
