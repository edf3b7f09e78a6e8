"""Send benchmark: one approved bulletin to 1,000 recipients through a local SMTP server.

    .venv/bin/python bench/send.py [--recipients 1000] [--json]

An SMTP server (aiosmtpd) runs in a child process on 127.0.0.1 and counts what it receives: the
messages, each recipient's copies and the connections (client ports that said EHLO), so "one
connection, no duplicates" is the server's word, not the sender's. The sender is the real
``digest send`` path: SQLite in WAL mode, one delivery row claimed and committed before each
message and marked sent after it (two commits a message), one SMTP session for the run.

Measured: the timed send (wall time, messages/s), a rerun of the finished send (it must send
nothing), and, in a second send of another month's bulletin to the same recipients with
tracemalloc on (it slows Python down, so it is not the timed one), the peak of Python memory.
Max RSS covers the whole sending process. Exit status 1 when the server did not get exactly one
copy per recipient over one connection, or the rerun sent anything.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Run as a script the project root is not on the path; the modules are top-level.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from config import Config  # noqa: E402
from db import Database, Review, open_database  # noqa: E402
from digest import drafting, sending  # noqa: E402
from digest.recipients import Row, import_rows  # noqa: E402
from digest.records import Month  # noqa: E402
from mail.transports import SMTPSettings, SMTPTransport  # noqa: E402

MONTHS = (Month(2026, 10), Month(2026, 11))
KEYWORDS = (
    ("neglect", "school attendance"),
    ("child sexual exploitation", "missing children"),
    ("non-accidental injuries", "infants"),
    ("suicide", "adolescents"),
    ("domestic abuse", "parental mental health"),
)


# ---------------------------------------------------------------- the server (child process)


class _Counting:
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.peers: set[Any] = set()
        self.copies: Counter[str] = Counter()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.peers.add(session.peer)
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.original_content)
        self.copies.update(address.lower() for address in envelope.rcpt_tos)
        return "250 2.0.0 OK"


def _serve(connection: Any) -> None:
    from aiosmtpd.controller import Controller

    class LoopbackController(Controller):
        def _trigger_server(self) -> None:
            assert isinstance(self.server, asyncio.Server)
            self.port = self.server.sockets[0].getsockname()[1]
            super()._trigger_server()

    handler = _Counting()
    controller = LoopbackController(
        handler, hostname="127.0.0.1", port=0, server_hostname="bench.localhost"
    )
    controller.start()
    connection.send(controller.port)
    while connection.recv() == "stats":
        connection.send(
            {
                "messages": handler.messages,
                "bytes": handler.bytes,
                "connections": len(handler.peers),
                "recipients": len(handler.copies),
                "duplicates": sum(1 for n in handler.copies.values() if n > 1),
            }
        )
        handler.peers.clear()
        handler.copies.clear()
        handler.messages = handler.bytes = 0
    controller.stop()


# ---------------------------------------------------------------- the sender (this process)


def _max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def _prepare(database: Database, config: Config, recipients: int) -> None:
    """Five fictional reviews a month, both months drafted and approved, the recipients."""
    with database.session() as session:
        for month in MONTHS:
            for n, keywords in enumerate(KEYWORDS):
                title = f"Child {chr(65 + n)}{month.month}"
                session.add(
                    Review(
                        review_key=f"bench/{month}/{n}",
                        text_key=f"2026|benchshire|{title.lower()}",
                        published_year=2026,
                        area="Benchshire",
                        title=title,
                        summary="A fictional review written for the send benchmark. " * 3,
                        learning="the value of sharing information early; " * 4,
                        recommendations="the partnership should audit its practice. " * 2,
                        keywords=list(keywords),
                        sections=[],
                        report_url=f"https://reports.example.org/{month}/{n}.pdf",
                        source_url="https://source.example.org/case-reviews",
                        content_hash=f"{month}{n}",
                        baseline=False,
                        first_seen_at=datetime(month.year, month.month, 5, tzinfo=UTC),
                        last_seen_at=datetime(month.year, month.month, 5, tzinfo=UTC),
                    )
                )
    for month in MONTHS:
        drafting.draft(database, config, None, month=month)
        drafting.approve(database, config, month=month)
    rows = [
        Row(n + 2, f"person{n:05d}@agency{n % 37}.example", f"Person {n}", "Agency", ())
        for n in range(recipients)
    ]
    import_rows(database, rows)


def run(recipients: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=_serve, args=(theirs,), daemon=True)
    server.start()
    try:
        port = ours.recv()
        with tempfile.TemporaryDirectory(prefix="scr-digest-bench-") as tmp:
            config = Config(
                data_dir=Path(tmp),
                board_name="Benchshire Safeguarding Children Partnership",
                mail_from="learning@benchshire.example",
                smtp_url=f"smtp://127.0.0.1:{port}",
                console_url="https://benchshire.example/scr-digest",
            )
            database = open_database(config.db_url)
            try:
                _prepare(database, config, recipients)

                def transport() -> SMTPTransport:
                    assert config.smtp_url
                    return SMTPTransport(SMTPSettings.from_url(config.smtp_url))

                rss_before = _max_rss_bytes()
                started = time.perf_counter()
                timed = sending.send(database, config, transport(), month=MONTHS[0])
                seconds = time.perf_counter() - started
                rss_after = _max_rss_bytes()
                ours.send("stats")
                received = ours.recv()

                started = time.perf_counter()
                rerun = sending.send(database, config, transport(), month=MONTHS[0])
                rerun_seconds = time.perf_counter() - started
                ours.send("stats")
                rerun_received = ours.recv()

                tracemalloc.start()
                try:
                    traced = sending.send(database, config, transport(), month=MONTHS[1])
                    _, peak = tracemalloc.get_traced_memory()
                finally:
                    tracemalloc.stop()
                ours.send("stats")
                traced_received = ours.recv()
            finally:
                database.close()
    finally:
        ours.send("stop")
        server.join(timeout=10)
    exactly_once = (
        timed.complete
        and timed.sent_now == received["messages"] == received["recipients"] == recipients
        and received["duplicates"] == 0
        and traced.complete
        and traced_received["messages"] == recipients
    )
    one_connection = received["connections"] == 1 and traced_received["connections"] == 1
    rerun_quiet = rerun.sent_now == 0 and rerun_received["messages"] == 0
    return {
        "recipients": recipients,
        "seconds": round(seconds, 3),
        "messages_per_second": round(timed.sent_now / seconds, 1),
        "sent": timed.sent_now,
        "server": received,
        "rerun_seconds": round(rerun_seconds, 3),
        "rerun_sent": rerun.sent_now,
        "rerun_server_messages": rerun_received["messages"],
        "tracemalloc_peak_bytes": peak,
        "max_rss_bytes": rss_after,
        "max_rss_growth_bytes": rss_after - rss_before,
        "exactly_once": exactly_once,
        "one_connection": one_connection,
        "rerun_sends_nothing": rerun_quiet,
    }


def _mib(value: int) -> str:
    return f"{value / 2**20:.1f} MiB"


def markdown(report: dict[str, Any]) -> str:
    server = report["server"]
    rows = [
        ("recipients", f"{report['recipients']:,}"),
        ("send: wall time", f"{report['seconds']:.2f} s"),
        ("send: messages/s", f"{report['messages_per_second']:.0f}"),
        (
            "server received (distinct recipients / duplicates)",
            f"{server['messages']:,} ({server['recipients']:,} / {server['duplicates']})",
        ),
        ("server received: bytes", f"{server['bytes']:,}"),
        ("SMTP connections (counted by the server)", f"{server['connections']}"),
        ("peak Python memory of a send (tracemalloc)", _mib(report["tracemalloc_peak_bytes"])),
        (
            "max RSS of the sending process (growth)",
            f"{_mib(report['max_rss_bytes'])} (+{_mib(report['max_rss_growth_bytes'])})",
        ),
        (
            "rerun of the finished send: sent, wall time",
            f"{report['rerun_sent']}, {report['rerun_seconds']:.3f} s",
        ),
        (
            "target: one copy each, one connection, rerun sends nothing",
            "met"
            if report["exactly_once"] and report["one_connection"] and report["rerun_sends_nothing"]
            else "NOT met",
        ),
    ]
    lines = ["| metric | value |", "| --- | --- |"]
    lines += [f"| {metric} | {value} |" for metric, value in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/send.py",
        description="Send an approved bulletin to many recipients through a local SMTP server "
        "and report speed, memory and connections.",
    )
    parser.add_argument("--recipients", type=int, default=1000, help="recipients (1000)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if args.recipients <= 0:
        parser.error("--recipients must be more than 0")
    report = run(args.recipients)
    print(json.dumps(report, indent=2) if args.json else markdown(report))
    met = report["exactly_once"] and report["one_connection"] and report["rerun_sends_nothing"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
