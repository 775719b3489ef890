"""The partners' books: documents owed, payments allocated, credits, money accounts (SPEC 9).

:func:`settle` plays the replayed journal in order.  Per partner it keeps the open
documents (buys or sells: the gross of their lines, less returns, less what was
paid on them) and the credits (advances: money paid with no document left to take
it, and what a return gave back on a document already paid).  A credit is used
up by the partner's *later* documents, oldest credit first; a refund (money from
the account back to a customer, or from a supplier back to the account) uses it
up too.  So at every point, for every partner::

    balance = Σ outstanding of its documents − Σ credits left

and that is the closing balance of its statement.  Amounts are integer cents.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from jxc.errors import Problem, closest
from jxc.ledger.accounts import CUSTOMER, Account, account_name, is_kind, kind_of
from jxc.ledger.credit import JUDGED, credit_limit_problem, exposure, is_judged
from jxc.ledger.money import Transfer, allocate_oldest, due_date
from jxc.ledger.orders import OrderPass
from jxc.ledger.tax import TaxSplit, returned_split
from jxc.numbers import fmt_money


class Document(NamedTuple):
    """A document of a partner as it stands: a buy or sell (``kind`` 'payable' or
    'receivable'), or a credit left (``kind`` 'credit', from a payment or a return:
    its ``amount`` and ``outstanding`` are negative)."""

    id: str
    date: dt.date
    partner: str            # qualified: customer:X or supplier:X
    kind: str
    amount: int             # gross, less returns
    paid: int
    outstanding: int
    due: dt.date


class StatementLine(NamedTuple):
    """One line of a partner's statement (对账单): ``debit`` raises what a customer owes
    us (a sale, a refund paid to it), ``credit`` lowers it; for a supplier, ``credit``
    raises what we owe (a purchase) and ``debit`` lowers it."""

    date: dt.date
    id: str
    type: str
    ref: str | None
    debit: int
    credit: int


class _Doc:
    __slots__ = ("id", "date", "partner", "kind", "amount", "paid", "due")

    def __init__(self, id, date, partner, kind, amount, due):
        self.id, self.date, self.partner, self.kind = id, date, partner, kind
        self.amount, self.paid, self.due = amount, 0, due

    @property
    def outstanding(self) -> int:
        return self.amount - self.paid


class Books:
    """The outcome of :func:`settle`: everything owed, paid and held, in cents."""

    def __init__(self):
        self.documents: dict = {}      # id -> _Doc (buys and sells, in journal order)
        self.credits: dict = {}        # partner -> [[source id, date, cents left]]
        self.lines: dict = {}          # partner -> [StatementLine]
        self.accounts: dict = {}       # money account -> balance cents
        self.tax: list = []            # (entry id, date, side 'sales'|'purchases', TaxSplit, sign)
        self.problems: list = []
        self.returned: dict = {}       # return entry id -> gross it took off its document
        self.allocated: dict = {}      # payment id -> [(document id, cents)] it paid

    def balance(self, partner: str) -> int:
        """What the partner owes (customer) or is owed (supplier), net of its credits."""
        owed = sum(d.outstanding for d in self.documents.values() if d.partner == partner)
        return owed - sum(c[2] for c in self.credits.get(partner, ()))

    def open_documents(self, partner: str) -> list:
        return [d for d in self.documents.values() if d.partner == partner and d.outstanding > 0]

    def documents_of(self, partner: str | None = None) -> list[Document]:
        """Documents and credits as they stand, in journal order (credits after documents)."""
        out = [Document(d.id, d.date, d.partner, d.kind, d.amount, d.paid, d.outstanding, d.due)
               for d in self.documents.values() if partner is None or d.partner == partner]
        for p, credits in self.credits.items():
            if partner is None or p == partner:
                out.extend(Document(c[0], c[1], p, "credit", -c[2], 0, -c[2], c[1])
                           for c in credits if c[2])
        return out

    def partners(self) -> list[str]:
        return sorted({d.partner for d in self.documents.values()} | set(self.credits) | set(self.lines))


def settle(replayed, candidates=frozenset()) -> Books:
    """Play the money side of a replayed journal (SPEC 9); problems are collected in order.

    ``candidates``: ids of entries being written, whose credit limits are checked (a
    limit is a rule of writing: today's limit never makes an old sale wrong).
    """
    b = Books()
    cat = replayed.catalog
    by_entry: dict = {}
    for m in replayed.moves:
        if m.entry.type == "return":
            by_entry.setdefault(id(m.entry), []).append(m)
    returned: dict = {}                 # id(origin move) -> (gross reversed, qty)
    judged = {id(e) for e in replayed.entries if e.id in candidates and is_judged(e, cat)}
    # the open sales orders at each point, only when a credit limit has something to judge
    orders = OrderPass(replayed.entries, cat, replayed.settings) if judged else None
    for e in replayed.entries:
        t = e.type
        before = exposure(b, orders, e.dst) if orders is not None and id(e) in judged else None
        if orders is not None:
            orders.step(e)
        if t in ("buy", "sell"):
            _document(b, e, cat)
        elif t == "return":
            _return(b, e, by_entry.get(id(e), ()), returned)
        elif t == "payment":
            (_transfer if isinstance(e.money, Transfer) else _payment)(b, e)
        elif t == "landed":
            _landed(b, e, cat)
        if before is not None:
            _judge_credit(b, e, before, exposure(b, orders, e.dst), cat)
    return b


def has_money(entries) -> bool:
    """Does any of ``entries`` say anything about money (a payment, a paid-at-once entry)?
    A journal where none does has nothing to settle (credit limits aside, which only a
    write's candidates can break)."""
    return any(e.money is not None for e in entries)


def _judge_credit(b: Books, e, before, after, cat) -> None:
    """A sell or so being written past its customer's credit limit is a problem (SPEC 9)."""
    msg = credit_limit_problem(JUDGED[e.type], account_name(e.dst), before, after,
                               _party(cat, e.dst).credit_limit)
    if msg:
        b.problems.append(Problem(msg, e.path, e.line))


def money_problems(replayed, candidates=frozenset()) -> list:
    """The problems of the money side (SPEC 9) for `check` and every write.

    Only payments, paid-at-once entries and credit limits can be wrong, so a journal
    with none of them is not settled at all (a million plain entries cost nothing here)."""
    cat = replayed.catalog
    entries = replayed.journal.entries
    if not has_money(entries) and not any(e.id in candidates and is_judged(e, cat) for e in entries):
        return []
    return settle(replayed, candidates).problems


def _party(cat, partner: str):
    kind, name = Account.parse(partner)
    return cat.section(kind).get(name)


def _document(b: Books, e, cat) -> None:
    partner = e.dst if e.type == "sell" else e.src
    gross = sum(ln.gross for ln in e.lines)
    s = e.money
    d = _Doc(e.id or f"{e.path}:{e.line}", e.date, partner, "receivable" if e.type == "sell" else "payable",
             gross, due_date(e.date, e.due, _party(cat, partner)))
    b.documents[d.id] = d
    side = "sales" if e.type == "sell" else "purchases"
    for ln in e.lines:
        if ln.tax is not None:
            b.tax.append((e.id, e.date, side, ln.tax, 1))
    _line(b, partner, e, e.type, gross, into=True)
    if s is not None and s.paid:
        msg = overpaid(e)
        if msg:
            b.problems.append(Problem(msg, e.path, e.line))
            return
        d.paid += s.paid
        _account(b, s.account, s.paid if e.type == "sell" else -s.paid)
        _line(b, partner, e, "paid", s.paid, into=False)
    _use_credits(b, d)


def _landed(b: Books, e, cat) -> None:
    """A landed cost is a document payable to its carrier (a supplier) for its amount
    (SPEC 10), due on the date + the carrier's ``terms_days``."""
    d = _Doc(e.id or f"{e.path}:{e.line}", e.date, e.src, "payable", e.money.amount,
             due_date(e.date, None, _party(cat, e.src)))
    b.documents[d.id] = d
    _line(b, e.src, e, "landed", e.money.amount, into=True)
    _use_credits(b, d)


def overpaid(e) -> str | None:
    """A buy or sell paid at once for more than its gross is refused (the rest would be no
    document's: pay it as a payment, which keeps it as an advance)."""
    s = e.money
    if s is None or not s.paid:
        return None
    gross = sum(ln.gross for ln in e.lines)
    if s.paid <= gross:
        return None
    return f"paid {fmt_money(s.paid)} is more than the {e.type}'s amount {fmt_money(gross)}"


def _use_credits(b: Books, d: _Doc) -> None:
    """An advance (or a credit from a return) goes to the partner's later documents, oldest credit first."""
    for c in b.credits.get(d.partner, ()):
        if d.outstanding <= 0:
            break
        take = min(c[2], d.outstanding)
        c[2] -= take
        d.paid += take


def _return(b: Books, e, moves, returned: dict) -> None:
    """A return reduces what its document owes (a credit note); what it gives back on a
    document already paid becomes a credit of the partner."""
    if not moves:
        return
    orig = moves[0].origin.entry
    d = b.documents.get(orig.id)
    if d is None:
        return
    total = 0
    for m in moves:
        o = m.origin
        ln = o.line
        before, qty_before = returned.get(id(o), (0, 0))
        if ln.tax is None:
            # without tax a return takes off exactly the amount the replay reversed (SPEC 4)
            part = TaxSplit(m.amount, 0, m.amount)
        else:
            part = returned_split(m.qty, o.qty, ln.tax, m.amount, before, qty_before + m.qty == o.qty)
        returned[id(o)] = (before + part.gross, qty_before + m.qty)
        total += part.gross
        if ln.tax is not None:
            b.tax.append((e.id, e.date, "sales" if orig.type == "sell" else "purchases", part, -1))
    b.returned[e.id] = total
    d.amount -= total
    _line(b, d.partner, e, "return", total, into=False)
    if d.outstanding < 0:
        extra = -d.outstanding
        d.paid -= extra
        b.credits.setdefault(d.partner, []).append([e.id, e.date, extra])


def _payment(b: Books, e) -> None:
    p = e.money
    partner = p.partner
    kind = kind_of(partner)
    # money towards the partner's documents: a customer paying us, us paying a supplier
    settles = p.incoming == (kind == "customer")
    _account(b, p.account, p.amount if p.incoming else -p.amount)
    if not settles:
        _refund(b, e, p)
        return
    _line(b, partner, e, "payment", p.amount, into=False)
    left = p.amount
    if p.apply is not None:
        for of, cents, line in p.apply:
            msg = _apply_problem(b, e, partner, of, cents)
            if msg:
                b.problems.append(Problem(msg, e.path, line or e.line))
                continue
            b.documents[of].paid += cents
            left -= cents
        if left < 0:
            b.problems.append(Problem(f"'apply' allocates {fmt_money(p.amount - left)}, more than the"
                                      f" payment's amount {fmt_money(p.amount)}", e.path, e.line))
            return
    else:
        alloc = allocate_oldest(b.open_documents(partner), left)
        b.allocated[e.id] = alloc
        for of, cents in alloc:
            b.documents[of].paid += cents
            left -= cents
    if left > 0:
        b.credits.setdefault(partner, []).append([e.id, e.date, left])


def _transfer(b: Books, e) -> None:
    """Money between two of the shop's accounts: one balance down, the other up; no partner."""
    t = e.money
    _account(b, t.src, -t.amount)
    _account(b, t.dst, t.amount)


def _apply_problem(b: Books, e, partner: str, of: str, cents: int) -> str | None:
    """Why an ``apply`` item cannot stand, or None.  Paying more than a named document
    owes is refused: name no document to leave the rest as an advance."""
    d = b.documents.get(of)
    if d is None:
        return f"'apply' names '{of}', which is no buy or sell before this payment{closest(of, b.documents)}"
    if d.partner != partner:
        return f"'apply' names '{of}', a document of {account_name(d.partner)}, not of {account_name(partner)}"
    if cents > d.outstanding:
        return (f"'apply' of {fmt_money(cents)} to '{of}' is more than it owes ({fmt_money(d.outstanding)});"
                " a payment naming no document keeps the rest as an advance")
    return None


def _refund(b: Books, e, p) -> None:
    """Money back to a customer (or from a supplier) takes up the partner's credit; more is refused."""
    partner = p.partner
    credits = b.credits.get(partner, [])
    have = sum(c[2] for c in credits)
    _line(b, partner, e, "refund", p.amount, into=True)
    if p.apply:
        b.problems.append(Problem("a refund takes up the partner's credit: it has no 'apply'", e.path, e.line))
    if p.amount > have:
        b.problems.append(Problem(f"a refund of {fmt_money(p.amount)} is more than the credit of"
                                  f" {account_name(partner)} ({fmt_money(have)})", e.path, e.line))
        return
    left = p.amount
    for c in credits:
        take = min(c[2], left)
        c[2] -= take
        left -= take


def _account(b: Books, account: str, cents: int) -> None:
    b.accounts[account] = b.accounts.get(account, 0) + cents


def _line(b: Books, partner: str, e, type_: str, cents: int, into: bool) -> None:
    """A statement line: ``into`` raises what is owed (a customer's debit, a supplier's credit)."""
    customer = is_kind(partner, CUSTOMER)
    debit = cents if into == customer else 0
    credit = cents if into != customer else 0
    b.lines.setdefault(partner, []).append(StatementLine(e.date, e.id or "", type_, e.ref, debit, credit))
