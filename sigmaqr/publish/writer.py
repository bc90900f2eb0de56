"""Write a file tree into a directory: deterministic, atomic and incremental.

1. **Stage**: every file is written into a temporary folder next to the output directory and read
   back (same file system, so the moves below are renames).
2. **Plan**: each staged file is compared, byte for byte, with the one in the output directory;
   only added and changed files are moved in, unchanged files are not touched (their inode and
   mtime stay), and files listed in the previous manifest but absent now are removed. Files the
   publisher never wrote (``.git``, a CI config) are left alone.
3. **Apply with a journal**: before anything moves, a journal names each path to replace or
   remove, and the current versions move into a backup folder. Any error rolls every path back
   to its previous bytes. A crash leaves the journal behind; the next run rolls it back before
   starting (:func:`recover`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

MANIFEST = ".sigmaqr-manifest.json"
JOURNAL = "journal.json"
DONE = "done"


@attrs.frozen
class Plan:
    """What writing a tree changes: paths added, changed, removed and left as they were."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether nothing changes."""
        return not (self.added or self.changed or self.removed)


class WriteError(Exception):
    """The tree could not be written; the output directory is as it was."""


def write_tree(tree: Mapping[str, bytes], out: Path) -> Plan:
    """Make ``out`` hold exactly ``tree`` (plus files the publisher never wrote).

    Args:
        tree: Relative POSIX paths to file contents.
        out: The output directory (created when missing; its parent must exist).

    Returns:
        What changed.

    Raises:
        WriteError: Staging, verifying or applying failed; ``out`` is unchanged.
    """
    files = {**tree, MANIFEST: manifest(tree)}
    for path in files:
        check_path(path)
    recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.stage-", dir=out.parent))
    try:
        write_files(stage, files)
        verify(stage, files)
        if not out.exists():
            os.rename(stage, out)
            return Plan(added=tuple(sorted(files)))
        plan = make_plan(files, out)
        if not plan.empty:
            apply(plan, stage, out)
        return plan
    except OSError as error:
        raise WriteError(f"{out}: {error}") from error
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def manifest(tree: Mapping[str, bytes]) -> bytes:
    """The manifest: the sorted list of published paths, as JSON."""
    return (json.dumps({"files": sorted(tree)}, indent=2) + "\n").encode()


def check_path(path: str) -> None:
    """Refuse absolute paths and paths that climb out of the output directory."""
    parts = Path(path).parts
    if not parts or Path(path).is_absolute() or ".." in parts or parts[0] == ".git":
        raise WriteError(f"refusing to write outside the repository: {path!r}")


def write_files(root: Path, files: Mapping[str, bytes]) -> None:
    """Write each file under root."""
    for path, data in sorted(files.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def verify(root: Path, files: Mapping[str, bytes]) -> None:
    """Read every staged file back and compare it with what was meant."""
    for path, data in files.items():
        if (root / path).read_bytes() != data:
            raise WriteError(f"staged file differs after writing: {path}")


def make_plan(files: Mapping[str, bytes], out: Path) -> Plan:
    """Compare the new files with the output directory."""
    added, changed, unchanged = [], [], []
    for path, data in sorted(files.items()):
        current = out / path
        if not current.is_file():
            added.append(path)
        elif current.read_bytes() != data:
            changed.append(path)
        else:
            unchanged.append(path)
    removed = sorted(set(previous_files(out)) - set(files))
    return Plan(tuple(added), tuple(changed), tuple(removed), tuple(unchanged))


def previous_files(out: Path) -> list[str]:
    """The paths the last publication wrote (from its manifest), existing ones only."""
    try:
        listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    safe = [p for p in listed if isinstance(p, str) and _is_safe(p)]
    return [p for p in safe if (out / p).is_file()]


def _is_safe(path: str) -> bool:
    try:
        check_path(path)
    except WriteError:
        return False
    return True


def apply(plan: Plan, stage: Path, out: Path) -> None:
    """Move the plan's files into ``out``, keeping the old ones in a journaled backup."""
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.backup-", dir=out.parent))
    journal = {
        "out": str(out),
        "replace": list(plan.added + plan.changed),
        "saved": list(plan.changed + plan.removed),
    }
    (backup / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    try:
        _move_all(out, backup / "files", journal["saved"])
        _move_all(stage, out, journal["replace"])
        prune_empty_dirs(out, plan.removed)
    except BaseException:
        rollback(backup)
        raise
    (backup / DONE).touch()
    shutil.rmtree(backup, ignore_errors=True)


def _move_all(source: Path, target: Path, paths: Iterable[str]) -> None:
    for path in paths:
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        os.replace(source / path, target / path)


def rollback(backup: Path) -> None:
    """Undo a journaled apply: remove the new files and restore the saved ones.

    The backup folder is deleted only when every saved file is back; otherwise it stays for
    :func:`recover` to finish the job on the next run.

    Args:
        backup: The backup folder holding ``journal.json`` and the saved files.
    """
    journal = json.loads((backup / JOURNAL).read_text(encoding="utf-8"))
    out = Path(journal["out"])
    for path in journal["replace"]:
        if path not in journal["saved"]:
            (out / path).unlink(missing_ok=True)
    for path in journal["saved"]:
        saved = backup / "files" / path
        if saved.is_file():
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(saved, out / path)
    prune_empty_dirs(out, journal["replace"])
    shutil.rmtree(backup, ignore_errors=True)


def recover(out: Path) -> None:
    """Roll back an apply a crash interrupted, and clear leftover staging folders.

    Args:
        out: The output directory.
    """
    if not out.parent.is_dir():
        return
    for backup in sorted(out.parent.glob(f".{out.name}.backup-*")):
        if (backup / JOURNAL).is_file() and not (backup / DONE).exists():
            rollback(backup)
        shutil.rmtree(backup, ignore_errors=True)
    for stage in out.parent.glob(f".{out.name}.stage-*"):
        shutil.rmtree(stage, ignore_errors=True)


def prune_empty_dirs(out: Path, paths: Iterable[str]) -> None:
    """Remove the folders the given paths leave empty, up to (not including) ``out``."""
    for path in paths:
        folder = (out / path).parent
        while folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
