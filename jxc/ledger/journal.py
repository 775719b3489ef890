"""Reading the journal: every file, every document, every entry, in journal order.

Problems are collected, not raised, so `jxc check` lists them all: a broken file
stops at its first YAML error, a bad entry is skipped and reported.

This is the plain path.  The cache of parsed files (:mod:`jxc.store.reader`) wraps
it from outside and calls :func:`parse_text` and :func:`assemble` itself, so both
paths build the journal by the same two functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jxc.errors import LedgerError, Problem
from jxc.ledger.conflicts import refuse_conflict
from jxc.ledger.entries import Entry, parse_entry
from jxc.ledger.yamlread import read_documents


@dataclass
class Journal:
    entries: list = field(default_factory=list)     # in journal order
    problems: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    file_keys: list = field(default_factory=list)   # (name, size, mtime_ns, hash) of each file read

    def unread_ids(self) -> set:
        """Ids of entries that were not read because of a problem (reported once, there)."""
        return {p.entry_id for p in self.problems if getattr(p, "entry_id", None)}


def parse_text(text: str, name: str, catalog, settings, problems: list) -> list[Entry]:
    """The entries of one journal file; problems are appended to ``problems``."""
    try:
        refuse_conflict(text, name)
        docs = read_documents(text, name)
    except LedgerError as e:
        problems.append(e.problem)
        return []
    entries = []
    for pos, doc in enumerate(docs):
        if doc.value is None or (getattr(doc.value, "is_null", False)):
            continue  # an empty document (a lone '---') is harmless
        try:
            entries.append(parse_entry(doc.value, name, pos, catalog, settings, doc.start_line))
        except LedgerError as e:
            problems.append(_naming_entry(e.problem, doc.value))
    return entries


def _naming_entry(problem, node):
    """The problem of an unreadable entry, carrying the entry's id when it has one."""
    eid = node.get("id") if isinstance(node, dict) else None
    if isinstance(eid, str) and eid and not getattr(eid, "is_null", False):
        return replace(problem, entry_id=str(eid))
    return problem


def assemble(per_file: list, extra, problems: list, keys=()) -> Journal:
    """The journal from each file's entries plus ``extra`` candidates (SPEC 2).

    Order of entries = date, then file path, then position in the file; an id may
    appear once (a second one is a problem at the second place).
    """
    j = Journal(problems=problems, file_keys=list(keys))
    entries: list[Entry] = [e for es in per_file for e in es]
    if extra:
        entries.extend(extra)
    entries.sort(key=Entry.sort_key.fget)
    by_id = j.by_id
    for e in entries:
        if e.id is None:
            continue
        other = by_id.get(e.id)
        if other is not None:
            j.problems.append(Problem(f"duplicate id '{e.id}' (also at {other.where()})", e.path, e.line))
            continue
        by_id[e.id] = e
    j.entries = entries
    return j


def read_journal(ledger, extra=None) -> Journal:
    """All entries of the ledger (plus ``extra`` candidates), read from the files without any cache."""
    problems: list = []
    per_file = []
    for path in ledger.journal_files():
        name = ledger.name(path)
        try:
            text = ledger.read_text(path)
        except LedgerError as e:
            problems.append(e.problem)
            continue
        per_file.append(parse_text(text, name, ledger.catalog, ledger.settings, problems))
    return assemble(per_file, extra, problems)
