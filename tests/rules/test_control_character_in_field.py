"""control-character-in-field (IL121)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.api import Options
from tests.helpers import position_of, reference, run_json
from tests.rules import assert_silent, catalogue, findings_both, lint_json, lint_yaml

RULE = "control-character-in-field"
ADVICE = "control characters are invisible in most viewers and can rewrite the terminal that displays the record"

JSON = r"""{
  "title": "\u001b]52;c;Y3VybCBldmlsLnNo\u0007Checkout down",
  "description": "Two lines\nwith a\ttab\r\n",
  "technical_details": {"root_cause": "CSI \u009b31m here", "error_metrics": {"peak\u0000rate": "45%"}},
  "x-notes": ["fine", "bell\u0007"]
}
"""

YAML = r"""title: "\e[31mCheckout down\e[0m"
description: |
  Two lines
  with	a tab.
technical_details:
  root_cause: "DEL \x7f and NEL \N"
"key\x01": 1
"""


def test_fires_at_each_value_and_key_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (
            *position_of(JSON, '"\\u001b]'),
            "title contains 2 control characters, the first U+001B (ESC) at character 1 "
            f"('\\x1b]52;c;Y3VybCBldmlsLnNo\\x07Checkout down'); remove them: {ADVICE}",
        ),
        (
            *position_of(JSON, '"CSI'),
            "technical_details.root_cause contains the control character U+009B (CSI) at character 5 "
            f"('CSI \\x9b31m here'); remove it: {ADVICE}",
        ),
        (
            *position_of(JSON, '"peak'),
            "the key technical_details.error_metrics.peak\\x00rate contains the control character U+0000 (NUL) at "
            f"character 5; rename the key without it: {ADVICE}",
        ),
        (
            *position_of(JSON, '"bell'),
            f"x-notes[1] contains the control character U+0007 (BEL) at character 5 ('bell\\x07'); remove it: {ADVICE}",
        ),
    ]


def test_fires_at_each_value_and_key_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (
            *position_of(YAML, '"\\e[31m'),
            "title contains 2 control characters, the first U+001B (ESC) at character 1 "
            f"('\\x1b[31mCheckout down\\x1b[0m'); remove them: {ADVICE}",
        ),
        (
            *position_of(YAML, '"DEL'),
            "technical_details.root_cause contains 2 control characters, the first U+007F (DEL) at character 5 "
            f"('DEL \\x7f and NEL \\x85'); remove them: {ADVICE}",
        ),
        (
            *position_of(YAML, '"key'),
            f"the key key\\x01 contains the control character U+0001 (SOH) at character 4; rename the key without it: "
            f"{ADVICE}",
        ),
    ]


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "\u00a0", "\u00ad", "\u200b", "\u202e", "\u2028", "\ufeff"])
def test_tab_newline_and_non_control_characters_are_left_alone(char: str) -> None:
    # Tab, LF and CR belong in narrative text; the format characters are invisible-character's to report.
    assert_silent(RULE, {"description": f"before{char}after", "x-notes": {f"k{char}": char}})


@pytest.mark.parametrize("code", [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)])
def test_every_c0_and_c1_control_and_del_fires(code: int) -> None:
    rule = catalogue()[RULE]
    (finding,) = rule.check({"title": f"a{chr(code)}"}, Options(rule.options))
    assert finding.pointer == "/title"
    assert finding.message.startswith(f"title contains the control character U+{code:04X} (")


def test_a_non_ascii_record_is_checked_too() -> None:
    expected = (
        "responders[0].name contains the control character U+001B (ESC) at character 7 ('Zoë Ng\\x1b[8m'); "
        f"remove it: {ADVICE}"
    )
    assert findings_both(RULE, {"title": "Café — down", "responders": [{"name": "Zoë Ng\u001b[8m"}]}) == (
        [expected],
        [expected],
    )


def test_deep_nesting_is_walked_without_recursion() -> None:
    deep: Any = "\u001b"
    for _ in range(5000):
        deep = {"a": [deep]}
    rule = catalogue()[RULE]
    (finding,) = rule.check({"x-deep": deep}, Options(rule.options))
    assert finding.pointer == "/x-deep" + "/a/0" * 5000


def test_the_same_record_asked_twice_gets_the_same_answer() -> None:
    # Both character rules share one quick answer per record: asking again, or another record, is still exact.
    rule = catalogue()[RULE]
    dirty, clean = {"title": "\u0007"}, {"title": "ok"}
    for record, count in [(dirty, 1), (dirty, 1), (clean, 0), (dirty, 1), (clean, 0)]:
        assert len(list(rule.check(record, Options(rule.options)))) == count


def test_exit_code_is_one_for_a_record_with_a_terminal_escape(tmp_path: Path) -> None:
    record = reference()
    record["title"] = "\u001b]0;owned\u0007" + record["title"]
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(record, indent=2), "utf-8")
    code, report = run_json(str(path))
    assert code == 1
    assert [(d["rule"], d["code"], d["severity"], d["line"]) for d in report["diagnostics"]] == [
        (RULE, "IL121", "error", 3)
    ]


def test_a_value_is_shown_up_to_sixty_characters() -> None:
    record = {"title": "a\x1b" + "b" * 58, "description": "a\x1b" + "b" * 59}
    expected = [
        f"{where} contains the control character U+001B (ESC) at character 2 ('a\\x1b{shown}'); remove it: {ADVICE}"
        for where, shown in (("title", "b" * 58), ("description", "b" * 57 + "\u2026"))
    ]
    assert findings_both(RULE, record) == (expected, expected)
