"""action-item-without-owner: a tracked action item has someone to do it and a date to do it by."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._common import is_blank


@rule(
    code="IL119",
    name="action-item-without-owner",
    severity="info",
    summary="A structured action item has no owner or no due_date.",
    rationale=(
        "Action items without an owner and a date are the ones that never get done: PagerDuty's accountability "
        "guide asks for a clear owner on each, Google's postmortem template gives each an owner and a bug, and "
        "Atlassian sets due dates by severity. Only structured items (objects) are checked; a plain sentence has "
        "nowhere to put an owner. An owner or due_date that is absent, null or blank fires. Items whose status is "
        "wont_do are skipped: the team decided not to do them, so there is nothing to own or to be due."
    ),
    valid=[
        {
            "preliminary_action_items": [
                {"description": "Add pool alerts", "owner": "Tom Wilson", "due_date": "2024-04-01"},
                "Fix the inefficient query",
            ]
        },
        {"preliminary_action_items": [{"description": "Load-test at 10x traffic", "status": "wont_do"}]},
    ],
    invalid=[{"preliminary_action_items": [{"description": "Add pool alerts", "due_date": "2024-04-01"}]}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    items = record.get("preliminary_action_items")
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("status") == "wont_do":
            continue
        missing = [key for key in ("owner", "due_date") if is_blank(item.get(key))]
        if not missing:
            continue
        description = item.get("description")
        label = f"action item {show_value(description, 60)}" if isinstance(description, str) else "this action item"
        if missing == ["owner"]:
            advice = "add owner: the person or team who will do it"
        elif missing == ["due_date"]:
            advice = "add due_date (YYYY-MM-DD): when it should be done"
        else:
            advice = "add owner (who will do it) and due_date (YYYY-MM-DD) so that it is tracked to completion"
        yield Finding(f"/preliminary_action_items/{index}", f"{label} has no {' and no '.join(missing)}; {advice}")
