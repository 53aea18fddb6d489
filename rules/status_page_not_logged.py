"""status-page-not-logged: a status page update shows up in the communication log."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule
from incidentlint.lazyre import lazy

from ._common import get


@rule(
    code="IL111",
    name="status-page-not-logged",
    severity="warning",
    summary="status_page_updated is true but no communication_log entry has type status_page.",
    rationale=(
        "PagerDuty's postmortem timeline asks for the time the status page was updated, and late or missing "
        "customer updates are a finding in many public postmortems; the communication log is where that time is "
        "kept. A record that says the status page was updated without logging any status_page entry cannot "
        "answer when customers were told. An entry's type is read ignoring case and the separators ' ', '-' and "
        "'_', so 'Status Page', 'statuspage' and 'status-page' are status_page too, and so are the public page "
        "and the product many teams use: 'public status page', 'external status page', 'statuspage.io'. A draft "
        "('statuspage_draft') is not. A missing communication_log "
        "counts as logging nothing; one of the wrong type is the schema's finding."
    ),
    valid=[
        {
            "response_details": {"status_page_updated": True},
            "communication_log": [
                {"timestamp": "2024-03-15T14:50:00Z", "type": "status_page", "message": "Investigating"}
            ],
        },
        {"response_details": {"status_page_updated": False}},
        {
            "response_details": {"status_page_updated": True},
            "communication_log": [
                {"timestamp": "2024-03-15T14:50:00Z", "type": "Status Page", "message": "Investigating"}
            ],
        },
    ],
    invalid=[
        {
            "response_details": {"status_page_updated": True},
            "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "type": "slack", "message": "Investigating"}],
        }
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    if get(record, "response_details", "status_page_updated") is not True:
        return
    log = record.get("communication_log")
    if log is None:
        log = []
    if not isinstance(log, list) or any(_is_status_page(get(entry, "type")) for entry in log):
        return
    yield Finding(
        "/response_details/status_page_updated",
        "status_page_updated is true but no communication_log entry has type 'status_page'; log each status page "
        "update (timestamp, type: status_page, message), or set status_page_updated to false",
    )


def _is_status_page(kind: object) -> bool:
    """True for a type that names a status page however it is written: 'Status Page', 'statuspage', 'STATUS-PAGE',
    'public status page', 'statuspage.io' (the product teams often write instead)."""
    if kind == "status_page":
        return True  # as the schema's description spells it: the common case
    if not isinstance(kind, str):
        return False
    return _STATUS_PAGE.fullmatch("".join(kind.casefold().split()).replace("-", "").replace("_", "")) is not None


#: A status page as a type names it once case and separators are gone: the page, the public one, or the product.
_STATUS_PAGE = lazy(r"(?:public|external|customer|atlassian)?statuspage(?:\.io)?")
