"""The Google pipeline: Cloud Audit logs (449) and Google Workspace activity (G Suite, 442).

Rules name Cloud Audit fields either by their Elastic integration names (``gcp.audit.*``) or by
their LogEntry JSON paths (``protoPayload.*``, ``data.protoPayload.*``); both map to the same
property. Property names are sigmaqr's, IBM style.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

GCP_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("gcp", None, "gcp.audit"): ls("GoogleCloudAudit"),
    ("gcp", None, "google_workspace.admin"): ls("GoogleGSuite"),
    ("gcp", None, "google_workspace.login"): ls("GoogleGSuite"),
}

_AUDIT_PATHS = {
    "methodName": "Method Name",
    "serviceName": "Service Name",
    "resource.type": "Resource Type",
    "logName": "Log Name",
    "authorizationInfo.permission": "Authorization Permission",
    "authorizationInfo.granted": "Authorization Granted",
    "authenticationInfo.principalEmail": "username",
}

GCP_FIELDS: dict[str, str] = {
    "gcp.audit.method_name": "Method Name",
    "gcp.audit.service_name": "Service Name",
    "gcp.audit.resource_name": "Resource Name",
    **{f"protoPayload.{path}": name for path, name in _AUDIT_PATHS.items()},
    **{f"data.protoPayload.{path}": name for path, name in _AUDIT_PATHS.items()},
    "protoPayload.Servicename": "Service Name",
    "protoPayload.metadata.event.eventName": "Event Name",
    "eventService": "Event Service",
    "eventName": "Event Name",
    "setting_name": "Setting Name",
    "new_value": "New Value",
}


GCP_FAMILY = Family("gcp", "Google Cloud", GCP_LOGSOURCES, GCP_FIELDS)


def qradar_gcp_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Google Cloud and Workspace rules onto QRadar's log source types 449 and 442.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(GCP_FAMILY, profile)
