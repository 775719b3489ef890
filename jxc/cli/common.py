"""What every command of `jxc` shares: finding the ledger, options, rendering, errors.

Commands compute nothing themselves: each parses its arguments, calls the API
(:mod:`jxc.api`), and renders.  Every problem a user can cause ends as one
``PATH:LINE: error: ...`` line on stderr and exit 1; usage errors exit 2 (click's
convention).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import typer
from typer._click.exceptions import ClickException  # typer >= 0.29 vendors click

from jxc.errors import LedgerError
from jxc.reports.render import render

WRITE_SETTINGS = {"ignore_unknown_options": True}


@dataclass
class Session:
    """The global options of one invocation, kept on click's context object (no module state)."""
    ledger_path: Optional[str] = None
    ledger: object = None
    output_format: Optional[str] = None   # -O FMT
    output_file: Optional[str] = None     # -o FILE.ext
    width: Optional[int] = None           # -w N
    pager: bool = True                    # --no-pager turns it off
    names: bool = False                   # --names (or `names: true` in jxc.yaml)
    yes: bool = False                     # --yes: write implausible input without asking
    wait: Optional[float] = None      # --wait of a write command: seconds to wait for the lock
    bom: bool = False        # `--bom`: csv/tsv output starts with a UTF-8 byte-order mark (for Excel)


def session() -> Session:
    from typer._click.globals import get_current_context
    ctx = get_current_context(silent=True)
    root = ctx.find_root() if ctx is not None else None
    if root is None:
        return Session()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


def _console(stream=None, width: Optional[int] = None):
    from rich.console import Console
    out = stream or sys.stdout
    tty = out.isatty()
    width = width or session().width
    return Console(file=out, width=width or (None if tty else 10_000), highlight=False, soft_wrap=False,
                   force_terminal=None if tty else False)


def fail(problems) -> None:
    for p in problems:
        print(str(p), file=sys.stderr)
    raise typer.Exit(1)


_FILE_PARAMS = frozenset(("file", "path", "dir", "directory", "root"))


def not_utf8(kwargs: dict) -> str | None:
    """The message for the first argument that is not UTF-8 text, or None.

    Python hands over undecodable bytes of argv as lone surrogates (a note typed
    in a GBK terminal); written into a file they could never be read back, so
    such an argument is refused before anything is done.  File names are exempt:
    on Linux a file may well be named in bytes that are not UTF-8."""
    for name, value in kwargs.items():
        if name in _FILE_PARAMS:
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(v, str) and any("\udc80" <= c <= "\udcff" for c in v):
                bad = next(c for c in v if "\udc80" <= c <= "\udcff")
                opt = "--" + name.replace("_", "-").rstrip("-")
                return (f"{opt} is not UTF-8 text (byte 0x{ord(bad) - 0xdc00:02x});"
                        " set the terminal to UTF-8 and type it again")
    return None


def whole(text: Optional[str], opt: str, minimum: int = 0) -> Optional[int]:
    """A whole-number option by the one rule of numbers (ASCII digits); a usage error naming it."""
    from jxc.numbers import NumberError, read_whole
    if text is None:
        return None
    try:
        return read_whole(text.strip(), minimum)
    except NumberError as e:
        # a bad option value is a usage error (exit 2), as click's own int options were
        raise typer.BadParameter(f"must be a whole number, got {e}", param_hint=opt) from None


