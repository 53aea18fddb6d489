"""duration-out-of-range (IL123)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.schema import bundled_schema
from tests.helpers import position_of, reference, run_json
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "duration-out-of-range"
NINES = "P" + "9" * 30 + "D"


def message(where: str, shown: str) -> str:
    return (
        f"{where} is '{shown}', too long to be a real duration: more than 999,999,999 days (about 2.7 million "
        "years), the most that can be computed with; write how long it really took, like '1h 5m'"
    )


def test_fires_at_each_duration_field_in_json() -> None:
    text = (
        "{\n"
        '  "duration": "99999999999999999999 days",\n'
        '  "detection_details": {"time_to_detection": "immediate"},\n'
        f'  "response_details": {{"time_to_response": "{NINES}", "time_to_escalation": "1000000000 days"}},\n'
        '  "technical_details": {"rollback_duration": "99999999999 weeks"}\n'
        "}\n"
    )
    assert lint_json(RULE, text) == [
        (*position_of(text, '"9999'), message("duration", "99999999999999999999 days")),
        (*position_of(text, '"P9'), message("response_details.time_to_response", NINES)),
        (*position_of(text, '"1000'), message("response_details.time_to_escalation", "1000000000 days")),
        (*position_of(text, '"99999999999 weeks'), message("technical_details.rollback_duration", "99999999999 weeks")),
    ]


def test_the_shortest_text_that_is_too_long() -> None:
    # Ten characters: the rule passes shorter texts over without asking, as none can be too long.
    assert findings_both(RULE, {"duration": "142857143w"}) == ([message("duration", "142857143w")],) * 2


def test_fires_in_yaml() -> None:
    text = f"response_details:\n  time_to_resolution: {NINES}\ndetection_details:\n  time_to_detection: 9e9 days\n"
    # '9e9 days' is outside the grammar: the schema reports it, this rule does not.
    assert lint_yaml(RULE, text) == [(2, 23, message("response_details.time_to_resolution", NINES))]


@pytest.mark.parametrize(
    "duration",
    [
        "999999999 days",  # timedelta's own limit is still a duration
        "142857142w",
        "999999999 days 23h 59m 59s",
        "P999999999D",
        "1h 5m",
        "immediate",
        "an hour",  # not a duration at all: the schema's finding
        "9" * 30,
        "",
    ],
)
def test_silent_on_durations_in_range_and_on_text_outside_the_grammar(duration: str) -> None:
    assert_silent(RULE, {"duration": duration, "technical_details": {"rollback_duration": duration}})


@pytest.mark.parametrize("value", [None, 10**30, ["99999999999 weeks"], {"days": "99999999999 weeks"}])
def test_silent_on_values_of_the_wrong_type(value: Any) -> None:
    assert_silent(RULE, {"duration": value, "response_details": copy.deepcopy(value)})  # a shared one is an alias


def test_every_duration_field_of_the_schema_is_checked() -> None:
    def duration_paths(node: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
        if not isinstance(node, dict):
            return set()
        if node.get("$ref") == "#/$defs/duration":
            return {path}
        found: set[tuple[str, ...]] = set()
        for key, child in node.get("properties", {}).items():
            found |= duration_paths(child, (*path, key))
        return found

    every = duration_paths(bundled_schema(), ())
    assert len(every) == 6
    record: dict[str, Any] = {}
    for path in every:
        parent = record
        for key in path[:-1]:
            parent = parent.setdefault(key, {})
        parent[path[-1]] = "99999999999 weeks"
    found, _ = findings_both(RULE, record)
    assert len(found) == len(every)


def test_a_record_that_used_to_pass_now_fails(tmp_path: Path) -> None:
    # duration-mismatch and rollback-exceeds-duration cannot compute with such a value and stay silent;
    # without this rule the run exited 0.
    record = reference()
    record["duration"] = "99999999999999999999 days"
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(record, indent=2), "utf-8")
    code, report = run_json(str(path))
    assert code == 1
    assert [(d["rule"], d["code"], d["pointer"]) for d in report["diagnostics"]] == [(RULE, "IL123", "/duration")]


def test_a_value_of_sixty_characters_is_shown_whole_and_a_longer_one_cut() -> None:
    sixty = "P" + "9" * 58 + "D"
    assert findings_both(RULE, {"duration": sixty}) == ([message("duration", sixty)],) * 2
    cut = "P" + "9" * 58 + "\u2026"
    assert findings_both(RULE, {"duration": "P" + "9" * 59 + "D"}) == ([message("duration", cut)],) * 2
