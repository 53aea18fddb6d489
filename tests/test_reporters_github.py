"""``--format github``: workflow commands that GitHub parses back into the same fields, whatever the record holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.reporters.github import GithubReporter, escape_data, escape_property
from incidentlint.textsafe import break_hash_commands, visible
from tests.helpers import finding as diagnostic
from tests.helpers import position_of, reference, report_lines, run_cli, runner_commands

COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$")


CODES = {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}


def unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda match: CODES[match.group(1)], text)


def shown(text: str) -> str:
    """What a reader sees after unescaping: CR and LF come back, other controls stay visible escapes."""
    return "".join(char if char in "\r\n" else visible(char) for char in text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read one workflow command the way the runner does: properties split on ',' then on the first '='."""
    match = COMMAND.match(line)
    assert match is not None, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return match["command"], {key: unescape(value) for key, value in properties.items()}, unescape(match["message"])


def report(*diagnostics: Diagnostic) -> list[str]:
    return report_lines(GithubReporter, *diagnostics)


def test_cli_annotation_has_every_property(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    text = json.dumps(data, indent=2)
    Path("bad.json").write_text(text, "utf-8")
    code, out, err = run_cli("--format", "github", "--select", "schema", "bad.json")
    assert (code, err) == (1, "")
    [line] = out.splitlines()
    command, properties, message = parse(line)
    line_no, column = position_of(text, '"critical"')
    assert command == "error"
    assert properties == {
        "file": "bad.json",
        "line": str(line_no),
        "col": str(column),
        "endLine": str(line_no),
        "endColumn": str(column + len('"critical"') - 1),  # GitHub's end column is inclusive
        "title": "schema",
    }
    assert message == "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"


def test_severities_map_to_error_warning_notice() -> None:
    lines = report(*(diagnostic(severity=level) for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)))
    assert [parse(line)[0] for line in lines] == ["error", "warning", "notice"]


def test_newlines_in_message_cannot_start_a_new_command() -> None:
    [line] = report(diagnostic("first\n::error file=evil.json::injected\r\n::stop-commands::x 100%"))
    assert line == (
        "::error file=a.json,line=3,col=5,endLine=3,endColumn=8,title=schema::"
        "first%0A::error file=evil.json::injected%0D%0A::stop-commands::x 100%25"
    )


def test_properties_escape_comma_and_colon() -> None:
    [line] = report(diagnostic(file="dir,x=1:y/%0A\nname.json"))
    _, properties, _ = parse(line)
    assert properties["file"] == "dir,x=1:y/%0A\nname.json"
    assert "dir%2Cx=1%3Ay/%250A%0Aname.json" in line


def test_other_control_characters_are_made_visible() -> None:
    [line] = report(diagnostic("bell\x07 escape\x1b[31m bidi\u202e"))
    assert parse(line)[2] == "bell\\x07 escape\\x1b[31m bidi\\u202e"


def test_escape_helpers_match_the_actions_toolkit() -> None:
    assert escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


@given(st.text(), st.text(st.characters(blacklist_characters="/.\\"), min_size=1))
def test_any_text_stays_one_command_and_round_trips(message: str, file: str) -> None:
    lines = report(diagnostic(message, file))
    assert len(lines) == 1
    _, properties, text = parse(lines[0])
    assert properties["file"] == shown(break_hash_commands(file))
    assert text == shown(break_hash_commands(message))
    assert runner_commands(lines[0][2:]) == []  # our own "::error" aside, nothing a runner would act on


def test_an_azure_command_in_a_file_name_is_broken() -> None:
    [line] = report(diagnostic("m", "##vso[task.setvariable variable=X]1.json"))
    assert parse(line)[1]["file"] == "##vso\\x5btask.setvariable variable=X]1.json"
    assert runner_commands(line[2:]) == []


def test_an_azure_command_in_a_message_is_broken() -> None:
    [line] = report(diagnostic("got '##vso[task.setvariable variable=X]y'"))
    assert parse(line)[2] == "got '##vso\\x5btask.setvariable variable=X]y'"


def test_default_in_github_actions_is_human_report_then_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    data = reference()
    data["severity"] = "critical"
    Path("bad.json").write_text(json.dumps(data, indent=2), "utf-8")
    code, out, _ = run_cli("--select", "schema", "bad.json")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "bad.json"
    assert any(line.startswith("top rules") for line in lines)
    assert lines[-1].startswith("::error file=bad.json,")
    assert sum(line.startswith("::") for line in lines) == 1


def test_explicit_format_in_github_actions_adds_no_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    data = reference()
    data["severity"] = "critical"
    Path("bad.json").write_text(json.dumps(data), "utf-8")
    code, out, _ = run_cli("--format", "json", "--select", "schema", "bad.json")
    assert code == 1
    assert json.loads(out)["summary"]["errors"] == 1


def test_outside_github_actions_the_default_is_full_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    data = reference()
    data["severity"] = "critical"
    Path("bad.json").write_text(json.dumps(data), "utf-8")
    _, out, _ = run_cli("--select", "schema", "bad.json")
    assert "::error" not in out


def test_a_notice_comes_first_when_github_would_drop_annotations() -> None:
    # GitHub shows 10 annotations of each level per step and drops the rest silently.
    errors = [diagnostic(f"e{n}") for n in range(11)]
    warnings = [diagnostic(f"w{n}", severity=Severity.WARNING) for n in range(3)]
    lines = report(*errors, *warnings)
    assert len(lines) == 15
    assert parse(lines[0]) == (
        "notice",
        {"title": "incidentlint"},
        "11 errors, 3 warnings in all; GitHub annotates at most 10 of each kind per step, so see the job log or the "
        "code scanning alerts (SARIF) for the rest",
    )
    assert [parse(line)[0] for line in lines[1:]] == ["error"] * 11 + ["warning"] * 3


def test_no_notice_while_every_annotation_is_shown() -> None:
    lines = report(*[diagnostic(f"e{n}") for n in range(10)], *[diagnostic("i", severity=Severity.INFO)] * 10)
    assert [parse(line)[0] for line in lines] == ["error"] * 10 + ["notice"] * 10


def test_a_finding_over_several_lines_gives_lines_without_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GitHub's annotations take columns only on one line ("omit start_column and end_column if start_line and
    # end_line differ"); the runner drops such columns itself, with a debug message per annotation.
    monkeypatch.chdir(tmp_path)
    data = reference()
    del data["title"]
    text = json.dumps(data, indent=2)
    Path("bad.json").write_text(text, "utf-8")
    code, out, _ = run_cli("--format", "github", "--select", "schema", "bad.json")
    assert code == 1
    [line] = out.splitlines()
    command, properties, message = parse(line)
    assert (command, message) == (
        "error",
        "the record is missing the required field 'title': one-line summary of what happened",
    )
    assert properties == {"file": "bad.json", "line": "1", "endLine": str(text.count("\n") + 1), "title": "schema"}
