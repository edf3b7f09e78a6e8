"""Who the product's mail comes from, its list headers, and the transport the settings name."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path

from common.emails import check_email
from common.text import strip_invisible
from config import Config
from mail.errors import MailConfigError
from mail.transports import FileTransport, SMTPSettings, SMTPTransport, Transport


class MailSettingsError(MailConfigError):
    """The configured addresses cannot make a sender; the message says which setting to fix."""


@dataclass(frozen=True)
class MailSettings:
    sender: Address
    list_id: str
    unsubscribe_base: str | None
    unsubscribe_mailbox: str
    board_office: tuple[str, ...]

    @property
    def domain(self) -> str:
        return self.sender.domain

    def unsubscribe_link(self, token: str) -> str:
        if self.unsubscribe_base:
            return f"{self.unsubscribe_base.rstrip('/')}/unsubscribe/{token}"
        return f"mailto:{self.unsubscribe_mailbox}?subject=unsubscribe%20{token}"

    def list_headers(self, token: str) -> dict[str, str]:
        headers = {"List-Id": self.list_id, "List-Unsubscribe": f"<{self.unsubscribe_link(token)}>"}
        if self.unsubscribe_base and self.unsubscribe_base.lower().startswith("https://"):
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
        return headers


def mail_settings(config: Config, *, need_sender: bool = True) -> MailSettings:
    """Raises ``MailSettingsError`` for an address that is not one, or (``need_sender``) none."""
    try:
        office = tuple(check_email(address) for address in config.board_office)
        sender_address = config.mail_from or (office[0] if office else None)
        if sender_address is None:
            if need_sender:
                raise MailSettingsError(
                    "no sender address: set SCR_DIGEST_FROM (or SCR_DIGEST_BOARD_OFFICE, whose "
                    "first address is then used)"
                )
            sender_address = "scr-digest@localhost.invalid"
        sender = check_email(sender_address)
    except ValueError as exc:
        raise MailSettingsError(f"mail settings: {exc}") from None
    name = strip_invisible(config.board_name).strip().replace('"', "")
    domain = sender.rsplit("@", 1)[1].lower()
    list_id = strip_invisible(config.list_id).strip().strip("<>") or f"learning-bulletin.{domain}"
    return MailSettings(
        sender=Address(display_name=name, addr_spec=sender),
        list_id=f'"{name} learning bulletin" <{list_id}>',
        unsubscribe_base=config.console_url,
        unsubscribe_mailbox=office[0] if office else sender,
        board_office=office,
    )


def transport_for(smtp_url: str | None, outbox: Path, *, timeout: float = 30.0) -> Transport:
    """SMTP when an address is given, else the file outbox."""
    if smtp_url:
        return SMTPTransport(SMTPSettings.from_url(smtp_url, timeout=timeout))
    return FileTransport(outbox)


def transport_from_config(config: Config) -> Transport:
    """The transport the settings name: ``smtp_url``, else the outbox in the data directory.

    Raises ``MailConfigError`` for an SMTP address that cannot be used.
    """
    return transport_for(config.smtp_url, config.data_dir / "outbox", timeout=config.smtp_timeout)
