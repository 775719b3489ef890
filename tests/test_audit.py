"""Closing the books (jxc lock) and an entry's history in git (jxc history), driven through the CLI."""

from __future__ import annotations

import os
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from jxc.ledger import lock as L

JOURNAL = """\
--- {id: b1, date: 2026-10-05, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}
--- {id: s1, date: 2026-10-20, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 4, price: 88.00}]}
--- {id: s2, date: 2026-11-03, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 1, price: 88.00}]}
"""


def _ledger(make_ledger):
    lg = make_ledger(JOURNAL)
    oct_ = JOURNAL.splitlines()[:2]
    nov = JOURNAL.splitlines()[2:]
    (lg.root / "journal" / "2026" / "2026-11.yaml").write_text("\n".join(nov) + "\n", encoding="utf-8")
    lg.write_journal("\n".join(oct_) + "\n", "2026-10")
    return lg


def test_lock_closes_entries_up_to_the_date_and_refuses_back_dated_writes(make_ledger):
    """Locked up to 2026-10-31: b1 and s1 (October) are closed, s2 (November) is not.
    A sale dated 2026-10-31 is refused, nothing written; one dated 2026-11-01 is accepted."""
    lg = _ledger(make_ledger)
    r = lg.ok("lock", "2026-10-31")
    assert r.stdout.startswith("locked up to 2026-10-31: 2 entries closed (sha256:")
    assert "lock: {date: 2026-10-31, digest: 'sha256:" in (lg.root / "jxc.yaml").read_text()
    assert [ln.split()[0] for ln in (lg.root / "locked.txt").read_text().splitlines()] == ["b1", "s1"]
    before = lg.snapshot()
    r = lg.run("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-10-31")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: entry 2026")
    assert "is dated 2026-10-31, in the period locked up to 2026-10-31 (jxc lock --undo reopens it)" in r.stderr
    assert lg.snapshot() == before
    lg.ok("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-11-01")
    assert lg.ok("check").stdout.startswith("ok:")
    assert lg.ok("lock").stdout == "locked up to 2026-10-31\n"


def test_check_names_each_added_edited_and_removed_locked_entry(make_ledger):
    """After the lock: s1's qty edited 4→3 (line 2 of October), a new entry x1 dated 2026-10-07
    put in October, b1 removed: three problems, each at its place; b1's at its line of locked.txt."""
    lg = _ledger(make_ledger)
    lg.ok("lock", "2026-10-31")
    lg.write_journal(
        "--- {id: x1, date: 2026-10-07, type: writeoff, from: main, lines: [{item: TEA-001, qty: 1}]}\n"
        "--- {id: s1, date: 2026-10-20, type: sell, from: main, to: cafe, lines: [{item: TEA-001, qty: 3, price: 88.00}]}\n"
        "--- {id: b0, date: 2026-10-05, type: buy, from: hangzhou-tea, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}\n",
        "2026-10")
    # b0 replaces b1 (same content, new id): b1 is removed and b0 added
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "journal/2026/2026-10.yaml:3: error: entry b0 was added to the period locked up to 2026-10-31",
        "journal/2026/2026-10.yaml:1: error: entry x1 was added to the period locked up to 2026-10-31",
        "journal/2026/2026-10.yaml:2: error: locked entry s1 was edited after the lock of 2026-10-31",
        "locked.txt:1: error: locked entry b1 was removed (or re-dated) after the lock of 2026-10-31",
    ]
    js = lg.run("check", "-o", "json")
    assert js.exit_code == 1
    assert js.json()[2] == {"file": "journal/2026/2026-10.yaml", "line": 2, "severity": "error",
                            "message": "locked entry s1 was edited after the lock of 2026-10-31"}


def test_reformatting_keeps_a_lock_and_editing_the_evidence_is_seen(make_ledger):
    """jxc fmt changes no canonical form: check stays ok.  Editing locked.txt to match an edit
    breaks the digest kept in jxc.yaml."""
    lg = _ledger(make_ledger)
    lg.ok("lock", "2026-10-31")
    lg.ok("fmt")
    assert lg.ok("check").stdout.startswith("ok:")
    m = lg.root / "locked.txt"
    m.write_text(m.read_text().replace("s1 ", "s1 0"), encoding="utf-8")
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == ("jxc.yaml: error: locked.txt does not match the lock's digest in "
                                        "jxc.yaml (the list of locked entries was edited)")


def test_lock_undo_reopens_and_says_what(make_ledger):
    """--undo removes lock: and locked.txt and names the date and count; a second --undo is an error."""
    lg = _ledger(make_ledger)
    lg.ok("lock", "2026-10-31")
    r = lg.ok("lock", "--undo")
    assert r.stdout == ("reopened: the books were locked up to 2026-10-31 (2 entries); "
                        "writes dated on or before it are accepted again\n")
    assert "lock:" not in (lg.root / "jxc.yaml").read_text()
    assert not (lg.root / "locked.txt").exists()
    lg.ok("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-10-31")
    r = lg.run("lock", "--undo")
    assert (r.exit_code, r.stderr) == (1, "error: the books are not locked: nothing to reopen\n")


