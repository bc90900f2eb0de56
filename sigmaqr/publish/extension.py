"""A QRadar content extension: a ZIP holding an XML content export with one custom rule per rule.

Each custom rule has one test, ``com.q1labs.semsources.cre.tests.AQL_Test`` ("when the event
matches this AQL filter query"), whose argument is the rule's ``filter`` AQL. The rule's own XML
goes base64-encoded into ``<custom_rule><rule_data>``; the rules are linked to one rule group
("Sigma (sigmaqr)"). The shape follows the one public generator of such files and IBM's notes on
content extensions; docs/publishing.md lists what has not been checked on a real console.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sigmaqr.publish.model import RuleContent

XML_NAME = "sigmaqr-content.xml"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
GROUP_ID = 880001
GROUP_NAME = "Sigma (sigmaqr)"
RULE_GROUP_TYPE = 3
FIRST_RULE_ID = 880100
RULE_ID_SPAN = 99_000
AQL_TEST = "com.q1labs.semsources.cre.tests.AQL_Test"
AQL_TEST_ID = "320"
CAPABILITIES = "EventViewer.RULECREATION|SURVEILLANCE.RULECREATION"
OFFENSE_LEVELS = frozenset({"high", "critical"})
EPOCH = date(1970, 1, 1)


def extension_zip(rules: Sequence[RuleContent]) -> bytes:
    """Build the content extension.

    Args:
        rules: The published rules.

    Returns:
        The ZIP's bytes: stored (zlib versions compress differently), fixed timestamp and
        permissions, so the same rules give the same bytes everywhere.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        info = zipfile.ZipInfo(XML_NAME, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        archive.writestr(info, content_xml(rules))
    return buffer.getvalue()


def content_xml(rules: Sequence[RuleContent]) -> bytes:
    """The XML content export: the rule group, each custom rule and its group link."""
    root = ET.Element("content")
    newest = max((rule_date(r) for r in rules), default=EPOCH)
    root.append(rule_group(newest))
    for rule, rule_id in zip(rules, rule_ids(rules), strict=True):
        root.append(custom_rule(rule, rule_id))
        root.append(group_link(rule_id))
    ET.indent(root)
    body: bytes = ET.tostring(root, "utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def rule_ids(rules: Sequence[RuleContent]) -> list[int]:
    """Stable rule ids: from each rule's Sigma id, the next free one on a collision."""
    taken: set[int] = set()
    ids = []
    for rule in rules:
        digest = int(hashlib.sha256(rule.id.encode()).hexdigest(), 16)
        candidate = FIRST_RULE_ID + digest % RULE_ID_SPAN
        while candidate in taken:
            candidate = FIRST_RULE_ID + (candidate - FIRST_RULE_ID + 1) % RULE_ID_SPAN
        taken.add(candidate)
        ids.append(candidate)
    return ids


def rule_date(rule: RuleContent) -> date:
    """The rule's last modification date (Sigma ``modified``, else ``date``)."""
    found = rule.rule.modified or rule.rule.date
    return found if isinstance(found, date) else EPOCH


def timestamp(day: date) -> str:
    """A content-export timestamp at midnight UTC."""
    return f"{day.isoformat()}T00:00:00.000+00:00"


def _text(parent: ET.Element, tag: str, text: str | int) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = str(text)
    return element


def rule_group(day: date) -> ET.Element:
    """The rule group every published rule is linked to."""
    group = ET.Element("fgroup")
    for tag, value in (
        ("id", GROUP_ID),
        ("parent_id", RULE_GROUP_TYPE),
        ("type_id", RULE_GROUP_TYPE),
        ("level_id", 2),
        ("name", GROUP_NAME),
        ("description", "Sigma rules published by sigmaqr"),
        ("user_name", "admin"),
        ("modified_date", timestamp(day)),
    ):
        _text(group, tag, value)
    return group


def group_link(rule_id: int) -> ET.Element:
    """Link a rule into the group."""
    link = ET.Element("fgroup_link")
    for tag, value in (("id", rule_id), ("fgroup_id", GROUP_ID), ("item_id", rule_id)):
        _text(link, tag, value)
    _text(link, "user_name", "admin")
    return link


def custom_rule(rule: RuleContent, rule_id: int) -> ET.Element:
    """The ``<custom_rule>`` element carrying the base64 rule XML."""
    element = ET.Element("custom_rule")
    stamp = timestamp(rule_date(rule))
    _text(element, "id", rule_id)
    _text(element, "uuid", rule.id)
    _text(element, "origin", "USER")
    _text(element, "rule_type", 0)
    _text(element, "flags", 0)
    _text(element, "create_date", stamp)
    _text(element, "mod_date", stamp)
    _text(element, "rule_data", base64.b64encode(rule_xml(rule, rule_id)).decode("ascii"))
    return element


def user_selection(expression: str) -> str:
    """The AQL test's stored argument: ``urlencode(expr)|urlencode(["expr"])``."""
    return quote(expression, safe="") + "|" + quote(json.dumps([expression]), safe="")


def rule_xml(rule: RuleContent, rule_id: int) -> bytes:
    """The custom rule itself: name, notes, the AQL filter test, offense action."""
    element = ET.Element(
        "rule",
        {
            "id": str(rule_id),
            "owner": "admin",
            "scope": "LOCAL",
            "type": "EVENT",
            "roleDefinition": "false",
            "buildingBlock": "false",
            "enabled": "true",
        },
    )
    _text(element, "name", f"Sigma: {rule.title}")
    _text(element, "notes", notes(rule))
    tests = ET.SubElement(element, "testDefinitions")
    tests.append(aql_test(rule.aql["filter"]))
    offense = "true" if rule.level in OFFENSE_LEVELS else "false"
    ET.SubElement(
        element,
        "actions",
        {
            "flowAnalysisInterval": "0",
            "includeAttackerEventsInterval": "0",
            "forceOffenseCreation": offense,
            "offenseMapping": "0",
        },
    )
    body: bytes = ET.tostring(element, "utf-8")
    return body


def notes(rule: RuleContent) -> str:
    """The rule's notes: description, Sigma id, level, ATT&CK, references."""
    lines = [" ".join((rule.rule.description or "").split()), "", f"Sigma id: {rule.id}"]
    lines.append(f"Level: {rule.level or '-'}")
    lines += [f"ATT&CK: {t.id} {t.name} ({t.url})" for t in rule.attack.techniques]
    lines += [f"Reference: {ref}" for ref in rule.rule.references]
    return "\n".join(lines)


def aql_test(expression: str) -> ET.Element:
    """The rule test "when the event matches this AQL filter query"."""
    test = ET.Element(
        "test",
        {
            "requiredCapabilities": CAPABILITIES,
            "groupId": "1",
            "group": "jsp.qradar.rulewizard.condition.page.group.common",
            "uid": "0",
            "name": AQL_TEST,
            "id": AQL_TEST_ID,
        },
    )
    query = ET.SubElement(test, "parameter", {"id": "1"})
    _text(query, "initialText", "this")
    _text(query, "selectionLabel", "Enter an AQL filter query")
    ET.SubElement(query, "userOptions", {"source": "user", "format": "CustomizeParameter-AQL.jsp"})
    _text(query, "userSelection", user_selection(expression))
    _text(query, "userSelectionTypes", "property")
    _text(query, "userSelectionId", 0)
    table = ET.SubElement(test, "parameter", {"id": "2"})
    _text(table, "initialText", "")
    _text(table, "selectionLabel", "Select a value")
    _text(table, "userSelection", "events")
    _text(table, "userSelectionId", 0)
    return test
