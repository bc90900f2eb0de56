"""The application pipeline: honeypots, RPC Firewall, application and database logs, antivirus.

RPC Firewall writes to the Windows event log (channel ``RPCFW``), so it arrives through the
Windows DSM (12). Application frameworks (Java, Spring, Django, ...) and OpenCanary have no QRadar
DSM: they come through custom log source types matched by name. Database and antivirus rules
cover the database and endpoint-protection DSMs QRadar ships.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

APPLICATION_TYPES = {
    "jvm": "Java Application",
    "spring": "Spring Application",
    "django": "Django Application",
    "python": "Python Application",
    "ruby_on_rails": "Ruby on Rails Application",
    "nodejs": "Node.js Application",
    "velocity": "Velocity Application",
    "sql": "SQL Application",
}
DATABASES = ("MicrosoftSQL", "OracleDbAudit", "Db2")
ANTIVIRUS = (
    "MicrosoftWindowsDefenderATP", "Microsoft365Defender", "Endpointprotection", "McAfeeEpo",
    "Officescan", "KasperskySecurityCenter", "EnterpriseConsole", "CrowdStrikeFalconHost",
    "CarbonBlack",
)  # fmt: skip

APPLICATION_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("opencanary", "application", None): ls("OpenCanary"),
    ("rpc_firewall", "application", None): ls("WindowsAuthServer"),
    **{(product, "application", None): ls(name) for product, name in APPLICATION_TYPES.items()},
    (None, "database", None): ls(DATABASES),
    (None, "antivirus", None): ls(ANTIVIRUS),
}

APPLICATION_FIELDS: dict[str, str] = {
    # OpenCanary
    "logtype": "OpenCanary Log Type",
    "src_host": "sourceip",
    "src_port": "sourceport",
    "dst_host": "destinationip",
    "dst_port": "destinationport",
    # RPC Firewall (Windows event log channel RPCFW)
    "EventLog": "qideventcategory",
    "EventID": "qideventid",
    "InterfaceUuid": "Interface UUID",
    "OpNum": "Operation Number",
    # Antivirus
    "Signature": "Threat Name",
    "Filename": "Filename",
    "FileName": "Filename",
    "Computer": "Hostname",
    "User": "username",
}


APPLICATION_FAMILY = Family(
    "application", "applications", APPLICATION_LOGSOURCES, APPLICATION_FIELDS
)


def qradar_application_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map application, database and antivirus rules onto their QRadar log source types.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(APPLICATION_FAMILY, profile)
