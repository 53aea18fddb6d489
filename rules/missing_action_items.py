"""missing-action-items: a resolved or closed incident must list follow-up work."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import TERMINAL_STATUSES


@rule(
    code="IL106",
    name="missing-action-items",
    severity="error",
    summary="status is resolved or closed and preliminary_action_items is absent or empty.",
    rationale=(
        "A postmortem exists to prevent the next incident; PagerDuty and Atlassian require action items for "
        "every major incident, and Google's postmortem template lists them with an owner and a bug. A resolved "
        "incident without any follow-up is either unfinished or a missed chance to learn. An absent, null or "
        "empty list fires; a list of the wrong type is the schema's finding."
    ),
    valid=[
        {"status": "resolved", "preliminary_action_items": ["Add connection pool utilization alerts"]},
        {"status": "investigating"},
    ],
    invalid=[{"status": "closed"}, {"status": "resolved", "preliminary_action_items": []}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    status = record.get("status")
    if status not in TERMINAL_STATUSES:
        return
    items = record.get("preliminary_action_items")
    if items is None:
        pointer = "/status"
    elif items == []:
        pointer = "/preliminary_action_items"
    else:
        return
    yield Finding(
        pointer,
        f"status is '{status}' but there are no preliminary_action_items; list at least one follow-up "
        "that makes a repeat less likely or less harmful",
    )
