"""The README is a short front page: the two commands first, a tour, links into docs/.

Its examples are re-run by tests/test_docs.py like every page's.  Here: its shape, what
no page may say (links users cannot follow, the project's internal numbering), and that
CI runs exactly the README's test command.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", text, re.S)


def test_readme_leads_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first, second = sh_blocks(text)[:2]
    assert text.index("```sh") < text.index("## "), "the commands come before any section"
    assert first.startswith("python3 -m venv") and first.endswith("jxc -L examples/teashop stock")
    assert second.startswith("python3 -m venv") and second.endswith("python -m pytest")
    assert len(text.splitlines()) <= 200


@pytest.mark.parametrize("fake,code,says", [("exit 0", 0, ""), ("exit 3", 3, ""),
                                            ("exit 5", 1, "collected no tests")])
def test_ci_runs_the_readme_test_command_and_fails_when_nothing_was_tested(tmp_path, fake, code, says):
    """.ci/run takes the README's second sh block and runs it; pytest's exit 5 fails CI."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    (tmp_path / "README.md").write_text(f"# x\n\n```sh\necho one\n```\n\n```sh\n{fake}\n```\n")
    p = subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True, text=True)
    assert p.returncode == code and says in p.stderr
    assert f"+ {fake}" in p.stdout


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pages_speak_to_users(page):
    """No link to files users do not have, no internal numbering of the contract or the tracker."""
    text = page.read_text(encoding="utf-8")
    assert "../shared" not in text and "SPEC.md" not in text
    assert not re.search(r"\bSPEC\s*(§\s*)?\d", text), "a section number of the contract"
    assert not re.search(r"\b[Ii]ssues?\s*#?\d", text), "an issue number"


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set:
    out, fenced = set(), False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            out.add(slug(line.lstrip("#")))
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_lead_somewhere(page):
    """Every link is into the repository, to a file that exists and a heading it has."""
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://")):
            assert page.name != "README.md", f"the README links outside the repository: {target}"
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.exists(), f"{page.name}: {target} does not exist"
        assert ROOT.resolve() in dest.parents or dest == ROOT.resolve(), f"{target} leaves the repository"
        if anchor and dest.suffix == ".md":
            assert anchor in anchors(dest), f"{page.name}: no heading #{anchor} in {path or page.name}"
