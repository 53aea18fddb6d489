"""yaml-joined-line, yaml-comment-cut and path-escape: text that loads without a word as something else than written.

Each test lints a real record (the YAML example, or the reference record in JSON) with one change, through the
command line, and asserts the exact position, message and exit code; the near misses lint with every check on and
must stay clean.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidentlint.api import Fix, Replace
from incidentlint.diagnostics import Severity
from incidentlint.document import LoadProblem, Span
from incidentlint.jsonload import ScanError, load_json, scan
from incidentlint.pathescape import SHADOWED, path_escapes
from incidentlint.yamlload import load_events_quickly, load_yaml, load_yaml_quickly
from tests.helpers import ROOT, reference, run_cli, run_json

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


def test_a_value_that_a_yaml_writer_folded_before_a_dash_is_not_reported(tmp_path: Path) -> None:
    # PyYAML (like libyaml and ruamel.yaml) breaks a long plain value at a space once the line passes 80
    # characters, here right before the ' - ' of the prose: the '- ' line is the author's sentence, not a list item.
    data = yaml.safe_load(YAML_EXAMPLE)
    data["technical_details"]["root_cause"] = (
        "The canary failed and the deploy was rolled back by the on-call engineer - twice, as the first rollback "
        "stalled"
    )
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    folded = "engineer\n    - twice, as the first rollback stalled\n"
    assert folded in text and len(text[: text.index(folded)].rsplit("\n", 1)[1] + "engineer") == 86
    assert lint(tmp_path / "r.yaml", text) == (0, [])
    # A '- ' line below a line of 80 characters or fewer is still a list item indented too far, even in a value
    # that a longer line starts.
    text = text.replace(folded, "engineer\n    and the queue\n    - twice\n")
    code, found = lint(tmp_path / "r.yaml", text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (
        0,
        [("yaml-joined-line", *position(text, "- twice"))],
    )


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


def test_a_comment_line_below_a_value_indented_as_its_next_line_is_reported_at_its_hash(tmp_path: Path) -> None:
    text = example_yaml(
        "  root_cause: A consumer release changed the queue acknowledgement mode, so failed batches were redelivered "
        "forever.\n",
        "  root_cause: Fixed in PR\n    #412 and #413\n",
    )
    expected = (
        "a line starting with '#' is a comment in YAML, so technical_details.root_cause is read as 'Fixed in PR', "
        "without the line '#412 and #413' below it; if '#412 and #413' belongs to the value, quote the whole value: "
        "'Fixed in PR #412 and #413'; if it is a comment, put a space after the '#'"
    )
    assert position(text, "#412") == (34, 5)
    assert lint(tmp_path / "r.yaml", text) == (0, [("yaml-comment-cut", 34, 5, expected)])


def test_a_comment_line_below_a_list_item_or_a_value_on_its_own_line_is_reported(tmp_path: Path) -> None:
    text = example_yaml(
        "  - Add a canary consumer to the indexer release pipeline\n",
        "  - Add a canary consumer for\n    #1 customer\n",
    )
    text = text.replace("incident_commander: Priya Nair\n", "incident_commander:\n  Priya Nair\n  #lead\n")
    code, found = lint(tmp_path / "r.yaml", text, "--fail-on", "warning")
    assert code == 1
    assert [(rule, line, column) for rule, line, column, _ in found] == [
        ("yaml-comment-cut", position(text, "#lead")[0], 3),
        ("yaml-comment-cut", position(text, "#1 customer")[0], 5),
    ]
    assert "incident_commander is read as 'Priya Nair', without the line '#lead' below it" in found[0][3]
    assert "quote the whole value: 'Add a canary consumer for #1 customer'" in found[1][3]


def test_comment_lines_that_do_not_continue_a_value_are_not_reported(tmp_path: Path) -> None:
    near_misses = (
        "x-notes:\n"
        "  sibling: fine\n"
        "  #a comment at the key's own indentation\n"
        "  spaced: fine\n"
        "    # a conventional comment, indented\n"
        "  after_blank: fine\n"
        "\n"
        "    #after a blank line\n"
        "  quoted: 'fine'\n"
        "    #below a quoted value\n"
        "  literal: |\n"
        "    fine\n"
        "  #below a block scalar, at the key's indentation\n"
        "  nested:\n"
        "    deeper: fine\n"
        "  #back at the outer key's indentation\n"
        "  banner: fine\n"
        "    ###\n"
        "  list:\n"
        "    - fine\n"
        "    #at the item's dash\n"
    )
    assert lint(tmp_path / "r.yaml", YAML_EXAMPLE + near_misses) == (0, [])


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
        "  when: 2024-04-02T09:10:00Z #utc\n"
        "  due: 2024-04-16 #friday\n"
        "  local: 2024-04-02 09:10:00+01:00 #cet\n"
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


# -- path-escape --------------------------------------------------------------------------------------------------


def reference_json(**technical: Any) -> str:
    data = reference()
    data["technical_details"].update(technical)
    return json.dumps(data, indent=2, ensure_ascii=False)


JSON_ADVICE = "write C:\\\\new\\\\temp (or use forward slashes: C:/new/temp)"


def test_a_windows_path_in_a_json_string_is_reported_at_the_first_escape(tmp_path: Path) -> None:
    text = reference_json(root_cause="C:\\placeholder").replace("C:\\\\placeholder", "C:\\new\\temp")
    assert '"root_cause": "C:\\new\\temp"' in text
    expected = (
        "in a JSON string a backslash starts an escape, so the path C:\\new\\temp is read as 'C:' + a line break + "
        f"'ew' + a tab + 'emp'; {JSON_ADVICE}"
    )
    line, column = position(text, "\\new\\temp")
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", line, column, expected)])


def test_a_control_character_from_a_path_escape_is_reported_once_by_path_escape(tmp_path: Path) -> None:
    # D:\backup holds a backspace, which control-character-in-field reports with "remove it": the path error says
    # what to write, so it stands in for that rule's error, which returns when path-escape is off.
    text = reference_json(rollback_target="X").replace('"X"', '"D:\\backup"')
    line, column = position(text, "\\backup")
    expected = (
        "in a JSON string a backslash starts an escape, so the path D:\\backup is read as 'D:' + a backspace + "
        "'ackup'; write D:\\\\backup (or use forward slashes: D:/backup)"
    )
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", line, column, expected)])
    code, found = lint(tmp_path / "r.json", text, "--ignore", "path-escape")
    assert (code, [rule for rule, *_ in found]) == (1, ["control-character-in-field"])


def test_another_control_character_in_the_same_value_is_still_reported(tmp_path: Path) -> None:
    text = reference_json(rollback_target="X").replace('"X"', '"D:\\backup\\new \\u001b[31m"')
    code, found = lint(tmp_path / "r.json", text)
    assert (code, sorted(rule for rule, *_ in found)) == (1, ["control-character-in-field", "path-escape"])


def test_a_windows_path_in_a_double_quoted_yaml_string_is_reported(tmp_path: Path) -> None:
    text = example_yaml("  rollback_target: indexer-2024.03.28\n", '  rollback_target: "C:\\new\\temp"\n')
    expected = (
        "in a double-quoted YAML string a backslash starts an escape, so the path C:\\new\\temp is read as 'C:' + a "
        "line break + 'ew' + a tab + 'emp'; write C:\\\\new\\\\temp, use forward slashes (C:/new/temp), or put the "
        "value in single quotes, where a backslash is just a backslash"
    )
    assert lint(tmp_path / "r.yaml", text) == (1, [("path-escape", 35, 23, expected)])


def test_an_unsafe_fix_writes_the_backslashes_of_every_path_in_the_string(tmp_path: Path) -> None:
    text = reference_json(root_cause="X").replace(
        '"X"', '"Logs in C:\\new\\temp\\build.log and D:\\tmp\\run.txt filled up"'
    )
    line, _ = position(text, "C:\\new")
    path = tmp_path / "r.json"
    code, found = lint(path, text)
    assert (code, [(rule, at) for rule, at, _, _ in found]) == (1, [("path-escape", line), ("path-escape", line)])
    # --fix alone leaves it: the value changes, so the fix is offered as unsafe, and the summary says how to apply it.
    code, out, _ = run_cli("--fix", str(path))
    assert code == 1 and path.read_text("utf-8") == text
    assert "fixes           2 fixable with --fix --unsafe-fixes" in out.splitlines()
    code, out, _ = run_cli("--fix", "--unsafe-fixes", str(path))
    assert (code, out) == (1, "All clean: 1 file checked, no problems found (2 fixes applied).\n")
    fixed = path.read_text("utf-8")
    assert fixed == text.replace(
        "C:\\new\\temp\\build.log and D:\\tmp\\run.txt", "C:\\\\new\\\\temp\\\\build.log and D:\\\\tmp\\\\run.txt"
    )
    assert (
        json.loads(fixed)["technical_details"]["root_cause"]
        == "Logs in C:\\new\\temp\\build.log and D:\\tmp\\run.txt filled up"
    )


def test_the_fix_of_a_double_quoted_yaml_path_keeps_what_the_other_escapes_mean(tmp_path: Path) -> None:
    text = example_yaml(
        "  rollback_target: indexer-2024.03.28\n", '  rollback_target: "C:\\new\\temp \\u00e9t\\u00e9"\n'
    )
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    code, out, _ = run_cli("--diff", "--unsafe-fixes", str(path))
    assert code == 1
    assert [line for line in out.splitlines() if line.startswith(("-  ", "+  "))] == [
        '-  rollback_target: "C:\\new\\temp \\u00e9t\\u00e9"',
        '+  rollback_target: "C:\\\\new\\\\temp \u00e9t\u00e9"',
    ]
    assert run_cli("--fix", "--unsafe-fixes", str(path))[0] == 1
    assert (
        yaml.safe_load(path.read_text("utf-8"))["technical_details"]["rollback_target"] == "C:\\new\\temp \u00e9t\u00e9"
    )
    assert lint(path, path.read_text("utf-8")) == (0, [])


def test_no_fix_is_offered_where_writing_the_value_on_one_line_would_join_another_path(tmp_path: Path) -> None:
    # The path ends at the line continuation; the fix writes the value on one line, where '\\\\.log\\f' would run
    # on from it as a path with a form feed in it. Such a fix could not clear the error, so none is offered.
    text = example_yaml(
        "  time_to_response: 4m\n", '  time_to_response: "D:\\n\\0\\\n    \\\\\\\\.log\\f\\b\\\n    .log"\n'
    )
    path = tmp_path / "r.yaml"
    code, found = lint(path, text)
    assert (code, [rule for rule, *_ in found if rule == "path-escape"]) == (1, ["path-escape"])
    code, out, err = run_cli("--diff", "--unsafe-fixes", str(path))
    assert (code, out, err) == (0, "", "incidentlint: no fixes to apply\n")


def test_a_path_in_a_key_gets_no_fix(tmp_path: Path) -> None:
    text = reference_json(**{"x-dirs": {"placeholder": 1}}).replace('"placeholder"', '"C:\\new\\temp"')
    path = tmp_path / "r.json"
    code, found = lint(path, text)
    assert (code, [rule for rule, *_ in found]) == (1, ["path-escape"])
    code, out, err = run_cli("--diff", "--unsafe-fixes", str(path))
    assert (code, out, err) == (0, "", "incidentlint: no fixes to apply\n")


def test_paths_after_a_key_or_a_comment_are_still_reported_and_fixed(tmp_path: Path) -> None:
    # A path in a key (reported, no fix) or in a YAML comment (not a value: not reported) comes first in the text;
    # the scan goes on past it, so the value's path after it is reported with its fix.
    text = reference_json(**{"x-dirs": {"key": "value"}}).replace('"key"', '"C:\\new\\temp"')
    text = text.replace('"value"', '"C:\\new\\temp"')
    path = tmp_path / "r.json"
    path.write_text(text, "utf-8")
    code, report = run_json(str(path))
    found = [(d["rule"], d["line"], d["column"], d["fix"]) for d in report["diagnostics"]]
    line = text.count("\n", 0, text.index("C:\\new")) + 1
    fix = {"applicability": "unsafe", "message": "write each backslash of the paths as two"}
    assert (code, found) == (1, [("path-escape", line, 10, None), ("path-escape", line, 25, fix)])
    text = example_yaml(
        "  rollback_target: indexer-2024.03.28\n",
        '  # was "C:\\new\\temp.log"\n  rollback_target: "E:\\apps\\eventlog.txt"\n',
    )
    code, found = lint(tmp_path / "r.yaml", text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (1, [("path-escape", 36, 23)])
    # A comment before the document's first node holds a path that lies in no node at all.
    code, found = lint(tmp_path / "r.yaml", "# from C:\\new\\temp.log\n" + text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (1, [("path-escape", 37, 23)])


def test_yaml_only_escapes_are_named(tmp_path: Path) -> None:
    text = example_yaml("  rollback_target: indexer-2024.03.28\n", '  rollback_target: "E:\\apps\\eventlog.txt"\n')
    code, found = lint(tmp_path / "r.yaml", text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (1, [("path-escape", 35, 23)])
    assert (
        "is read as 'E:' + a bell + 'pps' + an escape character + 'ventlog.txt'; write E:\\\\apps\\\\eventlog.txt"
        in (found[0][3])
    )


def test_the_other_yaml_only_escapes_are_named(tmp_path: Path) -> None:
    # \v, \N, \L, \P, \0 and \_ are escapes in YAML only ('C:\Program Files' reads as 'C:' and a paragraph separator).
    value = "C:\\vm\\Net\\Logs\\Pub\\0ld\\_bak.txt"
    text = example_yaml("  rollback_target: indexer-2024.03.28\n", f'  rollback_target: "{value}"\n')
    code, found = lint(tmp_path / "r.yaml", text)
    assert (code, found) == (
        1,
        [
            (
                "path-escape",
                35,
                23,
                "in a double-quoted YAML string a backslash starts an escape, so the path "
                f"{value} is read as 'C:' + a vertical tab + 'm' + a next-line character + 'et' + a line separator + "
                "'ogs' + a paragraph separator + 'ub' + a null character + 'ld' + a no-break space + 'bak.txt'; write "
                "C:\\\\vm\\\\Net\\\\Logs\\\\Pub\\\\0ld\\\\_bak.txt, use forward slashes "
                "(C:/vm/Net/Logs/Pub/0ld/_bak.txt), or put the value in single quotes, where a backslash is just a "
                "backslash",
            )
        ],
    )


def test_escapes_that_write_a_folder_names_letters_are_read_as_those_letters(tmp_path: Path) -> None:
    # \xe9, \u00e9 and \U000000e9 are 'é' as meant: the message shows the letter, the path still ends at the closing
    # quote (so it is the whole string), and the advice keeps those escapes as written.
    value = "D:\\temp\\U000000e9t\\u00e9\\xe9"
    text = example_yaml("  rollback_target: indexer-2024.03.28\n", f'  rollback_target: "{value}"\n')
    assert lint(tmp_path / "r.yaml", text) == (
        1,
        [
            (
                "path-escape",
                35,
                23,
                f"in a double-quoted YAML string a backslash starts an escape, so the path {value} is read as 'D:' + "
                f"a tab + 'empétéé'; write D:\\\\temp\\U000000e9t\\u00e9\\xe9, use forward slashes "
                "(D:/temp\\U000000e9t\\u00e9\\xe9), or put the value in single quotes, where a backslash is just a "
                "backslash",
            )
        ],
    )
    text = reference_json(rollback_target="X").replace('"X"', '"D:\\temp\\u00e9t\\u00e9"')
    expected = (
        "in a JSON string a backslash starts an escape, so the path D:\\temp\\u00e9t\\u00e9 is read as 'D:' + a tab + "
        "'empété'; write D:\\\\temp\\u00e9t\\u00e9 (or use forward slashes: D:/temp\\u00e9t\\u00e9)"
    )
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", *position(text, "\\temp"), expected)])


def test_a_json_record_read_by_the_scanner_with_escapes_but_no_path_is_clean(tmp_path: Path) -> None:
    # An escaped surrogate pair sends the file to the scanner, which then looks for misread paths and finds none.
    text = reference_json(root_cause="X").replace('"X"', '"the pager said \\ud83d\\udea8 twice, see \\"runbook\\""')
    assert lint(tmp_path / "r.json", text) == (0, [])


def test_the_reading_of_a_long_path_names_six_misread_characters_then_stops(tmp_path: Path) -> None:
    value = "C:\\temp\\new\\root\\bin\\fonts\\tools\\rtl\\build.log"
    text = reference_json(rollback_target="X").replace('"X"', f'"{value}"')
    expected = (
        f"in a JSON string a backslash starts an escape, so the path {value} is read as 'C:' + a tab + 'emp' + a line "
        "break + 'ew' + a carriage return + 'oot' + a backspace + 'in' + a form feed + 'onts' + a tab + …; write "
        "C:\\\\temp\\\\new\\\\root\\\\bin\\\\fonts\\\\tools\\\\rtl\\\\build.log (or use forward slashes: "
        "C:/temp/new/root/bin/fonts/tools/rtl/build.log)"
    )
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", *position(text, "\\temp"), expected)])


def test_a_long_path_is_shown_cut_in_each_part_of_the_message(tmp_path: Path) -> None:
    # The path as written is cut at 60 characters, the text read at 40, the advice at 80 and the forward one at 60.
    value = "C:\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\\\rollback\\\\indexer.log"
    text = reference_json(rollback_target="X").replace('"X"', f'"{value}"')
    expected = (
        "in a JSON string a backslash starts an escape, so the path "
        "C:\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\… is read as 'C:' + a tab + "
        "'emp\\deployments\\search-indexer\\releases…'; write "
        "C:\\\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\\\rollback\\\\indexer.… (or use "
        "forward slashes: C:/temp/deployments/search-indexer/releases/2024-03-28/roll…)"
    )
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", *position(text, "\\temp"), expected)])


def test_a_quoted_key_that_opens_the_file_is_looked_at_too(tmp_path: Path) -> None:
    text = '"C:\\new\\temp.log": x\n' + YAML_EXAMPLE
    code, found = lint(tmp_path / "r.yaml", text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (
        1,
        [("schema", 1, 1), ("path-escape", 1, 4)],
    )


def test_a_path_whose_first_backslash_is_doubled_and_a_later_one_not_is_reported(tmp_path: Path) -> None:
    # The author knew to double the backslashes and missed one: reported when the path is the whole string or ends
    # in a file name, where no program writing a tab or a line break after a path would leave it.
    text = reference_json(root_cause="X", rollback_target="Y")
    text = text.replace('"X"', '"see C:\\\\logs\\temp.log for the trace"').replace('"Y"', '"C:\\\\Users\\new"')
    assert '"rollback_target": "C:\\\\Users\\new"' in text
    expected = [
        (
            "path-escape",
            *position(text, "\\temp.log"),
            "in a JSON string a backslash starts an escape, so the path C:\\\\logs\\temp.log is read as 'C:\\logs' + "
            "a tab + 'emp.log'; write C:\\\\logs\\\\temp.log (or use forward slashes: C:/logs/temp.log)",
        ),
        (
            "path-escape",
            *position(text, "\\new"),
            "in a JSON string a backslash starts an escape, so the path C:\\\\Users\\new is read as 'C:\\Users' + a "
            "line break + 'ew'; write C:\\\\Users\\\\new (or use forward slashes: C:/Users/new)",
        ),
    ]
    path = tmp_path / "r.json"
    assert lint(path, text) == (1, expected)
    assert run_cli("--fix", "--unsafe-fixes", str(path))[0] == 1
    technical = json.loads(path.read_text("utf-8"))["technical_details"]
    assert (technical["root_cause"], technical["rollback_target"]) == (
        "see C:\\logs\\temp.log for the trace",
        "C:\\Users\\new",
    )
    yaml_text = example_yaml("  rollback_target: indexer-2024.03.28\n", '  rollback_target: "C:\\\\Users\\new"\n')
    code, found = lint(tmp_path / "r.yaml", yaml_text)
    assert position(yaml_text, "\\new") == (35, 30)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (1, [("path-escape", 35, 30)])


def test_paths_written_correctly_and_prose_after_a_colon_are_not_reported(tmp_path: Path) -> None:
    data = reference()
    data["technical_details"]["x-paths"] = [
        "C:\\new\\temp",  # written as C:\\new\\temp in JSON: right
        "C:/new/temp",
        "Plan B:\nRollback started",  # a line break after 'B:', then prose
        "Summary:\nall clear",
        "Team B:\tpayments",
        "Phase A:\nrollback\nPhase B:\ndone",  # several short lines after 'A:', all line breaks
        "Release B:\nv2.3.1 rolled back",  # a version number is not a file extension
        # The first backslash written right: what a program writes for a path, then a tab or a line break.
        "C:\\Users\\me\\file.txt\tsize 5",
        "C:\\Users\nfolder listing follows",
    ]
    text = json.dumps(data, indent=2)
    assert '"Plan B:\\nRollback started"' in text
    assert lint(tmp_path / "r.json", text) == (0, [])
    near_misses = (
        "x-paths:\n"
        "  single: 'C:\\new\\temp'\n"
        "  plain: C:\\new\\temp\n"
        '  doubled: "C:\\\\new\\\\temp"\n'
        '  prose: "Plan B:\\nRollback started"\n'
        '  comment: fine  # "C:\\new\\temp"\n'
        '  quoted: "fine"  # was C:\\new\\temp.log\n'
    )
    assert lint(tmp_path / "r.yaml", YAML_EXAMPLE + near_misses) == (0, [])


def test_a_path_that_is_the_whole_string_or_names_a_file_is_reported_with_line_breaks_only(tmp_path: Path) -> None:
    data = reference()
    data["technical_details"]["x-paths"] = ["PLACEHOLDER-1", "logs in PLACEHOLDER-2 today"]
    text = json.dumps(data, indent=2)
    text = text.replace("PLACEHOLDER-1", "D:\\new").replace("PLACEHOLDER-2", "C:\\nightly\\run.log")
    code, found = lint(tmp_path / "r.json", text)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (
        1,
        [("path-escape", *position(text, "\\new")), ("path-escape", *position(text, "\\nightly"))],
    )
    assert found[1][3] == (
        "in a JSON string a backslash starts an escape, so the path C:\\nightly\\run.log is read as 'C:' + a line "
        "break + 'ightly' + a carriage return + 'un.log'; write C:\\\\nightly\\\\run.log (or use forward slashes: "
        "C:/nightly/run.log)"
    )


def test_an_escape_that_writes_a_character_is_not_a_path_separator(tmp_path: Path) -> None:
    """In running text, one misread escape is not enough to call a path (a tab after 'C:' may be meant); an escape
    that writes the character meant, like \\u00e9 for é, must not count as the second backslash of a path. As
    the whole value, the same path is reported, and the suggested spelling keeps that escape."""
    data = reference()
    data["technical_details"]["x-paths"] = ["PLACEHOLDER-1", "logs went to PLACEHOLDER-2 more text"]
    text = json.dumps(data, indent=2)
    quiet = text.replace("PLACEHOLDER-1", "fine").replace("PLACEHOLDER-2", "C:\\temp\\u00e9")
    assert "C:\\temp\\u00e9 more" in quiet
    assert lint(tmp_path / "r.json", quiet) == (0, [])
    loud = text.replace("PLACEHOLDER-1", "C:\\temp\\u00e9").replace("PLACEHOLDER-2", "nothing")
    code, found = lint(tmp_path / "r.json", loud)
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (
        1,
        [("path-escape", *position(loud, "\\temp"))],
    )
    assert found[0][3] == (
        "in a JSON string a backslash starts an escape, so the path C:\\temp\\u00e9 is read as 'C:' + a tab + "
        "'emp\u00e9'; write C:\\\\temp\\u00e9 (or use forward slashes: C:/temp\\u00e9)"
    )


def test_windows_line_endings_keep_the_positions(tmp_path: Path) -> None:
    text = example_yaml("    ticket: SRCH-412\n", "    ticket: SRCH #412\n")
    text = text.replace("  - search-indexer\n  - listings-api\n", "  - search-indexer\n    - listings-api\n")
    text = text.replace("  rollback_target: indexer-2024.03.28\n", '  rollback_target: "C:\\new\\temp"\n')
    code, found = lint(tmp_path / "r.yaml", text.replace("\n", "\r\n"))
    assert (code, [(rule, line, column) for rule, line, column, _ in found]) == (
        1,
        [("yaml-joined-line", 14, 5), ("path-escape", 35, 23), ("yaml-comment-cut", 50, 18)],
    )


def test_a_baseline_accepts_a_path_escape_finding(tmp_path: Path) -> None:
    text = reference_json(root_cause="X").replace('"X"', '"C:\\new\\temp"')
    record = tmp_path / "r.json"
    record.write_text(text, "utf-8")
    baseline = tmp_path / "baseline.json"
    code, report = run_json("--fail-on", "warning", "--write-baseline", str(baseline), str(record))
    assert json.loads(baseline.read_text("utf-8"))["findings"][0]["rule"] == "path-escape"
    code, report = run_json("--fail-on", "warning", "--baseline", str(baseline), str(record))
    assert (code, report["diagnostics"]) == (0, [])


def _opcodes(action: Callable[[], object]) -> int:
    """How many bytecode instructions ``action`` runs in Python code: a measure of work that does not depend on the
    clock, and that sees a comprehension's loop, which counting calls would not."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        frame.f_trace_opcodes = True
        if event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def _many_paths(count: int) -> tuple[str, dict[str, Span]]:
    data = reference()
    data["x-paths"] = ["PATH"] * count
    text = json.dumps(data, indent=1).replace('"PATH"', '"C:\\new"')
    problems: list[LoadProblem] = []
    _, spans = scan(text, problems)
    return text, spans


