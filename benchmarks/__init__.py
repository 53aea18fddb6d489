"""Benchmarks for incidentlint."""
