"""The cache of parsed journal files: a report after one new entry re-parses one month.

Reading a million entries from YAML takes seconds even on the fast path; reading
them back from a cache of already-parsed entries is several times faster.

What makes it safe:

* **Never stale.**  A file's cached entries are used only when the file's
  current bytes hash (BLAKE2b) to the hash they were parsed from, its path and
  size match, and the catalog and settings they were resolved against are the
  same bytes; an edit that keeps the size and the mtime is still seen.
* **Never believed blindly.**  It lives outside the ledger, in the user's cache
  directory, and every file is authenticated and shape-checked before use
  (:mod:`jxc.store.sealed`, :mod:`jxc.store.shapes`): a planted, edited, copied
  or torn file is a miss.
* **Safe to delete** (it is only ever a copy), **versioned** (the folder name
  carries the cache format, the jxc version, the costing rules' version, the
  Python version and the shape of Entry and Line, so a new jxc never reads an
  old cache), **written atomically** and **concurrency-safe** (two jxc processes
  writing the same key write the same bytes; a lost race costs a re-parse, never
  a wrong answer).
* **Only where it pays**: a journal under ``JXC_CACHE_MIN_BYTES`` (default 1 MB,
  some 8,000 entries) is read in well under a second, so it gets no cache.
  ``JXC_NO_CACHE=1`` turns the cache off altogether.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

from jxc.errors import LedgerError
from jxc.store import sealed, shapes
from jxc.store.sealed import dumps, loads

# 5: a payment between two money accounts and a so's over_limit are read (once problems)
FORMAT = 5
# Below this much YAML to parse, a pool of processes costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000


DEFAULT_MIN_BYTES = 1_000_000


def enabled() -> bool:
    return os.environ.get("JXC_NO_CACHE", "") in ("", "0")


def min_bytes() -> int:
    try:
        return int(os.environ.get("JXC_CACHE_MIN_BYTES", DEFAULT_MIN_BYTES))
    except ValueError:
        return DEFAULT_MIN_BYTES


def _tag() -> str:
    from jxc import __version__
    from jxc.ledger.entries import Entry, Line
    # the shape of what is stored: a changed Entry or Line is a new cache
    shape = hashlib.blake2b(repr(("NamedTuple", Entry._fields, Line._fields)).encode(),
                            digest_size=3).hexdigest()
    # costing results are cached too: a change of the costing rules is a new cache
    from jxc.ledger.costing import RULES_VERSION
    return f"{FORMAT}-{__version__}-c{RULES_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-{shape}"


def ledger_dir(ledger) -> Path:
    """Every cache of ``ledger`` (all versions): ``<cache dir>/<hash of its real path>``."""
    return sealed.base_dir() / sealed.ledger_id(ledger.root)


def clear(ledger) -> int:
    """Delete every cache file of ``ledger``; returns how many there were.  Safe at any time:
    the cache is only ever a copy, rebuilt by the next command that wants it."""
    import shutil
    d = ledger_dir(ledger)
    n = sum(1 for p in d.rglob("*") if p.is_file()) if d.is_dir() else 0
    shutil.rmtree(d, ignore_errors=True)
    return n


def folder(ledger) -> sealed.Folder:
    """The versioned cache folder of ``ledger`` in the user's cache directory (it may not
    exist yet): ``<cache dir>/<hash of the ledger's real path>/v<tag>``."""
    return sealed.Folder(ledger.root, ledger_dir(ledger) / f"v{_tag()}")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def context_key(ledger) -> str:
    """What parsed entries depend on besides their file: the catalog and the settings, as bytes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_tag().encode())
    for p in (ledger.settings_path, ledger.catalog_path):
        try:
            h.update(ledger.read_bytes(p))
        except (OSError, LedgerError):
            h.update(b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Parsed files

class FileKey(tuple):
    """(name, size, mtime_ns, content hash) of one journal file as it was read."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return self[0]


def _decode(data: bytes, ledger, path: Path) -> str:
    """The text exactly as :meth:`Ledger.read_text` gives it: the reader's own decode_text."""
    from jxc.ledger.yamlread import decode_text
    return decode_text(data, ledger.name(path))


def parse_file(ledger, path: Path, data: bytes, problems: list, memo=None):
    """The entries of one file: the fast reader for jxc's canonical form, else the strict one.

    ``memo``: a :class:`jxc.store.fastparse.Memo` shared by the files of one read."""
    from jxc.store.fastparse import parse_canonical
    from jxc.ledger.journal import parse_text
    name = ledger.name(path)
    try:
        text = _decode(data, ledger, path)
    except LedgerError as e:
        problems.append(e.problem)
        return []
    entries = parse_canonical(text, name, ledger.catalog, ledger.settings, memo)
    if entries is None:
        entries = parse_text(text, name, ledger.catalog, ledger.settings, problems)
    return entries


