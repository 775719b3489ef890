"""The cache of parsed journal files (SPEC 7), under the ledger in ``.jxc-cache/``.

Reading a million entries from YAML takes seconds even on the fast path; reading
them back from a cache of already-parsed entries is several times faster, and a
report after one new entry re-parses one month, not the journal.

What makes it safe:

* **Never stale.**  A file's cached entries are used only when the file's
  current bytes hash (BLAKE2b) to the hash they were parsed from, its path and
  size match, and the catalog and settings they were resolved against are the
  same bytes; an edit that keeps the size and the mtime is still seen.
* **Safe to delete** (it is only ever a copy), **versioned** (the folder name
  carries the cache format, the jxc version and the Python version, so a new
  jxc never reads an old cache), **written atomically** (a temporary file
  renamed into place: a reader sees a whole file or none) and
  **concurrency-safe** (two jxc processes writing the same key write the same
  bytes; a lost race costs a re-parse, never a wrong answer).
* **Not code.**  Cache files are pickles read by an unpickler that only knows
  the handful of jxc classes an entry is made of, so a planted cache file
  cannot run code (SPEC 6's "no tag can construct an object" holds here too).
* **Only where it pays**: a journal under ``JXC_CACHE_MIN_BYTES`` (default 1 MB,
  some 8,000 entries) is read in well under a second, so it gets no cache and
  its folder stays exactly as its owner left it.  ``JXC_NO_CACHE=1`` turns the
  cache off altogether.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from jxc.errors import LedgerError

CACHE_DIR = ".jxc-cache"
FORMAT = 3
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
    shape = hashlib.blake2b(repr((Entry.__slots__, Line.__slots__)).encode(), digest_size=3).hexdigest()
    # costing results are cached too: a change of the costing rules is a new cache
    from jxc.ledger.costing import RULES_VERSION
    return f"{FORMAT}-{__version__}-c{RULES_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-{shape}"


def cache_root(ledger) -> Path:
    """The versioned cache folder of ``ledger`` (it may not exist yet)."""
    return Path(ledger.root) / CACHE_DIR / f"v{_tag()}"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def context_key(ledger) -> str:
    """What parsed entries depend on besides their file: the catalog and the settings, as bytes."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_tag().encode())
    for p in (ledger.settings_path, ledger.catalog_path):
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"\0missing")
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Reading and writing cache files

