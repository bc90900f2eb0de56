"""Validate AQL text against a profile and report issues with positions.

Profiles:

* ``strict``: AQL as IBM documents it; UNION and the ``qidmap`` table are errors.
* ``extended``: also accepts sigmaqr's ``union`` output format (UNION, ``qidmap``).
* ``filter``: a bare WHERE condition, as in the CRE test "when the event matches this
  AQL filter query" (no SELECT, aggregates, subqueries or time clause).
"""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

from sigmaqr.aql import ast as a
from sigmaqr.aql.functions import lookup
from sigmaqr.aql.grammar import loc_at
from sigmaqr.aql.parser import PROFILES, AQLSyntaxError, Profile, deep_recursion, parse
from sigmaqr.aql.printer import to_aql
from sigmaqr.aql.walk import walk

__all__ = ["IP_COLUMNS", "QIDMAP_MESSAGE", "UNION_MESSAGE", "Issue", "ValidationResult", "validate"]

Severity = Literal["error", "warning"]

IP_COLUMNS = frozenset(
    {
        "sourceip",
        "destinationip",
        "identityip",
        "sourcev6",
        "destinationv6",
        "postnatsourceip",
        "postnatdestinationip",
        "prenatsourceip",
        "prenatdestinationip",
    }
)
"""IP-typed built-in columns: LIKE on them is a syntax error in QRadar (aql-facts §2.1)."""

TABLES = frozenset({"events", "flows", "simarc"})
GLOBALVIEW_INTERVALS = frozenset({"NORMAL", "HOURLY", "DAILY"})
DOCUMENTED_UNITS = frozenset({"MINUTES", "HOURS", "DAYS"})

UNION_MESSAGE = (
    "UNION is not part of documented AQL: a stock QRadar console rejects it; use the "
    "`combined` format (one SELECT with the rules ORed) or run one search per rule"
)
QIDMAP_MESSAGE = (
    "there is no qidmap table in AQL (QID data is reached through functions such as "
    "QIDNAME(qid)): use qideventid IN (...) or QID values (qid IN (...))"
)

_TIME_FORMATS = re.compile(
    r"\d{4}(?:-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?|/\d{2}/\d{2}[ -]\d{2}:\d{2}:\d{2}"
    r"|:\d{2}:\d{2}-\d{2}:\d{2}:\d{2})(?:\s*(?:[A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?"
)


@attrs.frozen
class Issue:
    """One validation finding at a 1-based line and column."""

    line: int
    col: int
    message: str
    code: str
    severity: Severity = "error"


@attrs.frozen
class ValidationResult:
    """The outcome of :func:`validate`: ``ok`` is true when no issue is an error."""

    ok: bool
    issues: list[Issue]
    tree: a.Statement | a.Condition | None = attrs.field(default=None, eq=False, repr=False)


