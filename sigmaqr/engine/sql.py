"""Translate AQL statements (SELECT, UNION, bare filters) into one SQLite SELECT.

Result columns are named ``c0``, ``c1``, ... in SQL; :class:`CompiledQuery` keeps their AQL
names. Time clauses become ``starttime`` ranges relative to the run's ``now``.
"""

from __future__ import annotations

import attrs

from sigmaqr.aql import ast as a
from sigmaqr.aql import to_aql
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.schema import COLUMNS, QIDMAP_COLUMNS
from sigmaqr.engine.sqlexpr import ExpressionCompiler, Fragment, Scope
from sigmaqr.engine.store import EventStore
from sigmaqr.engine.timewindow import last_window, parse_datetime_reference, parse_time_literal

__all__ = ["CompiledQuery", "compile_query"]

_KINDS = {"int": "int", "text": "text", "ip": "ip", "bytes": "bytes"}

Column = tuple[str, Fragment]
"""An output column: its AQL name and the compiled expression."""


@attrs.frozen
class CompiledQuery:
    """SQLite SQL for an AQL statement, the AQL names of its columns, and warnings."""

    sql: str
    columns: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def compile_query(node: a.Statement | a.Condition, store: EventStore, now: int) -> CompiledQuery:
    """Compile a statement, or a bare condition (run as ``SELECT * FROM events WHERE ...``).

    Args:
        node: The parsed AQL.
        store: The store whose properties and tables the query reads.
        now: Epoch milliseconds that ``LAST n ...``, ``STOP`` defaults and ``NOW()`` use.

    Raises:
        EngineError: The statement uses a construct the engine does not support.
    """
    compiler = _StatementCompiler(store, now)
    if not isinstance(node, a.Query | a.Union):
        node = a.Query(select=(a.SelectItem(a.Star()),), from_=a.Table("events"), where=node)
    sql, columns = compiler.statement(node)
    warnings = tuple(dict.fromkeys(compiler.warnings))
    return CompiledQuery(sql, tuple(label for label, _ in columns), warnings)


