"""Compare two versions of jxc on the same history, run for run (paired), and print one table.

    python benchmarks/compare.py 3079cff HEAD               # 10k and 100k entries
    python benchmarks/compare.py 3079cff HEAD --sizes 10000 --rounds 5

Each revision is checked out once into ``benchmarks/data/rev-REV`` (``git worktree``,
detached) and run with this Python (``PYTHONPATH`` pointing at the checkout), so both
sides use the same interpreter and libraries.  For each command the two revisions run
alternately, cold (an empty cache directory) then warm, ``--rounds`` times; the table
gives the median CPU time (user + system of the process and its workers) and the peak
resident memory.  CPU time, unlike wall time, hardly moves when other programs share
the machine, and pairing the runs exposes both sides to the same load; the ratio column
is what to read on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

COMMANDS = [
    ("stock -o csv", ["stock", "-o", "csv"]),
    ("value -o csv", ["value", "-o", "csv"]),
    ("profit --by month", ["profit", "--by", "month", "-o", "csv"]),
    ("card", ["card", "SKU-0001", "-o", "csv"]),
    ("check", ["check"]),
]


def checkout(rev: str) -> Path:
    """A detached worktree of REV under benchmarks/data (made once, reused)."""
    repo = HERE.parent
    sha = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", rev], check=True,
                         capture_output=True, text=True).stdout.strip()
    path = generate.DATA / f"rev-{sha}"
    if not path.exists():
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "-q", "--detach", str(path), sha],
                       check=True)
    return path


def imports_from(code: Path) -> None:
    """Stop unless ``python -m jxc`` run the way cpu_run runs it takes jxc from CODE."""
    out = subprocess.run([sys.executable, "-c", "import jxc; print(jxc.__file__)"], cwd=str(code),
                         env=dict(os.environ, PYTHONPATH=str(code)), capture_output=True, text=True)
    if not out.stdout.strip().startswith(str(code)):
        raise SystemExit(f"jxc would be imported from {out.stdout.strip() or out.stderr}, not {code}")


def cpu_run(code: Path, root: Path, args, cache: Path) -> tuple[float, float]:
    """(CPU seconds, peak RSS in MB) of one ``jxc`` run of the checkout CODE."""
    env = dict(os.environ, PYTHONPATH=str(code), JXC_CACHE_DIR=str(cache), COLUMNS="120")
    # Run from inside the checkout: `python -m` puts the working directory first on
    # sys.path, so from the repository root both sides would time the same code.
    p = subprocess.Popen([sys.executable, "-m", "jxc", "-L", str(root), *args], cwd=str(code),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")[-300:]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{code.name}: jxc {' '.join(args)} failed: {err}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def compare(revs: list[Path], size: int, rounds: int) -> list[tuple]:
    """Rows (size, command, phase, [(cpu, mb) per revision]) of medians over ROUNDS."""
    data = generate.DATA / str(size)
    if not (data / "jxc" / "jxc.yaml").exists():
        generate.generate(size, data)
    root = data / "jxc"
    rows = []
    for name, args in COMMANDS:
        samples = {(r, phase): [] for r in revs for phase in ("cold", "warm")}
        for _ in range(rounds):
            for r in revs:
                cache = data / f"cache-{r.name}"
                shutil.rmtree(cache, ignore_errors=True)
                # jxc before the sealed cache kept it inside the ledger (.jxc-cache/)
                shutil.rmtree(root / ".jxc-cache", ignore_errors=True)
                samples[(r, "cold")].append(cpu_run(r, root, args, cache))
                samples[(r, "warm")].append(cpu_run(r, root, args, cache))
        for phase in ("cold", "warm"):
            med = [(statistics.median(s[0] for s in samples[(r, phase)]),
                    max(s[1] for s in samples[(r, phase)])) for r in revs]
            rows.append((size, name, phase, med))
            print(f"  {size:>9,} {name:<18} {phase}: "
                  + "  ".join(f"{c:.2f} s {m:.0f} MB" for c, m in med), file=sys.stderr, flush=True)
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    revs = [checkout(a.before), checkout(a.after)]
    for r in revs:
        imports_from(r)
    print(f"| entries | command | run | {a.before} CPU, peak | {a.after} CPU, peak | after/before |")
    print("|---:|---|---|---:|---:|---:|")
    for size in a.sizes:
        for size_, name, phase, ((c0, m0), (c1, m1)) in compare(revs, size, a.rounds):
            print(f"| {size_:,} | {name} | {phase} | {c0:.2f} s, {m0:.0f} MB | {c1:.2f} s, {m1:.0f} MB"
                  f" | {c1 / c0:.2f} |", flush=True)


if __name__ == "__main__":
    main()
