"""The tree writer: deterministic bytes in, atomic and incremental writes out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from sigmaqr.publish import writer
from sigmaqr.publish.writer import MANIFEST, Plan, WriteError, recover, write_tree

TREE = {"a.txt": b"a\n", "rules/x/page.md": b"x\n", "rules/y/page.md": b"y\n"}
UNSAFE = ["/etc/passwd", "../outside.txt", "rules/../../outside.txt", ".git/config"]


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under root: bytes, inode, mtime."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        name = path.relative_to(root).as_posix()
        found[name] = (path.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return found


def leftovers(out: Path) -> list[str]:
    """Staging or backup folders left next to the output directory."""
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def test_new_directory_gets_every_file(tmp_path: Path) -> None:
    """Writing into a missing folder creates it with the tree and a manifest."""
    out = tmp_path / "repo"
    plan = write_tree(TREE, out)
    assert plan.added == (MANIFEST, "a.txt", "rules/x/page.md", "rules/y/page.md")
    assert {p: v[0] for p, v in snapshot(out).items() if p != MANIFEST} == TREE


def test_same_tree_changes_nothing(tmp_path: Path) -> None:
    """Writing the same tree again touches no file: inodes and mtimes stay."""
    out = tmp_path / "repo"
    write_tree(TREE, out)
    before = snapshot(out)
    assert write_tree(TREE, out).empty
    assert snapshot(out) == before


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    """A changed file is replaced; the unchanged ones keep their inode and mtime."""
    out = tmp_path / "repo"
    write_tree(TREE, out)
    before = snapshot(out)
    plan = write_tree({**TREE, "rules/x/page.md": b"x2\n"}, out)
    after = snapshot(out)
    assert (plan.changed, plan.added, plan.removed) == (("rules/x/page.md",), (), ())
    assert after["rules/x/page.md"][0] == b"x2\n"
    assert {p: after[p] for p in ("a.txt", "rules/y/page.md")} == {
        p: before[p] for p in ("a.txt", "rules/y/page.md")
    }


def test_files_no_longer_published_are_removed(tmp_path: Path) -> None:
    """A file of the previous publication that is gone now is deleted, with its empty folder."""
    out = tmp_path / "repo"
    write_tree(TREE, out)
    plan = write_tree({k: v for k, v in TREE.items() if k != "rules/y/page.md"}, out)
    assert plan.removed == ("rules/y/page.md",)
    assert not (out / "rules" / "y").exists()


def test_foreign_files_are_kept(tmp_path: Path) -> None:
    """Files the writer never wrote (a .git folder, notes) are left alone."""
    out = tmp_path / "repo"
    out.mkdir()
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "NOTES.md").write_text("mine\n")
    write_tree(TREE, out)
    write_tree({"a.txt": b"a\n"}, out)
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (out / ".git" / "HEAD").is_file()


@pytest.mark.parametrize("path", UNSAFE)
def test_paths_outside_the_repository_are_refused(tmp_path: Path, path: str) -> None:
    """Absolute paths, '..' and .git are refused before anything is written."""
    out = tmp_path / "repo"
    with pytest.raises(WriteError, match="refusing to write outside"):
        write_tree({path: b"x"}, out)
    assert not out.exists()


def _failing_replace(after: int) -> Any:
    """os.replace that fails once, on call number after + 1."""
    calls = {"n": 0}
    real = os.replace

    def replace(source: Any, target: Any) -> None:
        calls["n"] += 1
        if calls["n"] == after + 1:
            raise OSError("disk full")
        real(source, target)

    return replace


@pytest.mark.parametrize("after", [0, 1, 2, 3, 4])
def test_failure_while_applying_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    """An error part-way through leaves the previous files exactly as they were."""
    out = tmp_path / "repo"
    write_tree(TREE, out)
    before = snapshot(out)
    changed = {"a.txt": b"A\n", "rules/x/page.md": b"X\n", "rules/z/page.md": b"z\n"}
    monkeypatch.setattr(writer.os, "replace", _failing_replace(after))
    with pytest.raises(WriteError, match="disk full"):
        write_tree(changed, out)
    monkeypatch.undo()
    assert {p: v[0] for p, v in snapshot(out).items()} == {p: v[0] for p, v in before.items()}
    assert leftovers(out) == []


def test_interrupted_apply_is_rolled_back_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash mid-apply leaves a journal; recover() restores the previous files."""
    out = tmp_path / "repo"
    write_tree(TREE, out)
    before = {p: v[0] for p, v in snapshot(out).items()}
    monkeypatch.setattr(writer.os, "replace", _failing_replace(2))
    monkeypatch.setattr(writer, "rollback", lambda backup: None)  # the process "dies"
    with pytest.raises(WriteError):
        write_tree({"a.txt": b"A\n", "rules/x/page.md": b"X\n"}, out)
    monkeypatch.undo()
    recover(out)
    assert {p: v[0] for p, v in snapshot(out).items()} == before
    assert leftovers(out) == []


def test_plan_is_empty_only_without_changes() -> None:
    """A plan with only unchanged files is empty."""
    assert Plan(unchanged=("a",)).empty
    assert not Plan(removed=("a",)).empty
