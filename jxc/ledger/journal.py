"""Reading the journal: every file, every document, every entry, in journal order.

Problems are collected, not raised, so `jxc check` lists them all: a broken file
stops at its first YAML error, a bad entry is skipped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jxc.errors import LedgerError, Problem
from jxc.ledger.entries import Entry, parse_entry
from jxc.ledger.yamlread import read_documents


@dataclass
class Journal:
    entries: list = field(default_factory=list)     # in journal order
    problems: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)


def parse_text(text: str, name: str, catalog, settings, problems: list) -> list[Entry]:
    """The entries of one journal file; problems are appended to ``problems``."""
    try:
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
            problems.append(e.problem)
    return entries


def load_journal(ledger, extra=None) -> Journal:
    """All entries of the ledger (plus ``extra`` candidate entries), sorted, ids checked."""
    from jxc.ledger.cache import parse_file_cached
    j = Journal()
    catalog, settings = ledger.catalog, ledger.settings
    entries: list[Entry] = []
    for path in ledger.journal_files():
        entries.extend(parse_file_cached(ledger, path, j.problems))
    if extra:
        entries.extend(extra)
    entries.sort(key=Entry.sort_key.fget)
    for e in entries:
        if e.id is None:
            continue
        other = j.by_id.get(e.id)
        if other is not None:
            j.problems.append(Problem(f"duplicate id '{e.id}' (also at {other.where()})", e.path, e.line))
            continue
        j.by_id[e.id] = e
    j.entries = entries
    return j
