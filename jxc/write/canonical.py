"""`jxc print` and `jxc fmt`: entries in canonical form.

Canonical form is what jxc writes (see :func:`jxc.ledger.entries.dump_entry`):
keys in a fixed order, one flow mapping per line, numbers and names exactly as
written.  `fmt` also sorts each file's entries by date (stably) and keeps every
comment, moved to the top of the entry it was in.  Comments are found by the YAML
library's own scanner (:func:`comments_of`), and a rewrite that would lose one is
not written.
"""

from __future__ import annotations

import json

from jxc.errors import LedgerError
from jxc.ledger.entries import KEY_ORDER, LINE_KEY_ORDER, dump_entry
from jxc.write.intake import to_raw
from jxc.ledger.schema import parse_date_text
from jxc.fs.transaction import consistent_read, ledger_lock, write_files
from jxc.write.writer import _doc_first_line
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
            parts.append('"lines": [' + ", ".join(items) + "]")
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


def print_entries(ledger, out, period, items, type_, fmt: str, on_problems=None, keep=None) -> None:
    """The entries of ``period`` (of ``items``, of ``type_``) in canonical form on ``out``
    (YAML, or JSON lines), those for which ``keep(entry)`` is true when ``keep`` is given;
    the journal and the documents re-read for their text are read under one read lock.

    A journal with problems raises LedgerError listing them, unless ``on_problems``
    is given: it gets the problems first, then the entries that could be read print.
    """
    with consistent_read(ledger.root, ledger.lock_wait):
        _print_entries(ledger, out, period, items, type_, fmt, on_problems, keep)


def _print_entries(ledger, out, period, items, type_, fmt: str, on_problems, keep) -> None:
    from jxc.store.reader import load_journal
    journal = load_journal(ledger)
    if journal.problems:
        if on_problems is None:
            raise LedgerError(journal.problems[0].message, journal.problems[0].path,
                              journal.problems[0].line, problems=journal.problems)
        on_problems(journal.problems)
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


def canonical_text(text: str, name: str, make_id=None) -> str:
    """A journal file's text in canonical form, comments kept, entries sorted by date.

    Each comment moves to the top of the entry it was in (after its first line);
    comments before the first entry stay at the top of the file.  ``make_id(date)``: an
    id for an entry that has none (`jxc fmt` gives every entry one, so git merges can
    match entries by id); None leaves such entries as they are.
    """
    lines = text.splitlines()
    docs = [d for d in read_documents(text, name)
            if not (d.value is None or (type(d.value) is Scalar and d.value.is_null))]
    if not docs:
        return text
    starts = [_doc_first_line(lines, d.start_line - 1) for d in docs]
    found = comments_of(text)
    header = [c for ln, c in found if ln < starts[0]]
    blocks = []
    for i, d in enumerate(docs):
        end = starts[i + 1] if i + 1 < len(docs) else len(lines)
        comments = [c for ln, c in found if starts[i] <= ln < end]
        body = dump_entry(_with_id(to_raw(d.value), make_id)) if isinstance(d.value, dict) else None
        if body is None:
            raise LedgerError("not an entry (a mapping)", name, d.start_line)
        if comments:
            first, rest = body.split("\n", 1)
            body = first + "\n" + "".join(c + "\n" for c in comments) + rest
        date = parse_date_text(str(d.value.get("date", ""))) if hasattr(d.value, "get") else None
        blocks.append((date.toordinal() if date else 0, i, body))
    blocks.sort(key=lambda b: (b[0], b[1]))
    return "".join(h + "\n" for h in header) + "".join(b[2] for b in blocks)


def comments_of(text: str) -> list[tuple[int, str]]:
    """Every comment of a YAML text as (line index from 0, as ``str.splitlines`` counts,
    '# ...' stripped), in order.

    PyYAML's scanner drops comments but marks where every token starts and ends;
    what lies between two tokens is only blanks, line breaks and comments, so each
    '#' there starts a comment that runs to the end of its line.  A '#' inside a
    value (``note: a#b``, ``'# x'``, ``don't  # KEEP``'s apostrophe) is decided by the
    scanner, never by guessing at quotes.
    """
    import bisect
    import yaml
    if "#" not in text:
        return []
    starts, at = [], 0
    for ln in text.splitlines(keepends=True):
        starts.append(at)
        at += len(ln)
    found = []
    pos = 0
    # the pure-Python scanner: its marks count characters of the text given
    for tok in yaml.scan(text, Loader=yaml.SafeLoader):
        found.extend(_gap_comments(text, pos, tok.start_mark.index))
        pos = max(pos, tok.end_mark.index)
    found.extend(_gap_comments(text, pos, len(text)))
    return [(bisect.bisect_right(starts, k) - 1, c) for k, c in found]


