"""Run the jxc benchmark and print one table (markdown).

    python benchmarks/run.py                       # 10k and 100k entries
    python benchmarks/run.py 10000 100000 1000000  # sizes to run
    python benchmarks/run.py --peers 10000         # also hledger / ledger / bean-check where installed

For each size it generates the history once (benchmarks/generate.py, into
benchmarks/data/SIZE, git-ignored), then times each command as a user types it:
*cold* is the first run with an empty cache directory (``JXC_CACHE_DIR`` is set to
``benchmarks/data/SIZE/cache``; the files are in the OS page
cache: this measures jxc, not the disk), *warm* a second run with nothing changed.
Then one `jxc sell` is appended to the last month and the next `stock` is timed.
Last, `orders` and `stock --projected` are timed on the same history with 5% of the
entries being purchase and sales orders (``generate.py --orders``; ``--no-orders`` skips).
Wall time is measured around the process; peak memory is the process's maximum
resident set (``wait4``), the largest of it and any worker it waited for.

bean-check keeps a pickle cache of its own next to the file (``.*.picklecache``);
it is deleted before each peer run so bean-check too is timed cold.

Peers run on the same history when their program is installed and ``--peers``
is given: ``hledger bal``, ``ledger bal`` and ``bean-check`` (FIFO booking).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

COMMANDS = [
    ("stock", ["stock"]),
    ("stock -o csv", ["stock", "-o", "csv"]),
    ("value (FIFO)", ["value"]),
    ("value -o csv", ["value", "-o", "csv"]),
    ("profit --by month", ["profit", "--by", "month"]),
    ("check", ["check"]),
]
# On the same history with 5% of the entries being purchase and sales orders (generate --orders).
ORDER_COMMANDS = [
    ("orders -o csv", ["orders", "-o", "csv"]),
    ("stock --projected -o csv", ["stock", "--projected", "-o", "csv"]),
    ("stock -o csv (with orders)", ["stock", "-o", "csv"]),
]


def run(cmd, env=None, timeout=None) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code, stderr tail) of one process.

    CPU time (user + system, of the process and the workers it waited for) is shown
    beside wall time because the benchmark machine is shared: on a loaded machine the
    wall time says more about the neighbours than about jxc.
    """
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = None if timeout is None else t + timeout
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            p.kill()
            pid, status, usage = os.wait4(p.pid, 0)
            return float("inf"), float("inf"), usage.ru_maxrss / 1024, -9, "timeout"
        time.sleep(0.005)
    secs = time.perf_counter() - t
    err = p.stderr.read().decode(errors="replace")[-300:]
    p.returncode = os.waitstatus_to_exitcode(status)
    return secs, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, p.returncode, err


def jxc(root: Path, args, env=None, check=True):
    secs, cpu, mb, code, err = run([sys.executable, "-m", "jxc", "-L", str(root), *args], env)
    if check and code != 0:
        raise SystemExit(f"jxc {' '.join(args)} failed ({code}): {err}")
    return secs, cpu, mb


def fmt(secs, cpu, mb) -> str:
    if secs == float("inf"):
        return "timeout"
    return f"{secs:.2f} s ({cpu:.2f} s CPU), {mb:.0f} MB"


def _timed(root: Path, label: str, commands, env, rows: list) -> None:
    """Each command cold (an empty cache directory) then warm (nothing changed), one row each."""
    for name, args in commands:
        shutil.rmtree(env["JXC_CACHE_DIR"], ignore_errors=True)
        cold = jxc(root, args, env)
        warm = jxc(root, args, env)
        rows.append((label, name, fmt(*cold), fmt(*warm)))
        print(f"  {label:>9} {name:<20} cold {fmt(*cold):<18} warm {fmt(*warm)}", file=sys.stderr, flush=True)


def bench_orders(n: int, rows: list) -> None:
    """`orders` and `stock --projected` on the history with orders."""
    out = generate.DATA / f"{n}-orders"
    root = out / "jxc"
    if not (root / "journal").exists():
        generate.generate(n, out, orders=True)
    env = dict(os.environ)
    env.pop("JXC_NO_CACHE", None)
    env.pop("JXC_CACHE_MIN_BYTES", None)
    env["JXC_CACHE_DIR"] = str(out / "cache")
    _timed(root, f"{n:,}", ORDER_COMMANDS, env, rows)