def guarded(fn):
    """Turn LedgerError (and any slip of ours) into one line on stderr and exit 1."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            problem = not_utf8(kwargs)
            if problem:
                raise LedgerError(problem)
            return fn(*args, **kwargs)
        except LedgerError as e:
            fail(e.problems)
        except (typer.Exit, typer.Abort, ClickException):
            raise
        except KeyboardInterrupt:
            print("error: interrupted", file=sys.stderr)
            raise typer.Exit(130)
        except BrokenPipeError:
            raise typer.Exit(0)
        except OSError as e:
            print(f"{e.filename or ''}: error: {e.strerror}", file=sys.stderr)
            raise typer.Exit(1)
    return wrapper

def seconds(text: str, opt: str) -> float:
    """A duration option by the one rule of numbers (ASCII digits, an optional point);
    a usage error naming the option.  A wait is a time, not money: a float is fine here."""
    from jxc.numbers import NumberError, read_decimal
    try:
        d = read_decimal(text.strip())
    except NumberError as e:
        raise typer.BadParameter(f"must be a number of seconds, got {e}", param_hint=opt) from None
    if d < 0:
        raise typer.BadParameter(f"must be 0 or more seconds, got {text}", param_hint=opt)
    return float(d)


def writes(fn):
    """Give a write command the ``--wait SECONDS`` option (default 30): how long it waits
    for another writer's lock, saying so on stderr after 1 s, before giving up (exit 1)."""
    import inspect
    sig = inspect.signature(fn)
    param = inspect.Parameter("wait", inspect.Parameter.KEYWORD_ONLY, annotation=str,
                              default=typer.Option("30", "--wait", metavar="SECONDS",
                                                   help="Give up after waiting this long for"
                                                        " another jxc's lock."))

    @functools.wraps(fn)
    def wrapper(*args, wait: str = "30", **kwargs):
        session().wait = seconds(wait, "--wait")
        return fn(*args, **kwargs)
    wrapper.__signature__ = sig.replace(parameters=[*sig.parameters.values(), param])
    return wrapper


def ledger():
    """The ledger of this invocation: found and read once per command (a write reloads it
    under its lock anyway), so a 2,000-item catalog is not parsed three times."""
    s = session()
    if s.ledger is None:
        from jxc.api import open_ledger
        # a `jxc` process ends with its command: its big reads need no cycle collection
        freeze = Path(sys.argv[0]).name in ("jxc", "__main__.py")
        s.ledger = open_ledger(s.ledger_path, progress=progress_wanted(), freeze_gc=freeze, wait=s.wait)
    return s.ledger


def progress_wanted() -> bool:
    """A progress bar on stderr when a cold read is long: on a terminal only, never with -o json."""
    try:
        from typer._click.globals import get_current_context
        output = get_current_context().params.get("output")
    except Exception:  # no command context (library use)
        output = None
    return sys.stderr.isatty() and output != "json"


# ---------------------------------------------------------------------------
# Options shared by the reports

FORMATS = ("table", "csv", "tsv", "json", "md", "xlsx")


def _check_output(value: str) -> str:
    from jxc.reports.render import output_target
    if session().output_format is not None and value not in FORMATS:
        return value          # -O FMT names the format: -o is then any file name
    try:
        output_target(value)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    return value


Output = typer.Option("table", "--output", "-o", callback=_check_output, metavar="FORMAT|FILE",
                      help="table, csv, tsv, json, md or xlsx; or a file whose extension names "
                           "the format (-o stock.xlsx).")
# A format name or a file name (checked by the option's callback).
Format = str
Begin = typer.Option(None, "--begin", "-b", help="First date (inclusive).")
End = typer.Option(None, "--end", "-e", help="Last date (exclusive).")
PeriodOpt = typer.Option(None, "--period", "-p",
                         help="2026, 2026Q4, 2026-11, 2026-W47, a day, thismonth, lastmonth, thisyear, lastyear.")
AsOf = typer.Option(None, "--as-of", help="Snapshot date (inclusive).")


