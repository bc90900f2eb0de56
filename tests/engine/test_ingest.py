"""Ingestion: EVTX, concatenated JSON renderings, JSON Lines, and damaged files."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from sigmaqr.engine import EventStore, IngestError, run
from sigmaqr.engine.ingest import expand_paths, read_records
from tests.conftest import shared_path
from tests.engine.conftest import DATA

SYSMON_TEXT = (DATA / "sysmon_1.json").read_text(encoding="utf-8")
SHARE_TEXT = (DATA / "security_5140.json").read_text(encoding="utf-8")
REGRESSION_RULE = "rules/windows/process_creation/proc_creation_win_sc_stop_service"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _comparable(store: EventStore) -> list[dict[str, object]]:
    rows = []
    for row in store.rows():
        row.pop("payload")
        rows.append({k: v.rstrip() if isinstance(v, str) else v for k, v in row.items()})
    return rows


def _regression_evtx() -> Path:
    folder = shared_path("sigmahq", "regression_data", REGRESSION_RULE)
    return next(folder.glob("*.evtx"))


class TestJson:
    """JSON renderings: concatenated objects, arrays and JSON Lines."""

    def test_concatenated_objects(self, tmp_path: Path) -> None:
        """Several pretty-printed objects one after another are several events."""
        path = _write(tmp_path / "two.json", SYSMON_TEXT + "\n" + SHARE_TEXT)
        assert len(list(read_records(path))) == 2

    def test_array(self, tmp_path: Path) -> None:
        """A JSON array of events is read element by element."""
        array = json.dumps([json.loads(SYSMON_TEXT), json.loads(SHARE_TEXT)])
        assert len(list(read_records(_write(tmp_path / "array.json", array)))) == 2

    def test_json_lines_raw_and_normalised(self, tmp_path: Path) -> None:
        """JSON Lines may mix raw EVTX records, flat Windows events and normalised events."""
        lines = [
            json.dumps(json.loads(SYSMON_TEXT)),
            json.dumps(
                {"EventID": 4624, "Channel": "Security", "TimeCreated": "2024-01-01T00:00:00Z"}
            ),
            json.dumps({"starttime": 1700000000000, "username": "eve", "properties": {"X": "1"}}),
            "",
        ]
        store = EventStore()
        assert store.load_file(_write(tmp_path / "mixed.jsonl", "\n".join(lines))) == 3
        assert run("SELECT username FROM events WHERE X = '1'", store).rows == [("eve",)]

    def test_truncated_json_names_file_and_place(self, tmp_path: Path) -> None:
        """A cut-off rendering raises IngestError with the file and line; earlier events load."""
        path = _write(tmp_path / "cut.json", SYSMON_TEXT + SHARE_TEXT[:200])
        store = EventStore()
        with pytest.raises(IngestError, match=r"cut\.json: invalid JSON at line \d+"):
            store.load_file(path)
        assert len(store) == 1

    def test_bad_json_line(self, tmp_path: Path) -> None:
        """A malformed JSON line is reported by line number."""
        path = _write(tmp_path / "bad.jsonl", '{"EventID": 1}\n{oops\n')
        with pytest.raises(IngestError, match="line 2"):
            list(read_records(path))

    def test_non_object(self, tmp_path: Path) -> None:
        """A JSON value that is not an object is not an event."""
        with pytest.raises(IngestError, match="expected a JSON object"):
            list(read_records(_write(tmp_path / "n.json", "[1, 2]")))

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Binary junk in a JSON file is reported, not raised as UnicodeDecodeError."""
        path = tmp_path / "junk.json"
        path.write_bytes(b"\xff\xfe\x00junk")
        with pytest.raises(IngestError, match="not UTF-8"):
            list(read_records(path))

    def test_record_that_is_not_an_event(self, tmp_path: Path) -> None:
        """A record without an event time is reported with its position."""
        path = _write(tmp_path / "odd.jsonl", json.dumps({"EventID": 1, "Channel": "Security"}))
        with pytest.raises(IngestError, match="event 1: event has no TimeCreated"):
            EventStore().load_file(path)


class TestEvtx:
    """EVTX files: real ones from the shared regression data, and damaged ones."""

    def test_fake_truncated_header(self, tmp_path: Path) -> None:
        """A header that declares more chunks than the file holds is a truncated file."""
        header = bytearray(4096)
        header[:8] = b"ElfFile\x00"
        struct.pack_into("<H", header, 42, 3)
        path = tmp_path / "short.evtx"
        path.write_bytes(bytes(header))
        with pytest.raises(
            IngestError, match=r"short\.evtx: truncated EVTX file: header declares 3"
        ):
            list(read_records(path))

    def test_not_evtx(self, tmp_path: Path) -> None:
        """A .evtx file without the ElfFile magic is rejected."""
        path = tmp_path / "fake.evtx"
        path.write_bytes(b"not an event log")
        with pytest.raises(IngestError, match="not an EVTX file"):
            list(read_records(path))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an IngestError naming it."""
        with pytest.raises(IngestError, match=r"missing\.evtx: cannot read"):
            list(read_records(tmp_path / "missing.evtx"))

    def test_real_evtx(self) -> None:
        """A SigmaHQ regression EVTX file yields its event."""
        records = list(read_records(_regression_evtx()))
        assert records[0]["Event"]["System"]["EventID"] == 1

    def test_evtx_and_json_rendering_agree(self) -> None:
        """The EVTX file and its JSON rendering normalise to the same event (the rendering
        trims trailing spaces, so values are compared right-stripped, payload aside)."""
        evtx = _regression_evtx()
        from_evtx, from_json = EventStore(), EventStore()
        from_evtx.load_file(evtx)
        from_json.load_file(evtx.with_suffix(".json"))
        assert _comparable(from_evtx) == _comparable(from_json)

    def test_truncated_evtx_does_not_stop_the_batch(self, tmp_path: Path) -> None:
        """A cut EVTX file is reported; the other files of the batch still load."""
        cut = tmp_path / "cut.evtx"
        cut.write_bytes(_regression_evtx().read_bytes()[:20000])
        good = _write(tmp_path / "good.json", SYSMON_TEXT)
        report = EventStore().load([cut, good])
        assert report.events == 1
        assert [e.path for e in report.errors] == [str(cut)]
        assert "truncated EVTX file" in report.errors[0].message

    def test_corrupt_chunk(self, tmp_path: Path) -> None:
        """A flipped byte inside a chunk fails its checksum."""
        data = bytearray(_regression_evtx().read_bytes())
        data[4096 + 1000] ^= 0xFF
        path = tmp_path / "flipped.evtx"
        path.write_bytes(bytes(data))
        with pytest.raises(IngestError, match="corrupt EVTX"):
            list(read_records(path))


def test_directory_skips_json_twins(tmp_path: Path) -> None:
    """In a directory, a .json next to a same-named .evtx is its rendering and is skipped."""
    for name in ("a.evtx", "a.json", "b.json", "c.jsonl", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.evtx", "b.json", "c.jsonl"]
