"""Render a Windows event (the JSON form of its EVTX record) as Windows event XML.

The rendering is the event's ``payload``: the text that QRadar stores as the raw event and that
``UTF8(payload)`` searches. XML keeps backslashes and quotes literal (``C:\\Windows``), as the
event text that WinCollect forwards does; a JSON rendering would double every backslash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["render_flat", "render_xml"]

_NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attributes(attrs: Mapping[str, Any]) -> str:
    return "".join(f' {k}="{_escape(_scalar(v), quote=True)}"' for k, v in attrs.items())


def _element(name: str, value: Any) -> str:
    if isinstance(value, list):
        return "".join(_element(name, item) for item in value)
    if value is None:
        return f"<{name}/>"
    if not isinstance(value, Mapping):
        return f"<{name}>{_escape(_scalar(value))}</{name}>"
    attrs = _attributes(value.get("#attributes") or {})
    inner = _escape(_scalar(value["#text"])) if value.get("#text") is not None else ""
    inner += "".join(_element(k, v) for k, v in value.items() if not k.startswith("#"))
    return f"<{name}{attrs}>{inner}</{name}>" if inner else f"<{name}{attrs}/>"


def _data(name: str, value: Any) -> str:
    if isinstance(value, Mapping) and "#text" in value:
        value = value["#text"]
    if isinstance(value, list):
        return "".join(_data(name, item) for item in value)
    if value is None:
        return f'<Data Name="{_escape(name, quote=True)}"/>'
    return f'<Data Name="{_escape(name, quote=True)}">{_escape(_scalar(value))}</Data>'


def _event_data(value: Any) -> str:
    if not isinstance(value, Mapping):
        return _element("EventData", value)
    attrs = _attributes(value.get("#attributes") or {})
    inner = "".join(_data(k, v) for k, v in value.items() if not k.startswith("#"))
    return f"<EventData{attrs}>{inner}</EventData>"


def render_xml(event: Mapping[str, Any]) -> str:
    """Render the ``Event`` object of an EVTX JSON record as one line of event XML.

    Args:
        event: The value of the record's ``Event`` key (``System``, ``EventData``, ...).

    Returns:
        ``<Event xmlns=...><System>...</System><EventData><Data Name=...>...</EventData></Event>``.
    """
    parts = [
        _event_data(value) if key == "EventData" else _element(key, value)
        for key, value in event.items()
        if not key.startswith("#")
    ]
    return f'<Event xmlns="{_NS}">{"".join(parts)}</Event>'


def render_flat(fields: Mapping[str, Any]) -> str:
    """Render a flat field dictionary (a JSON Lines event) as event XML with one Data per field."""
    return render_xml({"EventData": dict(fields)})
