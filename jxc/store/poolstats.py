"""What each journal file does to each stock pool: the per-file summary that lets a
back-dated write be checked without a replay, and `check` skip settling money in a
journal that has none.  Built by the posting rule replay uses
(:func:`jxc.ledger.posting.post`)."""

from __future__ import annotations

from jxc.ledger.accounts import is_location
from jxc.ledger.books import has_money
from jxc.ledger.posting import post
from jxc.numbers import ZERO

# Entries whose quantities depend on more than the file itself (a balance, another entry).
DEPENDENT = ("count", "return", "move")


def moves_of(entry):
    """(src, dst, item, base qty) of each line of an entry of :data:`FAST_TYPES`."""
    return [(ln.src or entry.src, ln.dst or entry.dst, ln.item, ln.base_qty) for ln in entry.lines]


def pool_stats(entries, problems=()) -> dict:
    """Per location pool (account, item): the file's net quantity and the lowest its running
    sum reaches (relative to the file's start), in the file's journal order; its first and
    last dates; ``irregular`` when a move depends on more than the file itself (a count, a
    return, a move entry, a lot) or the file has a problem; ``money`` when an entry says
    anything about money (a payment or a paid-at-once entry: the money side can have
    problems for `check` to settle)."""
    order = sorted(entries, key=lambda e: (e.date, e.pos))
    irregular = bool(problems)
    net: dict = {}
    low: dict = {}
    for e in order:
        if e.type in DEPENDENT:
            irregular = True
            continue
        for src, dst, item, qty in moves_of(e):
            left = post(net, src, dst, item, qty)
            if is_location(src) and left < low.get((src, item), ZERO):
                low[(src, item)] = left
        irregular = irregular or any(ln.lot is not None for ln in e.lines)
    net = {k: v for k, v in net.items() if is_location(k[0])}
    return {"first": order[0].date if order else None, "last": order[-1].date if order else None,
            "irregular": irregular, "net": net, "low": low,
            "money": has_money(entries)}
