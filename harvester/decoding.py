"""Decoding a gzip or deflate body as it streams in, with the output capped per call.

Ours rather than urllib3's (or requests' ``iter_content``) for two guarantees of the fault
matrix: a decompression bomb never inflates past the caller's cap, because each ``feed`` returns
at most ``limit`` bytes; and a truncated stream is an error ("truncated gzip data"), told apart
from a malformed one, where urllib3 hands back the part it got.
"""

from __future__ import annotations

import zlib

DECODED = ("gzip", "x-gzip", "deflate")
IDENTITY = ("", "identity")


def decoder_for(content_encoding: str | None) -> ContentDecoder | None:
    """The decoder for a Content-Encoding header; None for a body sent as it is.

    Raises UnsupportedEncoding for any other coding: passing it on undecoded would store
    compressed bytes as a page or a report.
    """
    encoding = (content_encoding or "").strip().lower()
    if encoding in IDENTITY:
        return None
    if encoding in DECODED:
        return ContentDecoder(encoding)
    raise UnsupportedEncoding(encoding)


class DecodeFailed(Exception):
    """The body is not what its Content-Encoding says (``str()`` says how)."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we do not decode (br, zstd, compress, anything unknown)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        super().__init__(f"cannot decode a body with Content-Encoding {encoding!r}")


class ContentDecoder:
    """Incremental gzip/deflate decoding with the output capped per call."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._wbits = 16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS
        self._obj = zlib.decompressobj(self._wbits)
        self._started = False
        self._members_done = 0
        self._trailing_garbage = False

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode ``data``, returning at most ``limit`` bytes (the caller stops past its cap)."""
        out = bytearray()
        while data and len(out) < limit and not self._trailing_garbage:
            if self._obj.eof:
                if not self._gzip:
                    break  # bytes after a complete deflate stream: nothing of ours
                # Another gzip member (RFC 1952 allows several), or trailing garbage.
                self._members_done += 1
                self._obj = zlib.decompressobj(self._wbits)
            try:
                out += self._obj.decompress(data, limit - len(out))
            except zlib.error as exc:
                if not self._gzip and not self._started and self._wbits > 0:
                    # "deflate" is meant to be zlib-wrapped; some servers send it raw.
                    self._wbits = -zlib.MAX_WBITS
                    self._obj = zlib.decompressobj(self._wbits)
                    continue
                if self._members_done:
                    # What gzip(1) and urllib3 do: keep the complete members, drop the padding.
                    self._trailing_garbage = True
                    break
                raise DecodeFailed(f"invalid {self.encoding} data ({exc})") from exc
            self._started = True
            data = self._obj.unconsumed_tail or self._obj.unused_data
        return bytes(out)

    def finish(self) -> None:
        if self._started and not self._obj.eof and not self._trailing_garbage:
            raise DecodeFailed(f"truncated {self.encoding} data")
