"""Autofix on awkward layouts found by an adversarial audit: each is fixed exactly or left for a person, never
blamed on the rule as an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fix_rules import fix_text, rules_of
from tests.helpers import run_cli

LOG_HEAD = "communication_log:\n"
CLIPPED = "  - timestamp: 2024-03-15T15:00:00Z\n    message: |\n      Fixed"
PLAIN = "  - timestamp: 2024-03-15T14:40:00Z\n    message: Investigating"


@pytest.mark.parametrize(
    "text",
    [
        LOG_HEAD + CLIPPED + "\n" + PLAIN,  # the scalar would move to the last line, losing its line break
        LOG_HEAD + PLAIN.replace("14:40", "15:10") + "\n" + CLIPPED.replace("15:00", "14:50"),  # and gain one
        LOG_HEAD + CLIPPED.replace("|", "!!str >2") + "\n" + PLAIN,
    ],
)
def test_an_entry_ending_in_a_clipping_block_scalar_stays_off_a_last_line_without_a_line_break(text: str) -> None:
    # '|' keeps the final line break only when the file has one after it: moving the entry to or from the end of
    # a file without one would change the message, which the fix's check caught as a bug in the rule (exit 3).
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text and outcome.applied == 0
    assert rules_of(outcome.diagnostics) == ["fix-order"]


def test_an_entry_ending_in_a_clipping_block_scalar_moves_when_the_file_ends_with_a_line_break() -> None:
    fixed, outcome = fix_text(LOG_HEAD + CLIPPED + "\n" + PLAIN + "\n", "r.yaml")
    assert fixed == LOG_HEAD + PLAIN + "\n" + CLIPPED + "\n"
    assert outcome.applied == 1 and outcome.diagnostics == []


def test_an_entry_ending_in_a_clipping_block_scalar_moves_when_the_last_entry_stays() -> None:
    third = "\n  - timestamp: 2024-03-15T15:30:00Z\n    message: done"
    fixed, outcome = fix_text(LOG_HEAD + CLIPPED + "\n" + PLAIN + third, "r.yaml")
    assert fixed == LOG_HEAD + PLAIN + "\n" + CLIPPED + third
    assert outcome.applied == 1


def test_removing_the_last_copy_does_not_leave_a_clipping_block_scalar_on_an_unterminated_last_line() -> None:
    text = "responders:\n  - Ann\n  - |\n    Bob\n  - Ann"
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text and outcome.applied == 0
    assert rules_of(outcome.diagnostics) == ["fix-duplicate"]
    assert fix_text(text + "\n", "r.yaml")[0] == "responders:\n  - Ann\n  - |\n    Bob\n"
    assert fix_text(text.replace("|", "|-"), "r.yaml")[0] == "responders:\n  - Ann\n  - |-\n    Bob"


def test_cli_leaves_an_unterminated_clipping_scalar_entry_in_place_without_an_internal_error(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = "start_time: 2024-03-15T14:30:00Z\n" + LOG_HEAD + CLIPPED + "\n" + PLAIN
    path.write_bytes(text.encode("utf-8"))
    args = ("--select", "timeline-not-chronological", "--format", "concise", "--unsafe-fixes")
    assert run_cli(*args, "--diff", str(path)) == (0, "", "incidentlint: no fixes to apply\n")
    code, out, err = run_cli(*args, "--fix", str(path))
    assert (code, err) == (0, "")  # a warning, under the default --fail-on error
    assert out == (
        f"{path}:6:16: warning[timeline-not-chronological] communication_log is not in time order: this entry at "
        "2024-03-15T14:40:00Z comes after one at 2024-03-15T15:00:00Z; list entries oldest first, or correct this "
        "timestamp\n"
    )
    assert path.read_bytes() == text.encode("utf-8")


FLOW_LOG = (
    "communication_log: [\n"
    "  {timestamp: '2024-03-15T15:35:00Z', message: resolved},  # the all-clear\n"
    "  {timestamp: '2024-03-15T14:50:00Z', message: investigating},\n"
    "]\n"
)


@pytest.mark.parametrize(
    "text",
    [
        FLOW_LOG,
        FLOW_LOG.replace("  # the all-clear", "").replace(
            "  {timestamp: '2024-03-15T14:50", "  # first\n  {timestamp: '2024-03-15T14:50"
        ),
        FLOW_LOG.replace("investigating},", "investigating}  # first update"),
    ],
)
def test_a_flow_sequence_entry_with_a_comment_beside_it_is_not_moved(text: str) -> None:
    # The comment would stay where it is while the entries swap, and then describe the other entry.
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text and outcome.applied == 0
    assert rules_of(outcome.diagnostics) == ["fix-order"]


def test_flow_sequence_entries_move_when_the_comments_are_beside_entries_that_stay() -> None:
    text = (
        "communication_log: [  # oldest first\n"
        "  {timestamp: '2024-03-15T14:40:00Z', message: paged},  # the page\n"
        "  {timestamp: '2024-03-15T15:35:00Z', message: resolved},\n"
        "  {timestamp: '2024-03-15T14:50:00Z', message: investigating}\n"
        "]  # as sent\n"
    )
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text.replace("15:35:00Z', message: resolved", "X").replace(
        "14:50:00Z', message: investigating", "15:35:00Z', message: resolved"
    ).replace("X", "14:50:00Z', message: investigating")
    assert outcome.applied == 1


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("responders: [a, b, a,]\n", "responders: [a, b,]\n"),
        ("responders: [a, b,\ta,]\n", "responders: [a, b,]\n"),
        ("responders: [a, b, a, ]\n", "responders: [a, b, ]\n"),
        ("responders: [a, a, b,]\n", "responders: [a, b,]\n"),
    ],
)
def test_removing_the_last_copy_before_a_trailing_comma_keeps_the_lists_spacing(before: str, after: str) -> None:
    fixed, outcome = fix_text(before, "r.yaml")
    assert fixed == after
    assert outcome.applied == 1 and outcome.diagnostics == []


TIMES = "start_time: 2024-03-15T14:30:00Z\nend_time: 2024-03-15T15:35:00Z\n"


@pytest.mark.parametrize(
    "written",
    [
        "!!str # rounded\n  1h 15m",  # the comment after the tag was deleted with the old value
        "!!str  # rounded\r\n  1h 15m",
        "!!str\n  1h 15m  # rounded",  # a tag on a line of its own was left unfixed
        "!!str\n  # rounded\n  '1h 15m'",
    ],
)
def test_a_tagged_value_on_the_next_line_is_replaced_alone(written: str) -> None:
    text = TIMES + f"duration: {written}\nstatus: resolved\n"
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == text.replace("1h 15m", "1h 5m")
    assert outcome.applied == 1 and outcome.diagnostics == []


def test_cli_safe_fix_keeps_the_comment_between_a_tag_and_its_value(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    text = TIMES + "duration: !!str # rounded to the minute\n  1h 15m\nresponse_details:\n  time_to_resolution: 65m\n"
    path.write_bytes(text.encode("utf-8"))
    code, out, err = run_cli("--select", "duration-mismatch", "--format", "concise", "--fix", str(path))
    assert (code, out, err) == (1, "", "incidentlint: applied 1 fix in 1 file\n")
    assert path.read_bytes() == text.replace("1h 15m", "1h 5m").encode("utf-8")


@pytest.mark.parametrize("header", ["|", ">", "|2", "|+", ">+"])
def test_a_block_scalar_rewritten_as_a_quoted_one_keeps_its_header_comment(header: str) -> None:
    # No final line break: the old value has none, so the block style cannot hold the new one and it is quoted.
    text = TIMES + f"duration: {header}  # rounded\n  1h 15m"
    fixed, outcome = fix_text(text, "r.yaml")
    assert fixed == TIMES + 'duration: "1h 5m"  # rounded'
    assert outcome.applied == 1 and outcome.diagnostics == []
