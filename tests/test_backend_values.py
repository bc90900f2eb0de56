"""Values: quoting, escaping, wildcards and modifiers rendered as exact AQL conditions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

STRING_CASES = {
    "exact_is_case_insensitive": ("CommandLine: 'Net.EXE'", "\"Command\" ILIKE 'Net.EXE'"),
    "contains": ("CommandLine|contains: 'use'", "\"Command\" ILIKE '%use%'"),
    "startswith": ("CommandLine|startswith: 'net'", "\"Command\" ILIKE 'net%'"),
    "endswith": ("Image|endswith: '\\net.exe'", "\"Process Path\" ILIKE '%\\net.exe'"),
    "quote_doubled": ('CommandLine: "it\'s"', "\"Command\" ILIKE 'it''s'"),
    "backslash_literal": ("CommandLine: 'C:\\Windows\\x'", "\"Command\" ILIKE 'C:\\Windows\\x'"),
    "trailing_backslash": ("CommandLine|endswith: 'dir\\'", "\"Command\" ILIKE '%dir\\'"),
    "wildcard_star": ("CommandLine: 'a*b'", "\"Command\" ILIKE 'a%b'"),
    "wildcard_question": ("CommandLine: 'a?c'", "\"Command\" ILIKE 'a_c'"),
    "escaped_star_literal": ("CommandLine|contains: '\\* /d'", "\"Command\" ILIKE '%* /d%'"),
    "escaped_question_literal": ("CommandLine: 'a\\?c'", "\"Command\" ILIKE 'a?c'"),
    "double_quote_plain": ("CommandLine|contains: '\"x\"'", '"Command" ILIKE \'%"x"%\''),
    "unicode": ("CommandLine|contains: 'ü—x'", "\"Command\" ILIKE '%ü—x%'"),
    "empty": ("CommandLine: ''", "\"Command\" ILIKE ''"),
    "percent_uses_regex": (
        "CommandLine|contains: '%APPDATA%'",
        "\"Command\" IMATCHES '(?su)^.*%APPDATA%.*$'",
    ),
    "underscore_uses_regex": (
        "CommandLine|endswith: 'my_file.exe'",
        "\"Command\" IMATCHES '(?su)^.*my_file\\.exe$'",
    ),
    "regex_fallback_escapes_metacharacters": (
        "CommandLine: '50% (a+b)?'",
        "\"Command\" IMATCHES '(?su)^50% \\(a\\+b\\).$'",
    ),
    "regex_fallback_quote_doubled": (
        'CommandLine|contains: "it\'s_"',
        "\"Command\" IMATCHES '(?su)^.*it''s_.*$'",
    ),
    "cased_exact": ("CommandLine|cased: 'AbC'", "\"Command\" LIKE 'AbC'"),
    "cased_contains": ("CommandLine|cased|contains: 'AbC'", "\"Command\" LIKE '%AbC%'"),
    "cased_percent": ("CommandLine|cased|contains: 'A%C'", "\"Command\" MATCHES '(?s)^.*A%C.*$'"),
    "ip_text_match": ("DestinationIp|startswith: '10.'", "STR(destinationip) ILIKE '10.%'"),
}


@pytest.mark.parametrize(("detection", "expected"), STRING_CASES.values(), ids=list(STRING_CASES))
def test_string_values(where: Callable[[str], str], detection: str, expected: str) -> None:
    """Each string value renders as a case-insensitive whole-value match, escaped for AQL."""
    assert where(f"    sel:\n        {detection}\n    condition: sel") == expected


MODIFIER_CASES = {
    "contains_all": (
        "CommandLine|contains|all: ['a', 'b']",
        "(\"Command\" ILIKE '%a%' AND \"Command\" ILIKE '%b%')",
    ),
    "list_is_or": (
        "CommandLine: ['a', 'b']",
        "(\"Command\" ILIKE 'a' OR \"Command\" ILIKE 'b')",
    ),
    "base64": ("CommandLine|base64: 'abc'", "\"Command\" ILIKE 'YWJj'"),
    "base64offset": (
        "CommandLine|base64offset|contains: 'ab'",
        "(\"Command\" ILIKE '%YW%' OR \"Command\" ILIKE '%Fi%' OR \"Command\" ILIKE '%hY%')",
    ),
    "wide_base64offset": (
        "CommandLine|wide|base64offset|contains: 'ab'",
        "(\"Command\" ILIKE '%YQBiA%' OR \"Command\" ILIKE '%EAYg%' "
        "OR \"Command\" ILIKE '%hAGIA%')",
    ),
    "windash": (
        "CommandLine|windash|contains: ' -d'",
        "(\"Command\" ILIKE '% -d%' OR \"Command\" ILIKE '% /d%' OR \"Command\" ILIKE '% \u2013d%'"
        " OR \"Command\" ILIKE '% \u2014d%' OR \"Command\" ILIKE '% \u2015d%')",
    ),
    "re": (
        "CommandLine|re: 'a.b'",
        "\"Command\" MATCHES '(?s:.*)(?:a.b)(?s:.*)'",
    ),
    "re_ignorecase": (
        "CommandLine|re|i: 'a.b'",
        "\"Command\" MATCHES '(?iu)(?s:.*)(?:a.b)(?s:.*)'",
    ),
    "re_multiline_dotall": (
        "CommandLine|re|m|s: '^a.b$'",
        "\"Command\" MATCHES '(?ms)(?s:.*)(?:^a.b$)(?s:.*)'",
    ),
    "re_inline_flag_hoisted": (
        "CommandLine|re: '(?i)it''s\\s+x'",
        "\"Command\" MATCHES '(?iu)(?s:.*)(?:it''s\\s+x)(?s:.*)'",
    ),
    "re_python_named_group": (
        "CommandLine|re: '(?P<x>a)(?P=x)'",
        "\"Command\" MATCHES '(?s:.*)(?:(?<x>a)\\k<x>)(?s:.*)'",
    ),
    "cidr_ipv4": ("DestinationIp|cidr: '10.0.0.0/8'", "INCIDR('10.0.0.0/8', destinationip)"),
    "cidr_ipv6": ("DestinationIp|cidr: 'fe80::/10'", "INCIDR('fe80::/10', destinationip)"),
    "cidr_custom_property_quoted": (
        "SourceHostname|cidr: '192.168.0.0/16'",
        "INCIDR('192.168.0.0/16', \"Source Hostname\")",
    ),
    "number_builtin": ("DestinationPort: 445", "destinationport = 445"),
    "number_custom_property": ("ProcessId: 4", "\"Process ID\" = '4'"),
    "number_list": ("ProcessId: [4, 8]", "(\"Process ID\" IN ('4', '8'))"),
    "number_list_builtin": ("DestinationPort: [139, 445]", "(destinationport IN (139, 445))"),
    "gt": ("ProcessId|gt: 5", '"Process ID" > 5'),
    "gte": ("ProcessId|gte: 5", '"Process ID" >= 5'),
    "lt": ("ProcessId|lt: 5", '"Process ID" < 5'),
    "lte": ("ProcessId|lte: 5", '"Process ID" <= 5'),
    "null": ("CommandLine: null", '"Command" IS NULL'),
    "exists": ("CommandLine|exists: true", '"Command" IS NOT NULL'),
    "not_exists": ("CommandLine|exists: false", '"Command" IS NULL'),
    "bool": ("Signed: true", "\"Signed\" = 'true'"),
    "fieldref": ("CommandLine|fieldref: ParentCommandLine", '"Command" = "Parent Command"'),
    "builtin_user_column": ("User: 'SYSTEM'", "username ILIKE 'SYSTEM'"),
}


@pytest.mark.parametrize(
    ("detection", "expected"), MODIFIER_CASES.values(), ids=list(MODIFIER_CASES)
)
def test_modifiers(where: Callable[[str], str], detection: str, expected: str) -> None:
    """Each Sigma modifier renders as its exact AQL equivalent."""
    assert where(f"    sel:\n        {detection}\n    condition: sel") == expected


def test_not_is_parenthesised(where: Callable[[str], str]) -> None:
    """NOT always takes a parenthesised operand."""
    detection = (
        "    sel:\n        CommandLine|contains: 'a'\n"
        "    filter:\n        CommandLine|contains: 'b'\n"
        "    condition: sel and not filter"
    )
    assert where(detection) == "(\"Command\" ILIKE '%a%' AND (NOT (\"Command\" ILIKE '%b%')))"


def test_or_of_and_is_grouped(where: Callable[[str], str]) -> None:
    """AND groups inside OR keep their parentheses."""
    detection = (
        "    a:\n        CommandLine: 'x'\n        Image: 'y'\n"
        "    b:\n        CommandLine: 'z'\n"
        "    condition: a or b"
    )
    assert where(detection) == (
        "((\"Command\" ILIKE 'x' AND \"Process Path\" ILIKE 'y') OR \"Command\" ILIKE 'z')"
    )
