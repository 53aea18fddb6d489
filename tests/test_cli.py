"""The command line, in-process through main() and as the real console script in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, ROOT, reference, run_cli, run_json


def _console_script() -> str:
    return str(Path(sys.executable).parent / "incidentlint")


def test_examples_lint_clean_in_process() -> None:
    code, out, err = run_cli(str(ROOT / "examples"))
    assert (code, out, err) == (0, "All clean: 2 files checked, no problems found.\n", "")


def test_every_example_is_clean_under_every_rule() -> None:
    code, report = run_json("--select", "ALL", str(ROOT / "examples"))
    # The YAML example writes two times with their local offset, to show that offsets are converted; the one
    # rule that objects is the opt-in policy of teams that keep every time in UTC, and its fix would satisfy it.
    found = [(Path(d["file"]).name, d["rule"], d["pointer"]) for d in report["diagnostics"]]
    assert found == [
        ("INC-2024-0402-002.yaml", "non-utc-timestamp", "/end_time"),
        ("INC-2024-0402-002.yaml", "non-utc-timestamp", "/communication_log/1/timestamp"),
    ]
    assert (code, report["summary"]["files"]) == (0, 2)  # warnings: the run passes
    code, report = run_json("--select", "ALL", "--ignore", "non-utc-timestamp", str(ROOT / "examples"))
    assert (code, report["diagnostics"], report["summary"]["files"]) == (0, [], 2)


def test_examples_lint_clean_via_console_script() -> None:
    proc = subprocess.run([_console_script(), "examples/"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""


def test_json_format_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1,}', "utf-8")
    code, report = run_json(str(EXAMPLE), str(bad))
    assert code == 1
    assert set(report) == {"version", "diagnostics", "summary"}
    assert report["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0}
    [d] = report["diagnostics"]
    assert d == {
        "file": str(bad),
        "line": 1,
        "column": 8,
        "end_line": 1,
        "end_column": 8,
        "rule": "parse-error",
        "code": "IL001",
        "severity": "error",
        "message": "trailing comma before the closing bracket",
        "pointer": "",
        "fix": None,
    }


def test_missing_path_is_exit_2_and_other_files_still_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = reference()
    data["severity"] = "critical"
    bad.write_text(json.dumps(data), "utf-8")
    code, report = run_json(str(tmp_path / "missing.json"), str(bad))
    assert code == 2
    assert [(d["file"].rsplit("/", 1)[-1], d["rule"]) for d in report["diagnostics"]] == [
        ("missing.json", "io-error"),
        ("bad.json", "schema"),
    ]


def test_concise_format(tmp_path: Path) -> None:
    bad = tmp_path / "r.yaml"
    bad.write_text("a: 1\na: 2\n", "utf-8")
    code, out, _ = run_cli("--format", "concise", "--select", "duplicate-key", str(bad))
    assert code == 1
    assert out == (
        f"{bad}:2:1: error[duplicate-key] key 'a' appears twice in this object (first at 1:1); "
        "the later value silently wins, so remove one\n"
    )


def test_markup_and_control_characters_are_data(tmp_path: Path) -> None:
    path = tmp_path / "[bold]x\x1b[31m.json"
    data = reference()
    data["severity"] = "[link=http://evil]x[/link]\x1b]52;c;Zm9v\x07"
    path.write_text(json.dumps(data), "utf-8")
    code, out, _ = run_cli("--color", "always", str(path))
    assert code == 1
    assert "\x1b]52" not in out and "\x07" not in out
    assert "[link=http://evil]x[/link]\\x1b]52;c;Zm9v\\x07" in out
    assert "[bold]x\\x1b[31m.json" in out


def test_json_output_has_no_raw_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    data = reference()
    data["severity"] = "\u202eevil\x1b"
    path.write_text(json.dumps(data), "utf-8")
    _, out, _ = run_cli("--format", "json", str(path))
    assert all(ch == "\n" or 0x20 <= ord(ch) < 0x7F for ch in out)


def test_double_dash_allows_dash_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "-weird.json"
    path.write_text(EXAMPLE.read_text("utf-8"), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("--", "-weird.json")
    assert (code, err) == (0, "")


def test_stdin_with_filename() -> None:
    text = "severity: [\n"
    proc = subprocess.run(
        [_console_script(), "--format", "concise", "--stdin-filename", "inc.yaml", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("inc.yaml:1:12: error[parse-error] YAML syntax error:")


def test_usage_errors_exit_2() -> None:
    code, _, err = run_cli("--color", "purple", "x.json")
    assert code == 2 and "Invalid value for '--color'" in err
    code, _, err = run_cli()
    assert code == 2 and "no paths given" in err


def test_version() -> None:
    proc = subprocess.run([_console_script(), "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stdout.startswith("incidentlint, version 0.1.0")


def test_internal_error_is_exit_3_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from incidentlint import engine

    def boom(*_: object, **__: object) -> object:
        raise RuntimeError("kaput")

    monkeypatch.setattr(engine.Linter, "lint_batch", boom)  # what the runner calls, outside any file's guard
    code, out, err = run_cli(str(EXAMPLE))
    assert code == 3
    assert err == (
        "incidentlint: internal error: RuntimeError: kaput\nincidentlint: this is a bug in incidentlint; "
        "please report it with the command and the file that triggered it\n"
    )
    assert "Traceback" not in out + err


def test_a_file_reached_twice_is_linted_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Linted twice, the record was its own duplicate incident id, and every finding was reported twice.
    monkeypatch.chdir(tmp_path)
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["technical_details"]["root_cause"] = "TBD"
    Path("recs").mkdir()
    Path("recs/INC-2024-0315-001.json").write_text(json.dumps(data, indent=2), "utf-8")
    Path("link.json").symlink_to("recs/INC-2024-0315-001.json")
    Path("linked").symlink_to("recs")  # a folder link: the file's own name is no link, its folder is
    absolute = str(tmp_path / "recs" / "INC-2024-0315-001.json")
    code, report = run_json(
        "recs/INC-2024-0315-001.json",
        "./recs/INC-2024-0315-001.json",
        "recs",
        absolute,
        "link.json",
        "linked/INC-2024-0315-001.json",
        "linked/../recs/INC-2024-0315-001.json",
        "linked",
    )
    assert code == 0
    assert report["summary"]["files"] == 1
    assert [(d["file"], d["rule"]) for d in report["diagnostics"]] == [
        ("recs/INC-2024-0315-001.json", "placeholder-text")
    ]