@attrs.define
class _Checker:
    """Collects issues while walking one parsed tree."""

    text: str
    profile: Profile
    allow_unknown_functions: bool
    issues: list[Issue] = attrs.field(factory=list)

    def report(self, node: Any, code: str, message: str, severity: Severity = "error") -> None:
        """Record an issue at ``node``'s location (or 1:1 when it has none)."""
        loc = node if isinstance(node, a.Loc) else getattr(node, "loc", None)
        loc = loc or a.Loc(1, 1)
        self.issues.append(Issue(loc.line, loc.col, message, code, severity))

    # -- statements -----------------------------------------------------------------

    def statement(self, node: a.Statement) -> None:
        """Check a Query or Union and everything under it."""
        if isinstance(node, a.Query):
            self.query(node)
            return
        self.union(node)

    def union(self, node: a.Union) -> None:
        """Check a UNION: forbidden in strict, branch clauses misplaced in extended."""
        if self.profile == "strict":
            where = self._keyword_before("UNION", node.queries[1].loc) or node.loc
            self.report(where, "union", UNION_MESSAGE)
        for branch, following in zip(node.queries, node.queries[1:], strict=False):
            self._union_branch(branch, following)
        for branch in node.queries:
            self.query(branch)
        self.ordering(node.order_by, node.queries[0].select, "ORDER BY")
        self.trailing(node.time, node.parameters, node.order_by)

    def _union_branch(self, branch: a.Query, following: a.Query) -> None:
        """Report ORDER BY / LIMIT / PARAMETERS written before a later UNION."""
        for word, clause, present in (
            ("ORDER", "ORDER BY", branch.order_by),
            ("LIMIT", "LIMIT", branch.limit is not None),
            ("PARAMETERS", "PARAMETERS", branch.parameters),
        ):
            if present:
                self.report(
                    self._keyword_before(word, following.loc) or branch,
                    "union-order",
                    f"{clause} before UNION: in a union {clause} applies to the whole result; "
                    "write it once after the last SELECT",
                )

    def _keyword_before(self, word: str, end: a.Loc | None) -> a.Loc | None:
        """Locate the last ``word`` keyword before ``end`` in the source text."""
        if end is None:
            return None
        pattern = re.compile(rf"(?i)(?<![A-Za-z0-9_]){word}(?![A-Za-z0-9_])")
        matches = list(pattern.finditer(self.text, 0, _offset(self.text, end)))
        return loc_at(self.text, matches[-1].start()) if matches else None

    def query(self, node: a.Query) -> None:
        """Check one SELECT statement."""
        for item in node.select:
            self.part(item.expr, "select")
        self.source(node.from_)
        if node.where is not None:
            self.part(node.where, "where")
            self.text_search_position(node.where)
        for expr in node.group_by:
            self.part(expr, "group")
        self.ordering(tuple(node.group_by), node.select, "GROUP BY")
        if node.having is not None:
            self.part(node.having, "having")
        self.ordering(node.order_by, node.select, "ORDER BY")
        self.trailing(node.time, node.parameters, node.order_by)

    def trailing(
        self,
        time: a.TimeClause | None,
        parameters: tuple[a.Parameter, ...],
        order_by: tuple[a.OrderItem, ...],
    ) -> None:
        """Check the time clause, PARAMETERS values and ORDER BY expressions."""
        if time is not None:
            self.time(time)
        for param in parameters:
            self.part(param.value, "parameters")
        for item in order_by:
            self.part(item.expr, "order")

    def source(self, node: a.FromSource) -> None:
        """Check the FROM target."""
        if isinstance(node, a.SubquerySource):
            self.statement(node.query)
        elif isinstance(node, a.GlobalView):
            if node.interval.upper() not in GLOBALVIEW_INTERVALS:
                self.report(
                    node,
                    "globalview-interval",
                    f"GLOBALVIEW interval must be 'NORMAL', 'HOURLY' or 'DAILY', "
                    f"not {to_aql(a.StringLit(node.interval))}",
                )
        elif node.key == "qidmap":
            if self.profile == "strict":
                self.report(node, "qidmap", QIDMAP_MESSAGE)
        elif node.key not in TABLES:
            self.report(
                node,
                "unknown-table",
                f'unknown table "{node.name}": FROM must name events, '
                "flows or simarc, GLOBALVIEW('saved search', 'NORMAL|HOURLY|DAILY') "
                "or a (subquery)",
            )

    # -- clause contents -------------------------------------------------------------

    def part(self, node: Any, place: str) -> None:
        """Check every node of one clause (not descending into subqueries)."""
        for sub in walk(node, subqueries=False):
            if isinstance(sub, a.FunctionCall):
                self.function(sub, place)
            elif isinstance(sub, a.PatternMatch):
                self.like_on_ip(sub)
            elif isinstance(sub, a.InSubquery):
                self.in_subquery(sub)
            elif isinstance(sub, a.TextSearch) and place not in ("where", "filter"):
                self.report(sub, "text-search", "TEXT SEARCH is only valid in WHERE")

    def function(self, node: a.FunctionCall, place: str) -> None:
        """Check that a function is known, has the right arity and fits its clause."""
        spec = lookup(node.name)
        if spec is None:
            if not self.allow_unknown_functions:
                self.report(
                    node,
                    "unknown-function",
                    f"unknown function {node.key}: it is not an AQL built-in; check the "
                    "spelling (custom AQL functions need allow_unknown_functions)",
                )
            return
        if not spec.accepts(len(node.args)):
            self.report(
                node, "arity", f"{spec.name} takes {spec.arity_text()}, got {len(node.args)}"
            )
        if any(isinstance(arg, a.Star) for arg in node.args) and spec.name != "COUNT":
            self.report(
                node,
                "star-argument",
                f"'*' is only allowed in COUNT(*): pass a column to {spec.name}",
            )
        if spec.kind == "aggregate":
            self.aggregate_place(node, place)

    def aggregate_place(self, node: a.FunctionCall, place: str) -> None:
        """Report aggregates where rows are filtered one at a time."""
        if place == "where":
            self.report(
                node,
                "aggregate-in-where",
                f"aggregate function {node.key} cannot be used in WHERE: filter aggregated "
                "values in HAVING (with GROUP BY)",
            )
        elif place == "filter":
            self.report(
                node,
                "aggregate-in-filter",
                f"aggregate function {node.key} cannot be used in a rule filter: "
                "the AQL filter test looks at one event at a time",
            )

    def like_on_ip(self, node: a.PatternMatch) -> None:
        """Report LIKE/ILIKE applied directly to an IP column."""
        target = node.expr
        if node.op not in ("LIKE", "ILIKE") or not isinstance(target, a.Identifier):
            return
        if target.quoted or target.key not in IP_COLUMNS:
            return
        self.report(
            node,
            "like-on-ip",
            f"{node.op} cannot be applied to the IP column {target.name}: wrap it in STR(), "
            f"e.g. STR({target.name}) {node.op} '10.%', or use INCIDR('10.0.0.0/8', "
            f"{target.name})",
        )

    def in_subquery(self, node: a.InSubquery) -> None:
        """Check an ``IN (SELECT ...)``: one column, and the subquery itself."""
        if self.profile == "filter":
            self.report(
                node,
                "subquery-in-filter",
                "a rule filter cannot contain a subquery: list the values "
                "(IN ('a', 'b')) or use REFERENCESETCONTAINS('set', column)",
            )
            return
        branches = node.query.queries if isinstance(node.query, a.Union) else (node.query,)
        for branch in branches:
            self.one_column(branch)
        self.statement(node.query)

    def one_column(self, branch: a.Query) -> None:
        """Report an IN subquery that does not select exactly one column."""
        items = branch.select
        if len(items) == 1 and not isinstance(items[0].expr, a.Star):
            return
        found = "*" if any(isinstance(i.expr, a.Star) for i in items) else f"{len(items)}"
        self.report(
            branch,
            "in-subquery-columns",
            f"an IN subquery must select exactly one column, found {found}: select only "
            "the column to compare, e.g. IN (SELECT sourceip FROM events ...)",
        )

    def text_search_position(self, where: a.Condition) -> None:
        """Report TEXT SEARCH that is not first in WHERE or not combined only with AND."""
        first = _first_conjunct(where)
        seen = False
        for node, under_or_not in _with_or_not(where):
            if not isinstance(node, a.TextSearch):
                continue
            if under_or_not:
                self.report(
                    node,
                    "text-search",
                    "TEXT SEARCH can only be combined with AND: "
                    "move it out of OR / NOT (IBM: it must be ANDed and first in WHERE)",
                )
            elif seen:
                self.report(
                    node,
                    "text-search",
                    "only one TEXT SEARCH per query: put all the words into one TEXT SEARCH string",
                )
            elif node is not first:
                self.report(
                    node,
                    "text-search",
                    "TEXT SEARCH must be the first condition in WHERE: move it to the front",
                )
            seen = True

    def ordering(
        self, items: tuple[Any, ...], select: tuple[a.SelectItem, ...], clause: str
    ) -> None:
        """Report GROUP BY / ORDER BY columns missing from the SELECT list."""
        for item in items:
            expr = item.expr if isinstance(item, a.OrderItem) else item
            if not _selected(expr, select):
                self.report(
                    item,
                    "column-not-selected",
                    f"{clause} {to_aql(expr)} is not in the SELECT list: AQL only groups and "
                    "sorts by selected columns or aliases; add it to the SELECT list",
                )

    def time(self, node: a.TimeClause) -> None:
        """Check a LAST unit or START/STOP values."""
        if isinstance(node, a.LastTime):
            self.last_unit(node)
            return
        for value in (node.start, node.stop):
            if value is not None:
                self.time_value(value)

    def last_unit(self, node: a.LastTime) -> None:
        """Warn about undocumented LAST units."""
        if node.unit in DOCUMENTED_UNITS:
            return
        if node.unit.startswith("SECOND"):
            hint = f"LAST {node.amount} {node.unit} is not documented: use MINUTES"
        else:
            hint = f"IBM documents only plural units: write LAST {node.amount} {node.unit}S"
        self.report(node, "time-unit", hint, "warning")

    def time_value(self, value: a.Expr) -> None:
        """Check one START/STOP value."""
        if isinstance(value, a.StringLit):
            if not _TIME_FORMATS.fullmatch(value.value.strip()):
                self.report(
                    value,
                    "time-format",
                    f"time {to_aql(value)} is not in a documented format: use "
                    "'yyyy-MM-dd HH:mm[:ss]', 'yyyy/MM/dd HH:mm:ss' or 'yyyy/MM/dd-HH:mm:ss'",
                    "warning",
                )
        elif isinstance(value, a.FunctionCall) and value.key == "PARSEDATETIME":
            self.part(value, "time")
        elif not (isinstance(value, a.NumberLit) and isinstance(value.value, int)):
            self.report(
                value,
                "time-value",
                "START/STOP takes a time string ('2024-01-31 10:00'), epoch milliseconds "
                "or PARSEDATETIME('...')",
            )


