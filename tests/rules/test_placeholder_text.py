"""placeholder-text (IL113)."""

from __future__ import annotations

from typing import Any

import pytest

from incidentlint.api import Options
from tests.rules import assert_silent, catalogue, findings_both, lint_json, lint_yaml

RULE = "placeholder-text"
ADVICE = "; replace it with the real content before the record is published"

JSON = """{
  "title": "Checkout down",
  "description": "TODO: write this after the review",
  "technical_details": {"root_cause": "tbd", "TBD": "a key is never a placeholder"},
  "affected_services": ["payments", "<service name>"],
  "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "N/A"}]
}
"""

YAML = """title: Checkout down
description: |
  Lorem ipsum dolor sit amet.
responders:
  - Sarah Chen - On-call Engineer
  - name: XXX
technical_details:
  rollback_target: "FIXME."
"""


def test_fires_at_each_placeholder_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (3, 18, "description starts with the placeholder 'TODO' ('TODO: write this after the review')" + ADVICE),
        (4, 39, "technical_details.root_cause is the placeholder 'tbd'" + ADVICE),
        (5, 37, "affected_services[1] is the placeholder '<service name>'" + ADVICE),
        (6, 74, "communication_log[0].message is the placeholder 'N/A'" + ADVICE),
    ]


def test_fires_at_each_placeholder_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (2, 14, "description starts with the placeholder 'Lorem ipsum' ('Lorem ipsum dolor sit amet.')" + ADVICE),
        (6, 11, "responders[1].name is the placeholder 'XXX'" + ADVICE),
        (8, 20, "technical_details.rollback_target is the placeholder 'FIXME'" + ADVICE),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "TBDs are gone",  # a longer word
        "todo-api",  # a service name
        "XXXL instances",
        "N/Aish",
        "The TODO list service was down",  # not at the start
        "<= 5% of requests failed",
        "< 1 minute",
        "<>",
        "",
        "Data not applicable",
    ],
)
def test_silent_on_ordinary_text(value: str) -> None:
    assert_silent(RULE, {"description": value})


def test_keys_are_never_checked() -> None:
    assert_silent(RULE, {"technical_details": {"error_metrics": {"TODO": 1, "<placeholder>": "45%"}}})


def test_values_under_extension_keys_are_skipped() -> None:
    assert_silent(RULE, {"x-notes": "TODO: link dashboards", "technical_details": {"x-draft": ["TBD", {"a": "XXX"}]}})


def test_deep_nesting_is_walked_without_recursion() -> None:
    deep: Any = "TBD"
    for _ in range(5000):
        deep = [deep]
    expected = "technical_details.error_metrics.series" + "[0]" * 5000
    # The engine's loader limits depth, so call the rule directly for a record no file could hold.
    rule = catalogue()[RULE]
    (finding,) = rule.check({"technical_details": {"error_metrics": {"series": deep}}}, Options(rule.options))
    assert finding.pointer == "/technical_details/error_metrics/series" + "/0" * 5000
    assert finding.message.startswith(expected[:119] + "… is the placeholder 'TBD'")


def test_words_option_replaces_the_list() -> None:
    record = {"title": "PENDING: name this", "description": "TBD"}
    expected = "title starts with the placeholder 'PENDING' ('PENDING: name this')" + ADVICE
    assert findings_both(RULE, record, words=["pending"]) == ([expected], [expected])


def test_angle_brackets_are_checked_even_with_no_words() -> None:
    record = {"title": "<title>", "description": "TBD"}
    expected = "title is the placeholder '<title>'" + ADVICE
    assert findings_both(RULE, record, words=[]) == ([expected], [expected])


def test_multi_word_phrases_allow_any_spacing() -> None:
    expected = "description is the placeholder 'LOREM  IPSUM'" + ADVICE
    assert findings_both(RULE, {"description": "LOREM  IPSUM"}) == ([expected], [expected])


def test_pointer_tokens_are_escaped() -> None:
    record = {"technical_details": {"error_metrics": {"a/b~c": "TBD"}}}
    messages = findings_both(RULE, record)
    expected = "technical_details.error_metrics.a/b~c is the placeholder 'TBD'" + ADVICE
    assert messages == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    ["<service name>", "<root cause>", "<TICKET-ID>", "<fill me in>", "<owner's name>", "<owner\u2019s name>"],
)
def test_angle_bracket_placeholders_name_what_belongs_there(value: str) -> None:
    expected = f"description is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_an_angle_bracket_placeholder_at_the_start_of_longer_text() -> None:
    record = {"root_cause": "<root cause> \u2013 to be written after the review"}
    expected = (
        "root_cause starts with the placeholder '<root cause>' ('<root cause> \u2013 to be written after the review')"
        + ADVICE
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "<1% of requests failed outright; p99 latency >3s for 40 minutes",  # a comparison, then another
        "<https://jira.example.com/browse/PAY-1234>",  # a Markdown autolink
        "<mailto:oncall@example.com>",
        "<b>Investigating</b> elevated errors",  # markup, closed later in the value
        "<em>Resolved</em>",
        '<a href="https://status.example.com">status page</a>',
        "<5 minutes of downtime>",  # starts with a digit
        "<_internal>",
        "<p99 latency > 3s for 40 minutes",  # a comparison: the name would end in a space
        "<" + "a" * 61 + ">",  # longer than any placeholder name
        "<x\ny>",  # a line break inside
    ],
)
def test_angle_brackets_around_content_are_not_placeholders(value: str) -> None:
    assert_silent(RULE, {"customer_impact": value})


def test_the_longest_angle_bracket_placeholder_is_sixty_characters() -> None:
    value = "<" + "a" * 60 + ">"
    expected = f"description is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


ANGLE_JSON = """{
  "customer_impact": "<1% of requests failed outright; p99 latency >3s for 40 minutes",
  "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "<b>Investigating</b> payment issues"}],
  "preliminary_action_items": [
    {"description": "Add an index", "ticket": "<https://jira.example.com/browse/PAY-1234>"},
    {"description": "Add an alert", "ticket": "<TICKET-ID>"}
  ]
}
"""

ANGLE_YAML = """customer_impact: <1% of requests failed outright; p99 latency >3s for 40 minutes
communication_log:
  - timestamp: 2024-03-15T14:50:00Z
    message: <b>Investigating</b> payment issues
preliminary_action_items:
  - description: Add an index
    ticket: <https://jira.example.com/browse/PAY-1234>
  - description: Add an alert
    ticket: <TICKET-ID>
"""


def test_only_the_real_angle_bracket_placeholder_fires_in_json() -> None:
    assert lint_json(RULE, ANGLE_JSON) == [
        (6, 47, "preliminary_action_items[1].ticket is the placeholder '<TICKET-ID>'" + ADVICE)
    ]


def test_only_the_real_angle_bracket_placeholder_fires_in_yaml() -> None:
    assert lint_yaml(RULE, ANGLE_YAML) == [
        (9, 13, "preliminary_action_items[1].ticket is the placeholder '<TICKET-ID>'" + ADVICE)
    ]