class _StatementCompiler:
    """Compiles one statement tree; collects warnings on the way."""

    def __init__(self, store: EventStore, now: int) -> None:
        self.store = store
        self.now = now
        self.warnings: list[str] = []
        self.exprs = ExpressionCompiler(self.subquery, self.warnings.append)

    def statement(
        self, node: a.Statement, time: a.TimeClause | None = None
    ) -> tuple[str, list[Column]]:
        if isinstance(node, a.Union):
            return self.union(node)
        return self.query(node, node.time or time)

    def subquery(self, node: a.Statement) -> str:
        sql, columns = self.statement(node)
        if len(columns) != 1:
            raise EngineError(f"an IN subquery must select one column, not {len(columns)}")
        return sql

    # -- SELECT ----------------------------------------------------------------------------

    def query(self, node: a.Query, time: a.TimeClause | None) -> tuple[str, list[Column]]:
        source, scope = self.source(node.from_)
        columns = self.select(node.select, scope)
        where = [self.exprs.condition(node.where, scope)] if node.where is not None else []
        if time is not None:
            where.append(self.time_range(time, scope))
        parts = [
            "SELECT " + ", ".join(f"{f.sql} AS c{i}" for i, (_, f) in enumerate(columns)),
            f"FROM {source}",
        ]
        if where:
            parts.append("WHERE " + " AND ".join(where))
        if node.group_by:
            parts.append(
                "GROUP BY " + ", ".join(self.exprs.expr(g, scope).sql for g in node.group_by)
            )
        if node.having is not None:
            parts.append("HAVING " + self.exprs.condition(node.having, scope))
        parts.extend(self.tail(node.order_by, node.limit, scope))
        if node.parameters:
            self.warnings.append("PARAMETERS are ignored by the engine")
        return " ".join(parts), columns

    def source(self, node: a.FromSource) -> tuple[str, Scope]:
        if isinstance(node, a.SubquerySource):
            sql, inner = self.statement(node.query)
            columns = {
                label.lower(): Fragment(f"sub.c{i}", f.kind) for i, (label, f) in enumerate(inner)
            }
            return f"({sql}) AS sub", Scope(columns)
        if isinstance(node, a.GlobalView):
            raise EngineError("GLOBALVIEW is not supported by the replay engine")
        if node.key == "events":
            columns = {
                name: Fragment(f'"{name}"', _KINDS[kind], row_column=kind in ("text", "ip"))
                for name, kind in COLUMNS.items()
            }
            scope = Scope(columns, self.property_sql, has_events=True)
            return "events", scope
        if node.key == "qidmap":
            columns = {
                name: Fragment(f'"{name}"', _KINDS[kind]) for name, kind in QIDMAP_COLUMNS.items()
            }
            return "qidmap", Scope(columns)
        raise EngineError(f"table {node.name!r} is not supported: the engine stores events only")

    def property_sql(self, name: str) -> str | None:
        return self.store.property_column(name)

    def select(self, items: tuple[a.SelectItem, ...], scope: Scope) -> list[Column]:
        columns: list[Column] = []
        for item in items:
            if isinstance(item.expr, a.Star):
                columns.extend(self.star(scope))
                continue
            fragment = self.exprs.expr(item.expr, scope)
            label = item.alias or (
                item.expr.name if isinstance(item.expr, a.Identifier) else to_aql(item.expr)
            )
            if item.alias:
                scope.aliases[item.alias.lower()] = fragment
            columns.append((label, fragment))
        return columns

    def star(self, scope: Scope) -> list[Column]:
        columns = [(name, fragment) for name, fragment in scope.columns.items()]
        if scope.property_column is not None:
            for name in self.store.property_names:
                column = self.store.property_column(name)
                columns.append((name, Fragment(str(column), "text")))
        return columns

    def tail(self, order: tuple[a.OrderItem, ...], limit: int | None, scope: Scope) -> list[str]:
        parts = []
        if order:
            terms = []
            for item in order:
                if item.collate:
                    self.warnings.append(f"COLLATE {item.collate!r} is ignored by the engine")
                terms.append(f"{self.exprs.expr(item.expr, scope).sql} {item.direction or 'ASC'}")
            parts.append("ORDER BY " + ", ".join(terms))
        if limit is not None:
            parts.append(f"LIMIT {int(limit)}")
        return parts

    # -- UNION -----------------------------------------------------------------------------

    def union(self, node: a.Union) -> tuple[str, list[Column]]:
        members = [self.query(q, q.time or node.time) for q in node.queries]
        widths = {len(columns) for _, columns in members}
        if len(widths) != 1:
            raise EngineError("the SELECTs joined by UNION have different numbers of columns")
        glue = " UNION ALL " if node.union_all else " UNION "
        body = glue.join(f"SELECT * FROM ({sql})" for sql, _ in members)
        first = members[0][1]
        columns = [(label, Fragment(f"c{i}", f.kind)) for i, (label, f) in enumerate(first)]
        scope = Scope({label.lower(): fragment for label, fragment in columns})
        tail = self.tail(node.order_by, node.limit, scope)
        return " ".join([f"SELECT * FROM ({body})", *tail]), columns

    # -- time ------------------------------------------------------------------------------

    def time_range(self, clause: a.TimeClause, scope: Scope) -> str:
        if "starttime" not in scope.columns:
            raise EngineError("a time clause needs a source with starttime (the events table)")
        column = scope.columns["starttime"].sql
        if isinstance(clause, a.LastTime):
            start, stop = last_window(clause.amount, clause.unit, self.now)
            return f"({column} > {start} AND {column} <= {stop})"
        start = self.time_value(clause.start)
        if clause.stop is None:
            return f"({column} >= {start} AND {column} <= {self.now})"
        return f"({column} >= {start} AND {column} < {self.time_value(clause.stop)})"

    def time_value(self, node: a.Expr) -> int:
        if isinstance(node, a.StringLit):
            return parse_time_literal(node.value)
        if isinstance(node, a.NumberLit):
            return int(node.value)
        if (
            isinstance(node, a.FunctionCall)
            and node.key == "PARSEDATETIME"
            and len(node.args) == 1
            and isinstance(node.args[0], a.StringLit)
        ):
            return parse_datetime_reference(node.args[0].value, self.now)
        raise EngineError(f"unsupported START/STOP value: {to_aql(node)}")