def _offset(text: str, loc: a.Loc) -> int:
    """Convert a location back to a character offset."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: loc.line - 1]) + loc.col - 1


def _first_conjunct(cond: a.Condition) -> a.Condition:
    """Return the leftmost operand of a (nested) AND chain."""
    while isinstance(cond, a.And):
        cond = cond.operands[0]
    return cond


def _with_or_not(cond: Any, under: bool = False) -> list[tuple[Any, bool]]:
    """List condition nodes (no subqueries) with whether an OR/NOT encloses them."""
    found: list[tuple[Any, bool]] = [(cond, under)]
    if isinstance(cond, a.And | a.Or):
        for op in cond.operands:
            found += _with_or_not(op, under or isinstance(cond, a.Or))
    elif isinstance(cond, a.Not):
        found += _with_or_not(cond.operand, True)
    return found


def _selected(expr: a.Expr, select: tuple[a.SelectItem, ...]) -> bool:
    """Return whether ``expr`` is a selected column or alias (``*`` selects everything)."""
    if any(isinstance(item.expr, a.Star) for item in select):
        return True
    key = to_aql(expr).lower()
    name = expr.name.lower() if isinstance(expr, a.Identifier) else None
    return any(
        to_aql(item.expr).lower() == key or (item.alias or "").lower() == name for item in select
    )


def validate(
    text: str, profile: Profile = "strict", allow_unknown_functions: bool = False
) -> ValidationResult:
    """Validate AQL text.

    Never raises on bad input: syntax errors become an :class:`Issue` with the
    position pyparsing reports.

    Args:
        text: One AQL query (or, for ``"filter"``, one bare condition).
        profile: ``"strict"`` (documented AQL), ``"extended"`` (also sigmaqr's UNION
            format and ``qidmap``) or ``"filter"`` (a CRE rule filter condition).
        allow_unknown_functions: Do not report functions missing from the built-in table
            (for deployments with custom AQL functions).

    Returns:
        The result: ``ok`` and the issues sorted by position.

    Raises:
        ValueError: ``profile`` is not one of the profiles.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}: use one of {', '.join(PROFILES)}")
    try:
        tree = parse(text, profile)
    except AQLSyntaxError as exc:
        return ValidationResult(False, [Issue(exc.line, exc.col, exc.message, exc.code)])
    checker = _Checker(text, profile, allow_unknown_functions)
    try:
        with deep_recursion():
            _check(checker, tree)
    except RecursionError:
        checker.report(None, "too-deep", "the query is nested too deeply to check")
    issues = sorted(checker.issues, key=lambda i: (i.line, i.col))
    return ValidationResult(all(i.severity != "error" for i in issues), issues, tree)


def _check(checker: _Checker, tree: a.Statement | a.Condition) -> None:
    """Run the checks for the tree's kind."""
    if isinstance(tree, a.Query | a.Union):
        checker.statement(tree)
    else:
        checker.part(tree, "filter")
        checker.text_search_position(tree)
