"""The known-function table."""

from __future__ import annotations

import pytest

from sigmaqr.aql import FUNCTIONS
from sigmaqr.aql.functions import FunctionSpec, is_aggregate, lookup

DOCUMENTED = (
    "BASE64",
    "CONCAT",
    "DATEFORMAT",
    "DOUBLE",
    "LONG",
    "NOW",
    "PARSEDATETIME",
    "PARSETIMESTAMP",
    "REPLACEALL",
    "REPLACEFIRST",
    "STR",
    "STRLEN",
    "STRPOS",
    "SUBSTRING",
    "UPPER",
    "LOWER",
    "UTF8",
    "AVG",
    "COUNT",
    "FIRST",
    "LAST",
    "MIN",
    "MAX",
    "STDEV",
    "STDEVP",
    "SUM",
    "UNIQUECOUNT",
    "APPLICATIONNAME",
    "ARIELSERVERS4EPID",
    "ARIELSERVERS4EPNAME",
    "ASSETHOSTNAME",
    "ASSETPROPERTY",
    "ASSETUSER",
    "CATEGORYNAME",
    "COMPONENTID",
    "DOMAINNAME",
    "GEO::LOOKUP",
    "GEO::DISTANCE",
    "HOSTNAME",
    "INCIDR",
    "INOFFENSE",
    "LOGSOURCENAME",
    "LOGSOURCEGROUPNAME",
    "LOGSOURCETYPENAME",
    "MATCHESASSETSEARCH",
    "NETWORKNAME",
    "OFFENSE_TIME",
    "PROCESSORNAME",
    "PROTOCOLNAME",
    "QIDNAME",
    "QIDDESCRIPTION",
    "REFERENCEMAP",
    "REFERENCEMAPSETCONTAINS",
    "REFERENCETABLE",
    "REFERENCESETCONTAINS",
    "RULENAME",
)


class TestFunctionTable:
    """Contents and lookups."""

    def test_documented_functions_are_known(self) -> None:
        """Every function of IBM's AQL guide table of contents is in the table."""
        assert sorted(FUNCTIONS) == sorted(DOCUMENTED)

    @pytest.mark.parametrize("name", ["qidname", "QidName", "QIDNAME"])
    def test_lookup_is_case_insensitive(self, name: str) -> None:
        """Lookups ignore letter case."""
        assert lookup(name) == FunctionSpec("QIDNAME", 1, 1, "scalar", "retrieval")

    def test_unknown(self) -> None:
        """COALESCE is not an AQL function."""
        assert lookup("coalesce") is None

    @pytest.mark.parametrize(
        ("name", "expected"),
        [("count", True), ("UNIQUECOUNT", True), ("LOWER", False), ("nope", False)],
    )
    def test_is_aggregate(self, name: str, expected: bool) -> None:
        """Aggregates are the AVG ... UNIQUECOUNT group."""
        assert is_aggregate(name) is expected

    @pytest.mark.parametrize(
        ("name", "count", "expected"),
        [
            ("NOW", 0, True),
            ("NOW", 1, False),
            ("CONCAT", 9, True),
            ("CONCAT", 0, False),
            ("REFERENCESETCONTAINS", 3, True),
            ("REFERENCESETCONTAINS", 4, False),
        ],
    )
    def test_accepts(self, name: str, count: int, expected: bool) -> None:
        """Argument counts are checked against the range."""
        assert FUNCTIONS[name].accepts(count) is expected

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("NOW", "0 arguments"),
            ("QIDNAME", "1 argument"),
            ("INCIDR", "2 arguments"),
            ("STRPOS", "2 to 3 arguments"),
            ("CONCAT", "at least 1 argument"),
        ],
    )
    def test_arity_text(self, name: str, expected: str) -> None:
        """The arity is described in words for messages."""
        assert FUNCTIONS[name].arity_text() == expected