def test_a_path_is_reported_once_even_when_it_holds_what_looks_like_another_drive() -> None:
    # '\\f:' inside the path reads like a drive letter and an escape: it is part of the path already reported.
    text = '"C:\\temp\\f:\\new.log"'
    found = path_escapes(text, {"": Span(0, len(text))}, "json")
    assert [(problem.rule, problem.offset, problem.end_offset) for problem in found] == [("path-escape", 3, 19)]


def test_many_misread_paths_take_linear_work() -> None:
    """Each escape looked through every value of the record for the string around it: 4,000 paths took a second and
    50,000 would have taken many minutes. Twice the paths must cost about twice the work, not four times."""
    small, large = _many_paths(300), _many_paths(600)
    work = [_opcodes(functools.partial(path_escapes, text, spans, "json")) for text, spans in (small, large)]
    assert work[1] < 2.5 * work[0]
    found = path_escapes(*large, "json")
    assert len(found) == 600
    assert [problem.pointer for problem in found[:2]] == ["/x-paths/0", "/x-paths/1"]


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
@example("a: Fixed in\n  #412\n")
@example("a:\n  - x\n   #412\n")
@example('a: "C:\\new\\temp"\n')
def test_the_quick_yaml_pass_gives_way_for_every_misread_value(text: str) -> None:
    full = load_yaml(text)
    for quickly in (load_yaml_quickly, load_events_quickly):  # the line reader first, and the event pass alone
        quick = quickly(text)
        assert (quick[0], quick[2]) == (full[0], full[2])
        if quick[1] is None:
            assert full[2] == []


