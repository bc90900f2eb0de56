"""Tests of the AQL parser, printer, validator and the validate command."""
