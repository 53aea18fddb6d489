"""Suppressions: YAML comments for a line or a file, the x-incidentlint key, and unused-suppression reports."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.config import Config
from incidentlint.engine import Linter
from incidentlint.registry import all_rules
from tests.helpers import ROOT, position_of, run_json

HOUSE_RULES = ROOT / "tests" / "fixtures" / "local_rules" / "house_rules.py"
LONG = "A title that is longer than forty characters, by far"
CONFIG = (
    'rule-paths = ["house_rules.py"]\nselect = ["title-length", "team-required", "same-title", "unused-suppression"]\n'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(HOUSE_RULES, tmp_path / "house_rules.py")
    (tmp_path / ".incidentlint.toml").write_text(CONFIG, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(project: Path, text: str, name: str = "r.yaml", *args: str) -> list[tuple[str, int, int, str]]:
    (project / name).write_text(text, "utf-8")
    _, report = run_json(*args, name)
    return [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


TITLE_MESSAGE = f"the title is {len(LONG)} characters long; keep it to 40"
TEAM_MESSAGE = "the record has no x-team; name the owning team, like x-team: payments"


def test_without_suppressions_both_rules_fire(project: Path) -> None:
    assert lint(project, f"title: {LONG}\n") == [
        ("team-required", 1, 1, TEAM_MESSAGE),
        ("title-length", 1, 8, TITLE_MESSAGE),
    ]


def test_comment_at_the_end_of_the_line_suppresses_that_line(project: Path) -> None:
    text = f"title: {LONG}  # incidentlint: disable=title-length -- the product name is long\n"
    assert lint(project, text) == [("team-required", 1, 1, TEAM_MESSAGE)]


def test_comment_on_the_line_before_suppresses_the_next_line(project: Path) -> None:
    text = f"x-team: payments\n# incidentlint: disable=title-length -- agreed in review\ntitle: {LONG}\n"
    assert lint(project, text) == []


def test_comment_two_lines_before_does_not_reach_and_is_reported_unused(project: Path) -> None:
    text = f"# incidentlint: disable=title-length\nx-team: payments\ntitle: {LONG}\n"
    assert lint(project, text) == [
        (
            "unused-suppression",
            1,
            25,
            "the suppression of 'title-length' matches nothing on this line or the next; remove it",
        ),
        ("title-length", 3, 8, TITLE_MESSAGE),
    ]


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_comment_lines_are_counted_like_diagnostic_lines_whatever_the_line_breaks(project: Path, newline: str) -> None:
    # An old Mac file ends its lines with a lone CR: the comment's line and the finding's must agree.
    text = f"x-team: payments\n# incidentlint: disable=title-length -- agreed in review\ntitle: {LONG}\n"
    assert lint(project, text.replace("\n", newline)) == []
    text = f"# incidentlint: disable=title-length\nx-team: payments\ntitle: {LONG}\n"
    assert lint(project, text.replace("\n", newline)) == [
        (
            "unused-suppression",
            1,
            25,
            "the suppression of 'title-length' matches nothing on this line or the next; remove it",
        ),
        ("title-length", 3, 8, TITLE_MESSAGE),
    ]


def test_rules_may_be_named_by_code_and_several_at_once(project: Path) -> None:
    text = f"title: {LONG}  # incidentlint: disable=HSE002, team-required -- both known\n"
    assert lint(project, text) == []


def test_disable_file_applies_anywhere_in_the_file(project: Path) -> None:
    text = f"title: {LONG}\ndescription: x\n# incidentlint: disable-file=HSE002,HSE001\n"
    assert lint(project, text) == []


def test_suppression_comment_on_the_key_line_of_a_block_value(project: Path) -> None:
    # A finding on a nested mapping is positioned on its first line; the comment sits on the key's line.
    (project / "nested.py").write_text(
        "from incidentlint.api import Finding, rule\n"
        "@rule(code='NST001', name='no-details', severity='warning', summary='s', rationale='r', "
        "valid=[{}], invalid=[{'details': {}}])\n"
        "def check(record, options):\n"
        "    if 'details' in record:\n"
        "        yield Finding('/details', 'details are not allowed')\n",
        "utf-8",
    )
    (project / ".incidentlint.toml").write_text(
        'rule-paths = ["nested.py"]\nselect = ["no-details", "unused-suppression"]\n', "utf-8"
    )
    assert lint(project, "details:\n  a: 1\n") == [("no-details", 2, 3, "details are not allowed")]
    assert lint(project, "details:  # incidentlint: disable=no-details\n  a: 1\n") == []


def test_hash_inside_a_quoted_string_is_not_a_comment(project: Path) -> None:
    text = f'x-team: payments\ntitle: "{LONG} # incidentlint: disable=title-length"\n'
    diagnostics = lint(project, text)
    assert [(rule, line, column) for rule, line, column, _ in diagnostics] == [("title-length", 2, 8)]


def test_hash_inside_a_block_scalar_is_not_a_comment(project: Path) -> None:
    text = f"x-team: payments\ntitle: {LONG}\ndescription: |\n  # incidentlint: disable-file=title-length\n"
    assert [rule for rule, *_ in lint(project, text)] == ["title-length"]


@pytest.mark.parametrize("header", ["|-", ">", "|+", ">2-"])
def test_comment_on_a_block_scalar_header_suppresses_the_finding_there(project: Path, header: str) -> None:
    # The finding on a block scalar is placed at its header; a comment after the header is a YAML comment.
    text = f"x-team: payments\ntitle: {header}  # incidentlint: disable=title-length -- a long name\n  {LONG}\n"
    assert lint(project, text) == []
    text = f"x-team: payments\ntitle: {header}  # incidentlint: disable=team-required\n  {LONG}\n"
    assert [(rule, line) for rule, line, *_ in lint(project, text)] == [
        ("title-length", 2),
        ("unused-suppression", 2),
    ]


def test_x_incidentlint_key_in_json(project: Path) -> None:
    record = {"title": LONG, "x-incidentlint": {"disable": ["title-length", "HSE001"]}}
    assert lint(project, json.dumps(record, indent=2), "r.json") == []


def test_x_incidentlint_entries_carry_a_reason_as_comments_do(project: Path) -> None:
    """JSON has no comments, so the reason a team accepted a finding goes after ' -- ' in the entry itself."""
    record = {"title": LONG, "x-incidentlint": {"disable": ["title-length -- the vendor's name is long", "HSE001"]}}
    assert lint(project, json.dumps(record, indent=2), "r.json") == []


def test_x_incidentlint_key_in_yaml(project: Path) -> None:
    text = f"title: {LONG}\nx-incidentlint:\n  disable: [title-length, team-required]\n"
    assert lint(project, text) == []


@pytest.mark.parametrize("entry", ["title-length", "title-length -- a long name"])
def test_unused_x_incidentlint_entry_is_reported_at_its_item(project: Path, entry: str) -> None:
    text = json.dumps({"x-team": "a", "title": "short", "x-incidentlint": {"disable": [entry]}}, indent=2)
    line, column = position_of(text, f'"{entry}"')
    assert lint(project, text, "r.json") == [
        (
            "unused-suppression",
            line,
            column,
            "the suppression of 'title-length' matches nothing in this file; remove it",
        )
    ]


def test_unknown_rule_in_a_suppression_suggests_the_closest(project: Path) -> None:
    text = "x-team: payments\ntitle: short  # incidentlint: disable=title-lenght\n"
    line, column = position_of(text, "title-lenght")
    assert lint(project, text) == [
        (
            "unused-suppression",
            line,
            column,
            "the suppression names 'title-lenght', which is not a rule; did you mean 'title-length'?",
        )
    ]


def test_unknown_rule_in_x_incidentlint_suggests_the_closest(project: Path) -> None:
    text = "x-team: payments\nx-incidentlint:\n  disable:\n    - team-requried\n"
    assert lint(project, text) == [
        (
            "unused-suppression",
            4,
            7,
            "the suppression names 'team-requried', which is not a rule; did you mean 'team-required'?",
        )
    ]


def test_suppression_of_a_rule_that_is_not_enabled(project: Path) -> None:
    text = "x-team: payments\ntitle: short  # incidentlint: disable=banned-words\n"
    assert lint(project, text) == [
        (
            "unused-suppression",
            2,
            39,
            "the suppression of 'banned-words' is unused: that rule is not enabled; remove it",
        )
    ]


def test_suppression_of_a_rule_ignored_for_the_file(project: Path) -> None:
    (project / ".incidentlint.toml").write_text(CONFIG + '[per-file-ignores]\n"r.yaml" = ["title-length"]\n', "utf-8")
    text = f"x-team: payments\ntitle: {LONG}  # incidentlint: disable=title-length\n"
    assert lint(project, text) == [
        (
            "unused-suppression",
            2,
            len(f"title: {LONG}  # incidentlint: disable=") + 1,
            "the suppression of 'title-length' is unused: per-file-ignores already turns that rule off here; remove it",
        )
    ]


def test_malformed_comment_is_reported(project: Path) -> None:
    text = "x-team: payments\ntitle: short  # incidentlint: disable title-length\n"
    assert lint(project, text) == [
        (
            "unused-suppression",
            2,
            15,
            "this suppression comment is not understood; write '# incidentlint: disable=RULE[,RULE] -- reason' or "
            "'# incidentlint: disable-file=RULE'",
        )
    ]


@pytest.mark.parametrize(
    ("value", "line", "column", "message"),
    [
        (
            "x-incidentlint: title-length\n",
            2,
            17,
            "x-incidentlint must be a mapping like {disable: [RULE, ...]}; got 'title-length'",
        ),
        (
            "x-incidentlint:\n  disable: title-length\n",
            3,
            12,
            "x-incidentlint.disable must be a list of rule names or codes; got 'title-length'",
        ),
        ("x-incidentlint:\n  disable: [3]\n", 3, 13, "x-incidentlint.disable[0] must be a rule name or code; got 3"),
        (
            "x-incidentlint:\n  enable: [x]\n",
            3,
            3,
            "unknown key 'enable' in x-incidentlint; the only key is 'disable', a list of rule names, each with its "
            "reason after ' -- ' if you like",
        ),
        (
            "x-incidentlint:\n  disable: ['-- the clock was paused']\n",
            3,
            13,
            "x-incidentlint.disable[0] must be a rule name or code; got '-- the clock was paused'",
        ),
    ],
)
def test_malformed_x_incidentlint(project: Path, value: str, line: int, column: int, message: str) -> None:
    assert lint(project, "x-team: payments\n" + value) == [("unused-suppression", line, column, message)]


def test_unused_suppression_can_be_ignored(project: Path) -> None:
    (project / ".incidentlint.toml").write_text(CONFIG + 'ignore = ["unused-suppression"]\n', "utf-8")
    assert lint(project, "x-team: payments\ntitle: short  # incidentlint: disable=title-length\n") == []


def test_core_checks_can_be_suppressed(project: Path) -> None:
    (project / ".incidentlint.toml").write_text('select = ["duplicate-key", "unused-suppression"]\n', "utf-8")
    text = "title: a\ntitle: b  # incidentlint: disable=duplicate-key -- migrating\n"
    assert lint(project, text) == []
    assert [rule for rule, *_ in lint(project, "title: a\ntitle: b\n")] == ["duplicate-key"]


def test_internal_error_cannot_be_suppressed(project: Path) -> None:
    (project / "boom.py").write_text(
        "from incidentlint.api import rule\n"
        "@rule(code='BOOM001', name='boom', severity='error', summary='s', rationale='r')\n"
        "def check(record, options):\n"
        "    raise ValueError('kaput')\n",
        "utf-8",
    )
    (project / ".incidentlint.toml").write_text(
        'rule-paths = ["boom.py"]\nselect = ["boom", "unused-suppression"]\n', "utf-8"
    )
    diagnostics = lint(project, "title: x\nx-incidentlint: {disable: [internal-error]}\n")
    assert [(rule, line, column) for rule, line, column, _ in diagnostics] == [
        ("internal-error", 1, 1),
        ("unused-suppression", 2, 28),
    ]
    assert diagnostics[1][3] == (
        "'internal-error' cannot be suppressed: it means the file or a rule could not be checked; remove it"
    )


# -- repository rules: suppressions are judged after every file is read ----------------------------------------


def test_suppression_of_a_repository_rule_is_used_and_not_reported(project: Path) -> None:
    (project / "a.yaml").write_text("x-team: a\ntitle: Same  # incidentlint: disable=same-title -- a re-run\n", "utf-8")
    (project / "b.yaml").write_text("x-team: a\ntitle: Same\n", "utf-8")
    _, report = run_json("a.yaml", "b.yaml")
    assert [(d["file"], d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("b.yaml", "same-title", 2, 8, "the title is also used by a.yaml"),
    ]


def test_unused_suppression_of_a_repository_rule_is_reported_once(project: Path) -> None:
    (project / "a.yaml").write_text("x-team: a\ntitle: One  # incidentlint: disable=same-title,title-length\n", "utf-8")
    (project / "b.yaml").write_text("x-team: a\ntitle: Two\n", "utf-8")
    _, report = run_json("a.yaml", "b.yaml")
    assert [(d["file"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("a.yaml", 2, 37, "the suppression of 'same-title' matches nothing on this line; remove it"),
        ("a.yaml", 2, 48, "the suppression of 'title-length' matches nothing on this line; remove it"),
    ]


_FRAGMENTS = [
    "title: x",
    "title: A title that is longer than forty characters, by far",
    "x-team: a",
    "# incidentlint: disable=title-length",
    "title: y  # incidentlint: disable=title-length,HSE001 -- why",
    "# incidentlint: disable-file=team-required",
    "# incidentlint: disable=",
    "# incidentlint:disable=tit le",
    "description: '# incidentlint: disable=x'",
    "description: |",
    "  # incidentlint: disable=title-length",
    "x-incidentlint: {disable: [title-length, 3, null]}",
    "x-incidentlint: [nope]",
    "\t# incidentlint: disable=same-title",
]
_LINTER = Linter(
    Config(
        rule_paths=[HOUSE_RULES],
        select=["title-length", "team-required", "same-title", "unused-suppression", "duplicate-key"],
    ),
    all_rules([HOUSE_RULES]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=30), max_size=8))
def test_suppressions_never_crash_and_positions_land_in_the_text(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    result = _LINTER.lint_text("r.yaml", text)
    source = re.split(r"\r\n|\r|\n", text)  # lines end at LF, CRLF or a lone CR (st.text draws CRs too)
    for diagnostic in result.diagnostics:
        assert diagnostic.rule != "internal-error"
        assert 1 <= diagnostic.line <= len(source)
        assert 1 <= diagnostic.column <= len(source[diagnostic.line - 1]) + 1


@pytest.mark.parametrize("first", [True, False], ids=["first-key", "later-key"])
def test_hash_inside_a_quoted_key_is_not_a_comment(project: Path, first: bool) -> None:
    # A key is text too, the file's very first one included: a directive quoted in a key switches nothing off.
    key = '"note # incidentlint: disable-file=title-length": 1\n'
    text = (key + "x-team: payments\n" if first else "x-team: payments\n" + key) + f"title: {LONG}\n"
    assert lint(project, text) == [("title-length", 3, 8, TITLE_MESSAGE)]


def test_a_directive_quoted_in_a_reason_is_part_of_the_reason(project: Path) -> None:
    # Everything after a directive is its text: a second '# incidentlint:' there switches nothing off.
    text = f"title: {LONG}  # incidentlint: disable=title-length -- not # incidentlint: disable-file=team-required\n"
    assert lint(project, text) == [("team-required", 1, 1, TEAM_MESSAGE)]


@pytest.mark.parametrize(
    ("text", "got"),
    [("x-incidentlint is not a key here\n", "'x-incidentlint is not a key here'"), ("- x-incidentlint\n", "an array")],
)
def test_a_record_that_is_not_a_mapping_may_name_the_key(project: Path, text: str, got: str) -> None:
    # 'x-incidentlint' in a string or a list is no x-incidentlint key: reading it as one crashed the run.
    (project / ".incidentlint.toml").write_text('select = ["schema", "unused-suppression"]\n', "utf-8")
    assert lint(project, text) == [
        ("schema", 1, 1, f"an incident record must be a mapping of fields (a JSON object); got {got}")
    ]


def test_a_comment_right_after_a_block_scalar_is_a_comment(project: Path) -> None:
    # The block scalar's text ends where the comment's line begins: the comment is outside it.
    text = f"x-team: payments\ndescription: |\n  some text\n# incidentlint: disable=title-length\ntitle: {LONG}\n"
    assert lint(project, text) == []


def test_an_unused_suppression_underlines_the_rule_name_and_a_malformed_one_the_rest_of_the_line(project: Path) -> None:
    malformed = "x-team: payments\ntitle: short  # incidentlint: disable title-length\n"
    unused = "x-team: payments\ntitle: short  # incidentlint: disable=HSE002,banned-words -- why\n"
    (project / "m.yaml").write_text(malformed, "utf-8")
    (project / "u.yaml").write_text(unused, "utf-8")
    _, report = run_json("m.yaml", "u.yaml")
    spans = [
        (d["file"], d["line"], d["column"], d["end_line"], d["end_column"])
        for d in report["diagnostics"]
        if d["rule"] == "unused-suppression"
    ]
    end = len("title: short  # incidentlint: disable title-length") + 1
    first = position_of(unused, "HSE002")[1]
    second = position_of(unused, "banned-words")[1]
    assert spans == [
        ("m.yaml", 2, 15, 2, end),
        ("u.yaml", 2, first, 2, first + len("HSE002")),
        ("u.yaml", 2, second, 2, second + len("banned-words")),
    ]
