"""Committing new entries: validate the ledger with them, then write, under one lock (SPEC 5, 6)."""

from __future__ import annotations

from jxc.errors import LedgerError
from jxc.ledger.entries import dump_entry
from jxc.write.writer import atomic_write, insert_entries, ledger_lock, new_id, splice
from jxc.ledger.yamlread import read_documents


CANDIDATE_POS = 10**9   # sorts a new entry after every existing entry of its date in its file


def prepare(ledger, raws: list[dict], source: str | None = None, lines: list | None = None):
    """Candidate entries from raw mappings: ids given, canonical text, parsed back.

    ``source``/``lines`` place errors in the file the entries came from (``jxc add``);
    entries typed on the command line have no place.
    """
    from jxc.ledger.entries import parse_entry
    from jxc.ledger.schema import parse_date_text
    existing = None
    out = []
    taken = set()
    for k, raw in enumerate(raws):
        date = raw.get("date")
        if not hasattr(date, "year"):
            date = parse_date_text(str(date))
        if raw.get("id") in (None, ""):
            if existing is None:
                existing = _existing_ids(ledger)
            while True:
                eid = new_id(date)
                if eid not in existing and eid not in taken:
                    break
            raw = {"id": eid, **{k2: v for k2, v in raw.items() if k2 != "id"}}
        taken.add(str(raw["id"]))
        text = dump_entry(raw)
        doc = read_documents(text, source or "<entry>")[0]
        line = lines[k] if lines else None
        entry = parse_entry(doc.value, source, CANDIDATE_POS + k, ledger.catalog, ledger.settings,
                            start_line=line)
        if line is None:
            entry.line = None
        target = ledger.journal_path(entry.date)
        entry.file = ledger.name(target)
        out.append((entry, text, target))
    return out


def validate(ledger, extra=None):
    """Every problem of the ledger (with ``extra`` candidate entries): journal, replay, costing.

    Without candidates the answer comes from the replay and costing records when
    the journal has not changed since they were made (:mod:`jxc.store.snapshot`).
    """
    from jxc.ledger.costing import cost
    from jxc.ledger.replay import replay
    from jxc.store.reader import load_journal
    if not extra:
        from jxc.store import snapshot
        return snapshot.validate(ledger)
    from jxc.ledger.books import money_problems
    journal = load_journal(ledger, extra)
    r = replay(journal, ledger.catalog, ledger.settings)
    c = cost(r)
    problems = r.problems + c.problems
    if not problems:
        problems = money_problems(r, {e.id for e in extra})
    return r, c, problems


def _existing_ids(ledger) -> set:
    """Every id in the journal: from the replay record when it is current, else from the entries."""
    from jxc.store import snapshot
    rec = _record(ledger, "replay")
    if rec is not None:
        return _record_ids(ledger, rec)
    from jxc.store.reader import load_journal
    return {e.id for e in load_journal(ledger).entries if e.id}


def _record(ledger, kind):
    """A current record, read once per write."""
    from jxc.store import snapshot
    memo = ledger.__dict__.setdefault("_jxc_records", {})
    if kind not in memo:
        memo[kind] = snapshot.current_record(ledger, kind, keys=_keys(ledger))
    return memo[kind]


def _record_ids(ledger, rec):
    """The ids of the replay record (a set-like view; no set of a million strings is built)."""
    from jxc.store.snapshot import IdSet
    return IdSet(rec["ids"])


def _keys(ledger):
    """The journal files' keys, read once per write (the files cannot change under the lock)."""
    keys = getattr(ledger, "_jxc_file_keys", None)
    if keys is None:
        from jxc.store.cache import file_keys
        keys = file_keys(ledger, ledger.journal_files())
        ledger._jxc_file_keys = keys
    return keys


def _prime(ledger) -> None:
    """The parsed catalog from the cache, for a ledger big enough to keep one."""
    from jxc.store import snapshot
    if snapshot._active(ledger, _keys(ledger)):
        snapshot.prime_catalog(ledger)


