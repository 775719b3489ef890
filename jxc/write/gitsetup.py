"""Setting a ledger's git repository up so merges never double-count.

``.gitattributes`` names jxc's merge driver for the journal (``journal/**
merge=jxc``), and the repository's ``.git/config`` says how to run it
(``merge.jxc.driver``).  git keeps drivers out of the repository on purpose (a
clone must not run commands it brought along), so every clone runs
``jxc git-setup`` once; without it git falls back to its ordinary text merge,
which stops with conflict markers rather than keep two copies of an entry.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from jxc.errors import LedgerError

ATTRIBUTE = "journal/** merge=jxc"
GITATTRIBUTES = f"""# jxc merges journal files entry by entry, by id, and stops at a real conflict
# (set up in each clone with `jxc git-setup`).
{ATTRIBUTE}
"""
_JOURNAL_MERGE = re.compile(r"^journal/\*\*\s+merge=\S+\s*$", re.M)


def git_root(path: Path) -> Path | None:
    """The work tree holding ``path`` (its nearest ``.git`` upwards), or None."""
    p = Path(path).resolve()
    for d in (p, *p.parents):
        if (d / ".git").exists():
            return d
    return None


def driver_command() -> str:
    """How git runs the driver: this Python and this jxc, whatever PATH holds."""
    return f"{shlex.quote(sys.executable)} -m jxc merge-driver %O %A %B %P"


def gitattributes_text(old: str) -> str:
    """``old`` with the journal's merge attribute set to jxc (a union line replaced)."""
    if _JOURNAL_MERGE.search(old):
        return _JOURNAL_MERGE.sub(ATTRIBUTE, old)
    if not old.strip():
        return GITATTRIBUTES
    return old + ("" if old.endswith("\n") else "\n") + ATTRIBUTE + "\n"


def install_merge_driver(root: Path) -> list[str]:
    """Write the attribute into ``root/.gitattributes`` and, when ``root`` is in a git
    work tree, the driver into its config.  Returns what was done, one line each.
    Raises LedgerError when git fails."""
    root = Path(root)
    done = []
    attrs = root / ".gitattributes"
    old = attrs.read_text(encoding="utf-8") if attrs.exists() else ""
    new = gitattributes_text(old)
    if new != old:
        from jxc.fs.transaction import atomic_write
        atomic_write(attrs, new)
        done.append(f"{attrs.name}: {ATTRIBUTE}")
    if git_root(root) is None:
        done.append("not a git repository yet: after `git init`, run `jxc git-setup`")
        return done
    for key, value in (("merge.jxc.name", "jxc journal: entry by entry, by id"),
                       ("merge.jxc.driver", driver_command())):
        try:
            subprocess.run(["git", "-C", str(root), "config", key, value], check=True,
                           capture_output=True, text=True)
        except FileNotFoundError:
            raise LedgerError("git is not installed (needed to set the merge driver up)") from None
        except subprocess.CalledProcessError as e:
            raise LedgerError(f"git config {key} failed: {e.stderr.strip()[:200]}") from None
    done.append("git config: merge.jxc.driver set (git runs `jxc merge-driver` for journal files)")
    return done


def driver_installed(root: Path) -> bool:
    """Is jxc's merge driver configured in the repository holding ``root``?"""
    try:
        r = subprocess.run(["git", "-C", str(root), "config", "--get", "merge.jxc.driver"],
                           capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return r.returncode == 0 and "merge-driver" in r.stdout


def git_warnings(root: Path, entries, limit: int = 20) -> list[str]:
    """Warnings for a ledger kept in git: entries without id (a merge cannot tell an
    edited copy of one from a new entry) and a missing merge driver.  One line each,
    ``PATH:LINE: warning: ...``; past ``limit`` entries, one line counts the rest.
    Nothing outside a git work tree."""
    if git_root(root) is None:
        return []
    out = []
    idless = [e for e in entries if e.id is None]
    for e in idless[:limit]:
        out.append(f"{e.path}:{e.line}: warning: entry without id: git merges cannot match it;"
                   " run `jxc fmt` to give every entry one")
    if len(idless) > limit:
        out.append(f"warning: {len(idless) - limit} more entries without id")
    if not driver_installed(root):
        out.append("warning: jxc's merge driver is not set up in this clone: run `jxc git-setup`")
    return out
