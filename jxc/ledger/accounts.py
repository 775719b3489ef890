"""Accounts: where stock sits (``location:NAME``) and the virtual other sides (SPEC 2).

Entries, lines and moves carry qualified account names (``location:main``,
``customer:cafe``, ``loss:damaged``, ...): that is the journal's and the cache's
format.  Code that needs the parts asks this module, never slices the string by
position (the kinds have different lengths: ``loss:`` is 5 characters, ``location:`` 9).
"""

from __future__ import annotations

from typing import NamedTuple

LOCATION = "location"
SUPPLIER = "supplier"
CUSTOMER = "customer"
LOSS = "loss"
ADJUST = "adjust"
EQUITY = "equity"
KINDS = (LOCATION, SUPPLIER, CUSTOMER, LOSS, ADJUST, EQUITY)
LOCATION_PREFIX = LOCATION + ":"   # for is_location's str.startswith

# The virtual accounts jxc names itself: an opening balance comes from equity, a count's
# difference goes to or comes from adjust:count (SPEC 2).
OPENING = EQUITY + ":opening"
COUNT_ADJUST = ADJUST + ":count"


class Account(NamedTuple):
    """An account as its two parts: ``kind`` (location, supplier, customer, loss, adjust,
    equity) and ``name`` (``main``, ``cafe``, ...)."""

    kind: str
    name: str

    @classmethod
    def parse(cls, qualified: str) -> "Account":
        """``"location:main"`` → Account("location", "main")."""
        kind, _, name = qualified.partition(":")
        return cls(kind, name)

    @property
    def qualified(self) -> str:
        """The journal's form, ``kind:name``."""
        return f"{self.kind}:{self.name}"

    def __str__(self) -> str:
        return self.qualified


def account_of(kind: str, name: str) -> str:
    """The qualified account ``kind:name`` (``customer``, ``cafe`` → ``customer:cafe``)."""
    return f"{kind}:{name}"


def split_account(text: str) -> tuple[str | None, str]:
    """(kind, name) of ``kind:name`` as written; (None, text) for a bare name (whose kind
    the caller's rule decides: a location in a move, a partner in a payment)."""
    kind, sep, name = text.partition(":")
    return (kind, name) if sep else (None, text)


def kind_of(qualified: str | None) -> str:
    """The kind part (``customer:cafe`` → ``customer``); "" for None."""
    return qualified.partition(":")[0] if qualified else ""


def is_kind(qualified: str | None, kind: str) -> bool:
    """Is ``qualified`` an account of ``kind`` (``is_kind("supplier:hz", SUPPLIER)``)?"""
    return qualified is not None and qualified.startswith(kind + ":")


def is_location(qualified: str | None) -> bool:
    """True for ``location:NAME``: an account where stock really sits."""
    return qualified is not None and qualified.startswith(LOCATION_PREFIX)


def account_name(qualified: str | None) -> str:
    """The name part of a qualified account (``customer:cafe`` → ``cafe``); "" for None."""
    return qualified.partition(":")[2] if qualified else ""


def location_account(name: str) -> str:
    """The qualified account of location ``name``."""
    return LOCATION_PREFIX + name


def loss_account(reason: str) -> str:
    """Where a write-off sends its goods: ``loss:REASON`` (``loss:writeoff`` by default)."""
    return account_of(LOSS, reason)
