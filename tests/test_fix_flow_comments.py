"""Removing an item from a list keeps every comment that is not the item's own, in flow and block sequences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.api import Remove
from incidentlint.edits import Unsupported, apply, edits_for
from incidentlint.flowremove import Layout, removal
from incidentlint.loader import parse
from tests.fix_rules import fix_text, make_linter
from tests.helpers import reference, run_cli
from tests.rules import as_yaml, catalogue

PRIMARY = '  "Sarah Chen - Incident Commander",  # primary\n'
COPY = '  "Sarah Chen - Incident Commander"\n'


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The reported case: the comment after the first entry's comma is the first entry's, not the copy's.
        (f"responders: [\n{PRIMARY}{COPY}]\n", 'responders: [\n  "Sarah Chen - Incident Commander"  # primary\n]\n'),
        # A comment on its own line above the copy belongs to neither entry.
        ("responders: [\n  a,\n  # joined late\n  a\n]\n", "responders: [\n  a\n  # joined late\n]\n"),
        # `]` on the comment's line: the comment keeps its line break, or `]` would become part of it.
        ("responders: [a,  # primary\n  a]\n", "responders: [a  # primary\n]\n"),
        ("responders: [a,  # primary\r\n  a]\r\n", "responders: [a  # primary\r\n]\r\n"),
        # Commas first: the comma before the copy goes, the comment above it stays.
        ("responders: [\n  a  # primary\n  , a\n]\n", "responders: [\n  a  # primary\n]\n"),
        ("responders: [a, a]  # both on call\n", "responders: [a]  # both on call\n"),
        # A middle copy: the comments after the entry above it and before the entry below it stay.
        ("responders: [\n  a,  # primary\n  a,\n  b\n]\n", "responders: [\n  a,  # primary\n  b\n]\n"),
        ("responders: [\n  a,\n  a,\n  # then\n  b\n]\n", "responders: [\n  a,\n  # then\n  b\n]\n"),
        # The copy shares its line with another entry, so a comment after it is not its own.
        ("responders: [a, a,  # both\n  b]\n", "responders: [a, # both\n  b]\n"),
        # A trailing comma: the copy's line goes, with the comment that is its own.
        ("responders: [\n  a,\n  a,  # copy\n]\n", "responders: [\n  a,\n]\n"),
        ("responders: [\n  a,\n  a,\n  # end of list\n]\n", "responders: [\n  a,\n  # end of list\n]\n"),
    ],
)
def test_removing_a_flow_copy_keeps_the_comments_that_are_not_its_own(before: str, after: str) -> None:
    fixed, outcome = fix_text(before, "r.yaml")
    assert fixed == after
    assert outcome.applied == 1 and outcome.diagnostics == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # A comment at the end of the line the copy alone holds is the copy's, as in a block sequence.
        ("responders: [\n  a,\n  a,  # copy\n  b\n]\n", "responders: [\n  a,\n  b\n]\n"),
        ("responders: [\n  a,\n  a  # copy\n]\n", "responders: [\n  a\n]\n"),
    ],
)
def test_removing_a_flow_copy_takes_its_own_comment(before: str, after: str) -> None:
    assert fix_text(before, "r.yaml")[0] == after


@pytest.mark.parametrize(
    ("before", "pointer", "after"),
    [
        ("r: [\n  a,  # one\n  b\n]\n", "/r/0", "r: [\n  b\n]\n"),
        ("r: [\n  # people\n  a,\n  b\n]\n", "/r/0", "r: [\n  # people\n  b\n]\n"),
        # `[# x` would not be a comment: a blank keeps it apart.
        ("r: [a,  # about a\n  b]\n", "/r/0", "r: [ # about a\n  b]\n"),
        ("r: [  # people\n  a  # only\n]\n", "/r/0", "r: [  # people\n]\n"),
        ("r: [ a ]  # none left\n", "/r/0", "r: []  # none left\n"),
        ('{"r": [ "a", "b", "c" ]}', "/r/1", '{"r": [ "a", "c" ]}'),
        ('{"r": [ "a", "b", "c" ]}', "/r/2", '{"r": [ "a", "b" ]}'),
        ('{"r": [\n  "a",\n  "b"\n]}', "/r/0", '{"r": [\n  "b"\n]}'),
    ],
)
def test_removing_any_flow_item_keeps_the_comments_that_are_not_its_own(before: str, pointer: str, after: str) -> None:
    document, problems = parse("r.json" if before.startswith("{") else "r.yaml", before)
    assert document is not None, problems
    assert apply(before, edits_for(document, [Remove(pointer)])) == after


def test_a_flow_sequence_with_other_text_between_its_items_is_declined() -> None:
    text = "[a, b ! c]"
    with pytest.raises(Layout, match="unexpected '!' between the items"):
        removal(text, (0, len(text)), [(1, 2), (4, 5), (8, 9)], 1)


def test_a_comment_between_a_shared_line_entry_and_its_comma_is_declined() -> None:
    text = "r: [a, b  # not b's alone\n  , c]\n"
    document, _ = parse("r.yaml", text)
    assert document is not None
    with pytest.raises(Unsupported, match="not the item's own lies between the item and its comma"):
        edits_for(document, [Remove("/r/1")])


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("responders:\n  - a  # primary\n  - a\n", "responders:\n  - a  # primary\n"),
        ("responders:\n  - a  # primary\n  - a\n  - b\n", "responders:\n  - a  # primary\n  - b\n"),
    ],
)
def test_removing_a_block_copy_keeps_the_comment_of_the_entry_above(before: str, after: str) -> None:
    assert fix_text(before, "r.yaml")[0] == after


def test_removing_a_flow_mapping_copy_keeps_the_comment_of_the_entry_above() -> None:
    linter = make_linter(catalogue()["duplicate-responder"], select=["duplicate-responder"])
    text = "responders: [\n  {name: Tom, role: lead},  # lead\n  {role: lead, name: Tom}\n]\n"
    fixed, outcome = fix_text(text, "r.yaml", linter=linter)
    assert fixed == "responders: [\n  {name: Tom, role: lead}  # lead\n]\n"
    assert outcome.applied == 1 and outcome.diagnostics == []


def _yaml_record(tmp_path: Path) -> tuple[Path, str]:
    data = reference()
    data["responders"] = ["@RESPONDERS@"]
    text = as_yaml(data).replace(
        "responders:\n- '@RESPONDERS@'\n",
        'responders: [\n  "Mike Rodriguez - Incident Commander",  # primary\n'
        '  "Mike Rodriguez - Incident Commander"\n]\n',
    )
    assert "# primary" in text
    path = tmp_path / "INC-2024-0315-001.yaml"
    path.write_text(text, "utf-8")
    return path, text


def test_diff_and_fix_keep_the_comment_of_the_entry_above_the_copy(tmp_path: Path) -> None:
    path, text = _yaml_record(tmp_path)
    line = text[: text.index("responders:")].count("\n") + 1
    code, out, err = run_cli("--diff", "--unsafe-fixes", str(path))
    assert (code, err) == (1, "incidentlint: 1 fix would be applied to 1 file\n")
    assert out.splitlines()[2:] == [
        f"@@ -{line - 2},8 +{line - 2},7 @@",
        *(" " + context for context in text.splitlines()[line - 3 : line]),
        '-  "Mike Rodriguez - Incident Commander",  # primary',
        '-  "Mike Rodriguez - Incident Commander"',
        '+  "Mike Rodriguez - Incident Commander"  # primary',
        " ]",
        *(" " + context for context in text.splitlines()[line + 3 : line + 5]),
    ]
    code, out, _ = run_cli("--fix", "--unsafe-fixes", str(path))
    assert code == 1 and out.endswith("(1 fix applied).\n")
    assert path.read_text("utf-8") == text.replace(
        '",  # primary\n  "Mike Rodriguez - Incident Commander"\n', '"  # primary\n'
    )
    assert run_cli(str(path)) == (0, "All clean: 1 file checked, no problems found.\n", "")


#: What may follow an item and its comma: the next item on the same line, or on a new line, with the item's own
#: comment (c) and/or a comment on a line of its own (o) between them.
_GAPS = [" ", "\n  ", "  # c{i}\n  ", "\n  # o{i}\n  ", "  # c{i}\n  # o{i}\n  "]
_ENDS = ["", "\n", "  # c{i}\n", "\n  # o{i}\n"]


@st.composite
def flow_lists(draw: st.DrawFn) -> tuple[str, int, int]:
    """A flow list of 1-5 items in a random layout, the index to remove, and the item count."""
    count = draw(st.integers(1, 5))
    text = "r: [" + draw(st.sampled_from(["", "\n  ", "  # head\n  "]))
    for index in range(count):
        text += f"a{index}"
        if index < count - 1:
            text += "," + draw(st.sampled_from(_GAPS)).format(i=index)
        else:
            text += draw(st.sampled_from(["", ","])) + draw(st.sampled_from(_ENDS)).format(i=index)
    return text + "]\n", draw(st.integers(0, count - 1)), count


@settings(max_examples=300, deadline=None)
@given(flow_lists())
def test_a_flow_removal_keeps_every_comment_but_the_items_own(case: tuple[str, int, int]) -> None:
    text, index, count = case
    document, problems = parse("r.yaml", text)
    assert document is not None, problems
    fixed = apply(text, edits_for(document, [Remove(f"/r/{index}")]))
    after, problems = parse("r.yaml", fixed)
    assert after is not None, (fixed, problems)
    assert after.data == {"r": [f"a{n}" for n in range(count) if n != index]}
    item = text.index(f"a{index}")
    own = f"# c{index}" if not text[text.rfind("\n", 0, item) + 1 : item].strip(" ") else None  # alone on its line
    for comment in re.findall(r"# \w+", text):
        assert fixed.count(comment) == (0 if comment == own else 1), (text, fixed)
