"""AQL (IBM QRadar Ariel Query Language): parser, canonical printer and validator.

Typical use::

    from sigmaqr.aql import parse, to_aql, validate

    tree = parse("SELECT * FROM events WHERE sourceip = '10.0.0.1' LAST 1 HOURS")
    print(to_aql(tree))
    result = validate("SELECT * FROM events LAST 5 MINUTES LIMIT 10")
    for issue in result.issues:
        print(issue.line, issue.col, issue.message)
"""

from sigmaqr.aql import ast
from sigmaqr.aql.functions import FUNCTIONS, FunctionSpec
from sigmaqr.aql.parser import (
    PROFILES,
    AQLSyntaxError,
    Profile,
    parse,
    parse_condition,
    parse_statement,
)
from sigmaqr.aql.printer import quote_identifier, quote_string, to_aql
from sigmaqr.aql.validate import Issue, ValidationResult, validate
from sigmaqr.aql.walk import children, walk

__all__ = [
    "FUNCTIONS",
    "PROFILES",
    "AQLSyntaxError",
    "FunctionSpec",
    "Issue",
    "Profile",
    "ValidationResult",
    "ast",
    "children",
    "parse",
    "parse_condition",
    "parse_statement",
    "quote_identifier",
    "quote_string",
    "to_aql",
    "validate",
    "walk",
]
