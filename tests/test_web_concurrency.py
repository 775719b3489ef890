"""Web and CLI writing at once never lose an entry (the ledger's lock, one write path).

`jxc web` runs as its own process; six browsers' sales (HTTP POSTs, each with its own
CSRF cookie) and six `jxc sell` processes start together.  Every one of the twelve
sales of 1 TEA-001 lands exactly once: 7 on hand + 20 bought − 12 = 15.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading

import pytest

pytestmark = pytest.mark.slow

WRITERS = 6


def test_web_and_cli_sales_at_once_all_land(make_ledger):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("starlette", reason="the web app needs the jxc[web] extra")
    from web_helpers import shop
    lg = shop(make_ledger)
    lg.ok("buy", "TEA-001", "20@50", "--from", "hangzhou-tea")
    proc = subprocess.Popen([sys.executable, "-m", "jxc", "-L", str(lg.root), "web", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        address = proc.stdout.readline().split(" at ")[1].split()[0]
        clients = [httpx.Client(base_url=address, timeout=60) for _ in range(WRITERS)]
        tokens = [re.search(r'name="csrf" value="([^"]+)"', c.get("/sell").text).group(1) for c in clients]
        start = threading.Barrier(2 * WRITERS)
        answers: list = []
        errors: list = []

        def web(k):
            start.wait()
            r = clients[k].post("/sell", data={"csrf": tokens[k], "to": "cafe", "item_0": "TEA-001",
                                               "qty_0": "1", "note": f"web {k}"})
            answers.append(r.status_code)

        def cli(k):
            start.wait()
            r = subprocess.run([sys.executable, "-m", "jxc", "-L", str(lg.root), "sell", "TEA-001", "1",
                                "--to", "cafe", "--note", f"cli {k}", "-q"], capture_output=True, text=True)
            if r.returncode:
                errors.append(r.stderr)

        threads = [threading.Thread(target=web, args=(k,)) for k in range(WRITERS)]
        threads += [threading.Thread(target=cli, args=(k,)) for k in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for c in clients:
            c.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert errors == [] and sorted(answers) == [303] * WRITERS     # 303: written, then its page
    notes = sorted(json.loads(x).get("note", "") for x in lg.ok("print", "--type", "sell", "-o", "json")
                   .stdout.splitlines())
    assert notes == sorted([""] + [f"web {k}" for k in range(WRITERS)] + [f"cli {k}" for k in range(WRITERS)])
    assert lg.json("stock", "TEA-001") == [{"item": "TEA-001", "location": "main", "qty": 15, "unit": "box"}]
    assert lg.ok("check").exit_code == 0
