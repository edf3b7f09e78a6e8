"""Settings: defaults, then a TOML file, then ``SCR_DIGEST_*`` environment variables, then flags.

Every setting is declared once in ``SETTINGS``; the same table feeds ``--help``, the README's
configuration section and a test that each setting is documented.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from common.text import header_text_problem

ENV_PREFIX = "SCR_DIGEST_"
VERSION = "0.1.0"

DEFAULT_SOURCES = (
    "https://learning.nspcc.org.uk/case-reviews/monthly-case-reviews-update",
    "https://learning.nspcc.org.uk/case-reviews/recently-published-case-reviews",
)


class ConfigError(Exception):
    """A setting that cannot be used as given; the message names it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    env_name: str | None = None  # when the variable is not SCR_DIGEST_<NAME>

    @property
    def env(self) -> str:
        return self.env_name or ENV_PREFIX + self.name.upper()


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _non_negative_float(value: str) -> float:
    number = float(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be more than 0")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _page_size(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 1500:
        raise ValueError("must be 1 to 1500")
    return number


def _ratio(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


def _url_with_host(value: str, schemes: tuple[str, ...]) -> bool:
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in schemes and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number
        return False


def _http_url(value: str) -> str:
    value = value.strip()
    if re.search(r"\s", value) or not _url_with_host(value, ("http", "https")):
        raise ValueError("expected an http:// or https:// address")
    return value


def _smtp_url(value: str) -> str:
    # The value holds the password: never repeat it in a message.
    value = value.strip()
    if re.search(r"\s", value) or not _url_with_host(value, ("smtp", "smtps")):
        raise ValueError("expected smtp://[user:password@]host[:port][?starttls=true] or smtps://…")
    return value


def _links(value: str) -> tuple[str, ...]:
    """Entries "Title https://address", one per line or separated by semicolons."""
    entries = tuple(part.strip() for part in re.split(r"[;\n]", value) if part.strip())
    for entry in entries:
        words = entry.split()
        if len(words) < 2 or not re.fullmatch(r"https?://\S+", words[-1], re.I):
            raise ValueError(f"{entry!r}: expected a title, then an http(s):// address")
    return entries


def _header_text(value: str) -> str:
    """Text that goes into mail headers (the board's name, the sender)."""
    problem = header_text_problem(value)
    if problem:
        raise ValueError(f"{problem} (it goes into the header of every mail)")
    return value.strip()


def _header_csv(value: str) -> tuple[str, ...]:
    problem = header_text_problem(value)
    if problem:
        raise ValueError(f"{problem} (these addresses go into mail headers)")
    return _csv(value)


def _proxy(value: str) -> str:
    """The reverse proxy's IP address, or "" for "none": believe no forwarded headers."""
    value = value.strip()
    if value.lower() == "none":
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise ValueError(
            f"expected the proxy's IP address (e.g. 127.0.0.1) or none, got {value!r}"
        ) from None


def _months(value: str) -> tuple[int, ...]:
    """Month numbers, comma-separated ("4,10")."""
    months = tuple(sorted({int(part) for part in _csv(value)}))
    if not months or any(not 1 <= month <= 12 for month in months):
        raise ValueError("expected month numbers 1-12, comma-separated (e.g. 4,10)")
    return months


def _path(value: str) -> Path:
    return Path(value.strip()).expanduser()


def _timezone(value: str) -> str:
    value = value.strip()
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (e.g. Europe/London)") from None
    return value


_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cron(value: str) -> str:
    """A crontab expression; weekday numbers are read as cron does (0 or 7 Sunday, 1 Monday)
    and stored as names, since APScheduler 3 would count them from Monday."""
    parts = value.split()
    if len(parts) == 5:
        parts[4] = re.sub(
            r"(?<![/\d])([0-7])(?!\d)", lambda m: _WEEKDAYS[int(m.group(1))], parts[4]
        )
    value = " ".join(parts)
    from apscheduler.triggers.cron import CronTrigger  # only when a schedule is given

    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"not a cron expression (minute hour day month weekday): {exc}") from None
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        None,
        "Database URL; default: SQLite file scr-digest.db in the data directory. "
        "PostgreSQL: postgresql+psycopg://user@host/dbname.",
    ),
    Setting(
        "data_dir",
        None,
        "Directory for the database, archived reports and the outbox; "
        "default: the platform's user data directory.",
    ),
    Setting(
        "sources",
        DEFAULT_SOURCES,
        "Listing pages to harvest (comma-separated in the environment, a list in TOML).",
        _csv,
    ),
    Setting(
        "govuk_base_url",
        "https://www.gov.uk",
        "GOV.UK's address for its Search and Content API (a mirror or test server may stand in).",
        lambda value: _http_url(value).rstrip("/"),
    ),
    Setting(
        "govuk_organisations",
        ("child-safeguarding-practice-review-panel",),
        "GOV.UK organisations whose publications are read (slugs; comma-separated in the "
        "environment, a list in TOML; empty: GOV.UK is not read).",
        _csv,
    ),
    Setting(
        "govuk_query",
        "",
        "Words a GOV.UK publication must match (the Search API's q), e.g. serious case reviews; "
        "empty: every publication of the organisations.",
    ),
    Setting(
        "govuk_page_size",
        50,
        "Search results asked for per GOV.UK request (1 to 1500); paging stops at the first "
        "publication already known.",
        _page_size,
    ),
    Setting(
        "contact",
        "",
        "Contact address put in the User-Agent so the source's operators "
        "can reach you (an email address or URL).",
    ),
    Setting("user_agent", None, "Full User-Agent header; default: scr-digest/VERSION (+contact)."),
    Setting(
        "request_delay",
        1.0,
        "Minimum seconds between requests to one host (0 for local testing).",
        _non_negative_float,
    ),
    Setting(
        "request_timeout",
        30.0,
        "Seconds to wait for a server to connect or send data.",
        _non_negative_float,
    ),
    Setting(
        "retries", 4, "Retries for a request after connection errors, 429 and 5xx.", _positive_int
    ),
    Setting(
        "max_page_bytes",
        20 * 1024 * 1024,
        "Largest listing page accepted, in bytes.",
        _positive_int,
    ),
    Setting("obey_robots", True, "Honour robots.txt (leave on for any real source).", _bool),
    Setting(
        "layout_alarm_ratio",
        0.5,
        "Raise the layout alarm when a page yields fewer than this "
        "share of the entries it had last time.",
        _ratio,
    ),
    Setting("log_level", "WARNING", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "log_file",
        None,
        "Also append the log to this file (for the scheduler run as a service).",
        _path,
    ),
    Setting(
        "max_report_bytes",
        50 * 1024 * 1024,
        "Largest overview report downloaded, in bytes.",
        _positive_int,
    ),
    Setting(
        "report_timeout",
        300.0,
        "Seconds one report download may take in all (slow servers are cut off).",
        _non_negative_float,
    ),
    Setting(
        "extract_timeout",
        120.0,
        "Seconds the text extraction of one report may take before its worker is stopped.",
        _non_negative_float,
    ),
    Setting("extract_max_pages", 500, "Reports longer than this are not extracted.", _positive_int),
    Setting(
        "extract_workers",
        0,
        "Extraction worker processes; 0 means one per core.",
        _non_negative_int,
    ),
    Setting(
        "report_max_attempts",
        5,
        "Harvests that try a failing report download before giving up on it (the review stays).",
        _positive_int,
    ),
    Setting(
        "ocr",
        True,
        "OCR reports without a text layer when the ocr extra (ocrmypdf, tesseract) is installed.",
        _bool,
    ),
    Setting(
        "board_name",
        "Local Safeguarding Children Partnership",
        "The board's name: the bulletin's title, subject and sender name.",
        _header_text,
    ),
    Setting(
        "board_office",
        (),
        "Addresses that receive each draft bulletin for approval (comma-separated).",
        _header_csv,
    ),
    Setting(
        "mail_from",
        None,
        "Sender address of drafts and bulletins; default: the first board office address.",
        _header_text,
        env_name="SCR_DIGEST_FROM",
    ),
    Setting(
        "smtp_url",
        None,
        "Mail server, e.g. smtp://user:password@host:587?starttls=true or "
        "smtps://user:password@host:465 (keep it in the environment: it holds the password). "
        "Unset, messages are written as .eml files to the outbox in the data directory.",
        _smtp_url,
    ),
    Setting("smtp_timeout", 30.0, "Seconds to wait for the mail server.", _non_negative_float),
    Setting(
        "smtp_retries",
        3,
        "Retries of one message after a temporary mail server error (4xx, lost connection).",
        _non_negative_int,
    ),
    Setting(
        "smtp_retry_delay",
        5.0,
        "Seconds before the first retry of a message; doubled for each further retry.",
        _non_negative_float,
    ),
    Setting(
        "console_url",
        None,
        "Address of the board's web console, e.g. https://board.example.gov.uk/scr-digest/ ; "
        "bulletins then carry one-click unsubscribe links to it (RFC 8058) and the draft email "
        "a signed link to the draft. Unset: a mailto unsubscribe link to the board office, "
        "handled with the unsubscribe command.",
        _http_url,
    ),
    Setting(
        "trusted_proxy",
        None,
        "IP address of the reverse proxy in front of scr-digest serve: only its "
        "X-Forwarded-For, -Proto and -Host headers are believed (the client's address feeds "
        "the sign-in limits); default: 127.0.0.1 (a proxy on the same machine) when "
        "console_url is set, otherwise none; none believes no proxy.",
        _proxy,
    ),
    Setting(
        "secret_key",
        None,
        "Key signing console sessions and draft links (keep it in the environment); default: "
        "a random key made once and kept in the file secret_key in the data directory.",
    ),
    Setting(
        "draft_link_days",
        14,
        "Days the signed link to the draft in the draft email stays valid.",
        _positive_int,
    ),
    Setting(
        "list_id",
        None,
        "List-Id of the bulletin, e.g. learning-bulletin.example.gov.uk; default: "
        "learning-bulletin. followed by the sender's domain.",
        _header_text,
    ),
    Setting(
        "intro",
        "Each month this bulletin lists the case reviews newly added to the NSPCC's national "
        "repository, with a short summary of each and a link to its overview report. Partner "
        "agencies remain responsible for taking their own learning from the reviews and for "
        "using it to develop their practice.",
        "Introduction of every bulletin (a draft's can be changed with digest intro).",
    ),
    Setting("survey_url", None, "Feedback survey shown in every bulletin.", _http_url),
    Setting(
        "cpd_note",
        "Practitioners who tell us what they took from a review can count it towards their "
        "continuing professional development.",
        "Note shown with the feedback survey link.",
    ),
    Setting("contact_details", None, "Who to contact about the bulletin (shown at its end)."),
    Setting(
        "made_before_in_bulletin",
        True,
        "Show under each review of the bulletin how many earlier reviews made a similar "
        "recommendation, and since when.",
        _bool,
    ),
    Setting(
        "briefing_links",
        (),
        'Local procedure links for the "Find out more" section of seven-minute briefings, '
        "each a title then its http(s) address (like national_summaries).",
        _links,
    ),
    Setting(
        "national_summaries",
        (),
        "Links to national summary reports, each a title then its http(s) address "
        "(a list in TOML; one per line or separated by semicolons in the environment).",
        _links,
    ),
    Setting(
        "timezone",
        "Europe/London",
        "The board's time zone: the schedules below are read in it.",
        _timezone,
    ),
    Setting(
        "harvest_schedule",
        "0 6 * * *",
        "When the scheduler harvests: a cron expression (minute hour day month weekday).",
        _cron,
    ),
    Setting(
        "draft_schedule",
        "0 8 1 * *",
        "When the scheduler drafts the month's digest (cron); a draft missed while the "
        "scheduler was down is made when it starts.",
        _cron,
    ),
    Setting(
        "send_schedule",
        "*/15 * * * *",
        "How often the scheduler delivers approved digests not yet sent (cron).",
        _cron,
    ),
    Setting(
        "maintainers",
        (),
        "Addresses alerted when a harvest fails, a report is given up or a send leaves "
        "deliveries failed or in doubt (comma-separated).",
        _header_csv,
    ),
    Setting(
        "alert_repeat_days",
        7.0,
        "Days before an alert about the same unchanged problem is sent again.",
        _non_negative_float,
    ),
    Setting(
        "feedback_open_days",
        180,
        "Days after a bulletin is sent that its feedback form accepts answers.",
        _positive_int,
    ),
    Setting(
        "feedback_followup_days",
        90,
        "Days after an answer naming a change that the respondent is asked whether it happened.",
        _positive_int,
    ),
    Setting(
        "feedback_reminder_days",
        21,
        "Days after a bulletin is sent that recipients of agencies with no answer are reminded.",
        _positive_int,
    ),
    Setting(
        "feedback_retention_months",
        24,
        "Months respondents' names, emails and unconsented free text are kept (counts stay).",
        _positive_int,
    ),
    Setting(
        "board_report_months",
        (4, 10),
        "Months in which the six-monthly report is mailed to the board office (comma-separated).",
        _months,
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def _default(name: str) -> Any:
    return _BY_NAME[name].default


@dataclass(frozen=True)
class Config:
    db: str | None = _default("db")
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir("scr-digest")))
    sources: tuple[str, ...] = _default("sources")
    govuk_base_url: str = _default("govuk_base_url")
    govuk_organisations: tuple[str, ...] = _default("govuk_organisations")
    govuk_query: str = _default("govuk_query")
    govuk_page_size: int = _default("govuk_page_size")
    contact: str = _default("contact")
    user_agent: str | None = _default("user_agent")
    request_delay: float = _default("request_delay")
    request_timeout: float = _default("request_timeout")
    retries: int = _default("retries")
    max_page_bytes: int = _default("max_page_bytes")
    obey_robots: bool = _default("obey_robots")
    layout_alarm_ratio: float = _default("layout_alarm_ratio")
    log_level: str = _default("log_level")
    log_file: Path | None = None  # no default file: log to stderr only
    max_report_bytes: int = _default("max_report_bytes")
    report_timeout: float = _default("report_timeout")
    extract_timeout: float = _default("extract_timeout")
    extract_max_pages: int = _default("extract_max_pages")
    extract_workers: int = _default("extract_workers")
    report_max_attempts: int = _default("report_max_attempts")
    ocr: bool = _default("ocr")
    board_name: str = _default("board_name")
    board_office: tuple[str, ...] = _default("board_office")
    mail_from: str | None = _default("mail_from")
    smtp_url: str | None = field(default=_default("smtp_url"), repr=False)  # holds a password
    smtp_timeout: float = _default("smtp_timeout")
    smtp_retries: int = _default("smtp_retries")
    smtp_retry_delay: float = _default("smtp_retry_delay")
    console_url: str | None = _default("console_url")
    trusted_proxy: str | None = _default("trusted_proxy")
    secret_key: str | None = field(default=_default("secret_key"), repr=False)  # signs sessions
    draft_link_days: int = _default("draft_link_days")
    list_id: str | None = _default("list_id")
    intro: str = _default("intro")
    survey_url: str | None = _default("survey_url")
    cpd_note: str = _default("cpd_note")
    contact_details: str | None = _default("contact_details")
    made_before_in_bulletin: bool = _default("made_before_in_bulletin")
    briefing_links: tuple[str, ...] = _default("briefing_links")
    national_summaries: tuple[str, ...] = _default("national_summaries")
    timezone: str = _default("timezone")
    harvest_schedule: str = _default("harvest_schedule")
    draft_schedule: str = _default("draft_schedule")
    send_schedule: str = _default("send_schedule")
    maintainers: tuple[str, ...] = _default("maintainers")
    alert_repeat_days: float = _default("alert_repeat_days")
    feedback_open_days: int = _default("feedback_open_days")
    feedback_followup_days: int = _default("feedback_followup_days")
    feedback_reminder_days: int = _default("feedback_reminder_days")
    feedback_retention_months: int = _default("feedback_retention_months")
    board_report_months: tuple[int, ...] = _default("board_report_months")

    @property
    def db_url(self) -> str:
        return self.db or f"sqlite:///{self.data_dir / 'scr-digest.db'}"

    @property
    def forwarding_proxy(self) -> str | None:
        """The one peer whose X-Forwarded-* headers ``serve`` believes, or None."""
        if self.trusted_proxy is not None:
            return self.trusted_proxy or None
        return "127.0.0.1" if self.console_url else None

    @property
    def effective_user_agent(self) -> str:
        if self.user_agent:
            return self.user_agent
        contact = f"; +{self.contact}" if self.contact else ""
        return f"scr-digest/{VERSION} (safeguarding board case review digest{contact})"

    def __post_init__(self) -> None:
        # Every path absolute once settings are made: a later chdir, Flask resolving a relative
        # folder from its package, or a command run from another folder all mean the same place.
        object.__setattr__(self, "data_dir", _absolute(self.data_dir, Path.cwd()))
        if self.log_file is not None:
            object.__setattr__(self, "log_file", _absolute(self.log_file, Path.cwd()))
        if self.db:
            object.__setattr__(self, "db", _absolute_sqlite(self.db, Path.cwd()))

    def with_overrides(self, **overrides: Any) -> Config:
        """Apply CLI flags; ``None`` means the flag was not given."""
        given = {key: value for key, value in overrides.items() if value is not None}
        if "data_dir" in given:
            given["data_dir"] = Path(given["data_dir"])
        return replace(self, **given)


