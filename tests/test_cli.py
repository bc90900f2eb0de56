"""The sigmaqr CLI: exit codes and messages for good and bad input, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sigmaqr.cli import cli
from tests.conftest import RULES_DIR

GOOD = """
title: Good
status: test
logsource:
    product: windows
    category: process_creation
detection:
    sel:
        CommandLine|contains: 'x'
    condition: sel
"""
BAD_RULES = {
    "malformed_yaml": ("title: [unclosed\n", "malformed YAML"),
    "unknown_modifier": (GOOD.replace("|contains", "|nosuchmodifier"), "nosuchmodifier"),
    "bad_regex": (GOOD.replace("|contains: 'x'", "|re: 'a(b'"), "is invalid"),
    "unmapped_field": (GOOD.replace("CommandLine|contains", "NoSuchField"), "'NoSuchField'"),
    "not_a_rule": ("- just\n- a list\n", "not a mapping"),
}


def run(*args: str) -> tuple[int, str, str]:
    """Invoke the CLI and return its exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_convert_shipped_rules() -> None:
    """Converting the shipped rules succeeds and prints one search per rule."""
    code, out, err = run("convert", str(RULES_DIR))
    assert code == 0, err
    assert out.count("FROM events") == len(list(RULES_DIR.rglob("*.yml")))


@pytest.mark.parametrize(("text", "message"), BAD_RULES.values(), ids=list(BAD_RULES))
def test_bad_rule_names_file_and_problem(tmp_path: Path, text: str, message: str) -> None:
    """A bad rule gets a message naming its file and the problem, and exit code 1."""
    bad = tmp_path / "bad.yml"
    bad.write_text(text)
    (tmp_path / "good.yml").write_text(GOOD)
    code, out, err = run("convert", "-f", "filter", str(tmp_path))
    assert code == 1
    assert f"{bad}:" in err
    assert message in err
    assert "Traceback" not in err
    assert "\"Command\" ILIKE '%x%'" in out  # the good rule's output is not lost


def test_skip_unsupported_converts_the_rest(tmp_path: Path) -> None:
    """-s skips an unsupported rule, lists it and exits 0."""
    (tmp_path / "unsupported.yml").write_text(GOOD.replace("CommandLine|contains", "NoSuchField"))
    (tmp_path / "good.yml").write_text(GOOD)
    code, out, err = run("convert", "-s", "-f", "filter", str(tmp_path))
    assert code == 0
    assert "skipped" in err
    assert "unsupported.yml" in err
    assert out.strip().endswith("\"Command\" ILIKE '%x%')")


def test_skip_unsupported_still_fails_invalid_rules(tmp_path: Path) -> None:
    """-s does not hide an invalid rule: it is an error, exit code 1."""
    (tmp_path / "bad.yml").write_text("title: [unclosed\n")
    code, _, err = run("convert", "-s", str(tmp_path))
    assert code == 1
    assert "malformed YAML" in err


def test_missing_file_is_a_usage_error() -> None:
    """A path that does not exist is a usage error (exit code 2)."""
    code, _, err = run("convert", "/no/such/rule.yml")
    assert code == 2
    assert "does not exist" in err


def test_empty_directory(tmp_path: Path) -> None:
    """A directory without rule files is an error naming the directory."""
    code, _, err = run("convert", str(tmp_path))
    assert code == 1
    assert "no rule files" in err
    assert str(tmp_path) in err


def test_unknown_format_is_a_usage_error() -> None:
    """An unknown output format is a usage error listing the formats."""
    code, _, err = run("convert", "-f", "bogus", str(RULES_DIR))
    assert code == 2
    assert "combined" in err


def test_unknown_target_is_a_usage_error() -> None:
    """An unknown target is a usage error."""
    code, _, err = run("convert", "-t", "nosuchsiem", str(RULES_DIR))
    assert code == 2
    assert "unknown target 'nosuchsiem'" in err


def test_bad_backend_option_is_a_usage_error() -> None:
    """-O without KEY=VALUE is a usage error."""
    code, _, _ = run("convert", "-O", "novalue", str(RULES_DIR))
    assert code == 2


def test_output_file(tmp_path: Path) -> None:
    """-o writes the output to a file instead of stdout."""
    target = tmp_path / "out.aql"
    code, out, _ = run("convert", "-f", "union", "-o", str(target), str(RULES_DIR))
    assert code == 0
    assert out == ""
    assert target.read_text().count("\nUNION\n") == len(list(RULES_DIR.rglob("*.yml"))) - 1


def test_unreadable_file(tmp_path: Path) -> None:
    """A file that cannot be decoded is reported with its name."""
    bad = tmp_path / "binary.yml"
    bad.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = run("convert", str(bad))
    assert code == 1
    assert f"{bad}: cannot read file" in err


def test_main_never_prints_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The console entry point turns errors into messages and exit codes."""
    import sys

    from sigmaqr.cli import main

    sys_argv = sys.argv
    sys.argv = ["sigmaqr", "convert", str(tmp_path)]
    try:
        with pytest.raises(SystemExit) as exit_info:
            main()
    finally:
        sys.argv = sys_argv
    assert exit_info.value.code == 1
    assert "Traceback" not in capsys.readouterr().err


def test_message_names_file_and_rule(tmp_path: Path) -> None:
    """A rule that parses but fails names its file and its title."""
    bad = tmp_path / "two.yml"
    bad.write_text(GOOD + "---\n" + GOOD.replace("Good", "Broken").replace("CommandLine", "Nope"))
    code, _, err = run("convert", str(bad))
    assert code == 1
    assert f"{bad}: rule 'Broken': field 'Nope'" in err
