"""action-item-due-too-late: a follow-up is due later after the incident than the team's policy allows."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from incidentlint.api import Finding, Options, parse_date, rule, show_value

from ._dates import days_of
from ._window import window

#: PagerDuty's postmortem accountability guidance: sev1 follow-ups done within 15 days, sev2 within 30.
DEFAULT_DAYS: dict[str, int] = {"sev1": 15, "sev2": 30}
_KNOWN = ("sev1", "sev2", "sev3", "sev4", "sev5")


@rule(
    code="IL127",
    name="action-item-due-too-late",
    severity="info",
    summary="A structured action item is due more days after the incident than the team's policy allows for its "
    "severity.",
    rationale=(
        "Follow-ups of a major incident lose their urgency fast, and a deadline months away is one nobody holds "
        "to. PagerDuty's accountability guidance sets the deadline by severity, 15 days for a sev1's action "
        "items and 30 for a sev2's, which is this rule's default; Atlassian's handbook gives 4 and 8 weeks "
        "(`days = {sev1 = 28, sev2 = 56}`). It is a team policy, so the rule is off until selected. The `days` "
        "option maps a severity to its deadline in whole days; it replaces the default, so list every severity "
        "to check, and a severity it leaves out is not checked. Days are counted from the day end_time falls on "
        "(start_time's when there is no usable end_time) to the due_date. A due_date is a calendar day and the "
        "incident's day is read both in UTC and in the timestamp's own offset; the later of the two is counted "
        "from, so a team is never held one day short by the time zone. Items whose status is wont_do have "
        "nothing to be due, and are skipped. Nothing is said when end_time is before start_time "
        "(end-before-start: either may be wrong); an end_time later than now (future-timestamp) is not counted "
        "from, and start_time is used instead."
    ),
    valid=[
        {
            "severity": "sev1",
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "preliminary_action_items": [{"description": "Add pool alerts", "due_date": "2024-03-30"}],
        },
        {
            "severity": "sev4",
            "start_time": "2024-03-15T14:30:00Z",
            "preliminary_action_items": [{"description": "Add pool alerts", "due_date": "2024-12-01"}],
        },
    ],
    invalid=[
        {
            "severity": "sev1",
            "start_time": "2024-03-15T14:30:00Z",
            "end_time": "2024-03-15T15:35:00Z",
            "preliminary_action_items": [{"description": "Add pool alerts", "due_date": "2024-05-30"}],
        }
    ],
    options={"days": dict(DEFAULT_DAYS)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "days": {
                "type": "object",
                "additionalProperties": False,
                "properties": {severity: {"type": "integer", "minimum": 0} for severity in _KNOWN},
                "description": (
                    "Days after the incident by which each severity's action items must be due, like "
                    "{sev1 = 15, sev2 = 30}. Replaces the default; a severity left out is not checked."
                ),
            }
        },
    },
    enabled_by_default=False,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    items = record.get("preliminary_action_items")
    if not isinstance(items, list):
        return
    severity = record.get("severity")
    limit = _limit(options, severity)
    if limit is None:
        return
    bounds = window(record, options)
    if bounds.inverted:
        return  # end-before-start: either bound may be the wrong one
    if bounds.end is not None:
        anchor, what = bounds.end, "ended"
    elif bounds.start is not None:
        anchor, what = bounds.start, "started"
    else:
        return
    _, day = days_of(anchor)
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("status") == "wont_do":
            continue
        due = parse_date(item.get("due_date"))
        if due is None:
            continue
        late = (due - day).days
        if late <= limit:
            continue
        description = item.get("description")
        label = f"action item {show_value(description, 60)}" if isinstance(description, str) else "this action item"
        deadline = day + timedelta(days=limit)  # limit < late: never past the due_date, so never past year 9999
        yield Finding(
            f"/preliminary_action_items/{index}/due_date",
            f"due_date {due.isoformat()} of {label} is {_days(late)} after the incident {what} ({day.isoformat()}); "
            f"this team's policy for {severity} follow-ups is {_days(limit)}: set a due_date on or before "
            f"{deadline.isoformat()}, or agree a longer deadline",
        )


def _limit(options: Mapping[str, Any], severity: object) -> int | None:
    """The policy's days for ``severity``, or None when it has none. The configuration checks the option; one given
    through the API is not, so a mapping of the wrong shape counts as the default and a bad number as no policy."""
    days = options.get("days", DEFAULT_DAYS)
    if not isinstance(days, dict):
        days = DEFAULT_DAYS
    if not isinstance(severity, str):
        return None
    value = days.get(severity)
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # TOML's 15.0 is an integer to JSON Schema
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
