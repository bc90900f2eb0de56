"""The validator over the backend's golden outputs: every format validates, quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sigmaqr.aql import Profile, validate
from tests.conftest import GOLDEN_DIR

PROFILE_BY_FORMAT: dict[str, Profile] = {
    "query": "strict",
    "combined": "strict",
    "filter": "filter",
    "union": "extended",
}
GOLDEN = sorted(GOLDEN_DIR.rglob("*.aql"))


def profile_of(path: Path) -> Profile:
    """The profile for a golden file named ``<rule>.<format>.aql``."""
    suffixes = path.suffixes
    return PROFILE_BY_FORMAT.get(suffixes[-2].lstrip(".") if len(suffixes) > 1 else "", "strict")


@pytest.mark.skipif(not GOLDEN, reason="no golden AQL files")
class TestGoldenOutputs:
    """Backend outputs are valid AQL for their format's profile."""

    @pytest.mark.parametrize("path", GOLDEN, ids=[str(p.relative_to(GOLDEN_DIR)) for p in GOLDEN])
    def test_valid(self, path: Path) -> None:
        """The golden query has no error in its profile."""
        result = validate(path.read_text(encoding="utf-8"), profile_of(path))
        assert [i for i in result.issues if i.severity == "error"] == []

    def test_union_format_is_rejected_by_strict(self) -> None:
        """The union format is not documented AQL, and strict says so."""
        unions = [p for p in GOLDEN if profile_of(p) == "extended"]
        if not unions:
            pytest.skip("no union golden file")
        codes = {i.code for i in validate(unions[0].read_text(encoding="utf-8")).issues}
        assert "union" in codes

    def test_speed(self) -> None:
        """A single-rule query validates in under 50 ms on average (about 10 ms typically)."""
        texts = [p.read_text(encoding="utf-8") for p in GOLDEN if p.name.endswith(".query.aql")]
        if not texts:
            pytest.skip("no query-format golden file")
        validate(texts[0])
        started = time.perf_counter()
        for text in texts:
            validate(text)
        average = (time.perf_counter() - started) / len(texts)
        assert average < 0.05, f"{average * 1000:.1f} ms per query"
