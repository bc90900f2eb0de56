"""The web pipeline: proxies and web servers, in W3C extended log field names.

Web servers: Apache (10), IIS (13), Nginx (439), Oracle WebLogic (239). Proxies: Squid-style
``WebProxy`` (46), Blue Coat (103, 399), McAfee Web Gateway (220), Zscaler NSS (331), Microsoft
ISA/TMG (191), Cisco Cloud Web Security (419). ``URL`` and the ``URL ...`` and ``HTTP ...``
properties are the names of IBM's Properties Dictionary; the client address is ``sourceip``.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

WEB_SERVERS = ("Apache", "IIS", "Nginx", "OracleWebLogic")
PROXIES = (
    "WebProxy", "Bluecoat", "BluecoatWebSecurityService", "WebGateway", "ZscalerNss", "ISA",
    "CiscoCWS",
)  # fmt: skip

WEB_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    (None, "webserver", None): ls(WEB_SERVERS),
    (None, "proxy", None): ls(PROXIES),
    (None, None, "apache"): ls("Apache"),
    (None, None, "nginx"): ls("Nginx"),
    (None, None, "iis"): ls("IIS"),
}

WEB_FIELDS: dict[str, str] = {
    "c-uri": "URL",
    "cs-uri": "URL",
    "c-uri-stem": "URL Path",
    "cs-uri-stem": "URL Path",
    "c-uri-query": "URL Query String",
    "cs-uri-query": "URL Query String",
    "c-uri-extension": "URL File Extension",
    "cs-host": "URL Host",
    "r-dns": "URL Host",
    "cs-method": "HTTP Method",
    "sc-status": "HTTP Response Code",
    "cs-version": "HTTP Version",
    "c-useragent": "User Agent",
    "cs-user-agent": "User Agent",
    "cs-referrer": "Referrer URL",
    "cs-referer": "Referrer URL",
    "cs-cookie": "Cookie",
    "cs-content-type": "Content Type",
    "cs-bytes": "Bytes Sent",
    "sc-bytes": "Bytes Received",
    "cs-username": "username",
    "c-ip": "sourceip",
    "src_ip": "sourceip",
    "s-ip": "destinationip",
    "dst_ip": "destinationip",
    "dst_port": "destinationport",
}


WEB_FAMILY = Family("web", "proxies and web servers", WEB_LOGSOURCES, WEB_FIELDS)


def qradar_web_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map proxy and web server rules onto their QRadar log source types.

    Args:
        profile: The property-name profile (the names are the same in both).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(WEB_FAMILY, profile)
