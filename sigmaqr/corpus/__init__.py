"""Whole-corpus conversion: every rule in worker processes, a cache, a report and a summary."""

from sigmaqr.corpus.report import CorpusReport, RuleLogSource, RuleOutcome, write_report
from sigmaqr.corpus.run import convert_corpus
from sigmaqr.corpus.summary import summary_table

__all__ = [
    "CorpusReport",
    "RuleLogSource",
    "RuleOutcome",
    "convert_corpus",
    "summary_table",
    "write_report",
]
