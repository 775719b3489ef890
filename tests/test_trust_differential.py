"""One answer, whatever the path: the cache warm, cold or off never changes a result.

The ledgers hold lot-tracked lines (sales, transfers and write-offs added without a lot
take theirs first-expiry-first-out) and landed costs.

Three copies of one random ledger are driven through one random story — reports,
batches of writes through ``jxc add`` (appends, back-dated entries, several
entries at once, sales before the buys that cover them) and hand edits of old
months — each copy on another path:

* **warm**: one cache directory for the whole story (records carried over by
  writes, checkpoints, the stat index, the fast append check);
* **cold**: an empty cache directory for every command;
* **off**: ``JXC_NO_CACHE=1``.

Every report's output, every write's exit code and messages, and the journal
files written must be identical on the three.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CATALOG, SETTINGS
from jxc.cli import app
from jxc.ledger.entries import dump_entry

ITEMS = ("TEA-001", "TEA-002", "CUP-01", "LOT-01")
LOCATIONS = ("main", "shop")
MONTHS = ("2026-08", "2026-09", "2026-10", "2026-11")
REPORTS = [("stock",), ("value",), ("check",), ("balance",), ("profit", "--by", "month"),
           ("card", "TEA-002"), ("stock", "--as-of", "2026-09-30"), ("value", "--costing", "moving-average"),
           ("stock", "--lots"), ("expiring", "--within", "9999", "--as-of", "2026-12-31")]
MODES = ("warm", "cold", "off")
PRICES = tuple(Decimal(p) for p in ("1.50", "10", "12.25", "33.33", "99.99"))


ALL_TYPES = ("buy", "buy", "sell", "sell", "transfer", "writeoff", "count", "return", "landed")
# Histories mostly valid (goods leave main, a few at a time), so that the fast write
# checks, which need a ledger without problems, get their turn.
HISTORY_TYPES = ("buy", "buy", "sell", "sell", "transfer", "writeoff", "count", "landed")
# Lot-tracked lines name a lot, except (sometimes) a sale, transfer or write-off added
# through `jxc add`, which takes its lots first-expiry-first-out.
LOTS = ("L1", "L2")
EXPIRIES = (dt.date(2027, 3, 31), dt.date(2026, 12, 31))


@st.composite
def entries(draw, prefix: str, month: str | None = None, types=ALL_TYPES, calm=False):
    """A list of raw entries (dicts as in the journal), some of them not valid at their point.

    ``calm``: goods go out of main only, at most 3 at a time (a history that stays valid)."""
    n = draw(st.integers(1, 4))
    out = []
    for k in range(n):
        m = month or draw(st.sampled_from(MONTHS + ("2026-12",)))
        day = draw(st.integers(1, 28))
        t = draw(st.sampled_from(types))
        item = draw(st.sampled_from(ITEMS))
        qty = draw(st.integers(1, 3 if calm and t not in ("buy", "count") else 12))
        e = {"id": f"{prefix}{k}", "date": dt.date.fromisoformat(f"{m}-{day:02d}"), "type": t}
        loc = "main" if calm else draw(st.sampled_from(LOCATIONS))
        line = {"item": item, "qty": qty}
        if t == "buy":
            e.update({"from": "hangzhou-tea", "to": loc})
            line["price"] = draw(st.sampled_from(PRICES))
        elif t == "sell":
            e.update({"from": loc, "to": "cafe"})
            if item in ("CUP-01", "LOT-01") or draw(st.booleans()):
                line["price"] = draw(st.sampled_from(PRICES))
        elif t == "transfer":
            e.update({"from": loc, "to": [x for x in LOCATIONS if x != loc][0]})
        elif t == "writeoff":
            e["from"] = loc
        elif t == "count":
            e["at"] = loc
            line = {"item": item, "counted": qty + (20 if calm else 0)}
        else:
            e["of"] = draw(st.sampled_from(("h0", "h081", "a00", "a10", f"{prefix}0")))
        if t == "landed":
            e = {"id": e["id"], "date": e["date"], "type": "landed", "from": "fujian-tea",
                 "of": draw(st.sampled_from(("h0", "h081", "h091", "a00", f"{prefix}0"))),
                 "amount": draw(st.sampled_from(PRICES)), "by": draw(st.sampled_from(("qty", "value", "equal")))}
            out.append(e)
            continue
        if item == "LOT-01" and (calm or t not in ("sell", "transfer", "writeoff") or draw(st.booleans())):
            line["lot"] = draw(st.sampled_from(LOTS))
            if t == "buy":
                line["expiry"] = EXPIRIES[LOTS.index(line["lot"])]
        e["lines"] = [line]
        out.append(e)
    return out


@st.composite
def sell_then_buy(draw, prefix: str):
    """A batch that sells 100 before the buy of 100 that covers it, late or back-dated."""
    item = draw(st.sampled_from(ITEMS))
    loc = draw(st.sampled_from(LOCATIONS))
    month = draw(st.sampled_from(MONTHS + ("2026-12", "2026-12")))
    day = draw(st.integers(1, 27))
    d1 = dt.date.fromisoformat(f"{month}-{day:02d}")
    d2 = d1 + dt.timedelta(days=draw(st.integers(0, 1)))
    sell = {"id": f"{prefix}0", "date": d1, "type": "sell", "from": loc, "to": "cafe",
            "lines": [{"item": item, "qty": 100, "price": Decimal("20")}]}
    buy = {"id": f"{prefix}1", "date": d2, "type": "buy", "from": "hangzhou-tea", "to": loc,
           "lines": [{"item": item, "qty": 100, "price": Decimal("10")}]}
    return [sell, buy] if draw(st.booleans()) else [buy, sell]


def _block(e: dict) -> str:
    """An entry as a person might write it: block style, one key a line."""
    text = "---\n"
    for k, v in e.items():
        if k == "lines":
            text += "lines:\n" + "".join(dump_entry({"x": ln})[len("--- {x: "):-2].join(("- ", "\n"))
                                         for ln in v)
        else:
            text += f"{k}: {v}\n"
    return text


def _month_text(es: list, block: bool) -> str:
    es = sorted(es, key=lambda e: e["date"])
    return "".join(_block(e) if block else dump_entry(e) for e in es)


@st.composite
def stories(draw):
    history = {m: draw(entries(f"h{m[-2:]}", m, HISTORY_TYPES, calm=True))
               for m in MONTHS[:draw(st.integers(1, 4))]}
    # a few well-formed opening stocks so that sales have something to take
    history.setdefault("2026-08", []).insert(0, {"id": "h0", "date": dt.date(2026, 8, 1), "type": "open",
                                                 "to": "main", "lines": [{"item": i, "qty": 30, "price": Decimal("9.90"),
                                                                          **({"lot": "L1", "expiry": EXPIRIES[0]}
                                                                             if i == "LOT-01" else {})}
                                                                         for i in ITEMS]})
    ops = []
    for n in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(("add", "add", "sell-then-buy", "edit")))
        if kind == "sell-then-buy":
            ops.append(("add", draw(sell_then_buy(f"a{n}"))))
        elif kind == "add":
            late = draw(st.booleans())
            ops.append(("add", draw(entries(f"a{n}", "2026-12" if late else None))))
        else:
            month = draw(st.sampled_from(sorted(history)))
            ops.append(("edit", month, draw(entries(f"e{n}", month, HISTORY_TYPES, calm=True)),
                        draw(st.booleans())))
    blocks = {m: draw(st.booleans()) for m in history}
    return history, blocks, ops


class Copy:
    """One copy of the ledger and the cache mode it runs in."""

    def __init__(self, base: Path, mode: str, history: dict, blocks: dict):
        self.root = base / mode
        self.mode = mode
        self.cache = base / f"cache-{mode}"
        (self.root / "journal").mkdir(parents=True)
        (self.root / "jxc.yaml").write_text(SETTINGS.format(costing="fifo", cost_pool="location",
                                                            negative_stock="forbid"))
        (self.root / "catalog.yaml").write_text(textwrap.dedent(CATALOG))
        for month, es in history.items():
            self.write_month(month, _month_text(es, blocks[month]))

    def write_month(self, month: str, text: str) -> None:
        p = self.root / "journal" / month[:4] / f"{month}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)

    def run(self, *args, input=None):
        if self.mode == "cold":
            shutil.rmtree(self.cache, ignore_errors=True)
        env = {"JXC_CACHE_DIR": str(self.cache), "JXC_CACHE_MIN_BYTES": "0",
               "JXC_NO_CACHE": "1" if self.mode == "off" else "0"}
        r = CliRunner().invoke(app, ["-L", str(self.root), *args], input=input, env=env)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise AssertionError(f"{self.mode}: jxc {' '.join(args)} raised {r.exception!r}") from r.exception
        return r.exit_code, r.stdout, r.stderr

    def journal(self) -> dict:
        return {p.relative_to(self.root).as_posix(): p.read_text()
                for p in sorted((self.root / "journal").rglob("*.yaml"))}


def _jsonl(es: list) -> str:
    """JSON lines as a script writes them: dates as strings, prices as JSON numbers."""
    def number(v):
        return f"@@{v}@@" if isinstance(v, Decimal) else str(v)
    return "".join(re.sub(r'"@@([0-9.]+)@@"', r"\1", json.dumps(e, default=number)) + "\n" for e in es)


def _same(copies, *args, input=None):
    """The same command on every copy: the same answer."""
    answers = {c.mode: c.run(*args, input=input) for c in copies}
    assert answers["warm"] == answers["off"], (args, answers)
    assert answers["cold"] == answers["off"], (args, answers)
    return answers["off"]


def play(story) -> None:
    history, blocks, ops = story
    with tempfile.TemporaryDirectory() as tmp:
        copies = [Copy(Path(tmp), mode, history, blocks) for mode in MODES]
        for args in REPORTS:
            _same(copies, *args)
        for op in ops:
            if op[0] == "add":
                _same(copies, "add", "-", input=_jsonl(op[1]))
            else:
                _, month, es, block = op
                for c in copies:            # a hand edit of an old month: new entries in its file
                    c.write_month(month, _month_text(history[month] + es, block))
            assert copies[0].journal() == copies[1].journal() == copies[2].journal()
            for args in REPORTS:
                _same(copies, *args)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_reports_and_writes_agree_with_the_cache_warm_cold_and_off(story):
    play(story)
