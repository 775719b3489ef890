"""The shape of every record the cache keeps, checked before a record is used.

A record read back is authentic (:mod:`jxc.store.sealed`), but it may still have
been written by another build of jxc whose records look different; a record of
the right type and the wrong shape (``stat-index`` = ``{"journal/…": 5}``) must
be a miss, never a ``TypeError`` in a report.  Each ``*_shape`` function says
True only for the exact shape this jxc writes.
"""

from __future__ import annotations

import datetime as dt
from array import array
from decimal import Decimal

from jxc.errors import Problem


def _str(x) -> bool:
    return type(x) is str


def _int(x) -> bool:
    return type(x) is int


def _opt_date(x) -> bool:
    return x is None or type(x) is dt.date


def _problems(x) -> bool:
    return type(x) is list and all(type(p) is Problem for p in x)


def file_key(x) -> bool:
    """(name, size, mtime_ns, content hash) of a journal file."""
    return type(x) is tuple and len(x) == 4 and _str(x[0]) and _int(x[1]) and _int(x[2]) and _str(x[3])


def chain(x) -> bool:
    """(name, size, content hash) of each journal file, in path order."""
    return type(x) is tuple and all(type(k) is tuple and len(k) == 3 and _str(k[0]) and _int(k[1])
                                    and _str(k[2]) for k in x)


def sort_key(x) -> bool:
    return x is None or (type(x) is tuple and len(x) == 3 and type(x[0]) is dt.date and _str(x[1])
                         and _int(x[2]))


def balances(x, width: int = 2) -> bool:
    """{(account, item[, lot]): Decimal quantity}."""
    return type(x) is dict and all(type(k) is tuple and len(k) == width and all(_str(p) for p in k)
                                   and type(v) is Decimal for k, v in x.items())


def stat_index(x) -> bool:
    """{file name: ((size, mtime, ctime, inode, device), content hash, hashed at ns)}."""
    return type(x) is dict and all(
        _str(k) and type(v) is tuple and len(v) == 3 and type(v[0]) is tuple and len(v[0]) == 5
        and all(_int(n) for n in v[0]) and _str(v[1]) and _int(v[2]) for k, v in x.items())


def parsed_head(x) -> bool:
    """The head of a parsed file: (its FileKey, the context key)."""
    return type(x) is tuple and len(x) == 2 and file_key(x[0]) and _str(x[1])


def parsed_body(x) -> bool:
    """([Entry], [Problem]) of one journal file."""
    from jxc.ledger.entries import Entry
    return (type(x) is tuple and len(x) == 2 and type(x[0]) is list
            and all(type(e) is Entry for e in x[0]) and _problems(x[1]))


def pool_stats(x) -> bool:
    """What a file does to each stock pool (:func:`jxc.store.poolstats.pool_stats`)."""
    return (type(x) is dict and set(x) == {"first", "last", "irregular", "net", "low", "money"}
            and _opt_date(x["first"]) and _opt_date(x["last"]) and type(x["irregular"]) is bool
            and type(x["money"]) is bool
            and balances(x["net"]) and balances(x["low"]))


def file_stats(x) -> bool:
    """(FileKey, context key, pool stats) of one journal file."""
    return type(x) is tuple and len(x) == 3 and file_key(x[0]) and _str(x[1]) and pool_stats(x[2])


_REPLAY = {"ctx", "chain", "balances", "lot_balances", "problems", "n_entries", "n_moves",
           "last_date", "last_key", "ids", "locked", "money"}


def locked(x) -> bool:
    """None, or (lock date, :func:`jxc.ledger.lock.locked_digest` of the entries up to it)."""
    return x is None or (type(x) is tuple and len(x) == 2 and type(x[0]) is dt.date and _str(x[1]))


def replay(x) -> bool:
    """The replay record (:mod:`jxc.store.snapshot`)."""
    return (type(x) is dict and set(x) == _REPLAY and _str(x["ctx"]) and chain(x["chain"])
            and balances(x["balances"]) and balances(x["lot_balances"], 3) and _problems(x["problems"])
            and _int(x["n_entries"]) and _int(x["n_moves"]) and _opt_date(x["last_date"])
            and sort_key(x["last_key"]) and _str(x["ids"]) and locked(x["locked"])
            and x["money"] in (None, True, False))


