"""The period lock (结账): closing the books up to a date, and the evidence that they stayed closed.

``jxc lock DATE`` records two things:

* in ``jxc.yaml``: ``lock: {date: DATE, digest: sha256:...}``;
* in ``locked.txt`` beside it: one line ``ID HASH`` per entry dated on or before DATE,
  where HASH is :func:`entry_fingerprint` of the entry as read.

The digest in ``jxc.yaml`` covers ``locked.txt`` (:func:`manifest_digest`), so editing
the list to hide a change is itself seen.  Hashing what the entry says (its fields as
read), not the file's bytes, means ``jxc fmt``, a moved line or a re-ordered key never
breaks a lock; changing a quantity, price, date, partner or note does.  It also costs
no YAML: the entries come from the parse cache, so `jxc check` on a locked ledger is
about as fast as on an unlocked one.

Everything here is pure: the caller reads the files and passes texts and entries in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import operator
from dataclasses import dataclass
from decimal import Decimal

from jxc.errors import Problem

MANIFEST_FILE = "locked.txt"
HASH_CHARS = 20   # 80 bits per entry: an accidental collision among a million entries is ~1e-12


@dataclass(frozen=True)
class Lock:
    """``lock:`` of ``jxc.yaml``: entries dated on or before ``date`` are closed."""

    date: dt.date
    digest: str


@dataclass(frozen=True)
class LockedEntry:
    """One entry as it is now, for comparison with the manifest."""

    id: str
    hash: str
    path: str | None
    line: int | None


def entry_hash(canonical: str) -> str:
    """The hash of one entry's canonical text (hex, :data:`HASH_CHARS` characters)."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_CHARS]


# Where an entry or line was read, and what is derived from the catalog's units: not what
# the entry says, so left out of its fingerprint.
_NOT_CONTENT = frozenset(("path", "line", "pos", "file", "factor", "base_qty", "unit_cost", "amount"))


# The records whose fields are taken by name (leaving out _NOT_CONTENT), although they are
# NamedTuples: an entry and its lines.  Other NamedTuples (a settlement, a tax split) are
# values, taken whole by position.
_BY_NAME = frozenset((("jxc.ledger.entries", "Entry"), ("jxc.ledger.entries", "Line")))


@functools.lru_cache(maxsize=None)
def _fields(cls):
    """A getter of the content fields of a record class, as a tuple: an entry's or line's
    fields, else its slots (base classes' too), else its dataclass fields, else its
    attributes by name."""
    names = []
    if (cls.__module__, cls.__qualname__) in _BY_NAME:
        names = [n for n in cls._fields if n not in _NOT_CONTENT]
    for c in cls.__mro__:
        names += [n for n in getattr(c, "__slots__", ()) if n not in names and n not in _NOT_CONTENT]
    if not names and dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls) if f.name not in _NOT_CONTENT]
    if not names:
        return lambda obj: tuple(v for k, v in sorted(vars(obj).items()) if k not in _NOT_CONTENT)
    get = operator.attrgetter(*names)
    return get if len(names) > 1 else (lambda obj: (get(obj),))


_PLAIN = frozenset((str, int, bool, Decimal, dt.date))


def _text(obj) -> str:
    """What a record of jxc (an entry, a line) says, as one text: its fields in slot order,
    None as NUL, numbers with their written digits (``str`` of a Decimal), dates in ISO,
    nested records (the lines) in brackets.  No object identity can leak into it."""
    return "\x1f".join(_item(v) for v in _fields(type(obj))(obj))


def _item(x) -> str:
    """One field's value: a plain value, a sequence (the lines; NamedTuples by position)
    or a record of jxc; anything else by its repr."""
    if x is None:
        return "\0"
    if type(x) in _PLAIN:
        return str(x)
    if (type(x).__module__, type(x).__qualname__) in _BY_NAME:
        return _text(x)
    if isinstance(x, (tuple, list)):
        return "[" + "\x1e".join(_item(y) for y in x) + "]"
    return _text(x) if type(x).__module__.startswith("jxc.") else repr(x)


