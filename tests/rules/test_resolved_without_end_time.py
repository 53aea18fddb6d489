"""resolved-without-end-time (IL104)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import position_of, reference, run_json
from tests.rules import as_json, as_yaml, assert_silent, lint_json, lint_yaml

RULE = "resolved-without-end-time"


def message(status: str) -> str:
    return (
        f"status is '{status}' but there is no end_time; add end_time (when impact ended), "
        "or set status to an open state such as 'monitoring' if the incident is not over"
    )


def test_fires_at_status_in_json() -> None:
    text = '{\n  "start_time": "2024-03-15T14:30:00Z",\n  "status": "resolved"\n}\n'
    assert lint_json(RULE, text) == [(3, 13, message("resolved"))]


def test_fires_at_status_in_yaml() -> None:
    text = "start_time: 2024-03-15T14:30:00Z\nstatus: closed\n"
    assert lint_yaml(RULE, text) == [(2, 9, message("closed"))]


def null_message(status: str) -> str:
    return (
        f"end_time is empty (null) but status is '{status}'; set end_time to when impact ended, "
        "or set status to an open state such as 'monitoring' if the incident is not over"
    )


def test_a_null_end_time_counts_as_missing_and_is_reported_where_it_is_written() -> None:
    assert lint_yaml(RULE, "status: resolved\nend_time:\n") == [(2, 10, null_message("resolved"))]
    assert lint_yaml(RULE, "status: resolved\nend_time: ~\n") == [(2, 11, null_message("resolved"))]
    assert lint_json(RULE, '{"end_time": null, "status": "closed"}') == [(1, 14, null_message("closed"))]


def _null_end_time(tmp_path: Path, suffix: str) -> tuple[Path, str]:
    data = reference()
    data["end_time"] = None
    text = as_json(data) if suffix == ".json" else as_yaml(data)
    path = tmp_path / f"INC-2024-0315-001{suffix}"
    path.write_text(text, "utf-8")
    return path, text


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_null_end_time_in_a_resolved_record_is_one_finding_not_two(tmp_path: Path, suffix: str) -> None:
    # The schema's "end_time must be a string; got null" (in YAML with "write 'null' to keep it as text") would
    # report the same mistake with neither way out; this rule's finding replaces it.
    path, text = _null_end_time(tmp_path, suffix)
    code, report = run_json(str(path))
    line, column = position_of(text, "null")
    assert code == 1
    assert [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        (RULE, line, column, null_message("resolved"))
    ]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_with_the_rule_off_the_schema_still_reports_a_null_end_time(tmp_path: Path, suffix: str) -> None:
    path, text = _null_end_time(tmp_path, suffix)
    code, report = run_json("--ignore", RULE, str(path))
    line, column = position_of(text, "null")
    assert code == 1
    assert [(d["rule"], d["line"], d["column"]) for d in report["diagnostics"]] == [("schema", line, column)]
    assert report["diagnostics"][0]["message"].startswith("end_time must be a string; got null")


def test_a_null_end_time_in_an_open_record_stays_the_schemas_finding(tmp_path: Path) -> None:
    data = reference()
    data.update(end_time=None, status="monitoring")
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(as_json(data), "utf-8")
    code, report = run_json(str(path))
    assert code == 1
    assert [(d["rule"], d["message"]) for d in report["diagnostics"]] == [
        ("schema", "end_time must be a string; got null; leave the field out until it has a value")
    ]


@pytest.mark.parametrize("status", ["investigating", "identified", "monitoring", "mitigated"])
def test_open_statuses_need_no_end_time(status: str) -> None:
    assert_silent(RULE, {"status": status})


@pytest.mark.parametrize(
    "record",
    [
        {"status": "resolved", "end_time": "2024-03-15T15:35:00Z"},
        {"status": "closed", "end_time": "2024-03-15T17:35:00+02:00"},
        {"status": "Resolved"},  # not a status the schema knows: its finding, not ours
        {"status": ["resolved"]},
        {"status": None},
        {},
        # present but malformed: the schema reports the timestamp
        {"status": "resolved", "end_time": "yesterday"},
        {"status": "resolved", "end_time": ""},
        {"status": "resolved", "end_time": 0},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)