_CHECKPOINT = {"balances", "lot_balances", "n_entries", "n_moves", "last_key", "ids"}


def checkpoints(x) -> bool:
    """{"ctx", "checkpoints": {chain prefix: balances at the start of a file}}."""
    if type(x) is not dict or set(x) != {"ctx", "checkpoints"} or not _str(x["ctx"]):
        return False
    cps = x["checkpoints"]
    return type(cps) is dict and all(
        chain(c) and type(cp) is dict and set(cp) == _CHECKPOINT and balances(cp["balances"])
        and balances(cp["lot_balances"], 3) and _int(cp["n_entries"]) and _int(cp["n_moves"])
        and sort_key(cp["last_key"]) and _str(cp["ids"]) for c, cp in cps.items())


_COST = {"ctx", "chain", "pools", "values", "recosts", "pool_by_item", "problems", "n_entries", "last_date"}


def costing(x) -> bool:
    """A costing record: each pool's (quantity, value in cents), each move's value."""
    if type(x) is not dict or set(x) != _COST:
        return False
    pools = x["pools"]
    values = x["values"]
    return (_str(x["ctx"]) and chain(x["chain"]) and type(x["pool_by_item"]) is bool
            and _problems(x["problems"]) and _int(x["n_entries"]) and _opt_date(x["last_date"])
            and (values is None or (type(values) is array and values.typecode == "q"))
            and type(x["recosts"]) is list
            and all(type(r) is tuple and len(r) == 3 and all(_int(v) for v in r) for r in x["recosts"])
            and type(pools) is dict and all(
                type(v) is tuple and len(v) == 2 and type(v[0]) is Decimal and _int(v[1])
                for v in pools.values()))


def _of_types(column, types) -> bool:
    return type(column) is tuple and set(map(type, column)) <= types


_DEC, _OPT_DEC, _DATE, _INT, _OPT_STR = ({Decimal}, {Decimal, type(None)}, {dt.date}, {int}, {str, type(None)})


def _layers(x) -> bool:
    """Layers as five equally long columns: qty, unit cost (or None), date, seq, lot (or None)."""
    return (type(x) is tuple and len(x) == 5 and len(set(map(len, x))) <= 1 and _of_types(x[0], _DEC)
            and _of_types(x[1], _OPT_DEC) and _of_types(x[2], _DATE) and _of_types(x[3], _INT)
            and _of_types(x[4], _OPT_STR))


def _pool_key(k) -> bool:
    return _str(k) or (type(k) is tuple and len(k) == 2 and _str(k[0]) and _str(k[1]))


def cost_state(x) -> bool:
    """The pool state after a full costing (:func:`jxc.store.carry.state_of`): per pool
    (quantity, value in cents, last unit cost, layers), and the moves' count."""
    if type(x) is not dict or set(x) != {"ctx", "chain", "pools", "seq"}:
        return False
    return (_str(x["ctx"]) and chain(x["chain"]) and _int(x["seq"]) and type(x["pools"]) is dict
            and all(_pool_key(k) and type(v) is tuple and len(v) == 4 and type(v[0]) is Decimal
                    and _int(v[1]) and (v[2] is None or type(v[2]) is Decimal) and _layers(v[3])
                    for k, v in x["pools"].items()))


def clean(x) -> bool:
    """{"ctx", "chain"}: the journal of that chain was proven clean by a write."""
    return type(x) is dict and set(x) == {"ctx", "chain"} and _str(x["ctx"]) and chain(x["chain"])


def catalog(x) -> bool:
    """{"ctx", "catalog", "settings"}: the parsed catalog and settings of those bytes."""
    from jxc.ledger.catalog import Catalog, Settings
    return type(x) is dict and set(x) == {"ctx", "catalog", "settings"} and _str(x["ctx"]) \
        and type(x["catalog"]) is Catalog and type(x["settings"]) is Settings


def orders(x) -> bool:
    """{"ctx", "chain", "rules", "book"}: the order book of that chain under those order rules."""
    from jxc.ledger.orders import OrderBook
    return (type(x) is dict and set(x) == {"ctx", "chain", "rules", "book"} and _str(x["ctx"])
            and chain(x["chain"]) and type(x["book"]) is OrderBook)
