"""Keep the README's examples real: re-run every documented command and splice in its output.

A block in README.md of the form

    <!-- run -->
    ```console
    $ jxc stock --at shop
    (output)
    ```

is re-run, in order, against a fresh copy of examples/teashop (write commands
change that copy for the blocks after them), and its output replaced.
``python tools/readme.py`` rewrites README.md; ``--check`` exits 1 when it is stale
(the test suite runs that).
"""

from __future__ import annotations

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


def run_block(body: str, ledger: Path) -> str:
    out = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        cmd = line[2:]
        out.append(line)
        env = dict(os.environ, JXC_LEDGER=str(ledger), COLUMNS="110", TERM="dumb", NO_COLOR="1")
        env.pop("FORCE_COLOR", None)
        p = subprocess.run(["bash", "-c", cmd.replace("jxc ", f"{shlex.quote(sys.executable)} -m jxc ")],
                           cwd=ledger, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        text = p.stdout.rstrip()
        text = "\n".join(ln.rstrip() for ln in text.splitlines())
        if text:
            out.append(text)
    return "\n".join(out) + "\n"


NEW_ID = re.compile(r"\b(\d{8})-([0-9a-z]{6})\b")


def stable_ids(text: str, known: set, seen: dict) -> str:
    """Ids jxc draws at random become stable ones, so the README does not change at every run."""
    def fix(m):
        if m.group(0) in known:
            return m.group(0)
        if m.group(0) not in seen:
            seen[m.group(0)] = f"{m.group(1)}-new{len(seen) + 1:03d}"
        return seen[m.group(0)]
    return NEW_ID.sub(fix, text)


def render(readme: str) -> str:
    """Re-run the README's own blocks, in order, on one copy of the tea shop; included docs
    (between ``<!-- begin F -->`` and ``<!-- end F -->``) are copied from F, not re-run here."""
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "teashop"
        shutil.copytree(ROOT / "examples" / "teashop", ledger)
        known = set(NEW_ID.findall("".join(p.read_text() for p in ledger.rglob("*.yaml"))))
        known = {f"{a}-{b}" for a, b in known}
        seen: dict = {}

        def run_all(text):
            return BLOCK.sub(lambda m: m.group(1) + stable_ids(run_block(m.group(2), ledger), known, seen)
                             + m.group(3), text)

        out, pos = [], 0
        for m in INCLUDE.finditer(readme):
            out.append(run_all(readme[pos:m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(run_all(readme[pos:]))
        return include_docs("".join(out))


INCLUDE = re.compile(r"(<!-- begin (\S+) -->\n)(.*?)(<!-- end \2 -->)", re.S)


def _demote(text: str) -> str:
    """Every heading one level down (code blocks left alone)."""
    out, fenced = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        out.append("#" + line if not fenced and line.startswith("#") else line)
    return "".join(out)


def include_docs(readme: str) -> str:
    """Sections kept in docs/*.md (each re-run by its own test) are copied in whole,
    so the README stays the one manual.  A doc whose top heading is `#` moves down a level."""
    def fill(m):
        text = (ROOT / m.group(2)).read_text(encoding="utf-8")
        if text.startswith("# "):
            text = _demote(text)
        return m.group(1) + text.rstrip("\n") + "\n" + m.group(4)
    return INCLUDE.sub(fill, readme)


def main() -> int:
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in sys.argv:
        if new != old:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                       "README.md", "README.md (re-run)"))
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