JSON_PIECES = st.sampled_from(
    ["C:", "D:", "\\n", "\\t", "\\b", "\\f", "\\r", "\\\\", "\\/", "ew", "emp", ".log", " ", "x", "\\u001b",
     "\\u00e9", "Plan B:", "/", "\\\""]
)  # fmt: skip


def scanned(text: str) -> tuple[Any, list[LoadProblem]]:
    """load_json without its fast path: the scanner, then path-escape over the scanner's spans."""
    problems: list[LoadProblem] = []
    try:
        data, spans = scan(text, problems)
    except ScanError as error:
        return None, [LoadProblem(error.rule, Severity.ERROR, error.message, offset=error.offset)]
    return data, problems + path_escapes(text, spans, "json")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(JSON_PIECES, max_size=8).map("".join), min_size=1, max_size=3), st.booleans())
@example(["C:\\new\\temp"], False)
def test_the_json_fast_path_gives_way_for_every_path_escape(strings: list[str], as_keys: bool) -> None:
    if as_keys:
        text = "{" + ", ".join(f'"{string}": {index}' for index, string in enumerate(strings)) + "}"
    else:
        text = '{"a": [' + ", ".join(f'"{string}"' for string in strings) + "]}"
    assert load_json(text) == scanned(text)


def test_the_fix_keeps_what_the_string_writes_with_the_other_escapes_of_its_format() -> None:
    # What the author meant is read back by the format's own parser: JSON joins a surrogate pair into one
    # character, YAML reads \x41 as 'A' and folds a line break inside double quotes into a space.
    cases = [
        ("json", '{"runbook": "C:\\new\\temp.log \\ud83d\\ude00"}', "C:\\new\\temp.log \U0001f600"),
        ("yaml", 'runbook: "C:\\new\\temp.log, then \\x41"\n', "C:\\new\\temp.log, then A"),
        ("yaml", 'runbook: "C:\\new\\temp.log\n  then"\n', "C:\\new\\temp.log then"),
    ]
    for fmt, text, meant in cases:
        spans = scan(text, [])[1] if fmt == "json" else load_yaml(text)[1]
        fix = Fix((Replace("/runbook", meant),), safe=False, description="write each backslash of the paths as two")
        assert [(p.offset, p.fix, p.shadows) for p in path_escapes(text, spans, fmt)] == [
            (text.index("\\n"), fix, SHADOWED)
        ], text


