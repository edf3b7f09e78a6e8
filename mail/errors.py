"""What a failed send means for the caller, and whether to try again.

- ``TemporaryFailure``: a 4xx reply or a lost connection before the message was handed over;
  worth retrying (``connection`` says whether the server as a whole is in trouble);
- ``PermanentFailure``: a 5xx reply for this message or address; retrying will not help;
- ``InDoubt``: the connection was lost after the message was handed over, before the server
  confirmed it: it may or may not have been accepted;
- ``MailConfigError``: the server refuses us (login, sender address, TLS), or the settings are
  wrong; nothing can go.
"""

from __future__ import annotations


class MailError(Exception):
    """A message could not be sent; the text is one line for people."""


class TemporaryFailure(MailError):
    def __init__(self, message: str, *, connection: bool) -> None:
        super().__init__(message)
        self.connection = connection  # the server or the connection, not this message


class PermanentFailure(MailError):
    pass


class InDoubt(MailError):
    pass


class MailConfigError(MailError):
    pass


def retry_delay(failures: int, *, retries: int, base: float, cap: float = 300.0) -> float | None:
    """Seconds to wait before trying again after ``failures`` failed tries; None: give up.

    Doubling waits: base, 2 × base, 4 × base … (never more than ``cap``), ``retries`` times.
    """
    if failures < 1 or failures > retries:
        return None
    return min(cap, base * 2 ** (failures - 1))
