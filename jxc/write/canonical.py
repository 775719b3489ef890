"""`jxc print` and `jxc fmt`: entries in canonical form.

Canonical form is what jxc writes (see :func:`jxc.ledger.entries.dump_entry`):
keys in a fixed order, one flow mapping per line, numbers and names exactly as
written.  `fmt` also sorts each file's entries by date (stably) and keeps every
comment, moved to the top of the entry it was in.
"""

from __future__ import annotations

import json

from jxc.errors import LedgerError
from jxc.ledger.entries import KEY_ORDER, LINE_KEY_ORDER, dump_entry
from jxc.write.intake import to_raw
from jxc.ledger.schema import parse_date_text
from jxc.write.writer import _doc_first_line, atomic_write, ledger_lock
from jxc.ledger.yamlread import Scalar, read_documents
from jxc.numbers import parse_decimal


def json_line(raw: dict) -> str:
    keys = [k for k in KEY_ORDER if k in raw] + [k for k in raw if k not in KEY_ORDER]
    parts = []
    for k in keys:
        v = raw[k]
        if k == "lines" and isinstance(v, list):
            items = []
            for ln in v:
                lk = [x for x in LINE_KEY_ORDER if x in ln] + [x for x in ln if x not in LINE_KEY_ORDER]
                items.append("{" + ", ".join(f"{json.dumps(x)}: {_json_value(ln[x])}" for x in lk) + "}")
            parts.append(f'"lines": [' + ", ".join(items) + "]")
        else:
            parts.append(f"{json.dumps(k)}: {_json_value(v)}")
    return "{" + ", ".join(parts) + "}"


def _json_value(v) -> str:
    if isinstance(v, Scalar) and not v.quoted:
        if v.is_null:
            return "null"
        if v in ("true", "false"):
            return str(v)
        if parse_decimal(v) is not None and "_" not in v:
            d = parse_decimal(v)
            return format(d, "f")
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):          # a payment's apply: [{of, amount}, ...]
        return "[" + ", ".join(_json_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def print_entries(ledger, out, period, items, type_, fmt: str, keep=None) -> None:
    """Write the entries in ``period`` (with a line of ``items``, of ``type_``, for which
    ``keep(entry)`` is true; None: no such filter) to ``out`` as YAML or JSON lines."""
    from jxc.store.reader import load_journal
    journal = load_journal(ledger)
    if journal.problems:
        raise LedgerError(journal.problems[0].message, journal.problems[0].path,
                          journal.problems[0].line, problems=journal.problems)
    docs_of: dict = {}
    for e in journal.entries:
        if not period.contains(e.date) or (type_ and e.type != type_):
            continue
        if items and not any(ln.item in items for ln in e.lines):
            continue
        if keep is not None and not keep(e):
            continue
        docs = docs_of.get(e.path)
        if docs is None:
            docs = docs_of[e.path] = read_documents(ledger.read_text(ledger.root / e.path), e.path)
        raw = to_raw(docs[e.pos].value)
        out.write(json_line(raw) + "\n" if fmt == "json" else dump_entry(raw))


def canonical_text(text: str, name: str) -> str:
    """A journal file's text in canonical form, comments kept, entries sorted by date."""
    lines = text.splitlines()
    docs = [d for d in read_documents(text, name)
            if not (d.value is None or (type(d.value) is Scalar and d.value.is_null))]
    if not docs:
        return text
    starts = [_doc_first_line(lines, d.start_line - 1) for d in docs]
    header = [ln for ln in lines[:starts[0]] if ln.strip().startswith("#")]
    blocks = []
    for i, d in enumerate(docs):
        span = lines[starts[i]:starts[i + 1] if i + 1 < len(docs) else len(lines)]
        comments = [c for c in (_comment(ln) for ln in span) if c]
        body = dump_entry(to_raw(d.value)) if isinstance(d.value, dict) else None
        if body is None:
            raise LedgerError("not an entry (a mapping)", name, d.start_line)
        if comments:
            first, rest = body.split("\n", 1)
            body = first + "\n" + "".join(c + "\n" for c in comments) + rest
        date = parse_date_text(str(d.value.get("date", ""))) if hasattr(d.value, "get") else None
        blocks.append((date.toordinal() if date else 0, i, body))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return "".join(h + "\n" for h in header) + "".join(b[2] for b in blocks)


def _comment(line: str) -> str | None:
    """The comment on a line (a full-line comment, or one after the value), as '# ...'."""
    s = line.strip()
    if s.startswith("#"):
        return s
    quote = None
    for k, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "#" and k > 0 and line[k - 1] in " \t":
            return line[k:].strip()
    return None


def _entries_of(text: str, name: str) -> list[str]:
    return sorted(json_line(to_raw(d.value)) for d in read_documents(text, name)
                  if isinstance(d.value, dict))


def format_journal(ledger, write: bool = True) -> list[str]:
    """Names of the journal files not in canonical form (rewritten unless ``write`` is False)."""
    changed = []
    with ledger_lock(ledger.root):
        for path in ledger.journal_files():
            name = ledger.name(path)
            old = ledger.read_text(path)
            new = canonical_text(old, name)
            if new != old:
                changed.append(name)
                if write:
                    # the rewritten file must read back as the same entries, or it is not written
                    if _entries_of(old, name) != _entries_of(new, name):  # pragma: no cover
                        raise LedgerError("fmt would change the entries; file left as it is", name)
                    atomic_write(path, new)
    return changed