_FAST_TYPES = ("buy", "sell", "transfer", "writeoff", "open")


def _appends_cleanly(ledger, prepared) -> bool:
    """True when the candidates provably add no problem to a ledger known to have none.

    The records of the unchanged journal (:mod:`jxc.store.snapshot`) say it has no
    problem, and hold its final balances.  A buy, sell, transfer, write-off or
    opening changes no quantity before its own point, and after it lowers the pools
    it takes from by what it takes.  For an entry that sorts after the whole journal
    that is one check against the final balances; for a back-dated one, the per-file
    pool summaries (:func:`jxc.store.cache.pool_stats`) give the lowest balance of
    each touched pool at every later point without a replay.  Anything else (a
    count, a return, lots, specific costing, a count or return after a back-dated
    entry, a ledger with problems) is validated in full, with the same messages.
    """
    settings = ledger.settings
    if settings.costing == "specific":
        return False
    rec = _record(ledger, "replay")
    if rec is None or rec["problems"]:
        return False
    crec = _record(ledger, f"cost-{settings.costing}")
    if (crec is None or crec["problems"]) and _record(ledger, "clean") is None:
        return False
    ids = set()
    known = _record_ids(ledger, rec)
    balances = rec["balances"]
    takes: dict = {}
    items = ledger.catalog.items
    forbid = settings.negative_stock == "forbid"
    late = True
    for entry, _, _ in prepared:
        if entry.type not in _FAST_TYPES or entry.id is None or entry.id in ids or entry.id in known:
            return False
        if entry.order is not None:
            return False          # fulfilling an order is judged against the order's history
        if _limited(ledger, entry) or overpaid(entry):
            return False               # credit limits and overpayment are settled in full (jxc.ledger.books)
        ids.add(entry.id)
        if rec["last_key"] is not None and not entry.sort_key > rec["last_key"]:
            late = False
        for ln in entry.lines:
            if ln.lot is not None or items[ln.item].lots:
                return False
            src, dst = ln.src or entry.src, ln.dst or entry.dst
            q = ln.base_qty
            if src.startswith("location:"):
                takes[(src, ln.item)] = takes.get((src, ln.item), 0) + q
            if dst.startswith("location:"):
                takes[(dst, ln.item)] = takes.get((dst, ln.item), 0) - q
    if late:
        return not forbid or all(balances.get(k, 0) - t >= 0 for k, t in takes.items())
    if len(prepared) != 1:
        return False
    return _backdated_ok(ledger, prepared[0][0], {k: t for k, t in takes.items() if t > 0}, balances,
                         forbid)


def overpaid(entry):
    from jxc.ledger.books import overpaid as rule
    return rule(entry)


def _limited(ledger, entry) -> bool:
    """A sale to a customer with a credit limit."""
    if entry.type != "sell":
        return False
    party = ledger.catalog.customers.get(entry.dst.split(":", 1)[1])
    return party is not None and party.credit_limit is not None