def test_a_slash_written_as_backslash_slash_in_a_json_drive_reads_as_a_slash() -> None:
    # '\/' is JSON's escape for '/': two characters, one read, and the misread '\t' after it is still named.
    text = '{"runbook": "C:\\new\\/\\temp.log"}'
    expected = (
        "in a JSON string a backslash starts an escape, so the path C:\\new\\/\\temp.log is read as 'C:' + a line "
        "break + 'ew/' + a tab + 'emp.log'; write C:\\\\new\\/\\\\temp.log (or use forward slashes: C:/new\\//temp.log)"
    )
    found = path_escapes(text, scan(text, [])[1], "json")
    assert [(p.offset, p.end_offset, p.message) for p in found] == [(15, 30, expected)]


def test_a_long_or_slashed_drive_in_double_quoted_yaml_is_cut_and_read_as_in_json() -> None:
    # As in JSON: the advice cut at 80 characters, the forward one at 60; '\/' reads as '/', two characters long.
    value = "C:\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\\\rollback\\\\indexer.log"
    single = ", or put the value in single quotes, where a backslash is just a backslash"
    cases = [
        (
            f'runbook: "{value}"\n',
            91,
            "in a double-quoted YAML string a backslash starts an escape, so the path "
            "C:\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\… is read as 'C:' + a tab + "
            "'emp\\deployments\\search-indexer\\releases…'; write "
            "C:\\\\temp\\\\deployments\\\\search-indexer\\\\releases\\\\2024-03-28\\\\rollback\\\\indexer.…, use "
            "forward slashes (C:/temp/deployments/search-indexer/releases/2024-03-28/roll…)" + single,
        ),
        (
            'runbook: "C:\\new\\/\\temp.log"\n',
            27,
            "in a double-quoted YAML string a backslash starts an escape, so the path C:\\new\\/\\temp.log is read as "
            "'C:' + a line break + 'ew/' + a tab + 'emp.log'; write C:\\\\new\\/\\\\temp.log, use forward slashes "
            "(C:/new\\//temp.log)" + single,
        ),
    ]
    for text, end, expected in cases:
        found = path_escapes(text, load_yaml(text)[1], "yaml")
        assert [(p.offset, p.end_offset, p.message) for p in found] == [(12, end, expected)]


