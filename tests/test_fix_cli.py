"""--fix, --unsafe-fixes and --diff through the command line, with the built-in rules."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE, position_of, reference, run_cli
from tests.test_atomic_write import read_only_directory

ORIGINAL = EXAMPLE.read_text("utf-8")


def _pretty(tmp_path: Path, **changes: object) -> tuple[Path, str]:
    data = reference()
    data.update(changes)
    text = json.dumps(data, indent=2) + "\n"
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(text, "utf-8")
    return path, text


def test_fix_rewrites_only_the_duration_reports_it_and_exits_1(tmp_path: Path) -> None:
    path, text = _pretty(tmp_path, duration="1h 15m")
    code, out, err = run_cli("--fix", str(path))
    assert (code, err) == (1, "")
    assert path.read_text("utf-8") == text.replace('"1h 15m"', '"1h 5m"')
    assert out == "All clean: 1 file checked, no problems found (1 fix applied).\n"
    assert run_cli("--fix", str(path)) == (0, "All clean: 1 file checked, no problems found.\n", "")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_over_several_batches_fixes_every_file(tmp_path: Path, jobs: str) -> None:
    """Files are linted 16 at a time, each rule over the batch: every file of every batch is fixed as it would be
    alone (the second-to-last left broken, so the report shows which file is which)."""
    paths = []
    for index in range(35):
        data = reference()
        data["incident_id"] = f"INC-2024-0315-{index + 1:03d}"
        data["duration"] = "1h 15m"
        if index == 33:
            data["title"] = "TBD"
        path = tmp_path / f"{data['incident_id']}.json"
        path.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
        paths.append(path)
    code, out, err = run_cli("--fix", "--jobs", jobs, "--format", "concise", *map(str, paths))
    assert (code, err) == (1, "incidentlint: applied 35 fixes in 35 files\n")  # files changed: exit 1, as above
    assert [json.loads(path.read_text("utf-8"))["duration"] for path in paths] == ["1h 5m"] * 35
    title = position_of(paths[33].read_text("utf-8"), '"TBD"')
    assert out.splitlines() == [
        f"{paths[33]}:{title[0]}:{title[1]}: warning[placeholder-text] title is the placeholder 'TBD'; replace it "
        "with the real content before the record is published"
    ]


def test_fix_rewrites_allowed_values_spelt_otherwise_in_yaml_keeping_the_rest(tmp_path: Path) -> None:
    original = (EXAMPLE.parent / "INC-2024-0402-002.yaml").read_text("utf-8")
    path = tmp_path / "INC-2024-0402-002.yaml"
    # The value's quoting and the comment after it stay as the author wrote them.
    path.write_text(
        original.replace("severity: sev3\n", 'severity: "SEV-3"  # paged\n').replace(
            "status: resolved", "status: Resolved"
        ),
        "utf-8",
    )
    code, out, err = run_cli("--fix", str(path))
    assert (code, err) == (1, "")
    assert path.read_text("utf-8") == original.replace("severity: sev3\n", 'severity: "sev3"  # paged\n')
    assert out == "All clean: 1 file checked, no problems found (2 fixes applied).\n"


@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "github"])
def test_fix_with_another_format_says_on_stderr_what_it_changed(tmp_path: Path, fmt: str) -> None:
    """Only the full report has a summary line for fixes; with the other formats the count goes to stderr, so
    stdout stays exactly the format (for json, still one parseable document)."""
    path, _ = _pretty(tmp_path, duration="1h 15m")
    (tmp_path / "sub").mkdir()
    other, _ = _pretty(tmp_path / "sub", duration="1h 15m", incident_id="INC-2024-0315-002")
    code, out, err = run_cli("--fix", "--format", fmt, str(path), str(other))
    assert (code, err) == (1, "incidentlint: applied 2 fixes in 2 files\n")
    if fmt == "json":
        assert json.loads(out)["diagnostics"] == []
    elif fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"] == []
    else:
        assert out == ""
    assert run_cli("--fix", "--quiet", "--format", fmt, str(path))[2] == ""  # nothing left to fix: no note


def test_quiet_fix_with_concise_output_prints_no_note(tmp_path: Path) -> None:
    path, _ = _pretty(tmp_path, duration="1h 15m")
    assert run_cli("--fix", "--quiet", "--format", "concise", str(path)) == (1, "", "")


def test_fix_on_the_minified_reference_changes_exactly_one_value(tmp_path: Path) -> None:
    path = tmp_path / "INC-2024-0315-001.json"
    broken = ORIGINAL.replace('"time_to_resolution": "65 minutes"', '"time_to_resolution": "70 minutes"')
    path.write_text(broken, "utf-8")
    code, _, _ = run_cli("--fix", str(path))
    assert code == 1
    assert path.read_text("utf-8") == broken.replace('"70 minutes"', '"65 minutes"')


def test_unsafe_fixes_need_their_flag_and_remaining_findings_are_reported(tmp_path: Path) -> None:
    data = reference()
    path, text = _pretty(
        tmp_path,
        duration="1h 15m",
        responders=[*data["responders"], data["responders"][0]],
        communication_log=data["communication_log"][::-1],
    )
    code, out, _ = run_cli("--fix", "--format", "concise", str(path))
    assert code == 1
    fixed = path.read_text("utf-8")
    assert fixed == text.replace('"1h 15m"', '"1h 5m"')
    rules = [line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines()]
    assert rules == ["duplicate-responder", "timeline-not-chronological"]
    code, out, _ = run_cli("--fix", "--unsafe-fixes", str(path))
    assert code == 1
    assert json.loads(path.read_text("utf-8")) == reference()
    assert out == "All clean: 1 file checked, no problems found (2 fixes applied).\n"


def test_more_duplicates_than_ten_passes_can_fix_are_fixed_in_part_not_blamed_on_the_rule(tmp_path: Path) -> None:
    # A report lists 100 findings of a rule per file, so --fix removed 100 duplicates a pass; with more than 1,000
    # the passes ran out and the run said "did not settle ... this is a bug in the rule" (exit 3), writing nothing.
    data = reference()
    path, _ = _pretty(tmp_path, responders=[*data["responders"], *[data["responders"][1]] * 1200])
    code, out, err = run_cli("--fix", "--unsafe-fixes", "--format", "json", str(path))
    assert (code, err) == (1, "incidentlint: applied 1000 fixes in 1 file\n")
    assert json.loads(path.read_text("utf-8"))["responders"] == [*data["responders"], *[data["responders"][1]] * 200]
    found = json.loads(out)["diagnostics"]
    assert [d["rule"] for d in found] == ["duplicate-responder"] * 101
    assert found[0]["message"] == (
        "100 more findings of this rule in this file are not listed (only the first 100 are); fix those and run again"
    )
    code, out, _ = run_cli("--fix", "--unsafe-fixes", str(path))
    assert (code, out) == (1, "All clean: 1 file checked, no problems found (200 fixes applied).\n")
    assert json.loads(path.read_text("utf-8")) == data


def test_diff_prints_a_patch_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path, text = _pretty(tmp_path, duration="1h 15m")
    code, out, err = run_cli("--diff", str(path))
    assert code == 1
    assert path.read_text("utf-8") == text
    lines = text.splitlines(keepends=True)
    at = next(index for index, line in enumerate(lines) if '"duration"' in line)
    assert out == (
        f"--- {path}\n+++ {path}\n@@ -{at - 2},7 +{at - 2},7 @@\n"
        + "".join(" " + line for line in lines[at - 3 : at])
        + '-  "duration": "1h 15m",\n'
        + '+  "duration": "1h 5m",\n'
        + "".join(" " + line for line in lines[at + 1 : at + 4])
    )
    assert err == "incidentlint: 1 fix would be applied to 1 file\n"


def test_diff_output_applies_with_patch_to_give_what_fix_writes(tmp_path: Path) -> None:
    text = (
        "start_time: 2024-03-15T14:30:00Z\r\nend_time: 2024-03-15T15:35:00Z\r\n"
        "duration: 2h 10m   # check\r\nresponders: [a, b, a]\r\nstatus: open"
    )
    path = tmp_path / "r.yaml"
    path.write_bytes(text.encode())
    code, out, _ = run_cli("--select", "duration-mismatch,duplicate-responder", "--diff", "--unsafe-fixes", str(path))
    assert code == 1
    patch = tmp_path / "fix.patch"
    patch.write_bytes(out.encode())
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(text.encode())
    subprocess.run(["patch", "-s", str(copy), str(patch)], check=True)
    run_cli("--select", "duration-mismatch,duplicate-responder", "--fix", "--unsafe-fixes", str(path))
    assert (
        copy.read_bytes()
        == path.read_bytes()
        == (
            b"start_time: 2024-03-15T14:30:00Z\r\nend_time: 2024-03-15T15:35:00Z\r\n"
            b"duration: 1h 5m   # check\r\nresponders: [a, b]\r\nstatus: open"
        )
    )


def test_diff_of_a_cr_only_file_shows_its_lines(tmp_path: Path) -> None:
    # Old Mac line breaks: a patch line must end with LF, so each lone CR is shown as one, not as one long line.
    path = tmp_path / "r.yaml"
    path.write_bytes(
        b"start_time: 2024-03-15T14:30:00Z\rend_time: 2024-03-15T15:35:00Z\r"
        b"duration: 2h 10m   # check\rresponders: [a, b, a]\rstatus: open"
    )
    code, out, _ = run_cli("--select", "duration-mismatch,duplicate-responder", "--diff", "--unsafe-fixes", str(path))
    assert code == 1
    assert out == (
        f"--- {path}\n+++ {path}\n@@ -1,5 +1,5 @@\n"
        " start_time: 2024-03-15T14:30:00Z\n end_time: 2024-03-15T15:35:00Z\n"
        "-duration: 2h 10m   # check\n-responders: [a, b, a]\n"
        "+duration: 1h 5m   # check\n+responders: [a, b]\n"
        " status: open\n\\ No newline at end of file\n"
    )


def test_diff_with_nothing_to_change_exits_0_even_with_findings(tmp_path: Path) -> None:
    path, _ = _pretty(tmp_path, severity="sev9")
    assert run_cli("--diff", str(path)) == (0, "", "incidentlint: no fixes to apply\n")


def test_exit_zero_applies_to_diff_as_it_does_to_fix(tmp_path: Path) -> None:
    # A CI job that saves the patch as an artifact without failing: --exit-zero already covers --fix's exit 1.
    path, text = _pretty(tmp_path, duration="1h 15m")
    code, out, err = run_cli("--diff", "--exit-zero", str(path))
    assert (code, err) == (0, "incidentlint: 1 fix would be applied to 1 file\n")
    assert '+  "duration": "1h 5m",\n' in out
    assert path.read_text("utf-8") == text
    assert run_cli("--diff", "--exit-zero", str(tmp_path / "missing.json"))[0] == 2  # unreadable paths keep 2


@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_diff_with_a_file_to_write_is_a_usage_error(tmp_path: Path, option: str) -> None:
    # --diff prints the patch and returns: the report or baseline asked for would silently not be written, and a
    # CI job would pick up the one an earlier run left.
    path, _ = _pretty(tmp_path, duration="1h 15m")
    target = tmp_path / "out.json"
    code, out, err = run_cli("--diff", option, str(target), str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: --diff only prints a patch, so {option} would write nothing; run it without --diff\n"
    )
    assert not target.exists()


def test_unsafe_fixes_alone_is_a_usage_error() -> None:
    code, out, err = run_cli("--unsafe-fixes", str(EXAMPLE))
    assert (code, out) == (2, "")
    assert err == "incidentlint: error: --unsafe-fixes only has an effect together with --fix or --diff\n"


def _fix_stdin(raw: bytes, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    script = str(Path(sys.executable).parent / "incidentlint")
    return subprocess.run([script, "--fix", *args, "-"], input=raw, capture_output=True, check=False, cwd=cwd)


def test_fix_of_standard_input_prints_the_fixed_record_and_reports_on_stderr() -> None:
    # As ruff and black do for editors: the fixed record on stdout, byte for byte (CRLF kept), the report on
    # stderr, and an exit code for what remains: nothing, since the one finding was fixed.
    text = ORIGINAL.replace('"1h 5m"', '"2h"').replace("\n", "\r\n")
    done = _fix_stdin(text.encode("utf-8"), "--stdin-filename", "in.json")
    assert done.stdout == text.replace('"2h"', '"1h5m"').encode("utf-8")
    assert done.stderr.decode("utf-8") == "All clean: 1 file checked, no problems found (1 fix applied).\n"
    assert done.returncode == 0


def test_fix_of_standard_input_echoes_what_it_cannot_fix_and_fails_on_what_remains() -> None:
    broken = b'{"incident_id": \xff}'
    done = _fix_stdin(broken, "-q", "--format", "concise")
    assert done.stdout == broken  # an editor that puts stdout back must get the buffer as it was
    assert done.stderr.decode("utf-8") == (
        "<stdin>:1:17: error[parse-error] invalid UTF-8: byte 0xff cannot start or continue a character; save the "
        "file as UTF-8\n"
    )
    assert done.returncode == 1
    clean = EXAMPLE.read_bytes()
    done = _fix_stdin(clean, "-q")
    assert (done.returncode, done.stdout, done.stderr) == (0, clean, b"")


def test_fix_of_standard_input_too_large_to_read_whole_prints_nothing_and_fails_even_with_exit_zero(
    tmp_path: Path,
) -> None:
    # Only the first max-file-size bytes were read: echoing them would cut the editor's buffer short, and an
    # empty stdout taken for the record would wipe it. Exit 2, which --exit-zero does not hide.
    (tmp_path / ".incidentlint.toml").write_text("max-file-size = 100\n", "utf-8")
    done = _fix_stdin(EXAMPLE.read_bytes(), "--exit-zero", "--format", "concise", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8").splitlines()[-1] == (
        "incidentlint: error: standard input could not be read whole, so --fix printed nothing back"
    )


def test_fix_of_standard_input_takes_it_alone() -> None:
    code, out, err = run_cli("--fix", "-", str(EXAMPLE))
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: --fix prints fixed standard input on standard output, so '-' must be the only path; "
        "lint the files in another run\n"
    )


def test_diff_of_standard_input_through_the_console_script() -> None:
    text = ORIGINAL.replace('"1h 5m"', '"PT2H"')
    script = str(Path(sys.executable).parent / "incidentlint")
    done = subprocess.run(
        [script, "--diff", "--stdin-filename", "in.json", "-"], input=text, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    fixed = ORIGINAL.replace('"1h 5m"', '"PT1H5M"')
    assert done.stdout == (
        "--- in.json\n+++ in.json\n@@ -1 +1 @@\n"
        f"-{text}\n\\ No newline at end of file\n"
        f"+{fixed}\n\\ No newline at end of file\n"
    )
    assert done.stderr == "incidentlint: 1 fix would be applied to 1 file\n"


def test_fix_through_a_symlink_changes_the_target(tmp_path: Path) -> None:
    target, text = _pretty(tmp_path, duration="1h 15m")
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    code, _, _ = run_cli("--fix", "--ignore", "filename-id-mismatch", str(link))
    assert code == 1
    assert link.is_symlink() and target.read_text("utf-8") == text.replace("1h 15m", "1h 5m")


def test_read_only_directory_is_exit_2_with_a_clear_error_and_the_original_intact(tmp_path: Path) -> None:
    directory = tmp_path / "records"
    directory.mkdir()
    path, text = _pretty(directory, duration="1h 15m")
    with read_only_directory(directory):
        code, out, _ = run_cli("--fix", "--format", "concise", str(path))
    assert code == 2
    assert path.read_text("utf-8") == text
    assert out.splitlines()[0].startswith(f"{path}:1:1: error[io-error] cannot write the fixed file: ")
    assert out.splitlines()[0].endswith(
        f"when creating a file in {directory} (is the directory read-only?); the original is unchanged"
    )
    assert "[duration-mismatch]" in out  # the finding the fix would have repaired is still reported


def test_permission_denied_on_the_temporary_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, text = _pretty(tmp_path, duration="1h 15m")

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, out, _ = run_cli("--fix", "--format", "json", str(path))
    assert code == 2
    assert path.read_text("utf-8") == text
    messages = {d["rule"]: d["message"] for d in json.loads(out)["diagnostics"]}
    assert messages["io-error"] == (
        f"cannot write the fixed file: Permission denied when creating a file in {tmp_path} "
        "(is the directory read-only?); the original is unchanged"
    )
    assert json.loads(out)["summary"]["errors"] == 2


def test_a_file_edited_while_it_is_fixed_keeps_the_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, text = _pretty(tmp_path, duration="1h 15m")
    real = tempfile.mkstemp

    def racing(*args: object, **kwargs: object) -> tuple[int, str]:
        path.write_text(text.replace("Payment", "Payments"), "utf-8")
        return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", racing)
    code, out, _ = run_cli("--fix", "--format", "concise", str(path))
    assert code == 2
    assert path.read_text("utf-8") == text.replace("Payment", "Payments")
    assert f"{path}:1:1: error[io-error] the file changed on disk while incidentlint was fixing it" in out


def test_a_fix_that_fails_its_check_is_exit_3_and_leaves_the_file(tmp_path: Path) -> None:
    rules = tmp_path / "local_rules.py"
    rules.write_text(
        "from incidentlint.api import Finding, Fix, Replace, rule\n\n\n"
        '@rule(code="LOC1", name="stubborn", severity="error", summary="s", rationale="r", fixable=True)\n'
        "def stubborn(record, options):\n"
        '    yield Finding("/title", "never happy", fix=Fix((Replace("/title", record["title"] + "!"),)))\n',
        "utf-8",
    )
    config = tmp_path / ".incidentlint.toml"
    config.write_text('rule-paths = ["local_rules.py"]\nselect = ["stubborn"]\n', "utf-8")
    path, text = _pretty(tmp_path)
    code, out, _ = run_cli("--config", str(config), "--fix", "--format", "concise", str(path))
    assert code == 3
    assert path.read_text("utf-8") == text
    line = text[: text.index('"title"')].count("\n") + 1
    assert out.splitlines()[0] == (
        f"{path}:{line}:12: error[internal-error] the fix for 'stubborn' (local file local_rules.py) does not "
        "resolve the problem: the rule still reports it, so the file was left unchanged; this is a bug in the rule: "
        "fix the rule in its file"  # was "please report it", as for a built-in rule: a team's rule is theirs to fix
    )


def test_parallel_workers_fix_every_file_and_count_the_fixes(tmp_path: Path) -> None:
    texts = {}
    for index in range(4):
        directory = tmp_path / f"d{index}"
        directory.mkdir()
        path, text = _pretty(directory, duration="PT2H")
        texts[path] = text
    code, out, _ = run_cli("--fix", "--jobs", "2", str(tmp_path))
    assert code == 1
    for path, text in texts.items():
        assert path.read_text("utf-8") == text.replace('"PT2H"', '"PT1H5M"')
    assert "4 fixes applied" in out


def test_rules_command_marks_exactly_the_fixable_rules() -> None:
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    fixable = sorted(rule["name"] for rule in json.loads(out)["rules"] if rule["fixable"])
    assert fixable == [
        "duplicate-responder",
        "duration-mismatch",
        "non-utc-timestamp",
        "path-escape",
        "resolution-time-mismatch",
        "schema",
        "timeline-not-chronological",
    ]


def test_diff_applies_with_patch_to_tabs_a_bom_and_names_with_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # patch finds the files by the names in the headers, as a reviewer would apply the diff.
    monkeypatch.chdir(tmp_path)
    tabbed = '{\n\t"responders": [\n\t\t"Tom",\n\t\t"Tom"\n\t]\n}\n'
    minified = '\ufeff{"start_time":"2024-03-15T14:30:00Z","end_time":"2024-03-15T15:35:00Z","duration":"2h"}\n'
    Path("my records").mkdir()
    files = {"my records/tabs.json": tabbed, "bom.json": minified}
    for name, text in files.items():
        Path(name).write_text(text, "utf-8")
    rules = "duration-mismatch,duplicate-responder"
    code, out, _ = run_cli("--select", rules, "--diff", "--unsafe-fixes", *files)
    assert code == 1
    assert "\t\t" in out and "\\x09" not in out  # tabs stay tabs
    assert "--- my records/tabs.json\t\n" in out
    Path("fix.patch").write_text(out, "utf-8")
    subprocess.run(["patch", "-s", "-p0", "-i", "fix.patch"], check=True)
    assert Path("my records/tabs.json").read_text("utf-8") == '{\n\t"responders": [\n\t\t"Tom"\n\t]\n}\n'
    assert Path("bom.json").read_bytes() == minified.replace('"2h"', '"1h5m"').encode("utf-8")
