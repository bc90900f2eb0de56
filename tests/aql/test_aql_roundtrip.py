"""Property: printing any tree and parsing the text again gives an equal tree."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from sigmaqr.aql import ast as a
from sigmaqr.aql import parse, parse_condition, to_aql
from tests.aql.ast_strategies import conditions, expressions, statements

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
SMALL = settings(SETTINGS, max_examples=60)


class TestRoundTrip:
    """parse(to_aql(tree)) == tree."""

    @SETTINGS
    @given(statements(1))
    def test_statement(self, tree: a.Statement) -> None:
        """A random statement survives print and re-parse unchanged."""
        assert parse(to_aql(tree)) == tree

    @settings(SETTINGS, max_examples=300)
    @given(conditions(1))
    def test_condition(self, tree: a.Condition) -> None:
        """A random condition survives print and re-parse (filter profile) unchanged."""
        assert parse_condition(to_aql(tree)) == tree

    @settings(SETTINGS, max_examples=300)
    @given(expressions(0))
    def test_expression_in_select_list(self, expr: a.Expr) -> None:
        """A random expression, as a SELECT item, survives print and re-parse unchanged."""
        tree = a.Query((a.SelectItem(expr),), a.Table("events"))
        assert parse(to_aql(tree)) == tree

    @SMALL
    @given(statements(1))
    def test_printing_is_idempotent(self, tree: a.Statement) -> None:
        """Printing the re-parsed tree gives the same text."""
        text = to_aql(tree)
        assert to_aql(parse(text)) == text
