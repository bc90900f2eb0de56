"""The events table: QRadar's built-in Ariel columns and the SQLite type each is stored as.

Custom properties are not listed here: the store adds one column per property name it meets
(see :mod:`sigmaqr.engine.store`).
"""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["COLUMNS", "QIDMAP_COLUMNS", "ColumnType", "column_type"]

ColumnType: TypeAlias = Literal["int", "text", "ip", "bytes"]
"""How a column is stored and compared: integer, case-sensitive text, IP text, raw bytes."""

_INT = (
    "starttime endtime devicetime devicetype qid qideventid category highlevelcategory "
    "logsourceid sourceport destinationport eventcount magnitude severity credibility relevance "
    "protocolid domainid duration processorid collectorid prenatsourceport prenatdestinationport "
    "postnatsourceport postnatdestinationport"
)
_TEXT = (
    "username identityhostname qideventcategory eventdirection sourcemac destinationmac "
    "logsourceidentifier hasidentity hasoffense isduplicate iscreevent adekey adevalue "
    "geographiclocation sourcegeographiclocation destinationgeographiclocation"
)
_IP = (
    "sourceip destinationip identityip sourcev6 destinationv6 sourceaddress destinationaddress "
    "prenatsourceip prenatdestinationip postnatsourceip postnatdestinationip"
)

COLUMNS: dict[str, ColumnType] = {
    **{name: "int" for name in _INT.split()},
    **{name: "text" for name in _TEXT.split()},
    **{name: "ip" for name in _IP.split()},
    "payload": "bytes",
}
"""Built-in event columns (lower-case names) and their storage types."""

QIDMAP_COLUMNS: dict[str, ColumnType] = {
    "qid": "int",
    "eventid": "int",
    "category": "text",
    "channel": "text",
    "name": "text",
    "description": "text",
    "lowlevelcategory": "int",
    "highlevelcategory": "int",
    "severity": "int",
    "source": "text",
}
"""Columns of the extended dialect's ``qidmap`` table (``category`` and ``channel`` are equal)."""


def column_type(name: str) -> ColumnType | None:
    """Return the storage type of a built-in event column.

    Args:
        name: Column name, any case.

    Returns:
        The column type, or None when the name is not a built-in column.
    """
    return COLUMNS.get(name.lower())
