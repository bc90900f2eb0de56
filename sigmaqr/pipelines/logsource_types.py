"""QRadar log source types: the names sigmaqr's tables use, and their ``devicetype`` ids.

``DOCUMENTED`` holds types QRadar ships, with the id stored in ``devicetype``. The ids come from
the log-source table of IBM's own pySigma backend (IBM/pySigma-backend-QRadar-AQL,
``sigma/mapping/logsources.py``, "taken from QRadar DataBase"); every id that SOC Prime's
Uncoder also lists agrees with it. ``GET /api/config/event_sources/log_source_management/
log_source_types`` on a console is the authority for a given deployment.

``CUSTOM`` holds sources QRadar has no DSM for (OpenCanary, Zeek, GitHub, ...): a deployment
collects them through a log source type it creates itself, whose id differs per console. sigmaqr
matches them by name, ``LOGSOURCETYPENAME(devicetype) ILIKE '<name>'``, unless the pipeline
variable ``qradar_log_source_types`` maps the name to the deployment's id (then ``devicetype``).
"""

from __future__ import annotations

# QRadar log source type (IBM's internal name, as in IBM's table) -> devicetype id.
DOCUMENTED: dict[str, int] = {
    "WindowsAuthServer": 12,  # Microsoft Windows Security Event Log (WinCollect, Sysmon, ...)
    "LinuxServer": 11,
    "AppleOSX": 102,
    "AmazonAWSCloudTrail": 347,
    "AmazonGuardDuty": 436,
    "MicrosoftAzure": 413,
    "MicrosoftAzureActiveDirectory": 445,
    "MicrosoftAzureSecurityCenter": 443,
    "Office365": 397,
    "Microsoft365Defender": 515,
    "MicrosoftExchange": 99,
    "MicrosoftSQL": 101,
    "MicrosoftDNS": 384,
    "IIS": 13,
    "ISA": 191,
    "MicrosoftWindowsDefenderATP": 433,
    "GoogleGSuite": 442,
    "GoogleCloudAudit": 449,
    "GoogleCloudDNS": 461,
    "KubernetesAuditing": 446,
    "AmazonAWSKubernetes": 502,
    "RedhatKubernetes": 504,
    "OktaIdentityManagement": 382,
    "CiscoDuo": 508,
    "IOS": 20,
    "ACS": 90,
    "CiscoISE": 316,
    "Nexus": 250,
    "ASA": 41,
    "CiscoFirepowerThreatDefense": 448,
    "CiscoUmbrella": 431,
    "CiscoCWS": 419,
    "JuniperRouter": 64,
    "JuniperMXSeries": 122,
    "JuniperSRX": 150,
    "JuniperEXSeries": 139,
    "ARSeriesRouter": 283,
    "SSeriesSwitch": 269,
    "FortiGate": 73,
    "PaSeries": 206,
    "CheckPoint": 3,
    "Iptables": 14,
    "NetgatePfSense": 450,
    "SonicWall": 78,
    "WatchGuardFirewareOS": 360,
    "Apache": 10,
    "Nginx": 439,
    "OracleWebLogic": 239,
    "WebProxy": 46,
    "Bluecoat": 103,
    "BluecoatWebSecurityService": 399,
    "WebGateway": 220,
    "ZscalerNss": 331,
    "Bind": 185,
    "Infoblox": 243,
    "AmazonAWSRoute53": 507,
    "Endpointprotection": 160,
    "McAfeeEpo": 93,
    "Officescan": 165,
    "KasperskySecurityCenter": 288,
    "EnterpriseConsole": 224,
    "CrowdStrikeFalconHost": 407,
    "CarbonBlack": 400,
    "OracleDbAudit": 48,
    "Db2": 195,
}

# Sources without a QRadar DSM: matched by log source type name (see the module docstring).
CUSTOM: frozenset[str] = frozenset(
    {
        "Zeek",
        "OpenCanary",
        "GitHub Audit",
        "Bitbucket Audit",
        "OneLogin",
        "Java Application",
        "Spring Application",
        "Django Application",
        "Python Application",
        "Ruby on Rails Application",
        "Node.js Application",
        "Velocity Application",
        "SQL Application",
    }
)

VARIABLE = "qradar_log_source_types"  # pipeline variable: custom type name -> devicetype id
