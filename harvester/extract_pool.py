"""Run report extraction in worker processes, so one pathological PDF cannot stall a harvest.

Each document gets a wall-clock limit (``ExtractLimits.timeout``); pebble kills the worker
process when it is exceeded, which a thread or a signal inside pdfminer could not do reliably.
A timed-out, crashed (segfault, ``os._exit``) or otherwise broken worker becomes a failed
:class:`~harvester.pdftext.ReportText`, never an exception in the harvest.

Workers are started with the "spawn" context: the harvest process runs threads (downloads,
pebble's own bookkeeping) and holds database connections and sockets, none of which a forked
child should inherit half-locked. Spawning costs about 0.2 s per worker (measured: a fresh
interpreter importing pdfminer and this package), paid again only every ``max_tasks``
documents, when a worker is replaced so that memory a pathological PDF made it hold is
returned to the system. As with any spawned process, a script that starts the pool needs the
usual ``if __name__ == "__main__":`` guard, and a ``target`` other than ``extract_report`` must
be importable by name (a module-level function, or a ``functools.partial`` of one).

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

import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import sys
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
    would go on for minutes, unseen: ask Linux to kill it when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
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
        context: str = "spawn",
    ) -> None:
        # ``target``: an extractor with extras (OCR), or a test's stand-in that sleeps or dies.
        self.workers = workers or default_workers()
        self._target = target
        self._pool = ProcessPool(
            max_workers=self.workers,
            max_tasks=max_tasks,
            initializer=_quiet_worker,
            initargs=(os.getpid(),),
            context=multiprocessing.get_context(context),
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
