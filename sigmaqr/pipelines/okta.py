"""The Okta pipeline: the System Log through QRadar's Okta DSM (``OktaIdentityManagement``, 382).

Field names are System Log JSON paths; property names are sigmaqr's, IBM style, except the
actor's login (``username``) and the client address (``sourceip``).
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

OKTA_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("okta", None, "okta"): ls("OktaIdentityManagement"),
}

OKTA_FIELDS: dict[str, str] = {
    "eventType": "Event Type",
    "legacyEventType": "Legacy Event Type",
    "displayMessage": "Display Message",
    "severity": "Okta Severity",
    "outcome.result": "Outcome Result",
    "outcome.reason": "Outcome Reason",
    "actor.alternateId": "username",
    "actor.displayName": "Actor Display Name",
    "target.displayName": "Target Display Name",
    "target.alternateId": "Target Alternate ID",
    "client.ipAddress": "sourceip",
    "client.userAgent.rawUserAgent": "User Agent",
    "securityContext.isProxy": "Security Context Is Proxy",
    "debugContext.debugData.requestUri": "Request URI",
    "debugContext.debugData.behaviors": "Behaviors",
    "debugContext.debugData.logOnlySecurityData": "Log Only Security Data",
}


OKTA_FAMILY = Family("okta", "Okta", OKTA_LOGSOURCES, OKTA_FIELDS)


def qradar_okta_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Okta rules onto QRadar's Okta log source type (382).

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(OKTA_FAMILY, profile)
