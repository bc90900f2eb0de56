"""Windows log sources: how each Sigma category and service is recognised in QRadar.

Every Windows event (Security, System, Sysmon, PowerShell, ...) reaches QRadar through the
Microsoft Windows Security Event Log DSM, log source type 12. The Windows channel is the QRadar
event category (``qideventcategory``) and the Windows Event ID is ``qideventid``. A Sigma category
becomes the channel and Event IDs (plus, for registry events, the Sysmon ``EventType``) that
produce it; a Sigma service becomes its channel.
"""

from __future__ import annotations

WINDOWS_DEVICE_TYPE = 12
SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational"
PS_CHANNEL = "Microsoft-Windows-PowerShell/Operational"
PS_CLASSIC_CHANNEL = "Windows PowerShell"

# Sigma category -> the Sigma conditions that select it (rendered through the field mapping).
WINDOWS_CATEGORIES: dict[str, dict[str, list[str | int]]] = {
    "process_creation": {"Channel": [SYSMON_CHANNEL], "EventID": [1]},
    "file_change": {"Channel": [SYSMON_CHANNEL], "EventID": [2]},
    "network_connection": {"Channel": [SYSMON_CHANNEL], "EventID": [3]},
    "sysmon_status": {"Channel": [SYSMON_CHANNEL], "EventID": [4, 16]},
    "process_termination": {"Channel": [SYSMON_CHANNEL], "EventID": [5]},
    "driver_load": {"Channel": [SYSMON_CHANNEL], "EventID": [6]},
    "image_load": {"Channel": [SYSMON_CHANNEL], "EventID": [7]},
    "create_remote_thread": {"Channel": [SYSMON_CHANNEL], "EventID": [8]},
    "raw_access_thread": {"Channel": [SYSMON_CHANNEL], "EventID": [9]},
    "raw_access_read": {"Channel": [SYSMON_CHANNEL], "EventID": [9]},
    "process_access": {"Channel": [SYSMON_CHANNEL], "EventID": [10]},
    "file_event": {"Channel": [SYSMON_CHANNEL], "EventID": [11]},
    "registry_add": {"Channel": [SYSMON_CHANNEL], "EventID": [12], "EventType": ["CreateKey"]},
    "registry_delete": {
        "Channel": [SYSMON_CHANNEL],
        "EventID": [12],
        "EventType": ["DeleteKey", "DeleteValue"],
    },
    "registry_set": {"Channel": [SYSMON_CHANNEL], "EventID": [13]},
    "registry_rename": {"Channel": [SYSMON_CHANNEL], "EventID": [14]},
    "registry_event": {"Channel": [SYSMON_CHANNEL], "EventID": [12, 13, 14]},
    "create_stream_hash": {"Channel": [SYSMON_CHANNEL], "EventID": [15]},
    "pipe_created": {"Channel": [SYSMON_CHANNEL], "EventID": [17, 18]},
    "wmi_event": {"Channel": [SYSMON_CHANNEL], "EventID": [19, 20, 21]},
    "dns_query": {"Channel": [SYSMON_CHANNEL], "EventID": [22]},
    "file_delete": {"Channel": [SYSMON_CHANNEL], "EventID": [23, 26]},
    "clipboard_capture": {"Channel": [SYSMON_CHANNEL], "EventID": [24]},
    "process_tampering": {"Channel": [SYSMON_CHANNEL], "EventID": [25]},
    "sysmon_error": {"Channel": [SYSMON_CHANNEL], "EventID": [255]},
    "file_block_executable": {"Channel": [SYSMON_CHANNEL], "EventID": [27]},
    "file_block_shredding": {"Channel": [SYSMON_CHANNEL], "EventID": [28]},
    "file_executable_detected": {"Channel": [SYSMON_CHANNEL], "EventID": [29]},
    "ps_script": {"Channel": [PS_CHANNEL], "EventID": [4104]},
    "ps_module": {"Channel": [PS_CHANNEL], "EventID": [4103]},
    "ps_classic_start": {"Channel": [PS_CLASSIC_CHANNEL], "EventID": [400]},
    "ps_classic_provider_start": {"Channel": [PS_CLASSIC_CHANNEL], "EventID": [600]},
    "ps_classic_script": {"Channel": [PS_CLASSIC_CHANNEL], "EventID": [800]},
}

