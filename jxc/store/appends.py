"""Incremental write checks: proving from the records that new entries add no problem.

A write validates the whole ledger as it would be after the write.  On a large
ledger whose replay record (:mod:`jxc.store.snapshot`) says it has no problem,
most writes can be proven clean without replaying it: a buy, sell, transfer,
write-off or opening changes no quantity before its own point, and after it
lowers the pools it takes from by what it takes.  Every quantity here is posted
by :func:`jxc.ledger.posting.post` and judged by
:func:`jxc.ledger.posting.takes_below_zero` — replay's own two functions — one
move at a time in journal order, so a fast check refuses exactly what a full
replay refuses.  Anything it cannot prove goes to the full validation, which
words the messages.

The write path (:mod:`jxc.write.commit`) makes one :class:`WriteRecords` per
write and passes it to these functions.
"""

from __future__ import annotations

import os

from jxc.ledger.accounts import is_location
from jxc.ledger.books import has_money
from jxc.ledger.posting import forbids_negative, post, takes_below_zero
from jxc.numbers import ZERO
from jxc.store import cache, snapshot
from jxc.store.carry import carry_costing
from jxc.store.poolstats import DEPENDENT as _DEPENDENT, moves_of

# Entry types whose moves depend on nothing but their own lines.
FAST_TYPES = ("buy", "sell", "transfer", "writeoff", "open")
# Entry types whose moves depend on the balance or on another entry.


class WriteRecords:
    """What one write reads of the store, read once: the journal files' keys and the
    current records.  The files cannot change under the write's lock."""

    def __init__(self, ledger):
        self.ledger = ledger
        self._keys = None
        self._records: dict = {}

    def keys(self) -> list:
        """The :class:`~jxc.store.cache.FileKey` of each journal file."""
        if self._keys is None:
            self._keys = cache.file_keys(self.ledger, self.ledger.journal_files())
        return self._keys

    def record(self, kind: str):
        """The record of ``kind`` when it was made from the journal as it is now, else None."""
        if kind not in self._records:
            self._records[kind] = snapshot.current_record(self.ledger, kind, keys=self.keys())
        return self._records[kind]

    def prime_catalog(self) -> None:
        """The parsed catalog from the cache, for a ledger big enough to keep one."""
        if snapshot.active(self.ledger, self.keys()):
            snapshot.prime_catalog(self.ledger)

    def existing_ids(self):
        """Every id in the journal (a set-like view): from the replay record when current."""
        rec = self.record("replay")
        if rec is not None:
            return snapshot.IdSet(rec["ids"])
        from jxc.store.reader import load_journal
        return {e.id for e in load_journal(self.ledger).entries if e.id}


def appends_cleanly(ledger, records: WriteRecords, entries: list) -> bool:
    """True when the candidate ``entries`` provably add no problem to a ledger known to have none.

    For entries that all sort after the whole journal, their moves are posted in
    journal order onto the record's final balances, each judged by the
    negative-stock rule; for one back-dated entry, :func:`backdated_ok`.  Anything
    else (a count, a return, lots, specific costing, several back-dated entries,
    a ledger with problems) is validated in full, with the same messages.
    """
    settings = ledger.settings
    if settings.costing == "specific":
        return False
    rec = records.record("replay")
    if rec is None or rec["problems"]:
        return False
    crec = records.record(f"cost-{settings.costing}")
    if (crec is None or crec["problems"]) and records.record("clean") is None:
        return False
    known = snapshot.IdSet(rec["ids"])
    ids = set()
    items = ledger.catalog.items
    late = True
    for entry in entries:
        if entry.type not in FAST_TYPES or entry.id is None or entry.id in ids or entry.id in known:
            return False
        if entry.order is not None:
            return False          # fulfilling an order is judged against the order's history
        if _limited(ledger, entry) or overpaid(entry):
            return False          # credit limits and overpayment are settled in full (jxc.ledger.books)
        ids.add(entry.id)
        if not goes_after(entry, rec["last_key"]):
            late = False
        if any(ln.lot is not None or items[ln.item].lots for ln in entry.lines):
            return False
    forbid = forbids_negative(settings)
    if late:
        final = rec["balances"]
        balances = {}
        for entry in sorted(entries, key=lambda e: e.sort_key):
            for src, dst, item, qty in moves_of(entry):
                for k in ((src, item), (dst, item)):
                    if k not in balances:
                        balances[k] = final.get(k, ZERO)
                if takes_below_zero(forbid, src, post(balances, src, dst, item, qty)):
                    return False
        return True
    if len(entries) != 1:
        return False
    return backdated_ok(ledger, records, entries[0], rec["balances"], forbid)


def goes_after(entry, key) -> bool:
    """Does the new ``entry`` sort after the entry whose sort key is ``key`` (None: no entry)?

    A new entry is written after every entry of its own date in its file, so the same
    date and file count as after, whatever the positions say (a candidate's is a
    placeholder until the file is read back; the record then keeps that placeholder)."""
    return key is None or (entry.date, entry.file) >= key[:2]


