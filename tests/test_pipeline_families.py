"""Product families: each log source's types and conditions, custom types, profiles, the doc."""

from __future__ import annotations

from pathlib import Path

import pytest
from sigma.collection import SigmaCollection

import sigmaqr
from sigmaqr.pipelines import FAMILIES, FAMILY_PIPELINES, has_base_mapping, qradar_pipeline
from sigmaqr.pipelines.logsource_types import CUSTOM, DOCUMENTED
from sigmaqr.pipelines.reference import BEGIN, END, render
from tests.conftest import ROOT


def convert(logsource: str, detection: str, pipelines: tuple[str, ...] = ()) -> str:
    """Convert one rule to a filter; return it, or the reason it was not converted."""
    rules = SigmaCollection.from_yaml(
        f"title: Test\nlogsource:\n{logsource}\ndetection:\n    sel:\n        {detection}\n"
        "    condition: sel\n"
    )
    result = sigmaqr.convert(rules, format="filter", pipelines=pipelines)
    return str(result.output[0]) if result.output else str(result.rules[0].error)


CASES = {
    "linux_process": (
        "    product: linux\n    category: process_creation",
        "CommandLine|contains: 'curl'",
        "devicetype = 11 AND (\"Command\" ILIKE '%curl%')",
    ),
    "auditd": (
        "    product: linux\n    service: auditd",
        "a0: 'chmod'",
        "devicetype = 11 AND (\"Audit Argument 0\" ILIKE 'chmod')",
    ),
    "macos": (
        "    product: macos\n    category: process_creation",
        "Image|endswith: '/osascript'",
        "devicetype = 102 AND (\"Process Path\" ILIKE '%/osascript')",
    ),
    "cloudtrail": (
        "    product: aws\n    service: cloudtrail",
        "eventName: 'DeleteTrail'",
        "devicetype = 347 AND (\"Event Name\" ILIKE 'DeleteTrail')",
    ),
    "azure_signin": (
        "    product: azure\n    service: signinlogs",
        "ResultType: 50126",
        "devicetype = 445 AND (\"Result Type\" = '50126')",
    ),
    "azure_activity": (
        "    product: azure\n    service: activitylogs",
        "operationName: 'x'",
        "devicetype = 413 AND (\"Operation Name\" ILIKE 'x')",
    ),
    "m365": (
        "    product: m365\n    service: audit",
        "Operation: 'New-InboxRule'",
        "devicetype = 397 AND (\"Operation\" ILIKE 'New-InboxRule')",
    ),
    "gcp": (
        "    product: gcp\n    service: gcp.audit",
        "gcp.audit.method_name: 'x'",
        "devicetype = 449 AND (\"Method Name\" ILIKE 'x')",
    ),
    "okta": (
        "    product: okta\n    service: okta",
        "eventType: 'user.mfa.factor.deactivate'",
        "devicetype = 382 AND (\"Event Type\" ILIKE 'user.mfa.factor.deactivate')",
    ),
    "proxy": (
        "    category: proxy",
        "c-useragent: 'x'",
        "devicetype IN (46, 103, 191, 220, 331, 399, 419) AND (\"User Agent\" ILIKE 'x')",
    ),
    "webserver": (
        "    category: webserver",
        "cs-method: 'PUT'",
        "devicetype IN (10, 13, 239, 439) AND (\"HTTP Method\" ILIKE 'PUT')",
    ),
    "firewall_cidr": (
        "    category: firewall",
        "dst_ip|cidr: '10.0.0.0/8'",
        "devicetype IN (3, 14, 41, 73, 78, 150, 206, 360, 448, 450) AND "
        "(INCIDR('10.0.0.0/8', destinationip))",
    ),
    "zeek_by_name_and_path": (
        "    product: zeek\n    service: dns",
        "query|endswith: '.onion'",
        "(LOGSOURCETYPENAME(devicetype) ILIKE 'Zeek' AND "
        "\"Zeek Log Path\" ILIKE 'dns') AND \"DNS Request Domain\" ILIKE '%.onion'",
    ),
    "rpc_firewall_through_windows": (
        "    product: rpc_firewall\n    category: application",
        "InterfaceUuid: 'x'",
        "devicetype = 12 AND (\"Interface UUID\" ILIKE 'x')",
    ),
}


