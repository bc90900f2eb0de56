"""Pipelines: log sources, field mapping, profiles, user pipelines and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sigma.collection import SigmaCollection

import sigmaqr
from sigmaqr.backend import QRadarAQLBackend
from sigmaqr.exceptions import UnmappedFieldError, UnsupportedLogsourceError
from sigmaqr.pipelines.windows_fields import PROFILES
from sigmaqr.pipelines.windows_logsources import WINDOWS_CATEGORIES, WINDOWS_SERVICES


def rule(logsource: str, detection: str = "CommandLine: 'x'") -> SigmaCollection:
    """A rule with the given logsource block and one selection."""
    return SigmaCollection.from_yaml(
        f"""
title: Test
logsource:
    {logsource}
detection:
    sel:
        {detection}
    condition: sel
"""
    )


LOGSOURCE_CASES = {
    "process_creation": (
        "product: windows\n    category: process_creation",
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' "
        "AND qideventid = 1) AND \"Command\" ILIKE 'x')",
    ),
    "registry_delete": (
        "product: windows\n    category: registry_delete",
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' "
        'AND qideventid = 12 AND ("Event Type" ILIKE \'DeleteKey\' OR "Event Type" ILIKE '
        "'DeleteValue')) AND \"Command\" ILIKE 'x')",
    ),
    "registry_event": (
        "product: windows\n    category: registry_event",
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' "
        "AND (qideventid IN (12, 13, 14))) AND \"Command\" ILIKE 'x')",
    ),
    "ps_script": (
        "product: windows\n    category: ps_script",
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-PowerShell/Operational' "
        "AND qideventid = 4104) AND \"Command\" ILIKE 'x')",
    ),
    "security": (
        "product: windows\n    service: security",
        "devicetype = 12 AND (qideventcategory ILIKE 'Security' AND \"Command\" ILIKE 'x')",
    ),
    "powershell_two_channels": (
        "product: windows\n    service: powershell",
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-PowerShell/Operational' "
        "OR qideventcategory ILIKE 'PowerShellCore/Operational') AND \"Command\" ILIKE 'x')",
    ),
}


@pytest.mark.parametrize(
    ("logsource", "expected"), LOGSOURCE_CASES.values(), ids=list(LOGSOURCE_CASES)
)
def test_windows_logsources(logsource: str, expected: str) -> None:
    """Each Windows category or service becomes log source type 12, its channel and Event IDs."""
    assert QRadarAQLBackend().convert(rule(logsource), "filter") == [expected]


def test_every_category_and_service_converts() -> None:
    """Every log source in the Windows tables converts a rule."""
    for category in WINDOWS_CATEGORIES:
        assert QRadarAQLBackend().convert(rule(f"product: windows\n    category: {category}"))
    for service in WINDOWS_SERVICES:
        assert QRadarAQLBackend().convert(rule(f"product: windows\n    service: {service}"))


def test_unmapped_field_names_the_field() -> None:
    """A field without a QRadar property fails the rule with an error naming the field."""
    with pytest.raises(UnmappedFieldError, match="'NoSuchField'"):
        QRadarAQLBackend().convert(
            rule("product: windows\n    category: process_creation", "NoSuchField: 'x'")
        )


def test_unmapped_field_is_never_a_payload_search() -> None:
    """No rule silently falls back to a payload substring search for an unmapped field."""
    result = sigmaqr.convert(
        rule("product: windows\n    category: process_creation", "Company: 'x'\n        Foo: 'y'")
    )
    assert result.rules[0].status == "unsupported"
    assert "'Foo'" in str(result.rules[0].error)
    assert result.output == []


def test_unknown_logsource_names_it() -> None:
    """A rule whose log source has no QRadar log source type fails, naming the log source."""
    with pytest.raises(UnsupportedLogsourceError, match="product=acme/category=widget"):
        QRadarAQLBackend().convert(rule("product: acme\n    category: widget"))


def test_unknown_windows_category_is_refused() -> None:
    """A Windows rule of an unknown category is refused, not converted with only devicetype."""
    with pytest.raises(UnsupportedLogsourceError, match="category=widget"):
        QRadarAQLBackend().convert(rule("product: windows\n    category: widget"))


def test_legacy_profile() -> None:
    """The legacy pipeline uses the older content-pack property names."""
    result = sigmaqr.convert(
        rule("product: windows\n    category: process_creation", "CommandLine|contains: 'x'"),
        format="filter",
        pipelines=["sigmaqr_legacy"],
    )
    assert "\"Process CommandLine\" ILIKE '%x%'" in result.output[0]


def test_profiles_map_every_field_once() -> None:
    """Both profiles map the same Sigma fields."""
    assert PROFILES["default"].keys() == PROFILES["legacy"].keys()


def test_user_pipeline_adds_a_mapping(tmp_path: Path) -> None:
    """A user pipeline YAML adds a property for a field the default profile lacks."""
    pipeline = tmp_path / "company.yml"
    pipeline.write_text(
        "name: company\npriority: 10\ntransformations:\n"
        "  - type: field_name_mapping\n    mapping:\n      Company: Company Name\n"
    )
    result = sigmaqr.convert(
        rule("product: windows\n    category: process_creation", "Company: 'Evil'"),
        format="filter",
        pipelines=[str(pipeline)],
    )
    assert result.output == [
        "devicetype = 12 AND ((qideventcategory ILIKE 'Microsoft-Windows-Sysmon/Operational' "
        "AND qideventid = 1) AND \"Company Name\" ILIKE 'Evil')"
    ]


def test_expand_placeholder_from_pipeline_vars(tmp_path: Path) -> None:
    """A |expand placeholder is resolved from a user pipeline's vars."""
    pipeline = tmp_path / "vars.yml"
    pipeline.write_text("name: vars\nvars:\n  admins: ['root', 'admin']\ntransformations: []\n")
    result = sigmaqr.convert(
        rule("product: windows\n    category: process_creation", "User|expand: '%admins%'"),
        format="filter",
        pipelines=[str(pipeline)],
    )
    assert result.output[0].endswith("(username ILIKE 'root' OR username ILIKE 'admin'))")


