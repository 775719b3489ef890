"""The `jxc` program's entry point: `jxc --version` answers without importing the CLI.

Importing the command line (typer, click, rich and every command module) takes most
of a short run's time; a version check, run by installers and scripts, needs none of it.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point (``jxc``)."""
    if sys.argv[1:] == ["--version"]:
        from jxc import __version__
        print(f"jxc {__version__}")
        return
    from jxc.cli import run
    run()