def entry_fingerprint(entry) -> str:
    """The hash of what an entry says: every field of the entry and its lines (numbers with
    their written digits, dates, accounts, notes), not where it was read nor what the
    catalog derives from it.  Both readers (strict and fast) give the same fingerprint."""
    return entry_hash(_text(entry))


def locked_pairs(entries, date: dt.date) -> list[tuple[str, str]]:
    """(id, :func:`entry_fingerprint`) of each entry dated on or before ``date``: what
    ``locked.txt`` lists for a lock of that date."""
    return [(e.id, entry_fingerprint(e)) for e in entries if e.date <= date]


def locked_digest(entries, date: dt.date) -> str:
    """The digest ``jxc.yaml`` would hold for a lock of ``date`` over ``entries`` as they
    are: :func:`manifest_digest` of the :func:`manifest_text` of :func:`locked_pairs`.
    Equal to the lock's own digest exactly when no locked entry was added, edited or
    removed (up to a SHA-256 collision), which lets `jxc check` keep it between runs."""
    return manifest_digest(manifest_text(locked_pairs(entries, date)))


def manifest_text(pairs) -> str:
    """``locked.txt``: ``ID HASH`` lines sorted by id (so the text, and its digest, are unique)."""
    return "".join(f"{i} {h}\n" for i, h in sorted(pairs))


def manifest_digest(text: str) -> str:
    """The digest written to ``jxc.yaml``: ``sha256:`` and the hex digest of ``locked.txt``."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_manifest(text: str, path: str) -> tuple[dict, list[Problem]]:
    """``locked.txt`` as {id: (hash, line)}; a malformed line is a problem, not an exception."""
    out: dict = {}
    problems = []
    for n, raw in enumerate(text.splitlines(), 1):
        parts = raw.split()
        if len(parts) != 2:
            problems.append(Problem(f"not an 'ID HASH' line: {raw!r}", path, n))
            continue
        out[parts[0]] = (parts[1], n)
    return out, problems


def is_locked(lock: Lock | None, date: dt.date) -> bool:
    """True when ``date`` falls in the closed period (on or before the lock date)."""
    return lock is not None and date <= lock.date


def refuse_locked(lock: Lock | None, entries) -> list[Problem]:
    """A problem for each new entry dated in the closed period (the write is refused).

    ``entries`` have ``id``, ``date``, ``path`` and ``line``; the message names the
    lock date and the way to reopen, so a user is never left guessing.
    """
    return [Problem(f"entry {e.id} is dated {e.date}, in the period locked up to {lock.date} "
                    f"(jxc lock --undo reopens it)", e.path, e.line)
            for e in entries if is_locked(lock, e.date)]


def tamper_problems(lock: Lock, manifest_text_: str | None, current, manifest_path: str,
                    settings_path: str) -> list[Problem]:
    """Every change to a locked entry since the lock: added, edited or removed.

    ``current`` is the :class:`LockedEntry` list of entries dated on or before the lock
    date now.  An added or edited entry is reported at its own file and line; a
    removed one at its line of ``locked.txt``.  A ``locked.txt`` that does not match
    the digest of ``jxc.yaml`` is reported first (someone edited the evidence).
    """
    if manifest_text_ is None:
        return [Problem(f"the books are locked up to {lock.date} but {manifest_path} is missing",
                        settings_path)]
    problems = []
    if manifest_digest(manifest_text_) != lock.digest:
        problems.append(Problem(f"{manifest_path} does not match the lock's digest in jxc.yaml "
                                f"(the list of locked entries was edited)", settings_path))
    known, bad = parse_manifest(manifest_text_, manifest_path)
    problems += bad
    seen = set()
    for e in current:
        seen.add(e.id)
        was = known.get(e.id)
        if was is None:
            problems.append(Problem(f"entry {e.id} was added to the period locked up to {lock.date}",
                                    e.path, e.line))
        elif was[0] != e.hash:
            problems.append(Problem(f"locked entry {e.id} was edited after the lock of {lock.date}",
                                    e.path, e.line))
    for eid, (_, n) in sorted(known.items(), key=lambda kv: kv[1][1]):
        if eid not in seen:
            problems.append(Problem(f"locked entry {eid} was removed (or re-dated) after the lock "
                                    f"of {lock.date}", manifest_path, n))
    return problems
