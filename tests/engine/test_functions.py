"""AQL scalar functions, CASE and IF, evaluated against one known event."""

from __future__ import annotations

from typing import Any

import pytest

from sigmaqr.engine import EngineError, EventStore
from tests.engine.conftest import EVENT_TIME, event, make_store, scalar


@pytest.fixture(scope="module")
def store() -> EventStore:
    """One Sysmon process-creation event with a payload, user, addresses and a property."""
    built = make_store(
        event(
            {"Command": "net use"},
            payload="<Event>hello World</Event>",
            username="Alice",
            sourceip="10.1.2.3",
            sourceport=49731,
        )
    )
    built.add_reference_set("admins", ["root", "Alice"])
    return built


CASES: dict[str, tuple[str, Any]] = {
    "UTF8": ("UTF8(payload)", "<Event>hello World</Event>"),
    "LOWER": ("LOWER('AbC')", "abc"),
    "UPPER": ("UPPER(username)", "ALICE"),
    "function names ignore case": ("lower('AbC')", "abc"),
    "STR of a number": ("STR(devicetype)", "12"),
    "CONCAT": ("CONCAT(username, ':', sourceip)", "Alice:10.1.2.3"),
    "CONCAT skips NULL": ("CONCAT(username, ':', destinationip)", "Alice:"),
    "NOW is the run's now": ("NOW()", EVENT_TIME),
    "LONG of text": ("LONG('42')", 42),
    "LONG of an IPv4 address": ("LONG(sourceip)", 167838211),
    "LONG of a fraction": ("LONG(1.9)", 1),
    "LONG of non-numbers": ("LONG('x')", None),
    "DOUBLE": ("DOUBLE('1234')", 1234.0),
    "STRLEN": ("STRLEN(username)", 5),
    "SUBSTRING start and end": ("SUBSTRING('abcdef', 1, 3)", "bc"),
    "SUBSTRING clamps": ("SUBSTRING('abc', 0, 10)", "abc"),
    "STRPOS": ("STRPOS('abcabc', 'c')", 2),
    "STRPOS from an offset": ("STRPOS('abcabc', 'c', 3)", 5),
    "STRPOS not found": ("STRPOS('abc', 'z')", -1),
    "REPLACEALL": ("REPLACEALL('\\d', '#', 'a1b2')", "a#b#"),
    "REPLACEFIRST": ("REPLACEFIRST('\\d', '#', 'a1b2')", "a#b2"),
    "REPLACEALL group references": ("REPLACEALL('(a)(b)', '$2$1', 'ab')", "ba"),
    "DATEFORMAT": ("DATEFORMAT(starttime, 'yyyy-MM-dd HH:mm:ss')", "2023-11-14 22:13:20"),
    "DATEFORMAT of NULL": ("DATEFORMAT(duration, 'yyyy')", None),
    "DATEFORMAT in a time zone": ("DATEFORMAT(starttime, 'HH:mm', 'Europe/Berlin')", "23:13"),
    "QIDNAME": ("QIDNAME(qid)", "Process creation"),
    "QIDNAME of an unknown QID": ("QIDNAME(123)", None),
    "QIDDESCRIPTION": (
        "QIDDESCRIPTION(qid)",
        "Process creation (Windows Microsoft-Windows-Sysmon/Operational event 1)",
    ),
    "CATEGORYNAME low-level": ("CATEGORYNAME(category)", "Process Creation Success"),
    "CATEGORYNAME high-level": ("CATEGORYNAME(highlevelcategory)", "System"),
    "LOGSOURCENAME": ("LOGSOURCENAME(logsourceid)", "WindowsAuthServer @ unknown"),
    "LOGSOURCETYPENAME": ("LOGSOURCETYPENAME(devicetype)", "Microsoft Windows Security Event Log"),
    "PROTOCOLNAME": ("PROTOCOLNAME(6)", "TCP.tcp.ip"),
    "INCIDR inside": ("INCIDR('10.0.0.0/8', sourceip)", 1),
    "INCIDR outside": ("INCIDR('192.168.0.0/16', sourceip)", 0),
    "INCIDR single address": ("INCIDR('10.1.2.3', sourceip)", 1),
    "INCIDR IPv6": ("INCIDR('fe80::/10', 'fe80::1')", 1),
    "INCIDR family mismatch": ("INCIDR('10.0.0.0/8', '::1')", 0),
    "INCIDR IPv4-mapped address": ("INCIDR('10.0.0.0/8', '::ffff:10.9.9.9')", 1),
    "REFERENCESETCONTAINS member": ("REFERENCESETCONTAINS('admins', username)", 1),
    "REFERENCESETCONTAINS non-member": ("REFERENCESETCONTAINS('admins', 'bob')", 0),
    "BASE64": ("BASE64('hi')", "aGk="),
    "PARSEDATETIME relative": ("PARSEDATETIME('1 hour ago')", EVENT_TIME - 3_600_000),
    "simple CASE": (
        "CASE username WHEN 'root' THEN 'admin' WHEN 'Alice' THEN 'user' ELSE 'other' END",
        "user",
    ),
    "simple CASE falls to ELSE": (
        "CASE username WHEN 'root' THEN 'admin' ELSE 'other' END",
        "other",
    ),
    "CASE without ELSE gives NULL": ("CASE username WHEN 'root' THEN 'admin' END", None),
    "searched CASE": ("CASE WHEN sourceport > 100 THEN 'high' ELSE 'low' END", "high"),
    "IF THEN ELSE": ("IF username = 'Alice' THEN 'A' ELSE 'B'", "A"),
    "IF on NULL takes ELSE": ("IF destinationip = '1.1.1.1' THEN 'A' ELSE 'B'", "B"),
    "IF IS NULL": ("IF destinationip IS NULL THEN 'none' ELSE 'some'", "none"),
    "nested functions": ("UPPER(SUBSTRING(CONCAT(username, 'x'), 0, 2))", "AL"),
    "custom property": ("Command", "net use"),
}


@pytest.mark.parametrize(("expression", "expected"), CASES.values(), ids=list(CASES))
def test_function(store: EventStore, expression: str, expected: Any) -> None:
    """The function table holds."""
    assert scalar(expression, store) == expected


ERRORS: dict[str, tuple[str, str]] = {
    "unknown function": ("FOO(username)", "FOO is not an AQL function"),
    "known but unsupported": ("ASSETHOSTNAME(sourceip)", "ASSETHOSTNAME is not supported"),
    "wrong argument count": ("LOWER('a', 'b')", "LOWER takes 1..1 arguments"),
    "bad CIDR": ("INCIDR('10.0.0.0/33', sourceip)", "not a CIDR range"),
    "missing reference set": ("REFERENCESETCONTAINS('nope', username)", "'nope' is not loaded"),
    "bad DATEFORMAT letter": ("DATEFORMAT(starttime, 'yyyy-bb')", "illegal letter 'b'"),
    "bad replacement regex": ("REPLACEALL('(', 'x', username)", "invalid regular expression"),
}


@pytest.mark.parametrize(("expression", "message"), ERRORS.values(), ids=list(ERRORS))
def test_function_error(store: EventStore, expression: str, message: str) -> None:
    """Bad calls raise EngineError naming the problem."""
    with pytest.raises(EngineError, match=message.replace("(", r"\(").replace(".", r"\.")):
        scalar(expression, store)
