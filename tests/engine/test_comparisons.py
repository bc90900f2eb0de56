"""Comparisons: case-sensitive text, quoted numbers, numeric text, IPs, IN lists, BETWEEN."""

from __future__ import annotations

import pytest

from sigmaqr.engine import EventStore
from tests.engine.conftest import count, event, make_store


@pytest.fixture
def store() -> EventStore:
    """One event with text, numeric-text and boolean-text properties and typed columns."""
    return make_store(
        event(
            {"Name": "Cmd.exe", "Process ID": "6120", "Signed": "true", "Version": "10"},
            logsourceid=65,
            sourceip="10.1.2.3",
            destinationip="10.1.2.3",
            sourceport=49731,
            username="alice",
        )
    )


CASES: dict[str, tuple[str, bool]] = {
    "text equals is case-sensitive": ("Name = 'cmd.exe'", False),
    "text equals exact": ("Name = 'Cmd.exe'", True),
    "text not equals": ("Name != 'cmd.exe'", True),
    "quoted number on a numeric column": ("logsourceid = '65'", True),
    "number on a numeric column": ("logsourceid = 65", True),
    "quoted non-number on a numeric column": ("logsourceid = 'x65'", False),
    "quoted Event ID": ("qideventid = '1'", True),
    "quoted numbers in IN": ("qideventid IN ('4688', '1')", True),
    "numbers in IN on numeric text": ('"Process ID" IN (1, 6120)', True),
    "number against numeric text": ('"Process ID" = 6120', True),
    "ordering numeric text numerically": ('"Version" > 9', True),
    "ordering text as text": ("\"Version\" > '9'", False),
    "number against non-numeric text": ("Name = 5", False),
    "boolean literal against 'true' text": ("Signed = true", True),
    "boolean literal false": ("Signed = false", False),
    "IP equals": ("sourceip = '10.1.2.3'", True),
    "IPv4-mapped IPv6 literal is the IPv4 address": ("sourceip = '::ffff:10.1.2.3'", True),
    "column against column": ("sourceip = destinationip", True),
    "BETWEEN numbers": ("sourceport BETWEEN 49000 AND 50000", True),
    "BETWEEN is inclusive": ("sourceport BETWEEN 49731 AND 49731", True),
    "BETWEEN text": ("username BETWEEN 'a' AND 'b'", True),
    "NOT IN": ("username NOT IN ('bob', 'carol')", True),
    "IN with one hit": ("username IN ('bob', 'alice')", True),
    "arithmetic": ("sourceport + 1 = 49732", True),
    "exponent": ("2 ^ 10 = 1024", True),
    "modulo": ("sourceport % 10 = 1", True),
    "bitwise and": ("(LONG(sourceip) & 0xff000000) = 0x0a000000", True),
    "double equals": ("logsourceid == 65", True),
}


@pytest.mark.parametrize(("condition", "expected"), CASES.values(), ids=list(CASES))
def test_comparison(store: EventStore, condition: str, expected: bool) -> None:
    """The comparison table holds."""
    assert (count(store, condition) == 1) is expected
