"""Content lines shared by vCard (RFC 6350) and iCalendar (RFC 5545): TEXT escaping and
folding at 75 octets, which both formats define the same way."""

from __future__ import annotations

MAX_OCTETS = 75
CRLF = "\r\n"


def escape(text: str) -> str:
    """A TEXT value: backslash, comma, semicolon and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a logical line into physical lines of at most 75 octets.

    Continuation lines start with a space, which counts towards their 75 octets. A UTF-8
    character and a backslash escape are never split.
    """
    data = line.encode("utf-8")
    if len(data) <= MAX_OCTETS:
        return line
    pieces: list[bytes] = []
    start, limit = 0, MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character
            end -= 1
        backslashes = end - start - len(data[start:end].rstrip(b"\\"))
        if backslashes % 2:  # the last backslash starts an escape: keep it with its letter
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, MAX_OCTETS - 1
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


def content(lines: list[str]) -> str:
    """Logical lines as folded physical lines, each ending in CRLF."""
    return "".join(fold(line) + CRLF for line in lines)
