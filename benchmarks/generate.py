"""Generate a synthetic stock history for the benchmark (deterministic, seeded).

The history of issue 5: 2,000 items, 5 locations, one line per entry, 45% buys,
45% sells, 5% transfers and 5% write-offs, spread evenly over 36 months
(2023-01 .. 2025-12), one journal file per month.  Stock never goes below zero,
so the ledger passes `jxc check` with ``negative_stock: forbid``.

    python benchmarks/generate.py 100000                 # -> benchmarks/data/100000/jxc
    python benchmarks/generate.py 10000 --peers          # also hledger/ledger and beancount files
    python benchmarks/generate.py 1000000 --out /tmp/big --seed 7

The jxc journal is written in jxc's canonical form (what `jxc` itself writes);
with ``--peers`` the same history is also written as a hledger/ledger journal
(``peers/ledger.journal``) and a beancount file with FIFO booking
(``peers/beancount.beancount``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ITEMS = 2000
LOCATIONS = ("main", "shop1", "shop2", "shop3", "shop4")
SUPPLIERS = tuple(f"sup{i:02d}" for i in range(1, 21))
CUSTOMERS = ("walk-in",) + tuple(f"cust{i:03d}" for i in range(1, 50))
FIRST = dt.date(2023, 1, 1)
MONTHS = 36
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

DATA = Path(__file__).resolve().parent / "data"


def _b36(n: int, width: int = 6) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 36)
        out.append(_B36[r])
    return "".join(reversed(out))


def _days() -> list[dt.date]:
    last = dt.date(FIRST.year + MONTHS // 12, 1, 1)
    return [FIRST + dt.timedelta(days=k) for k in range((last - FIRST).days)]


def _cents(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}"


def history(n: int, seed: int = 42):
    """Yield (date, type, src, dst, sku, qty, price_cents or None) for ``n`` entries."""
    rnd = random.Random(seed)
    days = _days()
    cost = [rnd.randint(200, 20000) for _ in range(ITEMS)]            # cents
    price = [c + c * rnd.randint(20, 80) // 100 for c in cost]          # cents
    on_hand = [[0] * len(LOCATIONS) for _ in range(ITEMS)]
    per_day, extra = divmod(n, len(days))
    k = 0
    for di, day in enumerate(days):
        for _ in range(per_day + (1 if di < extra else 0)):
            k += 1
            it = rnd.randrange(ITEMS)
            li = rnd.randrange(len(LOCATIONS))
            roll = rnd.random()
            have = on_hand[it][li]
            if roll < 0.45 or have == 0:
                q = rnd.randint(10, 100)
                p = cost[it] + rnd.randint(-cost[it] // 10, cost[it] // 10)
                on_hand[it][li] += q
                yield day, "buy", SUPPLIERS[it % len(SUPPLIERS)], LOCATIONS[li], it, q, p
            elif roll < 0.90:
                q = rnd.randint(1, min(have, 10))
                on_hand[it][li] -= q
                yield day, "sell", LOCATIONS[li], CUSTOMERS[rnd.randrange(len(CUSTOMERS))], it, q, price[it]
            elif roll < 0.95:
                q = rnd.randint(1, min(have, 20))
                lj = (li + 1 + rnd.randrange(len(LOCATIONS) - 1)) % len(LOCATIONS)
                on_hand[it][li] -= q
                on_hand[it][lj] += q
                yield day, "transfer", LOCATIONS[li], LOCATIONS[lj], it, q, None
            else:
                q = rnd.randint(1, min(have, 3))
                on_hand[it][li] -= q
                yield day, "writeoff", LOCATIONS[li], "damaged", it, q, None


ORDER_SHARE = 0.05     # --orders: this share of the entries are purchase and sales orders


def with_orders(moves, seed: int = 42):
    """The history with orders: before a buy (sell) a po (so) of the same item, partner and
    location, for its quantity plus 0–20 more (so some stay partly open), and the move names it.
    Chosen so that about ORDER_SHARE of all entries are orders.

    Yields (date, type, src, dst, item, qty, price, id, order)."""
    rnd = random.Random(seed + 1)
    p = ORDER_SHARE / (1 - ORDER_SHARE) / 0.9          # buys and sells are 90 % of the moves
    k = 0
    for day, t, src, dst, it, q, price in moves:
        if t in ("buy", "sell") and rnd.random() < p:
            k += 1
            oid = f"{'PO' if t == 'buy' else 'SO'}-{k:07d}"
            yield day, "po" if t == "buy" else "so", src, dst, it, q + rnd.randint(0, 20), price, oid, None
            yield day, t, src, dst, it, q, price, None, oid
        else:
            yield day, t, src, dst, it, q, price, None, None


def sku(i: int) -> str:
    return f"SKU-{i + 1:04d}"


def catalog_text(seed: int) -> str:
    rnd = random.Random(seed)
    cost = [rnd.randint(200, 20000) for _ in range(ITEMS)]
    price = [c + c * rnd.randint(20, 80) // 100 for c in cost]
    out = ["locations:"]
    out += [f"  {loc}: {{name: {loc.capitalize()}}}" for loc in LOCATIONS]
    out.append("items:")
    for i in range(ITEMS):
        out.append(f"  {sku(i)}: {{name: Item {i + 1}, unit: pcs, category: cat{i % 20:02d},"
                   f" price: {_cents(price[i])}, cost: {_cents(cost[i])}}}")
    out.append("suppliers:")
    out += [f"  {s}: {{name: Supplier {s[3:]}}}" for s in SUPPLIERS]
    out.append("customers:")
    out += [f"  {c}: {{name: Customer {c}}}" for c in CUSTOMERS]
    return "\n".join(out) + "\n"


SETTINGS = """\
jxc: 1
name: Benchmark chain
currency: CNY
costing: fifo
cost_pool: location
negative_stock: forbid
default_location: main
"""


def jxc_doc(seq: int, day: dt.date, t: str, src: str, dst: str, it: int, q: int, p, eid=None, order=None) -> str:
    """One entry exactly as jxc's canonical writer (`dump_entry`) puts it: one line."""
    eid = eid or f"{day:%Y%m%d}-{_b36(seq)}"
    price = f", price: {_cents(p)}" if p is not None else ""
    of = f" order: {order}," if order else ""
    return (f"--- {{id: {eid}, date: {day.isoformat()}, type: {t},{of} from: {src}, to: {dst},"
            f" lines: [{{item: {sku(it)}, qty: {q}{price}}}]}}\n")


