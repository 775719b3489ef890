"""Exchange with other tools: `jxc export beancount|ledger` (more formats join this group)."""

from __future__ import annotations

import sys
from typing import Literal, Optional

import typer

from jxc.cli.common import Begin, End, PeriodOpt, guarded, ledger
from jxc.reports.period import make_period

commands = typer.Typer()


@commands.command()
@guarded
def export(fmt: Literal["beancount", "ledger"] = typer.Argument(..., metavar="FORMAT",
                                                                 help="beancount or ledger."),
           begin: Optional[str] = Begin, end: Optional[str] = End, period: Optional[str] = PeriodOpt):
    """The money side as a general-ledger journal (beancount, or ledger/hledger)."""
    from jxc.exchange.beancount import export_text
    sys.stdout.write(export_text(ledger(), fmt, make_period(begin, end, period)))
