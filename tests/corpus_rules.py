"""Rule files and fixtures for the corpus tests (registered in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

RULE = """title: {title}
id: {id}
status: test
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        {detection}
    condition: selection
"""
UUIDS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(100)]


def write_rule(folder: Path, name: str, title: str, detection: str = "CommandLine: 'x'") -> Path:
    """Write a Windows process_creation rule file (ids are numbered by file count).

    Args:
        folder: Where to write.
        name: The file name without ``.yml``.
        title: The rule's title.
        detection: The selection's one line.

    Returns:
        The file.
    """
    path = folder / f"{name}.yml"
    rule_id = UUIDS[len(list(folder.glob("*.yml")))]
    path.write_text(RULE.format(title=title, id=rule_id, detection=detection), encoding="utf-8")
    return path


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A folder of three good rules."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for n in range(3):
        write_rule(folder, f"rule_{n}", f"Rule {n}")
    return folder


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """An empty cache directory."""
    return tmp_path / "cache"
