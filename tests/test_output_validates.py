"""Every search the backend emits passes the validator profile its format claims."""

from __future__ import annotations

from pathlib import Path

import pytest

import sigmaqr
from sigmaqr.aql import validate
from tests.conftest import RULES_DIR

PROFILES = {"query": "strict", "filter": "filter", "union": "extended", "combined": "strict"}
CORRELATIONS = Path(__file__).parent / "files" / "correlations.yml"


def outputs(paths: Path, fmt: str, conditional: str) -> list[str]:
    """The searches a conversion emits, as a list."""
    output = sigmaqr.convert(paths, format=fmt, conditional=conditional).output
    return [output] if isinstance(output, str) else list(output)


@pytest.mark.parametrize("conditional", ["case", "if"])
@pytest.mark.parametrize(("fmt", "profile"), PROFILES.items(), ids=list(PROFILES))
def test_shipped_rules_validate(fmt: str, profile: str, conditional: str) -> None:
    """The shipped rules' output in each format is valid under that format's profile."""
    for query in outputs(RULES_DIR, fmt, conditional):
        result = validate(query, profile=profile)
        assert result.ok, [issue.message for issue in result.issues]


@pytest.mark.parametrize("conditional", ["case", "if"])
def test_correlations_are_strict_aql(conditional: str) -> None:
    """Correlation searches are documented (strict) AQL."""
    for query in outputs(CORRELATIONS, "query", conditional):
        result = validate(query, profile="strict")
        assert result.ok, [issue.message for issue in result.issues]


def test_union_is_rejected_by_strict_with_reasons() -> None:
    """The strict profile names UNION and qidmap in the union format's output."""
    (query,) = outputs(RULES_DIR, "union", "case")
    messages = " ".join(issue.message for issue in validate(query, profile="strict").issues)
    assert "UNION is not part of documented AQL" in messages
    assert "no qidmap table" in messages
