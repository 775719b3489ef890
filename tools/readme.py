"""Keep the examples of README.md and docs/ real: re-run every documented command, splice in its output.

A block of the form

    <!-- run -->
    ```console
    $ jxc stock --at shop
    (output)
    ```

in README.md or in any ``docs/**/*.md`` is re-run and its output replaced.  Each page
gets one fresh copy of ``examples/teashop`` as its working directory (and as
``$JXC_LEDGER``); its blocks run in order, so the write commands of one block change
that copy for the blocks after it.  A page's blocks never see another page's writes.

``jxc`` runs in this process through click's test runner (a subprocess per command
cost 130 s on the costing page alone); what is not ``jxc`` — ``echo``, ``printf > f``,
``sed``, ``head`` — runs in bash, and a pipe into ``jxc`` feeds it bash's output.
``$?`` after a ``jxc`` command is its exit code.

Python examples (``>>>`` lines, as in docs/api.md) are doctests: :func:`doctest_page`
runs them from a directory holding a fresh ``examples/teashop``, so they read as typed
at the repository's root.  They are checked, not rewritten.

    python tools/readme.py            rewrite every stale page
    python tools/readme.py --check    list stale pages with a diff, exit 1 (the docs test does this)
    python tools/readme.py docs/commands/stock.md     only that page
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- run -->\n```console\n)(.*?)(```)", re.S)
NEW_ID = re.compile(r"\b(\d{8})-([0-9a-z]{6})\b")
# What a terminal-less user sees: no colour, a fixed width, whatever the test machine has.
ENV = {"COLUMNS": "110", "TERM": "dumb", "NO_COLOR": "1", "FORCE_COLOR": None}


def pages() -> list[Path]:
    """README.md and every docs/**/*.md that holds a run block, in a stable order."""
    found = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [p for p in found if "<!-- run -->" in p.read_text(encoding="utf-8")]


def split_commands(line: str) -> list[tuple[str, str]]:
    """``a; b && c | d`` → [("", "a"), (";", "b"), ("&&", "c | d")]: the separators outside
    quotes, each with the command it introduces (pipes stay inside a command)."""
    out, cur, sep, quote, i = [], [], "", None, 0
    while i < len(line):
        ch = line[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == ";" or line.startswith("&&", i):
            out.append((sep, "".join(cur).strip()))
            sep, cur = ("&&", []) if ch == "&" else (";", [])
            i += 2 if ch == "&" else 1
            continue
        cur.append(ch)
        i += 1
    out.append((sep, "".join(cur).strip()))
    return [(s, c) for s, c in out if c]


class Shell:
    """Runs one page's commands: ``jxc`` in-process, the rest in bash, in ``cwd``."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.status = 0
        self.env = {**ENV, "JXC_LEDGER": str(cwd)}

    def run(self, line: str) -> str:
        out = []
        for sep, cmd in split_commands(line):
            if sep == "&&" and self.status != 0:
                break
            out.append(self._one(cmd))
        return "".join(out)

    def _one(self, cmd: str) -> str:
        head, _, last = cmd.rpartition("|")
        last = last.strip()
        if last.startswith("jxc ") and not re.search(r"[<>`$]|\bjxc\b", head) and not re.search(r"[<>|`$]", last):
            feed = self._bash(head)[1] if head else None
            # bytes that are not UTF-8 (an encoding example) go to a real process as they are
            if feed is None or not any("\udc80" <= c <= "\udcff" for c in feed):
                return self._jxc(shlex.split(last)[1:], feed)
        if re.search(r"\bjxc\b", cmd):
            # a shape this runner does not take apart (a redirect of jxc's output...): a real process
            cmd = re.sub(r"\bjxc ", f"{shlex.quote(sys.executable)} -m jxc ", cmd)
        self.status, text = self._bash(cmd)
        return text

    def _bash(self, cmd: str) -> tuple[int, str]:
        env = {k: v for k, v in {**os.environ, **self.env}.items() if v is not None}
        p = subprocess.run(["bash", "-c", f"(exit {self.status}); {cmd}"], cwd=self.cwd, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode("utf-8", "surrogateescape")

    def _jxc(self, args: list[str], feed: str | None) -> str:
        from typer.testing import CliRunner

        from jxc.cli import app
        with _inside(self.cwd):
            r = CliRunner().invoke(app, args, input=feed, env=self.env, prog_name="jxc")
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise RuntimeError(f"jxc {shlex.join(args)} raised {r.exception!r}") from r.exception
        self.status = r.exit_code
        return r.output


@contextlib.contextmanager
def _inside(path: Path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_block(body: str, shell: Shell) -> str:
    out = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        out.append(line)
        text = "\n".join(ln.rstrip() for ln in shell.run(line[2:]).rstrip().splitlines())
        if text:
            out.append(text)
    return "\n".join(out) + "\n"


def stable_ids(text: str, known: set, seen: dict) -> str:
    """Ids jxc draws at random become stable ones, so a page does not change at every run."""
    def fix(m):
        if m.group(0) in known:
            return m.group(0)
        if m.group(0) not in seen:
            seen[m.group(0)] = f"{m.group(1)}-new{len(seen) + 1:03d}"
        return seen[m.group(0)]
    return NEW_ID.sub(fix, text)


def render(page: str) -> str:
    """The page with every run block re-run, in order, on one fresh copy of the tea shop."""
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "teashop"
        shutil.copytree(ROOT / "examples" / "teashop", ledger,
                        ignore=shutil.ignore_patterns(".jxc-cache", ".jxc.lock"))
        known = {m.group(0) for p in ledger.rglob("*.yaml") for m in NEW_ID.finditer(p.read_text())}
        seen: dict = {}
        shell = Shell(ledger)
        return BLOCK.sub(lambda m: m.group(1) + stable_ids(run_block(m.group(2), shell), known, seen)
                         + m.group(3), page)


def doctest_pages() -> list[Path]:
    """README.md and every docs/**/*.md page with Python examples (``>>>`` lines)."""
    found = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return [p for p in found if "\n>>> " in p.read_text(encoding="utf-8")]


def doctest_page(path: Path) -> tuple[int, str]:
    """Run the page's ``>>>`` examples; (failures, doctest's report of them)."""
    import doctest
    import io
    text = path.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, path.name, str(path), 0)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "examples" / "teashop", Path(tmp) / "examples" / "teashop",
                        ignore=shutil.ignore_patterns(".jxc-cache", ".jxc.lock"))
        with _inside(Path(tmp)):
            runner.run(test, out=out.write)
    return runner.failures, out.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    named = [ROOT / a for a in argv if not a.startswith("--")]
    stale = 0
    for path in named or pages():
        old = path.read_text(encoding="utf-8")
        new = render(old)
        if new == old:
            continue
        stale += 1
        if check:
            import difflib
            name = path.relative_to(ROOT).as_posix()
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       name, name + " (re-run)"))
        else:
            path.write_text(new, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    failed = 0
    for path in [p for p in doctest_pages() if not named or p in named]:
        n, report = doctest_page(path)
        failed += n
        sys.stdout.write(report)
    return 1 if (check and stale) or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
