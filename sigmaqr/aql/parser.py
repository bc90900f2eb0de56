"""Parse AQL text into an AST: :func:`parse`, :func:`parse_statement`, :func:`parse_condition`."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Literal, TypeAlias, cast

import pyparsing as pp

from sigmaqr.aql import ast as a
from sigmaqr.aql.grammar import grammar, loc_at
from sigmaqr.aql.syntax_messages import explain

__all__ = ["PROFILES", "AQLSyntaxError", "Profile", "parse", "parse_condition", "parse_statement"]

Profile: TypeAlias = Literal["strict", "extended", "filter"]
PROFILES: tuple[Profile, ...] = ("strict", "extended", "filter")


class AQLSyntaxError(ValueError):
    """AQL text that does not parse, with a 1-based position and an explanatory message."""

    def __init__(self, message: str, line: int, col: int, code: str = "syntax") -> None:
        """Create the error.

        Args:
            message: What is wrong and what to do.
            line: 1-based line of the problem.
            col: 1-based column of the problem.
            code: Issue code (``syntax``, ``clause-order`` or ``filter-syntax``).
        """
        super().__init__(f"{line}:{col}: {message}")
        self.message = message
        self.line = line
        self.col = col
        self.code = code


_RECURSION_LIMIT = 20_000
"""pyparsing recurses about 25 frames per nesting level; this allows ~700 levels."""


@contextlib.contextmanager
def deep_recursion() -> Iterator[None]:
    """Temporarily raise the interpreter's recursion limit for deeply nested queries."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def _run(parser: pp.ParserElement, text: str, profile: str) -> object:
    """Run a top-level parser, converting failures to :class:`AQLSyntaxError`."""
    try:
        with deep_recursion():
            return parser.parse_string(text, parse_all=True)[0]
    except pp.ParseBaseException as exc:
        code, message = explain(text, exc, profile)
        where = loc_at(text, min(exc.loc, len(text)))
        raise AQLSyntaxError(message, where.line, where.col, code) from None
    except RecursionError:
        raise AQLSyntaxError("the query is nested too deeply to parse", 1, 1) from None


def parse_statement(text: str) -> a.Statement:
    """Parse a complete query (a SELECT, or a UNION of SELECTs).

    Args:
        text: AQL text.

    Returns:
        A :class:`~sigmaqr.aql.ast.Query` or :class:`~sigmaqr.aql.ast.Union`.

    Raises:
        AQLSyntaxError: the text is not a query.
    """
    return cast(a.Statement, _run(grammar().statement, text, "extended"))


def parse_condition(text: str) -> a.Condition:
    """Parse a bare condition (a WHERE clause body or a CRE rule filter).

    Args:
        text: AQL condition text, without ``WHERE``.

    Returns:
        The condition node.

    Raises:
        AQLSyntaxError: the text is not a condition.
    """
    return cast(a.Condition, _run(grammar().condition, text, "filter"))


def parse(text: str, profile: Profile = "extended") -> a.Statement | a.Condition:
    """Parse AQL text for a profile.

    Args:
        text: AQL text.
        profile: ``"strict"`` or ``"extended"`` parse a query (both accept the extended
            syntax; the validator reports what strict forbids); ``"filter"`` parses a bare
            condition.

    Returns:
        A Query or Union, or for ``"filter"`` the condition.

    Raises:
        AQLSyntaxError: the text does not parse.
        ValueError: unknown profile.
    """
    if profile == "filter":
        return parse_condition(text)
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    return parse_statement(text)
