"""One mistake in a time field gives one finding, at the field that is wrong, under every default rule.

Each test takes the reference record, makes one realistic mistake, and runs the real command line with the
default rules: the window and span rules must not pile findings onto fields that are right.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import EXAMPLE, position_of, reference, run_json

NOW = "2026-11-27T00:00:00Z"


def lint(tmp_path: Path, record: dict[str, Any], suffix: str = ".json") -> list[tuple[str, int, int, str]]:
    path = tmp_path / f"INC-2024-0315-001{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    else:
        path.write_text(yaml.safe_dump(record, sort_keys=False), "utf-8")
    _, report = run_json("--now", NOW, str(path))
    return [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def at(tmp_path: Path, record: dict[str, Any], needle: str, suffix: str = ".json") -> tuple[int, int]:
    """Where ``needle`` (a value, with the quote each format writes it in) is in the file :func:`lint` writes."""
    text = json.dumps(record, indent=2) if suffix == ".json" else yaml.safe_dump(record, sort_keys=False)
    return position_of(text, needle)


def quoted(value: str, suffix: str) -> str:
    return f'"{value}"' if suffix == ".json" else f"'{value}'"


def test_the_reference_record_is_clean(tmp_path: Path) -> None:
    assert lint(tmp_path, reference()) == []
    assert lint(tmp_path, reference(), ".yaml") == []
    _, report = run_json("--now", NOW, str(EXAMPLE))
    assert report["diagnostics"] == []


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_log_entry_a_day_late_is_the_one_reported(tmp_path: Path, suffix: str) -> None:
    record = reference()
    record["communication_log"][0]["timestamp"] = "2024-03-16T14:50:00Z"
    line, column = at(tmp_path, record, quoted("2024-03-16T14:50:00Z", suffix), suffix)
    assert lint(tmp_path, record, suffix) == [
        (
            "timeline-not-chronological",
            line,
            column,
            "communication_log is not in time order: this entry at 2024-03-16T14:50:00Z is later than the entries "
            "after it (next: 2024-03-15T15:35:00Z); list entries oldest first, or correct this timestamp",
        )
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_log_entry_a_day_early_is_the_one_reported(tmp_path: Path, suffix: str) -> None:
    # It is also out of time order, but being before start_time says more: one finding, from the window rule.
    record = reference()
    record["communication_log"][1]["timestamp"] = "2024-03-14T15:35:00Z"
    line, column = at(tmp_path, record, quoted("2024-03-14T15:35:00Z", suffix), suffix)
    assert lint(tmp_path, record, suffix) == [
        (
            "timeline-outside-window",
            line,
            column,
            "this communication_log entry at 2024-03-14T15:35:00Z is 22h 55m before start_time 2024-03-15T14:30:00Z; "
            "correct its timestamp, or move start_time back to when impact began",
        ),
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize("end", ["2024-03-15T08:35:00Z", "2024-03-15T03:35:00Z"])
def test_an_end_time_before_start_time_is_reported_once(tmp_path: Path, suffix: str, end: str) -> None:
    # Local time marked Z, or 3:35 pm written as 03:35: the war room and the detection are right.
    record = reference()
    record["end_time"] = end
    line, column = at(tmp_path, record, quoted(end, suffix), suffix)
    assert [(rule, line, column) for rule, line, column, _ in lint(tmp_path, record, suffix)] == [
        ("end-before-start", line, column)
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_swapped_start_and_end_are_reported_once(tmp_path: Path, suffix: str) -> None:
    record = reference()
    record["start_time"], record["end_time"] = record["end_time"], record["start_time"]
    line, column = at(tmp_path, record, quoted("2024-03-15T14:30:00Z", suffix), suffix)
    assert lint(tmp_path, record, suffix) == [
        (
            "end-before-start",
            line,
            column,
            "end_time 2024-03-15T14:30:00Z is 1h 5m before start_time 2024-03-15T15:35:00Z; the incident must end "
            "at or after it starts: check the date and the offset of both",
        )
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize(
    ("field", "typo"), [("start_time", "2099-03-15T14:30:00Z"), ("end_time", "2204-03-15T15:35:00Z")]
)
def test_a_year_typo_into_the_future_is_reported_once(tmp_path: Path, suffix: str, field: str, typo: str) -> None:
    # A start in 2099 is also 75 years after the end, and on another day than the id says; both follow from the one
    # typo, which future-timestamp names (the audit found three findings for it).
    record = reference()
    record[field] = typo
    line, column = at(tmp_path, record, quoted(typo, suffix), suffix)
    assert lint(tmp_path, record, suffix) == [
        (
            "future-timestamp",
            line,
            column,
            f"{field} {typo} is later than now; a record describes what already happened: check the year, the date "
            "and the offset",
        )
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_detection_date_typo_is_reported_once_at_detection_time(tmp_path: Path, suffix: str) -> None:
    record = reference()
    record["detection_details"]["detection_time"] = "2024-03-16T14:30:00Z"
    line, column = at(tmp_path, record, quoted("2024-03-16T14:30:00Z", suffix), suffix)
    assert lint(tmp_path, record, suffix) == [
        (
            "detection-time-mismatch",
            line,
            column,
            "detection_time 2024-03-16T14:30:00Z is 22h 55m after end_time 2024-03-15T15:35:00Z, but "
            "time_to_detection says 'immediate', which puts detection before the incident ended; correct "
            "detection_time (check its date and offset), or time_to_detection",
        )
    ]


def late_report() -> dict[str, Any]:
    """The reference record as a 90-second incident that a customer reported half an hour after it ended."""
    record = reference()
    record.update(start_time="2024-03-15T12:00:00Z", end_time="2024-03-15T12:01:30.250Z", duration="90s")
    record["detection_details"].update(
        detection_method="customer_report", detection_time="2024-03-15T12:30:00Z", time_to_detection="30 minutes"
    )
    # The war room opens once the report arrives, after the end: nobody could convene before anyone knew.
    record["response_details"].update(time_to_resolution="2 minutes", war_room_established="2024-03-15T12:31:00Z")
    record["technical_details"]["rollback_duration"] = "1 minute"
    record["communication_log"][0]["timestamp"] = "2024-03-15T12:35:00Z"
    record["communication_log"][1]["timestamp"] = "2024-03-15T12:50:00Z"
    return record


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_late_detection_that_the_record_agrees_with_is_clean(tmp_path: Path, suffix: str) -> None:
    assert lint(tmp_path, late_report(), suffix) == []