def emit(report, output: str) -> None:
    """Render ``report`` as ``output`` (and ``-O FMT``) says: a format to stdout, or a file
    named for its format (``-o stock.xlsx``); names beside codes with ``--names``; a long
    table on a terminal fitted to its width and paged (unless ``--no-pager``).

    xlsx is binary: to a file, or to stdout only when stdout is not a terminal."""
    from jxc.reports.render import output_target
    s = session()
    report = _named(report, s)
    if s.output_format is not None and output not in FORMATS:
        fmt, path = s.output_format, output      # -O FMT -o ANY-FILE
    else:
        fmt, path = output_target(output)
    if s.output_format is not None:
        if s.output_format not in FORMATS:
            raise typer.BadParameter(f"a report is printed as {', '.join(FORMATS)}, not {s.output_format}",
                                     param_hint="'-O'")
        fmt = s.output_format
    if fmt == "json":
        report = _json_named(report)
    if fmt == "xlsx":
        from jxc.exchange.xlsx import xlsx_bytes
        data = xlsx_bytes(report)
        if path is not None:
            _write_file(path, data)
        elif sys.stdout.isatty():
            raise typer.BadParameter("xlsx is binary: name a file (-o stock.xlsx) or redirect stdout",
                                     param_hint="--output")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        return
    if fmt == "table" and path is None and sys.stdout.isatty():
        return _to_terminal(report, s)
    text = render(report, fmt, _console(None, s.width) if fmt == "table" else None)
    if text is None:
        return
    if s.bom and fmt in ("csv", "tsv"):
        text = "\ufeff" + text     # Excel reads a CSV as UTF-8 only when it starts with a BOM
    if path is not None:
        _write_file(path, text.encode("utf-8"))
    else:
        sys.stdout.write(text)


def _write_file(path: str, data: bytes) -> None:
    from jxc.fs.transaction import atomic_write_bytes
    atomic_write_bytes(Path(path), data)


def with_bom_option(group: typer.Typer) -> None:
    """Give every report command of ``group`` (those taking the reports' ``-o``) a ``--bom`` flag.

    Done once where the groups are registered, so a report added later gets it too and
    no command repeats it; the flag is kept on the session for :func:`emit`."""
    import inspect
    from typing import get_type_hints
    for info in group.registered_commands:
        fn = info.callback
        sig = inspect.signature(fn, eval_str=True)
        out = sig.parameters.get("output")
        if out is None or out.default is not Output or "bom" in sig.parameters:
            continue        # not a report's -o (print and chart have formats of their own)
        info.callback = _bom_wrapper(fn, sig, get_type_hints(fn))


def _bom_wrapper(fn, sig, hints):
    import inspect

    @functools.wraps(fn)
    def wrapper(*args, bom: bool = False, **kwargs):
        session().bom = bom
        return fn(*args, **kwargs)
    bom = inspect.Parameter("bom", inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                            default=typer.Option(False, "--bom", help="csv/tsv: start with a UTF-8 BOM (for Excel)."))
    params = list(sig.parameters.values())
    wrapper.__signature__ = sig.replace(parameters=[*params, bom])
    wrapper.__annotations__ = {**hints, "bom": bool}
    del wrapper.__wrapped__     # typer must read the signature above, not the original's
    return wrapper


def _named(report, s: Session):
    """The report with names beside its codes when --names (or the ledger's setting) asks."""
    if not s.names and not (s.ledger is not None and getattr(s.ledger.settings, "names", False)):
        return report
    from jxc.reports.render import with_names
    return with_names(report, ledger().catalog)


def _json_named(report):
    """JSON carries item and partner names always (:func:`jxc.reports.render.json_names`);
    the catalog is read only when the report has such a column."""
    from jxc.reports.render import JSON_NAMED, json_names
    if not any(c.name in JSON_NAMED for c in report.columns):
        return report
    return json_names(report, ledger().catalog)


def _to_terminal(report, s: Session) -> None:
    """A table on a terminal: fitted to its width, paged when taller than the screen."""
    import io
    import shutil
    size = shutil.get_terminal_size()
    buf = io.StringIO()
    from rich.console import Console
    con = Console(file=buf, width=s.width or size.columns, highlight=False, soft_wrap=False,
                  force_terminal=True, color_system="standard")
    render(report, "table", con)
    text = buf.getvalue()
    if s.pager and text.count("\n") > size.lines - 1:
        import os
        import pydoc
        os.environ.setdefault("LESS", "FRX")   # quit if one screen, keep colours, leave it on screen
        pydoc.pager(text)
    else:
        sys.stdout.write(text)


