"""Text that came from outside (scraped or typed) made safe to compare, store and print."""

from __future__ import annotations

import re
import unicodedata

# Characters that print as nothing but reorder or disguise text: controls (tab and newline
# aside; a carriage return lets text overwrite a terminal line), the soft hyphen, bidi
# embeddings/overrides/isolates/marks (U+202E shows "fdp.exe" as "exe.pdf"), zero-width
# characters, invisible operators, the BOM, interlinear annotations, tag characters, and the
# Hangul and Khmer fillers that render as nothing. The sources publish English prose, where
# none of these carries meaning. The one list: the harvester drops them when it scrapes, and
# everything that prints (bulletin, console, commands) drops them again, for rows stored
# before a character joined the list and for anything typed in.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064"
    "\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)
_SPACE = re.compile(r"\s+")


def strip_invisible(value: object) -> str:
    """``value`` as text without ``INVISIBLE`` characters; tabs and newlines are kept, and
    None is the empty string."""
    return INVISIBLE.sub("", "" if value is None else str(value))


def clean_text(text: str) -> str:
    """One line of prose: every run of whitespace (line breaks and other whitespace controls,
    non-breaking spaces, double spaces) one space, invisible characters gone, trimmed."""
    # Whitespace first, so a line separator or carriage return between two words still
    # separates them instead of being dropped with the invisibles.
    return _SPACE.sub(" ", INVISIBLE.sub("", _SPACE.sub(" ", text))).strip()


# An RFC 2047 encoded-word. Python's email generator (CPython before the CVE-2024-6923 fix)
# decodes and re-folds one in a display name, so an encoded CR LF becomes real header lines.
ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bq]\?[^?\s]*\?=", re.I)


def header_text_problem(value: str) -> str | None:
    """Why ``value`` may not go into a mail header (a name, an agency, the board's name), or
    None: no control characters, no line breaks or separators, no encoded-words."""
    for char in value:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            what = (
                "a line break" if char in "\r\n\x0b\x0c\x85\u2028\u2029" else "a control character"
            )
            return f"holds {what} (U+{ord(char):04X}); it must be one line of plain text"
    if ENCODED_WORD.search(value):
        return (
            "holds an RFC 2047 encoded-word (=?…?=), which mail programs decode into other "
            "text; write it as plain text"
        )
    return None