def backdated_ok(ledger, records: WriteRecords, entry, balances: dict, forbid: bool) -> bool:
    """The negative-stock rule at every point after a back-dated entry, from the per-file stats.

    Entries after it are those of later files and those of its own file dated after
    it (it goes after every entry of its own date there), as long as no earlier file
    holds a later date and no later file an earlier one.  The balance of each pool
    it takes from just before it is the final balance less what comes after; the
    entry and its own file's later entries are then posted one move at a time, and
    each later file's lowest running sum (:func:`pool_stats`) is judged.  Those later
    files must be regular (no count, return or move, whose quantities depend on the
    balance or on another entry).
    """
    keys = records.keys()
    paths = ledger.journal_files()
    names = [k[0] for k in keys]
    date = entry.date
    k = sum(1 for n in names if n < entry.file)
    own = k < len(names) and names[k] == entry.file
    stats = []
    for i, (path, key) in enumerate(zip(paths, keys)):
        st = cache.file_stats(ledger, path, key)
        if st["first"] is not None:
            if i < k and st["last"] > date:
                return False
            if (i > k or (i == k and not own)) and (st["first"] < date or st["irregular"]):
                return False
        stats.append(st)
    after_own = _later_in_own_file(ledger, paths[k], date) if own else []
    if after_own is None:
        return False
    later = [st for st in (stats[k + 1:] if own else stats[k:]) if st["first"] is not None]
    if any(a["last"] > b["first"] for a, b in zip(later, later[1:])):
        return False                                 # later files interleave: replay instead
    if not forbid:
        return True
    mine = moves_of(entry)
    pools = {(src, item) for src, _, item, _ in mine if is_location(src)}
    # each pool's balance just before the entry: the final one less what comes after
    bal = {}
    for pool in pools:
        after = sum(st["net"].get(pool, ZERO) for st in later)
        for src, dst, item, qty in after_own:
            after += qty if (dst, item) == pool else -qty if (src, item) == pool else ZERO
        bal[pool] = balances.get(pool, ZERO) - after
    for src, dst, item, qty in mine + after_own:
        if (src, item) in pools or (dst, item) in pools:
            if takes_below_zero(forbid, src, post(bal, src, dst, item, qty)) and (src, item) in pools:
                return False
    for st in later:
        for pool in pools:
            if takes_below_zero(forbid, pool[0], bal[pool] + st["low"].get(pool, ZERO)):
                return False
            bal[pool] += st["net"].get(pool, ZERO)
    return True


def _later_in_own_file(ledger, path, date):
    """The moves of the entries of ``path`` dated after ``date``, in journal order; None
    when one of them depends on more than its own lines or the file has a problem."""
    problems: list = []
    entries = cache.load_files(ledger, [path], problems, active=cache.enabled())[0][0]
    if problems:
        return None
    out = []
    for e in sorted(entries, key=lambda e: (e.date, e.pos)):
        if e.date <= date:
            continue
        if e.type in _DEPENDENT or any(ln.lot is not None for ln in e.lines):
            return None
        out.extend(moves_of(e))
    return out


def overpaid(entry) -> bool:
    """The money rule's own test (:func:`jxc.ledger.books.overpaid`)."""
    from jxc.ledger.books import overpaid as rule
    return rule(entry)


def _limited(ledger, entry) -> bool:
    """A sale to a customer with a credit limit: judged by the full validation (the
    rule's own test, :func:`jxc.ledger.credit.is_judged`)."""
    from jxc.ledger.credit import is_judged
    return is_judged(entry, ledger.catalog)


# ---------------------------------------------------------------------------
# After a write proven clean

def advance_records(ledger, records: WriteRecords, entries: list, written: dict) -> None:
    """Carry the replay record over to the journal as written, without a replay.

    The write was proven clean against the record (:func:`appends_cleanly`): the
    ledger still has no problem, and its final balances are the old ones with the
    new entries' moves posted (none of them is a count or a return, and nothing
    after them depends on a balance).  A "clean" record says the same for costing,
    whose values do need a replay: `value` recomputes them when next asked.
    ``written`` maps each journal file written to its new text.
    """
    rec = records.record("replay")
    if rec is None:
        return
    keys = list(records.keys())
    for target, text in written.items():
        data = text.encode("utf-8")
        try:
            mtime = os.stat(target).st_mtime_ns
        except OSError:
            return
        name = ledger.name(target)
        key = cache.FileKey((name, len(data), mtime, cache.digest(data)))
        keys = sorted([k for k in keys if k[0] != name] + [key], key=lambda k: k[0])
    if [k[0] for k in keys] != [ledger.name(p) for p in ledger.journal_files()]:
        return
    chain = snapshot.chain_of(keys)
    balances = dict(rec["balances"])
    n_moves = rec["n_moves"]
    last_key, last_date = rec["last_key"], rec["last_date"]
    for entry in entries:
        if goes_after(entry, last_key):
            last_key, last_date = entry.sort_key, entry.date
        for src, dst, item, qty in moves_of(entry):
            post(balances, src, dst, item, qty)
            n_moves += 1
    new = dict(rec, chain=chain, balances=balances, n_entries=rec["n_entries"] + len(entries),
               n_moves=n_moves, last_key=last_key, last_date=last_date,
               locked=snapshot.carried_lock(rec["locked"], min((e.date for e in entries), default=None)),
               money=rec["money"] or has_money(entries) if rec["money"] is not None else None,
               ids=rec["ids"] + "\n".join(e.id for e in entries) + "\n")
    snapshot.write_record(ledger, "replay", new)
    snapshot.write_record(ledger, "clean", {"ctx": rec["ctx"], "chain": chain})
    if all(goes_after(e, rec["last_key"]) for e in entries):
        _carry_costing(ledger, records, rec, entries, chain)


def _carry_costing(ledger, records: WriteRecords, rec, entries, chain) -> None:
    """The costing record carried over too, when the pool state allows (:mod:`jxc.store.carry`):
    the next `value` or `profit` then re-costs nothing."""
    method = ledger.settings.costing
    crec = records.record(f"cost-{method}")
    state = records.record(f"state-{method}")
    if crec is None or state is None or crec["problems"]:
        return
    carried = carry_costing(ledger, rec, crec, state, entries, chain)
    if carried is not None:
        snapshot.write_record(ledger, f"cost-{method}", carried[0])
        snapshot.write_record(ledger, f"state-{method}", carried[1])
