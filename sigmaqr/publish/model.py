"""What the publisher knows about each rule: its queries, checks, tests and ATT&CK mapping."""

from __future__ import annotations

import attrs

from sigmaqr.aql import Profile
from sigmaqr.publish.attack import RuleAttack
from sigmaqr.rules import AnyRule

QRADAR_FORMATS = ("query", "filter", "union", "combined")
PROFILES: dict[str, Profile] = {
    "query": "strict",
    "filter": "filter",
    "union": "extended",
    "combined": "strict",
}
"""The validator profile each QRadar format must pass."""


@attrs.frozen
class TargetQuery:
    """One rule converted for another target, or why it was not."""

    target: str
    name: str
    pipelines: tuple[str, ...]
    text: str = ""
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the target produced a query."""
        return self.error is None


@attrs.frozen
class ReplayedTest:
    """One ``qradar.tests`` entry and its replay in every QRadar format."""

    name: str
    signal: str
    events: str
    expected: int
    severity: str | None
    matches: dict[str, int | None] = attrs.field(factory=dict)
    error: str | None = None

    @property
    def passed(self) -> bool:
        """Whether every format matched the expected number of events."""
        return (
            self.error is None
            and bool(self.matches)
            and all(m == self.expected for m in self.matches.values())
        )


@attrs.frozen
class RuleContent:
    """Everything published for one rule."""

    slug: str
    path: str
    source: str
    rule: AnyRule
    aql: dict[str, str]
    others: tuple[TargetQuery, ...]
    attack: RuleAttack
    tests: tuple[ReplayedTest, ...]

    @property
    def id(self) -> str:
        """The rule's Sigma id."""
        return str(self.rule.id) if self.rule.id else ""

    @property
    def title(self) -> str:
        """The rule's title."""
        return self.rule.title

    @property
    def level(self) -> str:
        """The Sigma level as text (``medium``), or empty."""
        return str(self.rule.level.name).lower() if self.rule.level else ""

    @property
    def status(self) -> str:
        """The Sigma status as text (``experimental``), or empty."""
        return str(self.rule.status.name).lower() if self.rule.status else ""