def test_a_record_with_escapes_but_no_drive_escape_costs_one_search() -> None:
    # A loader calls path_escapes on every file it has spans for: where no escape follows a drive letter, the work
    # must not grow with the record (no look through its values), however many escapes it holds.
    def record(count: int) -> tuple[str, dict[str, Span]]:
        data = reference()
        data["x-notes"] = ["line one\nline two\tC:/logs/x.log"] * count
        text = json.dumps(data, indent=1)
        return text, scan(text, [])[1]

    small, large = record(100), record(1000)
    assert "\\n" in small[0] and len(large[1]) - len(small[1]) == 900
    work = [_opcodes(functools.partial(path_escapes, text, spans, "json")) for text, spans in (small, large)]
    assert work[0] == work[1] < 100
    assert path_escapes(*large, "json") == []


def test_a_drive_escape_with_no_value_around_it_is_not_reported() -> None:
    # A match before the first node (a YAML comment) has no node before it; with no node at all (no values loaded),
    # there is nothing to look up either: no finding, and no IndexError.
    for fmt, text in (("json", '"C:\\new\\temp"'), ("yaml", "# from C:\\new\\temp.log\n")):
        assert path_escapes(text, {}, fmt) == []


def test_a_long_u_escape_in_a_yaml_path_is_ten_characters_long() -> None:
    # \U000000e9 is 'é'; the path goes on after it with its own misread '\n', which is named.
    text = 'k: "D:\\temp\\U000000e9\\new.log"\n'
    expected = (
        "in a double-quoted YAML string a backslash starts an escape, so the path D:\\temp\\U000000e9\\new.log is "
        "read as 'D:' + a tab + 'emp\u00e9' + a line break + 'ew.log'; write D:\\\\temp\\U000000e9\\\\new.log, use "
        "forward slashes (D:/temp\\U000000e9/new.log), or put the value in single quotes, where a backslash is just "
        "a backslash"
    )
    found = path_escapes(text, load_yaml(text)[1], "yaml")
    assert [(p.offset, p.end_offset, p.message) for p in found] == [(6, 29, expected)]


