"""``--format azure``: logging commands that the Azure Pipelines agent reads back into the same fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.reporters.azure import AzureReporter
from incidentlint.textsafe import break_hash_commands, visible
from tests.helpers import finding as diagnostic
from tests.helpers import position_of, reference, report_lines, run_cli

CODES = {"%AZP25": "%", "%0D": "\r", "%0A": "\n", "%3B": ";", "%5D": "]"}
_CODE = re.compile("|".join(map(re.escape, CODES)))


def unescape(text: str) -> str:
    return _CODE.sub(lambda match: CODES[match.group()], text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read a line as the agent does: its first ``##vso[``, the command and properties up to the first ``]``
    (split on ``;``, each at its first ``=``), then the message."""
    start = line.lower().find("##vso[")
    assert start == 0, line
    end = line.index("]", start)
    command, _, rest = line[start + 6 : end].partition(" ")
    properties = dict(item.split("=", 1) for item in rest.split(";") if item)
    return command, {key: unescape(value) for key, value in properties.items()}, unescape(line[end + 1 :])


def report(*diagnostics: Diagnostic) -> list[str]:
    return report_lines(AzureReporter, *diagnostics)


def test_cli_issue_has_every_property(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    text = json.dumps(data, indent=2)
    Path("bad.json").write_text(text, "utf-8")
    code, out, err = run_cli("--format", "azure", "bad.json")
    assert code == 1 and err == ""
    line, column = position_of(text, '"critical"')
    assert out.splitlines() == [
        f"##vso[task.logissue type=error;sourcepath=bad.json;linenumber={line};columnnumber={column};code=schema;]"
        "schema: severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    ]
    command, properties, message = parse(out.splitlines()[0])
    assert command == "task.logissue"
    assert properties == {
        "type": "error",
        "sourcepath": "bad.json",
        "linenumber": str(line),
        "columnnumber": str(column),
        "code": "schema",
    }
    assert message == "schema: severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"


def test_levels_and_an_info_finding_as_a_plain_line() -> None:
    error, warning, info = report(
        diagnostic(severity=Severity.ERROR), diagnostic(severity=Severity.WARNING), diagnostic(severity=Severity.INFO)
    )
    assert parse(error)[1]["type"] == "error"
    assert parse(warning)[1]["type"] == "warning"
    assert info == "a.json:3:5: info[schema] m"  # Azure has no info issue; shown, but not counted as a warning


def test_record_text_cannot_end_a_property_or_start_a_command() -> None:
    [line] = report(diagnostic("a;b]c\nd%e\r##vso[task.complete result=Succeeded]", file="x;y]z%.json"))
    assert "\n" not in line and "\r" not in line
    assert [m.start() for m in re.finditer(r"(?i)##[a-z]*\[", line)] == [0]  # ours, and no other command
    _, properties, message = parse(line)
    assert properties["sourcepath"] == "x;y]z%.json"
    assert message == "schema: a;b]c\\x0ad%e\\x0d##vso\\x5btask.complete result=Succeeded]"


# A name is one path component (no '/'), and not '.' or '..': those name the working directory and its parent, which
# reports write as they resolve ('..' outside the working directory is written absolute, as every format does).
NAMES = st.text(st.characters(exclude_characters="\x00/"), min_size=1).filter(lambda name: name not in (".", ".."))


@given(st.text(), NAMES)
def test_any_message_and_path_come_back_as_written(message: str, file: str) -> None:
    [line] = report(diagnostic(message, file=file))
    assert "\n" not in line and "\r" not in line
    _, properties, shown = parse(line)
    assert set(properties) == {"type", "sourcepath", "linenumber", "columnnumber", "code"}
    assert properties["sourcepath"] == visible(file)
    # Decoded, the message is the human one: controls shown as escapes, a runner command's '[' as \x5b.
    assert shown == break_hash_commands(visible("schema: " + message))
    assert [m.start() for m in re.finditer(r"(?i)##[a-z]*\[", line)] == [0]


def test_inside_azure_pipelines_issues_follow_the_human_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("bad.json").write_text(json.dumps({**reference(), "severity": "critical"}, indent=2), "utf-8")
    monkeypatch.setenv("TF_BUILD", "True")
    code, out, _ = run_cli("--color", "never", "bad.json")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "bad.json"
    assert lines[-1].startswith("##vso[task.logissue type=error;sourcepath=bad.json;")
    assert sum(line.startswith("##vso[") for line in lines) == 1
    code, out, _ = run_cli("--format", "json", "bad.json")  # a chosen format keeps stdout to itself
    assert "##vso[" not in out and json.loads(out)["summary"]["errors"] == 1