def test_unresolved_placeholder_is_refused() -> None:
    """A |expand placeholder without a value fails the rule, never becomes LIKE '%%'."""
    result = sigmaqr.convert(
        rule("product: windows\n    category: process_creation", "User|expand: '%admins%'")
    )
    assert result.rules[0].status == "unsupported"
    assert "'%admins%'" in str(result.rules[0].error)


FILE_ACCESS_RULE = """
title: Credential files read
logsource:
    product: windows
    category: file_access
detection:
    selection:
        FileName|contains: '\\\\Microsoft\\\\Credentials\\\\'
    filter:
        Image: 'C:\\\\Windows\\\\explorer.exe'
    condition: selection and not filter
"""


def test_file_access_is_security_4663() -> None:
    """file_access becomes Security 4663: file in Object Name, process in Process Name."""
    result = sigmaqr.convert(SigmaCollection.from_yaml(FILE_ACCESS_RULE), format="filter")
    assert result.output == [
        "devicetype = 12 AND ((qideventcategory ILIKE 'Security' AND qideventid = 4663 AND "
        "\"Object Type\" ILIKE 'File') AND (\"Object Name\" ILIKE '%\\Microsoft\\Credentials\\%' "
        "AND (NOT (\"Process Name\" ILIKE 'C:\\Windows\\explorer.exe'))))"
    ]


def test_file_access_replays_on_4663_events() -> None:
    """The file_access mapping agrees with how the engine normalises Security 4663 events."""
    from sigmaqr.engine import EventStore, run

    def event(process: str) -> dict[str, object]:
        return {
            "Event": {
                "System": {
                    "Provider": {"#attributes": {"Name": "Microsoft-Windows-Security-Auditing"}},
                    "EventID": 4663,
                    "Channel": "Security",
                    "Computer": "ws01",
                    "TimeCreated": {"#attributes": {"SystemTime": "2026-01-01T00:00:00Z"}},
                },
                "EventData": {
                    "SubjectUserName": "alice",
                    "ObjectType": "File",
                    "ObjectName": "C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Credentials\\A1",
                    "ProcessName": process,
                    "AccessMask": "0x1",
                },
            }
        }

    store = EventStore()
    store.add([event("C:\\Users\\alice\\evil.exe"), event("C:\\Windows\\explorer.exe")])
    (query,) = sigmaqr.convert(SigmaCollection.from_yaml(FILE_ACCESS_RULE), format="filter").output
    assert [row["Process Name"] for row in run(query, store).dicts()] == [
        "C:\\Users\\alice\\evil.exe"
    ]