# Sigma service -> Windows channel(s).
WINDOWS_SERVICES: dict[str, list[str]] = {
    "security": ["Security"],
    "system": ["System"],
    "application": ["Application"],
    "sysmon": [SYSMON_CHANNEL],
    "powershell": [PS_CHANNEL, "PowerShellCore/Operational"],
    "powershell-classic": [PS_CLASSIC_CHANNEL],
    "taskscheduler": ["Microsoft-Windows-TaskScheduler/Operational"],
    "wmi": ["Microsoft-Windows-WMI-Activity/Operational"],
    "dns-server": ["DNS Server"],
    "dns-server-audit": ["Microsoft-Windows-DNS-Server/Audit"],
    "dns-server-analytic": ["Microsoft-Windows-DNS-Server/Analytical"],
    "driver-framework": ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
    "ntlm": ["Microsoft-Windows-NTLM/Operational"],
    "dhcp": ["Microsoft-Windows-DHCP-Server/Operational"],
    "msexchange-management": ["MSExchange Management"],
    "applocker": [
        "Microsoft-Windows-AppLocker/MSI and Script",
        "Microsoft-Windows-AppLocker/EXE and DLL",
        "Microsoft-Windows-AppLocker/Packaged app-Deployment",
        "Microsoft-Windows-AppLocker/Packaged app-Execution",
    ],
    "printservice-admin": ["Microsoft-Windows-PrintService/Admin"],
    "printservice-operational": ["Microsoft-Windows-PrintService/Operational"],
    "codeintegrity-operational": ["Microsoft-Windows-CodeIntegrity/Operational"],
    "smbclient-security": ["Microsoft-Windows-SmbClient/Security"],
    "firewall-as": ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
    "bits-client": ["Microsoft-Windows-Bits-Client/Operational"],
    "windefend": ["Microsoft-Windows-Windows Defender/Operational"],
    "terminalservices-localsessionmanager": [
        "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"
    ],
    "microsoft-servicebus-client": ["Microsoft-ServiceBus-Client"],
    "ldap_debug": ["Microsoft-Windows-LDAP-Client/Debug"],
    "ldap": ["Microsoft-Windows-LDAP-Client/Debug"],
    "iis-configuration": ["Microsoft-IIS-Configuration/Operational"],
    "smbserver-connectivity": ["Microsoft-Windows-SMBServer/Connectivity"],
    "smbclient-connectivity": ["Microsoft-Windows-SmbClient/Connectivity"],
    "security-mitigations": [
        "Microsoft-Windows-Security-Mitigations/Kernel Mode",
        "Microsoft-Windows-Security-Mitigations/User Mode",
    ],
    "diagnosis-scripted": ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
    "shell-core": ["Microsoft-Windows-Shell-Core/Operational"],
    "openssh": ["OpenSSH/Operational"],
    "bitlocker": ["Microsoft-Windows-BitLocker/BitLocker Management"],
    "vhdmp": ["Microsoft-Windows-VHDMP/Operational"],
    "appxdeployment-server": ["Microsoft-Windows-AppXDeploymentServer/Operational"],
    "lsa-server": ["Microsoft-Windows-LSA/Operational"],
    "appxpackaging-om": ["Microsoft-Windows-AppxPackaging/Operational"],
    "dns-client": ["Microsoft-Windows-DNS Client Events/Operational"],
    "appmodel-runtime": ["Microsoft-Windows-AppModel-Runtime/Admin"],
    "capi2": ["Microsoft-Windows-CAPI2/Operational"],
    "certificateservicesclient-lifecycle-system": [
        "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"
    ],
}
