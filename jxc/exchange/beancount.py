"""`jxc export beancount|ledger`: the money side of the ledger as a general-ledger journal.

Every jxc entry but an order (``po``, ``so``, ``close``: promises that move nothing)
becomes one balanced transaction carrying its id:

==========================  =============================================================
inventory                   ``Assets:Inventory:LOC`` at book value under the ledger's
                            costing method (one ``Assets:Inventory`` when a pool is
                            per item: its value does not move with a transfer)
receivables / payables      ``Assets:Receivable:CUSTOMER`` / ``Liabilities:Payable:SUPPLIER``
                            (the gross: what the partner owes)
sales, cost of sales        ``Income:Sales`` (net), ``Expenses:COGS``
losses                      ``Expenses:Losses:REASON`` (write-offs, ``Count`` differences)
returns to suppliers        ``Expenses:Costing-Differences``: book value − purchase price
tax                         ``Liabilities:Tax:Output``, ``Assets:Tax:Input`` (recoverable)
money accounts              ``Assets:Cash:ACCOUNT``
opening stock               ``Equity:Opening``
==========================  =============================================================

So the balances equal jxc's own figures: each inventory account is `value`, each
partner's account its balance in `receivables`/`payables`, each money account
`cash`, and Income:Sales − Expenses:COGS the gross profit of `profit`.  With
``-b`` the entries before it are summed into one opening transaction.  Amounts
come from the costing (:mod:`jxc.ledger.costing`) and the partners' books
(:mod:`jxc.ledger.books`); nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
import re

from jxc.ledger.money import Transfer
from jxc.ledger.replay import (ISSUE, PURCHASE_RETURN, RECEIPT, SALE, SALES_RETURN, SURPLUS, TRANSFER,
                               VIRTUAL)
from jxc.numbers import fmt_money
from jxc.ledger.accounts import Account

FORMATS = ("beancount", "ledger")
ORDERS = ("po", "so", "close")
# A purchase return leaves at the purchase's price (SPEC 4) while the goods' book value
# under the method may differ (FIFO layers already taken, an average): the difference.
DIFFERENCES = "Expenses:Costing-Differences"


class Names:
    """jxc names → general-ledger account components, distinct and valid in both formats.

    Beancount wants each component to start with a capital letter or digit and hold
    letters, digits and '-': other characters become '-', and a name that would
    collide with another one gets a numeric suffix."""

    def __init__(self):
        self.seen: dict = {}
        self.taken: set = set()

    def __call__(self, name: str) -> str:
        got = self.seen.get(name)
        if got is not None:
            return got
        c = re.sub(r"[^A-Za-z0-9-]", "-", name)
        c = c[0].upper() + c[1:] if c[0].isalpha() else "X" + c
        base, n = c, 2
        while c in self.taken:
            c, n = f"{base}-{n}", n + 1
        self.taken.add(c)
        self.seen[name] = c
        return c


class _Txn:
    __slots__ = ("date", "id", "type", "ref", "note", "postings")

    def __init__(self, e):
        self.date, self.id, self.type, self.ref, self.note = e.date, e.id or "", e.type, e.ref, e.note
        self.postings: dict = {}

    def post(self, account: str, cents: int) -> None:
        if cents:
            self.postings[account] = self.postings.get(account, 0) + cents


def transactions(costing, books) -> list:
    """One balanced transaction per entry (postings in cents), in journal order."""
    r = costing.replayed
    values = costing.values
    names = Names()
    single = costing.pool_by_item
    by_entry: dict = {}
    for i, m in enumerate(r.moves):
        by_entry.setdefault(id(m.entry), []).append(i)
    tax_of: dict = {}
    for eid, _, side, split, sign in books.tax:
        t = tax_of.setdefault(eid, [0])
        t[0] += sign * split.tax
    recoverable = r.settings.tax is None or r.settings.tax.recoverable

    def acc(account: str) -> str:
        kind, name = Account.parse(account)
        if kind == "location":
            return "Assets:Inventory" if single else f"Assets:Inventory:{names(name)}"
        if kind == "customer":
            return f"Assets:Receivable:{names(name)}"
        if kind == "supplier":
            return f"Liabilities:Payable:{names(name)}"
        if kind == "account":
            return f"Assets:Cash:{names(name)}"
        if kind == "equity":
            return f"Equity:{names(name)}"
        if kind == "adjust":
            return f"Expenses:Losses:{names(name)}"
        return f"Expenses:Losses:{names(name)}"

    out = []
    for e in r.entries:
        if e.type in ORDERS:
            continue                    # a promise moves neither goods nor money
        t = _Txn(e)
        tax = tax_of.get(e.id, [0])[0]
        for i in by_entry.get(id(e), ()):
            _post_move(t, r.moves[i], values[i], acc)
        if e.type == "sell":
            t.post("Liabilities:Tax:Output", -tax)
            t.post(acc(e.dst), sum(ln.gross for ln in e.lines))
        elif e.type == "buy":
            if recoverable:
                t.post("Assets:Tax:Input", tax)
            t.post(acc(e.src), -sum(ln.gross for ln in e.lines))
        elif e.type == "return" and by_entry.get(id(e)):
            _post_return(t, r.moves[by_entry[id(e)][0]], books.returned.get(e.id, 0), tax, recoverable, acc)
        if e.type in ("buy", "sell") and e.money is not None and e.money.paid:
            p = e.money.paid if e.type == "sell" else -e.money.paid
            t.post(acc("account:" + e.money.account), p)
            t.post(acc(e.dst if e.type == "sell" else e.src), -p)
        elif e.type == "payment" and isinstance(e.money, Transfer):
            t.post(acc("account:" + e.money.src), -e.money.amount)
            t.post(acc("account:" + e.money.dst), e.money.amount)
        elif e.type == "payment":
            p = e.money
            sign = 1 if p.incoming else -1
            t.post(acc("account:" + p.account), sign * p.amount)
            t.post(acc(p.partner), -sign * p.amount)
        out.append(t)
    return out


def _post_move(t: _Txn, m, v: int, acc) -> None:
    """The goods side of one move at its value ``v`` (cents) under the costing method."""
    k = m.kind
    if k in (RECEIPT, SURPLUS):
        t.post(acc(m.dst), v)
        if m.entry.type == "buy":
            # the supplier's side is the entry's gross (posted once per entry)
            t.post(DIFFERENCES, m.amount - v)
        else:
            t.post(acc(m.src), -v)
    elif k == SALE:
        t.post("Expenses:COGS", v)
        t.post(acc(m.src), -v)
        t.post("Income:Sales", -m.amount)
    elif k in (ISSUE, TRANSFER, VIRTUAL):
        t.post(acc(m.dst), v)
        t.post(acc(m.src), -v)
    elif k == SALES_RETURN:
        t.post(acc(m.dst), v)
        t.post("Expenses:COGS", -v)
        t.post("Income:Sales", m.amount)
    elif k == PURCHASE_RETURN:
        t.post(acc(m.src), -v)
        # the goods leave at their book value, the payable drops by the purchase price
        t.post(DIFFERENCES, v - m.amount)


def _post_return(t: _Txn, first, gross: int, tax: int, recoverable: bool, acc) -> None:
    """A return's money side: the partner's account by the gross it took off its document."""
    origin = first.origin.entry
    if origin.type == "sell":
        t.post("Liabilities:Tax:Output", -tax)
        t.post(acc(origin.dst), -gross)
        return
    if recoverable:
        t.post("Assets:Tax:Input", -tax)
    t.post(acc(origin.src), gross)
    # what a purchase return takes off the payable beyond its cost (tax not recovered)
    t.post(DIFFERENCES, -sum(t.postings.values()))


def export_text(lg, fmt: str, period=None) -> str:
    """The ledger as a beancount or ledger (hledger) journal; ``period`` limits the entries
    (those before its begin become one opening transaction)."""
    end = period.end - dt.timedelta(days=1) if period is not None and period.end else None
    r = lg.replayed(end)
    c = lg.costed(replayed=r)
    from jxc.ledger.books import settle
    books = settle(r)
    txns = transactions(c, books)
    begin = period.begin if period is not None else None
    if begin is not None:
        before = [t for t in txns if t.date < begin]
        txns = [t for t in txns if t.date >= begin]
        if before:
            opening = _Txn(type("E", (), {"date": begin, "id": "opening", "type": "opening", "ref": None,
                                          "note": "balances before " + begin.isoformat()}))
            for t in before:
                for a, v in t.postings.items():
                    opening.post(a, v)
            opening.postings = {a: v for a, v in sorted(opening.postings.items()) if v}
            txns.insert(0, opening)
    cur = lg.settings.currency
    return (_beancount if fmt == "beancount" else _ledger)(txns, cur, lg.settings.name)


def _accounts(txns) -> list[str]:
    return sorted({a for t in txns for a in t.postings})


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _beancount(txns, cur: str, title: str) -> str:
    first = min((t.date for t in txns), default=dt.date(2000, 1, 1))
    out = [f"option \"title\" {_q(title)}", f"option \"operating_currency\" \"{cur}\"", ""]
    out += [f"{first.isoformat()} open {a} {cur}" for a in _accounts(txns)]
    for t in txns:
        narration = " ".join(x for x in (t.ref, t.note) if x)
        out += ["", f"{t.date.isoformat()} * {_q(t.type)} {_q(narration)}", f"  id: {_q(t.id)}"]
        out += [f"  {a}  {fmt_money(v)} {cur}" for a, v in t.postings.items()]
    return "\n".join(out) + "\n"


def _ledger(txns, cur: str, title: str) -> str:
    out = [f"; {title}", f"commodity 1,000.00 {cur}"]
    out += [f"account {a.lower()}" for a in _accounts(txns)]
    for t in txns:
        desc = " ".join(x for x in (t.type, t.ref, t.note) if x).replace(";", ",")
        out += ["", f"{t.date.isoformat()} * {desc}  ; id:{t.id}"]
        out += [f"    {a.lower()}  {fmt_money(v)} {cur}" for a, v in t.postings.items()]
    return "\n".join(out) + "\n"