def test_lock_refuses_the_future_an_earlier_date_and_a_tampered_ledger(make_ledger):
    lg = _ledger(make_ledger)
    r = lg.run("lock", "2999-01-01")
    assert r.exit_code == 1 and "the period is not over yet" in r.stderr
    lg.ok("lock", "2026-10-31")
    r = lg.run("lock", "2026-10-15")
    assert r.stderr == ("error: the books are locked up to 2026-10-31; "
                        "run jxc lock --undo before locking an earlier date\n")
    lg.write_journal(JOURNAL.splitlines()[0] + "\n", "2026-10")   # s1 removed
    r = lg.run("lock", "2026-11-30")
    assert r.exit_code == 1 and "locked entry s1 was removed" in r.stderr
    r = lg.run("lock", "not-a-date")
    assert r.exit_code == 1 and r.stderr.startswith("error: DATE must be")


# -- git ----------------------------------------------------------------------------

def _git(root, *args, author="Ann Li"):
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "ann@example.com",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "ann@example.com",
           "GIT_AUTHOR_DATE": "2026-11-05T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-11-05T10:00:00+08:00",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


def _repo(lg):
    _git(lg.root, "init", "-q", "-b", "main")
    (lg.root / ".gitattributes").write_text("journal/** merge=union\n")
    _git(lg.root, "add", "-A")
    _git(lg.root, "commit", "-qm", "start")


def test_a_back_dated_entry_arriving_through_a_git_merge_is_named_by_check(make_ledger):
    """A branch made before the lock adds a write-off dated 2026-10-25; main locks October;
    the merge (union of journal lines) brings the entry in: check names it at its line."""
    lg = _ledger(make_ledger)
    _repo(lg)
    _git(lg.root, "checkout", "-qb", "counter")
    lg.ok("writeoff", "TEA-001", "1", "--date", "2026-10-25", "--reason", "broken")
    _git(lg.root, "commit", "-qam", "writeoff on the counter's copy")
    _git(lg.root, "checkout", "-q", "main")
    lg.ok("lock", "2026-10-31")
    _git(lg.root, "add", "-A")
    _git(lg.root, "commit", "-qm", "close October")
    _git(lg.root, "merge", "-q", "--no-edit", "counter")
    r = lg.run("check")
    assert r.exit_code == 1
    assert len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("journal/2026/2026-10.yaml:3: error: entry 20261025-")
    assert r.stderr.endswith(" was added to the period locked up to 2026-10-31\n")


def test_history_lists_each_commit_with_the_line_before_and_after(make_ledger):
    """s2 is added (commit 1), its qty edited 1→2 by Bo (commit 2), then removed (commit 3);
    a commit that only touches another entry is not listed."""
    lg = _ledger(make_ledger)
    _repo(lg)
    nov = lg.root / "journal" / "2026" / "2026-11.yaml"
    line = JOURNAL.splitlines()[2]
    nov.write_text(line.replace("qty: 1,", "qty: 2,") + "\n")
    _git(lg.root, "commit", "-qam", "two, not one", author="Bo Wang")
    lg.ok("sell", "TEA-001", "1@88", "--to", "cafe", "--date", "2026-11-04")
    _git(lg.root, "commit", "-qam", "another sale")
    nov.write_text("".join(ln + "\n" for ln in nov.read_text().splitlines() if "id: s2," not in ln))
    _git(lg.root, "commit", "-qam", "s2 was a mistake")
    rows = lg.json("history", "s2")
    assert [(r["change"], r["author"], r["before"], r["after"]) for r in rows] == [
        ("added", "Ann Li <ann@example.com>", None, line),
        ("edited", "Bo Wang <ann@example.com>", line, line.replace("qty: 1,", "qty: 2,")),
        ("removed", "Ann Li <ann@example.com>", line.replace("qty: 1,", "qty: 2,"), None)]
    assert {r["date"] for r in rows} == {"2026-11-05T10:00:00+08:00"}
    assert {r["file"] for r in rows} == {"journal/2026/2026-11.yaml"}
    text = lg.ok("history", "s2").stdout.splitlines()
    assert text[0].endswith("  2026-11-05T10:00:00+08:00  Ann Li <ann@example.com>  added  journal/2026/2026-11.yaml")
    assert text[1] == "  + " + line
    r = lg.run("history", "nope")
    assert (r.exit_code, r.stderr) == (1, "error: no commit of the ledger's git repository mentions entry nope\n")


