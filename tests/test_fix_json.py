"""Autofix on JSON files: only the fixed bytes change, whatever the formatting, line endings or BOM."""

from __future__ import annotations

import codecs
from pathlib import Path

from incidentlint.fix import Fixer
from incidentlint.loader import load_path
from tests.fix_rules import fix_text, make_linter, rules_of

PRETTY = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "duration":   "1h 15m",
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead",
    "Sarah Chen - On-call Engineer"
  ],
  "communication_log": [
    {
      "timestamp": "2024-03-15T15:35:00Z",
      "message": "resolved"
    },
    {"timestamp": "2024-03-15T14:50:00Z", "message": "investigating"}
  ]
}"""


def test_pretty_json_replace_keeps_the_odd_spacing_and_the_missing_final_newline() -> None:
    fixed, outcome = fix_text(PRETTY, unsafe=False)
    assert fixed == PRETTY.replace('"1h 15m"', '"1h 5m"')
    assert outcome.applied == 1
    assert rules_of(outcome.diagnostics) == ["fix-duplicate", "fix-order"]


def test_pretty_json_all_fixes_move_whole_items_and_drop_one_separator() -> None:
    fixed, outcome = fix_text(PRETTY, unsafe=True)
    assert (
        fixed
        == """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "duration":   "1h 5m",
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead"
  ],
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "investigating"},
    {
      "timestamp": "2024-03-15T15:35:00Z",
      "message": "resolved"
    }
  ]
}"""
    )
    assert outcome.applied == 3
    assert outcome.diagnostics == []


def test_minified_json() -> None:
    text = (
        '{"start_time":"2024-03-15T14:30:00Z","end_time":"2024-03-15T15:35:00Z","duration":"PT2H",'
        '"responders":["a","b","a","c"]}\n'
    )
    fixed, outcome = fix_text(text)
    assert fixed == (
        '{"start_time":"2024-03-15T14:30:00Z","end_time":"2024-03-15T15:35:00Z","duration":"PT1H5M",'
        '"responders":["a","b","c"]}\n'
    )
    assert outcome.applied == 2


def test_removing_the_first_and_the_last_duplicate_in_json() -> None:
    fixed, _ = fix_text('{"responders": ["a", "a"]}')
    assert fixed == '{"responders": ["a"]}'
    fixed, _ = fix_text('{"responders": [\n  "b",\n  "a",\n  "a"\n]}')
    assert fixed == '{"responders": [\n  "b",\n  "a"\n]}'


def test_three_copies_take_two_passes_and_end_with_one() -> None:
    fixed, outcome = fix_text('{"responders": ["a", "a", "a"]}')
    assert fixed == '{"responders": ["a"]}'
    assert outcome.applied == 2
    assert outcome.diagnostics == []


def test_crlf_json_keeps_crlf_everywhere() -> None:
    text = PRETTY.replace("\n", "\r\n") + "\r\n"
    fixed, _ = fix_text(text)
    assert "\n" not in fixed.replace("\r\n", "")
    expected_lf = fix_text(PRETTY)[0] + "\n"
    assert fixed == expected_lf.replace("\n", "\r\n")


def test_cr_only_json_keeps_its_lone_crs() -> None:
    text = PRETTY.replace("\n", "\r") + "\r"
    fixed, outcome = fix_text(text)
    assert fixed == (fix_text(PRETTY)[0] + "\n").replace("\n", "\r")
    assert outcome.diagnostics == []


def test_bom_survives_a_written_fix(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    original = codecs.BOM_UTF8 + PRETTY.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(original)
    linter = make_linter()
    fixer = Fixer(linter, unsafe=False, write=True)
    loaded = load_path(str(path))
    assert loaded.document is not None and loaded.document.bom
    fixed = fixer(loaded, linter.lint_document(loaded.document))
    assert fixed is not None and fixed[2] == 1
    assert path.read_bytes() == original.replace(b'"1h 15m"', b'"1h 5m"')
    assert fixer.changed == [str(path)]


def test_words_style_and_a_fix_to_zero() -> None:
    text = '{"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T14:30:00Z", "duration": "65 minutes"}'
    fixed, _ = fix_text(text)
    assert fixed == text.replace("65 minutes", "0 minutes")


def test_nothing_to_fix_is_the_same_text_and_zero_applied() -> None:
    fixed, outcome = fix_text(PRETTY.replace("1h 15m", "1h 5m"), unsafe=False)
    assert fixed == PRETTY.replace("1h 15m", "1h 5m")
    assert outcome.applied == 0
