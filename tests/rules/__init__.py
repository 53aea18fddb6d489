"""Tests of the built-in rules, one module per rule, and helpers that run a single rule through the real engine."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import yaml
from hypothesis import strategies as st

from incidentlint.api import Rule
from incidentlint.config import Config
from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import Linter
from incidentlint.registry import all_rules

#: A fixed "now" after every timestamp in the tests, so that no test depends on the clock.
NOW = datetime.fromisoformat("2030-01-01T00:00:00+00:00")


@functools.cache
def catalogue() -> Mapping[str, Rule]:
    return all_rules()


def diagnostics(rule: str, text: str, name: str = "r.json", now: datetime = NOW, **options: Any) -> list[Diagnostic]:
    """Run only ``rule`` on ``text`` (JSON or YAML, by ``name``) through the real engine."""
    config = Config(select=[rule], options={rule: options} if options else {})
    result = Linter(config, catalogue(), now).lint_text(name, text)
    unexpected = [d for d in result.diagnostics if d.rule != rule]
    assert not unexpected, unexpected  # a parse error or crash would otherwise pass as "no findings"
    return result.diagnostics


def lint(rule: str, text: str, name: str = "r.json", now: datetime = NOW, **options: Any) -> list[tuple[int, int, str]]:
    """(line, column, message) of each finding of ``rule`` alone on ``text``."""
    return [(d.line, d.column, d.message) for d in diagnostics(rule, text, name, now, **options)]


def lint_json(rule: str, text: str, now: datetime = NOW, **options: Any) -> list[tuple[int, int, str]]:
    return lint(rule, text, "r.json", now, **options)


def lint_yaml(rule: str, text: str, now: datetime = NOW, **options: Any) -> list[tuple[int, int, str]]:
    return lint(rule, text, "r.yaml", now, **options)


def as_json(record: Any) -> str:
    return json.dumps(record, indent=2)


def as_yaml(record: Any) -> str:
    text = yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
    if any(char in text for char in "\x85\u2028\u2029"):  # written raw, they are a parse-error (line breaks in YAML
        text = yaml.safe_dump(record, sort_keys=False)  # 1.1 only): escape them, as an author has to
    return text


def findings_both(rule: str, record: Any, now: datetime = NOW, **options: Any) -> tuple[list[str], list[str]]:
    """Messages of ``rule`` on ``record`` written as JSON and as YAML (for tests that care about what, not where)."""
    in_json = [m for _, _, m in lint(rule, as_json(record), "r.json", now, **options)]
    in_yaml = [m for _, _, m in lint(rule, as_yaml(record), "r.yaml", now, **options)]
    return in_json, in_yaml


def assert_silent(rule: str, record: Any, now: datetime = NOW, **options: Any) -> None:
    assert findings_both(rule, record, now, **options) == ([], [])


TIMES = st.datetimes(min_value=datetime(2024, 3, 15, 14), max_value=datetime(2024, 3, 15, 16)).map(
    lambda naive: naive.replace(microsecond=naive.microsecond // 250_000 * 250_000)
)


@st.composite
def timestamp_texts(draw: st.DrawFn) -> str:
    """A timestamp as authors write one: mostly 2024-03-15T14:30:00Z, sometimes with a fraction, a lower-case t
    or z, an offset, or a near miss of the usual form that is no timestamp at all (February 30th)."""
    instant = draw(TIMES)
    form = draw(st.sampled_from(["usual", "usual", "fraction", "lower", "offset", "invalid"]))
    if form == "fraction":
        return instant.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if form == "lower":
        return instant.strftime("%Y-%m-%dt%H:%M:%Sz")
    if form == "offset":
        return (instant + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00")
    if form == "invalid":
        return instant.strftime("2024-02-30T%H:%M:%SZ")
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")
