"""Validator: each check's exact issue (code, position, message) and the profiles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigmaqr.aql import Issue, ValidationResult, validate
from sigmaqr.aql.validate import QIDMAP_MESSAGE, UNION_MESSAGE
from tests.aql.examples import EXTENDED_ONLY, IBM_EXAMPLES

STRICT_EXAMPLES = {k: v for k, v in IBM_EXAMPLES.items() if k not in EXTENDED_ONLY}

INVALID = {
    "limit_after_last": (
        "SELECT * FROM events LAST 5 MINUTES LIMIT 10",
        "strict",
        "clause-order",
        1,
        37,
        (
            "LIMIT must come before the time clause: write '... LIMIT n LAST ...' (IBM: place "
            "the LIMIT clause in front of the time clause)"
        ),
    ),
    "limit_after_start_stop": (
        "SELECT * FROM events START '2015-10-28 10:00' LIMIT 10",
        "strict",
        "clause-order",
        1,
        47,
        (
            "LIMIT must come before the time clause: write '... LIMIT n LAST ...' (IBM: place "
            "the LIMIT clause in front of the time clause)"
        ),
    ),
    "order_by_after_limit": (
        "SELECT a FROM events LIMIT 5 ORDER BY a",
        "strict",
        "clause-order",
        1,
        30,
        (
            "ORDER BY clause is out of order: it must come before LIMIT; AQL clauses go SELECT, "
            "FROM, INTO, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, LAST/START, PARAMETERS"
        ),
    ),
    "parameters_not_last": (
        "SELECT * FROM events PARAMETERS a=1 LAST 5 MINUTES",
        "strict",
        "clause-order",
        1,
        37,
        "PARAMETERS must be the last clause: move it after the LAST (time) clause",
    ),
    "where_after_group_by": (
        "SELECT a FROM events GROUP BY a WHERE a = 1",
        "strict",
        "clause-order",
        1,
        33,
        (
            "WHERE clause is out of order: it must come before GROUP BY; AQL clauses go SELECT, "
            "FROM, INTO, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, LAST/START, PARAMETERS"
        ),
    ),
    "into_after_where": (
        "SELECT * FROM events WHERE a = 1 INTO 'c'",
        "strict",
        "clause-order",
        1,
        34,
        (
            "INTO clause is out of order: it must come before WHERE; AQL clauses go SELECT, "
            "FROM, INTO, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, LAST/START, PARAMETERS"
        ),
    ),
    "duplicate_where": (
        "SELECT * FROM events WHERE a = 1 WHERE b = 2",
        "strict",
        "clause-order",
        1,
        34,
        "duplicate WHERE clause: combine the conditions with AND",
    ),
    "two_time_clauses": (
        "SELECT * FROM events LAST 5 MINUTES START '2024-01-01 00:00'",
        "strict",
        "clause-order",
        1,
        37,
        "a query has only one time clause (LAST or START/STOP): remove one",
    ),
    "misorder_in_subquery": (
        "SELECT * FROM events WHERE a IN (SELECT a FROM events LAST 5 MINUTES LIMIT 5)",
        "strict",
        "clause-order",
        1,
        70,
        (
            "LIMIT must come before the time clause: write '... LIMIT n LAST ...' (IBM: place "
            "the LIMIT clause in front of the time clause)"
        ),
    ),
    "missing_from": (
        "SELECT * WHERE a = 1",
        "strict",
        "syntax",
        1,
        10,
        "syntax error: expected FROM, found 'WHERE'",
    ),
    "unterminated_string": (
        "SELECT * FROM events WHERE a = 'abc",
        "strict",
        "syntax",
        1,
        32,
        "unterminated string literal: close it with ' (write '' for a quote inside it)",
    ),
    "backslash_quote": (
        "SELECT * FROM events WHERE a = 'it\\'s'",
        "strict",
        "syntax",
        1,
        37,
        (
            "unexpected 's': expected AND, OR, a comma, an operator or the next clause "
            "(backslash does not escape a quote in AQL: write '' for a quote inside a string)"
        ),
    ),
    "angle_not_equal": (
        "SELECT * FROM events WHERE a <> 1",
        "strict",
        "syntax",
        1,
        31,
        "AQL has no '<>' operator: use '!='",
    ),
    "semicolon": (
        "SELECT * FROM events;",
        "strict",
        "syntax",
        1,
        21,
        "remove the ';': an AQL query is not terminated by a semicolon",
    ),
    "empty": (
        "",
        "strict",
        "syntax",
        1,
        1,
        "the query is empty: write SELECT ... FROM ...",
    ),
    "dangling_and": (
        "SELECT * FROM events WHERE a = 1 AND",
        "strict",
        "syntax",
        1,
        37,
        "syntax error: expected condition, found end of query",
    ),
    "missing_operator": (
        "SELECT * FROM events WHERE a b",
        "strict",
        "syntax",
        1,
        30,
        "unexpected 'b': expected AND, OR, a comma, an operator or the next clause",
    ),
    "bad_unit": (
        "SELECT * FROM events LAST 5 YEARS",
        "strict",
        "syntax",
        1,
        29,
        "syntax error: expected time unit (MINUTES, HOURS or DAYS), found 'YEARS'",
    ),
    "unbalanced_open": (
        "SELECT * FROM events WHERE (a = 1",
        "strict",
        "syntax",
        1,
        34,
        "syntax error: expected ')', found end of query",
    ),
    "unbalanced_close": (
        "SELECT * FROM events WHERE a = 1)",
        "strict",
        "syntax",
        1,
        33,
        "unbalanced ')': remove it or add the matching '('",
    ),
    "second_line": (
        "SELECT *\nFROM events\nWHERE a = = 1",
        "strict",
        "syntax",
        3,
        11,
        "syntax error: expected expression, found '='",
    ),
    "union_strict": (
        "SELECT a FROM events\nUNION\nSELECT a FROM flows",
        "strict",
        "union",
        2,
        1,
        (
            "UNION is not part of documented AQL: a stock QRadar console rejects it; use the "
            "`combined` format (one SELECT with the rules ORed) or run one search per rule"
        ),
    ),
    "qidmap_strict": (
        (
            "SELECT * FROM events WHERE qid IN (SELECT qid FROM qidmap WHERE eventid IN (5140, "
            "5142))"
        ),
        "strict",
        "qidmap",
        1,
        52,
        (
            "there is no qidmap table in AQL (QID data is reached through functions such as "
            "QIDNAME(qid)): use qideventid IN (...) or QID values (qid IN (...))"
        ),
    ),
    "unknown_table": (
        "SELECT * FROM assets",
        "strict",
        "unknown-table",
        1,
        15,
        (
            'unknown table "assets": FROM must name events, flows or simarc, GLOBALVIEW(\'saved '
            "search', 'NORMAL|HOURLY|DAILY') or a (subquery)"
        ),
    ),
    "globalview_interval": (
        "SELECT * FROM GLOBALVIEW('x', 'WEEKLY')",
        "strict",
        "globalview-interval",
        1,
        15,
        "GLOBALVIEW interval must be 'NORMAL', 'HOURLY' or 'DAILY', not 'WEEKLY'",
    ),
    "in_subquery_star": (
        "SELECT * FROM events WHERE a IN (SELECT * FROM events)",
        "strict",
        "in-subquery-columns",
        1,
        34,
        (
            "an IN subquery must select exactly one column, found *: select only the column to "
            "compare, e.g. IN (SELECT sourceip FROM events ...)"
        ),
    ),
    "in_subquery_two_columns": (
        "SELECT * FROM events WHERE a IN (SELECT a, b FROM events)",
        "strict",
        "in-subquery-columns",
        1,
        34,
        (
            "an IN subquery must select exactly one column, found 2: select only the column to "
            "compare, e.g. IN (SELECT sourceip FROM events ...)"
        ),
    ),
    "text_search_not_first": (
        "SELECT * FROM events WHERE a = 1 AND TEXT SEARCH 'x'",
        "strict",
        "text-search",
        1,
        38,
        "TEXT SEARCH must be the first condition in WHERE: move it to the front",
    ),
    "text_search_with_or": (
        "SELECT * FROM events WHERE TEXT SEARCH 'x' OR a = 1",
        "strict",
        "text-search",
        1,
        28,
        (
            "TEXT SEARCH can only be combined with AND: move it out of OR / NOT (IBM: it must be "
            "ANDed and first in WHERE)"
        ),
    ),
    "text_search_negated": (
        "SELECT * FROM events WHERE NOT TEXT SEARCH 'x'",
        "strict",
        "text-search",
        1,
        32,
        (
            "TEXT SEARCH can only be combined with AND: move it out of OR / NOT (IBM: it must be "
            "ANDed and first in WHERE)"
        ),
    ),
    "text_search_twice": (
        "SELECT * FROM events WHERE TEXT SEARCH 'x' AND TEXT SEARCH 'y'",
        "strict",
        "text-search",
        1,
        48,
        "only one TEXT SEARCH per query: put all the words into one TEXT SEARCH string",
    ),
    "text_search_in_having": (
        "SELECT a FROM events GROUP BY a HAVING TEXT SEARCH 'x'",
        "strict",
        "text-search",
        1,
        40,
        "TEXT SEARCH is only valid in WHERE",
    ),
    "group_by_not_selected": (
        "SELECT a FROM events GROUP BY b",
        "strict",
        "column-not-selected",
        1,
        31,
        (
            "GROUP BY b is not in the SELECT list: AQL only groups and sorts by selected columns "
            "or aliases; add it to the SELECT list"
        ),
    ),
    "order_by_not_selected": (
        "SELECT a FROM events ORDER BY b DESC",
        "strict",
        "column-not-selected",
        1,
        31,
        (
            "ORDER BY b is not in the SELECT list: AQL only groups and sorts by selected columns "
            "or aliases; add it to the SELECT list"
        ),
    ),
    "aggregate_in_where": (
        "SELECT * FROM events WHERE COUNT(*) > 5",
        "strict",
        "aggregate-in-where",
        1,
        28,
        (
            "aggregate function COUNT cannot be used in WHERE: filter aggregated values in "
            "HAVING (with GROUP BY)"
        ),
    ),
    "unknown_function": (
        "SELECT COALESCE(a, b) FROM events",
        "strict",
        "unknown-function",
        1,
        8,
        (
            "unknown function COALESCE: it is not an AQL built-in; check the spelling (custom "
            "AQL functions need allow_unknown_functions)"
        ),
    ),
    "too_many_arguments": (
        "SELECT QIDNAME(qid, 1) FROM events",
        "strict",
        "arity",
        1,
        8,
        "QIDNAME takes 1 argument, got 2",
    ),
    "too_few_arguments": (
        "SELECT * FROM events WHERE INCIDR('10.0.0.0/8')",
        "strict",
        "arity",
        1,
        28,
        "INCIDR takes 2 arguments, got 1",
    ),
    "star_argument": (
        "SELECT SUM(*) FROM events",
        "strict",
        "star-argument",
        1,
        8,
        "'*' is only allowed in COUNT(*): pass a column to SUM",
    ),
    "like_on_ip": (
        "SELECT * FROM events WHERE sourceip LIKE '10.%'",
        "strict",
        "like-on-ip",
        1,
        28,
        (
            "LIKE cannot be applied to the IP column sourceip: wrap it in STR(), e.g. "
            "STR(sourceip) LIKE '10.%', or use INCIDR('10.0.0.0/8', sourceip)"
        ),
    ),
    "ilike_on_ipv6": (
        "SELECT * FROM events WHERE destinationv6 ILIKE 'fe80%'",
        "strict",
        "like-on-ip",
        1,
        28,
        (
            "ILIKE cannot be applied to the IP column destinationv6: wrap it in STR(), e.g. "
            "STR(destinationv6) ILIKE '10.%', or use INCIDR('10.0.0.0/8', destinationv6)"
        ),
    ),
    "time_value": (
        "SELECT * FROM events START username",
        "strict",
        "time-value",
        1,
        28,
        (
            "START/STOP takes a time string ('2024-01-31 10:00'), epoch milliseconds or "
            "PARSEDATETIME('...')"
        ),
    ),
    "order_by_before_union": (
        "SELECT a FROM events ORDER BY a UNION SELECT a FROM flows",
        "extended",
        "union-order",
        1,
        22,
        (
            "ORDER BY before UNION: in a union ORDER BY applies to the whole result; write it "
            "once after the last SELECT"
        ),
    ),
    "limit_before_union": (
        "SELECT a FROM events LIMIT 5 UNION SELECT a FROM flows",
        "extended",
        "union-order",
        1,
        22,
        (
            "LIMIT before UNION: in a union LIMIT applies to the whole result; write it once "
            "after the last SELECT"
        ),
    ),
    "filter_given_select": (
        "SELECT * FROM events WHERE a = 1",
        "filter",
        "filter-syntax",
        1,
        1,
        (
            "the filter profile takes a bare condition, not a SELECT statement: keep only the "
            "expression after WHERE (CRE test 'when the event matches this AQL filter query')"
        ),
    ),
    "filter_leading_where": (
        "WHERE a = 1",
        "filter",
        "filter-syntax",
        1,
        1,
        "drop the leading WHERE: a rule filter is only the condition",
    ),
    "filter_time_clause": (
        "a = 1 LAST 5 MINUTES",
        "filter",
        "filter-syntax",
        1,
        7,
        (
            "a rule filter is only a condition: remove the LAST (time) clause (no GROUP BY, "
            "ORDER BY, LIMIT, time clause or PARAMETERS)"
        ),
    ),
    "filter_group_by": (
        "a = 1 GROUP BY a",
        "filter",
        "filter-syntax",
        1,
        7,
        (
            "a rule filter is only a condition: remove the GROUP BY clause (no GROUP BY, ORDER "
            "BY, LIMIT, time clause or PARAMETERS)"
        ),
    ),
    "filter_aggregate": (
        "COUNT(*) > 1",
        "filter",
        "aggregate-in-filter",
        1,
        1,
        (
            "aggregate function COUNT cannot be used in a rule filter: the AQL filter test looks "
            "at one event at a time"
        ),
    ),
    "filter_subquery": (
        "a IN (SELECT a FROM events)",
        "filter",
        "subquery-in-filter",
        1,
        1,
        (
            "a rule filter cannot contain a subquery: list the values (IN ('a', 'b')) or use "
            "REFERENCESETCONTAINS('set', column)"
        ),
    ),
    "filter_text_search_or": (
        "TEXT SEARCH 'x' OR a = 1",
        "filter",
        "text-search",
        1,
        1,
        (
            "TEXT SEARCH can only be combined with AND: move it out of OR / NOT (IBM: it must be "
            "ANDed and first in WHERE)"
        ),
    ),
}
"""name: (text, profile, code, line, col, message) for a query with exactly one error."""


class TestValidQueries:
    """Documented queries validate without issues."""

    @pytest.mark.parametrize("text", list(STRICT_EXAMPLES.values()), ids=list(STRICT_EXAMPLES))
    def test_strict_accepts_documented_query(self, text: str) -> None:
        """A documented example is valid in the strict profile, with no issue at all."""
        assert validate(text, "strict") == ValidationResult(True, [])

    @pytest.mark.parametrize("text", list(IBM_EXAMPLES.values()), ids=list(IBM_EXAMPLES))
    def test_extended_accepts_documented_query(self, text: str) -> None:
        """Every example, including the UNION/qidmap form, is valid in the extended profile."""
        assert validate(text, "extended") == ValidationResult(True, [])

    def test_result_carries_the_tree(self) -> None:
        """A parsed query's tree is returned with the result."""
        assert validate("SELECT * FROM events").tree is not None


