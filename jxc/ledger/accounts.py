"""Accounts: where stock sits (``location:NAME``) and the virtual other sides (SPEC 2).

Entries, lines and moves carry qualified account names (``location:main``,
``customer:cafe``, ``loss:damaged``, ...): that is the journal's and the cache's
format.  Code that needs the parts asks this module, never slices the string by
position (the kinds have different lengths: ``loss:`` is 5 characters, ``location:`` 9).
"""

from __future__ import annotations

from typing import NamedTuple

LOCATION = "location"
LOCATION_PREFIX = LOCATION + ":"   # for the hot loops' str.startswith


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


def is_location(qualified: str | None) -> bool:
    """True for ``location:NAME``: an account where stock really sits."""
    return qualified is not None and qualified.startswith(LOCATION_PREFIX)


def account_name(qualified: str | None) -> str:
    """The name part of a qualified account (``customer:cafe`` → ``cafe``); "" for None."""
    return qualified.partition(":")[2] if qualified else ""


def location_account(name: str) -> str:
    """The qualified account of location ``name``."""
    return LOCATION_PREFIX + name
