"""Replayed results kept between runs, so a report on an unchanged ledger replays nothing.

Three things are cached, each under the key of the *whole chain* of journal
files it was computed from — every file's (name, size, content hash), plus the
catalog and settings bytes — so that nothing is served for a ledger that is not
byte for byte the one it was computed from:

* the **replay record**: the final balances (every account × item, lots too),
  the problems found, how many entries and moves there were, the ids, and
  *checkpoints* — the balances at the start of each of the last journal files;
* a **costing record** per method: each pool's quantity and book value, and the
  costing problems;
* the per-file parsed entries (:mod:`jxc.store.cache`).

`stock` and `value` on an unchanged ledger read the two records and nothing
else.  After an entry is added to the last month, the checkpoint at the start of
that month is still valid (its chain of earlier files is unchanged), so only
that month is parsed and replayed from it.  A checkpoint is used only when the
files after it hold nothing that reaches back before it (every entry sorts after
the checkpoint, every return names an entry after it, no id repeats one before
it); anything else falls back to the full replay.

Reports that need every move (`card`, `profit`, ...) get objects that look like
:class:`~jxc.ledger.replay.Replayed` and :class:`~jxc.ledger.costing.Costing`:
they answer balances, pools and problems from the records, and do the full
replay on first touch of anything else — so a cache can change how long a
report takes, never what it says.
"""

from __future__ import annotations

from jxc.store import cache, shapes
from jxc.store.carry import state_of
from jxc.store.progress import paused_gc
from jxc.store.sealed import dumps
from jxc.ledger.books import has_money
from jxc.ledger.entries import ORDER_TYPES
from jxc.ledger.journal import Journal
from jxc.store.reader import load_journal

CHECKPOINT_FILES = 2     # keep the balances at the start of the last N files


# ---------------------------------------------------------------------------
# Keys

def chain_of(keys) -> tuple:
    """The part of file keys that identifies content: (name, size, content hash)."""
    return tuple((k[0], k[1], k[3]) for k in keys)


_SHAPES = {"replay": shapes.replay, "checkpoints": shapes.checkpoints, "clean": shapes.clean,
           "orders": shapes.orders}


def _shape_of(kind: str):
    if kind.startswith("state-"):
        return shapes.cost_state
    return shapes.costing if kind.startswith("cost-") else _SHAPES[kind]


def read_record(ledger, kind: str, ctx: str):
    """The record of ``kind`` (``replay``, ``checkpoints``, ``clean``, ``cost-METHOD``) when it
    is authentic, of the right shape and made under the context ``ctx``; else None."""
    rec = cache.folder(ledger).read(f"{kind}.pkl", _shape_of(kind))
    if rec is None or rec["ctx"] != ctx:
        return None
    return rec


def write_record(ledger, kind: str, rec: dict) -> None:
    """Store the record of ``kind`` (now, or when the enclosing deferred block succeeds)."""
    cache.folder(ledger).write(f"{kind}.pkl", dumps(rec))


def active(ledger, keys) -> bool:
    """Records are kept where the per-file cache is: for journals big enough for it to pay."""
    if not cache.enabled():
        return False
    return sum(max(k[1], 0) for k in keys) >= cache.min_bytes()


def current_record(ledger, kind: str = "replay", keys=None):
    """The record of ``kind`` when it was made from the journal as it is now, else None."""
    if keys is None:
        keys = cache.file_keys(ledger, ledger.journal_files())
    if not active(ledger, keys):
        return None
    rec = read_record(ledger, kind, cache.context_key(ledger))
    if rec is None or rec["chain"] != chain_of(keys):
        return None
    return rec


# ---------------------------------------------------------------------------
# Stand-ins that answer from the records and replay in full on first need

class LazyList:
    """A list whose length is known; its items are built on first use."""

    def __init__(self, n: int, load):
        self._n = n
        self._load = load

    def __len__(self):
        return self._n

    def __bool__(self):
        return self._n > 0

    def __iter__(self):
        return iter(self._load())

    def __getitem__(self, i):
        return self._load()[i]

    def __reversed__(self):
        return reversed(self._load())


