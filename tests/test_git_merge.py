"""Git workflows never double-count silently: `fmt` gives ids, the merge driver merges
journal files entry by entry by id, conflicts stop the merge with a clear message."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from jxc.write.merge import merge_journal

OPEN = "--- {date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 10, price: 50.00}]}\n"


def git(root, *args, check=True):
    r = subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                       capture_output=True, text=True)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def repo(make_ledger, journal, setup=True):
    lg = make_ledger(journal)
    git(lg.root, "init", "-q", "-b", "main")
    if setup:
        lg.ok("git-setup")
    git(lg.root, "add", "-A")
    git(lg.root, "commit", "-qm", "start")
    return lg


def edit(lg, branch, old, new, base="main"):
    git(lg.root, "checkout", "-q", "-b", branch, base)
    p = lg.root / "journal/2026/2026-11.yaml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new))
    git(lg.root, "commit", "-qam", branch)
    git(lg.root, "checkout", "-q", "main")


def stock(lg):
    return [(r["item"], r["location"], r["qty"]) for r in lg.json("stock")]


@pytest.mark.slow
def test_both_sides_edit_the_same_entry_without_id_the_merge_stops(make_ledger):
    """The issue's scenario: an opening of 10 without id; one branch makes it 16, the
    other adds a note.  git's union merge kept both (stock 26, `check` ok).  With the
    driver the merge stops, and `check` names the conflict instead of counting twice."""
    lg = repo(make_ledger, OPEN)
    edit(lg, "a", "qty: 10", "qty: 16")
    edit(lg, "b", "to: main,", "to: main, note: recounted,")
    git(lg.root, "merge", "-q", "--no-edit", "a")
    r = git(lg.root, "merge", "--no-edit", "b", check=False)
    assert r.returncode != 0
    assert ("journal/2026/2026-11.yaml: merge conflict: an entry without id was changed on both sides"
            " (give every entry an id with `jxc fmt`)") in r.stderr
    r = lg.run("check")
    assert r.exit_code == 1
    assert r.stderr == ("journal/2026/2026-11.yaml:1: error: unresolved merge conflict at"
                        " journal/2026/2026-11.yaml:1 (git's <<<<<<< / ======= / >>>>>>> lines):"
                        " keep the right version, delete the markers, then run jxc check\n")


def test_without_the_driver_union_would_double_count(make_ledger):
    """The same edits with git's union merge: both versions stay and stock is 10 + 16 = 26
    — the silent double count the driver prevents (shown here so the test above means it)."""
    lg = repo(make_ledger, OPEN, setup=False)
    (lg.root / ".gitattributes").write_text("journal/** merge=union\n")
    git(lg.root, "add", "-A")
    git(lg.root, "commit", "-qm", "union")
    edit(lg, "a", "qty: 10", "qty: 16")
    edit(lg, "b", "to: main,", "to: main, note: recounted,")
    git(lg.root, "merge", "-q", "--no-edit", "a")
    git(lg.root, "merge", "-q", "--no-edit", "b")
    assert stock(lg) == [("TEA-001", "main", 26)]


@pytest.mark.slow
def test_after_fmt_gave_ids_edits_merge_entry_by_entry(make_ledger):
    """fmt gives both entries an id.  Branch a edits the opening (10 → 16), branch b edits
    the sale's note and adds a sale of 2: merged, stock is 16 − 3 − 2 = 11, no double count."""
    lg = make_ledger(OPEN + "--- {date: 2026-11-05, type: sell, from: main, to: walk-in,"
                            " lines: [{item: TEA-001, qty: 3, price: 88.00}]}\n")
    git(lg.root, "init", "-q", "-b", "main")
    lg.ok("git-setup")
    assert lg.ok("fmt").stdout == "reformatted journal/2026/2026-11.yaml\n"
    ids = re.findall(r"id: (2026110[15]-[0-9a-z]{6})", lg.journal())
    assert len(ids) == 2
    git(lg.root, "add", "-A")
    git(lg.root, "commit", "-qm", "start")
    assert lg.ok("check").stderr == ""
    edit(lg, "a", "qty: 10,", "qty: 16,")
    git(lg.root, "checkout", "-q", "-b", "b", "main")
    lg.ok("sell", "TEA-001", "2", "--to", "cafe", "--date", "2026-11-03", "-q")
    p = lg.root / "journal/2026/2026-11.yaml"
    p.write_text(p.read_text().replace("to: walk-in,", "to: walk-in, note: paid cash,"))
    git(lg.root, "commit", "-qam", "b")
    git(lg.root, "checkout", "-q", "main")
    git(lg.root, "merge", "-q", "--no-edit", "a")
    git(lg.root, "merge", "-q", "--no-edit", "b")
    assert stock(lg) == [("TEA-001", "main", 11)]
    assert lg.ok("check").stdout == "ok: 3 entries, 3 moves, 4 items\n"
    assert "note: paid cash" in lg.journal()


