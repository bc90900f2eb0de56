"""The ``validate`` command, invoked directly through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sigmaqr.commands.validate import validate

GOOD = "SELECT * FROM events WHERE sourceip = '10.0.0.1' LAST 1 HOURS\n"
BAD = "SELECT * FROM events LAST 5 MINUTES LIMIT 10\n"
LIMIT_MESSAGE = (
    "LIMIT must come before the time clause: write '... LIMIT n LAST ...' "
    "(IBM: place the LIMIT clause in front of the time clause)"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """Query files: good, bad, a UNION, a filter and a warning, by name."""
    contents = {
        "good.aql": GOOD,
        "bad.aql": BAD,
        "union.aql": "SELECT a FROM events UNION SELECT a FROM flows",
        "filter.aql": "qideventid = 4688 AND \"Command\" ILIKE '%whoami%'",
        "warn.aql": "SELECT * FROM events LAST 1 HOUR",
        "bom.aql": "\ufeff" + GOOD,
    }
    paths = {}
    for name, text in contents.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Invoke the command; return exit code, stdout and stderr."""
    result = CliRunner().invoke(validate, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


class TestValidateCommand:
    """Output lines and exit codes."""

    def test_valid_file(self, files: dict[str, str]) -> None:
        """A valid query prints FILE: OK and exits 0."""
        assert run(files["good.aql"]) == (0, f"{files['good.aql']}: OK\n", "")

    def test_invalid_file(self, files: dict[str, str]) -> None:
        """An invalid query prints FILE:LINE:COL: message and exits 1."""
        assert run(files["bad.aql"]) == (1, f"{files['bad.aql']}:1:37: {LIMIT_MESSAGE}\n", "")

    def test_several_files(self, files: dict[str, str]) -> None:
        """Every file is reported, in order; one failure makes the exit code 1."""
        code, out, _ = run(files["good.aql"], files["bad.aql"], files["good.aql"])
        assert (code, out.splitlines()) == (
            1,
            [
                f"{files['good.aql']}: OK",
                f"{files['bad.aql']}:1:37: {LIMIT_MESSAGE}",
                f"{files['good.aql']}: OK",
            ],
        )

    def test_stdin(self) -> None:
        """'-' reads the query from standard input."""
        assert run("-", stdin=GOOD) == (0, "<stdin>: OK\n", "")

    def test_profile_option(self, files: dict[str, str]) -> None:
        """--profile extended accepts UNION, which strict rejects."""
        assert (run(files["union.aql"])[0], run("-p", "extended", files["union.aql"])[0]) == (1, 0)

    def test_filter_profile(self, files: dict[str, str]) -> None:
        """--profile filter validates a bare rule condition."""
        assert run("--profile", "filter", files["filter.aql"]) == (
            0,
            f"{files['filter.aql']}: OK\n",
            "",
        )

    def test_warning_keeps_ok(self, files: dict[str, str]) -> None:
        """A warning is printed, marked as such, and the file is still OK."""
        assert run(files["warn.aql"]) == (
            0,
            (
                f"{files['warn.aql']}:1:22: warning: IBM documents only plural units: "
                f"write LAST 1 HOURS\n{files['warn.aql']}: OK\n"
            ),
            "",
        )

    def test_byte_order_mark_is_ignored(self, files: dict[str, str]) -> None:
        """A UTF-8 BOM at the start of a file is not part of the query."""
        assert run(files["bom.aql"])[0] == 0

    def test_allow_unknown_functions(self) -> None:
        """--allow-unknown-functions accepts custom functions."""
        query = "SELECT MYFUNC(a) FROM events"
        codes = (run("-", stdin=query)[0], run("--allow-unknown-functions", "-", stdin=query)[0])
        assert codes == (1, 0)

    def test_unreadable_file_continues(self, files: dict[str, str], tmp_path: Path) -> None:
        """A missing file is named on stderr, the others are still checked, exit is 1."""
        missing = str(tmp_path / "missing.aql")
        assert run(missing, files["good.aql"]) == (
            1,
            f"{files['good.aql']}: OK\n",
            f"{missing}: cannot read file: No such file or directory\n",
        )

    def test_directory_is_unreadable(self, tmp_path: Path) -> None:
        """A directory is reported as unreadable, without a traceback."""
        code, _, err = run(str(tmp_path))
        assert (code, err.startswith(f"{tmp_path}: cannot read file: ")) == (1, True)

    def test_undecodable_file(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 is reported as unreadable."""
        path = tmp_path / "latin1.aql"
        path.write_bytes(b"SELECT * FROM events WHERE a = '\xe9'")
        code, _, err = run(str(path))
        assert (code, err.startswith(f"{path}: cannot read file: ")) == (1, True)

    def test_no_files_is_a_usage_error(self) -> None:
        """No FILE argument is a usage error (exit 2)."""
        assert run()[0] == 2

    def test_bad_profile_is_a_usage_error(self, files: dict[str, str]) -> None:
        """An unknown profile is a usage error (exit 2)."""
        assert run("--profile", "loose", files["good.aql"])[0] == 2
