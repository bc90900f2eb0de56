"""The engine's fast parser reads what the full AQL parser reads, the same way, or declines.

Three checks: hand-written queries (each construct of the subset, and the tricky token rules),
random token soups (the fast parser must never accept what the full parser rejects or reads
differently), and the queries the backend writes for a sample of the SigmaHQ corpus in every
output format (equal trees, and the plain formats must not be declined).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sigmaqr
from sigmaqr.aql import AQLSyntaxError, parse
from sigmaqr.aql import ast as a
from sigmaqr.engine.execute import parse_aql
from sigmaqr.engine.fastparse import parse_fast
from sigmaqr.rules import load_rules

SHARED = Path(os.environ.get("SIGMAQR_SHARED", Path(__file__).resolve().parents[3] / "shared"))
CORPUS = SHARED / "sigmahq" / "rules"


def full(text: str) -> a.Statement | a.Condition | None:
    """The full parser's tree, with the engine's choice of profile; None on a syntax error."""
    words = text.split(None, 1)
    statement = bool(words) and words[0].upper() == "SELECT"
    try:
        return parse(text, "extended" if statement else "filter")
    except AQLSyntaxError:
        return None


def fast(text: str) -> a.Statement | a.Condition | None:
    words = text.split(None, 1)
    return parse_fast(text, bool(words) and words[0].upper() == "SELECT")


READ = [
    "SELECT * FROM events",
    "select * from EVENTS where qideventid = 1 last 24 hours",
    "SELECT DATEFORMAT(starttime, 'yyyy-MM-dd HH:mm:ss') AS EventTime, sourceip AS SourceIP,"
    " QIDNAME(qid) AS EventName, 'HIGH - x' AS Severity, starttime FROM events WHERE "
    "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' AND "
    "qideventid = 1) AND (\"Process Path\" ILIKE '%\\x.exe' OR \"Command\" ILIKE '% /m:''a''%'))"
    "\nORDER BY starttime DESC\nLAST 24 HOURS",
    "SELECT username, COUNT(*) AS n FROM events GROUP BY username HAVING n > 10 LAST 2 DAYS",
    "SELECT LAST(username) AS u, UNIQUECOUNT(sourceip) FROM events GROUP BY logsourceid",
    "SELECT * FROM events WHERE NOT NOT x LIKE 'a' AND y NOT ILIKE 'b' OR z MATCHES '.*'",
    "SELECT * FROM events WHERE x NOT IN (1, -2, 0x1F, 1.5e3, .5, 'a', TRUE, NULL)",
    "SELECT * FROM events WHERE x IS NULL AND y IS NOT NULL AND z BETWEEN 1 AND 5",
    "SELECT * FROM events WHERE TEXT SEARCH 'mimikatz' AND INCIDR('10.0.0.0/8', sourceip)",
    "SELECT * FROM events WHERE x == 1 AND y != 2 AND z <= 3 AND w >= 4 AND v < 5 AND u > 6",
    "SELECT * FROM events WHERE (a = 1 AND b = 2) AND (c = 3 OR (d = 4))",
    "SELECT * FROM events WHERE \"Na\"\"me\" = 'it''s' ORDER BY starttime ASC, x LIMIT 10",
    "SELECT * FROM events START '2024-01-01 00:00' STOP '2024-01-02 00:00'",
    "SELECT * FROM events START PARSEDATETIME('1 day ago')",
    "SELECT x AS \"A b\", y AS 'c', z AS w, NOW() FROM events ORDER BY x COLLATE 'en'",
    "SELECT text, search FROM events WHERE text = 'a' AND TEXT SEARCH 'b'",
    "SELECT * FROM \"events\" WHERE x = -5 AND y = 'a\tb'",
    "qideventid = 1 AND \"Command\" ILIKE '%whoami%'",
    "NOT (a = 1)",
    "UTF8(payload) ILIKE '%x%'",
]

DECLINED = [
    "SELECT * FROM events WHERE x + 1 = 2",
    "SELECT * FROM events WHERE (x) = 2",
    "SELECT * FROM events WHERE (a) NOT LIKE 'x'",
    "SELECT * FROM events WHERE x IN (SELECT qid FROM qidmap)",
    "SELECT * FROM events UNION SELECT * FROM events",
    "SELECT * FROM (SELECT * FROM events)",
    "SELECT CASE WHEN x = 1 THEN 'a' ELSE 'b' END FROM events",
    "SELECT * FROM events INTO 'c'",
    "SELECT * FROM events PARAMETERS PROGRESSDETAILS = 'true'",
    "SELECT GEO::LOOKUP(sourceip, 'city') FROM events",
    "SELECT x*2 FROM events",
    "SELECT * FROM events WHERE x = 1 LAST 24 HOURS ORDER BY x",
    "SELECT * FROM events WHERE",
    "SELECT * FROM events WHERE x = 'unterminated",
    "SELECT*FROM events",
    "x = 1 ORDER BY x",
    "SELECT * FROM events WHERE x NOT BETWEEN 1 AND 2",
    "SELECT * FROM events WHERE x IN ()",
    "SELECT * FROM events WHERE x = 5abc",
    "SELECT * FROM events WHERE and = 1",
    "SELECT * FROM events\fWHERE x = 1",
]


@pytest.mark.parametrize("text", READ)
def test_reads_the_subset_as_the_full_parser(text: str) -> None:
    """Each construct of the subset gives the full parser's tree."""
    tree = fast(text)
    assert tree is not None
    assert tree == full(text)


