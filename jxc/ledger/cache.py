"""Per-file cache of parsed entries (placeholder: parses every time)."""

from __future__ import annotations

from jxc.ledger.journal import parse_text


def parse_file_cached(ledger, path, problems):
    name = ledger.name(path)
    try:
        text = ledger.read_text(path)
    except Exception as e:  # LedgerError
        problems.append(e.problem)
        return []
    return parse_text(text, name, ledger.catalog, ledger.settings, problems)
