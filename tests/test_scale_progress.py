"""The progress bar of a long cold read: on a terminal only, never with -o json, never for a short read."""

from __future__ import annotations

import io
import sys

from jxc.store import cache
from jxc.store.progress import ColdReadProgress


class Tty(io.StringIO):
    def isatty(self):
        return True


def test_the_bar_appears_only_after_the_delay_and_goes_away(monkeypatch):
    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    quick = ColdReadProgress(delay=3600)
    quick(10, 100)
    assert quick.bar is None                    # a read shorter than the delay shows nothing
    slow = ColdReadProgress(delay=0)
    slow(10, 100)
    assert slow.bar is not None
    slow(100, 100)
    slow.close()
    assert slow.bar is None


def test_the_cli_asks_for_a_bar_only_on_a_terminal_and_not_for_json(make_ledger, monkeypatch):
    from types import SimpleNamespace

    import typer._click.globals as g

    from jxc.cli import common

    def bar(output, stderr):
        monkeypatch.setattr(g, "get_current_context", lambda *a, **k: SimpleNamespace(params={"output": output}))
        monkeypatch.setattr(sys, "stderr", stderr)
        return common.progress_wanted()

    try:
        assert bar("table", Tty()) is True
        assert bar("csv", Tty()) is True
        assert bar("json", Tty()) is False
        assert bar("table", io.StringIO()) is False
    finally:
        monkeypatch.undo()


def test_a_cold_read_reports_progress_per_file(make_ledger, monkeypatch):
    from jxc.ledger.files import Ledger
    lg = make_ledger()
    for m in ("2026-09", "2026-10", "2026-11"):
        lg.write_journal(f"--- {{id: b{m}, date: {m}-02, type: buy, from: hangzhou-tea, to: main,"
                         " lines: [{item: TEA-001, qty: 1, price: 2}]}\n", m)
    calls = []
    cache.load_files(Ledger(lg.root), Ledger(lg.root).journal_files(), [], progress=lambda d, t: calls.append((d, t)))
    assert len(calls) == 3 and calls[-1][0] == calls[-1][1]