def ledger_txn(day, t, src, dst, it, q, p, cost) -> str:
    """The same entry for hledger / ledger: quantities of a commodity per item."""
    c = f'"{sku(it)}"'
    if t == "buy":
        return (f"{day.isoformat()} buy\n    assets:stock:{dst}  {q} {c} @ {_cents(p)} CNY\n"
                f"    liabilities:{src}\n\n")
    if t == "sell":
        return (f"{day.isoformat()} sell\n    assets:stock:{src}  -{q} {c} @ {_cents(p)} CNY\n"
                f"    income:sales:{dst}\n\n")
    if t == "transfer":
        return (f"{day.isoformat()} transfer\n    assets:stock:{src}  -{q} {c}\n"
                f"    assets:stock:{dst}  {q} {c}\n\n")
    return (f"{day.isoformat()} writeoff\n    assets:stock:{src}  -{q} {c} @ {_cents(cost[it])} CNY\n"
            f"    expenses:loss:{dst}\n\n")


def _bacc(name: str) -> str:
    return name.capitalize().replace("-", "")


def bean_txn(day, t, src, dst, it, q, p, cost) -> str:
    """The same entry for beancount, booked FIFO (lots reduced with ``{}``)."""
    c = sku(it)
    d = day.isoformat()
    if t == "buy":
        return (f'{d} * "buy"\n  Assets:Stock:{_bacc(dst)}  {q} {c} {{{_cents(p)} CNY}}\n'
                f"  Liabilities:AP:{_bacc(src)}\n\n")
    if t == "sell":
        amt = _cents(q * p)
        return (f'{d} * "sell"\n  Assets:Stock:{_bacc(src)}  -{q} {c} {{}}\n'
                f"  Assets:Cash  {amt} CNY\n  Income:Sales  -{amt} CNY\n  Expenses:COGS\n\n")
    if t == "transfer":
        return (f'{d} * "transfer"\n  Assets:Stock:{_bacc(src)}  -{q} {c} {{}}\n'
                f"  Assets:Stock:{_bacc(dst)}  {q} {c} {{{_cents(cost[it])} CNY}}\n"
                f"  Equity:Transfers\n\n")
    return (f'{d} * "writeoff"\n  Assets:Stock:{_bacc(src)}  -{q} {c} {{}}\n'
            f"  Expenses:Loss\n\n")


