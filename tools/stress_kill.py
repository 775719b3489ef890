"""Kill `jxc add` at random moments and check that every write is all or none.

Each run makes a small ledger, starts `jxc add` of N entries spread over many
month files (sales that need buys in other files, so a half-applied write would
be invalid), SIGKILLs it — in odd runs after a random delay around the time it
writes, in even runs within 0.4 s of the first file it writes (24 files take about that) — then checks with
fresh jxc processes, as a user would:

* `jxc check` passes (a reader finishes an interrupted write first);
* the journal holds either none or all of the N entries;
* after one more writer (`jxc buy --dry-run`), no temporary or intent file is left.

    python tools/stress_kill.py --runs 300                 # about 10 minutes on 2 cores
    python tools/stress_kill.py --runs 20 --entries 242 --seed 7

Prints one line per violation and a summary: "N runs: A all, Z none, V violations"
(all: the write happened in full; none: the kill came before its intent was
written); exit 1 when there is any violation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JXC = [sys.executable, "-m", "jxc"]
SETTINGS = ("jxc: 1\nname: Stress\ncurrency: CNY\ncosting: fifo\ncost_pool: location\n"
            "negative_stock: forbid\ndefault_location: main\n")
CATALOG = ("locations:\n  main: {name: Main}\nitems:\n  TEA: {name: Tea, unit: box}\n"
           "suppliers:\n  sup: {name: Supplier}\ncustomers:\n  cafe: {name: Cafe}\n")


def entries(n: int) -> list[dict]:
    """n entries over 2 years of months: pairs of a buy and, one month later, a sale of it,
    listed sales first so that the files of the sales are renamed before those of the buys."""
    out = []
    for k in range(n // 2):
        y, m = divmod(k % 23, 12)
        buy = f"{2025 + y}-{m + 1:02d}-{k % 27 + 1:02d}"
        y2, m2 = divmod(k % 23 + 1, 12)
        sell = f"{2025 + y2}-{m2 + 1:02d}-{k % 27 + 1:02d}"
        out.append({"id": f"s{k}", "date": sell, "type": "sell", "from": "main", "to": "cafe",
                    "lines": [{"item": "TEA", "qty": 2, "price": 9}]})
        out.append({"id": f"b{k}", "date": buy, "type": "buy", "from": "sup", "to": "main",
                    "lines": [{"item": "TEA", "qty": 2, "price": 5}]})
    return out


def ids_on_disk(root: Path) -> set:
    found = set()
    for p in (root / "journal").rglob("*.yaml"):
        found |= set(re.findall(r"id: ([^,\s]+),", p.read_text()))
    return found


def calibrate(base: Path, n: int) -> float:
    """Seconds one uninterrupted `jxc add` of n entries takes here and now."""
    root = _ledger(base / "calibrate")
    text = "".join(json.dumps(e) + "\n" for e in entries(n))
    t = time.monotonic()
    subprocess.run([*JXC, "-L", str(root), "add", "-q", "-"], input=text.encode(), capture_output=True,
                   check=True)
    took = time.monotonic() - t
    shutil.rmtree(root)
    return took


def _ledger(root: Path) -> Path:
    (root / "journal").mkdir(parents=True)
    (root / "jxc.yaml").write_text(SETTINGS)
    (root / "catalog.yaml").write_text(CATALOG)
    return root


def _first_file(journal: Path, p: subprocess.Popen) -> None:
    """Return as soon as anything is written under ``journal`` (a temporary file, or with
    older versions the first renamed month file), or the process has ended."""
    while p.poll() is None:
        for _, _, names in os.walk(journal):
            if names:
                return
        time.sleep(0.001)


def one_run(base: Path, k: int, rnd: random.Random, n: int, window: tuple) -> tuple[str, str]:
    """('all' | 'none' | 'early', '') or ('violation', why)."""
    root = _ledger(base / f"run{k}")
    batch = entries(n)
    text = "".join(json.dumps(e) + "\n" for e in batch)
    p = subprocess.Popen([*JXC, "-L", str(root), "add", "-q", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    p.stdin.write(text.encode())
    p.stdin.close()
    if k % 2:
        time.sleep(rnd.uniform(*window))
    else:                    # odd runs at random; even ones right after the first file appears
        _first_file(root / "journal", p)
        time.sleep(rnd.uniform(0, 0.4))
    p.send_signal(signal.SIGKILL)
    p.wait()
    chk = subprocess.run([*JXC, "-L", str(root), "check"], capture_output=True, text=True)
    if chk.returncode != 0:
        return "violation", f"check failed: {chk.stderr.strip()[:200]}"
    got = ids_on_disk(root)
    want = {e["id"] for e in batch}
    if got not in (set(), want):
        return "violation", f"{len(got)} of {len(want)} entries on disk"
    dry = subprocess.run([*JXC, "-L", str(root), "buy", "TEA", "1@1", "--from", "sup", "--date",
                          "2027-01-01", "--dry-run"], capture_output=True, text=True)
    if dry.returncode != 0:
        return "violation", f"a later writer failed: {dry.stderr.strip()[:200]}"
    left = [q.name for q in root.rglob("*") if q.name.endswith(".jxc-tmp") or q.name == ".jxc-intent.json"]
    if left:
        return "violation", f"left after the next writer: {left}"
    shutil.rmtree(root)
    if p.returncode == 0:
        return "all", ""
    return ("all" if got else "none"), ""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--entries", type=int, default=242)
    ap.add_argument("--window", type=float, nargs=2, default=(0.5, 1.1), metavar=("FROM", "TO"),
                    help="kills fall at [FROM, TO) times the length of one whole add, measured first"
                         " (the files are written at its end)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", help="where to make the ledgers (default: a temporary folder)")
    args = ap.parse_args(argv)
    rnd = random.Random(args.seed)
    base = Path(args.dir or tempfile.mkdtemp(prefix="jxc-stress-"))
    counts = {"all": 0, "none": 0, "violation": 0}
    took = calibrate(base, args.entries)
    window = (args.window[0] * took, args.window[1] * took)
    print(f"one add of {args.entries} entries: {took:.2f} s; kills at {window[0]:.2f}..{window[1]:.2f} s",
          flush=True)
    for k in range(args.runs):
        outcome, why = one_run(base, k, rnd, args.entries, window)
        counts[outcome] += 1
        if why:
            print(f"run {k}: {why}", flush=True)
    print(f"{args.runs} runs: {counts['all']} all, {counts['none']} none, {counts['violation']} violations")
    return 1 if counts["violation"] else 0


if __name__ == "__main__":
    sys.exit(main())
