"""The documentation's examples work exactly as shown: Python blocks run, CLI lines exit 0."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def python_blocks() -> list[tuple[str, str]]:
    """Every ```python block of the docs, with an id naming its file and position."""
    return [
        (f"{doc.name}#{i}", block)
        for doc in DOCS
        for i, block in enumerate(PYTHON_BLOCK.findall(doc.read_text()))
    ]


def console_lines() -> list[tuple[str, str]]:
    """Every `$ sigmaqr ...` line of the docs' console blocks."""
    lines = []
    for doc in DOCS:
        for block in CONSOLE_BLOCK.findall(doc.read_text()):
            for line in block.splitlines():
                if line.startswith("$ sigmaqr "):
                    command = line[2:].split("  #")[0].strip()
                    lines.append((f"{doc.name}: {command}", command))
    return lines


@pytest.mark.parametrize(
    "block", [b for _, b in python_blocks()], ids=[i for i, _ in python_blocks()]
)
def test_python_example(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python example from the docs runs without error from the repository root."""
    monkeypatch.chdir(ROOT)
    exec(compile(block, "<docs>", "exec"), {})


@pytest.mark.parametrize(
    "command", [c for _, c in console_lines()], ids=[i for i, _ in console_lines()]
)
def test_cli_example(command: str, tmp_path: Path) -> None:
    """A CLI example from the docs exits 0 from the repository root."""
    args = command.split()[1:]
    env = {**os.environ, "SIGMAQR_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "sigmaqr", *args], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