def test_the_same_id_changed_differently_is_a_conflict(make_ledger):
    lg = make_ledger(OPEN.replace("--- {", "--- {id: o1, "))
    git(lg.root, "init", "-q", "-b", "main")
    lg.ok("git-setup")
    git(lg.root, "add", "-A")
    git(lg.root, "commit", "-qm", "start")
    edit(lg, "a", "qty: 10", "qty: 16")
    edit(lg, "b", "qty: 10", "qty: 12")
    git(lg.root, "merge", "-q", "--no-edit", "a")
    r = git(lg.root, "merge", "--no-edit", "b", check=False)
    assert r.returncode != 0
    assert "journal/2026/2026-11.yaml: merge conflict: entry o1 changed differently on both sides" in r.stderr
    assert lg.journal() == ("<<<<<<< ours\n" + OPEN.replace("--- {", "--- {id: o1, ").replace("10", "16")
                            + "=======\n" + OPEN.replace("--- {", "--- {id: o1, ").replace("10", "12")
                            + ">>>>>>> theirs\n")


def test_check_warns_about_entries_without_id_in_a_git_repository(make_ledger):
    lg = repo(make_ledger, OPEN)
    r = lg.ok("check")
    assert r.stderr == ("journal/2026/2026-11.yaml:1: warning: entry without id: git merges cannot match it;"
                        " run `jxc fmt` to give every entry one\n")
    lg.ok("fmt")
    assert lg.ok("check").stderr == ""


def test_check_says_when_the_driver_is_missing(make_ledger):
    lg = repo(make_ledger, OPEN.replace("--- {", "--- {id: o1, "), setup=False)
    assert lg.ok("check").stderr == ("warning: jxc's merge driver is not set up in this clone:"
                                     " run `jxc git-setup`\n")


def test_git_setup_replaces_the_union_attribute(make_ledger):
    lg = make_ledger()
    (lg.root / ".gitattributes").write_text("# mine\njournal/** merge=union\n*.png binary\n")
    git(lg.root, "init", "-q", "-b", "main")
    r = lg.ok("git-setup")
    assert r.stdout.splitlines()[0] == ".gitattributes: journal/** merge=jxc"
    assert (lg.root / ".gitattributes").read_text() == "# mine\njournal/** merge=jxc\n*.png binary\n"
    assert "-m jxc merge-driver %O %A %B %P" in git(lg.root, "config", "merge.jxc.driver").stdout


def test_a_catalog_with_conflict_markers_says_so(make_ledger):
    lg = make_ledger(catalog="locations:\n  main: {name: Main}\n<<<<<<< HEAD\nitems: {A: {name: a}}\n"
                             "=======\nitems: {B: {name: b}}\n>>>>>>> other\n")
    r = lg.run("stock")
    assert r.exit_code == 1
    assert r.stderr.startswith("catalog.yaml:3: error: unresolved merge conflict at catalog.yaml:3 ")


# -- the merge itself ----------------------------------------------------------------

E = "--- {{id: {id}, date: 2026-11-{d:02d}, type: open, to: main, lines: [{{item: TEA-001, qty: {q}, price: 1}}]}}\n"


def f(*entries):
    return "".join(E.format(id=i, d=d, q=q) for i, d, q in entries)


@pytest.mark.parametrize("base, ours, theirs, merged, conflicts", [
    # theirs adds one in date order; ours added one at the end
    (f(("a", 1, 1)), f(("a", 1, 1), ("c", 9, 1)), f(("a", 1, 1), ("b", 5, 1)),
     f(("a", 1, 1), ("b", 5, 1), ("c", 9, 1)), ()),
    # changed in theirs only; deleted in ours and unchanged in theirs
    (f(("a", 1, 1), ("b", 2, 1)), f(("a", 1, 1)), f(("a", 1, 7), ("b", 2, 1)), f(("a", 1, 7)), ()),
    # the same change on both sides is taken once
    (f(("a", 1, 1)), f(("a", 1, 2)), f(("a", 1, 2)), f(("a", 1, 2)), ()),
    # changed in ours, deleted in theirs
    (f(("a", 1, 1)), f(("a", 1, 2)), "", "<<<<<<< ours\n" + f(("a", 1, 2)) + "=======\n>>>>>>> theirs\n",
     ("entry a changed in ours, deleted in theirs",)),
])
def test_merge_journal(base, ours, theirs, merged, conflicts):
    m = merge_journal(base, ours, theirs, "j.yaml")
    assert (m.text, m.conflicts) == (merged, conflicts)


