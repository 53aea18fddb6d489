"""missing-action-items: a resolved or closed major incident must list follow-up work."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import TERMINAL_STATUSES, strings_option

DEFAULT_SEVERITIES = ("sev1", "sev2")
_KNOWN = ("sev1", "sev2", "sev3", "sev4", "sev5")


@rule(
    code="IL106",
    name="missing-action-items",
    severity="error",
    summary="A resolved or closed sev1 or sev2 incident has no preliminary_action_items.",
    rationale=(
        "A postmortem exists to prevent the next incident; PagerDuty requires a postmortem with action items "
        "for every Sev-1 and Sev-2, Atlassian for every major incident, and Google's postmortem template lists "
        "them with an owner and a bug. A resolved major incident without any follow-up is either unfinished or "
        "a missed chance to learn. Minor incidents often close without follow-up work, so only the severities "
        "in the `severities` option (default sev1 and sev2; list all five to require action items everywhere) "
        "are checked, as is a record whose severity is missing or not one of the five, which the schema also reports. "
        "An absent, null or empty list fires; a list of the wrong type is the schema's finding."
    ),
    valid=[
        {"status": "resolved", "severity": "sev2", "preliminary_action_items": ["Add pool utilization alerts"]},
        {"status": "investigating", "severity": "sev1"},
        {"status": "resolved", "severity": "sev4"},
    ],
    invalid=[
        {"status": "closed", "severity": "sev1"},
        {"status": "resolved", "severity": "sev2", "preliminary_action_items": []},
    ],
    options={"severities": list(DEFAULT_SEVERITIES)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "severities": {
                "type": "array",
                "items": {"enum": list(_KNOWN)},
                "description": "The severities whose resolved or closed records must list action items.",
            }
        },
    },
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    status = record.get("status")
    if status not in TERMINAL_STATUSES:
        return
    severity = record.get("severity")
    if severity in _KNOWN and severity not in strings_option(options, "severities", DEFAULT_SEVERITIES):
        return  # an unknown severity (absent, misspelt) is checked: the schema reports it, and it may be major
    items = record.get("preliminary_action_items")
    if items is None:
        pointer = "/status"
    elif items == []:
        pointer = "/preliminary_action_items"
    else:
        return
    what = f"this {severity} incident" if severity in _KNOWN else "the incident"
    yield Finding(
        pointer,
        f"status is '{status}' but {what} has no preliminary_action_items; list at least one follow-up "
        "that makes a repeat less likely or less harmful",
    )
