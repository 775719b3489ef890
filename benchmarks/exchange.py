"""Benchmark the exchange commands and print one table (markdown).

    python benchmarks/exchange.py              # 100k rows / entries
    python benchmarks/exchange.py 1000000      # sizes to run

For each size N:
- ``import``: a CSV of N rows of purchases (2 rows per ref, so N/2 entries, 2,000
  items, 5 locations) into an empty ledger with the benchmark's catalog, then the same
  file again (every row skipped as already imported); rows per second of wall time;
- ``export parquet`` of the N-entry benchmark history (benchmarks/generate.py) into an
  empty directory, again with nothing changed, and again after one appended sale (one
  month rewritten);
- the same question, cogs per item, asked as ``jxc sql`` (a GROUP BY over moves) and as
  ``jxc profit --by item -o csv`` (the report), and ``jxc receivables`` (the partners'
  books, which the export's ``documents`` need too), all warm (each run twice, the
  second timed).
Wall time is measured around the process, CPU time is its user + system time (on a
shared machine the wall time grows with the load, the CPU time much less); memory is
its peak resident set.  The machine's load (``uptime``) is printed before the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
from run import run  # noqa: E402

RULES = """\
fixed: {type: buy}
columns: {ref: ref, date: date, item: sku, qty: qty, price: price, partner: supplier, location: location}
"""
COGS_SQL = "SELECT item, sum(value) AS cogs FROM moves WHERE kind = 'sale' GROUP BY item ORDER BY item"


def purchases_csv(path: Path, n: int, seed: int = 7) -> None:
    """N rows of purchases over 2024–2026, two rows per ref."""
    rnd = random.Random(seed)
    start = dt.date(2024, 1, 1)
    with path.open("w", encoding="utf-8") as f:
        f.write("ref,date,sku,qty,price,supplier,location\n")
        for i in range(n):
            ref = f"P-{i // 2:07d}"
            if i % 2 == 0:
                day = start + dt.timedelta(days=rnd.randrange(1095))
                sup = rnd.choice(generate.SUPPLIERS)
                loc = rnd.choice(generate.LOCATIONS)
            f.write(f"{ref},{day},{generate.sku(rnd.randrange(generate.ITEMS))},{rnd.randint(1, 50)},"
                    f"{rnd.randint(200, 20000) / 100:.2f},{sup},{loc}\n")


class Bench:
    """The rows of the table, each command run as a user types it."""

    def __init__(self):
        self.rows: list = []

    def jxc(self, root: Path, args, env=None) -> tuple[float, float, float]:
        """(wall s, CPU s, peak MB) of one `jxc` run; stops the benchmark if it fails."""
        secs, cpu, mb, code, err = run([sys.executable, "-m", "jxc", "-L", str(root), *args], env)
        if code != 0:
            raise SystemExit(f"jxc {' '.join(map(str, args))} failed ({code}): {err}")
        return secs, cpu, mb

    def add(self, size: int, what: str, m: tuple, note: str = "") -> None:
        wall, cpu, mb = m
        self.rows.append((f"{size:,}", what, f"{wall:.2f} s", f"{cpu:.2f} s", f"{mb:.0f} MB", note))
        print(f"  {size:>9,} {what:<45} {wall:7.2f} s wall {cpu:7.2f} s CPU {mb:6.0f} MB {note}",
              file=sys.stderr, flush=True)

    def table(self) -> str:
        out = ["| entries | command | wall | CPU | peak memory | note |", "|---:|---|---:|---:|---:|---|"]
        out += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(out)


def bench_import(b: Bench, n: int) -> None:
    out = generate.DATA / f"{n}-import"
    root = out / "jxc"
    shutil.rmtree(out, ignore_errors=True)
    (root / "journal").mkdir(parents=True)
    (root / "jxc.yaml").write_text(generate.SETTINGS, encoding="utf-8")
    (root / "catalog.yaml").write_text(generate.catalog_text(42), encoding="utf-8")
    csv, rules = out / "purchases.csv", out / "rules.yaml"
    purchases_csv(csv, n)
    rules.write_text(RULES, encoding="utf-8")
    first = b.jxc(root, ["import", str(csv), "--rules", str(rules), "-q"])
    b.add(n, f"import {n:,} CSV rows ({n // 2:,} entries)", first, _rate(n, first))
    again = b.jxc(root, ["import", str(csv), "--rules", str(rules), "-q"])
    b.add(n, "import the same file again (all skipped)", again, _rate(n, again))


def _rate(n: int, m: tuple) -> str:
    return f"{n / m[0]:,.0f} rows/s ({n / m[1]:,.0f} per CPU second)"


def bench_export_sql(b: Bench, n: int) -> None:
    out = generate.DATA / str(n)
    root = out / "jxc"
    if not (root / "journal").exists():
        generate.generate(n, out)
    env = dict(os.environ)
    env.pop("JXC_NO_CACHE", None)
    env["JXC_CACHE_DIR"] = str(out / "cache")
    pq = out / "parquet"
    shutil.rmtree(pq, ignore_errors=True)
    b.jxc(root, ["stock", "-o", "csv"], env)                 # the cache warm, as a user's would be
    b.add(n, "export parquet (empty DIR)", b.jxc(root, ["export", "parquet", str(pq), "-q"], env))
    b.add(n, "export parquet (nothing changed)", b.jxc(root, ["export", "parquet", str(pq), "-q"], env))
    item, loc, day = _in_stock(root, env)
    b.jxc(root, ["sell", item, "1", "--to", "walk-in", "--from", loc, "--date", day, "-q", "-y"], env)
    before = {p: p.stat().st_mtime_ns for p in pq.rglob("*.parquet")}
    m = b.jxc(root, ["export", "parquet", str(pq), "-q"], env)
    written = sum(1 for p in pq.rglob("*.parquet") if before.get(p) != p.stat().st_mtime_ns)
    b.add(n, f"export parquet (after one sale on {day})", m, f"{written} of {len(before)} files rewritten")
    for what, args in (("sql: cogs by item (GROUP BY over moves)", ["sql", COGS_SQL, "-o", "csv"]),
                       ("profit --by item -o csv (the same answer)", ["profit", "--by", "item", "-o", "csv"]),
                       ("receivables -o csv (the books, which export settles too)", ["receivables", "-o", "csv"])):
        b.jxc(root, args, env)
        b.add(n, what, b.jxc(root, args, env), "warm")


def _in_stock(root: Path, env) -> tuple[str, str, str]:
    """(item, location, date): something on hand to sell, on the 28th of the last month."""
    stock = subprocess.run([sys.executable, "-m", "jxc", "-L", str(root), "stock", "-o", "csv"], env=env,
                           capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    item, loc = next(r.split(",")[:2] for r in stock if r and not r.startswith("total"))
    last = max((root / "journal").rglob("*.yaml"))
    return item, loc, last.stem + "-28"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000])
    ap.add_argument("--no-import", action="store_true", help="skip the import rows")
    args = ap.parse_args(argv)
    b = Bench()
    for n in args.sizes:
        if not args.no_import:
            bench_import(b, n)
        bench_export_sql(b, n)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"# jxc exchange benchmark, {os.cpu_count()} cores; uptime: {load}\n")
    print(b.table())


if __name__ == "__main__":
    main()
