"""Keywords: searched case-insensitively anywhere in the decoded payload."""

from __future__ import annotations

import pytest
from sigma.collection import SigmaCollection

from sigmaqr.backend import QRadarAQLBackend

SECURITY_PREFIX = "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND "

KEYWORD_CASES = {
    "plain": ("- 'mimikatz'", "UTF8(payload) ILIKE '%mimikatz%'"),
    "wildcard": ("- 'a*b'", "UTF8(payload) ILIKE '%a%b%'"),
    "number": ("- 42", "UTF8(payload) ILIKE '%42%'"),
    "percent": ("- 'foo%bar'", "UTF8(payload) IMATCHES '(?su)^.*foo%bar.*$'"),
    "quote": ('- "it\'s"', "UTF8(payload) ILIKE '%it''s%'"),
}


@pytest.mark.parametrize(("keyword", "expected"), KEYWORD_CASES.values(), ids=list(KEYWORD_CASES))
def test_keyword(keyword: str, expected: str) -> None:
    """A keyword becomes a case-insensitive substring search of UTF8(payload)."""
    rule = SigmaCollection.from_yaml(
        f"""
title: Test
logsource:
    product: windows
    service: security
detection:
    keywords:
        {keyword}
    condition: keywords
"""
    )
    assert QRadarAQLBackend().convert(rule, "filter") == [SECURITY_PREFIX + expected + ")"]
