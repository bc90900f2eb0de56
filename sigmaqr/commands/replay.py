"""``sigmaqr replay``: convert rules, run them over recorded events, print match counts."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.replay import FULL_RANGE, OK, ReplayReport, RuleReplay
from sigmaqr.engine.replay import replay as run_replay
from sigmaqr.rules import RulePathError

__all__ = ["replay"]

FORMATS = ("query", "filter", "union", "combined")
PROGRESS_FROM = 20
"""Show a progress bar when at least this many rules are replayed."""


class _Progress:
    """A click progress bar on stderr, opened once the number of rules is known."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="replaying rules", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _line(rule: RuleReplay) -> str:
    count = str(rule.matches) if rule.status == OK else "-"
    name = rule.title or rule.path or "<rule>"
    detail = "" if rule.status == OK else f"  [{rule.status}: {rule.error}]"
    return f"{count:>7}  {name}  ({rule.path}){detail}"


def _summary(report: ReplayReport) -> str:
    ran = sum(1 for r in report.rules if r.status == OK)
    matched = sum(1 for r in report.rules if r.status == OK and r.matches)
    failed = len(report.rules) - ran
    return (
        f"{report.events} events, {len(report.rules)} rules: {ran} ran ({matched} matched), "
        f"{failed} did not run"
    )


def _print_text(report: ReplayReport) -> None:
    for rule in report.rules:
        click.echo(_line(rule))
    click.echo(_summary(report))


def _warn_window(report: ReplayReport) -> None:
    inside = report.events_in_window
    if inside is not None and inside < report.events:
        click.echo(
            f"note: {report.events - inside} of {report.events} events are outside "
            f"{report.time_window} before now; use --now or --time-window "
            f"(--time-window {FULL_RANGE} covers them all)",
            err=True,
        )


def _profile(profile: str | None, pipelines: tuple[str, ...]) -> str:
    if profile is not None:
        return profile
    return "legacy" if "sigmaqr_legacy" in pipelines else "default"


@click.command("replay")
@click.option(
    "--events",
    "event_paths",
    multiple=True,
    required=True,
    metavar="PATH",
    type=click.Path(exists=True),
    help="Event file (.evtx, .json, .jsonl) or directory; repeat for more.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--now",
    help="Time the searches run at (ISO 8601 or 'yyyy-MM-dd HH:mm'); default: the newest event.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="query",
    show_default=True,
    help="Conversion format to replay.",
)
@click.option("-p", "--pipeline", "pipelines", multiple=True, help="Conversion pipeline.")
@click.option(
    "--profile",
    type=click.Choice(["default", "legacy"]),
    help="Field profile for normalising events (default: from the pipelines).",
)
@click.option(
    "--time-window",
    help="Searches' time range, e.g. 'LAST 7 DAYS'; "
    f"'{FULL_RANGE}' covers every loaded event. Default: the backend's.",
)
@click.argument("rule_paths", nargs=-1, required=True, type=click.Path(exists=True))
def replay(
    event_paths: tuple[str, ...],
    as_json: bool,
    now: str | None,
    fmt: str,
    pipelines: tuple[str, ...],
    profile: str | None,
    time_window: str | None,
    rule_paths: tuple[str, ...],
) -> None:
    """Replay Sigma rules over recorded events and print each rule's match count.

    Exit status: 0 when every rule ran, 1 when a rule failed or an event file was unreadable.
    """  # fmt: skip
    progress = _Progress()
    try:
        report = run_replay(
            rule_paths, event_paths, now=now, format=fmt, profile=_profile(profile, pipelines),
            pipelines=pipelines, time_window=time_window, progress=progress,
        )  # fmt: skip
    except (EngineError, RulePathError) as error:
        raise click.ClickException(str(error)) from None
    except Exception as error:  # the CLI promises no tracebacks
        raise click.ClickException(f"internal error: {type(error).__name__}: {error}") from None
    finally:
        progress.close()
    for problem in report.load_errors:
        click.echo(f"error: {problem}", err=True)
    _warn_window(report)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    if not report.ok:
        sys.exit(1)
