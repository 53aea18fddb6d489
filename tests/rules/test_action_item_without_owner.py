"""action-item-without-owner (IL119)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "action-item-without-owner"

JSON = """{
  "preliminary_action_items": [
    "Fix inefficient query for v2.3.2 deployment",
    {"description": "Add pool alerts", "owner": "Tom Wilson", "due_date": "2024-04-01"},
    {"description": "Add query checks to CI", "due_date": "2024-04-15"},
    {"description": "Load test the database", "owner": "  "}
  ]
}
"""

YAML = """preliminary_action_items:
  - description: Improve load testing
    owner: Lisa Park
    due_date:
  - ticket: PAY-1234
"""


def test_fires_at_each_item_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (5, 5, "action item 'Add query checks to CI' has no owner; add owner: the person or team who will do it"),
        (
            6,
            5,
            "action item 'Load test the database' has no owner and no due_date; add owner (who will do it) and "
            "due_date (YYYY-MM-DD) so that it is tracked to completion",
        ),
    ]


def test_fires_at_each_item_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (2, 5, "action item 'Improve load testing' has no due_date; add due_date (YYYY-MM-DD): when it should be done"),
        (
            5,
            5,
            "this action item has no owner and no due_date; add owner (who will do it) and due_date (YYYY-MM-DD) "
            "so that it is tracked to completion",
        ),
    ]


def test_long_descriptions_are_shortened() -> None:
    record = {"preliminary_action_items": [{"description": "x" * 100, "owner": "Tom"}]}
    expected = f"action item '{'x' * 59}…' has no due_date; add due_date (YYYY-MM-DD): when it should be done"
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "items",
    [
        ["Add connection pool utilization alerts"],
        [{"description": "Add alerts", "owner": "SRE team", "due_date": "2024-04-01"}],
        [{"description": "Add alerts", "owner": 7, "due_date": 20240401}],  # wrong types: the schema's finding
        [None, 3, ["Add alerts"]],
        [],
    ],
)
def test_silent(items: list[Any]) -> None:
    assert_silent(RULE, {"preliminary_action_items": items})


@pytest.mark.parametrize("items", [{"description": "Add alerts"}, "Add alerts", None])
def test_silent_when_the_list_is_malformed(items: Any) -> None:
    assert_silent(RULE, {"preliminary_action_items": items})


WONT_DO_YAML = """preliminary_action_items:
  - description: Load-test the widget at 10x election-night traffic
    status: wont_do
  - description: Strip tracking parameters from cache keys
    status: done
  - description: Rewrite the cache layer
    status: Won't do
"""


def test_an_item_the_team_will_not_do_needs_no_owner_or_date_and_every_other_status_does() -> None:
    # Only the schema's wont_do skips an item; a done item still names who did it and when, and a status the schema
    # refuses is the schema's finding, not a reason to stay silent here.
    assert lint_yaml(RULE, WONT_DO_YAML) == [
        (
            4,
            5,
            "action item 'Strip tracking parameters from cache keys' has no owner and no due_date; add owner (who "
            "will do it) and due_date (YYYY-MM-DD) so that it is tracked to completion",
        ),
        (
            6,
            5,
            "action item 'Rewrite the cache layer' has no owner and no due_date; add owner (who will do it) and "
            "due_date (YYYY-MM-DD) so that it is tracked to completion",
        ),
    ]
