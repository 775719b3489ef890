"""The journal's text: new entry ids, and new entries put in place among the old ones.

The files themselves are written all or none by :mod:`jxc.fs.transaction` (its
entry points are re-exported here for the write room's callers).
"""

from __future__ import annotations

import secrets

from jxc.fs.transaction import (INTENT_FILE, TMP_SUFFIX, atomic_write, atomic_write_bytes,  # noqa: F401
                                consistent_read, finish_interrupted, ledger_lock, remove_leftovers,
                                write_files)
from jxc.ledger.yamlread import read_documents

__all__ = ["INTENT_FILE", "TMP_SUFFIX", "atomic_write", "atomic_write_bytes", "consistent_read",
           "finish_interrupted", "ledger_lock", "remove_leftovers", "write_files", "new_id",
           "insert_entries", "splice"]

_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def new_id(date) -> str:
    """``YYYYMMDD-xxxxxx``: the date and 6 random base-36 characters (2·10⁹ per day),
    so two branches that write on the same day practically never collide."""
    # zero-padded by hand: strftime's %Y gives '999', not '0999', for years before 1000
    return f"{date.year:04d}{date.month:02d}{date.day:02d}-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


def insert_entries(text: str, name: str, new: list[tuple]) -> str:
    """``text`` with each (date, document text) inserted after the last entry of the same or an
    earlier date (SPEC 2).  Existing bytes (comments, hand formatting) are kept as they are."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    docs = read_documents(text, name) if text.strip() else []
    # (date, first line index) of each document, to find the insertion points
    starts = []
    for d in docs:
        date = None
        if isinstance(d.value, dict) and "date" in d.value:
            from jxc.ledger.schema import parse_date_text
            date = parse_date_text(str(d.value["date"]))
        starts.append((date, _doc_first_line(lines, d.start_line - 1)))
    return splice(lines, starts, new)


def splice(lines: list, starts: list, new: list) -> str:
    """``lines`` with each (date, document text) of ``new`` put before the first document
    dated later (``starts``: (date, first line index) of each document), else at the end."""
    inserts: dict[int, list[str]] = {}
    for date, doc_text in new:
        at = len(lines)
        for d_date, first in starts:
            if d_date is not None and d_date > date:
                at = first
                break
        inserts.setdefault(at, []).append(doc_text)
    out = []
    for i in range(len(lines) + 1):
        if i in inserts:
            out.extend(inserts[i])
            if i < len(lines) and not lines[i].startswith("---"):
                out.append("---\n")  # the next document had an implicit start: keep it separate
        if i < len(lines):
            out.append(lines[i])
    return "".join(out)


def _doc_first_line(lines, idx: int) -> int:
    """The line index where a document's text starts: its '---' marker when it has one."""
    idx = min(idx, len(lines))
    if idx < len(lines) and lines[idx].startswith("---"):
        return idx
    # an implicit document: step back over the '---' that may precede it
    j = idx - 1
    while j >= 0 and (not lines[j].strip() or lines[j].lstrip().startswith("#")):
        j -= 1
    if j >= 0 and lines[j].startswith("---"):
        return j
    return idx
