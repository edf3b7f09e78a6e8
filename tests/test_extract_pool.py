"""The extraction pool: results by key as they complete, time limits that kill, crashes contained.

The targets below stand in for ``extract_report`` where a test needs a document that never
finishes or a worker that dies; workers are other processes, so they are module-level functions.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from harvester.extract_pool import ExtractionPool
from harvester.pdftext import ExtractLimits, ReportText
from tools import make_reports

LONG_REPORT = "2025-kingsbridge-lowfield-children-p-q-r"  # some seconds of pdfminer's work


def sleepy(path: Path, limits: ExtractLimits) -> ReportText:
    time.sleep(30)
    return ReportText("ok", None, 1)


def dies(path: Path, limits: ExtractLimits) -> ReportText:
    os._exit(7)


def echo(path: Path, limits: ExtractLimits) -> ReportText:
    if path.name == "slow":
        time.sleep(0.5)
    return ReportText("ok", None, os.getpid(), text=path.name)


def parent(path: Path, limits: ExtractLimits) -> ReportText:
    return ReportText("ok", None, os.getppid())


def raises(path: Path, limits: ExtractLimits) -> ReportText:
    raise ValueError("no such\nthing")


def small_pdf(path: Path, words: str) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(72, 700, words)
    pdf.showPage()
    pdf.save()
    return path


def test_real_extraction_by_key(tmp_path: Path) -> None:
    paths = {n: small_pdf(tmp_path / f"r{n}.pdf", f"Report number {n} text.") for n in range(4)}
    (tmp_path / "bad.pdf").write_text("<html>gone</html>")
    with ExtractionPool[int | str](2) as pool:
        for key, path in paths.items():
            pool.submit(key, path)
        pool.submit("bad", tmp_path / "bad.pdf")
        got = dict(pool.results())
        assert pool.pending == 0
    assert {k: r.text for k, r in got.items() if k != "bad"} == {
        n: f"Report number {n} text." for n in range(4)
    }
    assert got["bad"].status == "failed"


def test_timeout_kills_the_worker_and_the_pool_goes_on(tmp_path: Path) -> None:
    started = time.monotonic()
    with ExtractionPool[str](1, target=sleepy) as pool:
        pool.submit("stuck", tmp_path / "a.pdf", ExtractLimits(timeout=0.3))
        pool.submit("stuck too", tmp_path / "b.pdf", ExtractLimits(timeout=0.3))
        got = dict(pool.results())
    assert time.monotonic() - started < 10
    assert got == {
        "stuck": ReportText("failed", "timed out after 0.3 s", 0),
        "stuck too": ReportText("failed", "timed out after 0.3 s", 0),
    }


def test_timeout_stops_real_extraction_midway(tmp_path: Path) -> None:
    path = make_reports.DEFAULT_OUT / f"{LONG_REPORT}.pdf"
    if not path.exists():
        make_reports.write_reports(tmp_path, only=[LONG_REPORT])
        path = tmp_path / f"{LONG_REPORT}.pdf"
    started = time.monotonic()
    with ExtractionPool[str](1) as pool:
        pool.submit("long", path, ExtractLimits(timeout=0.5))
        [(_, report)] = list(pool.results())
    assert report == ReportText("failed", "timed out after 0.5 s", 0)
    assert time.monotonic() - started < 3


def test_crashed_worker_becomes_a_failed_report(tmp_path: Path) -> None:
    with ExtractionPool[str](1, target=dies) as pool:
        pool.submit("a", tmp_path / "a.pdf")
        pool.submit("b", tmp_path / "b.pdf")
        got = dict(pool.results())
    assert got == {k: ReportText("failed", "extractor crashed: exit code 7", 0) for k in "ab"}


def test_exception_in_target_is_contained(tmp_path: Path) -> None:
    with ExtractionPool[str](1, target=raises) as pool:
        pool.submit("a", tmp_path / "a.pdf")
        [(_key, report)] = list(pool.results())
    assert report.reason == "extractor crashed: ValueError: no such thing"


def test_ready_never_waits_and_hands_each_result_out_once(tmp_path: Path) -> None:
    with ExtractionPool[str](2, target=echo) as pool:
        pool.submit("slow", tmp_path / "slow")
        assert pool.ready() == []  # the worker is still starting or sleeping
        pool.submit("fast", tmp_path / "fast")
        deadline = time.monotonic() + 10
        seen: list[str] = []
        while len(seen) < 2 and time.monotonic() < deadline:
            seen += [key for key, _ in pool.ready()]
            time.sleep(0.02)
        assert sorted(seen) == ["fast", "slow"]
        assert pool.ready() == [] and list(pool.results()) == []


def test_workers_are_replaced_after_max_tasks(tmp_path: Path) -> None:
    with ExtractionPool[int](1, max_tasks=2, target=echo) as pool:
        for n in range(4):
            pool.submit(n, tmp_path / str(n))
        pids = {key: report.pages for key, report in pool.results()}  # echo returns its pid
    assert pids[0] == pids[1] != pids[2] == pids[3]


def test_workers_are_forked_from_one_server_not_started_by_the_harvest(tmp_path: Path) -> None:
    """Each worker is a fork of a fork server started once per process, so a worker (and each
    replacement after ``max_tasks``) costs a fork, not a fresh interpreter importing pdfminer."""
    parents = set()
    for _ in range(2):  # two harvests, one after the other, in one process
        with ExtractionPool[int](2, max_tasks=1, target=parent) as pool:
            for n in range(4):
                pool.submit(n, tmp_path / str(n))
            parents |= {report.pages for _key, report in pool.results()}
    (server,) = parents
    assert server != os.getpid()
