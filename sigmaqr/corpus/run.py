"""Converting a whole corpus: read, check the cache, convert the rest in worker processes."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigmaqr.corpus.cache import CorpusCache, cache_dir
from sigmaqr.corpus.files import corpus_files, read_source
from sigmaqr.corpus.progress import ProgressBar
from sigmaqr.corpus.report import CorpusReport, RuleOutcome, ordered, write_report
from sigmaqr.corpus.settings import Settings, UnitResult
from sigmaqr.corpus.units import Unit, make_units, unit_key
from sigmaqr.names import target_format
from sigmaqr.status import ERROR

if TYPE_CHECKING:
    from sigmaqr.corpus.worker import Converter

SERIAL_BELOW = 16  # fewer files than this are converted in this process: workers cost more


def convert_corpus(
    paths: str | Path | Iterable[str | Path],
    target: str = "qradar",
    format: str = "query",
    pipelines: Sequence[str] = (),
    *,
    jobs: int | None = None,
    cache: bool = True,
    cache_directory: str | Path | None = None,
    report: str | Path | None = None,
    progress: bool = False,
    **options: Any,
) -> CorpusReport:
    """Convert every rule under the paths; no rule, however broken, stops the run.

    Args:
        paths: Rule files and directories (searched recursively for .yml/.yaml).
        target: ``qradar`` or any installed pySigma backend identifier.
        format: The output format; each rule's ``query`` is its finished output.
        pipelines: Pipeline identifiers or pipeline YAML files.
        jobs: Worker processes (default: one per CPU; 1 converts in this process).
        cache: Reuse and update the on-disk cache of earlier outcomes.
        cache_directory: The cache directory (default ``$SIGMAQR_CACHE_DIR``, else
            ``.sigmaqr-cache`` in the working directory).
        report: Write the JSON report here (atomically).
        progress: Draw a progress bar on stderr.
        **options: Backend options, as for :func:`sigmaqr.convert`.

    Returns:
        The report: each rule's status (``converted``, ``unsupported``, ``error``), reason and
        query, in file order.

    Raises:
        SigmaConfigurationError: Unknown target, format or pipeline, or a bad option value.
        RulePathError: A path does not exist.

    Example:
        >>> report = convert_corpus("sigma_rules/", jobs=1, cache=False)
        >>> report.errors
        0
    """
    started = time.perf_counter()
    settings = Settings(target, target_format(target, format), tuple(pipelines), options)
    files = corpus_files([paths] if isinstance(paths, (str, Path)) else paths)
    texts, unreadable = _read_all(files)
    units = make_units(texts, {path: i for i, path in enumerate(files)})
    store = CorpusCache.load(cache_dir(cache_directory), settings) if cache else None
    runner = _Runner(settings, jobs)
    if not units:
        runner.converter()  # a bad configuration still fails on an empty corpus
    bar = ProgressBar(len(files)) if progress and files else None
    try:
        if bar is not None:
            bar.advance(len(unreadable))
        results, hits = _convert_all(units, texts, store, runner, bar)
    finally:
        if bar is not None:
            bar.close()
    done = [(r.index, r.outcomes) for r in results] + list(unreadable.items())
    corpus = CorpusReport(ordered(done), time.perf_counter() - started, hits)
    if store is not None:
        store.save()
    if report is not None:
        write_report(corpus, report)
    return corpus


class _Runner:
    """Converts the cache misses: in this process, or in worker processes.

    The backend is built only when something must be converted: a run answered entirely from
    the cache needs none (its configuration converted successfully when the cache was filled).
    """

    def __init__(self, settings: Settings, jobs: int | None) -> None:
        self.settings = settings
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self._converter: Converter | None = None

    def converter(self) -> Converter:
        """The in-process converter (built on first use; a bad configuration raises here)."""
        if self._converter is None:
            from sigmaqr.corpus.worker import Converter  # pySigma only when something converts

            self._converter = Converter(self.settings)
        return self._converter

    def run(self, units: list[Unit], texts: Mapping[str, str]) -> Iterator[UnitResult]:
        """Convert units, yielding each result as it is ready."""
        if not units:
            return
        converter = self.converter()  # before any worker starts, so workers inherit it
        if self.jobs <= 1 or len(units) < SERIAL_BELOW:
            for unit in units:
                yield converter.convert(unit, [texts[path] for path in unit.paths])
        else:
            from sigmaqr.corpus.pool import run_pool

            yield from run_pool(units, self.settings, self.jobs)


def _convert_all(
    units: list[Unit],
    texts: Mapping[str, str],
    store: CorpusCache | None,
    runner: _Runner,
    bar: ProgressBar | None,
) -> tuple[list[UnitResult], int]:
    results: list[UnitResult] = []
    misses: list[Unit] = []
    for unit in units:
        key = unit_key([texts[path] for path in unit.paths]) if store is not None else ""
        cached = store.get(key, unit.main) if store is not None else None
        if cached is None:
            misses.append(unit)
        else:
            results.append(UnitResult(unit.index, key, cached))
    hits = len(results)
    if bar is not None:
        bar.advance(hits)
    for result in runner.run(misses, texts):
        if store is not None and result.key is not None:
            store.put(result.key, result.outcomes)
        results.append(result)
        if bar is not None:
            bar.advance()
    return results, sum(len(r.outcomes) for r in results[:hits])


def _read_all(files: Sequence[str]) -> tuple[dict[str, str], dict[int, list[RuleOutcome]]]:
    """Read every file; one that cannot be read becomes an error outcome."""
    texts: dict[str, str] = {}
    unreadable: dict[int, list[RuleOutcome]] = {}
    for index, path in enumerate(files):
        try:
            texts[path] = read_source(path)
        except (OSError, UnicodeDecodeError) as error:
            reason = f"cannot read file: {getattr(error, 'strerror', None) or error}"
            unreadable[index] = [RuleOutcome(path, status=ERROR, reason=reason)]
    return texts, unreadable
