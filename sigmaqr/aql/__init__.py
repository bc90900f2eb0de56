"""AQL (IBM QRadar Ariel Query Language) parser, printer and validator."""

from sigmaqr.aql import ast

__all__ = ["ast"]
