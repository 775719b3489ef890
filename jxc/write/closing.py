"""Closing the books on disk: `jxc lock`, `jxc lock --undo`, the refusal of back-dated writes
and the tamper check of `jxc check`.  The rules themselves are in :mod:`jxc.ledger.lock`.
"""

from __future__ import annotations

import datetime as dt
import re

from jxc.errors import LedgerError, Problem
from jxc.ledger import lock as L
from jxc.ledger.files import SETTINGS_FILE
from jxc.fs.transaction import atomic_write, ledger_lock

_LOCK_LINE = re.compile(r"^lock:.*\n?(?:[ \t]+.*\n?)*", re.M)


def current_locked(ledger, date: dt.date) -> tuple[list, list]:
    """(LockedEntry list, problems): the entries dated on or before ``date`` as they are now
    (read through the parse cache: no YAML for an unchanged file)."""
    from jxc.store.reader import load_journal
    journal = load_journal(ledger)
    locked = [e for e in journal.entries if e.date <= date]
    out = [L.LockedEntry(i, h, e.path, e.line) for e, (i, h) in zip(locked, L.locked_pairs(locked, date))]
    return out, journal.problems


def _manifest_path(ledger):
    return ledger.root / L.MANIFEST_FILE


def lock_problems(ledger) -> list[Problem]:
    """What `jxc check` adds: every change to a locked entry since `jxc lock` (none without a lock)."""
    lock = ledger.settings.lock
    if lock is None:
        return []
    from jxc.store.snapshot import locked_digest
    mp = _manifest_path(ledger)
    text = mp.read_text(encoding="utf-8") if mp.exists() else None
    # Nothing changed: the evidence matches the lock and the entries match the evidence.  The
    # entries' digest is kept in the replay record, so a warm `check` hashes no entry.
    if text is not None and L.manifest_digest(text) == lock.digest \
            and locked_digest(ledger, lock.date) == lock.digest:
        return []
    current, _ = current_locked(ledger, lock.date)
    return L.tamper_problems(lock, text, current, L.MANIFEST_FILE, SETTINGS_FILE)


def _set_lock_line(text: str, line: str | None) -> str:
    """``jxc.yaml`` with its ``lock:`` entry replaced by ``line`` (or removed); the rest kept."""
    text = _LOCK_LINE.sub("", text)
    if line is None:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + line + "\n"


def lock_books(ledger, date: dt.date, today: dt.date | None = None) -> tuple[L.Lock, int]:
    """Close the books up to ``date`` (inclusive): write ``locked.txt`` and ``lock:`` in jxc.yaml.

    Refused (LedgerError, nothing written) when the ledger has problems, when ``date``
    is after today (a period not over yet), when it would move an existing lock back
    (reopen with ``--undo`` first), or when locked entries were changed since the last lock
    (re-locking would hide the change).  Returns the lock and the number of entries closed.
    """
    from jxc.write.commit import validate
    today = today or dt.date.today()
    if date > today:
        raise LedgerError(f"cannot lock up to {date}: the period is not over yet (today is {today})")
    with ledger_lock(ledger.root):
        ledger.reload()
        old = ledger.settings.lock
        if old is not None and date < old.date:
            raise LedgerError(f"the books are locked up to {old.date}; "
                              f"run jxc lock --undo before locking an earlier date")
        problems = list(validate(ledger)[2]) + lock_problems(ledger)
        if problems:
            raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
        current, _ = current_locked(ledger, date)
        manifest = L.manifest_text((e.id, e.hash) for e in current)
        lock = L.Lock(date, L.manifest_digest(manifest))
        atomic_write(_manifest_path(ledger), manifest)
        settings = ledger.settings_path
        atomic_write(settings, _set_lock_line(settings.read_text(encoding="utf-8"),
                                              f"lock: {{date: {date}, digest: '{lock.digest}'}}"))
        ledger.reload()
        return lock, len(current)


def unlock_books(ledger) -> tuple[L.Lock, int]:
    """Reopen the books: remove ``lock:`` and ``locked.txt``; returns the lock removed and the
    number of entries it had closed.  LedgerError when nothing is locked."""
    with ledger_lock(ledger.root):
        ledger.reload()
        old = ledger.settings.lock
        if old is None:
            raise LedgerError("the books are not locked: nothing to reopen")
        mp = _manifest_path(ledger)
        n = 0
        if mp.exists():
            n = len(mp.read_text(encoding="utf-8").splitlines())
        settings = ledger.settings_path
        atomic_write(settings, _set_lock_line(settings.read_text(encoding="utf-8"), None))
        if mp.exists():
            mp.unlink()
        ledger.reload()
        return old, n