def test_the_text_read_before_a_misread_escape_is_cut_at_40_characters() -> None:
    text = '{"runbook": "C:\\\\ProgramData\\\\SearchIndexerService\\\\releases\\temp.log"}'
    expected = (
        "in a JSON string a backslash starts an escape, so the path "
        "C:\\\\ProgramData\\\\SearchIndexerService\\\\releases\\temp.log is read as "
        "'C:\\ProgramData\\SearchIndexerService\\rel…' + a tab + 'emp.log'; write "
        "C:\\\\ProgramData\\\\SearchIndexerService\\\\releases\\\\temp.log (or use forward slashes: "
        "C:/ProgramData/SearchIndexerService/releases/temp.log)"
    )
    found = path_escapes(text, scan(text, [])[1], "json")
    assert [(p.offset, p.end_offset, p.message) for p in found] == [(60, 69, expected)]


def test_a_line_break_the_author_wrote_leaves_the_path_error_standing_in_for_the_others(tmp_path: Path) -> None:
    # '\n' after 'log,' is a line break meant (the path ended at the comma): it is no reason to report the backspace
    # of D:\backup a second time, as control-character-in-field, which says "remove it".
    text = reference_json(rollback_target="X").replace('"X"', '"D:\\backup.log,\\nthen"')
    expected = (
        "in a JSON string a backslash starts an escape, so the path D:\\backup.log is read as 'D:' + a backspace + "
        "'ackup.log'; write D:\\\\backup.log (or use forward slashes: D:/backup.log)"
    )
    assert lint(tmp_path / "r.json", text) == (1, [("path-escape", *position(text, "\\backup"), expected)])


