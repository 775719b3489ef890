"""The `jxc` command: one module per command group, registered here explicitly.

Each module keeps its commands on a ``commands`` Typer of its own; this app merges
them.  Global options (``--ledger``) are kept on click's context object.

The conventions every command shares live in :class:`JxcGroup`: global options are
accepted anywhere on the line (``jxc stock -L shop`` as well as ``jxc -L shop stock``,
hledger's ``-f`` too), ``-h`` is ``--help``, and a usage error is one line on stderr
(``jxc: error: ...``, exit 2), never a box, so scripts and pipes can read it.
"""

from __future__ import annotations

import re
import sys
from typing import Optional

import typer
from typer.core import TyperGroup

from jxc.cli import analytics, audit, cache, catalog, entry, exchange, floor, forecast, git, money, orders, reports, web
from jxc.cli.common import session, with_bom_option
from jxc.cli.completion import dress
from jxc.cli.params import plain_params

# Options of the whole program, with the number of values each takes; hoisted to the
# front from wherever they are typed (the subcommand's own parser never sees them).
GLOBAL_OPTIONS = {"--ledger": 1, "-L": 1, "-f": 1, "--output-format": 1, "-O": 1, "--width": 1, "-w": 1,
                  "--no-pager": 0, "--names": 0, "--yes": 0, "-y": 0}
_JOINED = ("-L", "-f", "-O", "-w")   # short options that may carry their value: -Lshop, -w100


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with every global option (and its value) moved before the subcommand.

    ``--ledger=X`` and ``-LX`` forms are understood; anything after ``--`` is left alone
    (it is data, e.g. an item named ``-L``).
    """
    front, rest = [], []
    k = 0
    while k < len(args):
        a = args[k]
        if a == "--":
            rest += args[k:]
            break
        name, eq, _ = a.partition("=")
        n = GLOBAL_OPTIONS.get(a)
        if n is not None and k + n < len(args):
            front += args[k:k + 1 + n]
            k += 1 + n
            continue
        if (eq and name in GLOBAL_OPTIONS) or (len(a) > 2 and a[:2] in _JOINED):
            front.append(a)
        else:
            rest.append(a)
        k += 1
    return front + rest


def _after_globals(args: list[str]):
    """The words after the leading global options (the subcommand first)."""
    k = 0
    while k < len(args):
        a = args[k]
        n = GLOBAL_OPTIONS.get(a)
        if n is not None:
            k += 1 + n
        elif a.startswith("-"):
            k += 1
        else:
            yield from args[k:]
            return


def _is_write(cmd) -> bool:
    """A write command: it takes --dry-run and has no -o of its own."""
    opts = {o for p in getattr(cmd, "params", ()) for o in getattr(p, "opts", ())}
    return "--dry-run" in opts and "-o" not in opts and "--output" not in opts


def output_of_write(args: list[str]) -> list[str]:
    """A write command's ``-o FMT``/``--output FMT`` as the global ``-O FMT``.

    Write commands take free ``ITEM QTY`` words (click is told to leave unknown
    options to them), so without this ``-o json`` would be read as an item named ``-o``;
    the others (collect, pay) have no ``-o`` of their own and share the convention.
    """
    out, front, k = [], [], 0
    while k < len(args):
        a = args[k]
        if a == "--":
            out += args[k:]
            break
        if a in ("-o", "--output") and k + 1 < len(args):
            front += ["-O", args[k + 1]]
            k += 2
            continue
        if a.startswith("--output="):
            front += ["-O", a.partition("=")[2]]
        else:
            out.append(a)
        k += 1
    return front + out


def _command_words(ctx) -> str:
    """The command as typed, 'jxc' and each (sub)command's name: 'jxc item add', not 'jxc add'
    (the root's own name is the program's, which a test runner does not call jxc)."""
    words = []
    while ctx is not None and ctx.parent is not None:
        words.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["jxc", *reversed(words)])


def one_line(message: str) -> str:
    """A click/typer error message on one line, without the wording of the libraries under it."""
    message = re.sub(r"\bValue error, ", "", message)
    return " ".join(message.split())


class JxcGroup(TyperGroup):
    """The root command: hoists global options, completes catalog values, one-line usage errors."""

    def parse_args(self, ctx, args):
        dress(self)
        plain_params(self)
        args = hoist_global_options(list(args))
        name = next((a for a in _after_globals(args)), None)
        cmd = self.commands.get(name) if name else None
        if cmd is not None and _is_write(cmd):
            args = output_of_write(args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx, cmd_name):
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            dress(cmd)
            plain_params(cmd)
        return cmd

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer import Abort
        from typer._click.exceptions import ClickException, UsageError
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except UsageError as e:
            hint = f" (try '{_command_words(e.ctx)} --help')" if e.ctx is not None else ""
            print(f"jxc: error: {one_line(e.format_message())}{hint}", file=sys.stderr)
            sys.exit(e.exit_code)
        except ClickException as e:
            print(f"jxc: error: {one_line(e.format_message())}", file=sys.stderr)
            sys.exit(e.exit_code)
        except Abort:
            print("jxc: aborted", file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(cls=JxcGroup, no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="jxc — a stock ledger (进销存) in plain text: purchases, sales, stock and costs.")

# The order of the list is the order of `jxc --help`.
for group in (catalog, entry, floor, orders, money, reports, analytics, forecast, exchange, git, cache, audit, web):
    with_bom_option(group.commands)
    app.add_typer(group.commands)


def _version(value: bool):
    if value:
        from jxc import __version__
        print(f"jxc {__version__}")
        raise typer.Exit()


@app.callback()
def main(ledger_path: Optional[str] = typer.Option(None, "--ledger", "-L", "-f", metavar="PATH",
                                                   help="The ledger directory (or its jxc.yaml); "
                                                        "anywhere on the line."),
         output_format: Optional[str] = typer.Option(None, "--output-format", "-O", metavar="FORMAT",
                                                     help="Output format (table, csv, tsv, json, md), "
                                                          "also with -o FILE."),
         width: Optional[int] = typer.Option(None, "--width", "-w", min=20, metavar="N",
                                             help="Fit tables to N columns (default: the terminal's)."),
         no_pager: bool = typer.Option(False, "--no-pager", help="Never page long output."),
         names: bool = typer.Option(False, "--names", help="Show item and partner names beside codes."),
         yes: bool = typer.Option(False, "--yes", "-y", help="Write implausible input without asking."),
         version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Show the version.")):
    from jxc.cli.common import FORMATS
    s = session()
    s.ledger_path = ledger_path
    s.ledger = None
    if output_format is not None and output_format not in FORMATS + ("yaml",):   # yaml: write commands
        raise typer.BadParameter(f"{output_format!r} is not one of {', '.join(FORMATS)}",
                                 param_hint="'-O'")
    s.output_format = output_format
    s.width = width
    s.pager = not no_pager
    s.names = names
    s.yes = yes


def run() -> None:
    """Console-script entry point."""
    app()
