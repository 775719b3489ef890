"""Problems found in a ledger or a request.

Following beancount, problems are *values*: the loader collects them so that
`jxc check` can list every one at once, and a write command can refuse with the
first.  `LedgerError` is the exception form, raised where going on makes no sense.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


MESSAGE_LIMIT = 300     # characters of a message printed; a bad value is never shown whole


def excerpt(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` made safe to print on one line: characters that are not printable
    (line breaks, terminal escapes, U+2028 ...) written as Python escapes, and cut to
    ``limit`` characters with '…', so that no message can print a whole file or forge
    a second ``PATH:LINE: error:`` line."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem, with the place it comes from when it has one."""

    message: str
    path: str | None = None
    line: int | None = None
    # The id of the entry this problem left unread, so that a later reference to it
    # (a return's ``of``) is not reported a second time as "unknown".
    entry_id: str | None = None

    def __str__(self) -> str:
        message = excerpt(self.message)
        path = excerpt(self.path, 200) if self.path else None
        if path and self.line:
            return f"{path}:{self.line}: error: {message}"
        if path:
            return f"{path}: error: {message}"
        return f"error: {message}"


class LedgerError(Exception):
    """A problem in the ledger or the request (exit code 1)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 problems: list[Problem] | None = None):
        super().__init__(message)
        self.problem = Problem(message, path, line)
        self.problems = problems or [self.problem]

    def __str__(self) -> str:
        return str(self.problem)


def closest(name: str, known) -> str:
    """' (did you mean X?)' for the closest known name, or '' when nothing is close."""
    from jxc.ledger.names import skeleton  # a look-alike (ＴＥＡ-001 for TEA-001) first
    candidates = list(known)
    if not name.isascii():
        sk = skeleton(name)
        match = [c for c in candidates if skeleton(c) == sk]
        if match:
            return f" (did you mean {match[0]!r}?)"
    match = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in candidates}
        if name.lower() in lowered:
            match = [lowered[name.lower()]]
    return f" (did you mean {match[0]!r}?)" if match else ""
