"""Time the engine on synthetic events: ``python -m tests.engine.benchmark [N]``.

Generates N flat Sysmon/Security events (100,000 by default), loads them into an in-memory
store (normalisation included) and times typical searches. docs/engine.md quotes the numbers.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from typing import Any

from sigmaqr.engine import EventStore, run

IMAGES = [
    "C:\\Windows\\System32\\cmd.exe",
    "C:\\Windows\\System32\\whoami.exe",
    "C:\\Windows\\System32\\sc.exe",
    "C:\\Program Files\\App\\app.exe",
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    "C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe",
]
SYSMON = "Microsoft-Windows-Sysmon/Operational"

SEARCHES = {
    "Sigma rule (ILIKE on 3 properties)": (
        f"SELECT * FROM events WHERE devicetype = 12 AND qideventcategory ILIKE '{SYSMON}' "
        "AND qideventid = 1 AND (\"Original File Name\" ILIKE 'sc.exe' "
        "OR \"Process Path\" ILIKE '%\\sc.exe') AND \"Command\" ILIKE '% stop %' LAST 24 HOURS"
    ),
    "IMATCHES on the command line": (
        "SELECT * FROM events WHERE \"Command\" IMATCHES '.*\\s/c\\s+whoami.*' LAST 24 HOURS"
    ),
    "payload keyword (UTF8(payload) ILIKE)": (
        "SELECT * FROM events WHERE UTF8(payload) ILIKE '%whoami%' LAST 24 HOURS"
    ),
    "GROUP BY username, COUNT, HAVING": (
        "SELECT username, COUNT(*) AS n FROM events GROUP BY username HAVING n > 10 LAST 24 HOURS"
    ),
    "qidmap subquery (union format)": (
        "SELECT * FROM events WHERE qid IN (SELECT qid FROM qidmap WHERE eventid IN (1)) "
        "AND \"Command\" ILIKE '%stop%' LAST 24 HOURS"
    ),
}


def events(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """Flat Windows events, 6 in 7 Sysmon process creations, one minute apart at most."""
    rng = random.Random(seed)
    start = 1_700_000_000_000
    for number in range(count):
        image = rng.choice(IMAGES)
        moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime((start + number * 500) / 1000))
        base = {"TimeCreated": moment + "Z", "Computer": f"wks-{number % 50}.corp.example"}
        if number % 7 == 6:
            yield {
                **base,
                "EventID": 4624,
                "Channel": "Security",
                "TargetUserName": f"u{number % 97}",
                "SubjectUserName": "WKS$",
                "IpAddress": f"10.0.{number % 250}.{number % 200}",
                "LogonType": "3",
            }
            continue
        yield {
            **base,
            "EventID": 1,
            "Channel": SYSMON,
            "Image": image,
            "OriginalFileName": image.rsplit("\\", 1)[-1].upper(),
            "CommandLine": f'"{image}" /c {rng.choice(["whoami", "stop svc", "dir"])} {number}',
            "ParentImage": rng.choice(IMAGES),
            "ParentCommandLine": f"parent {number}",
            "User": f"CORP\\u{number % 97}",
            "Hashes": "SHA1=AB,MD5=CD,SHA256=EF,IMPHASH=01",
            "IntegrityLevel": rng.choice(["High", "Medium", "System"]),
            "ProcessId": str(rng.randint(100, 9999)),
            "CurrentDirectory": "C:\\Windows\\system32\\",
        }


def main(count: int = 100_000) -> None:
    """Load ``count`` events and print load and search times."""
    store = EventStore()
    began = time.perf_counter()
    store.add(events(count))
    print(f"load + normalise {count} events: {time.perf_counter() - began:.2f} s")
    for name, query in SEARCHES.items():
        began = time.perf_counter()
        rows = len(run(query, store))
        print(f"{name}: {1000 * (time.perf_counter() - began):.0f} ms ({rows} rows)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