def _name_hash(name: str) -> str:
    return hashlib.blake2b(name.encode(), digest_size=12).hexdigest()


def parsed_name(name: str) -> str:
    """The cache file of the parsed entries of journal file ``name``."""
    return f"files/{_name_hash(name)}.pkl"


def stats_name(name: str) -> str:
    """The cache file of the pool stats of journal file ``name`` (:mod:`jxc.store.appends`)."""
    return f"stats/{_name_hash(name)}.pkl"


def _parse_and_store(ledger, path: Path, data: bytes, key: FileKey, ctx: str, where, memo=None) -> bytes:
    """Parse one file and write its cache entry (when ``where``, a Folder, is given);
    returns the pickled (entries, problems)."""
    problems: list = []
    entries = parse_file(ledger, path, data, problems, memo)
    blob = dumps((entries, problems))
    if where is not None:
        _store_parsed(where, key, ctx, blob, entries, problems, now=True)
    return blob


def _store_parsed(where, key, ctx, blob, entries, problems, now=False) -> None:
    from jxc.store.poolstats import pool_stats
    write = where.write_now if now else where.write
    write(parsed_name(key.name), dumps((tuple(key), ctx)) + blob)
    write(stats_name(key.name), dumps((tuple(key), ctx, pool_stats(entries, problems))))


_WORKER_STATE: tuple = ()


def _worker(i: int):
    ledger, todo, ctx, where, memo = _WORKER_STATE
    _, path, data, key = todo[i]
    return i, _parse_and_store(ledger, path, data, key, ctx, where, memo)


# A file whose mtime or ctime is this close to the moment it was hashed may change
# again within the same timestamp tick: its hash is not trusted from its stat.
RACY_NS = 3_000_000_000


class StatIndex:
    """Which content hash a file had at which stat, so an unchanged file need not be re-read.

    Like git's index: a file is trusted to still hash to what it hashed to when its
    (size, mtime, ctime, inode, device) are all unchanged *and* it had been left
    alone for a few seconds before it was hashed.  Any write changes the ctime,
    which no program can set back (``touch -d`` and ``os.utime`` set the mtime and
    move the ctime to now), so an edit that keeps the size and restores the mtime is
    still seen; a file written in the same clock tick as it was hashed is re-hashed
    until it is a few seconds old.  The index is only a shortcut: an entry that does
    not match is a miss.
    """

    def __init__(self, ledger, use: bool):
        self.use = use
        self.ledger = ledger
        self.where = folder(ledger)
        m = self.where.read("stat-index.pkl", shapes.stat_index) if use else None
        self.map = m if m is not None else {}
        self.dirty = False

    def key(self, name: str, path: Path):
        """(FileKey, the bytes when they had to be read, else None); OSError or LedgerError
        when the file cannot be read or is refused (:meth:`jxc.ledger.files.Ledger.read_bytes`)."""
        st = os.stat(path)
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        e = self.map.get(name) if self.use else None
        if e is not None and e[0] == sig and e[2] - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            return FileKey((name, st.st_size, st.st_mtime_ns, e[1])), None
        data = self.ledger.read_bytes(path)
        h = digest(data)
        if self.use:
            st2 = os.stat(path)
            sig2 = (st2.st_size, st2.st_mtime_ns, st2.st_ctime_ns, st2.st_ino, st2.st_dev)
            if sig2 == sig and len(data) == st.st_size:
                self.map[name] = (sig, h, time.time_ns())
                self.dirty = True
        return FileKey((name, len(data), st.st_mtime_ns, h)), data

    def save(self) -> None:
        if self.use and self.dirty:
            self.where.write("stat-index.pkl", dumps(self.map))
            self.dirty = False


def _index_wanted(ledger, paths: list) -> bool:
    if not enabled():
        return False
    try:
        return sum(os.stat(p).st_size for p in paths) >= min_bytes()
    except OSError:
        return False


def file_keys(ledger, paths: list) -> list:
    """The FileKey of each file as it is now (hashed, or known from an unchanged stat)."""
    index = StatIndex(ledger, _index_wanted(ledger, paths))
    keys = []
    for path in paths:
        try:
            key, _ = index.key(ledger.name(path), path)
        except (OSError, LedgerError):
            key = FileKey((ledger.name(path), -1, -1, ""))
        keys.append(key)
    index.save()
    return keys