class LazyReplayed:
    """A :class:`Replayed` whose balances and problems come from the replay record."""

    def __init__(self, ledger, end, balances, lot_balances, problems, n_entries, n_moves,
                 chain=None, ctx=None):
        self.ledger = ledger
        self._chain = chain
        self._ctx = ctx
        self.catalog = ledger.catalog
        self.settings = ledger.settings
        self.end = end
        self.balances = balances
        self.lot_balances = lot_balances
        self.problems = problems
        self._n_entries = n_entries
        self._n_moves = n_moves
        self._real = None
        self.n_ids = None          # entries with an id, and any entry about money: from the
        self.has_money = None      # record (None: not known there)

    @property
    def loaded(self) -> bool:
        """Has the full replay been made?  False while every answer comes from the record."""
        return self._real is not None

    def real(self):
        """The full replay (parsed entries from the file cache, every move)."""
        if self._real is None:
            from jxc.ledger.replay import replay
            with paused_gc(self.ledger.freeze_gc):
                self._real = replay(load_journal(self.ledger), self.catalog, self.settings, end=self.end)
            self.balances = self._real.balances
            self.lot_balances = self._real.lot_balances
        return self._real

    @property
    def journal(self):
        return self.real().journal

    @property
    def entries(self):
        if self._real is not None:
            return self._real.entries
        return LazyList(self._n_entries, lambda: self.real().entries)

    @property
    def moves(self):
        if self._real is not None:
            return self._real.moves
        return LazyList(self._n_moves, lambda: self.real().moves)

    def qty(self, account, item):
        from jxc.numbers import ZERO
        return self.balances.get((account, item), ZERO)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real(), name)


class PoolSummary:
    """A pool's quantity and book value from the costing record; anything else (layers, ...)
    comes from the full costing."""

    __slots__ = ("qty", "value", "_owner", "_key")

    def __init__(self, qty, value, owner, key):
        self.qty = qty
        self.value = value
        self._owner = owner
        self._key = key

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._owner.real().pools[self._key], name)


class LazyCosting:
    """A :class:`Costing` whose pools (quantity, value) and problems come from the costing record."""

    def __init__(self, replayed: LazyReplayed, method: str, pool_by_item: bool, pools: dict, problems,
                 values=None, recosts=None):
        self.replayed = replayed
        self.method = method
        self.pool_by_item = pool_by_item
        self.problems = problems
        self.pools = {k: PoolSummary(q, v, self, k) for k, (q, v) in pools.items()}
        self._values = values
        self._recosts = recosts
        self._real = None

    @property
    def values(self) -> list:
        """The value of every move (cents), aligned with ``replayed.moves``: from the record."""
        if self._real is None and self._values is not None:
            if not isinstance(self._values, list):
                self._values = self._values.tolist()
            return self._values
        return self.real().values

    @property
    def recosts(self) -> list:
        """The later re-costings (:class:`~jxc.ledger.costing.Recost`): from the record."""
        if self._real is None and self._values is not None and self._recosts is not None:
            from jxc.ledger.costing import Recost
            return [Recost(*x) for x in self._recosts]
        return self.real().recosts

    @property
    def loaded(self) -> bool:
        """Has the full costing been made?  False while every answer comes from the record."""
        return self._real is not None

    def real(self):
        """The full costing of the full replay (made once, on the first question the record
        cannot answer)."""
        if self._real is None:
            from jxc.ledger.costing import cost
            with paused_gc(self.replayed.ledger.freeze_gc):
                self._real = cost(self.replayed.real(), self.method)
            self.pools = self._real.pools
        return self._real

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.real(), name)


# ---------------------------------------------------------------------------
# Replay

def prime_catalog(ledger) -> None:
    """Read the catalog from the cache when its bytes have not changed.

    A catalog of 2,000 items takes ~0.35 s through the strict reader, a third of
    the time of a warm report on a million entries; its parsed form is kept
    under the hash of the catalog and settings bytes, and handed to the ledger
    through :meth:`jxc.ledger.files.Ledger.adopt_catalog`.  The settings too: reading
    ``jxc.yaml`` is the only YAML a warm report would otherwise parse (and importing
    PyYAML for it costs more than the rest of the read).
    """
    if ledger.catalog_loaded:
        return
    ctx = cache.context_key(ledger)
    where = cache.folder(ledger)
    rec = where.read("catalog.pkl", shapes.catalog)
    if rec is not None and rec["ctx"] == ctx:
        ledger.adopt_catalog(rec["catalog"])
        ledger.adopt_settings(rec["settings"])
        return
    where.write("catalog.pkl", dumps({"ctx": ctx, "catalog": ledger.catalog, "settings": ledger.settings}))


