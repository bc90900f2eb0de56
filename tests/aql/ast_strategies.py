"""Hypothesis strategies generating AQL trees in the shapes the parser produces.

Every builder takes a ``depth``: the number of subquery levels still allowed, which
keeps generated trees small.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st

from sigmaqr.aql import ast as a
from sigmaqr.aql.functions import FUNCTIONS
from sigmaqr.aql.grammar import RESERVED

TEXT = st.text(
    alphabet=st.one_of(st.sampled_from("'\"\\%_ \t\n()*,;-"), st.characters(codec="utf-8")),
    max_size=12,
)
"""Literal text rich in quotes, backslashes, LIKE wildcards and unicode."""

BARE = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: name.upper() not in RESERVED
)
FUNCTION_NAMES = st.sampled_from(sorted(FUNCTIONS))
OPERATORS = st.sampled_from(["+", "-", "*", "/", "%", "^", "&", "|"])
COMPARISONS = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])
LIKE_OPS = st.sampled_from(["LIKE", "ILIKE", "MATCHES", "IMATCHES"])

identifiers = st.one_of(
    st.builds(a.Identifier, BARE),
    st.builds(a.Identifier, TEXT.filter(bool), st.just(True)),
)
numbers = st.one_of(
    st.builds(a.NumberLit, st.integers(-(10**12), 10**12), st.booleans()),
    st.builds(a.NumberLit, st.floats(allow_nan=False, allow_infinity=False)),
)
leaves = st.one_of(
    identifiers,
    numbers,
    st.builds(a.StringLit, TEXT),
    st.builds(a.BoolLit, st.booleans()),
    st.just(a.NullLit()),
)


def tuples(
    items: st.SearchStrategy[object], low: int = 1, high: int = 2
) -> st.SearchStrategy[tuple[object, ...]]:
    """Short tuples of ``items``."""
    return st.lists(items, min_size=low, max_size=high).map(tuple)


@functools.cache
def expressions(depth: int) -> st.SearchStrategy[a.Expr]:
    """Value expressions: arithmetic, calls, CASE (both forms), IF."""

    def extend(children: st.SearchStrategy[a.Expr]) -> st.SearchStrategy[a.Expr]:
        return st.one_of(
            st.builds(a.BinaryOp, OPERATORS, children, children),
            st.builds(a.UnaryOp, st.just("-"), children),
            st.builds(a.FunctionCall, FUNCTION_NAMES, tuples(children, 0)),
            st.just(a.FunctionCall("COUNT", (a.Star(),))),
            st.builds(a.IfThenElse, st.deferred(lambda: conditions(depth)), children, children),
            st.builds(
                a.Case,
                children,
                tuples(st.builds(a.When, children, children)),
                st.none() | children,
            ),
            st.builds(
                a.Case,
                st.none(),
                tuples(st.builds(a.When, st.deferred(lambda: conditions(depth)), children)),
                st.none() | children,
            ),
        )

    return st.recursive(leaves, extend, max_leaves=4)


def _tests(expr: st.SearchStrategy[a.Expr], depth: int) -> st.SearchStrategy[a.Condition]:
    """Predicates with an operator (no AND/OR/NOT)."""
    options = [
        st.builds(a.Comparison, COMPARISONS, expr, expr),
        st.builds(a.Between, expr, expr, expr),
        st.builds(a.InList, expr, tuples(expr, high=3), st.booleans()),
        st.builds(a.PatternMatch, expr, LIKE_OPS, expr, st.booleans()),
        st.builds(a.IsNull, expr, st.booleans()),
        st.builds(a.TextSearch, TEXT),
        st.builds(a.Predicate, expr),
    ]
    if depth > 0:
        options.append(st.builds(a.InSubquery, leaves, statements(depth - 1), st.booleans()))
    return st.one_of(options)


@functools.cache
def conditions(depth: int) -> st.SearchStrategy[a.Condition]:
    """Conditions: predicates combined with NOT, AND, OR (nested, as parenthesized)."""

    def extend(children: st.SearchStrategy[a.Condition]) -> st.SearchStrategy[a.Condition]:
        many = st.lists(children, min_size=2, max_size=3).map(tuple)
        return st.one_of(st.builds(a.Not, children), st.builds(a.And, many), st.builds(a.Or, many))

    base = st.one_of(_tests(leaves, depth), _tests(st.deferred(lambda: expressions(0)), depth))
    return st.recursive(base, extend, max_leaves=3)


times = st.one_of(
    st.builds(a.LastTime, st.integers(0, 10**6), st.sampled_from(["MINUTES", "HOURS", "DAYS"])),
    st.builds(
        a.StartStop,
        st.builds(a.StringLit, TEXT) | numbers,
        st.none() | st.builds(a.FunctionCall, st.just("PARSEDATETIME"), tuples(leaves)),
    ),
)
parameters = tuples(st.builds(a.Parameter, BARE, leaves), 0)


def _sources(depth: int) -> st.SearchStrategy[a.FromSource]:
    """FROM targets; a subquery only while depth allows."""
    options = [
        st.builds(a.Table, st.sampled_from(["events", "flows", "simarc"]) | TEXT.filter(bool)),
        st.builds(a.GlobalView, TEXT, st.sampled_from(["NORMAL", "HOURLY", "DAILY"]) | TEXT),
    ]
    if depth > 0:
        options.append(st.builds(a.SubquerySource, statements(depth - 1)))
    return st.one_of(options)


@st.composite
def queries(draw: st.DrawFn, depth: int, trailing: bool = True) -> a.Query:
    """A Query; ``trailing=False`` leaves out ORDER BY, LIMIT, time and PARAMETERS."""
    expr, cond, none = expressions(depth), conditions(depth), st.none()
    items = st.one_of(
        st.builds(a.SelectItem, st.just(a.Star())),
        st.builds(a.SelectItem, expr, none | TEXT),
    )
    order = st.builds(a.OrderItem, expr, st.sampled_from([None, "ASC", "DESC"]), none | TEXT)
    return a.Query(
        select=draw(tuples(items)),
        from_=draw(_sources(depth)),
        into=draw(none | TEXT),
        where=draw(none | cond),
        group_by=draw(tuples(expr, 0)),
        having=draw(none | cond),
        order_by=draw(tuples(order, 0)) if trailing else (),
        limit=draw(none | st.integers(0, 10**6)) if trailing else None,
        time=draw(none | times) if trailing else None,
        parameters=draw(parameters) if trailing else (),
    )


@st.composite
def unions(draw: st.DrawFn, depth: int) -> a.Union:
    """A Union whose trailing clauses belong to the whole (the parser's normal form)."""
    branches = draw(st.lists(queries(depth), min_size=1, max_size=2))
    order = st.builds(
        a.OrderItem, expressions(depth), st.sampled_from([None, "ASC", "DESC"]), st.none() | TEXT
    )
    return a.Union(
        queries=(*branches, draw(queries(depth, trailing=False))),
        order_by=draw(tuples(order, 0)),
        limit=draw(st.none() | st.integers(0, 1000)),
        time=draw(st.none() | times),
        parameters=draw(parameters),
        union_all=draw(st.booleans()),
    )


@functools.cache
def statements(depth: int) -> st.SearchStrategy[a.Statement]:
    """Queries (mostly) and unions."""
    return st.one_of(queries(depth), queries(depth), unions(depth))