def test_history_outside_git_is_a_clear_error(make_ledger, monkeypatch, tmp_path):
    lg = _ledger(make_ledger)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    r = lg.run("history", "s1")
    assert r.exit_code == 1
    assert r.stderr == (f"error: {lg.root} is not in a git repository: jxc history reads the history git "
                        f"keeps (git init, then commit the ledger)\n")


# -- the rules alone -----------------------------------------------------------------

ids = st.text("abcdef0123456789-", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(ids, st.text(min_size=1, max_size=20), min_size=1, max_size=12), st.data())
def test_any_single_change_to_a_locked_set_is_reported_and_none_without_one(entries, data):
    """The manifest of a set of entries checks clean against the same set; removing one,
    editing one or adding one yields exactly one problem naming that id."""
    cur = [L.LockedEntry(i, L.entry_hash(t), "j.yaml", n) for n, (i, t) in enumerate(sorted(entries.items()), 1)]
    text = L.manifest_text((e.id, e.hash) for e in cur)
    lock = L.Lock(__import__("datetime").date(2026, 10, 31), L.manifest_digest(text))
    assert L.tamper_problems(lock, text, cur, "locked.txt", "jxc.yaml") == []
    k = data.draw(st.integers(0, len(cur) - 1))
    victim = cur[k]
    kind = data.draw(st.sampled_from(["remove", "edit", "add"]))
    if kind == "remove":
        changed = cur[:k] + cur[k + 1:]
    elif kind == "edit":
        changed = cur[:k] + [L.LockedEntry(victim.id, L.entry_hash(entries[victim.id] + "x"), "j.yaml", k + 1)] + cur[k + 1:]
    else:
        new = data.draw(ids.filter(lambda i: i not in entries))
        victim = L.LockedEntry(new, L.entry_hash("new"), "j.yaml", 99)
        changed = cur + [victim]
    problems = L.tamper_problems(lock, text, changed, "locked.txt", "jxc.yaml")
    assert len(problems) == 1 and f" {victim.id} " in problems[0].message


# -- the fingerprint: the same from the fast reader and the strict one ----------------

def _both_readers(text):
    from pathlib import Path
    from jxc.ledger.files import Ledger
    from jxc.ledger.journal import parse_text
    from jxc.store.fastparse import parse_canonical
    lg = Ledger(Path(__file__).parent.parent / "examples" / "teashop")
    fast = parse_canonical(text, "j.yaml", lg.catalog, lg.settings)
    problems: list = []
    strict = parse_text(text, "j.yaml", lg.catalog, lg.settings, problems)
    assert not problems
    return fast, strict


def test_the_example_fingerprints_alike_through_both_readers():
    from pathlib import Path
    root = Path(__file__).parent.parent / "examples" / "teashop" / "journal"
    compared = 0
    for f in sorted(root.rglob("*.yaml")):
        fast, strict = _both_readers(f.read_text(encoding="utf-8"))
        if fast is None:        # a file the fast reader hands to the strict one (payments, comments)
            continue
        compared += 1
        assert [L.entry_fingerprint(e) for e in fast] == [L.entry_fingerprint(e) for e in strict], f
    assert compared >= 3


qty = st.sampled_from(["1", "2", "2.5", "2.50", "10", "0.125"])
price = st.sampled_from(["1", "88.00", "88", "0.50", "1248.00"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["buy", "sell"]), st.sampled_from(["TEA-001", "TEA-002", "CUP-001"]),
                          qty, price, st.sampled_from([None, "late", "二 boxes"])), min_size=1, max_size=6))
def test_fingerprints_agree_across_readers_and_see_every_digit(rows):
    """Random canonical lines read by both readers give equal fingerprints; changing one
    quantity's written form (2.5 → 2.50) changes that entry's fingerprint and no other."""
    lines = []
    for k, (kind, item, q, p, note) in enumerate(rows):
        side = "from: hangzhou-tea, to: main" if kind == "buy" else "from: main, to: walk-in"
        extra = f", note: {note}" if note else ""
        lines.append(f"--- {{id: e{k}, date: 2026-11-0{1 + k % 9}, type: {kind}, {side}{extra}, "
                     f"lines: [{{item: {item}, qty: {q}, price: {p}}}]}}")
    fast, strict = _both_readers("\n".join(lines) + "\n")
    assert fast is not None
    before = [L.entry_fingerprint(e) for e in strict]
    assert [L.entry_fingerprint(e) for e in fast] == before
    lines[0] = lines[0].replace(f"qty: {rows[0][2]},", f"qty: {rows[0][2]}0," if "." in rows[0][2] else f"qty: {rows[0][2]}.0,")
    after = [L.entry_fingerprint(e) for e in _both_readers("\n".join(lines) + "\n")[1]]
    assert after[0] != before[0] and after[1:] == before[1:]