def replayed(ledger, end=None):
    """The ledger replayed up to ``end`` (exclusive), from the records when they are current.

    The files' keys and the files themselves are read under one read lock, so the
    record chosen and the files read are of the same ledger, never of half a write."""
    from jxc.fs.transaction import consistent_read
    with consistent_read(ledger.root, getattr(ledger, "lock_wait", None)):
        return _replayed(ledger, end)


def _replayed(ledger, end=None):
    from jxc.ledger.replay import replay
    paths = ledger.journal_files()
    keys = cache.file_keys(ledger, paths)
    if active(ledger, keys):
        prime_catalog(ledger)
        ctx = cache.context_key(ledger)
        chain = chain_of(keys)
        rec = read_record(ledger, "replay", ctx)
        if rec is not None and rec["chain"] == chain and _covers(rec, end):
            return _lazy(ledger, end, rec, chain, ctx)
        if end is None and rec is not None:
            r = _resume(ledger, rec, keys, chain, ctx)
            if r is not None:
                return r
    with paused_gc(ledger.freeze_gc):
        journal = load_journal(ledger)
        marks = _marks(journal, keys)
        r = replay(journal, ledger.catalog, ledger.settings, end=end, marks=marks)
    if active(ledger, keys) and journal.file_keys == keys and len(r.entries) == len(journal.entries):
        _save_replay(ledger, r, journal, keys, marks)
    return r


def _covers(rec, end) -> bool:
    """A record of the whole journal answers for ``end`` when no entry is dated on or after it."""
    return end is None or (rec["last_date"] is not None and end > rec["last_date"]) or rec["n_entries"] == 0


def _lazy(ledger, end, rec, chain, ctx) -> LazyReplayed:
    r = LazyReplayed(ledger, end, rec["balances"], rec["lot_balances"], list(rec["problems"]),
                     rec["n_entries"], rec["n_moves"], chain, ctx)
    r.n_ids = rec["ids"].count("\n") - 1
    r.has_money = rec["money"]
    return r


def _marks(journal: Journal, keys) -> dict:
    """{entry index: file index k} where the entries of files[k:] all sort after those before."""
    entries = journal.entries
    names = [k[0] for k in keys]
    out = {}
    if journal.problems or len(names) < 2:
        return out
    counts: dict = {}
    for e in entries[-200_000:] if len(entries) > 200_000 else entries:
        counts[e.file] = counts.get(e.file, 0) + 1
    n = len(entries)
    after = 0
    for k in range(len(names) - 1, max(len(names) - 1 - CHECKPOINT_FILES, 0), -1):
        after += counts.get(names[k], 0)
        i = n - after
        tail = set(names[k:])
        if i <= 0 or after > 200_000:
            break
        if all(entries[j].file in tail for j in range(i, n)):
            out[i] = k
    return out


def _ids(entries) -> str:
    """Ids one per line, with a newline before the first and after each: ``"\\nid\\n" in ids``."""
    body = "\n".join(e.id for e in entries if e.id is not None)
    return "\n" + body + "\n" if body else "\n"


class IdSet:
    """Membership in the ids of a record without building a set of a million strings."""

    def __init__(self, ids: str, end: int | None = None):
        self.ids = ids
        self.end = len(ids) if end is None else end

    def __contains__(self, eid) -> bool:
        return self.ids.find("\n" + str(eid) + "\n", 0, self.end) != -1

    def any_of(self, ids: set) -> bool:
        """Is any of ``ids`` (a small set) among these?"""
        return any(x in ids for x in self.ids[:self.end].split("\n"))


def _save_replay(ledger, r, journal, keys, marks, base=None) -> None:
    entries = journal.entries
    chain = chain_of(keys)
    checkpoints = dict(base or {})
    if not journal.problems:
        for i, k in marks.items():
            bal, lots, nprob, nmoves = r.checkpoints[i]
            if nprob:
                continue
            last = entries[i - 1].sort_key if i else None
            checkpoints[chain[:k]] = {"balances": bal, "lot_balances": lots, "n_entries": i,
                                      "n_moves": nmoves, "last_key": last, "ids": _ids(entries[:i])}
    last = entries[-1] if entries else None
    rec = {"ctx": cache.context_key(ledger), "chain": chain, "balances": r.balances,
           "lot_balances": r.lot_balances, "problems": list(r.problems),
           "n_entries": len(entries), "n_moves": len(r.moves),
           "last_date": last.date if last else None, "last_key": last.sort_key if last else None,
           "locked": None,      # filled in by the first `check` of a locked ledger (locked_digest)
           "money": has_money(entries)}
    rec["ids"] = _ids(entries)
    write_record(ledger, "replay", rec)
    # Checkpoints change only with a full replay: kept apart, so that carrying the
    # record over after a write or a resume does not rewrite them.
    if checkpoints:
        write_record(ledger, "checkpoints", {"ctx": rec["ctx"], "checkpoints": checkpoints})