def test_entries_without_id_edited_on_different_entries_merge():
    """Ours edits X, theirs edits Y (neither has an id): both edits are kept, once."""
    x = "--- {date: 2026-11-01, type: open, to: main, lines: [{item: TEA-001, qty: 1, price: 1}]}\n"
    y = "--- {date: 2026-11-02, type: open, to: main, lines: [{item: TEA-002, qty: 1, price: 1}]}\n"
    m = merge_journal(x + y, x.replace("qty: 1", "qty: 2") + y, x + y.replace("qty: 1", "qty: 3"), "j")
    assert m.conflicts == ()
    assert m.text == x.replace("qty: 1", "qty: 2") + y.replace("qty: 1", "qty: 3")


# -- the property -------------------------------------------------------------------

from collections import Counter  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from jxc.write.merge import blocks_of  # noqa: E402

ACTIONS = st.sampled_from(["keep", "keep", "edit", "delete"])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(days=st.lists(st.integers(1, 28), min_size=0, max_size=8),
       ours_do=st.lists(ACTIONS, min_size=8, max_size=8), theirs_do=st.lists(ACTIONS, min_size=8, max_size=8),
       ours_new=st.lists(st.integers(1, 28), max_size=3), theirs_new=st.lists(st.integers(1, 28), max_size=3),
       clash=st.booleans())
def test_merge_applies_both_sides_edits_once(days, ours_do, theirs_do, ours_new, theirs_new, clash):
    """Random journals with ids; each side keeps, edits or deletes entries, the two sides
    touching different entries (ours wins the draw), and adds its own.  The merge holds
    exactly: every untouched entry once, each side's edit, no deleted entry, every
    addition — and, entries sorted by date, theirs among ours.  With `clash`, both
    sides edit entry 0 differently: that and only that is a conflict."""
    base = [("e%d" % i, d, 1) for i, d in enumerate(sorted(days))]
    ours, theirs, expect = [], [], []
    for i, (eid, d, q) in enumerate(base):
        a, t = ours_do[i], theirs_do[i] if ours_do[i] == "keep" else "keep"
        if clash and i == 0:
            a, t = "edit", "edit"
        mine = None if a == "delete" else (eid, d, 2 if a == "edit" else q)
        yours = None if t == "delete" else (eid, d, 3 if t == "edit" else q)
        ours += [mine] if mine else []
        theirs += [yours] if yours else []
        if not (clash and i == 0) and mine and yours:
            expect.append(mine if a == "edit" else yours)
    ours += [("a%d" % k, d, 5) for k, d in enumerate(sorted(ours_new))]
    theirs_added = [("t%d" % k, d, 6) for k, d in enumerate(sorted(theirs_new))]
    theirs = sorted(theirs + theirs_added, key=lambda e: e[1])
    ours = sorted(ours, key=lambda e: e[1])
    expect += [("a%d" % k, d, 5) for k, d in enumerate(sorted(ours_new))] + theirs_added
    m = merge_journal(f(*base), f(*ours), f(*theirs), "j.yaml")
    if clash and base:
        assert m.conflicts == ("entry e0 changed differently on both sides",)
        return
    assert m.conflicts == ()
    got = blocks_of(m.text, "j.yaml")[1]
    want = blocks_of(f(*expect), "j.yaml")[1]
    assert Counter(b.meaning for b in got) == Counter(b.meaning for b in want)
    assert [b.date for b in got] == sorted(b.date for b in got)


def test_fmt_gives_every_entry_a_unique_id_and_changes_nothing_else(make_ledger):
    """Five entries without id in two months, one with an id: after fmt every entry has
    an id (its date + 6 characters, all different), and without the new ids `print`
    shows the same entries as before."""
    lg = make_ledger(OPEN * 3 + OPEN.replace("--- {", "--- {id: keep-1, "))
    lg.write_journal(OPEN.replace("2026-11-01", "2026-12-02") * 2, month="2026-12")
    before = lg.ok("print", "-o", "json").stdout.splitlines()
    lg.ok("fmt")
    after = [json.loads(x) for x in lg.ok("print", "-o", "json").stdout.splitlines()]
    ids = [e["id"] for e in after]
    assert len(set(ids)) == 6 and "keep-1" in ids
    assert all(re.fullmatch(e["date"].replace("-", "") + "-[0-9a-z]{6}", e["id"]) for e in after
               if e["id"] != "keep-1")
    assert [json.loads(x) for x in before] == [{k: v for k, v in e.items() if k != "id" or v == "keep-1"}
                                              for e in after]
    assert lg.ok("fmt", "--check").stdout == ""
