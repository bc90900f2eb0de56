"""Worker processes: units go out in small batches, and each batch's results come back at once.

A worker converts its batches in the order it received them. When one dies (a crash in C code,
an ``os._exit``, the out-of-memory killer), the first batch it has not answered holds the unit
that killed it: a batch of one unit makes that unit an error; a larger batch is split, each of
its units probed alone in a fresh worker, so the culprit is found without losing the others.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any

from sigmaqr.corpus.report import RuleOutcome
from sigmaqr.corpus.settings import Settings, UnitResult
from sigmaqr.corpus.units import Unit
from sigmaqr.corpus.worker import Converter
from sigmaqr.status import ERROR

BATCH = 8  # units per message to a worker
DEPTH = 2  # batches in flight per worker, so a worker never waits for the next one


def context() -> BaseContext:
    """The multiprocessing context: fork where it exists (workers inherit the loaded modules)."""
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _serve(connection: Connection, settings: Settings) -> None:
    """A worker's main loop: convert each batch received, send its results in one message."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    converter = Converter(settings)
    while (batch := connection.recv()) is not None:
        results = [converter.convert(unit) for unit in batch]
        connection.send([(r.key, [outcome.record() for outcome in r.outcomes]) for r in results])


class _Worker:
    """One worker process, its pipe, and the batches it has not answered yet."""

    def __init__(self, ctx: BaseContext, settings: Settings) -> None:
        self.connection, child = ctx.Pipe()
        self.process: Any = ctx.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, settings), daemon=True
        )
        self.process.start()
        child.close()
        self.pending: deque[list[Unit]] = deque()

    def feed(self, queue: deque[Unit], suspects: deque[Unit]) -> None:
        """Send batches until DEPTH are in flight; a suspect always travels alone."""
        while len(self.pending) < DEPTH and (suspects or queue):
            if suspects:
                batch = [suspects.popleft()]
            else:
                batch = [queue.popleft() for _ in range(min(BATCH, len(queue)))]
            self.connection.send(batch)
            self.pending.append(batch)

    def answers(self) -> Iterator[UnitResult]:
        """Receive every result already sent; stops at end of stream (a dead worker)."""
        try:
            while self.pending and self.connection.poll():
                replies = self.connection.recv()
                for unit, (key, records) in zip(self.pending.popleft(), replies, strict=True):
                    outcomes = [RuleOutcome.from_record(unit.main, record) for record in records]
                    yield UnitResult(unit.index, key, outcomes)
        except (EOFError, OSError):
            return

    def stop(self) -> None:
        """End the process: politely when it is idle, otherwise at once."""
        try:
            if self.process.is_alive() and not self.pending:
                self.connection.send(None)
                self.process.join(timeout=1)
        except (OSError, ValueError):
            pass
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


def run_pool(units: list[Unit], settings: Settings, jobs: int) -> Iterator[UnitResult]:
    """Convert units in worker processes, yielding results as they arrive.

    Args:
        units: The units to convert.
        settings: The conversion settings (each worker builds its own backend).
        jobs: How many worker processes.

    Yields:
        One result per unit, in completion order.
    """
    ctx = context()
    gc.freeze()  # objects the workers inherit stay out of their collections: fewer copied pages
    queue, suspects = deque(units), deque[Unit]()
    workers = [_Worker(ctx, settings) for _ in range(max(1, min(jobs, len(units))))]
    try:
        for worker in workers:
            worker.feed(queue, suspects)
        while any(worker.pending for worker in workers):
            _wait(workers)
            for slot, worker in enumerate(workers):
                yield from worker.answers()
                if worker.pending and not worker.process.is_alive():
                    yield from worker.answers()
                    yield from _bury(worker, queue, suspects)
                    workers[slot] = worker = _Worker(ctx, settings)
                worker.feed(queue, suspects)
    finally:
        for worker in workers:
            worker.stop()
        gc.unfreeze()


def _wait(workers: list[_Worker]) -> None:
    busy = [worker for worker in workers if worker.pending]
    wait([w.connection for w in busy] + [w.process.sentinel for w in busy])


def _bury(worker: _Worker, queue: deque[Unit], suspects: deque[Unit]) -> Iterator[UnitResult]:
    """Blame the unit a dead worker was on, or split its batch; hand the rest back."""
    fatal = worker.pending.popleft()
    if len(fatal) == 1:
        yield _death(worker, fatal[0])
    else:
        suspects.extend(fatal)
    for batch in reversed(worker.pending):
        queue.extendleft(reversed(batch))
    worker.pending.clear()
    worker.stop()


def _death(worker: _Worker, unit: Unit) -> UnitResult:
    """The unit a worker died on becomes an error naming how the process ended."""
    worker.process.join()
    code = worker.process.exitcode
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
    reason = f"the worker process died while converting this file ({how})"
    return UnitResult(unit.index, None, [RuleOutcome(unit.main, status=ERROR, reason=reason)])