_ALLOWED = {
    ("jxc.ledger.entries", "Entry"), ("jxc.ledger.entries", "Line"),
    ("jxc.store.cache", "_make_entry"), ("jxc.store.cache", "_make_line"),
    ("jxc.errors", "Problem"), ("decimal", "Decimal"), ("datetime", "date"),
    ("copyreg", "_reconstructor"), ("copyreg", "__newobj__"), ("builtins", "object"),
    ("array", "_array_reconstructor"), ("array", "array"),
    ("jxc.ledger.catalog", "Catalog"), ("jxc.ledger.catalog", "Item"), ("jxc.ledger.catalog", "Party"),
    ("jxc.ledger.orders", "OrderBook"), ("jxc.ledger.orders", "Order"), ("jxc.ledger.orders", "OrderLine"),
    ("jxc.ledger.money", "Settlement"), ("jxc.ledger.money", "Payment"), ("jxc.ledger.tax", "TaxSplit"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a jxc cache")
        if module == __name__ and name.startswith("_make_"):
            global _DISPATCH
            if _DISPATCH is None:
                _DISPATCH = _reducers()
        return super().find_class(module, name)


def loads(data: bytes):
    return _SafeUnpickler(io.BytesIO(data)).load()


def _maker(cls, name: str):
    """A function that builds a ``cls`` from its slot values, one plain assignment each.

    Pickle's default for slotted objects builds a dict of the state and sets it
    attribute by attribute: three times slower to read back than this.
    """
    slots = cls.__slots__
    args = ", ".join(f"a{i}" for i in range(len(slots)))
    body = "".join(f"    o.{s} = a{i}\n" for i, s in enumerate(slots))
    ns = {"_new": object.__new__, "_cls": cls}
    exec(f"def {name}({args}):\n    o = _new(_cls)\n{body}    return o\n", ns)
    fn = ns[name]
    fn.__module__ = __name__
    return fn


def _reducers() -> dict:
    from jxc.ledger.entries import Entry, Line
    global _make_entry, _make_line
    _make_entry = _maker(Entry, "_make_entry")
    _make_line = _maker(Line, "_make_line")
    es, ls = Entry.__slots__, Line.__slots__
    return {Entry: lambda e: (_make_entry, tuple([getattr(e, s) for s in es])),
            Line: lambda ln: (_make_line, tuple([getattr(ln, s) for s in ls]))}


_DISPATCH: dict | None = None
_make_entry = _make_line = None


def dumps(obj) -> bytes:
    global _DISPATCH
    if _DISPATCH is None:
        _DISPATCH = _reducers()
    f = io.BytesIO()
    p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    p.dispatch_table = _DISPATCH
    p.dump(obj)
    return f.getvalue()


def read_cache_file(path: Path):
    """The object stored at ``path``, or None when it is missing or unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return loads(data)
    except Exception:   # a torn, foreign or corrupt file is a miss, never an error
        return None


_deferred: list | None = None


@contextlib.contextmanager
def deferred_writes():
    """Hold back cache writes until the block succeeds: a refused write command leaves
    the ledger folder byte for byte as it was, cache included."""
    global _deferred
    outer = _deferred
    _deferred = [] if outer is None else outer
    ok = False
    try:
        yield
        ok = True
    finally:
        pending = _deferred
        _deferred = outer
        if ok and outer is None:
            for path, data in pending:
                write_atomic(path, data)


def store(path: Path, data: bytes) -> None:
    """Write a cache file now, or when the enclosing :func:`deferred_writes` block succeeds."""
    if _deferred is not None:
        _deferred.append((path, data))
    else:
        write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename; a cache that cannot be
    written (read-only ledger, full disk) is simply not written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


# ---------------------------------------------------------------------------
# Parsed files

class FileKey(tuple):
    """(name, size, mtime_ns, content hash) of one journal file as it was read."""

    __slots__ = ()

    @property
    def name(self) -> str:
        return self[0]

    @property
    def hash(self) -> str:
        return self[3]


def _decode(data: bytes, ledger, path: Path) -> str:
    """The text exactly as :meth:`Ledger.read_text` gives it: the reader's own decode_text."""
    from jxc.ledger.yamlread import decode_text
    return decode_text(data, ledger.name(path))


def parse_file(ledger, path: Path, data: bytes, problems: list):
    """The entries of one file: the fast reader for jxc's canonical form, else the strict one."""
    from jxc.store.fastparse import parse_canonical
    from jxc.ledger.journal import parse_text
    name = ledger.name(path)
    try:
        text = _decode(data, ledger, path)
    except LedgerError as e:
        problems.append(e.problem)
        return []
    entries = parse_canonical(text, name, ledger.catalog, ledger.settings)
    if entries is None:
        entries = parse_text(text, name, ledger.catalog, ledger.settings, problems)
    return entries


def _file_cache_path(root: Path, name: str) -> Path:
    return root / "files" / (hashlib.blake2b(name.encode(), digest_size=12).hexdigest() + ".pkl")


def _parse_and_store(ledger, path: Path, data: bytes, key: FileKey, ctx: str, root: Path | None) -> bytes:
    """Parse one file and write its cache entry (when ``root``); returns the pickled (entries, problems)."""
    problems: list = []
    entries = parse_file(ledger, path, data, problems)
    blob = dumps((entries, problems))
    if root is not None:
        write_atomic(_file_cache_path(root, key.name), dumps((tuple(key), ctx)) + blob)
        write_atomic(_stats_path(root, key.name), dumps((tuple(key), ctx, pool_stats(entries, problems))))
    return blob


# ---------------------------------------------------------------------------
# What each file does to each stock pool, for checking a back-dated write

def _stats_path(root: Path, name: str) -> Path:
    return root / "stats" / (hashlib.blake2b(name.encode(), digest_size=12).hexdigest() + ".pkl")


def pool_stats(entries, problems=()) -> dict:
    """Per location pool (account, item): the file's net quantity and the lowest its running
    sum reaches (relative to the file's start), in the file's journal order; its first and
    last dates; ``irregular`` when a move depends on more than the file itself (a count, a
    return, a move entry, a lot) or the file has a problem; ``money`` when an entry says
    anything about money (SPEC 9)."""
    order = sorted(entries, key=lambda e: (e.date, e.pos))
    irregular = bool(problems)
    net: dict = {}
    low: dict = {}
    for e in order:
        if e.type in ("count", "return", "move"):
            irregular = True
            continue
        for ln in e.lines:
            if ln.lot is not None:
                irregular = True
            q = ln.base_qty
            src, dst = ln.src, ln.dst
            if src is not None and src.startswith("location:"):
                k = (src, ln.item)
                v = net.get(k, 0) - q
                net[k] = v
                if v < low.get(k, 0):
                    low[k] = v
            if dst is not None and dst.startswith("location:"):
                k = (dst, ln.item)
                net[k] = net.get(k, 0) + q
    return {"first": order[0].date if order else None, "last": order[-1].date if order else None,
            "irregular": irregular, "net": net, "low": low,
            # a payment or a paid-at-once entry: the money side can have problems to check
            "money": any(e.money is not None for e in entries)}


def file_stats(ledger, path: Path, key: FileKey):
    """:func:`pool_stats` of one file as it is now (from the cache, else computed and stored)."""
    root = cache_root(ledger)
    ctx = context_key(ledger)
    rec = read_cache_file(_stats_path(root, key.name))
    if isinstance(rec, tuple) and len(rec) == 3 and tuple(rec[0])[:2] == tuple(key)[:2] \
            and rec[0][3] == key[3] and rec[1] == ctx:
        return rec[2]
    problems: list = []
    entries, _ = load_files(ledger, [path], problems, active=enabled())
    stats = pool_stats(entries[0], problems)
    if enabled():
        store(_stats_path(root, key.name), dumps((tuple(key), ctx, stats)))
    return stats


def _split(data: bytes):
    """A cache file is two pickles back to back: the key, then the payload."""
    f = io.BytesIO(data)
    head = _SafeUnpickler(f).load()
    return head, data[f.tell():]


_WORKER_STATE: tuple = ()


def _worker(i: int):
    ledger, todo, ctx, root = _WORKER_STATE
    _, path, data, key = todo[i]
    return i, _parse_and_store(ledger, path, data, key, ctx, root)


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
        self.path = cache_root(ledger) / "stat-index.pkl"
        m = read_cache_file(self.path) if use else None
        self.map = m if isinstance(m, dict) else {}
        self.dirty = False

    def key(self, name: str, path: Path):
        """(FileKey, the bytes when they had to be read, else None); OSError if unreadable."""
        st = os.stat(path)
        sig = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        e = self.map.get(name) if self.use else None
        if e is not None and e[0] == sig and e[2] - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            return FileKey((name, st.st_size, st.st_mtime_ns, e[1])), None
        data = path.read_bytes()
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
            store(self.path, dumps(self.map))
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
        except OSError:
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
    root = cache_root(ledger) if use_cache else None
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
        except OSError:
            probs = []
            try:
                ledger.read_text(path)
            except LedgerError as e:
                probs.append(e.problem)
            keys.append(FileKey((name, -1, -1, "")))
            results[i] = ([], probs)
            continue
        keys.append(key)
        if root is not None:
            cached = _read_file_entry(root, key, ctx)
            if cached is not None:
                results[i] = cached
                hit_bytes += key[1]
                continue
        if data is None:
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            key = keys[-1] = FileKey((name, len(data), key[2], digest(data)))
        todo.append((i, path, data, key))
    index.save()
    total = hit_bytes + sum(len(t[2]) for t in todo)
    done = hit_bytes
    if todo:
        workers = min(len(todo), os.cpu_count() or 1)
        # Workers write their cache files themselves, unless writes are held back.
        wroot = root if _deferred is None else None
        if workers > 1 and total - hit_bytes >= PARALLEL_MIN_BYTES:
            done_iter = _parallel(ledger, todo, ctx, wroot, workers)
        else:
            done_iter = ((k, _parse_and_store(ledger, *todo[k][1:], ctx, wroot)) for k in range(len(todo)))
        for k, blob in done_iter:
            if root is not None and wroot is None:
                key = todo[k][3]
                store(_file_cache_path(root, key.name), dumps((tuple(key), ctx)) + blob)
                store(_stats_path(root, key.name), dumps((tuple(key), ctx, pool_stats(*loads(blob)))))
            results[todo[k][0]] = loads(blob)
            done += len(todo[k][2])
            if progress:
                progress(done, total)
    out = []
    for entries, probs in results:
        out.append(entries)
        problems.extend(probs)
    return out, keys


def _read_file_entry(root: Path, key: FileKey, ctx: str):
    try:
        data = _file_cache_path(root, key.name).read_bytes()
    except OSError:
        return None
    try:
        (ckey, cctx), payload = _split(data)
        if tuple(ckey) != tuple(key) and (ckey[0], ckey[1], ckey[3]) != (key[0], key[1], key[3]):
            return None
        if cctx != ctx:
            return None
        return loads(payload)
    except Exception:
        return None


def _parallel(ledger, todo, ctx, root, workers):
    """Parse ``todo`` in ``workers`` forked processes; yields (index, pickled result) as each is done."""
    import multiprocessing
    global _WORKER_STATE
    # Warm what the workers share before forking, so each does not rebuild it.
    ledger.catalog, ledger.settings  # noqa: B018
    _WORKER_STATE = (ledger, todo, ctx, root)
    try:
        mp = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform
        for k in range(len(todo)):
            yield k, _parse_and_store(ledger, *todo[k][1:], ctx, root)
        return
    # Largest first, so the last file to finish is a small one.
    order = sorted(range(len(todo)), key=lambda k: -len(todo[k][2]))
    try:
        with mp.Pool(workers) as pool:
            yield from pool.imap_unordered(_worker, order)
    finally:
        _WORKER_STATE = ()


# ---------------------------------------------------------------------------
# A progress bar for long cold reads

class ColdReadProgress:
    """A rich progress bar on stderr, shown only once a read has taken more than ``delay`` seconds."""

    def __init__(self, delay: float = 1.0, label: str = "reading journal"):
        self.start = time.monotonic()
        self.delay = delay
        self.label = label
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.start < self.delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                       TimeRemainingColumn)
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                                TimeRemainingColumn(), console=Console(file=sys.stderr),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextlib.contextmanager
def paused_gc(freeze: bool = False):
    """Pause the cycle collector while building millions of acyclic objects.

    Entries, lines and moves hold no reference cycles, but each allocation counts
    towards a collection that walks every live object: left on, the collector
    alone triples the time to read a large journal.
    """
    import gc
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            # A command's millions of objects live until it exits: set them apart, or
            # every later collection walks them all (5 s of a 6 s report at 1M entries).
            gc.freeze()
        if was:
            gc.enable()
