"""status-page-not-logged (IL111)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "status-page-not-logged"
MESSAGE = (
    "status_page_updated is true but no communication_log entry has type 'status_page'; log each status page "
    "update (timestamp, type: status_page, message), or set status_page_updated to false"
)

JSON = """{
  "response_details": {
    "executives_notified": false,
    "status_page_updated": true
  },
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "type": "slack", "message": "Investigating"}
  ]
}
"""

YAML = """response_details: {status_page_updated: true}
"""


def test_fires_at_the_flag_in_json() -> None:
    assert lint_json(RULE, JSON) == [(4, 28, MESSAGE)]


def test_fires_at_the_flag_in_yaml_without_a_log() -> None:
    assert lint_yaml(RULE, YAML) == [(1, 41, MESSAGE)]


def test_an_empty_log_fires() -> None:
    record: dict[str, Any] = {"response_details": {"status_page_updated": True}, "communication_log": []}
    assert findings_both(RULE, record) == ([MESSAGE], [MESSAGE])


@pytest.mark.parametrize(
    "kind",
    [
        "Status Page",
        "statuspage",
        "status-page",
        "STATUS_PAGE",
        " Status  page ",
        "status_Page",
        "Status - Page",
        "public status page",
        "External_Status_Page",
        "statuspage.io",
        "Atlassian Statuspage",
        "customer-status-page",
    ],
)
def test_the_type_is_matched_ignoring_case_and_separators(kind: str) -> None:
    record = {
        "response_details": {"status_page_updated": True},
        "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "type": kind, "message": "x"}],
    }
    assert_silent(RULE, record)


@pytest.mark.parametrize(
    "kind",
    [
        "status",
        "page",
        "status_pages",
        "status.page",
        "statuspage_draft",
        "internal status page",
        "statuspage.io draft",
        "",
        1,
        None,
    ],
)
def test_other_types_are_not_a_status_page(kind: object) -> None:
    record = {
        "response_details": {"status_page_updated": True},
        "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "type": kind, "message": "x"}],
    }
    assert findings_both(RULE, record) == ([MESSAGE], [MESSAGE])


SPELLED_JSON = """{
  "response_details": {"status_page_updated": true},
  "communication_log": [
    {"timestamp": "2024-03-15T14:45:00Z", "type": "Slack", "message": "Bridge open"},
    {"timestamp": "2024-03-15T14:50:00Z", "type": "Status Page", "message": "Investigating"}
  ]
}
"""

SPELLED_YAML = """response_details:
  status_page_updated: true
communication_log:
  - timestamp: 2024-03-15T14:50:00Z
    type: status-page
    message: Investigating
"""


def test_a_status_page_entry_spelt_another_way_counts_in_json_and_yaml() -> None:
    assert lint_json(RULE, SPELLED_JSON) == []
    assert lint_yaml(RULE, SPELLED_YAML) == []
    assert lint_yaml(RULE, SPELLED_YAML.replace("status-page", "email")) == [(2, 24, MESSAGE)]


@pytest.mark.parametrize(
    "record",
    [
        {
            "response_details": {"status_page_updated": True},
            "communication_log": [
                {"timestamp": "2024-03-15T14:45:00Z", "type": "slack", "message": "Bridge open"},
                {"timestamp": "2024-03-15T14:50:00Z", "type": "status_page", "message": "Investigating"},
            ],
        },
        {"response_details": {"status_page_updated": False}},
        {"response_details": {"status_page_updated": "true"}},  # a string: the schema's finding
        {"response_details": {"status_page_updated": 1}},
        {"response_details": {}},
        {"response_details": True},
        {"response_details": {"status_page_updated": True}, "communication_log": "status page updated at 14:50"},
        {"response_details": {"status_page_updated": True}, "communication_log": {"type": "status_page"}},
        {},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)
