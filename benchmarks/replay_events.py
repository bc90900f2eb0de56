"""Deterministic Windows/Sysmon events for benchmarks/replay.py.

The mix resembles a busy Windows host with Sysmon: image loads, registry writes, file creations,
network connections, DNS queries, process creations and accesses, Security logons, process
creations (4688) and share accesses (5140), PowerShell script blocks and service installs.
Benign events are drawn from pools of images, command lines, users and hosts; a small share of
the events are the SigmaHQ regression events (``regression_data``, read at run time) copied with
a fresh time, host and record id, so that rules have something to find.

Every event is an EVTX JSON record (``{"Event": {"System": {...}, "EventData": {...}}}``), the
form ``evtx_dump``/SigmaHQ's regression data use, written one per line to a JSONL file.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

__all__ = ["MIX", "generate", "regression_events", "write_jsonl"]

SYSMON = "Microsoft-Windows-Sysmon/Operational"
SYSMON_PROVIDER = "Microsoft-Windows-Sysmon"
SECURITY = "Security"
POWERSHELL = "Microsoft-Windows-PowerShell/Operational"
SYSTEM = "System"

END = datetime(2026, 1, 15, 12, 0, 0, tzinfo=timezone.utc)
"""The newest event's time; events spread over the 20 hours before it (inside LAST 24 HOURS)."""
SPAN = timedelta(hours=20)

MIX: dict[tuple[str, int], float] = {
    (SYSMON, 1): 0.11,
    (SYSMON, 3): 0.10,
    (SYSMON, 5): 0.04,
    (SYSMON, 7): 0.20,
    (SYSMON, 10): 0.05,
    (SYSMON, 11): 0.12,
    (SYSMON, 12): 0.05,
    (SYSMON, 13): 0.11,
    (SYSMON, 22): 0.07,
    (SECURITY, 4624): 0.05,
    (SECURITY, 4688): 0.04,
    (SECURITY, 5140): 0.01,
    (POWERSHELL, 4104): 0.04,
    (SYSTEM, 7045): 0.01,
}
"""Share of each (channel, Event ID) among the benign events."""

REGRESSION_SHARE = 0.02
"""Share of events that are copies of a SigmaHQ regression event."""

