"""`jxc init` and the catalog commands."""

import subprocess

from typer.testing import CliRunner

from jxc.cli import app


def jxc(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def test_init_writes_a_ledger_that_works(tmp_path):
    root = tmp_path / "shop"
    r = jxc("init", root, "--currency", "EUR", "--costing", "moving-average")
    assert r.exit_code == 0 and r.stdout == f"created ledger in {root}\n"
    assert (root / "jxc.yaml").read_text() == (
        "jxc: 1\nname: shop\ncurrency: EUR\ncosting: moving-average\ncost_pool: location\n"
        "negative_stock: forbid\ndefault_location: main\ndefault_account: cash\ndefault_customer: walk-in\n")
    assert "journal/** merge=jxc" in (root / ".gitattributes").read_text()
    gitignore = (root / ".gitignore").read_text()
    assert ".jxc.lock" in gitignore and ".jxc-cache" not in gitignore     # the cache is never in the ledger
    assert (root / "journal").is_dir()
    assert jxc("-L", root, "check").exit_code == 0
    r = jxc("init", root)
    assert r.exit_code == 1 and "already exists" in r.stderr


def test_init_example(tmp_path):
    root = tmp_path / "demo"
    assert jxc("init", root, "--example").exit_code == 0
    r = jxc("-L", root, "check")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "ok: 48 entries, 44 moves, 5 items\n"


def test_catalog_commands_keep_what_a_person_wrote(tmp_path):
    root = tmp_path / "shop"
    jxc("init", root)
    cat = root / "catalog.yaml"
    cat.write_text("# our places\nlocations:\n  main: {name: Main}   # the big one\n\n"
                   "items: {}\nsuppliers: {}\ncustomers:\n  walk-in: {name: Walk-in}\n")
    assert jxc("-L", root, "location", "add", "shop", "--name", "Shop floor").exit_code == 0
    r = jxc("-L", root, "item", "add", "TEA-001", "--name", "西湖龙井 250g", "--unit", "box",
            "--barcode", "6901234567890", "--category", "green-tea", "--price", "88.00", "--cost", "50",
            "--reorder-point", "20", "--reorder-qty", "50", "--lead-time", "7", "--units", "case=24")
    assert r.exit_code == 0, r.stderr
    assert jxc("-L", root, "item", "add", "LOT-1", "--name", "Pu-erh", "--lots").exit_code == 0
    assert jxc("-L", root, "supplier", "add", "hangzhou-tea", "--name", "杭州茶厂", "--lead-time", "5").exit_code == 0
    assert jxc("-L", root, "customer", "add", "cafe").exit_code == 0
    assert cat.read_text() == (
        "# our places\nlocations:\n  main: {name: Main}   # the big one\n  shop: {name: Shop floor}\n\n"
        "items:\n"
        "  TEA-001: {name: 西湖龙井 250g, unit: box, barcode: \"6901234567890\", category: green-tea, price: 88.00,"
        " cost: 50, reorder_point: 20, reorder_qty: 50, lead_time_days: 7, units: {case: 24}}\n"
        "  LOT-1: {name: Pu-erh, unit: unit, lots: true}\n"
        "suppliers:\n  hangzhou-tea: {name: 杭州茶厂, lead_time_days: 5}\n"
        "customers:\n  walk-in: {name: Walk-in}\n  cafe: {name: cafe}\n")
    # and the new names work at once, the barcode too
    r = jxc("-L", root, "buy", "6901234567890", "1case@1200", "--from", "hangzhou-tea", "--to", "shop",
            "--date", "2026-11-01", "-q")
    assert r.exit_code == 0, r.stderr
    assert jxc("-L", root, "stock", "-o", "csv").stdout == "item,location,qty,unit\nTEA-001,shop,24,box\n"


def test_git_merge_of_two_branches_that_appended(tmp_path):
    """Two clerks append entries on two branches; jxc's merge driver gives a ledger `check` accepts."""
    root = tmp_path / "shop"
    assert jxc("init", root, "--example").exit_code == 0

    def git(*args):
        return subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                              check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    assert jxc("-L", root, "git-setup").exit_code == 0
    git("add", "-A")
    git("commit", "-qm", "start")
    git("checkout", "-qb", "shop-floor")
    jxc("-L", root, "sell", "TEA-002", "1", "--from", "shop", "--to", "walk-in", "--date", "2026-11-22", "-q")
    jxc("-L", root, "sell", "TEA-001", "1", "--from", "shop", "--to", "walk-in", "--date", "2026-11-21", "-q")
    git("commit", "-qam", "shop sales")
    git("checkout", "-q", "main")
    jxc("-L", root, "buy", "TEA-001", "10@55", "--from", "hangzhou-tea", "--date", "2026-11-22", "-q")
    jxc("-L", root, "sell", "TEA-001", "2", "--to", "lakeside-cafe", "--date", "2026-11-23", "-q")
    git("commit", "-qam", "warehouse")
    git("merge", "-q", "--no-edit", "shop-floor")
    r = jxc("-L", root, "check")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "ok: 52 entries, 48 moves, 5 items\n"
