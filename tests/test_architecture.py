"""docs/architecture.md's table "rule → function" names functions that exist.

A row naming a function that was renamed or moved fails here, so the table a newcomer
uses to find a rule stays true.
"""

import importlib
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).parent.parent / "docs" / "architecture.md"
# the "function" column of the rule tables: the last cell of each row
CELLS = [line.rstrip(" |").rsplit("|", 1)[-1] for line in PAGE.read_text(encoding="utf-8").splitlines()
         if line.startswith("| ") and "`jxc." in line.rstrip(" |").rsplit("|", 1)[-1]]
NAMES = sorted({n for cell in CELLS for n in re.findall(r"`(jxc(?:\.\w+)+)`", cell)})


def resolve(dotted: str):
    """The object a dotted name means: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ModuleNotFoundError(dotted)


def test_the_table_names_functions():
    assert len(NAMES) > 40


@pytest.mark.parametrize("name", NAMES)
def test_every_named_function_exists(name):
    assert callable(resolve(name)), name
