"""Files a git merge left unresolved.

A merge that stopped leaves ``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines in the
file.  Read as YAML they give a puzzling "invalid YAML" somewhere near; jxc says
what it is, at the first marker's line, before reading the file.
"""

from __future__ import annotations

import re

from jxc.errors import LedgerError

_MARKER = re.compile(r"^(<{7}|>{7})(?: |$)|^={7}$", re.M)


def conflict_line(text: str) -> int | None:
    """The 1-based line of the first merge-conflict marker in ``text``, or None."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "=======" not in text:
        return None                      # the common case: no scan at all
    m = _MARKER.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def refuse_conflict(text: str, path: str) -> None:
    """Raise LedgerError ``PATH:N: unresolved merge conflict`` when git left markers."""
    n = conflict_line(text)
    if n is not None:
        raise LedgerError(f"unresolved merge conflict at {path}:{n} (git's <<<<<<< / ======= / >>>>>>>"
                          " lines): keep the right version, delete the markers, then run jxc check",
                          path, n)
