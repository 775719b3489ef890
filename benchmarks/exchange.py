"""Benchmark the exchange commands and print one table (markdown).

    python benchmarks/exchange.py              # 100k rows / entries
    python benchmarks/exchange.py 1000000      # sizes to run

For each size N:
- ``import``: a CSV of N rows of purchases (2 rows per ref, so N/2 entries, 2,000
  items, 5 locations) into an empty ledger with the benchmark's catalog, then the same
  file again (every row skipped as already imported);
- ``export parquet`` of the N-entry benchmark history (benchmarks/generate.py), cold,
  then again with nothing changed, then after one appended sale;
- the same question, cogs per item, asked as ``jxc sql`` (a GROUP BY over moves) and as
  ``jxc profit -o csv`` (the report), both warm.
Times are wall clock around the process; memory is its peak resident set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
from run import fmt, jxc, table  # noqa: E402

RULES = """\
fixed: {type: buy}
columns: {ref: ref, date: date, item: sku, qty: qty, price: price, partner: supplier, location: location}
"""


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


def bench_import(n: int, rows: list) -> None:
    out = generate.DATA / f"{n}-import"
    root = out / "jxc"
    shutil.rmtree(out, ignore_errors=True)
    (root / "journal").mkdir(parents=True)
    (root / "jxc.yaml").write_text(generate.SETTINGS, encoding="utf-8")
    (root / "catalog.yaml").write_text(generate.catalog_text(42), encoding="utf-8")
    csv, rules = out / "purchases.csv", out / "rules.yaml"
    purchases_csv(csv, n)
    rules.write_text(RULES, encoding="utf-8")
    label = f"{n:,}"
    first = jxc(root, ["import", str(csv), "--rules", str(rules), "-q"])
    again = jxc(root, ["import", str(csv), "--rules", str(rules), "-q"])
    rows.append((label, f"import {n:,} CSV rows ({n // 2:,} entries)", fmt(*first), ""))
    rows.append((label, "import the same file again (all skipped)", "", fmt(*again)))
    print(f"  import {fmt(*first)}; again {fmt(*again)}", file=sys.stderr, flush=True)


def bench_export_sql(n: int, rows: list) -> None:
    out = generate.DATA / str(n)
    root = out / "jxc"
    if not (root / "journal").exists():
        generate.generate(n, out)
    env = dict(os.environ)
    label = f"{n:,}"
    pq = out / "parquet"
    shutil.rmtree(pq, ignore_errors=True)
    jxc(root, ["stock", "-o", "csv"], env)                 # the cache warm, as a user's would be
    cold = jxc(root, ["export", "parquet", str(pq), "-q"], env)
    same = jxc(root, ["export", "parquet", str(pq), "-q"], env)
    rows.append((label, "export parquet (empty DIR)", fmt(*cold), ""))
    rows.append((label, "export parquet (nothing changed)", "", fmt(*same)))
    q = "SELECT item, sum(value) AS cogs FROM moves WHERE kind = 'sale' GROUP BY item ORDER BY item"
    sql = jxc(root, ["sql", q, "-o", "csv"], env)
    rep = jxc(root, ["profit", "--by", "item", "-o", "csv"], env)
    rows.append((label, "sql: cogs by item (GROUP BY)", "", fmt(*sql)))
    rows.append((label, "profit --by item -o csv (same question)", "", fmt(*rep)))
    print(f"  export {fmt(*cold)} / {fmt(*same)}; sql {fmt(*sql)}; profit {fmt(*rep)}", file=sys.stderr,
          flush=True)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100_000])
    args = ap.parse_args(argv)
    rows: list = []
    for n in args.sizes:
        bench_import(n, rows)
        bench_export_sql(n, rows)
    print(table(rows))


if __name__ == "__main__":
    main()
