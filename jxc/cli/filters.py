"""Filters of `jxc print`: by entry id, ref, partner and type, each checked against what exists."""

from __future__ import annotations

from jxc.errors import LedgerError, closest
from jxc.ledger.accounts import split_account


def entry_filter(catalog, type_: str | None, ids, ref: str | None, partner: str | None):
    """A predicate on entries for the given filters, or None when there is none.

    An unknown ``type_`` or ``partner`` is an error naming the closest known one (a typo
    must not print nothing and look like an empty ledger).
    """
    from jxc.ledger.entries import ORDER_TYPES, TYPES
    known = tuple(dict.fromkeys(TYPES + ORDER_TYPES))
    if type_ is not None and type_ not in known:
        raise LedgerError(f"unknown entry type {type_!r}{closest(type_, known)}; "
                          f"types are {', '.join(known)}")
    if partner is not None and partner not in catalog.suppliers and partner not in catalog.customers:
        raise LedgerError(f"unknown partner {partner!r}"
                          f"{closest(partner, list(catalog.suppliers) + list(catalog.customers))}")
    ids = set(ids or ())
    if not (type_ or ids or ref or partner):
        return None

    def keep(e) -> bool:
        if type_ and e.type != type_:
            return False
        if ids and e.id not in ids:
            return False
        if ref and e.ref != ref:
            return False
        if partner and partner not in (_bare(e.src), _bare(e.dst)):
            return False
        return True
    return keep


def _bare(account):
    """``supplier:hz`` → ``hz``; None stays None."""
    return split_account(account)[1] if account else account