@pytest.mark.parametrize(("logsource", "detection", "expected"), CASES.values(), ids=list(CASES))
def test_family_logsources(logsource: str, detection: str, expected: str) -> None:
    """Each family's log source becomes its QRadar log source types, its fields its properties."""
    assert convert(logsource, detection) == expected


def test_custom_type_id_from_pipeline_variable(tmp_path: Path) -> None:
    """The qradar_log_source_types variable turns a custom type's name test into its devicetype."""
    ids = tmp_path / "ids.yml"
    ids.write_text(
        "name: ids\npriority: 10\nvars:\n  qradar_log_source_types:\n    Zeek: 4012\n"
        "transformations: []\n",
        encoding="utf-8",
    )
    query = convert("    product: zeek\n    service: dns", "query: 'x'", (str(ids),))
    assert query.startswith("devicetype = 4012 AND (")
    assert "LOGSOURCETYPENAME" not in query


def test_product_fallback_serves_keyword_rules() -> None:
    """A product-only log source (keyword rules) maps to the product's log source type."""
    rules = SigmaCollection.from_yaml(
        "title: T\nlogsource:\n    product: linux\ndetection:\n    keywords:\n        - 'evil'\n"
        "    condition: keywords\n"
    )
    assert sigmaqr.convert(rules, format="filter").output == [
        "devicetype = 11 AND (UTF8(payload) ILIKE '%evil%')"
    ]


def test_unknown_linux_category_is_refused() -> None:
    """The product fallback never catches a rule of an unknown category."""
    assert "log source product=linux/category=widget" in convert(
        "    product: linux\n    category: widget", "x: 'y'"
    )


def test_field_of_another_family_is_unmapped() -> None:
    """A field is mapped by the claiming family's table only."""
    assert "'eventName'" in convert(
        "    product: linux\n    category: process_creation", "eventName: 'x'"
    )


def test_legacy_profile_linux() -> None:
    """The legacy profile uses the pre-1.1.3 Linux property names."""
    query = convert(
        "    product: linux\n    category: process_creation",
        "CommandLine: 'x'",
        ("sigmaqr_legacy",),
    )
    assert "\"Process CommandLine\" ILIKE 'x'" in query


def test_every_family_pipeline_builds() -> None:
    """Each family's own pipeline builds in both profiles."""
    for name, build in FAMILY_PIPELINES.items():
        for profile in ("default", "legacy"):
            assert build(profile).items[0].identifier == f"qradar_{name}_logsources"


def test_base_mapping_is_detected() -> None:
    """The combined mapping and the Windows pipeline count as a base mapping, others do not."""
    assert has_base_mapping(qradar_pipeline())
    assert has_base_mapping(FAMILY_PIPELINES["windows"]("default"))
    assert not has_base_mapping(FAMILY_PIPELINES["linux"]("default"))


def test_unknown_profile_is_refused() -> None:
    """An unknown profile name is an error, not a silent default."""
    with pytest.raises(ValueError, match="unknown property-name profile"):
        FAMILY_PIPELINES["linux"]("modern")


def test_tables_name_known_log_source_types() -> None:
    """Every log source type in a table has an id or is a declared custom type, never both."""
    names = {t for f in FAMILIES for entry in f.logsources.values() for t in entry.types}
    assert names <= DOCUMENTED.keys() | CUSTOM
    assert not DOCUMENTED.keys() & CUSTOM
    for family in FAMILIES:
        for entry in family.logsources.values():
            kinds = {name in CUSTOM for name in entry.types}
            assert len(kinds) == 1, f"{family.name}: mixes custom and documented types"


def test_condition_fields_are_mapped() -> None:
    """The fields a log source adds as conditions are mapped by its family."""
    for family in FAMILIES:
        for entry in family.logsources.values():
            assert set(entry.conditions) <= set(family.fields), family.name


def test_pipelines_doc_is_generated_from_the_tables() -> None:
    """docs/pipelines.md lists every log source and every field mapping, as the data says."""
    text = (ROOT / "docs" / "pipelines.md").read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END)
    assert text[start:end] == render(), (
        "docs/pipelines.md is out of date: python -m sigmaqr.pipelines.reference "
        "--write docs/pipelines.md"
    )
