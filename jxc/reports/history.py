"""`jxc history ID`: what git remembers of one entry.

The journal keeps one entry per line (its canonical form), so an entry's history is
the history of the lines that carry its ``id``: ``git log -G`` finds the commits
whose diff adds or removes such a line, and each commit's diff gives the line
before and after.  git is run as a program (``git`` on PATH): jxc adds no library
for a read-only log, and the user's own git config (mailmap, safe.directory) applies.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jxc.errors import LedgerError
from jxc.reports.render import Column, Report

_SEP = "\x1f"
_HEADER = "\x1e"


@dataclass(frozen=True)
class Change:
    """One commit's change to one entry: ``change`` is added, edited or removed."""

    commit: str
    author: str
    date: str           # the author date, ISO 8601 with its offset
    change: str
    file: str
    before: str | None  # the entry's line before the commit (None: it was not there)
    after: str | None   # and after it


def _id_pattern(eid: str) -> str:
    """A regex for a line carrying ``id: EID`` (plain or quoted) in a flow mapping."""
    q = re.escape(eid)
    return r"""(^|[{,] *)id: *(%s|'%s'|"%s") *[,}]""" % (q, q, q)


def _git(root: Path, *args: str) -> str:
    if shutil.which("git") is None:
        raise LedgerError("jxc history needs git, and git is not installed (not on PATH)")
    p = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                       encoding="utf-8", errors="replace")
    if p.returncode != 0:
        msg = (p.stderr.strip().splitlines() or ["git failed"])[-1]
        if "not a git repository" in msg.lower():
            raise LedgerError(f"{root} is not in a git repository: jxc history reads the history "
                              f"git keeps (git init, then commit the ledger)")
        raise LedgerError(f"git: {msg}")
    return p.stdout


def entry_history(root: Path, eid: str) -> list[Change]:
    """Every commit that added, edited or removed entry ``eid``, oldest first.

    Raises LedgerError outside a git repository or without git.  A commit that
    moved the line within or between files without changing it is not a change.
    """
    pattern = _id_pattern(eid)
    _git(root, "rev-parse", "--git-dir")
    out = _git(root, "log", "--reverse", "--no-color", "--no-renames", "--unified=0", "-p",
               "--extended-regexp", f"-G{pattern}",
               f"--format={_HEADER}%H{_SEP}%an <%ae>{_SEP}%aI", "--", ".")
    rx = re.compile(pattern)
    changes = []
    for chunk in out.split(_HEADER)[1:]:
        head, _, diff = chunk.partition("\n")
        commit, author, date = head.split(_SEP)
        before, after, file = _lines_of(diff, rx)
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "edited"
        changes.append(Change(commit, author, date, kind, file, before, after))
    return changes


def _lines_of(diff: str, rx) -> tuple:
    """(line before, line after, file) of the entry in one commit's ``--unified=0`` diff.

    Hunk lines are told from file headers by position (after ``@@``), because a
    journal line itself starts with ``---`` (a YAML document marker).
    """
    before = after = None
    file = ""
    in_hunk = False
    for ln in diff.splitlines():
        if ln.startswith("diff --git "):
            in_hunk = False
        elif not in_hunk and ln.startswith(("+++ b/", "--- a/")):
            file = file or ln[6:]
        elif ln.startswith("@@"):
            in_hunk = True
        elif in_hunk and ln[:1] in ("+", "-") and rx.search(ln[1:]):
            if ln[0] == "-":
                before = ln[1:].strip()
            else:
                after = ln[1:].strip()
    return before, after, file


def history_report(changes: list[Change]) -> Report:
    """The changes as a report: commit (12 characters), author, date, change, file, before, after."""
    cols = [Column("commit"), Column("author"), Column("date"), Column("change"), Column("file"),
            Column("before"), Column("after")]
    rows = [[c.commit[:12], c.author, c.date, c.change, c.file, c.before, c.after] for c in changes]
    return Report(cols, rows)
