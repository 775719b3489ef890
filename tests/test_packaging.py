"""What a user installs: the wheel carries the example tea shop (from the one copy in
examples/teashop: jxc/example is a link to it, and the wheel holds the files themselves)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "teashop"


def ledger_files(root: Path) -> dict:
    """Every file of a ledger with its bytes; what jxc leaves beside one (cache, lock, git
    settings written by init) is not part of the example."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not {"__pycache__", ".jxc-cache"} & set(p.parts)
            and p.name not in (".jxc.lock", ".jxc-read.lock", ".gitattributes", ".gitignore")}


def test_the_example_has_one_copy():
    """jxc/example is no second copy: it points at examples/teashop."""
    link = ROOT / "jxc" / "example"
    assert link.is_symlink() and link.resolve() == EXAMPLE.resolve()


@pytest.mark.slow
def test_a_wheel_install_has_the_example(tmp_path):
    """Build the wheel, install it alone into a directory, run `jxc init --example` from it:
    the new ledger is examples/teashop, file for file."""
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(wheels.glob("jxc-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    code = "import jxc, sys; from jxc.cli import run; print(jxc.__file__, file=sys.stderr); run()"
    p = subprocess.run([sys.executable, "-c", code, "init", str(tmp_path / "shop"), "--example"],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stderr.startswith(str(target)), "the wheel's jxc ran, not the source tree's"
    assert ledger_files(tmp_path / "shop") == ledger_files(EXAMPLE)