class TestInvalidQueries:
    """Each invalid query gives one issue with the expected code, position and message."""

    @pytest.mark.parametrize(
        ("text", "profile", "code", "line", "col", "message"),
        list(INVALID.values()),
        ids=list(INVALID),
    )
    def test_issue(
        self, text: str, profile: str, code: str, line: int, col: int, message: str
    ) -> None:
        """The single issue is exactly as expected and the result is not ok."""
        result = validate(text, profile)  # type: ignore[arg-type]
        assert (result.ok, result.issues) == (False, [Issue(line, col, message, code)])

    def test_issues_are_sorted_by_position(self) -> None:
        """Several issues come back in source order."""
        result = validate("SELECT FOO(a) FROM events WHERE sourceip LIKE '1%' AND BAR(b) = 1")
        assert [(i.code, i.col) for i in result.issues] == [
            ("unknown-function", 8),
            ("like-on-ip", 33),
            ("unknown-function", 56),
        ]

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=80), st.sampled_from(["strict", "extended", "filter"]))
    def test_never_raises(self, text: str, profile: str) -> None:
        """Arbitrary text gives a result, never an exception."""
        result = validate(text, profile)  # type: ignore[arg-type]
        assert result.ok or result.issues

    @settings(max_examples=100, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "SELECT",
                    "*",
                    "FROM",
                    "events",
                    "WHERE",
                    "a",
                    "=",
                    "1",
                    "AND",
                    "OR",
                    "NOT",
                    "(",
                    ")",
                    "'x'",
                    "LAST",
                    "5",
                    "MINUTES",
                    "LIMIT",
                    "GROUP",
                    "BY",
                    "ORDER",
                    "IN",
                    "UNION",
                    ",",
                ]
            ),
            max_size=20,
        )
    )
    def test_never_raises_on_token_soup(self, words: list[str]) -> None:
        """Random sequences of AQL tokens give a result, never an exception."""
        result = validate(" ".join(words), "extended")
        assert result.ok or result.issues

    def test_deep_nesting_is_fine(self) -> None:
        """Two hundred nested parenthesized conditions validate."""
        text = "SELECT * FROM events WHERE " + "a = 1 AND (" * 200 + "b = 2" + ")" * 200
        assert validate(text).ok

    def test_absurd_nesting_is_an_issue(self) -> None:
        """Nesting beyond what the parser can handle is reported, not raised."""
        text = "SELECT * FROM events WHERE " + "(" * 5000 + "a = 1" + ")" * 5000
        assert validate(text).issues == [
            Issue(1, 1, "the query is nested too deeply to parse", "syntax")
        ]

    def test_unknown_profile_is_a_value_error(self) -> None:
        """A misspelled profile is a programming error, not a validation issue."""
        with pytest.raises(ValueError, match="unknown profile 'strikt'"):
            validate("SELECT * FROM events", "strikt")  # type: ignore[arg-type]