def load_files(ledger, paths: list, problems: list, progress=None, active=None) -> tuple[list, list]:
    """([entries of each file], [FileKey of each file]) for ``paths``, re-using the cache.

    Files whose cache entry is missing or stale are parsed, in parallel processes
    when there is enough of them; ``progress(done_bytes, total_bytes)`` is called
    as files are done.
    """
    use_cache = enabled()
    if use_cache and active is not None:
        use_cache = active
    elif use_cache:
        try:
            use_cache = sum(os.stat(p).st_size for p in paths) >= min_bytes()
        except OSError:
            pass
    where = folder(ledger) if use_cache else None
    ctx = context_key(ledger)
    keys: list = []
    results: list = [None] * len(paths)
    todo = []
    hit_bytes = 0
    index = StatIndex(ledger, use_cache)
    for i, path in enumerate(paths):
        name = ledger.name(path)
        try:
            key, data = index.key(name, path)
        except (OSError, LedgerError):
            probs = []
            try:
                ledger.read_text(path)
            except LedgerError as e:
                probs.append(e.problem)
            keys.append(FileKey((name, -1, -1, "")))
            results[i] = ([], probs)
            continue
        keys.append(key)
        if where is not None:
            cached = _read_parsed(where, key, ctx)
            if cached is not None:
                results[i] = cached
                hit_bytes += key[1]
                continue
        if data is None:
            try:
                data = ledger.read_bytes(path)
            except LedgerError as e:         # changed since its stat: reported, never read as empty
                results[i] = ([], [e.problem])
                continue
            key = keys[-1] = FileKey((name, len(data), key[2], digest(data)))
        todo.append((i, path, data, key))
    index.save()
    total = hit_bytes + sum(len(t[2]) for t in todo)
    done = hit_bytes
    if todo:
        workers = min(len(todo), os.cpu_count() or 1)
        # Workers write their cache files themselves, unless writes are held back.
        wdir = where if not sealed.holding_writes() else None
        from jxc.store.fastparse import Memo
        memo = Memo(ledger.catalog, ledger.settings)
        if workers > 1 and total - hit_bytes >= PARALLEL_MIN_BYTES:
            done_iter = _parallel(ledger, todo, ctx, wdir, workers, memo)
        else:
            done_iter = ((k, _parse_and_store(ledger, *todo[k][1:], ctx, wdir, memo)) for k in range(len(todo)))
        for k, blob in done_iter:
            parsed = loads(blob)
            if where is not None and wdir is None:
                _store_parsed(where, todo[k][3], ctx, blob, *parsed)
            results[todo[k][0]] = parsed
            done += len(todo[k][2])
            if progress:
                progress(done, total)
    out = []
    for entries, probs in results:
        out.append(entries)
        problems.extend(probs)
    return out, keys


def _read_parsed(where, key: FileKey, ctx: str):
    """The cached (entries, problems) of a file when authentic, of this key and context, and
    of the right shape; else None."""
    data = where.read_body(parsed_name(key.name))
    if data is None:
        return None
    try:
        head, payload = sealed.split(data)
        if not shapes.parsed_head(head):
            return None
        ckey, cctx = head
        if ckey != tuple(key) and (ckey[0], ckey[1], ckey[3]) != (key[0], key[1], key[3]):
            return None
        if cctx != ctx:
            return None
        parsed = loads(payload)
    except Exception:   # an authentic body of another build: a miss
        return None
    return parsed if shapes.parsed_body(parsed) else None


def _parallel(ledger, todo, ctx, where, workers, memo):
    """Parse ``todo`` in ``workers`` forked processes; yields (index, pickled result) as each is done."""
    import multiprocessing
    global _WORKER_STATE
    # Warm what the workers share before forking, so each does not rebuild it.
    ledger.catalog, ledger.settings  # noqa: B018
    _WORKER_STATE = (ledger, todo, ctx, where, memo)
    try:
        mp = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        for k in range(len(todo)):
            yield k, _parse_and_store(ledger, *todo[k][1:], ctx, where, memo)
        return
    # Largest first, so the last file to finish is a small one.
    order = sorted(range(len(todo)), key=lambda k: -len(todo[k][2]))
    try:
        with mp.Pool(workers) as pool:
            yield from pool.imap_unordered(_worker, order)
    finally:
        _WORKER_STATE = ()


def file_stats(ledger, path, key) -> dict:
    """:func:`pool_stats` of one file as it is now (from the cache, else computed and stored)."""
    where = folder(ledger)
    ctx = context_key(ledger)
    rec = where.read(stats_name(key.name), shapes.file_stats)
    if rec is not None and rec[0][:2] == tuple(key)[:2] and rec[0][3] == key[3] and rec[1] == ctx:
        return rec[2]
    from jxc.store.poolstats import pool_stats
    problems: list = []
    entries, _ = load_files(ledger, [path], problems, active=enabled())
    stats = pool_stats(entries[0], problems)
    if enabled():
        where.write(stats_name(key.name), dumps((tuple(key), ctx, stats)))
    return stats
