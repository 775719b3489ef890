"""The web's sell form against `jxc sell`: same input, same answer (a differential property).

For any lines typed into the form — items by SKU, barcode or a wrong name; quantities
whole, fractional, in another unit, zero or not numbers; prices given, left out or bad —
the form writes exactly the entry the command would (compared whole, id aside), or
refuses with the command's own message and writes nothing.
"""

from __future__ import annotations

import html
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the web app needs the jxc[web] extra")

from web_helpers import client, shop, token  # noqa: E402

SLOW = pytest.mark.slow      # 25 examples, each a command and a request: ~30 s on 2 cores

ITEMS = ["TEA-001", "TEA-002", "6901234567890", "CUP-01", "TEA-01"]
QTYS = ["1", "2", "0.5", "3.25", "1case", "0", "x", "1.2.3", "1box", "2kg"]
PRICES = [None, "88", "0", "1.005", "abc", "60.50"]
LINE = st.tuples(st.sampled_from(ITEMS), st.sampled_from(QTYS), st.sampled_from(PRICES))


@SLOW
def test_the_sell_form_writes_what_jxc_sell_writes_or_refuses_as_it_does(make_ledger):
    """One shop for all examples: sales that land lower the stock the next ones meet, so
    refusals (below zero) and writes both come up."""
    lg = shop(make_ledger)
    outcomes = {"written": 0, "refused": 0}

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(lines=st.lists(LINE, min_size=1, max_size=3))
    def same_answer(lines):
        tokens, fields = [], {"to": "cafe"}
        for k, (item, qty, price) in enumerate(lines):
            tokens += [item, qty + (f"@{price}" if price is not None else "")]
            fields.update({f"item_{k}": item, f"qty_{k}": qty,
                           **({f"price_{k}": price} if price is not None else {})})
        cli = lg.run("sell", *tokens, "--to", "cafe", "--dry-run", "-o", "json")
        c = client(lg.root)
        before = lg.snapshot()
        r = c.post("/sell", data={"csrf": token(c), **fields}, follow_redirects=False)
        if cli.exit_code == 0:
            assert r.status_code == 303, html.unescape(r.text)
            expected = json.loads(cli.stdout.splitlines()[0])
            new_id = r.headers["location"].split("/")[2].split("?")[0]
            got = json.loads(lg.ok("print", "--id", new_id, "-o", "json").stdout)
            assert {k: v for k, v in got.items() if k != "id"} == {k: v for k, v in expected.items() if k != "id"}
            outcomes["written"] += 1
        else:
            assert cli.exit_code == 1, cli
            page = html.unescape(r.text)
            assert r.status_code == 400
            for line in cli.stderr.splitlines():       # every problem the command names, one a line
                assert line.removeprefix("error: ") in page
            assert lg.snapshot() == before
            outcomes["refused"] += 1

    same_answer()
    assert outcomes["written"] and outcomes["refused"], outcomes


def test_no_token_but_the_cookies_own_ever_writes(make_ledger):
    """Any token but the one the cookie holds (empty, its prefix, its extension, anything) is
    refused with 403 and nothing written."""
    lg = shop(make_ledger)
    c = client(lg.root)
    right = token(c)
    before = lg.snapshot()

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.text(max_size=60), st.just(""), st.just(right[:-1]), st.just(right + "x"),
                     st.just(right.upper())))
    def refused(given_token):
        if given_token == right:
            return
        r = c.post("/sell", data={"csrf": given_token, "to": "cafe", "item_0": "TEA-001", "qty_0": "1"})
        assert r.status_code == 403
        assert lg.snapshot() == before

    refused()
