"""Read event files: EVTX, JSON renderings of EVTX records and JSON Lines.

* ``.evtx``: Windows event log files, read with the ``evtx`` package.
* ``.json``: one or more JSON values concatenated (SigmaHQ's regression data renders every
  EVTX record as a pretty-printed object, one after the other), or a JSON array of objects.
* ``.jsonl`` / ``.ndjson``: one JSON object per line.

A file that cannot be read completely raises :class:`IngestError` naming the file and the
place of the damage, after yielding the records before it.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sigmaqr.engine.errors import IngestError

__all__ = ["EVENT_SUFFIXES", "expand_paths", "read_records"]

EVENT_SUFFIXES = (".evtx", ".json", ".jsonl", ".ndjson")
"""File name endings recognised as event files when a directory is expanded."""

_EVTX_MAGIC = b"ElfFile\x00"
_EVTX_HEADER_SIZE = 4096
_EVTX_CHUNK_SIZE = 65536


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories into the event files below them, sorted.

    In a directory, a ``.json`` file next to an ``.evtx`` file of the same stem is skipped: it is
    the JSON rendering of the same events (SigmaHQ regression data ships both).
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in EVENT_SUFFIXES)
        found.extend(p for p in files if not _is_rendering_twin(p))
    return found


def _is_rendering_twin(path: Path) -> bool:
    return path.suffix.lower() == ".json" and path.with_suffix(".evtx").exists()


def read_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the event records of one file as dictionaries.

    Args:
        path: An ``.evtx``, ``.json``, ``.jsonl`` or ``.ndjson`` file (other names are sniffed).

    Raises:
        IngestError: The file is missing, truncated or malformed (raised after the records that
            could be read).
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_EVTX_MAGIC))
    except OSError as error:
        raise IngestError(str(path), f"cannot read: {error.strerror or error}") from None
    if head == _EVTX_MAGIC or path.suffix.lower() == ".evtx":
        yield from _evtx_records(path)
    elif path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl_records(path)
    else:
        yield from _json_records(path)


def _check_evtx_size(path: Path) -> None:
    with path.open("rb") as handle:
        data = handle.read(_EVTX_HEADER_SIZE)
    if len(data) < 44 or not data.startswith(_EVTX_MAGIC):
        raise IngestError(str(path), "not an EVTX file (no ElfFile header)")
    (chunks,) = struct.unpack_from("<H", data, 42)
    expected = _EVTX_HEADER_SIZE + chunks * _EVTX_CHUNK_SIZE
    actual = path.stat().st_size
    if actual < expected:
        raise IngestError(
            str(path),
            f"truncated EVTX file: header declares {chunks} chunk(s), "
            f"{expected} bytes, but the file has {actual} bytes",
        )


def _evtx_records(path: Path) -> Iterator[dict[str, Any]]:
    import evtx

    _check_evtx_size(path)
    count = 0
    try:
        for record in evtx.PyEvtxParser(str(path), validate_checksums=True).records_json():
            if record is None:
                continue
            yield json.loads(record["data"])
            count += 1
    except (OSError, RuntimeError, ValueError) as error:
        raise IngestError(str(path), f"corrupt EVTX after {count} record(s): {error}") from None


def _as_records(value: Any, where: str, path: Path) -> Iterator[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            raise IngestError(
                str(path), f"{where}: expected a JSON object, got {type(item).__name__}"
            )
        yield item


def _json_records(path: Path) -> Iterator[dict[str, Any]]:
    text = _read_text(path)
    decoder = json.JSONDecoder()
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise IngestError(
                str(path), f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}"
            ) from None
        yield from _as_records(value, f"offset {position}", path)


def _jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise IngestError(
                str(path), f"invalid JSON on line {number} column {error.colno}: {error.msg}"
            ) from None
        yield from _as_records(value, f"line {number}", path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            str(path), f"not UTF-8 text: {error.reason} at byte {error.start}"
        ) from None
