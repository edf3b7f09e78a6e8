"""Settings: defaults, then a TOML file, then ``SCR_DIGEST_*`` environment variables, then flags.

Every setting is declared once in ``SETTINGS``; the same table feeds ``--help``, the README's
configuration section and a test that each setting is documented.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from common import values

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
        values.csv_list,
    ),
    Setting(
        "govuk_base_url",
        "https://www.gov.uk",
        "GOV.UK's address for its Search and Content API (a mirror or test server may stand in).",
        lambda value: values.http_url(value).rstrip("/"),
    ),
    Setting(
        "govuk_organisations",
        ("child-safeguarding-practice-review-panel",),
        "GOV.UK organisations whose publications are read (slugs; comma-separated in the "
        "environment, a list in TOML; empty: GOV.UK is not read).",
        values.csv_list,
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
        values.page_size,
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
        values.non_negative_float,
    ),
    Setting(
        "request_timeout",
        30.0,
        "Seconds to wait for a server to connect or send data.",
        values.non_negative_float,
    ),
    Setting(
        "retries",
        4,
        "Retries for a request after connection errors, 429 and 5xx.",
        values.positive_int,
    ),
    Setting(
        "max_page_bytes",
        20 * 1024 * 1024,
        "Largest listing page accepted, in bytes.",
        values.positive_int,
    ),
    Setting(
        "obey_robots", True, "Honour robots.txt (leave on for any real source).", values.boolean
    ),
    Setting(
        "layout_alarm_ratio",
        0.5,
        "Raise the layout alarm when a page yields fewer than this "
        "share of the entries it had last time.",
        values.ratio,
    ),
    Setting("log_level", "WARNING", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "log_file",
        None,
        "Also append the log to this file (for the scheduler run as a service).",
        values.path,
    ),
    Setting(
        "max_report_bytes",
        50 * 1024 * 1024,
        "Largest overview report downloaded, in bytes.",
        values.positive_int,
    ),
    Setting(
        "report_timeout",
        300.0,
        "Seconds one report download may take in all (slow servers are cut off).",
        values.non_negative_float,
    ),
    Setting(
        "extract_timeout",
        120.0,
        "Seconds the text extraction of one report may take before its worker is stopped.",
        values.non_negative_float,
    ),
    Setting(
        "extract_max_pages", 500, "Reports longer than this are not extracted.", values.positive_int
    ),
    Setting(
        "extract_workers",
        0,
        "Extraction worker processes; 0 means one per core.",
        values.non_negative_int,
    ),
    Setting(
        "report_max_attempts",
        5,
        "Harvests that try a failing report download before giving up on it (the review stays).",
        values.positive_int,
    ),
    Setting(
        "ocr",
        True,
        "OCR reports without a text layer when the ocr extra (ocrmypdf, tesseract) is installed.",
        values.boolean,
    ),
    Setting(
        "board_name",
        "Local Safeguarding Children Partnership",
        "The board's name: the bulletin's title, subject and sender name.",
        values.header_text,
    ),
    Setting(
        "board_office",
        (),
        "Addresses that receive each draft bulletin for approval (comma-separated).",
        values.header_csv,
    ),
    Setting(
        "mail_from",
        None,
        "Sender address of drafts and bulletins; default: the first board office address.",
        values.header_text,
        env_name="SCR_DIGEST_FROM",
    ),
    Setting(
        "smtp_url",
        None,
        "Mail server, e.g. smtp://user:password@host:587?starttls=true or "
        "smtps://user:password@host:465 (keep it in the environment: it holds the password). "
        "Unset, messages are written as .eml files to the outbox in the data directory.",
        values.smtp_url,
    ),
    Setting(
        "smtp_timeout", 30.0, "Seconds to wait for the mail server.", values.non_negative_float
    ),
    Setting(
        "smtp_retries",
        3,
        "Retries of one message after a temporary mail server error (4xx, lost connection).",
        values.non_negative_int,
    ),
    Setting(
        "smtp_retry_delay",
        5.0,
        "Seconds before the first retry of a message; doubled for each further retry.",
        values.non_negative_float,
    ),
    Setting(
        "console_url",
        None,
        "Address of the board's web console, e.g. https://board.example.gov.uk/scr-digest/ ; "
        "bulletins then carry one-click unsubscribe links to it (RFC 8058) and the draft email "
        "a signed link to the draft. Unset: a mailto unsubscribe link to the board office, "
        "handled with the unsubscribe command.",
        values.http_url,
    ),
    Setting(
        "trusted_proxy",
        None,
        "IP address of the reverse proxy in front of scr-digest serve: only its "
        "X-Forwarded-For, -Proto and -Host headers are believed (the client's address feeds "
        "the sign-in limits); default: 127.0.0.1 (a proxy on the same machine) when "
        "console_url is set, otherwise none; none believes no proxy.",
        values.proxy,
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
        values.positive_int,
    ),
    Setting(
        "list_id",
        None,
        "List-Id of the bulletin, e.g. learning-bulletin.example.gov.uk; default: "
        "learning-bulletin. followed by the sender's domain.",
        values.header_text,
    ),
    Setting(
        "intro",
        "Each month this bulletin lists the case reviews newly added to the NSPCC's national "
        "repository, with a short summary of each and a link to its overview report. Partner "
        "agencies remain responsible for taking their own learning from the reviews and for "
        "using it to develop their practice.",
        "Introduction of every bulletin (a draft's can be changed with digest intro).",
    ),
    Setting("survey_url", None, "Feedback survey shown in every bulletin.", values.http_url),
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
        values.boolean,
    ),
    Setting(
        "briefing_links",
        (),
        'Local procedure links for the "Find out more" section of seven-minute briefings, '
        "each a title then its http(s) address (like national_summaries).",
        values.links,
    ),
    Setting(
        "national_summaries",
        (),
        "Links to national summary reports, each a title then its http(s) address "
        "(a list in TOML; one per line or separated by semicolons in the environment).",
        values.links,
    ),
    Setting(
        "timezone",
        "Europe/London",
        "The board's time zone: the schedules below are read in it.",
        values.timezone,
    ),
    Setting(
        "harvest_schedule",
        "0 6 * * *",
        "When the scheduler harvests: a cron expression (minute hour day month weekday).",
        values.cron,
    ),
    Setting(
        "draft_schedule",
        "0 8 1 * *",
        "When the scheduler drafts the month's digest (cron); a draft missed while the "
        "scheduler was down is made when it starts.",
        values.cron,
    ),
    Setting(
        "send_schedule",
        "*/15 * * * *",
        "How often the scheduler delivers approved digests not yet sent (cron).",
        values.cron,
    ),
    Setting(
        "maintainers",
        (),
        "Addresses alerted when a harvest fails, a report is given up or a send leaves "
        "deliveries failed or in doubt (comma-separated).",
        values.header_csv,
    ),
    Setting(
        "alert_repeat_days",
        7.0,
        "Days before an alert about the same unchanged problem is sent again.",
        values.non_negative_float,
    ),
    Setting(
        "feedback_open_days",
        180,
        "Days after a bulletin is sent that its feedback form accepts answers.",
        values.positive_int,
    ),
    Setting(
        "feedback_followup_days",
        90,
        "Days after an answer naming a change that the respondent is asked whether it happened.",
        values.positive_int,
    ),
    Setting(
        "feedback_reminder_days",
        21,
        "Days after a bulletin is sent that recipients of agencies with no answer are reminded.",
        values.positive_int,
    ),
    Setting(
        "feedback_retention_months",
        24,
        "Months respondents' names, emails and unconsented free text are kept (counts stay).",
        values.positive_int,
    ),
    Setting(
        "board_report_months",
        (4, 10),
        "Months in which the six-monthly report is mailed to the board office (comma-separated).",
        values.months,
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
        if setting.parse is values.months and isinstance(value, list):
            return values.months(",".join(str(item) for item in value))
        if setting.parse is values.csv_list and isinstance(value, list):
            return tuple(str(item) for item in value)
        if setting.parse is values.header_csv and isinstance(value, list):
            return tuple(item for text in value for item in values.header_csv(str(text)))
        if setting.parse is values.links and isinstance(value, list):
            return values.links("\n".join(str(item) for item in value))
        if setting.parse is values.boolean and isinstance(value, bool):
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
            glue = "," if setting.parse is values.months else ", "
            default = glue.join(map(str, default))
        shown = "(see meaning)" if default in (None, "") else f"`{default}`"
        rows.append(f"| `{setting.name}` | `{setting.env}` | {shown} | {setting.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_markdown())