def _gap_comments(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(character index, comment) of each comment between two tokens."""
    found = []
    k = text.find("#", start, end)
    while k != -1:
        stop = k
        while stop < len(text) and text[stop] not in "\n\r\x85\u2028\u2029":
            stop += 1
        found.append((k, text[k:stop].strip()))
        k = text.find("#", stop, end)
    return found


def entries_of(text: str, name: str, made: set = frozenset()) -> list[str]:
    """Each entry of ``text`` as a JSON line of what it says, sorted: two texts with the same
    list hold the same entries, whatever their layout (what `fmt` checks before it writes).
    Ids in ``made`` (given by fmt) are left out."""
    out = []
    for d in read_documents(text, name):
        if isinstance(d.value, dict):
            raw = to_raw(d.value)
            if str(raw.get("id")) in made:
                raw = {k: v for k, v in raw.items() if k != "id"}
            out.append(json_line(raw))
    return sorted(out)


def _with_id(raw: dict, make_id) -> dict:
    """``raw`` with an id made for its date when it has none (and ``make_id`` is given)."""
    if make_id is None or raw.get("id") not in (None, "") and not getattr(raw.get("id"), "is_null", False):
        return raw
    date = parse_date_text(str(raw.get("date", "")))
    if date is None:
        return raw                     # `check` reports the date; fmt does not invent one
    return {"id": make_id(date), **{k: v for k, v in raw.items() if k != "id"}}


def _id_maker(ledger):
    """``make_id(date)``: a new id, unique in the journal (every file's ids, read as YAML)."""
    from jxc.write.writer import new_id
    taken = set()
    for path in ledger.journal_files():
        try:
            docs = read_documents(ledger.read_text(path), ledger.name(path))
        except LedgerError:
            continue
        taken.update(str(d.value["id"]) for d in docs if isinstance(d.value, dict) and d.value.get("id"))
    made: set = set()

    def make_id(date) -> str:
        while True:
            eid = new_id(date)
            if eid not in taken:
                taken.add(eid)
                made.add(eid)
                return eid
    return make_id, made



def format_journal(ledger, write: bool = True) -> list[str]:
    """Names of the journal files not in canonical form (rewritten unless ``write`` is False).

    With ``write`` every changed file is rewritten in one transaction under the write
    lock (all or none, :func:`jxc.fs.transaction.write_files`); each keeps its line
    ends.  Without, the files are only read, under the read lock: no write access
    and no write lock are needed.  Canonical form includes an id on every entry: fmt
    gives one to each entry without (``YYYYMMDD-xxxxxx``, unique in the journal).  A rewrite that would change an entry or lose a
    comment is refused (LedgerError), nothing written.
    """
    if not write:
        with consistent_read(ledger.root, ledger.lock_wait):
            make_id, _ = _id_maker(ledger)
            return [name for name, _, _, _ in _reformatted(ledger, make_id)]
    with ledger_lock(ledger.root, ledger.lock_wait):
        make_id, made = _id_maker(ledger)
        todo = _reformatted(ledger, make_id)
        for name, _, old, new in todo:
            # the rewritten file must read back as the same entries and comments, or nothing is written
            if entries_of(old, name) != entries_of(new, name, made):  # pragma: no cover
                raise LedgerError("fmt would change the entries; nothing was written", name)
            if sorted(c for _, c in comments_of(old)) != sorted(c for _, c in comments_of(new)):
                raise LedgerError("fmt would lose a comment; nothing was written", name)
        write_files(ledger.root, {path: new for _, path, _, new in todo})
    return [name for name, _, _, _ in todo]


def _reformatted(ledger, make_id=None) -> list[tuple]:
    """(name, path, old text, canonical text) of each journal file not in canonical form."""
    out = []
    for path in ledger.journal_files():
        name = ledger.name(path)
        old = ledger.read_text(path)
        new = canonical_text(old, name, make_id)
        if new != old:
            out.append((name, path, old, new))
    return out
