"""Complete Ariel searches rendered from converted rules: query, filter, union and combined."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from sigmaqr.aqltext import quote_string
from sigmaqr.options import SearchOptions
from sigmaqr.severity import SeverityTier

LEADING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("EventTime", "DATEFORMAT(starttime, 'yyyy-MM-dd HH:mm:ss')"),
    ("SourceIP", "sourceip"),
    ("Username", "username"),
    ("EventName", "QIDNAME(qid)"),
)
CATEGORY_COLUMN = ("Category", "CATEGORYNAME(category)")
HOST_ALIAS = "LogSource"
ORDER = "ORDER BY starttime DESC"
INDENT = "    "


@attrs.frozen
class RuleSearch:
    """The parts of one rule's search: its condition, log source types, columns and severity."""

    title: str
    rule_id: str
    where: str
    device_types: tuple[int, ...] = ()
    columns: tuple[tuple[str, str], ...] = ()
    severity: tuple[SeverityTier, ...] = ()


def render_filter(search: RuleSearch) -> str:
    """Render a rule as a bare WHERE expression, log source type test included.

    Args:
        search: The rule's search parts.

    Returns:
        The AQL filter expression.
    """
    return _predicate(search.device_types, search.where)


def render_query(search: RuleSearch, options: SearchOptions) -> str:
    """Render a rule as one complete, documented-AQL search.

    Args:
        search: The rule's search parts.
        options: Rendering options.

    Returns:
        The AQL search.
    """
    columns = [
        *LEADING_COLUMNS,
        *search.columns,
        *_trailing_columns(options),
        ("Severity", _severity(search.severity, options)),
    ]
    return "\n".join(
        [_select(columns), "FROM events", f"WHERE {render_filter(search)}", *_tail(options)]
    )


def render_union(searches: Sequence[RuleSearch], options: SearchOptions) -> str:
    """Render several rules as one extended-AQL search: SELECTs joined with UNION.

    Args:
        searches: The rules' search parts.
        options: Rendering options.

    Returns:
        The AQL search (extended dialect: UNION).
    """
    aliases = _key_aliases(searches)
    selects = [
        "\n".join(
            [
                _select(_union_columns(s, aliases, options)),
                "FROM events",
                f"WHERE {render_filter(s)}",
            ]
        )
        for s in searches
    ]
    return "\n".join(["\nUNION\n".join(selects), *_tail(options)])


def render_combined(searches: Sequence[RuleSearch], options: SearchOptions) -> str:
    """Render several rules as one documented-AQL search: the rules ORed in one SELECT.

    Args:
        searches: The rules' search parts.
        options: Rendering options.

    Returns:
        The AQL search.
    """
    shared = _shared_device_types(searches)
    conditions = [s.where if shared is not None else render_filter(s) for s in searches]
    columns = [
        *LEADING_COLUMNS,
        ("RuleName", _choose(options, _title_branches(searches, conditions))),
        *_combined_key_columns(searches, conditions, options),
        *_trailing_columns(options),
        ("Severity", _choose(options, _combined_tiers(searches, conditions))),
    ]
    where = " OR ".join(f"({c})" for c in conditions)
    if shared is not None:
        where = _predicate(shared, where)
    return "\n".join([_select(columns), "FROM events", f"WHERE {where}", *_tail(options)])


def _predicate(device_types: Sequence[int], where: str) -> str:
    if not device_types:
        return where
    if len(device_types) == 1:
        test = f"devicetype = {device_types[0]}"
    else:
        test = f"devicetype IN ({', '.join(str(d) for d in device_types)})"
    return f"{test} AND ({where})"


def _select(columns: Iterable[tuple[str, str]]) -> str:
    items = [f"{expr} AS {alias}" for alias, expr in columns] + ["starttime"]
    return "SELECT\n" + ",\n".join(INDENT + item for item in items)


def _trailing_columns(options: SearchOptions) -> list[tuple[str, str]]:
    return [(HOST_ALIAS, options.host_column), CATEGORY_COLUMN]


def _tail(options: SearchOptions) -> list[str]:
    limit = [f"LIMIT {options.limit}"] if options.limit is not None else []
    return [ORDER, *limit, options.time_window]


def _severity(tiers: Sequence[SeverityTier], options: SearchOptions) -> str:
    if not tiers:
        return "''"
    return _choose(
        options,
        [(t.condition, quote_string(t.label)) for t in tiers[:-1]],
        quote_string(tiers[-1].label),
    )


def _choose(
    options: SearchOptions, branches: Sequence[tuple[str | None, str]], default: str = "''"
) -> str:
    """A conditional expression: the first branch whose condition holds, else the default."""
    if not branches:
        return default
    if options.conditional == "if":
        return "".join(f"IF {c} THEN {v} ELSE " for c, v in branches) + default
    whens = " ".join(f"WHEN {c} THEN {v}" for c, v in branches)
    return f"CASE {whens} ELSE {default} END"


def _key_aliases(searches: Iterable[RuleSearch]) -> list[str]:
    aliases: dict[str, None] = {}
    for search in searches:
        aliases.update((alias, None) for alias, _ in search.columns)
    return list(aliases)


def _union_columns(
    search: RuleSearch, aliases: Sequence[str], options: SearchOptions
) -> list[tuple[str, str]]:
    own = dict(search.columns)
    return [
        *LEADING_COLUMNS,
        ("RuleName", quote_string(search.title)),
        *((alias, own.get(alias, "''")) for alias in aliases),
        *_trailing_columns(options),
        ("Severity", _severity(search.severity, options)),
    ]


def _combined_key_columns(
    searches: Sequence[RuleSearch], conditions: Sequence[str], options: SearchOptions
) -> list[tuple[str, str]]:
    columns = []
    for alias in _key_aliases(searches):
        branches = [
            (cond, dict(s.columns)[alias])
            for cond, s in zip(conditions, searches, strict=True)
            if alias in dict(s.columns)
        ]
        columns.append((alias, _choose(options, branches)))
    return columns


def _combined_tiers(
    searches: Sequence[RuleSearch], conditions: Sequence[str]
) -> list[tuple[str | None, str]]:
    branches: list[tuple[str | None, str]] = []
    for cond, search in zip(conditions, searches, strict=True):
        for tier in search.severity:
            test = cond if tier.condition is None else f"({cond}) AND ({tier.condition})"
            branches.append((test, quote_string(tier.label)))
    return branches


def _shared_device_types(searches: Sequence[RuleSearch]) -> tuple[int, ...] | None:
    kinds = {s.device_types for s in searches}
    return kinds.pop() if len(kinds) == 1 else None


def _title_branches(
    searches: Sequence[RuleSearch], conditions: Sequence[str]
) -> list[tuple[str | None, str]]:
    return [(c, quote_string(s.title)) for c, s in zip(conditions, searches, strict=True)]
