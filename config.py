"""Settings: defaults, then a TOML file, then ``SCR_DIGEST_*`` environment variables, then flags.

Every setting is declared once in ``SETTINGS``; the same table feeds ``--help``, the README's
configuration section and a test that each setting is documented.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

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

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


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


def _ratio(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


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
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def _default(name: str) -> Any:
    return _BY_NAME[name].default


@dataclass(frozen=True)
class Config:
    db: str | None = _default("db")
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir("scr-digest")))
    sources: tuple[str, ...] = _default("sources")
    contact: str = _default("contact")
    user_agent: str | None = _default("user_agent")
    request_delay: float = _default("request_delay")
    request_timeout: float = _default("request_timeout")
    retries: int = _default("retries")
    max_page_bytes: int = _default("max_page_bytes")
    obey_robots: bool = _default("obey_robots")
    layout_alarm_ratio: float = _default("layout_alarm_ratio")
    log_level: str = _default("log_level")
    max_report_bytes: int = _default("max_report_bytes")
    report_timeout: float = _default("report_timeout")
    extract_timeout: float = _default("extract_timeout")
    extract_max_pages: int = _default("extract_max_pages")
    extract_workers: int = _default("extract_workers")
    report_max_attempts: int = _default("report_max_attempts")
    ocr: bool = _default("ocr")

    @property
    def db_url(self) -> str:
        return self.db or f"sqlite:///{self.data_dir / 'scr-digest.db'}"

    @property
    def effective_user_agent(self) -> str:
        if self.user_agent:
            return self.user_agent
        contact = f"; +{self.contact}" if self.contact else ""
        return f"scr-digest/{VERSION} (safeguarding board case review digest{contact})"

    def with_overrides(self, **overrides: Any) -> Config:
        """Apply CLI flags; ``None`` means the flag was not given."""
        given = {key: value for key, value in overrides.items() if value is not None}
        if "data_dir" in given:
            given["data_dir"] = Path(given["data_dir"])
        return replace(self, **given)


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    try:
        if isinstance(value, str):
            return setting.parse(value)
        if setting.parse is _csv and isinstance(value, list):
            return tuple(str(item) for item in value)
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
        for key, value in section.items():
            setting = _BY_NAME.get(key.replace("-", "_"))
            if setting is None:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[setting.name] = _coerce(setting, value, str(path))
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
            default = ", ".join(default)
        shown = "(see meaning)" if default in (None, "") else f"`{default}`"
        rows.append(f"| `{setting.name}` | `{setting.env}` | {shown} | {setting.help} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_markdown())
