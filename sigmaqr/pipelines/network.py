"""The network pipeline: Zeek, DNS servers, firewalls and routers (Cisco, Juniper, Huawei,
Fortinet, Palo Alto).

Zeek has no QRadar DSM: its logs come through a custom log source type named ``Zeek`` and each
Sigma service (``dns``, ``http``, ``smb_files``, ...) is the Zeek log's ``_path``. Connection
endpoints map onto QRadar's built-in address and port columns everywhere.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

ZEEK_TYPE = "Zeek"
ZEEK_LOGS = (
    "conn", "dce_rpc", "dns", "files", "http", "kerberos", "ntlm", "rdp", "smb_files",
    "smb_mapping", "smtp", "ssh", "ssl", "x509",
)  # fmt: skip
DNS_SERVERS = (
    "MicrosoftDNS", "Bind", "Infoblox", "GoogleCloudDNS", "AmazonAWSRoute53", "CiscoUmbrella",
)  # fmt: skip
FIREWALLS = (
    "CheckPoint", "ASA", "CiscoFirepowerThreatDefense", "FortiGate", "PaSeries", "JuniperSRX",
    "Iptables", "NetgatePfSense", "SonicWall", "WatchGuardFirewareOS",
)  # fmt: skip
CISCO_DEVICES = ("IOS", "Nexus")

NETWORK_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    **{("zeek", None, log): ls(ZEEK_TYPE, _path=log) for log in ZEEK_LOGS},
    ("cisco", None, "aaa"): ls((*CISCO_DEVICES, "ACS", "CiscoISE")),
    ("cisco", None, "bgp"): ls(CISCO_DEVICES),
    ("cisco", None, "ldp"): ls(CISCO_DEVICES),
    ("cisco", None, "syslog"): ls(CISCO_DEVICES),
    ("juniper", None, "bgp"): ls(("JuniperRouter", "JuniperMXSeries")),
    ("huawei", None, "bgp"): ls(("ARSeriesRouter", "SSeriesSwitch")),
    ("fortigate", None, "event"): ls("FortiGate"),
    ("fortios", None, "sslvpnd"): ls("FortiGate"),
    ("paloalto", None, "globalprotect"): ls("PaSeries"),
    ("paloalto", "appliance", "globalprotect"): ls("PaSeries"),
    ("paloalto", "file_event", "globalprotect"): ls("PaSeries"),
    (None, "dns", None): ls(DNS_SERVERS),
    (None, "firewall", None): ls(FIREWALLS),
}

NETWORK_FIELDS: dict[str, str] = {
    # Endpoints (Zeek, firewall taxonomy)
    "id.orig_h": "sourceip",
    "id.orig_p": "sourceport",
    "id.resp_h": "destinationip",
    "id.resp_p": "destinationport",
    "src_ip": "sourceip",
    "src_port": "sourceport",
    "dst_ip": "destinationip",
    "dst_port": "destinationport",
    "_path": "Zeek Log Path",
    # DNS
    "query": "DNS Request Domain",
    "qtype_name": "DNS Query Type",
    "record_type": "DNS Query Type",
    "answer": "DNS Answers",
    "answers": "DNS Answers",
    "rcode_name": "DNS Response Code",
    "rejected": "DNS Rejected",
    "Z": "DNS Z Flag",
    # HTTP (Zeek http.log)
    "uri": "URL",
    "c-uri": "URL",
    "host": "URL Host",
    "method": "HTTP Method",
    "status_code": "HTTP Response Code",
    "user_agent": "User Agent",
    "c-useragent": "User Agent",
    "resp_mime_types": "Response MIME Types",
    "client_header_names": "Client Header Names",
    "request_body_len": "Request Body Length",
    # SMB, DCE/RPC, Kerberos, certificates
    "name": "SMB File Name",
    "path": "SMB Path",
    "operation": "DCE RPC Operation",
    "endpoint": "DCE RPC Endpoint",
    "request_type": "Kerberos Request Type",
    "cipher": "Kerberos Cipher",
    "service": "Kerberos Service",
    "certificate.serial": "Certificate Serial",
    # Firewalls and FortiGate events
    "action": "Firewall Action",
    "blocked": "Blocked",
    "cfgpath": "Configuration Path",
    # Palo Alto GlobalProtect
    "TargetFilename": "Filename",
}


NETWORK_FAMILY = Family("network", "network", NETWORK_LOGSOURCES, NETWORK_FIELDS)


def qradar_network_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Zeek, DNS, firewall and router rules onto their QRadar log source types.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(NETWORK_FAMILY, profile)