def _absolute(path: Path | str, base: Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else Path(os.path.normpath(base / path))


def _absolute_sqlite(url: str, base: Path) -> str:
    """A SQLite URL naming a relative file, made to name it from ``base``; others unchanged."""
    found = re.fullmatch(r"(sqlite(?:\+\w+)?:///)([^?]*)(\?.*)?", url.strip(), re.S)
    if not found or found.group(2) in ("", ":memory:") or found.group(2).startswith("/"):
        return url
    return f"{found.group(1)}{_absolute(found.group(2), base)}{found.group(3) or ''}"


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    try:
        if isinstance(value, str):
            return setting.parse(value)
        if setting.parse is _months and isinstance(value, list):
            return _months(",".join(str(item) for item in value))
        if setting.parse is _csv and isinstance(value, list):
            return tuple(str(item) for item in value)
        if setting.parse is _header_csv and isinstance(value, list):
            return tuple(item for text in value for item in _header_csv(str(text)))
        if setting.parse is _links and isinstance(value, list):
            return _links("\n".join(str(item) for item in value))
        if setting.parse is _bool and isinstance(value, bool):
            return value
        return setting.parse(str(value))
    except ValueError as exc:
        raise ConfigError(f"{origin}: {setting.name}: {exc}") from None


def load(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from the TOML file (if any) and the environment."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    if path is not None:
        try:
            document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        section = document.get("scr-digest", document)
        # A relative path in the file is relative to the file's folder, wherever it is run from.
        folder = Path(path).expanduser().absolute().parent
        for key, value in section.items():
            setting = _BY_NAME.get(key.replace("-", "_"))
            if setting is None:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[setting.name] = _coerce(setting, value, str(path))
            if setting.name in ("data_dir", "log_file") and values[setting.name] is not None:
                values[setting.name] = _absolute(values[setting.name], folder)
            elif setting.name == "db" and values["db"]:
                values["db"] = _absolute_sqlite(values["db"], folder)
    for setting in SETTINGS:
        if setting.env in environ and environ[setting.env] != "":
            values[setting.name] = _coerce(setting, environ[setting.env], setting.env)
    if "data_dir" in values:
        values["data_dir"] = Path(values["data_dir"]).expanduser()
    known = {f.name for f in fields(Config)}
    return Config(**{key: value for key, value in values.items() if key in known})


def settings_markdown() -> str:
    """The configuration table for the README."""
    rows = ["| setting | environment | default | meaning |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        default = setting.default
        if isinstance(default, tuple):
            glue = "," if setting.parse is _months else ", "
            default = glue.join(map(str, default))
        shown = "(see meaning)" if default in (None, "") else f"`{default}`"
        rows.append(f"| `{setting.name}` | `{setting.env}` | {shown} | {setting.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_markdown())