def _backdated_ok(ledger, entry, takes: dict, balances: dict, forbid: bool = True) -> bool:
    """Negative stock at every point after a back-dated entry, from the per-file summaries.

    Entries after it are those of later files and those of its own file dated after
    it (it goes after every entry of its own date there), as long as no earlier file
    holds a later date and no later file an earlier one.  For each pool it takes from,
    the balance just before it is the final balance less what comes after; the lowest
    later balance is found from its own file's entries and the later files' lowest
    running sums.  Those later files must be regular (no count or return, whose
    quantities depend on the balance or on another entry).
    """
    from jxc.store import cache
    keys = _keys(ledger)
    paths = ledger.journal_files()
    names = [k[0] for k in keys]
    target = entry.file
    date = entry.date
    k = sum(1 for n in names if n < target)
    own = k < len(names) and names[k] == target
    stats = []
    for i, (path, key) in enumerate(zip(paths, keys)):
        st = cache.file_stats(ledger, path, key)
        if st["first"] is None:
            stats.append(st)
            continue
        if i < k and st["last"] > date:
            return False
        if i > k or (i == k and not own):
            if st["first"] < date or st["irregular"]:
                return False
        stats.append(st)
    # the part of the entry's own file after it: entries dated after it, in journal order
    after_own: list = []
    if own:
        problems: list = []
        entries = cache.load_files(ledger, [paths[k]], problems, active=cache.enabled())[0][0]
        if problems:
            return False
        for e in sorted(entries, key=lambda e: (e.date, e.pos)):
            if e.date <= date:
                continue
            if e.type in ("count", "return", "move"):
                return False
            after_own.append(e)
    later = [st for st in (stats[k + 1:] if own else stats[k:]) if st["first"] is not None]
    for a, b in zip(later, later[1:]):
        if a["last"] > b["first"]:
            return False                                 # later files interleave: replay instead
    if not forbid:
        return True
    for pool, q in takes.items():
        steps = []
        for e in after_own:
            for ln in e.lines:
                if ln.lot is not None:
                    return False
                if ln.item != pool[1]:
                    continue
                if ln.src == pool[0]:
                    steps.append(-ln.base_qty)
                if ln.dst == pool[0]:
                    steps.append(ln.base_qty)
        after = sum(steps) + sum(st["net"].get(pool, 0) for st in later)
        run = balances.get(pool, 0) - after          # the balance just before the entry
        if run - q < 0:
            return False
        for d in steps:
            run += d
            if run - q < 0:
                return False
        for st in later:
            if run + st["low"].get(pool, 0) - q < 0:
                return False
            run += st["net"].get(pool, 0)
    return True


def fast_insert(text: str, name: str, docs: list) -> str:
    """:func:`insert_entries` for a file of one-line canonical entries, without parsing it as YAML.

    Same result: each new entry goes before the first entry dated after it.  A file
    with any other line than a canonical entry, a comment or a blank is handed to
    :func:`insert_entries`.
    """
    import re
    from jxc.ledger.schema import parse_date_text
    date_of = re.compile(r"--- \{(?:id: [^,\s\"{}\[\]]+, )?date: ([0-9]{4}-[0-9]{2}-[0-9]{2})[,}]").match
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        return insert_entries(text, name, docs)
    starts = []
    for i, ln in enumerate(lines):
        if ln.startswith("--- {"):
            m = date_of(ln)
            d = parse_date_text(m.group(1)) if m else None
            if d is None or not ln.endswith("}\n") or "\r" in ln:
                return insert_entries(text, name, docs)
            starts.append((d, i))
        elif ln.strip() and not ln.startswith("#"):
            return insert_entries(text, name, docs)
    for date, doc_text in docs:
        if not doc_text.startswith("--- {") or doc_text.count("\n") != 1:
            return insert_entries(text, name, docs)
    return splice(lines, starts, docs)


def commit(ledger, raws: list[dict], dry_run: bool = False, source: str | None = None,
           lines: list | None = None) -> list:
    """Validate the ledger with the new entries and write them; returns [(entry, text)].

    On any problem nothing is written and a LedgerError lists every problem.
    """
    from jxc.store.cache import deferred_writes
    with ledger_lock(ledger.root), deferred_writes():
        ledger.reload()
        ledger._jxc_file_keys = None
        ledger._jxc_records = {}
        _prime(ledger)
        prepared = prepare(ledger, raws, source, lines)
        if any(e.type == "payment" and e.money.apply is None for e, _, _ in prepared):
            prepared = prepare(ledger, _allocated(ledger, raws, prepared), source, lines)
        from jxc.write.closing import refuse_locked_writes
        refuse_locked_writes(ledger, [p[0] for p in prepared])
        problems = None
        clean = _appends_cleanly(ledger, prepared)
        if not clean:
            _, _, problems = validate(ledger, [p[0] for p in prepared])
        if problems:
            raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
        if not dry_run:
            by_file: dict = {}
            for entry, text, target in prepared:
                by_file.setdefault(target, []).append((entry.date, text))
            written = {}
            for target, docs in by_file.items():
                old = target.read_text(encoding="utf-8") if target.exists() else ""
                written[target] = fast_insert(old, ledger.name(target), docs)
                atomic_write(target, written[target])
            if clean:
                _advance_records(ledger, prepared, written)
        ledger._jxc_file_keys = None
        ledger._jxc_records = {}
        return [(e, t) for e, t, _ in prepared]


