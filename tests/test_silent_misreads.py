"""yaml-joined-line and yaml-comment-cut: text that loads without a word as something else than written.

Each test lints a real record (the YAML example) with one change, through the
command line, and asserts the exact position, message and exit code; the near misses lint with every check on and
must stay clean.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidentlint.yamlload import load_yaml, load_yaml_quickly
from tests.helpers import ROOT, run_json

YAML_EXAMPLE = (ROOT / "examples" / "INC-2024-0402-002.yaml").read_text("utf-8")

Found = list[tuple[str, int, int, str]]


def example_yaml(old: str, new: str) -> str:
    """The YAML example with ``old`` (which must be there) replaced by ``new``."""
    assert old in YAML_EXAMPLE, old
    return YAML_EXAMPLE.replace(old, new, 1)


def lint(path: Path, text: str, *args: str) -> tuple[int, Found]:
    """Write ``text`` to ``path`` and lint it: the exit code and each diagnostic as (rule, line, column, message)."""
    path.write_text(text, "utf-8")
    code, report = run_json(*args, str(path))
    return code, [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in ``text``."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


# -- yaml-joined-line ---------------------------------------------------------------------------------------------

JOINED_ITEM = (
    "this line is indented more than the list item above, so YAML joined it into that item: affected_services[0] is "
    "'search-indexer - listings-api'; indent '- listings-api' like the item above to make it a separate item"
)


def test_a_list_item_indented_under_the_item_above_is_reported_at_its_dash(tmp_path: Path) -> None:
    text = example_yaml("  - search-indexer\n  - listings-api\n", "  - search-indexer\n    - listings-api\n")
    line, column = position(text, "- listings-api")
    assert (line, column) == (14, 5)
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-joined-line", line, column, JOINED_ITEM)])
    assert lint(tmp_path / "r.yaml", text, "--fail-on", "warning") == (1, [("yaml-joined-line", 14, 5, JOINED_ITEM)])


def test_a_dash_line_under_a_mapping_value_is_reported_with_both_ways_out(tmp_path: Path) -> None:
    text = example_yaml(
        "  root_cause: A consumer release changed the queue acknowledgement mode, so failed batches were redelivered "
        "forever.\n",
        "  root_cause: Two changes went out together\n    - a consumer release\n    - a queue setting\n",
    )
    expected = (
        "this line is indented more than the key 'root_cause' above, so YAML joined it into that key's value: "
        "technical_details.root_cause is 'Two changes went out together - a consumer release - a queue setting'; "
        "for a list, start it on the line after 'root_cause:' with every item on its own '- ' line, or to keep the "
        "lines as text, write 'root_cause: |' and the text indented below it"
    )
    # One warning, at the first such line: the message shows the whole value, the later lines included.
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-joined-line", 34, 5, expected)])


def test_a_dash_line_under_a_value_that_starts_below_its_key_is_reported(tmp_path: Path) -> None:
    text = example_yaml(
        "    message: Rolled back; the queue is draining.\n", "    message:\n      Rolled back\n      -\n"
    )
    expected = (
        "this line is indented more than the key 'message' above, so YAML joined it into that key's value: "
        "communication_log[1].message is 'Rolled back -'; for a list, start it on the line after 'message:' with "
        "every item on its own '- ' line, or to keep the lines as text, write 'message: |' and the text indented "
        "below it"
    )
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-joined-line", 46, 7, expected)])


def test_lines_that_are_not_joined_list_items_are_not_reported(tmp_path: Path) -> None:
    near_misses = (
        "x-notes:\n"
        "  wrapped: a long sentence that goes on\n    to a second line - with a dash inside it\n"
        "  negative: the temperature fell to\n    -5 degrees\n"
        "  flags: run it with\n    --force\n"
        "  nested:\n    -\n      - x\n    - - z\n"
        "  literal: |\n    Steps:\n    - restart\n    - flush\n"
        "  folded: >\n    Steps:\n      - restart\n"
        "  single: 'Steps:\n    - restart'\n"
        '  double: "Steps:\n    - restart"\n'
        "  items:\n    - name: a\n      role: b\n    - just text\n"
    )
    text = YAML_EXAMPLE + near_misses
    assert lint(tmp_path / "r.yaml", text) == (0, [])


# -- yaml-comment-cut ---------------------------------------------------------------------------------------------


def test_a_comment_that_cut_a_value_short_is_reported_at_its_hash(tmp_path: Path) -> None:
    text = example_yaml("    ticket: SRCH-412\n", "    ticket: SRCH #412\n")
    expected = (
        "' #' starts a comment in YAML, so preliminary_action_items[0].ticket is read as 'SRCH', without '#412'; if "
        "'#412' belongs to the value, quote the whole value: 'SRCH #412'; if it is a comment, put a space after the '#'"
    )
    assert position(text, "#412") == (50, 18)
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-comment-cut", 50, 18, expected)])


def test_a_comment_cut_at_the_end_of_a_multi_line_value_quotes_the_value_as_read(tmp_path: Path) -> None:
    text = example_yaml(
        "  root_cause: A consumer release changed the queue acknowledgement mode, so failed batches were redelivered "
        "forever.\n",
        "  root_cause: Fixed in\n    PR #412 and #413\n",
    )
    expected = (
        "' #' starts a comment in YAML, so technical_details.root_cause is read as 'Fixed in PR', without "
        "'#412 and #413'; if '#412 and #413' belongs to the value, quote the whole value: 'Fixed in PR #412 and #413'; "
        "if it is a comment, put a space after the '#'"
    )
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-comment-cut", 34, 8, expected)])


def test_conventional_comments_and_hashes_inside_values_are_not_reported(tmp_path: Path) -> None:
    near_misses = (
        "x-notes:\n"
        "  spaced: fine  # a conventional comment\n"
        "  one_space: fine # also a comment\n"
        "  banner: fine ###\n"
        "  bare: fine #\n"
        "  glued: SRCH#412\n"
        "  single: 'SRCH #412'\n"
        '  double: "SRCH #412" #the value is quoted, so this is a comment\n'
        "  number: 12 #approximately\n"
        "  literal: |\n    see #412\n"
        "#412 a comment line of its own\n"
        "  #413 an indented comment line\n"
    )
    assert lint(tmp_path / "r.yaml", YAML_EXAMPLE + near_misses) == (0, [])


def test_an_empty_value_is_left_to_the_schema_which_already_says_a_comment_took_it(tmp_path: Path) -> None:
    text = example_yaml("incident_commander: Priya Nair\n", "incident_commander: #priya\n")
    code, found = lint(tmp_path / "r.yaml", text)
    assert code == 1
    assert [(rule, line, column) for rule, line, column, _ in found] == [("schema", 16, 20)]
    assert "YAML reads ' #' as the start of a comment, so the value is empty" in found[0][3]


def test_a_suppression_comment_on_the_line_above_hides_the_warning(tmp_path: Path) -> None:
    text = example_yaml(
        "    ticket: SRCH-412\n",
        "    # incidentlint: disable=yaml-comment-cut -- SRCH is the value\n    ticket: SRCH #412\n",
    )
    assert lint(tmp_path / "r.yaml", text, "--fail-on", "warning") == (0, [])


def test_select_and_ignore_apply_to_the_new_checks(tmp_path: Path) -> None:
    text = example_yaml("    ticket: SRCH-412\n", "    ticket: SRCH #412\n")
    text = text.replace("  - search-indexer\n  - listings-api\n", "  - search-indexer\n    - listings-api\n")
    code, found = lint(tmp_path / "r.yaml", text, "--ignore", "yaml-joined-line", "--fail-on", "warning")
    assert (code, [(rule, line) for rule, line, _, _ in found]) == (1, [("yaml-comment-cut", 50)])
    code, found = lint(tmp_path / "r.yaml", text, "--select", "IL009", "--fail-on", "warning")
    assert (code, [(rule, line) for rule, line, _, _ in found]) == (1, [("yaml-joined-line", 14)])


# -- the quick paths agree with the full ones ---------------------------------------------------------------------

# Values as written after 'key: ', near each check's edges: the quick YAML pass must give way to the full one for
# every value that is reported, and the JSON fast path to the scanner.
YAML_VALUES = st.sampled_from(
    ["text", "SRCH #412", "SRCH # note", "SRCH  #note", "SRCH ##", "SRCH #", "12 #approx", "#412", "'SRCH #412'",
     '"SRCH" #412', '"C:\\new\\temp"', '"C:\\apps\\e"', "'C:\\new\\temp'", "C:\\new\\temp", '"C:\\\\new"',
     '"Plan B:\\nRollback"', '"x D:\\temp.log y"', "first\n  - second", "first\n  second - third", "first\n  -",
     "first\n  -5", "|\n  a\n  - b", "\n  - a\n    - b", "\n  - a\n  - b", "\n  - a #b", "\n  -\n    - x",
     "\n  - - x", "Fixed in\n  PR #412", "\n  - name: a\n    - b", "[a, b] #c", "yes", '"a\n  - b"']
)  # fmt: skip
FRAGMENT = st.text(alphabet=" -#:\\'\"abntC\n", max_size=12)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    lines = []
    for index in range(draw(st.integers(1, 5))):
        value = draw(st.one_of(YAML_VALUES, YAML_VALUES, FRAGMENT.map(lambda text: text.replace("\n", "\n  "))))
        lines.append(f"k{index}: {value}\n")
    return "".join(lines)


@settings(max_examples=400, deadline=None)
@given(yaml_texts())
@example("a:\n  - checkout\n    - payments\n")
@example("a: SRCH #412\n")
@example('a: "C:\\new\\temp"\n')
def test_the_quick_yaml_pass_gives_way_for_every_misread_value(text: str) -> None:
    quick = load_yaml_quickly(text)
    full = load_yaml(text)
    assert (quick[0], quick[2]) == (full[0], full[2])
    if quick[1] is None:
        assert full[2] == []
