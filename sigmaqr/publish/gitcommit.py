"""One git commit of the published repository, with a summary of the rules that changed."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from sigmaqr.publish import layout

IDENTITY = ("-c", "user.name=sigmaqr publish", "-c", "user.email=sigmaqr@localhost")


class GitError(Exception):
    """A git command failed."""


def git(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in the repository; raise GitError with its message when it fails."""
    result = subprocess.run(["git", "-C", str(out), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or result.stdout.strip()}")
    return result


def rule_slugs(paths: Sequence[str]) -> list[str]:
    """The rule folders (``rules/<slug>/...``) the paths belong to, each once, sorted."""
    prefix = layout.RULES + "/"
    return sorted({p[len(prefix) :].split("/")[0] for p in paths if p.startswith(prefix)})


def summary(
    added: Sequence[str], changed: Sequence[str], removed: Sequence[str], total: int
) -> str:
    """The commit message: a subject with the counts, then one line per rule.

    Args:
        added: Slugs of the rules added.
        changed: Slugs of the rules changed.
        removed: Slugs of the rules removed.
        total: How many rules the repository now holds.

    Returns:
        The message.
    """
    subject = (
        f"Publish {total} rules: {len(added)} added, {len(changed)} changed, {len(removed)} removed"
    )
    body = [f"{what}: {slug}" for what, slugs in (("added", added), ("changed", changed),
            ("removed", removed)) for slug in slugs]  # fmt: skip
    return "\n\n".join([subject, "\n".join(body)]) if body else subject


def staged_changes(out: Path) -> tuple[list[str], list[str], list[str]]:
    """The rules the staged changes add, change and remove (by their folders' pages).

    Args:
        out: The repository, changes staged.

    Returns:
        Slugs added, changed and removed.
    """
    listing = git(out, "diff", "--cached", "--name-status", "--no-renames").stdout
    status: dict[str, str] = {}
    for line in listing.splitlines():
        code, _, path = line.partition("\t")
        status[path] = code
    page = "/" + layout.PAGE_FILE
    added = rule_slugs([p for p, s in status.items() if s == "A" and p.endswith(page)])
    removed = rule_slugs([p for p, s in status.items() if s == "D" and p.endswith(page)])
    changed = [s for s in rule_slugs(list(status)) if s not in added and s not in removed]
    return added, changed, removed


def commit(out: Path, total: int) -> str | None:
    """Commit everything in the repository (initialising it when needed), with a summary.

    Args:
        out: The content repository.
        total: How many rules it now holds, for the message.

    Returns:
        The new commit's id, or None when nothing changed.

    Raises:
        GitError: git failed.
    """
    if not (out / ".git").exists():
        git(out, "init", "-q")
    git(out, "add", "-A")
    if subprocess.run(["git", "-C", str(out), "diff", "--cached", "--quiet"]).returncode == 0:
        return None
    message = summary(*staged_changes(out), total)
    identity = () if _has_identity(out) else IDENTITY
    git(out, *identity, "commit", "-q", "-m", message)
    return git(out, "rev-parse", "HEAD").stdout.strip()


def _has_identity(out: Path) -> bool:
    result = subprocess.run(
        ["git", "-C", str(out), "config", "user.email"], capture_output=True, text=True
    )
    return result.returncode == 0 and bool(result.stdout.strip())
