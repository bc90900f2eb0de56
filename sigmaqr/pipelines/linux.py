"""The Linux pipeline: process, file and network events, auditd and syslog services.

Everything a Linux host logs reaches QRadar through the Linux OS DSM (``LinuxServer``, 11),
syslog daemons and applications included (sshd, sudo, cron, vsftpd, ClamAV, Guacamole).
Process and file properties follow IBM's Linux Custom Properties content extension, which
renamed ``Process CommandLine`` to ``Command`` and ``Process Id`` to ``Process ID`` in 1.1.3;
the ``legacy`` profile keeps the old names.
"""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey, ls

LINUX_TYPE = "LinuxServer"

LINUX_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    ("linux", "process_creation", None): ls(LINUX_TYPE),
    ("linux", "file_event", None): ls(LINUX_TYPE),
    ("linux", "file_change", None): ls(LINUX_TYPE),
    ("linux", "file_delete", None): ls(LINUX_TYPE),
    ("linux", "network_connection", None): ls(LINUX_TYPE),
    ("linux", "dns_query", None): ls(LINUX_TYPE),
    ("linux", None, "auditd"): ls(LINUX_TYPE),
    ("linux", None, "syslog"): ls(LINUX_TYPE),
    ("linux", None, "auth"): ls(LINUX_TYPE),
    ("linux", None, "sshd"): ls(LINUX_TYPE),
    ("linux", None, "sudo"): ls(LINUX_TYPE),
    ("linux", None, "cron"): ls(LINUX_TYPE),
    ("linux", None, "clamav"): ls(LINUX_TYPE),
    ("linux", None, "guacamole"): ls(LINUX_TYPE),
    ("linux", None, "vsftpd"): ls(LINUX_TYPE),
    ("linux", None, None): ls(LINUX_TYPE),  # keyword rules over any Linux event
}

# Sigma field -> QRadar column or custom property (default profile).
LINUX_FIELDS: dict[str, str] = {
    # Processes (Sysmon for Linux and EDR taxonomy)
    "Image": "Process Path",
    "CommandLine": "Command",
    "ProcessId": "Process ID",
    "ProcessGuid": "Process GUID",
    "CurrentDirectory": "Current Directory",
    "ParentImage": "Parent Process Path",
    "ParentCommandLine": "Parent Command",
    "ParentProcessId": "Parent Process ID",
    "User": "username",
    "LogonId": "Logon ID",
    # Files
    "TargetFilename": "Filename",
    # Network
    "DestinationHostname": "Destination Hostname",
    "DestinationIp": "destinationip",
    "DestinationPort": "destinationport",
    "SourceIp": "sourceip",
    "SourcePort": "sourceport",
    "Initiated": "Initiated",
    "Protocol": "Protocol",
    "QueryName": "DNS Request Domain",
    # auditd records
    "type": "Audit Record Type",
    "SYSCALL": "Syscall",
    "syscall": "Syscall",
    "exe": "Process Path",
    "comm": "Process Name",
    "proctitle": "Process Title",
    "cwd": "Current Directory",
    "pid": "Process ID",
    "ppid": "Parent Process ID",
    "uid": "User ID",
    "euid": "Effective User ID",
    "auid": "Audit User ID",
    "key": "Audit Key",
    "name": "File Path",
    "nametype": "Audit Name Type",
    "unit": "Systemd Unit",
    "success": "Audit Success",
    **{f"a{n}": f"Audit Argument {n}" for n in range(10)},
    # sudo
    "USER": "Target Username",
}

# The Linux Custom Properties names before content extension 1.1.3.
LINUX_LEGACY: dict[str, str] = {
    "CommandLine": "Process CommandLine",
    "ProcessId": "Process Id",
    "ParentProcessId": "Parent Process Id",
    "pid": "Process Id",
    "ppid": "Parent Process Id",
}


LINUX_FAMILY = Family("linux", "Linux", LINUX_LOGSOURCES, LINUX_FIELDS, LINUX_LEGACY)


def qradar_linux_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Linux rules onto QRadar's Linux OS log source type (11) and its properties.

    Args:
        profile: The property-name profile, ``default`` or ``legacy``.

    Returns:
        The processing pipeline.
    """
    return family_pipeline(LINUX_FAMILY, profile)
