"""AQL examples from IBM's documentation (aql-facts.md), shared by the tests."""

from __future__ import annotations

IBM_EXAMPLES = {
    "in_subquery": (
        "SELECT * FROM events WHERE username IN (SELECT username FROM events LIMIT 10 "
        "LAST 5 MINUTES) LAST 24 HOURS"
    ),
    "if_then_else": (
        "SELECT sourceip, IF username = 'root' THEN 'ADMIN' ELSE username AS user FROM events"
    ),
    "if_is_null": "SELECT IF username IS NULL THEN ASSETUSER(sourceip) ELSE username FROM events",
    "globalview": "select * from GLOBALVIEW('Top Log Sources','DAILY') last 2 days",
    "limit_start_stop": (
        "SELECT * FROM events LIMIT 100 START '2015-10-28 10:00' STOP '2015-10-28 11:00'"
    ),
    "mixed_case": "SELECT UtF8(payLoad), QiD, QiDnAmE(qid) FROM events",
    "text_search": "SELECT * FROM events WHERE TEXT SEARCH 'firewall' AND sourceip='192.168.1.1'",
    "text_search_start_stop": (
        "SELECT sourceip,url FROM events WHERE TEXT SEARCH 'download.cdn.mozilla.net' AND "
        "sourceip='192.168.1.1' START '2015-01-30 16:10:12' STOP '2015-02-22 17:10:22'"
    ),
    "parameters_remoteservers": (
        "SELECT logsourceid FROM events GROUP BY logsourceid LAST 20 MINUTES "
        "PARAMETERS REMOTESERVERS=ARIELSERVERS4EPID(8)"
    ),
    "parameters_excludeservers": (
        "SELECT * FROM events LAST 1 HOURS PARAMETERS EXCLUDESERVERS=ARIELSERVERS4EPID(1)"
    ),
    "parameters_list_and_into": (
        "SELECT sourceip from events into s16 where sourceip in (select destinationip from "
        "events) parameters snapshotsize=2, PROGRESSDETAILSRESOLUTION=10"
    ),
    "into_quoted": "SELECT * FROM EVENTS INTO 'MyCursor' WHERE sourceIP = destinationIP",
    "incidr": "SELECT * FROM events WHERE INCIDR('192.0.2.0/24', sourceip)",
    "or_not_incidr": (
        "SELECT * FROM events WHERE sourceip = '10.0.0.1' OR NOT INCIDR('192.0.2.0/4', sourceIP)"
    ),
    "modulo": "SELECT * FROM flows WHERE sourceBytes % 8 = 7",
    "modulo_double_equals": "SELECT * FROM flows WHERE sourceBytes % 8 == 7",
    "power": "SELECT * FROM flows WHERE sourceBytes ^ 2 < 256",
    "multiply": "SELECT * FROM flows WHERE sourceBytes * 1024 < 1",
    "bitwise_and": (
        "SELECT LONG(sourceip)AS long_ip, sourceip FROM events into t1 WHERE "
        "(long_ip & 0xff000000)=0x0a000000 GROUP BY long_ip LIMIT 50"
    ),
    "between": "SELECT * FROM events WHERE magnitude BETWEEN 1 AND 5",
    "collate": "SELECT * FROM EVENTS ORDER BY sourceIP DESC COLLATE 'de-CH'",
    "in_list": "SELECT * FROM EVENTS WHERE SourceIP IN ('192.0.2.1', '::1', '198.51.100.0')",
    "not_parenthesized": "SELECT * FROM EVENTS WHERE NOT (sourceIP = destinationIP)",
    "nested_not_or": (
        "SELECT * FROM events WHERE (NOT (sourcePort <= 3003 OR hasidentity = 'True'))"
    ),
    "imatches": "SELECT * FROM events WHERE userName IMATCHES '^.bob.$'",
    "is_not_null": "SELECT * FROM events WHERE userName IS NOT NULL",
    "alias_first_then_star": "SELECT QIDNAME(qid) AS EventName, * FROM events",
    "star_then_alias": "SELECT *, QIDNAME(qid) AS 'Event Name' FROM events",
    "quoted_alias_order_by": (
        "SELECT username, COUNT(*) AS 'Event Count' FROM events GROUP BY username "
        'ORDER BY "Event Count" DESC LAST 1 HOURS'
    ),
    "quoted_property_alias": "SELECT \"My custom property name\" AS 'My new alias' FROM events",
    "subquery_from": (
        "SELECT username FROM (SELECT * FROM events WHERE username IS NOT NULL LAST 60 MINUTES)"
    ),
    "subquery_risky_hosts": (
        "SELECT sourceip AS 'Risky Hosts' FROM events WHERE destinationip IN (SELECT sourceip "
        "FROM events WHERE eventdirection = 'L2R' AND REFERENCESETCONTAINS('CriticalWatchList', "
        "destinationip) GROUP BY sourceip) GROUP BY sourceip last 24 hours"
    ),
    "simple_case": (
        "SELECT CASE username WHEN 'root' THEN 'Admin root' WHEN 'admin' THEN 'Admin user' "
        "ELSE 'other' END FROM events"
    ),
    "having": (
        "SELECT sourceip, MAX(magnitude) AS MAG FROM events GROUP BY sourceip HAVING MAG > 3 "
        "LAST 1 HOURS"
    ),
    "parsedatetime": (
        "SELECT * FROM events START PARSEDATETIME('1 hour ago') STOP PARSEDATETIME('now')"
    ),
    "epoch_millis": "SELECT * FROM events limit 1000 START 1593407880000 STOP 1593451080000",
    "alias_in_where": "SELECT qidname(qid) as test FROM events WHERE test LIKE 'Information%'",
    "str_on_ip": "SELECT * FROM events WHERE str(sourceip) LIKE '127.%'",
    "dateformat": "SELECT DATEFORMAT(startTime,'yyyy-MM-dd hh:mm:ss') FROM events",
    "long_sum": (
        "SELECT sourceip, LONG(SUM(sourcebytes+destinationbytes)) AS bytes FROM flows "
        "GROUP BY sourceip"
    ),
    "concat": "SELECT CONCAT(username, ':', sourceip) FROM events",
    "referencemap": "SELECT REFERENCEMAP('map', LOWER(username)) FROM events",
    "boolean_as_string": (
        "SELECT * FROM events WHERE sourceIP = '192.0.2.0' AND hasOffense = 'true'"
    ),
    "ibm_backend_in": "SELECT * FROM events WHERE devicetype IN(10, 12)",
    "ibm_backend_lower_like": (
        "SELECT * FROM events WHERE devicetype=12 AND Command='val1' AND \"Process Path\"='val2' "
        "AND LOWER(URL) LIKE '%val3%'"
    ),
    "searched_case": "SELECT CASE WHEN qid = 1 THEN 'one' ELSE 'other' END AS n FROM events",
    "union_qidmap": (
        "SELECT * FROM events WHERE qid IN (SELECT qid FROM qidmap WHERE eventid IN (5140, 5142)) "
        "UNION SELECT * FROM events WHERE qideventid = 1 LAST 24 HOURS"
    ),
}
"""Documented queries (plus the backend's searched CASE and UNION forms), by name."""

EXTENDED_ONLY = frozenset({"union_qidmap"})
"""Examples that only the extended profile accepts."""
