"""Record text, keys and file names never become commands for the CI runner that shows our output.

Azure Pipelines executes ``##vso[...]`` (and ``##[...]``) found anywhere in a line of a job's log, TeamCity
``##teamcity[...]``, and GitHub Actions a line starting with ``::``. A hostile record could otherwise set a
pipeline variable or fake an annotation through the report of the very check meant to gate it.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.textsafe import DefusedStream, defended, defuse, defuse_json, defuse_xml
from tests.helpers import reference, run_cli, runner_commands


def pieces(*parts: str) -> st.SearchStrategy[str]:
    """Text joined from ``parts``: commands and near-misses are far likelier than from single characters."""
    return st.lists(st.sampled_from(parts), max_size=12).map("".join)


# -- the escapes -------------------------------------------------------------------------------------------------


def test_defuse_breaks_each_kind_of_command_with_a_visible_escape() -> None:
    assert defuse("got '##vso[task.setvariable variable=TOKEN]stolen'") == (
        "got '##vso\\x5btask.setvariable variable=TOKEN]stolen'"
    )
    assert defuse("##[error]fake") == "##\\x5berror]fake"
    assert defuse("x ##VSO[task.complete result=Succeeded]") == "x ##VSO\\x5btask.complete result=Succeeded]"
    assert defuse("##teamcity[buildStatus status='SUCCESS']") == "##teamcity\\x5bbuildStatus status='SUCCESS']"
    assert defuse("::error::fake") == "\\x3a:error::fake"
    assert defuse("ok\n  ::add-mask::x\r::debug::y") == "ok\n  \\x3a:add-mask::x\r\\x3a:debug::y"
    assert defuse("\x1b[1m::warning::x") == "\x1b[1m\\x3a:warning::x"  # colour codes first change nothing


def test_defuse_leaves_ordinary_text_alone() -> None:
    for text in ("a::b", "see #42 [link]", "# heading [x]", "ratio 1:1", " : :", "##", "# #vso["):
        assert defuse(text) == text


@settings(max_examples=300, deadline=None)
@given(pieces("#", "##", "vso", "VSO", "[", "]", ":", "::", " ", "\t", "\n", "\r", "\x1b[1m", "a"))
def test_no_command_survives_defuse(text: str) -> None:
    assert runner_commands(defuse(text)) == []


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | pieces("#", "##vso[", "[", ":", "::", "\n", "a"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(pieces("#", "[", ":", "a"), inner),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([None, 2]))
def test_defused_json_is_the_same_data_with_no_command(value: Any, indent: int | None) -> None:
    text = defuse_json(json.dumps(value, ensure_ascii=True, indent=indent))
    assert json.loads(text) == value
    assert runner_commands(text) == []


@settings(max_examples=200, deadline=None)
@given(pieces("#", "##", "##vso[", "##[", "[", ":", "::", "&", "<", "a"))
def test_defused_xml_is_the_same_document_with_no_command(value: str) -> None:
    root = ET.Element("failure", message=value)
    root.text = value
    text = defuse_xml(ET.tostring(root, encoding="unicode"))
    parsed = ET.fromstring(text)
    assert (parsed.get("message"), parsed.text or "") == (value, value)
    assert runner_commands(text) == []


def test_the_stream_catches_a_command_split_over_two_writes() -> None:
    target = io.StringIO()
    stream = DefusedStream(target)
    stream.write("first ##v")
    stream.write("so[task.setvariable variable=X]y\n:")
    assert target.getvalue() == "first ##vso\\x5btask.setvariable variable=X]y\n"
    stream.write(":error::z")
    stream.finish()
    assert target.getvalue() == "first ##vso\\x5btask.setvariable variable=X]y\n\\x3a:error::z"


def test_a_terminal_gets_the_same_text_and_keeps_its_colours() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    with defended(terminal) as stream:
        assert stream.isatty()  # rich asks, to decide on colour
        stream.write("##vso[x]")
    assert terminal.getvalue() == "##vso\\x5bx]"
    with defended(io.StringIO()) as stream:
        assert not stream.isatty()


# -- every output of the command line ------------------------------------------------------------------------------

VALUE = "##vso[task.setvariable variable=TOKEN]stolen"
NAME = "::error title=pwned::x.json"


def _hostile(tmp_path: Path) -> Path:
    data = reference()
    data["severity"] = VALUE  # quoted by the schema's message and shown in the code frame
    data["technical_details"]["root_cause"] = "TBD ##[error]fake"
    path = tmp_path / NAME
    path.write_text(json.dumps(data, indent=2), "utf-8")
    return path


def test_human_formats_show_the_text_with_the_commands_broken(tmp_path: Path) -> None:
    path = _hostile(tmp_path)
    for fmt in ("full", "concise"):
        code, out, err = run_cli("--format", fmt, "--color", "never", "--statistics", str(path))
        assert code == 1
        assert runner_commands(out + err) == [], fmt
        assert "got '##vso\\x5btask.setvariable variable=TOKEN]stolen'" in out
        # An absolute path starts with '/': its '::' is mid-line, harmless, and shown as it is.
        assert f"{path}:5:15: error[schema]" in out


def test_a_relative_name_starting_a_line_is_escaped(tmp_path: Path, monkeypatch: Any) -> None:
    _hostile(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("--format", "concise", "--select", "schema", NAME)
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "\\x3a:error title=pwned::x.json:5:15: error[schema] severity must be one of sev1, sev2, sev3, sev4, sev5;"
        " got '##vso\\x5btask.setvariable variable=TOKEN]stolen'"
    ]
    code, out, err = run_cli("--color", "never", "--select", "schema", NAME)
    assert out.splitlines()[:2] == [
        "\\x3a:error title=pwned::x.json",
        "\\x3a:error title=pwned::x.json:5:15: error[schema] severity must be one of sev1, sev2, sev3, sev4, sev5;"
        " got '##vso\\x5btask.setvariable variable=TOKEN]stolen'",
    ]
    assert runner_commands(out + err) == []


def test_machine_formats_keep_the_exact_text_and_carry_no_command(tmp_path: Path) -> None:
    path = _hostile(tmp_path)
    code, out, _ = run_cli("--format", "json", str(path))
    assert code == 1 and runner_commands(out) == []
    messages = [d["message"] for d in json.loads(out)["diagnostics"]]
    assert f"severity must be one of sev1, sev2, sev3, sev4, sev5; got '{VALUE}'" in messages
    assert any("##[error]fake" in message for message in messages)

    code, out, _ = run_cli("--format", "sarif", str(path))
    assert code == 1 and runner_commands(out) == []
    results = json.loads(out)["runs"][0]["results"]
    assert any(VALUE in result["message"]["text"] for result in results)

    code, out, _ = run_cli("--format", "gitlab", str(path))
    assert code == 1 and runner_commands(out) == []
    assert any(VALUE in issue["description"] for issue in json.loads(out))

    code, out, _ = run_cli("--format", "rdjson", str(path))
    assert code == 1 and runner_commands(out) == []
    assert any(VALUE in diagnostic["message"] for diagnostic in json.loads(out)["diagnostics"])

    code, out, _ = run_cli("--format", "junit", str(path))
    assert code == 1 and runner_commands(out) == []
    failures = ET.fromstring(out).iter("failure")
    assert any(VALUE in (failure.get("message") or "") for failure in failures)


def test_errors_on_stderr_and_the_diff_are_defused(tmp_path: Path) -> None:
    code, out, err = run_cli("--config", str(tmp_path / "##vso[task.complete result=Succeeded]x.toml"), "x.json")
    assert code == 2
    assert "incidentlint: error:" in err and "##vso\\x5btask.complete" in err
    assert runner_commands(out + err) == []
    code, out, err = run_cli("rules", "--format", "##vso[task.complete result=Succeeded]")
    assert code == 2
    assert err.splitlines()[-1] == (
        "incidentlint: error: Invalid value for '--format': '##vso\\x5btask.complete result=Succeeded]' is not one "
        "of 'table', 'json'."
    )
    code, out, err = run_cli("explain", "##vso[task.complete result=Succeeded]")
    assert code == 2
    assert err == (
        "incidentlint: error: unknown rule '##vso\\x5btask.complete result=Succeeded]'; "
        "run 'incidentlint rules' for the list\n"
    )

    data = reference()
    data["duration"] = "1h"  # a safe fix: the real duration is 1h 5m
    data["severity"] = "##vso[task.setvariable variable=X]y"  # two lines above the fix: in the hunk's context
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    code, out, err = run_cli("--diff", str(path))
    assert code == 1
    assert '+  "duration": "1h5m",' in out.splitlines()
    assert '   "severity": "##vso\\x5btask.setvariable variable=X]y",' in out.splitlines()
    assert runner_commands(out + err) == []
