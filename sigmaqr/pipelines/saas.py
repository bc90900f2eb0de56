"""Other SaaS audit logs: GitHub, Bitbucket, OneLogin (custom types) and Cisco Duo (508).

QRadar ships no DSM for GitHub, Bitbucket or OneLogin audit logs: a deployment collects them
through a log source type it creates, matched by name (see ``logsource_types``).
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

SAAS_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("github", None, "audit"): ls("GitHub Audit"),
    ("bitbucket", None, "audit"): ls("Bitbucket Audit"),
    ("onelogin", None, "onelogin.events"): ls("OneLogin"),
    ("cisco", None, "duo"): ls("CiscoDuo"),
}

SAAS_FIELDS: dict[str, str] = {
    # GitHub audit log
    "action": "Action",
    "actor": "username",
    "org": "Organization",
    "repo": "Repository",
    # Bitbucket audit log
    "auditType.category": "Audit Category",
    "auditType.action": "Audit Action",
    # OneLogin events
    "event_type_id": "Event Type ID",
    # Cisco Duo
    "event_type": "Event Type",
    "reason": "Reason",
    "result": "Result",
}


SAAS_FAMILY = Family("saas", "SaaS audit logs", SAAS_LOGSOURCES, SAAS_FIELDS)


def qradar_saas_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map GitHub, Bitbucket, OneLogin and Cisco Duo rules onto their log source types.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(SAAS_FAMILY, profile)