class TestWarnings:
    """Undocumented but probably accepted forms are warnings: the query stays ok."""

    @pytest.mark.parametrize(
        ("text", "code", "col", "message"),
        [
            (
                "SELECT * FROM events LAST 1 HOUR",
                "time-unit",
                22,
                "IBM documents only plural units: write LAST 1 HOURS",
            ),
            (
                "SELECT * FROM events LAST 30 SECONDS",
                "time-unit",
                22,
                "LAST 30 SECONDS is not documented: use MINUTES",
            ),
            (
                "SELECT * FROM events START 'yesterday'",
                "time-format",
                28,
                "time 'yesterday' is not in a documented format: use 'yyyy-MM-dd HH:mm[:ss]', "
                "'yyyy/MM/dd HH:mm:ss' or 'yyyy/MM/dd-HH:mm:ss'",
            ),
        ],
        ids=["singular_unit", "seconds", "time_format"],
    )
    def test_warning(self, text: str, code: str, col: int, message: str) -> None:
        """The issue is a warning and the result is ok."""
        assert validate(text) == ValidationResult(True, [Issue(1, col, message, code, "warning")])

    @pytest.mark.parametrize(
        "time",
        [
            "'2014-04-25 15:51'",
            "'2014-04-25 15:51:02'",
            "'2014/04/25 15:51:02'",
            "'2014/04/25-15:51:02'",
            "'2014:04:25-15:51:02'",
            "'2014-04-25 15:51Z'",
        ],
    )
    def test_documented_time_formats(self, time: str) -> None:
        """Each documented START format is accepted silently."""
        assert validate(f"SELECT * FROM events START {time}").issues == []