def test_whether_a_fix_is_offered_is_judged_on_the_string_as_its_format_writes_it(tmp_path: Path) -> None:
    # '\u2026C:\t' is no misread path as written: the character before the drive letter is the escape's '6'. The
    # JSON fix keeps \u escapes where the string has one, so the tab after 'C:' stays out of sight there: the fix is
    # offered, and clears the error. YAML writes '…' as itself, and '…C:\t' then reads as a misread path: a fix that
    # could not clear the error is not offered.
    meant = "D:\\temp.log \u2026C:\ttemp.log"
    fix = Fix((Replace("/runbook", meant),), safe=False, description="write each backslash of the paths as two")
    json_text = '{"runbook": "D:\\temp.log \\u2026C:\\ttemp.log"}'
    found = path_escapes(json_text, scan(json_text, [])[1], "json")
    assert [(p.offset, p.end_offset, p.fix) for p in found] == [(15, 24, fix)]
    yaml_text = 'runbook: "D:\\temp.log \\u2026C:\\ttemp.log"\n'
    found = path_escapes(yaml_text, load_yaml(yaml_text)[1], "yaml")
    assert [(p.offset, p.end_offset, p.fix) for p in found] == [(12, 21, None)]
    text = reference_json(rollback_target="X").replace('"X"', '"D:\\temp.log \\u2026C:\\ttemp.log"')
    path = tmp_path / "r.json"
    path.write_text(text, "utf-8")
    assert run_cli("--fix", "--unsafe-fixes", str(path)) == (
        1,
        "All clean: 1 file checked, no problems found (1 fix applied).\n",
        "",
    )
    assert path.read_text("utf-8") == text.replace("D:\\temp.log", "D:\\\\temp.log")


def test_no_fix_is_offered_where_the_string_as_written_would_be_a_misread_path_whole() -> None:
    # 'C:\u000a' is a line break the author wrote; the fix writes it as '\n', and 'C:\n.D:\\temp\\bin' is then a
    # path of line breaks only that is the whole string: reported, so the fix could not clear the error.
    text = '{"runbook": "C:\\u000a.D:\\temp\\bin"}'
    found = path_escapes(text, scan(text, [])[1], "json")
    assert [(p.offset, p.end_offset, p.fix) for p in found] == [(24, 33, None)]
    written = '"C:\\n.D:\\\\temp\\\\bin"'
    assert [p.offset for p in path_escapes(written, {"": Span(0, len(written))}, "json", fixes=False)] == [3]