def _resume(ledger, rec, keys, chain, ctx):
    """Replay only the files after the longest checkpoint still valid, or None."""
    from jxc.ledger.replay import replay
    best = None
    cps = read_record(ledger, "checkpoints", ctx)
    for c, cp in (cps or {}).get("checkpoints", {}).items():
        if chain[:len(c)] == c and (best is None or len(c) > len(best[0])):
            best = (c, cp)
    if best is None:
        return None
    c, cp = best
    k = len(c)
    paths = ledger.journal_files()
    problems: list = []
    with paused_gc(ledger.freeze_gc):
        per_file, fkeys = cache.load_files(ledger, paths[k:], problems, active=True)
        if problems or chain_of(fkeys) != chain[k:]:
            return None
        from jxc.ledger.entries import Entry
        tail = [e for es in per_file for e in es]
        tail.sort(key=Entry.sort_key.fget)
        if tail and cp["last_key"] is not None and not tail[0].sort_key > cp["last_key"]:
            return None
        j = Journal()
        for e in tail:
            if e.id is None:
                continue
            if e.id in j.by_id:
                return None          # a duplicate id: the full path words the message
            j.by_id[e.id] = e
        if j.by_id and IdSet(cp["ids"]).any_of(j.by_id.keys()):
            return None
        for e in tail:
            if e.type == "return" and e.of not in j.by_id:
                return None
            if e.type in ORDER_TYPES or e.order is not None:
                return None          # orders are judged over their whole history: replay in full
        j.entries = tail
        j.file_keys = list(keys)
        r = replay(j, ledger.catalog, ledger.settings, start=(cp["balances"], cp["lot_balances"]))
    n_entries = cp["n_entries"] + len(tail)
    n_moves = cp["n_moves"] + len(r.moves)
    last = tail[-1] if tail else None
    new = {"ctx": ctx, "chain": chain, "balances": r.balances, "lot_balances": r.lot_balances,
           "problems": list(r.problems), "n_entries": n_entries, "n_moves": n_moves,
           "last_date": last.date if last else rec["last_date"],
           "last_key": last.sort_key if last else cp["last_key"],
           "ids": cp["ids"] + _ids(tail)[1:],
           "locked": carried_lock(rec["locked"] if rec["chain"][:k] == c else None,
                                  cp["last_key"] and cp["last_key"][0]),
           "money": None}       # the checkpoint does not know: the per-file summaries do
    write_record(ledger, "replay", new)
    return _lazy(ledger, None, new, chain, ctx)


# ---------------------------------------------------------------------------
# The period lock

def carried_lock(locked, earliest):
    """The ``locked`` digest of a record carried over to a journal whose changes (entries
    added, and entries removed) are all dated on or after ``earliest``: kept when that is
    after the lock date (no locked entry is among them), else dropped (the next `check`
    hashes again)."""
    if locked is None or earliest is None or not earliest > locked[0]:
        return None
    return locked


def locked_digest(ledger, date):
    """:func:`jxc.ledger.lock.locked_digest` of the journal for a lock of ``date``: from the
    replay record when it is current and was made for that date, else computed from the
    entries (parse cache) and kept in the replay record.  Read under the read lock, so
    the digest kept is of the files the record was made from."""
    from jxc.ledger.lock import locked_digest as rule
    from jxc.fs.transaction import consistent_read
    with consistent_read(ledger.root, getattr(ledger, "lock_wait", None)):
        keys = cache.file_keys(ledger, ledger.journal_files())
        rec = current_record(ledger, "replay", keys)
        if rec is not None and rec["locked"] is not None and rec["locked"][0] == date:
            return rec["locked"][1]
        with paused_gc(ledger.freeze_gc):
            journal = load_journal(ledger)
            digest = rule(journal.entries, date)
        if rec is not None and journal.file_keys == keys and not journal.problems:
            write_record(ledger, "replay", dict(rec, locked=(date, digest)))
        return digest


# ---------------------------------------------------------------------------
# Costing