class TestProfiles:
    """What each profile allows."""

    UNION = "SELECT a FROM events UNION SELECT a FROM flows LAST 5 MINUTES"
    QIDMAP = "SELECT * FROM events WHERE qid IN (SELECT qid FROM qidmap WHERE eventid IN (5140))"

    def test_strict_rejects_union(self) -> None:
        """strict: UNION is an error with the documented-AQL explanation."""
        assert validate(self.UNION, "strict").issues == [Issue(1, 22, UNION_MESSAGE, "union")]

    def test_extended_accepts_union(self) -> None:
        """extended: UNION is fine."""
        assert validate(self.UNION, "extended").ok

    def test_strict_rejects_qidmap(self) -> None:
        """strict: the qidmap table is an error pointing at the table name."""
        assert validate(self.QIDMAP, "strict").issues == [Issue(1, 52, QIDMAP_MESSAGE, "qidmap")]

    def test_extended_accepts_qidmap(self) -> None:
        """extended: the qidmap subquery is fine."""
        assert validate(self.QIDMAP, "extended").ok

    def test_union_per_branch_time_clause(self) -> None:
        """extended: each branch may carry its own time clause."""
        text = "SELECT a FROM events LAST 5 MINUTES UNION SELECT a FROM flows LAST 1 HOURS"
        assert validate(text, "extended").ok

    def test_filter_accepts_bare_condition(self) -> None:
        """filter: a WHERE-clause body is valid."""
        text = "devicetype = 12 AND (\"Process Path\" ILIKE '%\\net.exe' OR qideventid IN (1, 2))"
        assert validate(text, "filter") == ValidationResult(True, [])

    def test_filter_accepts_functions(self) -> None:
        """filter: scalar functions such as REFERENCESETCONTAINS are fine."""
        assert validate(
            "REFERENCESETCONTAINS('bad', sourceip) AND STR(sourceip) ILIKE '10.%'", "filter"
        ).ok

    def test_filter_checks_like_on_ip(self) -> None:
        """filter: the IP LIKE check applies too."""
        assert [i.code for i in validate("sourceip LIKE '1%'", "filter").issues] == ["like-on-ip"]

    def test_statement_profiles_reject_bare_condition(self) -> None:
        """strict: a bare condition is not a query."""
        assert validate("a = 1", "strict").issues == [
            Issue(1, 1, "syntax error: expected SELECT, found 'a'", "syntax")
        ]

    def test_unknown_functions_allowed_on_request(self) -> None:
        """allow_unknown_functions silences unknown-function issues only."""
        result = validate("SELECT MYFUNC(a), QIDNAME() FROM events", allow_unknown_functions=True)
        assert [i.code for i in result.issues] == ["arity"]

    def test_union_branches_are_checked(self) -> None:
        """Checks run inside every UNION branch."""
        text = "SELECT a FROM events UNION SELECT a FROM flows WHERE sourceip LIKE '1%'"
        assert [i.code for i in validate(text, "extended").issues] == ["like-on-ip"]

    def test_subqueries_are_checked(self) -> None:
        """Checks run inside IN and FROM subqueries."""
        text = (
            "SELECT a FROM (SELECT a FROM events WHERE COUNT(*) > 1) "
            "WHERE a IN (SELECT FOO(b) FROM events)"
        )
        assert [i.code for i in validate(text).issues] == ["aggregate-in-where", "unknown-function"]


class TestSelectListChecks:
    """GROUP BY / ORDER BY must name selected columns."""

    @pytest.mark.parametrize(
        "text",
        [
            "SELECT * FROM events GROUP BY anything",
            "SELECT sourceip AS 'Risky Hosts' FROM events GROUP BY sourceip",
            "SELECT COUNT(*) AS 'Event Count' FROM events ORDER BY \"Event Count\" DESC",
            "SELECT SourceIP FROM events GROUP BY sourceip",
            "SELECT LONG(sourceip) AS long_ip FROM events GROUP BY long_ip ORDER BY long_ip",
            "SELECT QIDNAME(qid) FROM events GROUP BY qidname(qid)",
        ],
        ids=["star", "aliased_column", "quoted_alias", "case_insensitive", "alias", "expression"],
    )
    def test_selected(self, text: str) -> None:
        """A selected column, alias or expression may be grouped or sorted by."""
        assert validate(text).ok
