"""Committing new entries: validate the ledger with them, then write, under one lock (SPEC 5, 6)."""

from __future__ import annotations

import os

from jxc.errors import LedgerError
from jxc.fs.transaction import ledger_lock, write_files
from jxc.write.writer import insert_entries, new_id, splice


CANDIDATE_POS = 10**9   # sorts a new entry after every existing entry of its date in its file


def prepare(ledger, raws: list[dict], source: str | None = None, lines: list | None = None,
            existing_ids=None):
    """Candidate entries from raw mappings: today's defaults written in
    (:func:`jxc.write.complete.complete_entry`), ids given, canonical text parsed back
    and compared whole with what was given (:func:`jxc.write.serialise.entry_document`).

    ``source``/``lines`` place errors in the file the entries came from (``jxc add``);
    entries typed on the command line have no place.  An item of ``lines`` is the
    entry's first line, or a tuple (first line, line of each entry line) when each
    line of the entry came from its own place (the rows of an imported spreadsheet).
    ``existing_ids()`` gives the journal's ids (a set-like), asked only when an id has
    to be made.
    """
    from jxc.ledger.entries import parse_entry
    from jxc.ledger.schema import parse_date_text
    from jxc.write.complete import complete_entry, paid_in_full
    from jxc.write.serialise import entry_document
    existing = None
    out = []
    taken = set()
    for k, raw in enumerate(raws):
        place = lines[k] if lines else None
        line = place[0] if isinstance(place, tuple) else place
        raw = complete_entry(raw, ledger.catalog, ledger.settings, source, line)
        date = raw.get("date")
        if not hasattr(date, "year"):
            date = parse_date_text(str(date))
        if raw.get("id") in (None, ""):
            if existing is None:
                existing = existing_ids() if existing_ids else _journal_ids(ledger)
            while True:
                eid = new_id(date)
                if eid not in existing and eid not in taken:
                    break
            raw = {"id": eid, **{k2: v for k2, v in raw.items() if k2 != "id"}}
        taken.add(str(raw["id"]))
        text, node = entry_document(raw, source, line)
        entry = parse_entry(node, source, CANDIDATE_POS + k, ledger.catalog, ledger.settings,
                            start_line=line)
        paid = paid_in_full(raw, entry, ledger.catalog, ledger.settings, source, line)
        if paid is not None:       # the gross is known only once the lines are read
            text, node = entry_document(paid, source, line)
            entry = parse_entry(node, source, CANDIDATE_POS + k, ledger.catalog, ledger.settings,
                                start_line=line)
        target = ledger.journal_path(entry.date)
        entry = entry._replace(line=None if line is None else entry.line, file=ledger.name(target),
                               lines=_placed(entry.lines, place))
        out.append((entry, text, target))
    return out


def _placed(lines: tuple, place) -> tuple:
    """The lines of a candidate, each at the line of its own row when ``place`` gives them
    (a tuple: entry line, then one per line; an imported spreadsheet), else as they are."""
    if not isinstance(place, tuple):
        return lines
    ats = place[1:]
    return tuple(ln._replace(line=ats[i]) if i < len(ats) else ln for i, ln in enumerate(lines))


def _journal_ids(ledger) -> set:
    from jxc.store.reader import load_journal
    return {e.id for e in load_journal(ledger).entries if e.id}


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


def problems_with_catalog(ledger, catalog) -> list:
    """The problems the whole ledger would have with ``catalog`` instead of its own,
    that it does not have now: a list of :class:`jxc.errors.Problem` (empty: safe).

    Every file is parsed afresh (the cache's records depend on the catalog on disk)
    by the store's reader — the canonical fast reader, else the strict one — then
    replayed and costed as :func:`validate` does.
    """
    from jxc.ledger import files
    from jxc.ledger.costing import cost
    from jxc.ledger.journal import assemble
    from jxc.ledger.replay import replay
    from jxc.store.cache import parse_file

    class WithCatalog(files.Ledger):
        """The same ledger directory, read with another catalog."""

        def __init__(self, root, catalog):
            super().__init__(root)
            self._catalog = catalog

    view = WithCatalog(ledger.root, catalog)
    problems: list = []
    per_file = []
    for path in view.journal_files():
        data = view.read_bytes(path)       # only files inside the ledger, regular, size-limited
        per_file.append(parse_file(view, path, data, problems))
    r = replay(assemble(per_file, None, problems), catalog, ledger.settings)
    after = r.problems + cost(r).problems
    return _new_problems(after, validate(ledger)[2])


def _new_problems(after: list, before: list) -> list:
    """The problems of ``after`` that ``before`` does not have (by message and place)."""
    old = {(p.message, p.path, p.line) for p in before}
    return [p for p in after if (p.message, p.path, p.line) not in old]


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
           lines: list | None = None, ignore_errors: bool = False) -> list:
    """Validate the ledger with the new entries and write them; returns [(entry, text)].

    On any problem nothing is written and a LedgerError lists every problem.  A
    write the store can prove clean from its records (:mod:`jxc.store.appends`)
    skips the full validation and carries the records over to the new journal.  With
    ``ignore_errors`` only problems the new entries add count: a ledger that has
    problems elsewhere (being fixed) still takes an entry that adds none.
    """
    from jxc.store.appends import WriteRecords, advance_records, appends_cleanly
    from jxc.store.sealed import deferred_writes
    with ledger_lock(ledger.root, ledger.lock_wait), deferred_writes():
        ledger.reload()
        records = WriteRecords(ledger)
        records.prime_catalog()
        from jxc.write.fefo import with_lots_chosen
        raws = with_lots_chosen(ledger, raws)
        prepared = prepare(ledger, raws, source, lines, records.existing_ids)
        if any(e.type == "payment" and e.money.apply is None for e, _, _ in prepared):
            prepared = prepare(ledger, _allocated(ledger, raws, prepared), source, lines,
                               records.existing_ids)
        entries = [p[0] for p in prepared]
        refuse_locked_writes(ledger, entries)
        problems = None
        clean = appends_cleanly(ledger, records, entries)
        if not clean:
            _, _, problems = validate(ledger, entries)
        if problems and ignore_errors:
            problems = _new_problems(problems, validate(ledger)[2])
        if problems:
            raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
        if not dry_run:
            by_file: dict = {}
            for entry, text, target in prepared:
                by_file.setdefault(target, []).append((entry.date, text))
            written = {}
            for target, docs in by_file.items():
                old = ledger.read_text(target) if os.path.lexists(target) else ""
                written[target] = fast_insert(old, ledger.name(target), docs)
            # one transaction for every file touched; each file keeps its line ends
            written = {t: data.decode("utf-8") for t, data in write_files(ledger.root, written).items()}
            if clean:
                advance_records(ledger, records, entries, written)
        return [(e, t) for e, t, _ in prepared]


def refuse_locked_writes(ledger, entries) -> None:
    """The write path's period-lock check: LedgerError when a new entry is dated in a
    locked period (:func:`jxc.ledger.lock.refuse_locked`).  Called under the write lock,
    before validation, so nothing is written and the first line says why."""
    from jxc.ledger.lock import refuse_locked
    problems = refuse_locked(ledger.settings.lock, entries)
    if problems:
        raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)


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