def costed(ledger, r, method=None):
    """``r`` costed under ``method`` (default: the ledger's), from the costing record when current."""
    from jxc.ledger.costing import cost
    method = method or ledger.settings.costing
    if isinstance(r, LazyReplayed):
        chain, ctx = r._chain, r._ctx
        if r._real is None:
            rec = read_record(ledger, f"cost-{method}", ctx)
            if rec is not None and rec["chain"] == chain and _covers(rec, r.end):
                return LazyCosting(r, method, rec["pool_by_item"], rec["pools"], list(rec["problems"]),
                                   rec.get("values"), rec.get("recosts"))
        real = r.real()
    else:
        real = r
        chain = ctx = None
        keys = getattr(real.journal, "file_keys", None)
        if keys and active(ledger, keys):
            chain, ctx = chain_of(keys), cache.context_key(ledger)
    with paused_gc(ledger.freeze_gc):
        c = cost(real, method)
    if chain is not None and ctx is not None and len(real.entries) == len(real.journal.entries):
        _save_cost(ledger, c, chain, ctx, method, real)
    return c


def _save_cost(ledger, c, chain, ctx, method, real) -> None:
    entries = real.entries
    from array import array
    pools = {k: (p.qty, p.value) for k, p in c.pools.items()}
    try:
        values = array("q", c.values)
    except (OverflowError, TypeError):
        values = None
    rec = {"ctx": ctx, "chain": chain, "pools": pools, "values": values,
           "recosts": [tuple(x) for x in c.recosts],
           "pool_by_item": c.pool_by_item, "problems": list(c.problems),
           "n_entries": len(entries), "last_date": entries[-1].date if entries else None}
    write_record(ledger, f"cost-{method}", rec)
    state = state_of(c)              # what a write needs to cost what it appends (jxc.store.carry)
    if state is not None:
        write_record(ledger, f"state-{method}", dict(state, ctx=ctx, chain=chain))


# ---------------------------------------------------------------------------
# Orders

def order_book(ledger, r):
    """The :class:`~jxc.ledger.orders.OrderBook` of ``r``: from the orders record when it was
    made from the same journal bytes (the whole journal: a lazy replay covers it), else by the
    order rules (:func:`jxc.ledger.orders.book`), and then recorded."""
    from jxc.ledger.orders import RULES_VERSION, book
    if isinstance(r, LazyReplayed) and r._chain is not None:
        chain, ctx = r._chain, r._ctx
        rec = read_record(ledger, "orders", ctx)
        if rec is not None and rec["chain"] == chain and rec.get("rules") == RULES_VERSION:
            return rec["book"]
    else:
        # a full replay of the whole journal just read: its book is worth keeping too
        keys = getattr(getattr(r, "journal", None), "file_keys", None)
        whole = keys and len(r.entries) == len(r.journal.entries) and active(ledger, keys)
        chain, ctx = (chain_of(keys), cache.context_key(ledger)) if whole else (None, None)
    ob = book(r.entries, ledger.catalog, ledger.settings)
    if chain is not None:
        write_record(ledger, "orders", {"ctx": ctx, "chain": chain, "rules": RULES_VERSION, "book": ob})
    return ob


def validate(ledger):
    """(replayed, costed, problems) of the ledger under its method, from the records when current."""
    from jxc.ledger.books import money_problems
    r = replayed(ledger)
    c = costed(ledger, r)
    problems = list(r.problems) + list(c.problems)
    if problems or (isinstance(r, LazyReplayed) and r._real is None and not _has_money(ledger, r)):
        return r, c, problems
    return r, c, money_problems(r)


def entries_without_id(r) -> list:
    """The entries of ``r`` that have no id: none, from the replay record, when it counted
    an id for every entry (so `check` in a git work tree replays nothing to say so)."""
    if isinstance(r, LazyReplayed) and r._real is None and r.n_ids == r._n_entries:
        return []
    return [e for e in r.entries if e.id is None]


def _has_money(ledger, r) -> bool:
    """Any entry about money (:func:`jxc.ledger.books.has_money`), from the replay record,
    else from the per-file summaries: a journal without one needs no settling, so `check`
    of a big ledger with current records stays without a replay."""
    if r.has_money is not None:
        return r.has_money
    paths = ledger.journal_files()
    return any(cache.file_stats(ledger, p, k).get("money", True)
               for p, k in zip(paths, cache.file_keys(ledger, paths)))


__all__ = ["replayed", "costed", "validate", "LazyReplayed", "LazyCosting"]