def costing_methods(text: Optional[str]):
    from jxc.ledger.costing import METHODS
    if not text:
        return [None]
    out = []
    for m in text.split(","):
        m = m.strip()
        if m not in METHODS:
            from jxc.errors import closest
            raise typer.BadParameter(f"{m!r} is not one of {', '.join(METHODS)}{closest(m, METHODS)}",
                                     param_hint="--costing")
        out.append(m)
    return out

def replayed(lg, end=None):
    """The ledger replayed up to ``end`` (exclusive), problems included."""
    from jxc.store.snapshot import replayed as replay_cached
    return replay_cached(lg, end)


def costed(lg, end=None, method=None, r=None):
    from jxc.store.snapshot import costed as cost_cached
    return cost_cached(lg, r or replayed(lg, end), method)


IgnoreErrors = typer.Option(False, "--ignore-errors", "-I",
                            help="Print the ledger's problems on stderr first, then go on over the valid entries.")


def valid(r, ignore_errors: bool = False):
    """Reports need a sound ledger: any problem of the journal or its replay stops them (exit 1);
    `jxc check` lists them all.  With ``ignore_errors`` (hledger's ``-I``) the problems
    are printed on stderr and the report goes on over the entries that could be read."""
    if r.problems:
        if not ignore_errors:
            fail(r.problems)
        warn(r.problems)
    return r


def valid_cost(c, ignore_errors: bool = False, shown=()):
    """As :func:`valid`, for costing problems (those already ``shown`` are not repeated)."""
    if c.problems:
        if not ignore_errors:
            fail(c.problems)
        warn([p for p in c.problems if p not in shown])
    return c


def default_party(kind: str) -> str:
    """The ``default_customer``/``default_supplier`` of jxc.yaml for a sale/purchase typed
    without ``--to``/``--from``; a usage error naming the option when there is none."""
    name = getattr(ledger().settings, f"default_{kind}")
    if name is None:
        opt = "--to" if kind == "customer" else "--from"
        raise typer.BadParameter(f"name the {kind} with {opt}, or set default_{kind} in jxc.yaml",
                                 param_hint=f"'{opt}'")
    return name


def print_written(done, quiet: bool) -> None:
    """What a write command prints: each entry written in canonical YAML, its id alone with
    ``-q``, or a JSON line per entry with ``-o json`` (the same line as ``jxc print -o json``)."""
    fmt = session().output_format
    if fmt not in (None, "table", "yaml", "json"):
        raise typer.BadParameter(f"a write command prints yaml or json, not {fmt}", param_hint="'-o'")
    for entry, text in done:
        if quiet:
            sys.stdout.write(f"{entry.id}\n")
        elif fmt == "json":
            from jxc.ledger.yamlread import read_documents
            from jxc.write.canonical import json_line
            from jxc.write.intake import to_raw
            sys.stdout.write(json_line(to_raw(read_documents(text, "<entry>")[0].value)) + "\n")
        else:
            sys.stdout.write(text)


def implausible_input(raws: list[dict]) -> list[str]:
    """The warnings of :mod:`jxc.ledger.plausible` for entries about to be written."""
    import datetime as dt
    from jxc.ledger.plausible import implausible
    barcodes = ledger().catalog.barcodes
    return [w for raw in raws for w in implausible(raw, dt.date.today(), barcodes)]


def confirm_plausible(warnings: list[str], ask: bool = True) -> None:
    """Print the warnings on stderr; on a terminal (and ``ask``), ask before writing.
    ``--yes``, or stdin that is not a terminal (a script, cron), skips the question:
    a warning never blocks a script."""
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if warnings and ask and not session().yes and sys.stdin.isatty():
        if not typer.confirm("write it anyway?", default=False, err=True):
            print("nothing written", file=sys.stderr)
            raise typer.Exit(1)

def warn(problems) -> None:
    """Problems on stderr, one line each, for a command that goes on anyway."""
    for p in problems:
        print(str(p), file=sys.stderr)
