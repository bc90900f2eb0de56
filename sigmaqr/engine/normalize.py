"""Normalisation: turn a Windows event into a QRadar event (the job a QRadar DSM does).

Every Windows event becomes a Microsoft Windows Security Event Log event (devicetype 12) whose
``qideventcategory`` is the channel and ``qideventid`` the Event ID. Event fields named in the
active field profile (:data:`sigmaqr.pipelines.windows_fields.PROFILES`) become the QRadar column
or custom property that profile names, so the engine stores exactly what the backend queries.
docs/engine.md has the full table.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from sigmaqr.engine import qids
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.payload import render_flat, render_xml
from sigmaqr.engine.schema import COLUMNS
from sigmaqr.pipelines.windows_fields import PROFILES
from sigmaqr.pipelines.windows_logsources import WINDOWS_DEVICE_TYPE

__all__ = ["NormalizedEvent", "Normalizer", "parse_time"]

_TARGET_USER_EVENTS = frozenset({4624, 4625, 4634, 4647, 4768, 4769, 4770, 4771, 4776, 4778, 4779})
"""Security events whose ``username`` is the target account (logons, Kerberos, NTLM)."""

_HASH_FIELDS = frozenset({"Hashes", "Hash"})
_HASH_NAMES = frozenset({"md5", "sha1", "sha256", "imphash"})
_PROTOCOLS = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}
_NO_VALUE = frozenset({"", "-"})
_FRACTION = re.compile(r"(\.\d{6})\d+")


@attrs.frozen
class NormalizedEvent:
    """One event as QRadar stores it: built-in column values and custom property values."""

    columns: Mapping[str, Any]
    properties: Mapping[str, str]


def parse_time(value: Any) -> int:
    """Return epoch milliseconds for an ISO 8601 time string or a number of milliseconds.

    Args:
        value: ``2025-11-27T07:40:10.165324Z``, ``2025-11-27 07:40:10.132`` (UTC assumed when
            no offset is given) or an integer.

    Raises:
        EngineError: The value is not a time.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value)
    text = _FRACTION.sub(r"\1", str(value).strip().removesuffix(" UTC"))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise EngineError(f"not a time: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip(), 0)
    except ValueError:
        return None


def _ip(value: Any) -> str | None:
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def _column_value(column: str, value: Any) -> Any:
    kind = COLUMNS[column]
    if kind == "int":
        return _int(value)
    if kind == "ip":
        return _ip(value)
    return _text(value)


def _unwrap(value: Any) -> Any:
    if isinstance(value, Mapping) and "#text" in value:
        value = value["#text"]
    if isinstance(value, list):
        return "\n".join(str(_unwrap(item)) for item in value)
    return value


def _data_fields(data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        return {} if data is None else {"Data": _unwrap(data)}
    return {k: _unwrap(v) for k, v in data.items() if not k.startswith("#")}


def _system_fields(system: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in system.items():
        if key == "TimeCreated" and isinstance(value, Mapping):
            flat["TimeCreated"] = (value.get("#attributes") or {}).get("SystemTime")
        elif isinstance(value, Mapping) and "#text" not in value:
            for attr, item in (value.get("#attributes") or {}).items():
                flat[f"{key}_{attr}"] = item
        else:
            flat[key] = _unwrap(value)
    return flat


def flatten(event: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten an EVTX ``Event`` object into Sigma field names (``EventID``, ``Provider_Name``).

    System values come first; EventData and UserData fields follow and win on a name clash.
    """
    flat = _system_fields(event.get("System") or {})
    flat.update(_data_fields(event.get("EventData")))
    user_data = event.get("UserData")
    if isinstance(user_data, Mapping):
        for child in user_data.values():
            flat.update(_data_fields(child))
    return flat


def _hashes(value: Any) -> list[tuple[str, str]]:
    pairs = (part.split("=", 1) for part in str(value).split(",") if "=" in part)
    return [(name.strip(), digest.strip()) for name, digest in pairs]


def _username(flat: Mapping[str, Any], channel: str, eventid: int) -> str | None:
    target_first = channel.lower() == "security" and eventid in _TARGET_USER_EVENTS
    users = ("TargetUserName", "SubjectUserName")
    order = ("User", *(users if target_first else users[::-1]), "UserName", "AccountName")
    for name in order:
        text = _text(flat.get(name))
        if text is not None and text not in _NO_VALUE:
            return text
    return None


class Normalizer:
    """Normalises Windows events for one field profile (``default`` or ``legacy``)."""

    def __init__(self, profile: str = "default") -> None:
        if profile not in PROFILES:
            raise EngineError(f"unknown field profile {profile!r} (known: {', '.join(PROFILES)})")
        self.profile = profile
        self._fields = PROFILES[profile]
        self._hash_targets = {
            name.lower(): target
            for name, target in self._fields.items()
            if name.lower() in _HASH_NAMES
        }

    def normalize(self, record: Mapping[str, Any]) -> NormalizedEvent:
        """Normalise one input record.

        Args:
            record: An EVTX JSON record (``{"Event": {...}}``), its bare ``Event`` object, a flat
                Windows event (``{"EventID": 1, "Channel": ..., "CommandLine": ...}``) or an
                already normalised event (built-in column names plus ``properties``).

        Returns:
            The QRadar event.

        Raises:
            EngineError: The record is not an event the engine understands.
        """
        if isinstance(record.get("Event"), Mapping):
            return self.windows(flatten(record["Event"]), render_xml(record["Event"]))
        if isinstance(record.get("System"), Mapping):
            return self.windows(flatten(record), render_xml(record))
        if "EventID" in record:
            return self.windows(dict(record), render_flat(record))
        return self.prenormalized(record)

    def windows(self, flat: Mapping[str, Any], payload: str) -> NormalizedEvent:
        """Normalise a flattened Windows event whose raw text is ``payload``."""
        channel = _text(flat.get("Channel")) or ""
        eventid = _int(flat.get("EventID"))
        if eventid is None:
            raise EngineError(f"event has no numeric EventID: {flat.get('EventID')!r}")
        columns = self._envelope(flat, channel, eventid, payload)
        properties: dict[str, str] = {}
        for name, value in flat.items():
            if name in self._fields:
                self._assign(self._fields[name], value, columns, properties)
            if name in _HASH_FIELDS:
                for algorithm, digest in _hashes(value):
                    target = self._hash_targets.get(algorithm.lower())
                    if target:
                        self._assign(target, digest, columns, properties)
        self._derive(flat, channel, eventid, columns)
        return NormalizedEvent(columns, properties)

    def _envelope(
        self, flat: Mapping[str, Any], channel: str, eventid: int, payload: str
    ) -> dict[str, Any]:
        record = qids.lookup(channel, eventid)
        time = flat.get("TimeCreated") or flat.get("UtcTime")
        if time is None:
            raise EngineError("event has no TimeCreated (nor UtcTime)")
        started = parse_time(time)
        return {
            "devicetype": WINDOWS_DEVICE_TYPE,
            "qid": record.qid,
            "qideventid": eventid,
            "qideventcategory": channel,
            "category": record.lowlevelcategory,
            "highlevelcategory": record.highlevelcategory,
            "severity": record.severity,
            "credibility": 5,
            "relevance": 5,
            "magnitude": max(1, (2 * record.severity + 10) // 4),
            "eventcount": 1,
            "starttime": started,
            "devicetime": started,
            "endtime": started,
            "logsourceidentifier": _text(flat.get("Computer")) or "unknown",
            "payload": payload.encode("utf-8"),
        }

    @staticmethod
    def _assign(target: str, value: Any, columns: dict[str, Any], props: dict[str, str]) -> None:
        if target in COLUMNS:
            converted = _column_value(target, value)
            if converted is not None and columns.get(target) is None:
                columns[target] = converted
            return
        text = _text(value)
        if text is not None and target not in props:
            props[target] = text

    @staticmethod
    def _derive(
        flat: Mapping[str, Any], channel: str, eventid: int, columns: dict[str, Any]
    ) -> None:
        if columns.get("username") is None:
            columns["username"] = _username(flat, channel, eventid)
        protocol = _PROTOCOLS.get(str(flat.get("Protocol", "")).lower())
        if protocol is not None and columns.get("protocolid") is None:
            columns["protocolid"] = protocol

    @staticmethod
    def prenormalized(record: Mapping[str, Any]) -> NormalizedEvent:
        """Read an already normalised event: built-in columns, ``properties`` and extra keys.

        Keys that are built-in column names (any case) are columns; ``properties`` is a mapping
        of custom properties; any other key is a custom property too. ``starttime`` may be epoch
        milliseconds or an ISO time; ``payload`` is text.
        """
        columns: dict[str, Any] = {"eventcount": 1}
        props: dict[str, str] = {}
        for key, value in record.items():
            if key == "properties" and isinstance(value, Mapping):
                props.update({k: t for k, v in value.items() if (t := _text(v)) is not None})
            elif key.lower() in COLUMNS:
                columns[key.lower()] = _prenormalized_column(key.lower(), value)
            elif (text := _text(value)) is not None:
                props[key] = text
        if columns.get("starttime") is None:
            raise EngineError("normalised event has no starttime")
        columns.setdefault("devicetime", columns["starttime"])
        columns.setdefault("endtime", columns["starttime"])
        _fill_qid(columns)
        return NormalizedEvent(columns, props)


def _prenormalized_column(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in {"starttime", "endtime", "devicetime"}:
        return parse_time(value)
    if column == "payload":
        return value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return _column_value(column, value)


def _fill_qid(columns: dict[str, Any]) -> None:
    channel, eventid = columns.get("qideventcategory"), columns.get("qideventid")
    if columns.get("qid") is not None or channel is None or eventid is None:
        return
    record = qids.lookup(str(channel), int(eventid))
    columns["qid"] = record.qid
    columns.setdefault("category", record.lowlevelcategory)
    columns.setdefault("highlevelcategory", record.highlevelcategory)
