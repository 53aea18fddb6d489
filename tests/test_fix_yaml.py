"""Autofix on YAML files: comments, quoting, flow style and block scalars survive; only the fixed bytes change."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from incidentlint.fix import Fixer
from incidentlint.loader import load_path
from tests.fix_rules import fix_text, make_linter

TIMES = "start_time: 2024-03-15T14:30:00Z\nend_time: 2024-03-15T15:35:00Z\n"


def test_plain_duration_stays_plain_and_the_comment_after_it_stays() -> None:
    text = "# incident\n" + TIMES + "duration: 1h 15m   # from the status page\nstatus: resolved\n"
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text.replace("1h 15m", "1h 5m")
    assert outcome.applied == 1 and outcome.diagnostics == []


def test_quoted_timestamps_and_quoted_durations_keep_their_quotes() -> None:
    text = "start_time: '2024-03-15T14:30:00Z'\nend_time: \"2024-03-15T15:35:00Z\"\nduration: 'PT2H'\n"
    assert fix_text(text, "r.yaml")[0] == text.replace("'PT2H'", "'PT1H5M'")
    text = text.replace("'PT2H'", '"75 min"')
    assert fix_text(text, "r.yaml")[0] == text.replace('"75 min"', '"65 minutes"')


def test_compact_without_spaces_stays_tight() -> None:
    text = TIMES + "duration: 2h\n"
    assert fix_text(text, "r.yaml")[0] == TIMES + "duration: 1h5m\n"


def test_folded_block_scalar_stays_a_block() -> None:
    text = TIMES + "duration: >-\n    1h 15m\n\n# next\nstatus: resolved\n"
    assert fix_text(text, "r.yaml")[0] == TIMES + "duration: >-\n    1h 5m\n\n# next\nstatus: resolved\n"


def test_literal_strip_block_scalar_keeps_its_indentation_and_header_comment() -> None:
    text = TIMES + "duration: |-  # rounded\n      1h 15m\nstatus: resolved\n"
    assert fix_text(text, "r.yaml")[0] == TIMES + "duration: |-  # rounded\n      1h 5m\nstatus: resolved\n"


def test_flow_sequence_duplicate_is_removed_with_its_comma() -> None:
    text = "responders: [Sarah Chen, 'Tom Wilson', Sarah Chen]  # on call\nstatus: open\n"
    assert fix_text(text, "r.yaml")[0] == "responders: [Sarah Chen, 'Tom Wilson']  # on call\nstatus: open\n"
    text = "responders: [a, a, b]\n"
    assert fix_text(text, "r.yaml")[0] == "responders: [a, b]\n"


LOG = """\
# Communication log, as sent
communication_log:
  # the all-clear
  - timestamp: 2024-03-15T15:35:00Z   # UTC
    message: |
      Payment processing issues resolved.
      Thanks for your patience.

  - {timestamp: '2024-03-15T14:50:00Z', message: Investigating}
  # second update
  - timestamp: "2024-03-15T15:10:00Z"
    message: >
      Fix is rolling out
status: resolved
"""


def test_block_sequence_entries_move_whole_with_their_comments_and_block_scalars() -> None:
    fixed, outcome = fix_text(LOG, "r.yaml")
    assert (
        fixed
        == """\
# Communication log, as sent
communication_log:
  - {timestamp: '2024-03-15T14:50:00Z', message: Investigating}

  # second update
  - timestamp: "2024-03-15T15:10:00Z"
    message: >
      Fix is rolling out
  # the all-clear
  - timestamp: 2024-03-15T15:35:00Z   # UTC
    message: |
      Payment processing issues resolved.
      Thanks for your patience.
