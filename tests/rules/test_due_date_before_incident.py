"""due-date-before-incident (IL126)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import reference
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "due-date-before-incident"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"
ADVICE = "a follow-up is due after the incident"


def record(*dues: Any, start: Any = START, end: Any = END) -> dict[str, Any]:
    items = [{"description": f"Item {index}", "due_date": due} for index, due in enumerate(dues)]
    return {"start_time": start, "end_time": end, "preliminary_action_items": items}


def message(due: str, label: str, advice: str, start: str = START) -> str:
    return f"due_date {due} of {label} is before the incident started (start_time {start}); {ADVICE}: {advice}"


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "preliminary_action_items": [
    "Fix inefficient query for v2.3.2 deployment",
    {"description": "Add an index on payments.created_at", "due_date": "2023-03-29"},
    {"description": "Add pool alerts", "owner": "Tom Wilson", "due_date": "2024-04-01"},
    {"owner": "Lisa Park", "due_date": "2024-02-01"}
  ]
}
"""

YAML = """start_time: 2024-03-15T14:30:00Z
preliminary_action_items:
  - description: Alert on redelivery rate
    owner: Jonas Berg
    due_date: 2024-03-14   # unquoted, as YAML authors write it
  - description: Add a canary consumer
    due_date: '2024-03-15'
"""


def test_fires_at_each_early_due_date_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (
            6,
            72,
            message(
                "2023-03-29",
                "action item 'Add an index on payments.created_at'",
                "check the year (did you mean 2024-03-29?)",
            ),
        ),
        (
            8,
            40,
            message(
                "2024-02-01", "this action item", "check the date, and whether the item was copied from another record"
            ),
        ),
    ]


def test_fires_at_the_due_date_in_yaml() -> None:
    advice = "check the date, and whether the item was copied from another record"
    assert lint_yaml(RULE, YAML) == [(5, 15, message("2024-03-14", "action item 'Alert on redelivery rate'", advice))]


@pytest.mark.parametrize(
    ("due", "start", "advice"),
    [
        ("2014-03-20", START, "check the year (did you mean 2024-03-20?)"),
        ("2023-03-15", START, "check the year (did you mean 2024-03-15?)"),  # the day it started is fine
        ("2023-03-14", START, "check the year"),  # 2024-03-14 would be early too: nothing to suggest
        ("2024-02-29", "2025-03-15T14:30:00Z", "check the year"),  # 2025 has no 29 February
    ],
)
def test_the_advice_suggests_the_incident_year_only_when_that_would_be_right(due: str, start: str, advice: str) -> None:
    expected = [message(due, "action item 'Item 0'", advice, start)]
    assert findings_both(RULE, record(due, start=start, end=None)) == (expected, expected)


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2024-03-15T21:30:00-05:00", "2024-03-15"),  # 2024-03-16 in UTC, but the 15th where it was written
        ("2024-03-16T01:30:00+05:00", "2024-03-15"),  # the 16th where it was written, but the 15th in UTC
        ("2024-03-15T00:00:00Z", "2024-03-15"),  # due the day it started
        (START, "2024-12-31"),
    ],
)
def test_a_due_date_on_either_day_the_start_falls_on_is_fine(start: str, due: str) -> None:
    assert_silent(RULE, record(due, start=start, end=None))


@pytest.mark.parametrize(
    ("start", "due"),
    [("2024-03-15T21:30:00-05:00", "2024-03-14"), ("2024-03-16T01:30:00+05:00", "2024-03-14")],
)
def test_a_due_date_before_both_days_fires_whatever_the_offset(start: str, due: str) -> None:
    expected = [
        message(
            due, "action item 'Item 0'", "check the date, and whether the item was copied from another record", start
        )
    ]
    assert findings_both(RULE, record(due, start=start, end=None)) == (expected, expected)


@pytest.mark.parametrize(
    "fields",
    [
        {"start": None},
        {"start": "2024-03-15 14:30"},
        {"start": "2031-03-15T14:30:00Z"},  # later than now: future-timestamp's finding, probably a year typo
        {"end": "2024-03-14T15:35:00Z"},  # before start_time: end-before-start's, and either may be wrong
        {"start": 1710513000},
    ],
)
def test_silent_when_start_time_cannot_be_trusted(fields: dict[str, Any]) -> None:
    assert_silent(RULE, record("2023-03-29", "2030-06-01", **fields))


@pytest.mark.parametrize(
    "due", ["2024-02-30", "2023-3-1", "20230301", "2023-W10-1", "", "  ", 20230301, None, ["2023-03-29"]]
)
def test_silent_on_a_due_date_that_is_not_a_date(due: Any) -> None:
    assert_silent(RULE, record(due))


@pytest.mark.parametrize(
    "items",
    [["Fix the query by 2023-01-01"], [None, 3, ["2023-03-29"]], [], {"due_date": "2023-03-29"}, "2023-03-29", None],
)
def test_silent_without_structured_items(items: Any) -> None:
    assert_silent(RULE, {"start_time": START, "preliminary_action_items": items})


def test_the_reference_record_with_tracked_items_is_clean() -> None:
    data = reference()
    data["preliminary_action_items"].append(
        {"description": "Add pool alerts", "owner": "Tom", "due_date": "2024-03-15"}
    )
    assert_silent(RULE, data)


def test_a_description_is_shown_up_to_sixty_characters() -> None:
    data = record("2024-03-01", "2024-03-01")
    data["preliminary_action_items"][0]["description"] = "D" * 60
    data["preliminary_action_items"][1]["description"] = "D" * 61
    advice = "check the date, and whether the item was copied from another record"
    expected = [message("2024-03-01", f"action item '{shown}'", advice) for shown in ("D" * 60, "D" * 59 + "\u2026")]
    assert findings_both(RULE, data) == (expected, expected)