HOSTS = [f"WKS-{n:03d}.corp.example" for n in range(1, 21)] + ["SRV-DC01.corp.example"]
USERS = [f"u{n:03d}" for n in range(1, 41)] + ["administrator", "svc_backup", "svc_sql"]
SYSTEM_USERS = [
    "NT AUTHORITY\\SYSTEM",
    "NT AUTHORITY\\NETWORK SERVICE",
    "NT AUTHORITY\\LOCAL SERVICE",
]
SYS32 = "C:\\Windows\\System32\\"
IMAGES = [
    SYS32 + "svchost.exe",
    SYS32 + "conhost.exe",
    SYS32 + "RuntimeBroker.exe",
    SYS32 + "backgroundTaskHost.exe",
    SYS32 + "taskhostw.exe",
    SYS32 + "SearchProtocolHost.exe",
    SYS32 + "wbem\\WmiPrvSE.exe",
    SYS32 + "dllhost.exe",
    SYS32 + "cmd.exe",
    SYS32 + "WindowsPowerShell\\v1.0\\powershell.exe",
    SYS32 + "notepad.exe",
    SYS32 + "sc.exe",
    SYS32 + "net.exe",
    SYS32 + "ipconfig.exe",
    SYS32 + "tasklist.exe",
    SYS32 + "msiexec.exe",
    SYS32 + "rundll32.exe",
    "C:\\Windows\\explorer.exe",
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
    "C:\\Program Files\\Git\\cmd\\git.exe",
    "C:\\Program Files\\Python311\\python.exe",
    "C:\\Program Files\\Microsoft VS Code\\Code.exe",
    "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
    "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
    "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
    "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
]
ARGUMENTS = {
    "svchost.exe": [
        "-k netsvcs -p -s Schedule",
        "-k LocalService -p -s EventLog",
        "-k DcomLaunch -p",
    ],
    "conhost.exe": ["0xffffffff -ForceV1"],
    "cmd.exe": ['/c "dir C:\\Users\\{user}\\Documents"', "/c echo {n}", "/c ping -n 1 srv-{n}"],
    "powershell.exe": [
        "-NoProfile -Command Get-Process",
        "-ExecutionPolicy RemoteSigned -File C:\\Scripts\\inventory{n}.ps1",
        "-Command Get-ChildItem C:\\Temp",
    ],
    "net.exe": ["use", "view \\\\srv-{n}", "time"],
    "sc.exe": ["query wuauserv", "qc Spooler"],
    "git.exe": ["status", "fetch origin", "log -n {n}"],
    "python.exe": ["-m pytest -q", "manage.py runserver", "build.py --job {n}"],
    "chrome.exe": ["--type=renderer --lang=en-US --renderer-client-id={n}", "--type=gpu-process"],
    "msedge.exe": ["--type=utility --utility-sub-type=network.mojom.NetworkService"],
    "msiexec.exe": ["/V", "/i C:\\Temp\\setup{n}.msi /qn"],
    "rundll32.exe": ["C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {n}"],
}
DOMAINS = [
    "www.microsoft.com", "login.microsoftonline.com", "update.googleapis.com", "github.com",
    "outlook.office365.com", "teams.microsoft.com", "ctldl.windowsupdate.com",
    "srv-files.corp.example",
    "dc01.corp.example", "cdn.example.net", "api.example.org",
]  # fmt: skip
DLLS = [
    "ntdll.dll", "kernel32.dll", "KernelBase.dll", "user32.dll", "advapi32.dll", "combase.dll",
    "ole32.dll", "crypt32.dll", "ws2_32.dll", "bcrypt.dll", "msvcrt.dll", "shell32.dll",
    "wintrust.dll", "sechost.dll", "rpcrt4.dll", "clbcatq.dll", "uxtheme.dll",
]  # fmt: skip
FILE_DIRS = [
    "C:\\Users\\{user}\\AppData\\Local\\Temp\\",
    "C:\\Users\\{user}\\Downloads\\",
    "C:\\Users\\{user}\\Documents\\",
    "C:\\Windows\\Prefetch\\",
    "C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\",
]
FILE_NAMES = ["report{n}.docx", "tmp{n}.tmp", "cache_{n}.dat", "notes{n}.txt", "setup{n}.log"]
REGISTRY_KEYS = [
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\Value{n}",
    "HKU\\S-1-5-21-1000-{n}\\Software\\Microsoft\\Office\\16.0\\Common\\Roaming\\Setting",
    "HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-{n}",
    "HKU\\S-1-5-21-1000-{n}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs",
    "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\Version{n}",
]
SCRIPTS = [
    "Get-Process | Sort-Object CPU -Descending | Select-Object -First {n}",
    "Import-Module ActiveDirectory; Get-ADUser -Filter * | Measure-Object",
    "$items = Get-ChildItem -Path C:\\Logs -Recurse; $items.Count",
    "Test-NetConnection -ComputerName srv-{n} -Port 443",
    "Write-Output 'inventory run {n}'",
]
SERVICES = [
    ("Google Update Service", '"C:\\Program Files\\Google\\Update\\GoogleUpdate.exe" /svc'),
    ("Backup Agent", "C:\\Program Files\\Backup\\agent.exe --service"),
    ("Print Helper", "C:\\Windows\\System32\\spoolsv.exe"),
]
ACCESS_MASKS = ["0x1000", "0x1400", "0x1410", "0x101000", "0x40"]


def regression_events(root: Path) -> list[dict[str, Any]]:
    """Return the Windows events of SigmaHQ's regression data under ``root``, in path order.

    The renderings are ``.json`` files holding one or more EVTX JSON records one after another.
    """
    events: list[dict[str, Any]] = []
    decoder = json.JSONDecoder()
    for path in sorted(root.glob("**/windows/**/*.json")):
        text = path.read_text(encoding="utf-8")
        position = 0
        while True:
            while position < len(text) and text[position].isspace():
                position += 1
            if position >= len(text):
                break
            value, position = decoder.raw_decode(text, position)
            for record in value if isinstance(value, list) else [value]:
                if isinstance(record, dict) and "Event" in record:
                    events.append(record)
    return events


