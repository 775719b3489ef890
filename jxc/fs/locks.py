"""The ledger's two locks: one writer at a time, and readers that never see half a write.

Two lock files sit in the ledger folder (both ignored by git):

``.jxc.lock``
    held *exclusively* by a writer for the whole of a write (re-read, validate,
    write).  Writers queue on it, so no entry is lost or interleaved and the
    negative-stock check sees every earlier write.  It is the file earlier jxc
    versions locked with ``flock``; portalocker locks it with ``flock`` too on
    Linux and macOS, so an old and a new jxc still exclude each other.
``.jxc-read.lock``
    held *shared* by a reader while it reads the journal, and *exclusively* by a
    writer only while it renames its new files into place (milliseconds).  A
    reader therefore reads either every file of a write or none of them, and a
    writer's long validation never holds readers up.

Why portalocker and not filelock: portalocker offers shared locks (filelock has only
exclusive ones), uses ``flock`` on POSIX (the primitive of the existing lock file)
and ``LockFileEx`` on Windows, and is small and maintained.

A writer that has to wait says so on stderr after :data:`NOTICE_AFTER` seconds and
gives up after ``wait`` seconds with a :class:`~jxc.errors.LedgerError`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from pathlib import Path

import portalocker

from jxc.errors import LedgerError

WRITE_LOCK = ".jxc.lock"
READ_LOCK = ".jxc-read.lock"
DEFAULT_WAIT = 30.0      # seconds a command waits for a lock before giving up (SPEC: --wait)
NOTICE_AFTER = 1.0       # seconds of silent waiting before saying so on stderr
_POLL = 0.05

# Locks this thread holds, by (folder, lock file name) → [exclusive, depth].  flock
# locks belong to an open file, so a second open of the same file by this thread
# would wait for the first: nested requests re-use the lock already held instead.
# Per thread, so that threads of one process (a web server) still exclude each other.
_local = threading.local()


def _held_here() -> dict:
    held = getattr(_local, "held", None)
    if held is None:
        held = _local.held = {}
    return held


def _key(root, name: str) -> tuple:
    return (os.path.realpath(root), name)


def _open(path: Path, create: bool):
    """The lock file opened for locking; None when it does not exist and cannot be made
    (a read-only ledger, where no writer can write either)."""
    try:
        if create:
            return open(path, "a+b")
        return open(path, "rb")
    except FileNotFoundError:
        return None
    except PermissionError:
        if create:
            with contextlib.suppress(OSError):
                return open(path, "rb")
        return None


def _acquire(fh, flags, wait: float, what: str, shown: str) -> None:
    """Take the lock on ``fh``, polling; a notice after 1 s, a LedgerError after ``wait`` s."""
    start = time.monotonic()
    noticed = False
    while True:
        try:
            portalocker.lock(fh, flags | portalocker.LockFlags.NON_BLOCKING)
            return
        except portalocker.exceptions.AlreadyLocked:
            pass
        except portalocker.exceptions.LockException as e:   # an unlockable file system
            raise LedgerError(f"cannot lock: {e}", shown) from None
        waited = time.monotonic() - start
        if waited >= wait:
            raise LedgerError(f"gave up after waiting {wait:g} s for {what}; nothing was written"
                              " (wait longer with --wait SECONDS)", shown)
        if not noticed and waited >= NOTICE_AFTER:
            print(f"jxc: waiting for {what} ({shown}); giving up after {wait:g} s", file=sys.stderr,
                  flush=True)
            noticed = True
        time.sleep(min(_POLL, max(0.0, wait - waited)))


@contextlib.contextmanager
def _locked(root, name: str, exclusive: bool, wait: float, what: str):
    key = _key(root, name)
    _held = _held_here()
    held = _held.get(key)
    if held is not None and (held[0] or not exclusive):
        held[1] += 1            # already held at least as strongly by this process
        try:
            yield True
        finally:
            held[1] -= 1
        return
    if held is not None:
        raise RuntimeError(f"{name}: a shared lock cannot be upgraded")  # a bug of ours
    fh = _open(Path(root) / name, create=True)
    if fh is None:
        yield False
        return
    try:
        flags = portalocker.LockFlags.EXCLUSIVE if exclusive else portalocker.LockFlags.SHARED
        _acquire(fh, flags, wait, what, name)
        _held[key] = [exclusive, 1]
        try:
            yield True
        finally:
            del _held[key]
            with contextlib.suppress(Exception):
                portalocker.unlock(fh)
    finally:
        fh.close()


@contextlib.contextmanager
def write_lock(root, wait: float | None = None):
    """Exclusive lock for a whole write (``.jxc.lock``).  Raises LedgerError after ``wait``
    seconds (default 30) of waiting, or when the lock file cannot be made."""
    with _locked(root, WRITE_LOCK, True, DEFAULT_WAIT if wait is None else wait,
                 "another jxc writing to this ledger") as ok:
        if not ok:
            raise LedgerError("cannot create the lock file (is the ledger folder writable?)", WRITE_LOCK)
        yield


def rename_lock(root, wait: float | None = None):
    """Exclusive ``.jxc-read.lock``: held by a writer while it renames files into place."""
    return _locked(root, READ_LOCK, True, DEFAULT_WAIT if wait is None else wait,
                   "readers of this ledger to finish")


def read_lock(root, wait: float | None = None):
    """Shared ``.jxc-read.lock`` for a reader; yields False when the ledger is read-only and
    has no lock file (no writer can write there).  Inside a write lock of this process it
    is not needed (only writers change files) and is not taken."""
    if holds_write_lock(root):
        return contextlib.nullcontext(True)
    return _locked(root, READ_LOCK, False, DEFAULT_WAIT if wait is None else wait,
                   "a write to this ledger to finish")


def holds_write_lock(root) -> bool:
    """True inside :func:`write_lock` of ``root`` in this thread."""
    return _key(root, WRITE_LOCK) in _held_here()


__all__ = ["write_lock", "read_lock", "rename_lock", "holds_write_lock", "DEFAULT_WAIT",
           "WRITE_LOCK", "READ_LOCK"]
