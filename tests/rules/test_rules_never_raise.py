"""Property: no built-in rule raises, whatever JSON it is given (a wrong type is the schema's finding)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentlint.api import Options, Rule, format_duration
from incidentlint.schema import bundled_schema
from incidentlint.timeparse import DURATION_PATTERN
from tests.rules import catalogue

NOW = datetime.fromisoformat("2024-06-01T00:00:00+00:00")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


def _offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"


TIMESTAMPS = st.builds(
    lambda moment, offset: f"{moment.year:04}-{moment:%m-%dT%H:%M:%S}{_offset(offset)}",
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
    st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
) | st.sampled_from(["2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z", "0001-01-01T00:00:00+01:00"])
DURATIONS = (
    st.builds(
        format_duration,
        st.integers(min_value=0, max_value=10**13).map(lambda seconds: timedelta(seconds=seconds)),
        st.sampled_from(["compact", "compact-tight", "words", "iso"]),
    )
    | st.from_regex(DURATION_PATTERN, fullmatch=True)
    | st.just("immediate")
)


def _shaped(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the schema's shape, where any node may be replaced by an arbitrary JSON value."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name == "timestamp":
            return TIMESTAMPS
        if name == "duration":
            return DURATIONS
        return st.deferred(lambda: _shaped(defs[name], defs))
    if "enum" in schema:
        strategy: st.SearchStrategy[Any] = st.sampled_from(schema["enum"])
    elif "oneOf" in schema:
        strategy = st.one_of([_shaped(option, defs) for option in schema["oneOf"]])
    elif schema.get("type") == "object" and "properties" in schema:
        properties = {key: _mutated(_shaped(sub, defs)) for key, sub in schema["properties"].items()}
        strategy = st.fixed_dictionaries({}, optional=properties)
    elif schema.get("type") == "object":
        strategy = st.dictionaries(
            st.sampled_from(["peak_error_rate", "normal_error_rate", "rate"]) | st.text(max_size=8),
            st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{1,3})? ?%", fullmatch=True) | JSON_VALUES,
            max_size=4,
        )
    elif schema.get("type") == "array":
        strategy = st.lists(_mutated(_shaped(schema.get("items", {}), defs)), max_size=5)
    elif schema.get("type") == "boolean":
        strategy = st.booleans()
    elif schema.get("type") == "string":
        strategy = st.sampled_from(["TBD", "rollback", "Mike Rodriguez - IC", "human error", ""]) | st.text(max_size=30)
    else:
        strategy = JSON_VALUES
    return strategy


def _mutated(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Mostly the right shape, sometimes any JSON value: the schema reports it, the rules must stay calm.
    return st.one_of(strategy, strategy, strategy, JSON_VALUES)


SCHEMA = bundled_schema()
SHAPED_RECORDS = _shaped(SCHEMA, SCHEMA["$defs"])
ARBITRARY_RECORDS = st.dictionaries(
    st.sampled_from(sorted(SCHEMA["properties"])) | st.text(max_size=12), JSON_VALUES, max_size=8
)
BUILT_IN: list[Rule] = [rule for rule in catalogue().values() if rule.source == "built-in"]


def _run_all(records: list[Any]) -> None:
    for rule in BUILT_IN:
        options = Options(rule.options, NOW)
        if rule.scope == "record":
            for record in records:
                for finding in rule.check(record, options):
                    json.dumps(finding.message)  # messages are plain, encodable text
        else:
            collect: Callable[[Any], Any] = rule.collect or (lambda record: record)
            summaries = [(f"r{index}.json", collect(record)) for index, record in enumerate(records)]
            for index, _ in rule.check(summaries, options):
                assert 0 <= index < len(summaries)


def test_every_built_in_rule_is_covered() -> None:
    assert len(BUILT_IN) == 29


@SETTINGS
@given(st.lists(ARBITRARY_RECORDS, min_size=1, max_size=3))
def test_no_rule_raises_on_arbitrary_json_values(records: list[dict[str, Any]]) -> None:
    _run_all(records)


@SETTINGS
@given(st.lists(SHAPED_RECORDS, min_size=1, max_size=3))
def test_no_rule_raises_on_records_of_the_schema_shape_with_mutations(records: list[dict[str, Any]]) -> None:
    _run_all(records)


@SETTINGS
@given(JSON_VALUES)
def test_repository_rules_collect_any_record_value(value: Any) -> None:
    for rule in BUILT_IN:
        if rule.collect is not None:
            rule.collect({"incident_id": value})
