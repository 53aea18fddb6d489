"""duplicate-responder (IL117), including its unsafe fix for exact copies."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.api import Fix, Remove
from tests.rules import assert_silent, diagnostics, findings_both, lint_json, lint_yaml

RULE = "duplicate-responder"


def copy(name: str, earlier: int) -> str:
    return (
        f"'{name}' is listed twice in responders, also as responders[{earlier}]; this entry is an exact copy: remove it"
    )


def variant(name: str, earlier: int) -> str:
    return (
        f"'{name}' is listed twice in responders, also as responders[{earlier}]; "
        "keep one entry, with the role they held"
    )


JSON = """{
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead",
    "Sarah Chen - On-call Engineer",
    "sarah  chen - Incident Commander"
  ]
}
"""

YAML = """responders:
  - name: Tom Wilson
    role: Database Team Lead
  - Lisa Park - Database Engineer
  - {name: Tom Wilson, role: Database Team Lead}
  - " Tom Wilson"
"""


def test_fires_at_each_later_entry_in_json() -> None:
    assert lint_json(RULE, JSON) == [(5, 5, copy("Sarah Chen", 0)), (6, 5, variant("sarah  chen", 0))]


def test_fires_at_each_later_entry_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(5, 5, copy("Tom Wilson", 0)), (6, 5, variant("Tom Wilson", 0))]


def test_unsafe_fix_removes_only_exact_copies() -> None:
    first, second = diagnostics(RULE, JSON)
    assert first.fix == Fix(ops=(Remove("/responders/2"),), safe=False, description="remove the duplicate responder")
    assert second.fix is None


def test_a_string_and_an_object_are_never_exact_copies() -> None:
    (diagnostic,) = diagnostics(RULE, json.dumps({"responders": ["Tom Wilson", {"name": "Tom Wilson"}]}))
    assert diagnostic.fix is None


DASH_JSON = """{
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Sarah Chen \u2013 Incident Commander",
    "Tom Wilson \u2014 DBA"
  ]
}
"""

DASH_YAML = """responders:
  - Tom Wilson \u2014 DBA
  - Lisa Park - Database Engineer
  - tom wilson - Scribe
"""


def test_a_name_before_an_en_or_em_dash_is_the_same_person_in_json() -> None:
    # Word processors turn " - " into " \u2013 " or " \u2014 "; the name before it is still the person's name.
    assert lint_json(RULE, DASH_JSON) == [(4, 5, variant("Sarah Chen", 0))]


def test_a_name_before_an_en_or_em_dash_is_the_same_person_in_yaml() -> None:
    assert lint_yaml(RULE, DASH_YAML) == [(4, 5, variant("tom wilson", 0))]


def test_third_occurrence_also_points_back_at_the_first() -> None:
    record = {"responders": ["Ann - IC", "Bob - SRE", "Ann - Scribe", "ann - IC"]}
    expected = [variant("Ann", 0), variant("ann", 0)]
    assert findings_both(RULE, record) == (expected, expected)


@pytest.mark.parametrize(
    "responders",
    [
        ["Sarah Chen - On-call Engineer", "Sarah Cheng - SRE"],
        ["Sarah Chen - On-call Engineer", "Chen - Sarah"],
        ["Sarah Chen-Lee - SRE", "Sarah Chen - SRE"],  # no " - " inside the name: different people
        ["Sarah Chen\u2013Lee \u2013 SRE", "Sarah Chen \u2013 SRE"],  # nor a dash without spaces
        [{"name": "Tom"}, {"role": "Tom"}, 7, None, "", "   ", {"name": ""}],
        [{"name": ["Tom"]}, {"name": ["Tom"]}],  # malformed names are skipped
        [],
    ],
)
def test_silent(responders: list[Any]) -> None:
    assert_silent(RULE, {"responders": responders})


@pytest.mark.parametrize("responders", ["Tom, Tom", {"Tom": "IC"}, None, 3])
def test_silent_when_responders_is_not_a_list(responders: Any) -> None:
    assert_silent(RULE, {"responders": responders})


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" -\t\u00a0\u2013\u2014aB\u00e9\n", max_size=12))
def test_responder_name_takes_the_quick_path_only_when_it_agrees_with_the_separator_pattern(text: str) -> None:
    # responder_name skips the regular expression when the text before " - " is printable ASCII; whatever the
    # text, the name must be the part before the first ROLE_SEPARATOR.
    common = importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping
    expected = common.ROLE_SEPARATOR.split(text, 1)[0].strip() or None
    assert common.responder_name(text) == expected
