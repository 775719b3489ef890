"""Merging two branches' versions of a journal file entry by entry, by id.

git's line merges do not know what an entry is: a union merge of two branches
that both edited the same entry keeps both lines (the stock is counted twice and
`check` sees nothing wrong); a text merge interleaves lines.  This is the merge
``jxc merge-driver`` does for git (installed by ``jxc init`` / ``jxc git-setup``):

- entries are matched by ``id`` across the common ancestor (*base*), *ours* and
  *theirs*; an entry changed on one side only takes that side's version, one
  deleted on one side and unchanged on the other is deleted, one added on either
  side is kept (theirs are put in date order among ours);
- an entry changed differently on both sides, or changed on one and deleted on
  the other, is a conflict: both versions are left between git's markers and the
  merge stops;
- entries without an id cannot be matched: when both sides removed the same such
  entry and put different ones in (each edited it), that is a conflict too —
  never a silent double count.  `jxc fmt` gives every entry an id.

"Changed" means changed in meaning (:func:`jxc.write.serialise.meaning`), so a
side that only reformatted an entry did not change it.  Ours keeps its layout,
comments and order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jxc.errors import LedgerError
from jxc.ledger.schema import parse_date_text
from jxc.ledger.yamlread import Scalar, read_documents
from jxc.write.intake import to_raw
from jxc.write.serialise import meaning
from jxc.write.writer import _doc_first_line

OURS, THEIRS = "ours", "theirs"


@dataclass(frozen=True)
class Block:
    """One entry of a journal file: its id (None if it has none), date, text as
    written (with the comments that follow it) and meaning."""

    id: str | None
    date: object
    text: str
    meaning: tuple


@dataclass(frozen=True)
class Merged:
    """The merged file's text and one message per conflict (none: a clean merge)."""

    text: str
    conflicts: tuple


