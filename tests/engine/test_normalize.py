"""Normalisation: Windows events become QRadar events named by the active field profile."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sigmaqr.engine import EventStore, Normalizer, run
from sigmaqr.engine.schema import COLUMNS
from sigmaqr.pipelines.windows_fields import PROFILES
from tests.engine.conftest import DATA


def _load(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def sysmon() -> Any:
    """The normalised Sysmon Event 1 sample (default profile)."""
    return Normalizer().normalize(_load("sysmon_1.json"))


@pytest.fixture(scope="module")
def share() -> Any:
    """The normalised Security Event 5140 sample (default profile)."""
    return Normalizer().normalize(_load("security_5140.json"))


SYSMON_COLUMNS: dict[str, Any] = {
    "devicetype": 12,
    "qideventid": 1,
    "qideventcategory": "Microsoft-Windows-Sysmon/Operational",
    "qid": 5001828,
    "category": 8110,
    "highlevelcategory": 8000,
    "starttime": 1714979289123,
    "devicetime": 1714979289123,
    "username": "CORP\\alice",
    "eventcount": 1,
    "logsourceidentifier": "WKS-07.corp.example",
}

SYSMON_PROPERTIES: dict[str, str] = {
    "Command": "net  use \\\\fileserver\\share /delete",
    "Process Path": "C:\\Windows\\System32\\net.exe",
    "Parent Process Path": "C:\\Windows\\System32\\cmd.exe",
    "Parent Command": '"C:\\Windows\\system32\\cmd.exe" ',
    "Original File Name": "net.exe",
    "Process ID": "6120",
    "Integrity Level": "Medium",
    "Hostname": "WKS-07.corp.example",
    "Provider Name": "Microsoft-Windows-Sysmon",
    "MD5 Hash": "0123456789ABCDEF0123456789ABCDEF",
    "SHA1 Hash": "0123456789ABCDEF0123456789ABCDEF01234567",
    "SHA256 Hash": "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
    "IMP Hash": "FEDCBA9876543210FEDCBA9876543210",
}


class TestSysmonProcessCreation:
    """Sysmon Event 1 under the default profile."""

    @pytest.mark.parametrize(("column", "value"), SYSMON_COLUMNS.items(), ids=list(SYSMON_COLUMNS))
    def test_column(self, sysmon: Any, column: str, value: Any) -> None:
        """Built-in columns come from the envelope, the QID table and the user field."""
        assert sysmon.columns[column] == value

    @pytest.mark.parametrize(
        ("name", "value"), SYSMON_PROPERTIES.items(), ids=list(SYSMON_PROPERTIES)
    )
    def test_property(self, sysmon: Any, name: str, value: str) -> None:
        """Event fields become the custom properties the profile names (hashes split)."""
        assert sysmon.properties[name] == value

    def test_unmapped_fields_are_not_properties(self, sysmon: Any) -> None:
        """Fields the profile does not name (UtcTime) are only in the payload."""
        assert "Logon GUID" in sysmon.properties
        assert "UtcTime" not in sysmon.properties

    def test_payload_is_event_xml(self, sysmon: Any) -> None:
        """The payload is the event's XML with literal backslashes."""
        payload = sysmon.columns["payload"].decode("utf-8")
        assert payload.startswith(
            '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">'
        )
        assert '<Data Name="CommandLine">net  use \\\\fileserver\\share /delete</Data>' in payload


SHARE_COLUMNS: dict[str, Any] = {
    "qideventid": 5140,
    "qideventcategory": "Security",
    "qid": 5001108,
    "category": 4014,
    "highlevelcategory": 4000,
    "username": "alice",
    "sourceip": "10.1.2.3",
    "sourceport": 49731,
}

SHARE_PROPERTIES: dict[str, str] = {
    "Share Name": "\\\\*\\ADMIN$",
    "Share Local Path": "\\??\\C:\\Windows",
    "Subject Username": "alice",
    "Subject Domain Name": "CORP",
    "Object Type": "File",
    "Access Mask": "0x1",
}


