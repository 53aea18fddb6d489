"""commander-not-in-responders (IL105)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules import as_json, as_yaml, assert_silent, findings_both, lint_json, lint_yaml

RULE = "commander-not-in-responders"

JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead"
  ]
}
"""

YAML = """incident_commander: Mike Rodriguez   # led the bridge
responders:
  - Sarah Chen - On-call Engineer
  - name: Tom Wilson
    role: Database Team Lead
"""

ADD = (
    "incident_commander 'Mike Rodriguez' is not among the responders; "
    "add 'Mike Rodriguez - Incident Commander' to responders"
)


def test_fires_at_incident_commander_in_json() -> None:
    assert lint_json(RULE, JSON) == [(2, 25, ADD)]


def test_fires_at_incident_commander_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(1, 21, ADD)]


def test_suggests_a_close_spelling() -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodrigues - Incident Commander"]}
    expected = (
        "incident_commander 'Mike Rodriguez' is not among the responders; did you mean 'Mike Rodrigues'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_an_empty_list_has_no_commander() -> None:
    record: dict[str, Any] = {"incident_commander": "Mike Rodriguez", "responders": []}
    assert findings_both(RULE, record) == ([ADD], [ADD])


def test_commander_text_is_quoted_safely() -> None:
    record = {"incident_commander": "Mike\x1b[31m", "responders": ["Sarah Chen"]}
    expected = (
        "incident_commander 'Mike\\x1b[31m' is not among the responders; "
        "add 'Mike\\x1b[31m - Incident Commander' to responders"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "responders",
    [
        ["Sarah Chen - On-call Engineer", "Mike Rodriguez - Incident Commander"],
        ["mike rodriguez - Incident Commander"],  # case-insensitive
        ["  Mike   Rodriguez  - IC"],  # trimmed, inner spaces collapsed
        ["Mike Rodriguez"],  # a bare name
        ["Mike Rodriguez - Incident Commander - Payments"],  # split on the first " - " only
        ["Mike Rodriguez \u2013 Incident Commander"],  # en dash, as a word processor writes " - "
        ["Mike Rodriguez \u2014 Incident Commander"],  # em dash
        ["Mike Rodriguez\u00a0\u2013\u00a0IC"],  # no-break spaces around the dash
        ["Mike Rodriguez \u2014 IC - Payments \u2013 EU"],  # the first separator of any kind
        [{"name": "MIKE RODRIGUEZ", "role": "Incident Commander"}],
        [42, None, {"role": "IC"}, "Mike Rodriguez - IC"],  # malformed entries are skipped
    ],
)
def test_silent_when_the_commander_is_listed(responders: list[Any]) -> None:
    assert_silent(RULE, {"incident_commander": " Mike Rodriguez ", "responders": responders})


@pytest.mark.parametrize(
    "record",
    [
        {"responders": ["Sarah Chen - On-call Engineer"]},
        {"incident_commander": "Mike Rodriguez"},
        {"incident_commander": "Mike Rodriguez", "responders": "Sarah Chen"},
        {"incident_commander": "Mike Rodriguez", "responders": {"name": "Sarah Chen"}},
        {"incident_commander": "", "responders": ["Sarah Chen"]},
        {"incident_commander": "   ", "responders": ["Sarah Chen"]},
        {"incident_commander": ["Mike Rodriguez"], "responders": ["Sarah Chen"]},
        {"incident_commander": None, "responders": ["Sarah Chen"]},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


EN_DASH_JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": [
    "Sarah Chen \u2013 On-call Engineer",
    "Mike Rodriguez \u2013 Incident Commander"
  ]
}
"""

EN_DASH_YAML = """incident_commander: Mike Rodriguez
responders:
  - Sarah Chen \u2014 On-call Engineer
  - Mike Rodriguez \u2014 Incident Commander
"""


def test_a_dash_between_name_and_role_is_read_as_the_separator_in_json_and_yaml() -> None:
    """A responder line auto-corrected by a word processor (' - ' became an en or em dash) names the same person:
    the rule used to ask for a line that looked identical to the one already there."""
    assert lint_json(RULE, EN_DASH_JSON) == []
    assert lint_yaml(RULE, EN_DASH_YAML) == []


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "-"])
def test_a_dash_without_spaces_is_part_of_the_name(dash: str) -> None:
    # "Mike Rodriguez–IC" has no separator: the whole line is the name, so the commander is not found, and the
    # advice offers the closest name spelt as written.
    record = {"incident_commander": "Mike Rodriguez", "responders": [f"Mike Rodriguez{dash}IC"]}
    expected = (
        f"incident_commander 'Mike Rodriguez' is not among the responders; did you mean 'Mike Rodriguez{dash}IC'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_dash_in_the_role_still_leaves_a_different_name_reported() -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen \u2013 On-call Engineer"]}
    assert lint_json(RULE, as_json(record)) == [(2, 25, ADD)]
    assert lint_yaml(RULE, as_yaml(record)) == [(1, 21, ADD)]
