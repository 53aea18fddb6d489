"""due-date-before-incident: a follow-up of an incident cannot be due before the incident began."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from incidentlint.api import Finding, Options, parse_date, rule, show_value

from ._dates import days_of
from ._window import window


@rule(
    code="IL126",
    name="due-date-before-incident",
    severity="warning",
    summary="A structured action item's due_date is before the day the incident started.",
    rationale=(
        "Action items are the follow-up of this incident: PagerDuty's accountability guide and Atlassian's "
        "handbook give each a due date counted from the incident, and Google's postmortem template tracks each "
        "to a bug. A due_date before the incident began cannot be right: it is a typo, most often in the year "
        "(2023 written in the first weeks of 2024), or the item was copied from an older record with its date. "
        "Dates are compared, not instants: a due_date is a calendar day, so it is compared with the day "
        "start_time falls on. That day is read in UTC, as incident_id's date is, and also in start_time's own "
        "offset, the calendar its author wrote in; the two differ by at most a day, and the item is reported "
        "only when its due_date is before both, so a team writing in its own time zone is never blamed for a "
        "day that UTC moved. A follow-up due the day the incident started is fine. Only structured items "
        "(objects) with a valid YYYY-MM-DD due_date are checked; a malformed date is the schema's finding. One "
        "mistake gives one finding: nothing is said when start_time is absent or malformed, later than now "
        "(future-timestamp), or after end_time (end-before-start), as it may be start_time that is wrong."
    ),
    valid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "preliminary_action_items": [
                {"description": "Add pool alerts", "owner": "Tom Wilson", "due_date": "2024-04-01"},
                {"description": "Roll back the release", "owner": "Lisa Park", "due_date": "2024-03-15"},
            ],
        },
        {
            "start_time": "2024-03-15T21:30:00-05:00",
            "preliminary_action_items": [{"description": "Rotate the key", "due_date": "2024-03-15"}],
        },
    ],
    invalid=[
        {
            "start_time": "2024-03-15T14:30:00Z",
            "preliminary_action_items": [
                {"description": "Add an index on payments.created_at", "owner": "Tom Wilson", "due_date": "2023-03-29"}
            ],
        }
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    items = record.get("preliminary_action_items")
    start_text = record.get("start_time")
    if not isinstance(items, list) or not isinstance(start_text, str):
        return
    # start_time's first ten characters are its day in its own offset, one of the two days it falls on: a due_date
    # on or after that day is never before both, and YYYY-MM-DD texts sort as their dates. So most records end
    # here, without parsing a date or a timestamp.
    written_day = start_text[:10]
    early = [
        (index, item, due)
        for index, item in enumerate(items)
        if isinstance(item, dict) and isinstance(due := item.get("due_date"), str) and due < written_day
    ]
    if not early:
        return
    bounds = window(record, options)
    if bounds.inverted or bounds.start is None:
        return  # absent, malformed or in the future (future-timestamp), or after end_time (end-before-start)
    first_day, _ = days_of(bounds.start)
    for index, item, due_text in early:
        due = parse_date(due_text)
        if due is None or due >= first_day:
            continue
        description = item.get("description")
        label = f"action item {show_value(description, 60)}" if isinstance(description, str) else "this action item"
        yield Finding(
            f"/preliminary_action_items/{index}/due_date",
            f"due_date {due_text} of {label} is before the incident started (start_time {start_text}); a follow-up "
            f"is due after the incident: {_advice(due, first_day)}",
        )


def _advice(due: date, start: date) -> str:
    if due.year == start.year:
        return "check the date, and whether the item was copied from another record"
    try:
        same_day = due.replace(year=start.year)
    except ValueError:  # 29 February in a year without one
        return "check the year"
    return f"check the year (did you mean {same_day.isoformat()}?)" if same_day >= start else "check the year"