def bench_size(n: int, peers: bool, peer_timeout: float, rows: list) -> None:
    out = generate.DATA / str(n)
    root = out / "jxc"
    if not (root / "journal").exists() or (peers and not (out / "peers").exists()):
        generate.generate(n, out, peers=peers)
    size = sum(p.stat().st_size for p in (root / "journal").rglob("*.yaml")) / 1e6
    env = dict(os.environ)
    env.pop("JXC_NO_CACHE", None)
    env.pop("JXC_CACHE_MIN_BYTES", None)
    env["JXC_CACHE_DIR"] = str(out / "cache")       # the benchmark's own cache, emptied for cold runs
    label = f"{n:,}"
    _timed(root, label, COMMANDS, env, rows)
    # one sale appended to the last month, then the next report
    last = sorted((root / "journal").rglob("*.yaml"))[-1]
    saved = last.read_bytes()
    try:
        jxc(root, ["stock", "-o", "csv"], env)          # warm the records
        jxc(root, ["value", "-o", "csv"], env)
        item, loc = _some_stock(root, env)
        day = saved.decode().rstrip("\n").rsplit("\n", 1)[-1].split("date: ", 1)[1][:10]   # the last day
        append = jxc(root, ["sell", item, "1", "--from", loc, "--to", "walk-in", "--date", day, "-q"], env)
        after = jxc(root, ["stock", "-o", "csv"], env)
        after_table = jxc(root, ["stock"], env)
        rows.append((label, "sell (append one entry)", "", fmt(*append)))
        rows.append((label, "stock -o csv after the sell", "", fmt(*after)))
        rows.append((label, "stock after the sell", "", fmt(*after_table)))
        # a second sale, so that `value` and `profit` are each the first report after a write
        jxc(root, ["sell", item, "1", "--from", loc, "--to", "walk-in", "--date", day, "-q"], env)
        rows.append((label, "value -o csv after a sell", "", fmt(*jxc(root, ["value", "-o", "csv"], env))))
        jxc(root, ["sell", item, "1", "--from", loc, "--to", "walk-in", "--date", day, "-q"], env)
        rows.append((label, "profit --by month after a sell", "", fmt(*jxc(root, ["profit", "--by", "month"], env))))
        print(f"  {label:>9} sell append {fmt(*append)}; stock -o csv after {fmt(*after)}", file=sys.stderr,
              flush=True)
    finally:
        last.write_bytes(saved)
    rows.append((label, "(journal size)", f"{size:.1f} MB YAML", ""))
    if peers:
        _peers(out, label, peer_timeout, rows)


def _some_stock(root: Path, env) -> tuple[str, str]:
    p = subprocess.run([sys.executable, "-m", "jxc", "-L", str(root), "stock", "-o", "csv"],
                       capture_output=True, text=True, env=env, check=True)
    for line in p.stdout.splitlines()[1:]:
        item, loc, qty, _ = line.split(",", 3)
        if float(qty) >= 1:
            return item, loc
    raise SystemExit("no stock to sell")


def bench_startup(rows: list) -> None:
    """`jxc --version` and `jxc --help`: the fixed cost of every command."""
    for name, args in (("jxc --version", ["--version"]), ("jxc --help", ["--help"])):
        best = min((run([sys.executable, "-m", "jxc", *args]) for _ in range(5)), key=lambda r: r[1])
        rows.append(("-", name, "", fmt(*best[:3]) + " (best of 5)"))


def _peers(out: Path, label: str, timeout: float, rows: list) -> None:
    journal = out / "peers" / "ledger.journal"
    bean = out / "peers" / "beancount.beancount"
    for name, cmd in (("hledger 1.25 bal", ["hledger", "-f", str(journal), "bal"]),
                      ("ledger 3.3 bal", ["ledger", "-f", str(journal), "bal"]),
                      ("bean-check (FIFO)", ["bean-check", str(bean)])):
        if shutil.which(cmd[0]) is None:
            rows.append((label, name, "not installed", ""))
            continue
        for cached in out.glob("peers/.*picklecache"):
            cached.unlink()
        secs, cpu, mb, code, err = run(cmd, timeout=timeout)
        note = fmt(secs, cpu, mb) if code == 0 else (f"> {timeout:.0f} s (stopped)" if code == -9 else f"failed: {err[:60]}")
        rows.append((label, name, note, ""))
        print(f"  {label:>9} {name:<20} {note}", file=sys.stderr, flush=True)


def table(rows) -> str:
    out = ["| entries | command | cold (no cache) | warm (cache) |", "|---:|---|---:|---:|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(out)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    ap.add_argument("--peers", action="store_true", help="also time hledger, ledger and bean-check")
    ap.add_argument("--peer-timeout", type=float, default=600, help="seconds before a peer is stopped")
    ap.add_argument("--no-orders", action="store_true", help="skip the rows on a history with orders")
    ap.add_argument("--orders-only", action="store_true", help="only the rows on a history with orders")
    a = ap.parse_args(argv)
    rows: list = []
    import platform
    print(f"# jxc benchmark: {platform.python_implementation()} {platform.python_version()},"
          f" {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    if not a.orders_only:
        bench_startup(rows)
    for n in a.sizes:
        if not a.orders_only:
            bench_size(n, a.peers, a.peer_timeout, rows)
        if not a.no_orders:
            bench_orders(n, rows)
    print(table(rows))


if __name__ == "__main__":
    main()
