"""The macOS pipeline: process and file events through QRadar's Mac OS X DSM (``AppleOSX``)."""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

MACOS_TYPE = "AppleOSX"

MACOS_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("macos", "process_creation", None): ls(MACOS_TYPE),
    ("macos", "file_event", None): ls(MACOS_TYPE),
    ("macos", "network_connection", None): ls(MACOS_TYPE),
    ("macos", None, None): ls(MACOS_TYPE),
}

# Sigma field -> QRadar column or custom property (default profile), as for Linux.
MACOS_FIELDS: dict[str, str] = {
    "Image": "Process Path",
    "CommandLine": "Command",
    "ProcessId": "Process ID",
    "CurrentDirectory": "Current Directory",
    "OriginalFileName": "Original File Name",
    "ParentImage": "Parent Process Path",
    "ParentCommandLine": "Parent Command",
    "ParentProcessId": "Parent Process ID",
    "User": "username",
    "TargetFilename": "Filename",
    "DestinationHostname": "Destination Hostname",
    "DestinationIp": "destinationip",
    "DestinationPort": "destinationport",
    "SourceIp": "sourceip",
    "SourcePort": "sourceport",
}

MACOS_LEGACY: dict[str, str] = {
    "CommandLine": "Process CommandLine",
    "ProcessId": "Process Id",
    "ParentProcessId": "Parent Process Id",
}


MACOS_FAMILY = Family("macos", "macOS", MACOS_LOGSOURCES, MACOS_FIELDS, MACOS_LEGACY)


def qradar_macos_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map macOS rules onto QRadar's Mac OS X log source type (102) and its properties.

    Args:
        profile: The property-name profile, ``default`` or ``legacy``.

    Returns:
        The processing pipeline.
    """
    return family_pipeline(MACOS_FAMILY, profile)