def _allocated(ledger, raws: list[dict], prepared) -> list[dict]:
    """Payments written without ``apply`` get the allocation they have at their point of the
    journal (oldest open documents first, SPEC 9) written in, so history never changes later."""
    from decimal import Decimal
    from jxc.ledger.books import settle
    r, _, problems = validate(ledger, [p[0] for p in prepared])
    if problems:
        return raws                      # the validation after this reports them
    books = settle(r)
    out = []
    for raw, (entry, _, _) in zip(raws, prepared):
        alloc = books.allocated.get(entry.id) if entry.type == "payment" else None
        if alloc is not None and entry.money.apply is None:     # (a refund allocates nothing)
            raw = {**raw, "id": entry.id, "apply": [{"of": of, "amount": Decimal(c).scaleb(-2)}
                                                   for of, c in alloc]}
        out.append(raw)
    return out


def _advance_records(ledger, prepared, written: dict) -> None:
    """Carry the replay record over to the journal as written, without a replay.

    The write was proven clean against the record (:func:`_appends_cleanly`): the
    ledger still has no problem, and its final balances are the old ones plus what
    the new entries move (none of them is a count or a return, and nothing after
    them depends on a balance).  A "clean" record says the same for costing, whose
    values do need a replay: `value` recomputes them when next asked.
    """
    import os
    from jxc.store import cache, snapshot
    rec = _record(ledger, "replay")
    if rec is None:
        return
    keys = list(_keys(ledger))
    names = [k[0] for k in keys]
    for target, text in written.items():
        data = text.encode("utf-8")
        try:
            mtime = os.stat(target).st_mtime_ns
        except OSError:
            return
        name = ledger.name(target)
        key = cache.FileKey((name, len(data), mtime, cache.digest(data)))
        if name in names:
            keys[names.index(name)] = key
        else:
            keys.append(key)
            keys.sort(key=lambda k: k[0])
            names = [k[0] for k in keys]
    if [k[0] for k in keys] != [ledger.name(p) for p in ledger.journal_files()]:
        return
    chain = snapshot.chain_of(keys)
    balances = dict(rec["balances"])
    n_moves = rec["n_moves"]
    last_key = rec["last_key"]
    last_date = rec["last_date"]
    new_ids = []
    for entry, _, _ in prepared:
        new_ids.append(entry.id)
        if last_key is None or entry.sort_key > last_key:
            last_key, last_date = entry.sort_key, entry.date
        for ln in entry.lines:
            src, dst = ln.src or entry.src, ln.dst or entry.dst
            balances[(src, ln.item)] = balances.get((src, ln.item), 0) - ln.base_qty
            balances[(dst, ln.item)] = balances.get((dst, ln.item), 0) + ln.base_qty
            n_moves += 1
    new = dict(rec, chain=chain, balances=balances, n_entries=rec["n_entries"] + len(prepared),
               n_moves=n_moves, last_key=last_key, last_date=last_date,
               ids=rec["ids"] + "\n".join(new_ids) + "\n")
    ctx = rec["ctx"]
    snapshot._write_record(ledger, "replay", new)
    snapshot._write_record(ledger, "clean", {"ctx": ctx, "chain": chain})
