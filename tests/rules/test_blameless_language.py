"""blameless-language (IL118)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import reference
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "blameless-language"


def message(where: str, *phrases: str) -> str:
    quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
    return (
        f"{where} uses blaming language ({quoted}); describe what in the system let this happen "
        "(a missing check, an unclear runbook, a risky default) rather than who erred"
    )


JSON = """{
  "title": "Human error in deploy",
  "description": "The engineer should have run the canary; human error.",
  "technical_details": {"root_cause": "Careless use of the admin console"},
  "lessons_learned_preview": [
    "Monitoring could have provided earlier warning",
    "This could have been avoided"
  ]
}
"""

YAML = """customer_impact: >-
  Checkout failed for 20 minutes
  because of the operator's negligence.
business_impact: "Support blamed the release"
communication_log:
  - {timestamp: "2024-03-15T14:50:00Z", message: "human error suspected"}
"""


def test_fires_at_each_narrative_field_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (3, 18, message("description", "should have", "human error")),
        (4, 39, message("technical_details.root_cause", "Careless")),
        (7, 5, message("lessons_learned_preview[1]", "could have been avoided")),
    ]


def test_fires_at_each_narrative_field_in_yaml() -> None:
    # Titles and timeline messages are not narrative fields.
    assert lint_yaml(RULE, YAML) == [
        (1, 18, message("customer_impact", "negligence")),
        (4, 18, message("business_impact", "blamed")),
    ]


def test_the_reference_record_is_clean() -> None:
    # It says "Connection pool monitoring could have provided earlier warning": an improvement, not blame.
    assert_silent(RULE, reference())


@pytest.mark.parametrize(
    "text",
    [
        "A blameless review found three contributing factors",
        "The blame-free culture helped",
        "The database failed over as designed",
        "Alerting could have fired earlier with a lower threshold",
        "Faultless failover",
    ],
)
def test_silent_on_blameless_text(text: str) -> None:
    assert_silent(RULE, {"description": text})


def test_matching_ignores_case_spacing_and_curly_apostrophes() -> None:
    record = {"description": "We SHOULDN\u2019T  HAVE deployed on Friday"}
    expected = message("description", "SHOULDN'T HAVE")  # shown with the spacing collapsed
    assert findings_both(RULE, record) == ([expected], [expected])


BROKEN_YAML = """description: |
  First paragraph is fine.

  The outage was caused by human
  error during the deploy.
technical_details:
  root_cause: >
    The operator should
      have
    checked the flag.
"""

BROKEN_JSON = """{
  "description": "The outage was caused by human\\nerror during the deploy.",
  "technical_details": {"root_cause": "The operator should\\t\\r\\n  have checked; Human\\u00a0Error"}
}
"""


def test_a_phrase_broken_across_lines_is_shown_on_one_line_in_yaml() -> None:
    assert lint_yaml(RULE, BROKEN_YAML) == [
        (1, 14, message("description", "human error")),
        (7, 15, message("technical_details.root_cause", "should have")),
    ]


def test_a_phrase_broken_across_lines_is_shown_on_one_line_in_json() -> None:
    assert lint_json(RULE, BROKEN_JSON) == [
        (2, 18, message("description", "human error")),
        (3, 39, message("technical_details.root_cause", "should have", "Human Error")),
    ]


def test_each_phrase_is_named_once_per_field() -> None:
    record = {"description": "Human error, more human error, and HUMAN ERROR again"}
    expected = message("description", "Human error")
    assert findings_both(RULE, record) == ([expected], [expected])


def test_phrases_option_replaces_the_list() -> None:
    record = {"description": "Bob forgot the flag; human error", "technical_details": {"root_cause": "Bob forgot"}}
    expected = [message("description", "forgot"), message("technical_details.root_cause", "forgot")]
    assert findings_both(RULE, record, phrases=["forgot"]) == (expected, expected)
    assert_silent(RULE, record, phrases=[])


@pytest.mark.parametrize(
    "record",
    [
        {"description": ["human error"]},
        {"technical_details": "human error"},
        {"technical_details": {"root_cause": None}},
        {"lessons_learned_preview": "we should have known"},
        {"lessons_learned_preview": [None, 3, {"text": "human error"}]},
        {"x-notes": "human error"},
    ],
)
def test_silent_when_fields_are_absent_or_malformed(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)