class TestSecurityShareAccess:
    """Security Event 5140 under the default profile."""

    @pytest.mark.parametrize(("column", "value"), SHARE_COLUMNS.items(), ids=list(SHARE_COLUMNS))
    def test_column(self, share: Any, column: str, value: Any) -> None:
        """IpAddress/IpPort fill sourceip/sourceport (IPv4-mapped shown as IPv4)."""
        assert share.columns[column] == value

    @pytest.mark.parametrize(
        ("name", "value"), SHARE_PROPERTIES.items(), ids=list(SHARE_PROPERTIES)
    )
    def test_property(self, share: Any, name: str, value: str) -> None:
        """Security event fields become their QRadar properties."""
        assert share.properties[name] == value


def _flat(**fields: Any) -> dict[str, Any]:
    return {"EventID": 1, "Channel": "Security", "TimeCreated": "2024-01-01T00:00:00Z", **fields}


USERNAMES: dict[str, tuple[dict[str, Any], str]] = {
    "Sysmon User": ({"User": "CORP\\bob", "SubjectUserName": "x"}, "CORP\\bob"),
    "logon uses the target": (
        {"EventID": 4624, "SubjectUserName": "WKS$", "TargetUserName": "bob"},
        "bob",
    ),
    "other events use the subject": (
        {"EventID": 4698, "SubjectUserName": "bob", "TargetUserName": "t"},
        "bob",
    ),
    "dash is no user": ({"EventID": 4698, "SubjectUserName": "-", "TargetUserName": "t"}, "t"),
    "UserName fallback": (
        {"Channel": "Microsoft-Windows-TaskScheduler/Operational", "UserName": "S"},
        "S",
    ),
}


@pytest.mark.parametrize(("fields", "expected"), USERNAMES.values(), ids=list(USERNAMES))
def test_username(fields: dict[str, Any], expected: str) -> None:
    """``username`` comes from User, else the target (logons) or subject account."""
    assert Normalizer().normalize(_flat(**fields)).columns["username"] == expected


def test_legacy_profile_names() -> None:
    """The legacy profile stores CommandLine as "Process CommandLine" and Image as "Image"."""
    event = Normalizer("legacy").normalize(_load("sysmon_1.json"))
    assert event.properties["Process CommandLine"].startswith("net  use")
    assert event.properties["Image"] == "C:\\Windows\\System32\\net.exe"
    assert "Command" not in event.properties


def _sample(column: str) -> str:
    kind = COLUMNS.get(column)
    return {"int": "4242", "ip": "192.0.2.7"}.get(kind or "", "sample")


@pytest.mark.parametrize("profile", list(PROFILES))
def test_every_profile_field_is_normalised(profile: str) -> None:
    """Consistency by construction: each field the profile maps lands where the backend looks."""
    fields = PROFILES[profile]
    skip = {"EventID", "Channel"}
    record = _flat(**{name: _sample(target) for name, target in fields.items() if name not in skip})
    event = Normalizer(profile).normalize(record)
    for name, target in fields.items():
        if name in skip:
            continue
        found = event.columns.get(target) if target in COLUMNS else event.properties.get(target)
        assert found is not None, f"{name} -> {target}"


def test_unknown_event_gets_a_dynamic_qid() -> None:
    """An event missing from the QID table gets a dynamic QID that qidmap knows."""
    store = EventStore()
    store.add([_flat(Channel="Microsoft-Windows-Foo/Operational", EventID=77)])
    rows = run("SELECT QIDNAME(qid), CATEGORYNAME(category) FROM events", store).rows
    assert rows == [("Microsoft-Windows-Foo/Operational event 77", "Unknown System Event")]


def test_payload_search_finds_windows_paths() -> None:
    """UTF8(payload) ILIKE with a Windows path works because backslashes stay single."""
    store = EventStore()
    store.add([_load("sysmon_1.json")])
    assert len(run(r"UTF8(payload) ILIKE '%\\FILESERVER\share%'", store)) == 1
