""" "Send now": ``digest.sending.send`` (the same function as ``scr-digest digest send``) in a
background thread of the web process, so the page can show progress while it runs.

``mail.outbox`` makes concurrent senders safe (each delivery is claimed before its message goes),
so a send started here and the scheduler's send job never mail anyone twice. This registry only
stops one web process from starting a second thread for a month it is already sending, and
keeps the outcome of the last run to show on the page.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from common.months import Month
from digest import sending
from digest.state import DigestError
from mail.errors import MailError
from mail.settings import transport_from_config
from web.context import Console

log = logging.getLogger(__name__)


@dataclass
class SendRun:
    running: bool = True
    done: int = 0
    total: int = 0
    error: str | None = None  # why the run stopped early or was refused
    finished: bool = False


class Sender:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[str, SendRun] = {}
        self._threads: dict[str, threading.Thread] = {}

    def run_for(self, month: Month) -> SendRun | None:
        with self._lock:
            return self._runs.get(str(month))

    def start(self, console: Console, month: Month, *, allow_empty: bool = False) -> bool:
        """Start sending; False when this process is already sending that month."""
        with self._lock:
            current = self._runs.get(str(month))
            if current is not None and current.running:
                return False
            run = SendRun()
            self._runs[str(month)] = run
            thread = threading.Thread(
                target=self._send,
                args=(console, month, run, allow_empty),
                name=f"send-{month}",
                daemon=True,
            )
            self._threads[str(month)] = thread
        thread.start()
        return True

    def wait(self, month: Month, timeout: float | None = None) -> None:
        """For tests and shutdown: wait for the month's thread to end."""
        with self._lock:
            thread = self._threads.get(str(month))
        if thread is not None:
            thread.join(timeout)

    def _send(self, console: Console, month: Month, run: SendRun, allow_empty: bool) -> None:
        def progress(done: int, total: int) -> None:
            run.done, run.total = done, total

        try:
            result = sending.send(
                console.database,
                console.config,
                transport_from_config(console.config),
                month=month,
                allow_empty=allow_empty,
                on_progress=progress,
            )
            run.error = result.stopped
            log.info("send of %s from the console: %s sent now", month, result.sent_now)
        except (DigestError, MailError) as exc:
            run.error = str(exc)
        except Exception as exc:  # the thread has no caller: log it and show it on the page
            log.exception("send of %s from the console failed", month)
            run.error = f"the send stopped unexpectedly: {exc}"
        finally:
            run.running = False
            run.finished = True