def bean_header(cost) -> str:
    out = ['option "operating_currency" "CNY"', 'option "booking_method" "FIFO"', ""]
    d = "2022-12-31"
    accounts = [f"Assets:Stock:{_bacc(loc)}" for loc in LOCATIONS]
    accounts += ["Assets:Cash", "Income:Sales", "Expenses:COGS", "Expenses:Loss", "Equity:Transfers"]
    accounts += [f"Liabilities:AP:{_bacc(s)}" for s in SUPPLIERS]
    out += [f"{d} open {a}" for a in accounts]
    return "\n".join(out) + "\n\n"


def generate(n: int, out: Path, seed: int = 42, peers: bool = False, quiet: bool = False,
             orders: bool = False) -> Path:
    """Write the ledger (and with ``peers`` the peer files) under ``out``; returns the ledger dir.
    ``orders``: with purchase and sales orders (:func:`with_orders`; not written for the peers)."""
    root = out / "jxc"
    if (root / "journal").exists():
        import shutil
        shutil.rmtree(root / "journal")
    (root / "journal").mkdir(parents=True, exist_ok=True)
    (root / "jxc.yaml").write_text(SETTINGS, encoding="utf-8")
    (root / "catalog.yaml").write_text(catalog_text(seed), encoding="utf-8")
    (root / ".gitignore").write_text(".jxc.lock\n", encoding="utf-8")
    pfile = bfile = None
    if peers:
        (out / "peers").mkdir(parents=True, exist_ok=True)
        pfile = open(out / "peers" / "ledger.journal", "w", encoding="utf-8")
        bfile = open(out / "peers" / "beancount.beancount", "w", encoding="utf-8")
    month = None
    buf: list[str] = []
    pbuf: list[str] = []
    bbuf: list[str] = []
    rnd = random.Random(seed)
    cost = [rnd.randint(200, 20000) for _ in range(ITEMS)]
    if bfile:
        bfile.write(bean_header(cost))

    def flush():
        if month is None:
            return
        p = root / "journal" / f"{month[0]:04d}" / f"{month[0]:04d}-{month[1]:02d}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("".join(buf), encoding="utf-8")
        if pfile:
            pfile.write("".join(pbuf))
            bfile.write("".join(bbuf))

    rows = with_orders(history(n, seed), seed) if orders else (h + (None, None) for h in history(n, seed))
    for seq, (day, t, src, dst, it, q, p, eid, order) in enumerate(rows, 1):
        m = (day.year, day.month)
        if m != month:
            flush()
            month = m
            buf, pbuf, bbuf = [], [], []
        buf.append(jxc_doc(seq, day, t, src, dst, it, q, p, eid, order))
        if pfile and eid is None:
            pbuf.append(ledger_txn(day, t, src, dst, it, q, p, cost))
            bbuf.append(bean_txn(day, t, src, dst, it, q, p, cost))
    flush()
    if pfile:
        pfile.close()
        bfile.close()
    if not quiet:
        size = sum(f.stat().st_size for f in (root / "journal").rglob("*.yaml"))
        print(f"{n} entries, {size / 1e6:.1f} MB of YAML in {root}", file=sys.stderr)
    return root


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("entries", type=int)
    ap.add_argument("--out", type=Path, help="directory (default benchmarks/data/ENTRIES)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--peers", action="store_true", help="also write hledger/ledger and beancount files")
    ap.add_argument("--orders", action="store_true", help="5%% of the entries are purchase and sales orders")
    a = ap.parse_args(argv)
    default = DATA / (f"{a.entries}-orders" if a.orders else str(a.entries))
    generate(a.entries, a.out or default, a.seed, a.peers, orders=a.orders)


if __name__ == "__main__":
    main()
