"""An APScheduler scheduler driven by hand, shared by the scheduler and alert tests."""

from __future__ import annotations

from apscheduler.schedulers.base import BaseScheduler


class ManualScheduler(BaseScheduler):
    """One pass of the scheduler's loop per ``run_pending()``; no thread, no waiting."""

    def wakeup(self) -> None:
        pass

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def run_pending(self) -> None:
        self._process_jobs()
