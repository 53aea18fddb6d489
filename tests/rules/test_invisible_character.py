"""invisible-character (IL122)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import position_of, reference, run_json
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "invisible-character"
UNSEEN = "it cannot be seen, so this looks the same as the text without it but does not match it"
BIDI = "bidi controls change the order in which text is displayed, so readers see other text than tools compare"
SEPARATOR = "some programs break the line there and others show nothing, so it reads differently in each"

JSON = r"""{
  "incident_id": "INC-2024-0315-001\u202e",
  "affected_services": ["payment-api", "payment\u200b-api"],
  "incident_commander": "Mike\u2028Rodriguez",
  "responders": ["Sarah Chen - SRE", {"name": "Tom\u2060 Wilson", "team": "\u2066db\u2069"}],
  "description": "A zero\u200bwidth space in prose is not checked",
  "technical_details": {"error_metrics": {"peak\ufeff_rate": "45%"}}
}
"""

YAML = """incident_id: INC-2024-0315-001
preliminary_action_items:
  - description: Add alerts
    owner: "Lisa\\u200dPark"
    ticket: PAY-1234
communication_log:
  - type: "status\\u200c_page"
x-notes:
  "draft\\u200e": prose under an x- key is not checked \u200b
"""


def test_fires_at_each_identifier_and_key_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (
            *position_of(JSON, '"INC'),
            "incident_id contains the invisible character U+202E (right-to-left override) at character 18 "
            f"('INC-2024-0315-001\\u202e'); remove it: {BIDI}",
        ),
        (
            *position_of(JSON, '"payment\\u200b'),
            "affected_services[1] contains the invisible character U+200B (zero width space) at character 8 "
            f"('payment\\u200b-api'); remove it: {UNSEEN}",
        ),
        (
            *position_of(JSON, '"Mike'),
            "incident_commander contains the invisible character U+2028 (line separator) at character 5 "
            f"('Mike\\u2028Rodriguez'); remove it: {SEPARATOR}",
        ),
        (
            *position_of(JSON, '"Tom'),
            "responders[1].name contains the invisible character U+2060 (word joiner) at character 4 "
            f"('Tom\\u2060 Wilson'); remove it: {UNSEEN}",
        ),
        (
            *position_of(JSON, '"\\u2066db'),
            "responders[1].team contains 2 invisible characters, the first U+2066 (left-to-right isolate) at "
            f"character 1 ('\\u2066db\\u2069'); remove them: {BIDI}",
        ),
        (
            *position_of(JSON, '"peak'),
            "the key technical_details.error_metrics.peak\\ufeff_rate contains the invisible character U+FEFF "
            f"(zero width no-break space) at character 5; rename the key without it: {UNSEEN}",
        ),
    ]


def test_fires_at_each_identifier_and_key_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (
            *position_of(YAML, '"Lisa'),
            "preliminary_action_items[0].owner contains the invisible character U+200D (zero width joiner) at "
            f"character 5 ('Lisa\\u200dPark'); remove it: {UNSEEN}",
        ),
        (
            *position_of(YAML, '"status'),
            "communication_log[0].type contains the invisible character U+200C (zero width non-joiner) at "
            f"character 7 ('status\\u200c_page'); remove it: {UNSEEN}",
        ),
        (
            *position_of(YAML, '"draft'),
            "the key x-notes.draft\\u200e contains the invisible character U+200E (left-to-right mark) at "
            f"character 6; rename the key without it: {BIDI}",
        ),
    ]


@pytest.mark.parametrize(
    "record",
    [
        {"title": "Checkout\u200b down", "description": "\u202eevil", "customer_impact": "a\u2028b"},
        {"technical_details": {"root_cause": "\u2066x\u2069", "rollback_duration": "7 minutes"}},
        {"lessons_learned_preview": ["zero\u200bwidth"], "communication_log": [{"message": "\u200f«تم»"}]},
        {"responders": ["Ana\u00a0Lima - SRE"], "affected_services": ["caf\u00e9-api"], "title": "soft\u00adhyphen"},
    ],
)
def test_prose_and_visible_characters_are_left_alone(record: dict[str, object]) -> None:
    assert_silent(RULE, record)


@pytest.mark.parametrize(
    "name",
    [
        "علی\u200cاکبر",  # Persian: a non-joiner between two Arabic letters
        "क्\u200dष",  # Devanagari: a joiner after a virama
        "👩\u200d💻 on-call",  # an emoji ZWJ sequence
    ],
)
def test_a_joiner_between_two_non_ascii_characters_is_allowed(name: str) -> None:
    assert_silent(RULE, {"incident_commander": name, "responders": [{"name": name}]})


def test_a_joiner_next_to_ascii_or_at_an_end_still_fires() -> None:
    record = {"affected_services": ["\u200dapi", "api\u200c", "علی\u200cx"]}
    expected = [
        "affected_services[0] contains the invisible character U+200D (zero width joiner) at character 1 "
        f"('\\u200dapi'); remove it: {UNSEEN}",
        "affected_services[1] contains the invisible character U+200C (zero width non-joiner) at character 4 "
        f"('api\\u200c'); remove it: {UNSEEN}",
        "affected_services[2] contains the invisible character U+200C (zero width non-joiner) at character 4 "
        f"('علی\\u200cx'); remove it: {UNSEEN}",
    ]
    assert findings_both(RULE, record) == (expected, expected)


def test_control_characters_are_left_to_control_character_in_field() -> None:
    assert_silent(RULE, {"incident_id": "INC-2024-0315-001\u001b", "x-k\u009b": 1})


def test_a_spoofed_service_name_is_a_warning_and_exits_zero(tmp_path: Path) -> None:
    record = reference()
    record["affected_services"][0] = "payment\u200b-api"
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(record, indent=2), "utf-8")
    code, report = run_json(str(path))
    assert code == 0  # warnings do not fail the run by default
    assert [(d["rule"], d["code"], d["severity"], d["pointer"]) for d in report["diagnostics"]] == [
        (RULE, "IL122", "warning", "/affected_services/0")
    ]


def test_soft_hyphens_and_tag_characters_fire_too() -> None:
    # A soft hyphen shows nothing inside a line, and tag characters show nothing at all while spelling out ASCII
    # ("ASCII smuggling"): 'payment\u00adapi' and 'payment-api' plus hidden 'hi' look like their plain versions.
    record = {"affected_services": ["payment\u00adapi", "payment-api\U000e0068\U000e0069"]}
    in_json = [m for _, _, m in lint_json(RULE, json.dumps(record))]
    assert in_json == [
        "affected_services[0] contains the invisible character U+00AD (soft hyphen) at character 8 "
        f"('payment\\xadapi'); remove it: {UNSEEN}",
        "affected_services[1] contains 2 invisible characters, the first U+E0068 (tag latin small letter h) at "
        f"character 12 ('payment-api\\U000e0068\\U000e0069'); remove them: {UNSEEN}",
    ]


@pytest.mark.parametrize(
    ("record", "where"),
    [
        ({"incident_id": "a\u200bb"}, "incident_id"),
        ({"affected_services": ["x", "a\u200bb"]}, "affected_services[1]"),
        ({"incident_commander": "a\u200bb"}, "incident_commander"),
        ({"responders": ["a\u200bb"]}, "responders[0]"),
        ({"responders": [{"name": "a\u200bb"}]}, "responders[0].name"),
        ({"responders": [{"team": "a\u200bb"}]}, "responders[0].team"),
        ({"detection_details": {"detection_method": "a\u200bb"}}, "detection_details.detection_method"),
        ({"technical_details": {"affected_regions": ["a\u200bb"]}}, "technical_details.affected_regions[0]"),
        ({"technical_details": {"resolution_method": "a\u200bb"}}, "technical_details.resolution_method"),
        ({"technical_details": {"rollback_target": "a\u200bb"}}, "technical_details.rollback_target"),
        ({"communication_log": [{"type": "a\u200bb"}]}, "communication_log[0].type"),
        ({"communication_log": [{"audience": "a\u200bb"}]}, "communication_log[0].audience"),
        ({"preliminary_action_items": [{"owner": "a\u200bb"}]}, "preliminary_action_items[0].owner"),
        ({"preliminary_action_items": [{"ticket": "a\u200bb"}]}, "preliminary_action_items[0].ticket"),
    ],
)
def test_every_identifier_field_is_checked(record: dict[str, object], where: str) -> None:
    expected = [
        f"{where} contains the invisible character U+200B (zero width space) at character 2 ('a\\u200bb'); "
        f"remove it: {UNSEEN}"
    ]
    assert findings_both(RULE, record) == (expected, expected)


def test_a_value_is_shown_up_to_sixty_characters() -> None:
    record = {"incident_id": "a\u200b" + "b" * 58, "incident_commander": "a\u200b" + "b" * 59}
    expected = [
        f"{where} contains the invisible character U+200B (zero width space) at character 2 ('a\\u200b{shown}'); "
        f"remove it: {UNSEEN}"
        for where, shown in (("incident_id", "b" * 58), ("incident_commander", "b" * 57 + "\u2026"))
    ]
    assert findings_both(RULE, record) == (expected, expected)


def test_a_joiner_needs_a_non_ascii_character_on_both_sides() -> None:
    # Between two Arabic letters a zero-width non-joiner is spelling; after an ASCII letter it hides in an id.
    assert_silent(RULE, {"incident_commander": "\u0628\u200c\u0628"})
    for value, shown in (("a\u200c\u0628", "a\\u200c\u0628"), ("\u0628\u200ca", "\u0628\\u200ca")):
        expected = [
            f"incident_commander contains the invisible character U+200C (zero width non-joiner) at character 2 "
            f"('{shown}'); remove it: {UNSEEN}"
        ]
        assert findings_both(RULE, {"incident_commander": value}) == (expected, expected)
