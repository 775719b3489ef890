"""The README's examples are real: re-running them gives the output it shows."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_readme_examples_are_up_to_date():
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "readme.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, "README.md is stale; run python tools/readme.py\n" + p.stdout[-3000:]


def test_readme_leads_with_the_two_commands_and_ci_runs_the_test_one():
    text = (ROOT / "README.md").read_text()
    blocks = [b.split("```", 1)[0].strip() for b in text.split("```sh\n")[1:3]]
    assert blocks[0].endswith("jxc -L examples/teashop stock")
    assert blocks[1].endswith("python -m pytest")
    assert blocks[1] in (ROOT / ".ci" / "run").read_text()


def test_bundled_example_is_the_packaged_one():
    a = ROOT / "examples" / "teashop"
    b = ROOT / "jxc" / "example"
    def ledger_files(root):
        # what jxc leaves beside a ledger (cache, lock) is not part of it
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()
                      and not {"__pycache__", ".jxc-cache"} & set(p.parts) and p.name != ".jxc.lock")
    files = ledger_files(a)
    assert files == ledger_files(b)
    for f in files:
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
