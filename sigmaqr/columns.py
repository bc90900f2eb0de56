"""Built-in Ariel event columns: which exist, which are numeric, which hold IP addresses.

Sources: IBM's "Event, flow, and simarc fields for AQL queries" and the column list of a QRadar
7.6 console (see docs/backend.md). Anything else is a custom event property.
"""

from __future__ import annotations

IP_COLUMNS: frozenset[str] = frozenset(
    {
        "sourceip",
        "destinationip",
        "identityip",
        "sourcev6",
        "destinationv6",
        "prenatsourceip",
        "prenatdestinationip",
        "postnatsourceip",
        "postnatdestinationip",
        "sourceaddress",
        "destinationaddress",
    }
)

NUMERIC_COLUMNS: frozenset[str] = frozenset(
    {
        "qid",
        "qideventid",
        "category",
        "highlevelcategory",
        "devicetype",
        "logsourceid",
        "sourceport",
        "destinationport",
        "prenatsourceport",
        "prenatdestinationport",
        "postnatsourceport",
        "postnatdestinationport",
        "eventcount",
        "magnitude",
        "severity",
        "credibility",
        "relevance",
        "protocolid",
        "starttime",
        "endtime",
        "devicetime",
        "duration",
        "domainid",
        "processorid",
        "collectorid",
    }
)

TEXT_COLUMNS: frozenset[str] = frozenset(
    {
        "username",
        "identityhostname",
        "qideventcategory",
        "payload",
        "eventdirection",
        "sourcemac",
        "destinationmac",
        "logsourceidentifier",
        "hasidentity",
        "hasoffense",
        "isduplicate",
        "iscreevent",
        "adekey",
        "adevalue",
        "geographiclocation",
        "sourcegeographiclocation",
        "destinationgeographiclocation",
    }
)

BUILTIN_COLUMNS: frozenset[str] = IP_COLUMNS | NUMERIC_COLUMNS | TEXT_COLUMNS
