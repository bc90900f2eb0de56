"""The shipped QID map, event categories and log source types (``data/*.csv``).

A QRadar DSM turns a Windows event's (channel, Event ID) pair into a QID, whose record names the
event and its low-level category. The table rows name their source: QIDs published by public
converters where known, clearly marked synthetic QIDs (``99CEEEEE``: channel code C, Event ID E)
for the rest. A pair missing from the table gets a *dynamic* QID (``98xxxxxx``, a hash of the
pair), so every event has a QID and a ``qidmap`` row.
"""

from __future__ import annotations

import csv
import functools
import zlib
from collections.abc import Iterator
from importlib import resources

import attrs

__all__ = [
    "QidRecord",
    "category_name",
    "logsource_type_name",
    "lookup",
    "qid_record",
    "shipped_records",
]

UNKNOWN_CATEGORY = 8001
"""Low-level category of events without a table row (IBM: Unknown System Event)."""


@attrs.frozen
class QidRecord:
    """One QID map entry: the (channel, Event ID) pair it is keyed by and what it means."""

    qid: int
    channel: str
    eventid: int
    name: str
    lowlevelcategory: int
    severity: int
    source: str

    @property
    def description(self) -> str:
        """A longer text for ``QIDDESCRIPTION``."""
        return f"{self.name} (Windows {self.channel} event {self.eventid})"

    @property
    def highlevelcategory(self) -> int:
        """The high-level category the low-level one belongs to."""
        return _categories()[self.lowlevelcategory][1] or self.lowlevelcategory


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = (
        resources.files("sigmaqr.engine")
        .joinpath("data")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )
    yield from csv.DictReader(text.splitlines())


@functools.cache
def shipped_records() -> tuple[QidRecord, ...]:
    """Return every row of ``data/qids.csv``."""
    return tuple(
        QidRecord(
            qid=int(row["qid"]),
            channel=row["channel"],
            eventid=int(row["eventid"]),
            name=row["name"],
            lowlevelcategory=int(row["lowlevelcategory"]),
            severity=int(row["severity"]),
            source=row["source"],
        )
        for row in _rows("qids.csv")
    )


@functools.cache
def _by_pair() -> dict[tuple[str, int], QidRecord]:
    return {(r.channel.lower(), r.eventid): r for r in shipped_records()}


@functools.cache
def _by_qid() -> dict[int, QidRecord]:
    return {r.qid: r for r in shipped_records()}


@functools.cache
def _categories() -> dict[int, tuple[str, int | None]]:
    return {
        int(row["id"]): (
            row["name"],
            int(row["highlevelcategory"]) if row["highlevelcategory"] else None,
        )
        for row in _rows("categories.csv")
    }


@functools.cache
def _logsource_types() -> dict[int, str]:
    return {int(row["id"]): row["name"] for row in _rows("logsourcetypes.csv")}


def lookup(channel: str, eventid: int) -> QidRecord:
    """Return the QID record for a Windows event, inventing a dynamic one when unmapped.

    Args:
        channel: The event's channel (``Security``, ``Microsoft-Windows-Sysmon/Operational``).
        eventid: The Windows Event ID.

    Returns:
        The shipped record, or a dynamic record with source ``dynamic``.
    """
    found = _by_pair().get((channel.lower(), eventid))
    if found is not None:
        return found
    qid = 98_000_000 + zlib.crc32(f"{channel.lower()}|{eventid}".encode()) % 1_000_000
    return QidRecord(
        qid, channel, eventid, f"{channel} event {eventid}", UNKNOWN_CATEGORY, 1, "dynamic"
    )


def qid_record(qid: int) -> QidRecord | None:
    """Return the shipped record of a QID, or None."""
    return _by_qid().get(qid)


def category_name(category: int) -> str | None:
    """Return the name of a low- or high-level category id, or None when unknown."""
    found = _categories().get(category)
    return found[0] if found else None


def logsource_type_name(devicetype: int) -> str | None:
    """Return the name of a log source type id, or None when unknown."""
    return _logsource_types().get(devicetype)