@pytest.mark.parametrize("text", DECLINED)
def test_declines_the_rest(text: str) -> None:
    """Outside the subset, or invalid, the fast parser declines."""
    assert fast(text) is None


def test_engine_errors_still_come_from_the_full_parser() -> None:
    """A syntax error is reported with the full parser's position and message."""
    with pytest.raises(sigmaqr.engine.EngineError, match="AQL syntax error at 1:"):
        parse_aql("SELECT * FROM events WHERE")


VOCABULARY = [
    "SELECT", "select", "*", "FROM", "events", "WHERE", "AND", "and", "OR", "NOT", "LIKE",
    "ILIKE", "MATCHES", "IN", "IS", "NULL", "BETWEEN", "TEXT", "SEARCH", "x", "Last",
    '"Cmd"', '"a""b"', "'a''b'", "'%\\x%'", "5", "-5", "0x1F", "1.5e3", "(", ")", ",", "=",
    "==", "!=", "<", ">=", "-", "+", "LAST", "24", "HOURS", "ORDER", "BY", "DESC", "AS",
    "COUNT", "GROUP", "HAVING", "LIMIT", "START", "STOP", "TRUE", "UNION", "::", "$",
]  # fmt: skip
SPACES = st.sampled_from([" ", " ", "\n", "\t", "", "  "])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(VOCABULARY), SPACES), min_size=1, max_size=14),
    st.booleans(),
)
def test_token_soup_never_disagrees(parts: list[tuple[str, str]], prefix: bool) -> None:
    """Random token sequences: when the fast parser returns a tree, the full parser returns an
    equal one."""
    text = ("SELECT * FROM events WHERE " if prefix else "") + "".join(t + s for t, s in parts)
    tree = fast(text)
    if tree is not None:
        assert tree == full(text), text


def _sample(step: int) -> list[Path]:
    files = sorted(CORPUS.rglob("*.yml"))
    return files[::step]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the SigmaHQ corpus (shared/) is absent")
@pytest.mark.parametrize("fmt", ["query", "filter", "union", "combined"])
def test_corpus_queries(fmt: str) -> None:
    """For a sample of the corpus, every query of every format parses to the full parser's
    tree; the query and filter formats are never declined."""
    files = _sample(15 if fmt in ("query", "filter") else 60)
    checked = 0
    for entry in load_rules(files):
        if not entry.ok:
            continue
        conversion = sigmaqr.convert([entry], format=fmt)
        result = conversion.rules[0]
        if result.status != "converted":
            continue
        texts = (
            [str(q) for q in result.queries]
            if fmt in ("query", "filter")
            else [conversion.output]
            if isinstance(conversion.output, str)
            else []
        )
        for text in texts:
            tree = fast(text)
            if fmt in ("query", "filter"):
                assert tree is not None, text
            if tree is not None:
                assert tree == full(text), text
            checked += 1
    assert checked > 20
