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
    file_keys: list = field(default_factory=list)   # (name, size, mtime_ns, hash) of each file read


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


# Set by the command line: show a progress bar on stderr when a cold read is long.
PROGRESS = False


def load_journal(ledger, extra=None) -> Journal:
    """All entries of the ledger (plus ``extra`` candidate entries), sorted, ids checked.

    Files come from the cache of parsed files when they have not changed
    (:mod:`jxc.ledger.cache`); ``Journal.file_keys`` says which bytes were read.
    """
    from jxc.ledger import cache
    j = Journal()
    progress = cache.ColdReadProgress() if PROGRESS else None
    with cache.paused_gc():
        try:
            per_file, keys = cache.load_files(ledger, ledger.journal_files(), j.problems, progress)
        finally:
            if progress is not None:
                progress.close()
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
    j.file_keys = keys
    return j
