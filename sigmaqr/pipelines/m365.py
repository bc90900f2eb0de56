"""The Microsoft 365 pipeline: the Office 365 Management Activity API through Office 365 (397).

``audit`` records carry ``Operation``, ``Workload`` and friends; the ``threat_management``,
``threat_detection`` and ``exchange`` rules use the alert fields ``eventSource``, ``eventName``
and ``status``. Property names are sigmaqr's, IBM style.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

M365_TYPE = "Office365"

M365_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("m365", None, "audit"): ls(M365_TYPE),
    ("m365", None, "exchange"): ls(M365_TYPE),
    ("m365", None, "threat_management"): ls(M365_TYPE),
    ("m365", None, "threat_detection"): ls(M365_TYPE),
    ("m365", None, "sharepoint"): ls(M365_TYPE),
    ("m365", None, "onedrive"): ls(M365_TYPE),
}

M365_FIELDS: dict[str, str] = {
    "Operation": "Operation",
    "Workload": "Workload",
    "RecordType": "Record Type",
    "ResultStatus": "Result Status",
    "ObjectId": "Object ID",
    "UserId": "username",
    "ClientIP": "sourceip",
    "ApplicationId": "Application ID",
    "RequestType": "Request Type",
    "Parameters": "Parameters",
    "OperationProperties": "Operation Properties",
    "Directionality": "Directionality",
    "DeliveryAction": "Delivery Action",
    "eventSource": "Event Source",
    "eventName": "Event Name",
    "status": "Status",
    "Payload": "Alert Payload",
}


M365_FAMILY = Family("m365", "Microsoft 365", M365_LOGSOURCES, M365_FIELDS)


def qradar_m365_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Microsoft 365 rules onto QRadar's Office 365 log source type (397).

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(M365_FAMILY, profile)
