"""Shared fixtures: the backend, a detection-to-AQL helper, the shared data folder, goldens."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from sigma.collection import SigmaCollection

from sigmaqr.backend import QRadarAQLBackend

pytest_plugins = ["tests.corpus_rules"]  # the corpus tests' rules and cache fixtures

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "sigma_rules"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SHARED = Path(os.environ.get("SIGMAQR_SHARED", ROOT.parent / "shared"))
SYSMON_PREFIX = (
    "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' "
    "AND qideventid = 1) AND "
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden, which rewrites golden files instead of comparing with them."""
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are being rewritten."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def backend() -> QRadarAQLBackend:
    """A QRadar backend with the default mapping."""
    return QRadarAQLBackend()


def process_creation_rule(detection: str) -> SigmaCollection:
    """A Windows process_creation rule around an indented detection block."""
    return SigmaCollection.from_yaml(
        f"""
title: Test
status: test
logsource:
    category: process_creation
    product: windows
detection:
{detection}
"""
    )


@pytest.fixture
def where() -> Callable[[str], str]:
    """Convert a process_creation detection to a filter and return the rule's own condition."""

    def convert(detection: str) -> str:
        query = QRadarAQLBackend().convert(process_creation_rule(detection), "filter")[0]
        assert query.startswith(SYSMON_PREFIX)
        assert query.endswith(")")
        return str(query[len(SYSMON_PREFIX) : -1])

    return convert


def check_golden(path: Path, text: str, update: bool) -> None:
    """Compare text with a golden file, or rewrite the file when updating."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8")


def shared_path(*parts: str) -> Path:
    """A path in the shared data folder, skipping the test when it is not present."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not present: {path} (set SIGMAQR_SHARED)")
    return path