class _Builder:
    """Builds the benign events of each kind from the pools, with one random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def fill(self, text: str, user: str) -> str:
        return text.replace("{user}", user).replace("{n}", str(self.rng.randint(1, 9999)))

    def guid(self) -> str:
        value = f"{self.rng.getrandbits(128):032X}"
        return f"{{{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}}}"

    def image(self, user: str) -> str:
        return self.fill(self.pick(IMAGES), user)

    def command(self, image: str, user: str) -> str:
        name = image.rsplit("\\", 1)[-1]
        arguments = ARGUMENTS.get(name)
        if not arguments:
            return f'"{image}"'
        return f'"{image}" {self.fill(self.pick(arguments), user)}'

    def hashes(self) -> str:
        bits = self.rng.getrandbits
        return (
            f"SHA1={bits(160):040X},MD5={bits(128):032X},"
            f"SHA256={bits(256):064X},IMPHASH={bits(128):032X}"
        )

    def process(self, user: str, domain_user: str) -> dict[str, Any]:
        image = self.image(user)
        parent = self.image(user)
        name = image.rsplit("\\", 1)[-1]
        return {
            "RuleName": "-",
            "ProcessGuid": self.guid(),
            "ProcessId": self.rng.randint(100, 20000),
            "Image": image,
            "FileVersion": f"10.0.{self.rng.randint(17000, 26100)}.1",
            "Description": name.rsplit(".", 1)[0],
            "Product": "Microsoft® Windows® Operating System",
            "Company": "Microsoft Corporation",
            "OriginalFileName": name.upper(),
            "CommandLine": self.command(image, user),
            "CurrentDirectory": self.fill("C:\\Users\\{user}\\", user),
            "User": domain_user,
            "LogonGuid": self.guid(),
            "LogonId": f"0x{self.rng.getrandbits(24):x}",
            "TerminalSessionId": self.rng.randint(0, 3),
            "IntegrityLevel": self.pick(["Medium", "High", "System"]),
            "Hashes": self.hashes(),
            "ParentProcessGuid": self.guid(),
            "ParentProcessId": self.rng.randint(100, 20000),
            "ParentImage": parent,
            "ParentCommandLine": self.command(parent, user),
            "ParentUser": domain_user,
        }

    def sysmon(self, eventid: int, user: str, domain_user: str) -> dict[str, Any]:
        if eventid == 1:
            return self.process(user, domain_user)
        image = self.image(user)
        base = {
            "RuleName": "-",
            "ProcessGuid": self.guid(),
            "ProcessId": self.rng.randint(100, 20000),
        }
        if eventid == 3:
            return {
                **base,
                "Image": image,
                "User": domain_user,
                "Protocol": self.pick(["tcp", "tcp", "udp"]),
                "Initiated": "true",
                "SourceIsIpv6": "false",
                "SourceIp": f"10.1.{self.rng.randint(0, 20)}.{self.rng.randint(2, 250)}",
                "SourceHostname": "-",
                "SourcePort": self.rng.randint(49152, 65535),
                "SourcePortName": "-",
                "DestinationIsIpv6": "false",
                "DestinationIp": f"{self.rng.randint(11, 220)}.{self.rng.randint(0, 255)}"
                f".{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
                "DestinationHostname": self.pick(DOMAINS),
                "DestinationPort": self.rng.choice([443, 443, 80, 445, 53, 135, 389, 8080]),
                "DestinationPortName": "-",
            }
        if eventid == 5:
            return {**base, "Image": image, "User": domain_user}
        if eventid == 7:
            dll = self.pick(DLLS)
            return {
                **base,
                "Image": image,
                "ImageLoaded": SYS32 + dll,
                "FileVersion": "10.0.22621.1",
                "Description": dll.rsplit(".", 1)[0],
                "Product": "Microsoft® Windows® Operating System",
                "Company": "Microsoft Corporation",
                "OriginalFileName": dll,
                "Hashes": self.hashes(),
                "Signed": "true",
                "Signature": "Microsoft Windows",
                "SignatureStatus": "Valid",
                "User": domain_user,
            }
        if eventid == 10:
            target = self.image(user)
            return {
                "RuleName": "-",
                "SourceProcessGUID": self.guid(),
                "SourceProcessId": self.rng.randint(100, 20000),
                "SourceThreadId": self.rng.randint(100, 20000),
                "SourceImage": image,
                "TargetProcessGUID": self.guid(),
                "TargetProcessId": self.rng.randint(100, 20000),
                "TargetImage": target,
                "GrantedAccess": self.pick(ACCESS_MASKS),
                "CallTrace": f"{SYS32}ntdll.dll+9d204|{SYS32}KERNELBASE.dll+2c13e|UNKNOWN(0)",
                "SourceUser": domain_user,
                "TargetUser": domain_user,
            }
        if eventid == 11:
            return {
                **base,
                "Image": image,
                "TargetFilename": self.fill(self.pick(FILE_DIRS) + self.pick(FILE_NAMES), user),
                "CreationUtcTime": "2026-01-15 00:00:00.000",
                "User": domain_user,
            }
        if eventid in (12, 13):
            data = {
                "EventType": "SetValue" if eventid == 13 else self.pick(["CreateKey", "DeleteKey"]),
                **base,
                "Image": image,
                "TargetObject": self.fill(self.pick(REGISTRY_KEYS), user),
                "User": domain_user,
            }
            if eventid == 13:
                data["Details"] = self.pick(
                    [
                        f"DWORD (0x{self.rng.randint(0, 255):08x})",
                        "Binary Data",
                        self.fill("C:\\Temp\\v{n}", user),
                    ]
                )
            return data
        if eventid == 22:
            return {
                **base,
                "QueryName": self.pick(DOMAINS),
                "QueryStatus": "0",
                "QueryResults": f"::ffff:{self.rng.randint(11, 220)}.0.0."
                f"{self.rng.randint(1, 254)};",
                "Image": image,
                "User": domain_user,
            }
        raise ValueError(f"no Sysmon template for {eventid}")

    def security(self, eventid: int, user: str, host: str) -> dict[str, Any]:
        subject = {
            "SubjectUserSid": "S-1-5-18",
            "SubjectUserName": host.split(".", 1)[0] + "$",
            "SubjectDomainName": "CORP",
            "SubjectLogonId": "0x3e7",
        }
        address = f"10.1.{self.rng.randint(0, 20)}.{self.rng.randint(2, 250)}"
        if eventid == 4624:
            return {
                **subject,
                "TargetUserSid": f"S-1-5-21-1000-{self.rng.randint(1000, 1999)}",
                "TargetUserName": user,
                "TargetDomainName": "CORP",
                "TargetLogonId": f"0x{self.rng.getrandbits(24):x}",
                "LogonType": self.pick(["2", "3", "3", "5", "10", "11"]),
                "LogonProcessName": self.pick(["User32", "NtLmSsp", "Kerberos", "Advapi"]),
                "AuthenticationPackageName": self.pick(["Negotiate", "NTLM", "Kerberos"]),
                "WorkstationName": self.pick(HOSTS).split(".", 1)[0],
                "LogonGuid": self.guid(),
                "TransmittedServices": "-",
                "LmPackageName": "-",
                "KeyLength": "0",
                "ProcessId": "0x2b4",
                "ProcessName": SYS32 + "lsass.exe",
                "IpAddress": address,
                "IpPort": str(self.rng.randint(49152, 65535)),
                "ImpersonationLevel": "%%1833",
                "ElevatedToken": "%%1842",
            }
        if eventid == 4688:
            image = self.image(user)
            parent = self.image(user)
            return {
                **subject,
                "NewProcessId": f"0x{self.rng.getrandbits(16):x}",
                "NewProcessName": image,
                "TokenElevationType": "%%1936",
                "ProcessId": f"0x{self.rng.getrandbits(16):x}",
                "CommandLine": self.command(image, user),
                "TargetUserSid": "S-1-0-0",
                "TargetUserName": user,
                "TargetDomainName": "CORP",
                "TargetLogonId": "0x0",
                "ParentProcessName": parent,
                "MandatoryLabel": "S-1-16-8192",
            }
        if eventid == 5140:
            share = self.pick(
                ["\\\\*\\IPC$", "\\\\*\\SYSVOL", "\\\\*\\NETLOGON", "\\\\*\\Projects"]
            )
            return {
                **subject,
                "SubjectUserName": user,
                "ObjectType": "File",
                "IpAddress": address,
                "IpPort": str(self.rng.randint(49152, 65535)),
                "ShareName": share,
                "ShareLocalPath": "" if "IPC" in share else "\\??\\D:\\Shares\\" + share[4:],
                "AccessMask": "0x1",
                "AccessList": "%%4416",
            }
        raise ValueError(f"no Security template for {eventid}")

    def other(self, channel: str, eventid: int, user: str) -> dict[str, Any]:
        if channel == POWERSHELL and eventid == 4104:
            return {
                "MessageNumber": 1,
                "MessageTotal": 1,
                "ScriptBlockText": self.fill(self.pick(SCRIPTS), user),
                "ScriptBlockId": self.guid()[1:-1].lower(),
                "Path": self.fill("C:\\Scripts\\inventory{n}.ps1", user),
            }
        if channel == SYSTEM and eventid == 7045:
            name, path = self.rng.choice(SERVICES)
            return {
                "ServiceName": name,
                "ImagePath": path,
                "ServiceType": "user mode service",
                "StartType": "auto start",
                "AccountName": "LocalSystem",
            }
        raise ValueError(f"no template for {channel} {eventid}")


_PROVIDERS = {
    SYSMON: SYSMON_PROVIDER,
    SECURITY: "Microsoft-Windows-Security-Auditing",
    POWERSHELL: "Microsoft-Windows-PowerShell",
    SYSTEM: "Service Control Manager",
}


def _record(
    channel: str, eventid: int, host: str, moment: datetime, number: int, data: dict[str, Any]
) -> dict[str, Any]:
    return {
        "Event": {
            "System": {
                "Provider": {"#attributes": {"Name": _PROVIDERS[channel]}},
                "EventID": eventid,
                "Channel": channel,
                "Computer": host,
                "EventRecordID": number,
                "TimeCreated": {"#attributes": {"SystemTime": _iso(moment)}},
            },
            "EventData": data,
        }
    }


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def _restamp(template: dict[str, Any], host: str, moment: datetime, number: int) -> dict[str, Any]:
    """A regression event copied with a new time, host and record id."""
    record = copy.deepcopy(template)
    system = record["Event"].setdefault("System", {})
    system["Computer"] = host
    system["EventRecordID"] = number
    system["TimeCreated"] = {"#attributes": {"SystemTime": _iso(moment)}}
    data = record["Event"].get("EventData")
    if isinstance(data, dict) and "UtcTime" in data:
        data["UtcTime"] = moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    return record


def generate(
    count: int, regression: list[dict[str, Any]], seed: int = 20260115
) -> Iterator[dict[str, Any]]:
    """Yield ``count`` events in time order, the same ones for the same arguments."""
    rng = random.Random(seed)
    builder = _Builder(rng)
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]
    step = SPAN / max(count, 1)
    start = END - SPAN
    for number in range(count):
        moment = start + step * (number + 1)
        host = rng.choice(HOSTS)
        if regression and rng.random() < REGRESSION_SHARE:
            yield _restamp(rng.choice(regression), host, moment, number + 1)
            continue
        channel, eventid = rng.choices(kinds, weights)[0]
        user = rng.choice(USERS)
        domain_user = rng.choice(SYSTEM_USERS) if rng.random() < 0.3 else f"CORP\\{user}"
        if channel == SYSMON:
            data = builder.sysmon(eventid, user, domain_user)
            data["UtcTime"] = moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        elif channel == SECURITY:
            data = builder.security(eventid, user, host)
        else:
            data = builder.other(channel, eventid, user)
        yield _record(channel, eventid, host, moment, number + 1, data)


def write_jsonl(path: Path, events: Iterator[dict[str, Any]]) -> int:
    """Write events one JSON object a line; return how many."""
    written = 0
    with path.open("w", encoding="utf-8") as stream:
        for event in events:
            stream.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
            stream.write("\n")
            written += 1
    return written
