"""Committing new entries: validate the ledger with them, then write, under one lock (SPEC 5, 6)."""

from __future__ import annotations

from jxc.errors import LedgerError
from jxc.ledger.entries import dump_entry
from jxc.ledger.writer import atomic_write, insert_entries, ledger_lock, new_id
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
                existing = {e.id for e in ledger.load().entries if e.id}
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
    the journal has not changed since they were made (:mod:`jxc.ledger.snapshot`).
    """
    from jxc.ledger.costing import cost
    from jxc.ledger.replay import replay
    if not extra:
        from jxc.ledger import snapshot
        return snapshot.validate(ledger)
    journal = ledger.load(extra)
    r = replay(journal, ledger.catalog, ledger.settings)
    c = cost(r)
    return r, c, r.problems + c.problems


def commit(ledger, raws: list[dict], dry_run: bool = False, source: str | None = None,
           lines: list | None = None) -> list:
    """Validate the ledger with the new entries and write them; returns [(entry, text)].

    On any problem nothing is written and a LedgerError lists every problem.
    """
    from jxc.ledger.cache import deferred_writes
    with ledger_lock(ledger.root), deferred_writes():
        ledger.reload()
        prepared = prepare(ledger, raws, source, lines)
        _, _, problems = validate(ledger, [p[0] for p in prepared])
        if problems:
            raise LedgerError(problems[0].message, problems[0].path, problems[0].line, problems=problems)
        if not dry_run:
            by_file: dict = {}
            for entry, text, target in prepared:
                by_file.setdefault(target, []).append((entry.date, text))
            for target, docs in by_file.items():
                old = target.read_text(encoding="utf-8") if target.exists() else ""
                atomic_write(target, insert_entries(old, ledger.name(target), docs))
        return [(e, t) for e, t, _ in prepared]