status: resolved
"""
    )
    assert outcome.applied == 1 and outcome.diagnostics == []


def test_reorder_with_crlf_and_no_final_newline() -> None:
    text = (
        "communication_log:\r\n"
        "- timestamp: 2024-03-15T15:35:00Z\r\n"
        "  message: b\r\n"
        "- timestamp: 2024-03-15T14:50:00Z\r\n"
        "  message: a"
    )
    assert fix_text(text, "r.yaml")[0] == (
        "communication_log:\r\n"
        "- timestamp: 2024-03-15T14:50:00Z\r\n"
        "  message: a\r\n"
        "- timestamp: 2024-03-15T15:35:00Z\r\n"
        "  message: b"
    )


LAYOUTS = [
    "# incident\n" + TIMES + "duration: 1h 15m   # from the status page\nstatus: resolved\n",
    TIMES + "duration: >-\n    1h 15m\n\n# next\nstatus: resolved\n",
    TIMES + "duration: |-  # rounded\n      1h 15m\nstatus: resolved\n",
    TIMES + "duration: '2h 10m'  # check\nresponders:\n  - a\n  - a\n",
    "responders: [Sarah Chen, 'Tom Wilson', Sarah Chen]  # on call\nstatus: open\n",
    "responders:\n  - a  # lead\n  # again\n  - a\n\n  - b\nstatus: open\n",
    "responders:\n  - b\n\n  - a\n  # the duplicate\n  - a   # x\nstatus: open",
    "responders:\n- a\n- a\nstatus: open\n",
    LOG,
]


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
@pytest.mark.parametrize("text", LAYOUTS, ids=range(len(LAYOUTS)))
def test_every_layout_fixes_the_same_with_cr_or_crlf_line_breaks(text: str, newline: str) -> None:
    # Old Mac files end lines with a lone CR, which YAML reads as a line break: the fix must find lines there
    # too, and keep the file's line breaks.
    fixed_lf, outcome_lf = fix_text(text, "r.yaml")
    assert outcome_lf.applied >= 1
    fixed, outcome = fix_text(text.replace("\n", newline), "r.yaml")
    assert fixed == fixed_lf.replace("\n", newline)
    assert outcome.applied == outcome_lf.applied and outcome.diagnostics == []


def test_block_sequence_remove_middle_and_last_items() -> None:
    text = "responders:\n  - a  # lead\n  # again\n  - a\n\n  - b\nstatus: open\n"
    assert fix_text(text, "r.yaml")[0] == "responders:\n  - a  # lead\n  - b\nstatus: open\n"
    text = "responders:\n  - b\n\n  - a\n  # the duplicate\n  - a   # x\nstatus: open"
    assert fix_text(text, "r.yaml")[0] == "responders:\n  - b\n\n  - a\nstatus: open"


def test_every_fix_at_once_in_one_yaml_file() -> None:
    text = (
        "start_time: 2024-03-15T14:30:00Z\n"
        "end_time: 2024-03-15T15:35:00Z\n"
        "duration: 65 minutes\n"
        "responders:\n- a\n- b\n- a\n"
        "communication_log:\n"
        "- {timestamp: 2024-03-15T15:00:00Z}\n"
        "- {timestamp: 2024-03-15T14:45:00Z}\n"
    )
    fixed, outcome = fix_text(text.replace("65 minutes", "75 minutes"), "r.yaml")
    assert fixed == (
        "start_time: 2024-03-15T14:30:00Z\n"
        "end_time: 2024-03-15T15:35:00Z\n"
        "duration: 65 minutes\n"
        "responders:\n- a\n- b\n"
        "communication_log:\n"
        "- {timestamp: 2024-03-15T14:45:00Z}\n"
        "- {timestamp: 2024-03-15T15:00:00Z}\n"
    )
    assert outcome.applied == 3


def test_safe_only_leaves_the_unsafe_findings() -> None:
    text = TIMES + "duration: 2h\nresponders: [a, a]\n"
    fixed, outcome = fix_text(text, "r.yaml", unsafe=False)
    assert fixed == TIMES + "duration: 1h5m\nresponders: [a, a]\n"
    assert [(d.rule, d.pointer) for d in outcome.diagnostics] == [("fix-duplicate", "/responders/1")]


def test_yaml_bom_and_crlf_survive_a_written_fix(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    original = codecs.BOM_UTF8 + (TIMES + "duration: '2h 10m'  # check\nresponders:\n  - a\n  - a\n").replace(
        "\n", "\r\n"
    ).encode("utf-8")
    path.write_bytes(original)
    linter = make_linter()
    fixer = Fixer(linter, unsafe=True, write=True)
    loaded = load_path(str(path))
    assert loaded.document is not None
    fixed = fixer(loaded, linter.lint_document(loaded.document))
    assert fixed is not None and fixed[2] == 2
    assert path.read_bytes() == codecs.BOM_UTF8 + (TIMES + "duration: '1h 5m'  # check\nresponders:\n  - a\n").replace(
        "\n", "\r\n"
    ).encode("utf-8")


@pytest.mark.parametrize("header", ["|+", ">+", "|2+", ">+2", "!!str |+", "!!str >2+", "! |+"])
def test_an_entry_with_a_keep_chomping_scalar_is_left_for_a_person(header: str) -> None:
    # Its trailing blank lines are part of the value but not of the entry's lines: moving it would change the value.
    # A tag before the header ('!!str |+') changes nothing of that; it once slipped past the check (exit 3).
    text = (
        "communication_log:\n"
        "  - timestamp: 2024-03-15T15:00:00Z\n"
        f"    message: {header}\n"
        "        b\n"
        "\n"
        "  - timestamp: 2024-03-15T14:40:00Z\n"
        "    message: a\n"
    )
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text and outcome.applied == 0
    assert [d.rule for d in outcome.diagnostics] == ["fix-order"]  # the finding is kept, with no internal error


def test_removing_the_last_item_keeps_a_comment_that_is_not_its_own() -> None:
    # The comment sits after a blank line above the copy: it belongs to neither entry, and stays.
    text = "responders:\n  - Tom - DBA\n  # TODO: add the payments on-call\n\n  - Tom - DBA\nstatus: open\n"
    assert fix_text(text, "r.yaml")[0] == (
        "responders:\n  - Tom - DBA\n  # TODO: add the payments on-call\n\nstatus: open\n"
    )


def test_removing_a_middle_item_keeps_a_comment_that_is_not_its_own() -> None:
    text = "responders:\n  - a\n  - a\n\n  # the rest joined later\n\n  - b\nstatus: open\n"
    assert fix_text(text, "r.yaml")[0] == "responders:\n  - a\n  # the rest joined later\n\n  - b\nstatus: open\n"


def test_a_comment_indented_inside_an_entry_moves_with_that_entry() -> None:
    text = (
        "communication_log:\n"
        "  - timestamp: 2024-03-15T15:00:00Z\n"
        "    message: b\n"
        "    x-meta:\n"
        "      k: v\n"
        "      # note about b\n"
        "  - timestamp: 2024-03-15T14:40:00Z\n"
        "    message: a\n"
    )
    fixed, outcome = fix_text(text, "r.yaml")
    assert outcome.applied == 1
    assert fixed == (
        "communication_log:\n"
        "  - timestamp: 2024-03-15T14:40:00Z\n"
        "    message: a\n"
        "  - timestamp: 2024-03-15T15:00:00Z\n"
        "    message: b\n"
        "    x-meta:\n"
        "      k: v\n"
        "      # note about b\n"
    )
