"""Replay engine: run AQL over Windows events without a QRadar console."""
