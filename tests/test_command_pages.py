"""Every command of `jxc` has its page in docs/commands/, and the page names every option.

Found from the command line itself (click's command tree), so a new command or a new
option without documentation fails here.  Sub-commands share their group's page
(`chart stock` → chart.md); the catalog groups share catalog.md unless one has its own.
"""

from pathlib import Path

import pytest
import typer

from jxc.cli import app

DOCS = Path(__file__).parent.parent / "docs" / "commands"
CATALOG = {"item", "location", "supplier", "customer", "account"}


def leaf_commands():
    """(path of names, click command) for every command a user can run."""
    out = []

    def walk(group, path):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                walk(cmd, path + [name])
            else:
                out.append((path + [name], cmd))
    walk(typer.main.get_command(app), [])
    return out


def page_of(path: list) -> Path:
    own = DOCS / f"{path[0]}.md"
    if path[0] in CATALOG and not own.exists():
        return DOCS / "catalog.md"
    return own


COMMANDS = leaf_commands()


def test_the_command_tree_is_found():
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"stock", "sell", "item add", "chart stock", "chart sales"} <= names


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_a_page_naming_its_options(path, cmd):
    page = page_of(path)
    assert page.exists(), f"jxc {' '.join(path)} has no page: write {page.relative_to(DOCS.parent.parent)}"
    text = page.read_text(encoding="utf-8")
    assert f"jxc {path[0]}" in text
    for param in cmd.params:
        if param.param_type_name != "option" or "--help" in param.opts:
            continue
        # the long name, or a short one (`-o table|csv`) where the page uses that
        assert any(o in text for o in param.opts), f"{page.name} does not mention {param.opts[0]}"


def test_the_index_lists_every_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        if page.name != "index.md":
            assert f"({page.name})" in index, f"docs/commands/index.md does not link {page.name}"
