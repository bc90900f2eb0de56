"""The Windows pipeline: Sysmon, Security and other channels through log source type 12."""

from __future__ import annotations

from sigma.processing.pipeline import ProcessingPipeline

from sigmaqr.pipelines.family import Family, family_pipeline
from sigmaqr.pipelines.tables import LogSource, LogsourceKey
from sigmaqr.pipelines.windows_fields import LEGACY_OVERRIDES, PROFILES, WINDOWS_FIELDS
from sigmaqr.pipelines.windows_logsources import WINDOWS_CATEGORIES, WINDOWS_SERVICES

WINDOWS_TYPE = "WindowsAuthServer"  # Microsoft Windows Security Event Log, devicetype 12

WINDOWS_LOGSOURCES: dict[LogsourceKey, LogSource] = {
    **{
        ("windows", category, None): LogSource(
            (WINDOWS_TYPE,), {k: tuple(v) for k, v in conditions.items()}
        )
        for category, conditions in WINDOWS_CATEGORIES.items()
    },
    **{
        ("windows", None, service): LogSource((WINDOWS_TYPE,), {"Channel": tuple(channels)})
        for service, channels in WINDOWS_SERVICES.items()
    },
    ("windows", None, None): LogSource((WINDOWS_TYPE,)),  # keyword rules over any channel
}


WINDOWS_FAMILY = Family("windows", "Windows", WINDOWS_LOGSOURCES, WINDOWS_FIELDS, LEGACY_OVERRIDES)


def _file_access_fields(fields: dict[str, str]) -> dict[str, str]:
    """Sigma's file_access names (FileName, Image) as Security 4663 carries them."""
    return {
        **fields,
        "FileName": fields["ObjectName"],
        "TargetFilename": fields["ObjectName"],
        "Image": fields["ProcessName"],
    }


# Sigma's file_access rules are written for the Kernel-File ETW provider, which no QRadar
# collector gathers. The Windows DSM does collect Security 4663 ("An attempt was made to access
# an object", Audit File System with SACLs on the files), which names the file in ObjectName and
# the process in ProcessName: the same facts under other names.
WINDOWS_FILE_ACCESS_FAMILY = Family(
    "windows_file_access",
    "Windows file access (Security 4663)",
    {
        ("windows", "file_access", None): LogSource(
            (WINDOWS_TYPE,), {"Channel": ("Security",), "EventID": (4663,), "ObjectType": ("File",)}
        )
    },
    _file_access_fields(WINDOWS_FIELDS),
    _file_access_fields(PROFILES["legacy"]),
)


def qradar_windows_pipeline(profile: str = "default") -> ProcessingPipeline:
    """Map Windows rules onto QRadar: log source type 12, channel, Event IDs and properties.

    Args:
        profile: The property-name profile, ``default`` or ``legacy`` (see docs/pipelines.md).

    Returns:
        The processing pipeline.
    """
    return family_pipeline(WINDOWS_FAMILY, profile)
