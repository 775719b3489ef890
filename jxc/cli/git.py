"""Git workflows: `jxc git-setup` and the merge driver git runs (`jxc merge-driver`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jxc.cli.common import guarded, ledger

commands = typer.Typer()


@commands.command("git-setup")
@guarded
def git_setup():
    """Merge journal files entry by entry in this ledger's git repository (run once per clone)."""
    from jxc.write.gitsetup import install_merge_driver
    for line in install_merge_driver(ledger().root):
        print(line)


@commands.command("merge-driver", hidden=True)
def merge_driver(base: Path = typer.Argument(..., metavar="BASE"),
                 ours: Path = typer.Argument(..., metavar="OURS"),
                 theirs: Path = typer.Argument(..., metavar="THEIRS"),
                 name: str = typer.Argument("journal file", metavar="PATH")):
    """git's merge driver for journal files: writes the merge into OURS; exit 1 on a conflict."""
    from jxc.write.merge import merge_journal
    try:
        texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
    except (OSError, UnicodeDecodeError) as e:
        print(f"{name}: error: cannot read a version to merge: {e}", file=sys.stderr)
        raise typer.Exit(2)
    merged = merge_journal(*texts, name)
    ours.write_text(merged.text, encoding="utf-8")
    for c in merged.conflicts:
        print(f"{name}: merge conflict: {c}", file=sys.stderr)
    if merged.conflicts:
        raise typer.Exit(1)