def blocks_of(text: str, name: str) -> tuple[str, list[Block]]:
    """(header comments, entries) of a journal file; LedgerError if it is not YAML."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    docs = [d for d in read_documents(text, name)
            if not (d.value is None or (type(d.value) is Scalar and d.value.is_null))]
    starts = [_doc_first_line(lines, d.start_line - 1) for d in docs]
    header = "".join(lines[:starts[0]]) if docs else "".join(lines)
    out = []
    for i, d in enumerate(docs):
        body = "".join(lines[starts[i]:starts[i + 1] if i + 1 < len(docs) else len(lines)])
        if not body.startswith("---"):
            body = "---\n" + body        # an implicit first document must start one when moved
        value = d.value if isinstance(d.value, dict) else {}
        eid = value.get("id")
        date = parse_date_text(str(value.get("date", "")))
        out.append(Block(str(eid) if eid not in (None, "") and not getattr(eid, "is_null", False)
                         else None, date, body, meaning(to_raw(d.value))))
    return header, out


def merge_journal(base: str, ours: str, theirs: str, name: str) -> Merged:
    """Three versions of one journal file → the merged text and its conflicts.

    A side that is not readable YAML cannot be merged entry by entry: the whole
    files are left between markers, as one conflict.
    """
    try:
        _, b = blocks_of(base, name)
        header, a = blocks_of(ours, name)
        _, t = blocks_of(theirs, name)
    except LedgerError as e:
        return Merged(_markers(ours, theirs), (f"cannot merge entry by entry: {e}",))
    conflicts: list[str] = []
    base_by, theirs_by = _by_id(b), _by_id(t)
    ours_ids = {x.id for x in a if x.id}
    # one slot per entry of ours with an id: (date, text), or None when it goes
    slots = [_merge_one(x, base_by.get(x.id), theirs_by.get(x.id), conflicts)
             for x in a if x.id is not None]
    # ids only theirs has: added there, or deleted in ours
    added = []
    for y in t:
        if y.id is None or y.id in ours_ids:
            continue
        o = base_by.get(y.id)
        if o is None:
            added.append(y)
        elif y.meaning != o.meaning:
            conflicts.append(f"entry {y.id} deleted in ours, changed in theirs")
            added.append(Block(y.id, y.date, _markers("", y.text), y.meaning))
    idless, idless_added, idless_conflict = _merge_idless(b, a, t)
    if idless_conflict:
        conflicts.append(idless_conflict)
    out = _with_idless(a, slots, idless)
    for y in added + idless_added:
        out = _insert_by_date(out, y.date, y.text)
    return Merged(header + "".join(text for _, text in out), tuple(conflicts))


def _merge_one(x: Block, o: Block | None, y: Block | None, conflicts: list):
    """Ours' entry ``x`` against the base's ``o`` and theirs' ``y`` (same id): the
    (date, text) that stays, None when it is deleted; a conflict keeps both."""
    if y is None:                                # not in theirs
        if o is None:
            return (x.date, x.text)              # added in ours
        if x.meaning == o.meaning:
            return None                          # deleted in theirs, unchanged in ours
        conflicts.append(f"entry {x.id} changed in ours, deleted in theirs")
        return (x.date, _markers(x.text, ""))
    if x.meaning == y.meaning:
        return (x.date, x.text)
    if o is not None and x.meaning == o.meaning:
        return (y.date, y.text)                  # changed in theirs only
    if o is not None and y.meaning == o.meaning:
        return (x.date, x.text)                  # changed in ours only
    conflicts.append(f"entry {x.id} changed differently on both sides")
    return (x.date, _markers(x.text, y.text))


def _by_id(blocks) -> dict:
    return {x.id: x for x in blocks if x.id is not None}


def _merge_idless(base, ours, theirs):
    """Entries without id, matched by what they say: (ours' kept, theirs' to add, conflict).

    What a side removed and what it put in are multisets of meanings.  If both
    sides removed the same entry and put in different ones, each side edited it:
    a conflict.  Otherwise ours' entries stay but for those theirs removed, and
    theirs' new ones are added (those ours added as well, once).
    """
    mb = Counter(x.meaning for x in base if x.id is None)
    ma = Counter(x.meaning for x in ours if x.id is None)
    mt = Counter(x.meaning for x in theirs if x.id is None)
    removed_a, removed_t = mb - ma, mb - mt
    added_a, added_t = ma - mb, mt - mb
    if (removed_a & removed_t) and (added_a or added_t) and added_a != added_t:
        t_new = [x for x in theirs if x.id is None and added_t[x.meaning] > 0]
        a_new = [x for x in ours if x.id is None and added_a[x.meaning] > 0]
        text = _markers("".join(x.text for x in a_new), "".join(x.text for x in t_new))
        date = (a_new or t_new)[0].date
        keep = Counter(x.meaning for x in ours if x.id is None) - added_a - removed_t
        return keep, [Block(None, date, text, ())], (
            "an entry without id was changed on both sides (give every entry an id with `jxc fmt`)")
    keep = ma - removed_t
    to_add, pending = [], added_t - added_a
    for x in theirs:
        if x.id is None and pending[x.meaning] > 0:
            pending[x.meaning] -= 1
            to_add.append(x)
    return keep, to_add, None


def _with_idless(ours, slots: list, keep: Counter) -> list:
    """Ours' entries in ours' order: those with an id from ``slots`` (None: gone),
    those without one when ``keep`` still counts them."""
    merged = []
    with_id = iter(slots)
    for x in ours:
        if x.id is None:
            if keep[x.meaning] > 0:
                keep[x.meaning] -= 1
                merged.append((x.date, x.text))
        else:
            slot = next(with_id)
            if slot is not None:
                merged.append(slot)
    return merged


def _insert_by_date(out: list, date, text: str) -> list:
    """``text`` put before the first entry dated after ``date`` (after all of its date)."""
    for i, (d, _) in enumerate(out):
        if d is not None and date is not None and d > date:
            return out[:i] + [(date, text)] + out[i:]
    return out + [(date, text)]


def _markers(ours: str, theirs: str) -> str:
    """Both versions between git's conflict markers."""
    return f"<<<<<<< {OURS}\n{ours}=======\n{theirs}>>>>>>> {THEIRS}\n"
