"""The baseline: record today's findings, hide them later, report entries that went stale, keep the file stable."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from incidentlint.baseline import MAX_BASELINE_BYTES, VERSION, Baseline, Entry
from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from tests.helpers import reference, run_cli


def bad_record(number: int, **changes: Any) -> dict[str, Any]:
    return {**reference(), "incident_id": f"INC-2024-0315-{number:03d}", **changes}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """incidents/ with two old records that break the schema, and a clean one."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "incidents"
    folder.mkdir()
    write(folder / "old-1.json", bad_record(1, severity="critical"))
    write(folder / "old-2.json", bad_record(2, status="done", severity="urgent"))
    write(folder / "good.json", bad_record(3))
    return tmp_path


def write(path: Path, data: dict[str, Any], indent: int = 2, prefix: str = "") -> None:
    path.write_text(prefix + json.dumps(data, indent=indent), "utf-8")


def lint(*args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run_cli("--format", "json", "--select", "schema", *args)
    parsed: dict[str, Any] = json.loads(out)
    return code, parsed, err


def test_write_baseline_records_findings_sorted_and_stable(repo: Path) -> None:
    code, report, err = lint("--write-baseline", "baseline.json", "incidents")
    assert code == 0 and report["diagnostics"] == []
    assert err == "incidentlint: wrote 3 findings to the baseline baseline.json\n"
    text = Path("baseline.json").read_text("utf-8")
    data = json.loads(text)
    assert data["version"] == VERSION
    keys = [(f["file"], f["rule"], f["pointer"]) for f in data["findings"]]
    assert keys == [
        ("incidents/old-1.json", "schema", "/severity"),
        ("incidents/old-2.json", "schema", "/severity"),
        ("incidents/old-2.json", "schema", "/status"),
    ]
    assert all(set(f) == {"file", "rule", "pointer", "value_hash", "message"} for f in data["findings"])
    assert data["findings"][0]["message"] == "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    assert text.endswith("}\n") and text == json.dumps(data, indent=2, sort_keys=True) + "\n"
    lint("--write-baseline", "baseline.json", "incidents")
    assert Path("baseline.json").read_text("utf-8") == text  # rewriting an unchanged repo changes nothing


def test_baseline_hides_known_findings_but_not_new_ones(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    code, report, err = lint("--baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (0, [], "")
    write(repo / "incidents" / "new.json", bad_record(4, severity="high"))
    code, report, _ = lint("--baseline", "baseline.json", "incidents")
    assert code == 1
    assert [(d["file"], d["pointer"]) for d in report["diagnostics"]] == [("incidents/new.json", "/severity")]


def test_line_shifts_and_unrelated_edits_do_not_resurrect_findings(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    edited = bad_record(1, severity="critical", title="Retitled after review")
    write(repo / "incidents" / "old-1.json", edited, indent=4, prefix="\n\n\n")
    code, report, _ = lint("--baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"]) == (0, [])


def test_changing_the_offending_value_brings_the_finding_back(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    write(repo / "incidents" / "old-1.json", bad_record(1, severity="catastrophic"))
    code, report, err = lint("--baseline", "baseline.json", "incidents")
    assert code == 1
    [d] = report["diagnostics"]
    assert (d["file"], d["pointer"]) == ("incidents/old-1.json", "/severity")
    assert "got 'catastrophic'" in d["message"]
    assert err.startswith("incidentlint: 1 baseline entry matches no finding any more;")
    assert "  incidents/old-1.json: schema at '/severity'\n" in err


#: The note after a run in which both of old-2.json's entries match nothing.
OLD_2_IS_STALE = [
    "incidentlint: 2 baseline entries match no finding any more; run again with both --baseline and "
    "--write-baseline on the same file to drop them:",
    "  incidents/old-2.json: schema at '/severity'",
    "  incidents/old-2.json: schema at '/status'",
]


def test_stale_entries_are_reported_without_failing_and_shrink_on_request(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    write(repo / "incidents" / "old-2.json", bad_record(2))  # fixed
    write(repo / "incidents" / "new.json", bad_record(4, severity="high"))
    code, report, err = lint("--baseline", "baseline.json", "incidents/old-1.json", "incidents/old-2.json")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines() == OLD_2_IS_STALE
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert code == 1  # the new finding is not swallowed by the shrink
    assert [d["file"] for d in report["diagnostics"]] == ["incidents/new.json"]
    assert err.splitlines() == [
        "incidentlint: wrote 1 finding to the baseline baseline.json",
        "incidentlint: dropped 2 baseline entries that match no finding any more; baseline.json no longer lists them:",
        "  incidents/old-2.json: schema at '/severity'",
        "  incidents/old-2.json: schema at '/status'",
    ]
    code, out, err = run_cli("--color", "never", "--baseline", "baseline.json", "incidents")
    assert "stale" not in out + err  # dropped, so the next run is quiet about them
    data = json.loads(Path("baseline.json").read_text("utf-8"))
    assert [(f["file"], f["pointer"]) for f in data["findings"]] == [("incidents/old-1.json", "/severity")]


def test_entries_for_files_outside_the_run_are_not_called_stale(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    code, report, err = lint("--baseline", "baseline.json", "incidents/good.json")
    assert (code, report["diagnostics"], err) == (0, [], "")


def test_quiet_silences_the_stale_note(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    write(repo / "incidents" / "old-1.json", bad_record(1))
    code, _, err = lint("--quiet", "--baseline", "baseline.json", "incidents")
    assert (code, err) == (0, "")


def test_paths_are_relative_to_the_baseline_file_not_the_working_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    monkeypatch.chdir(repo / "incidents")
    code, report, err = lint("--baseline", "../baseline.json", ".")
    assert (code, report["diagnostics"], err) == (0, [], "")


def test_parse_errors_are_never_baselined(repo: Path) -> None:
    (repo / "incidents" / "broken.json").write_text('{"a": 1,}', "utf-8")
    code, report, _ = lint("--write-baseline", "baseline.json", "incidents")
    assert code == 1
    assert [d["rule"] for d in report["diagnostics"]] == ["parse-error"]
    files = {f["file"] for f in json.loads(Path("baseline.json").read_text("utf-8"))["findings"]}
    assert files == {"incidents/old-1.json", "incidents/old-2.json"}
    code, report, _ = lint("--baseline", "baseline.json", "incidents")
    assert (code, [d["rule"] for d in report["diagnostics"]]) == (1, ["parse-error"])


def test_the_baseline_file_itself_is_not_linted_as_a_record(repo: Path) -> None:
    lint("--write-baseline", "incidents/baseline.json", "incidents")
    code, report, _ = lint("--baseline", "incidents/baseline.json", "incidents")
    assert (code, report["summary"]["files"]) == (0, 3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline missing.json does not exist; create it with --write-baseline missing.json"),
        ("{", "baseline missing.json is not valid JSON: "),
        ('{"version": 99, "findings": []}', "baseline missing.json is not an incidentlint baseline (version 1)"),
        ("[]", "baseline missing.json is not an incidentlint baseline (version 1)"),
        ('{"version": 1, "findings": {}}', "baseline missing.json is not an incidentlint baseline (version 1)"),
        ('{"version": 1, "findings": [{"file": 1}]}', "baseline missing.json: finding 0 needs string fields file"),
        ('{"version": 1, "findings": [[]]}', "baseline missing.json: finding 0 needs string fields file"),
    ],
)
def test_unusable_baseline_is_a_usage_error(repo: Path, content: str | None, message: str) -> None:
    if content is not None:
        Path("missing.json").write_text(content, "utf-8")
    code, out, err = run_cli("--baseline", "missing.json", "incidents")
    assert (code, out) == (2, "")
    assert err.startswith("incidentlint: error: " + message)


def test_a_prune_of_a_missing_baseline_does_not_tell_to_add_the_flag_already_given(repo: Path) -> None:
    # "create it with --write-baseline X" was the advice, to a command that had --write-baseline X: a prune only
    # drops entries, so it creates nothing (a mistyped path must not accept every finding).
    code, out, err = run_cli("--baseline", "bl.json", "--write-baseline", "bl.json", "incidents")
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: baseline bl.json does not exist; with --baseline, --write-baseline only drops stale "
        "entries, so create it first with --write-baseline bl.json alone\n"
    )
    assert not Path("bl.json").exists()


def diagnostic(line: int, value_hash: str = "h") -> Diagnostic:
    return Diagnostic("a.json", line, 1, line, 2, "schema", "IL003", Severity.ERROR, "m", "/p", value_hash=value_hash)


def test_repeated_keys_match_by_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    baseline = Baseline.of(tmp_path / "b.json", [diagnostic(1)])
    outcome = baseline.apply([FileResult(str(tmp_path / "a.json"), [diagnostic(1), diagnostic(7)])])
    assert [d.line for d in outcome.hidden] == [1]
    assert [d.line for d in outcome.results[0].diagnostics] == [7]
    twice = Baseline.of(tmp_path / "b.json", [diagnostic(1), diagnostic(2), diagnostic(3, "other")])
    outcome = twice.apply([FileResult("a.json", [diagnostic(9)])])
    assert outcome.results[0].diagnostics == []
    assert [e.value_hash for e in outcome.unmatched] == ["h", "other"]


def test_write_failure_is_a_usage_error(repo: Path) -> None:
    code, _, err = run_cli("--write-baseline", "no-such-dir/b.json", "incidents")
    assert code == 2
    assert err.startswith("incidentlint: error: cannot write the baseline no-such-dir/b.json: ")


def test_a_missing_field_stays_hidden_when_other_fields_of_its_object_change(repo: Path) -> None:
    """A missing field's finding points at the object that lacks it; it is known by the missing field, so edits
    to the rest of that object (the whole record, or a log entry) do not make it a new finding."""
    record = bad_record(4)
    del record["description"]
    del record["communication_log"][0]["message"]
    write(repo / "incidents" / "old-3.json", record)
    lint("--write-baseline", "baseline.json", "incidents/old-3.json")
    record["title"] = "Payment API outage (edited)"
    record["communication_log"][0]["audience"] = "internal"
    write(repo / "incidents" / "old-3.json", record)
    code, report, err = lint("--baseline", "baseline.json", "incidents/old-3.json")
    assert (code, report["diagnostics"], err) == (0, [], "")
    del record["title"]  # a second missing field is a new finding, and only it is reported
    write(repo / "incidents" / "old-3.json", record)
    code, report, _ = lint("--baseline", "baseline.json", "incidents/old-3.json")
    assert (code, [d["message"] for d in report["diagnostics"]]) == (
        1,
        ["the record is missing the required field 'title': one-line summary of what happened"],
    )


def test_the_count_of_unlisted_findings_survives_unrelated_edits(repo: Path) -> None:
    """Past 100 findings of one rule, one more finding gives the count; it is the same finding whatever the count
    and whatever else changes in the record (it used to be known by a hash of the whole record)."""
    record = bad_record(5)
    record["technical_details"]["error_metrics"] = {f"metric_{n}": "TBD" for n in range(150)}
    write(repo / "incidents" / "old-4.json", record)
    code, out, _ = run_cli("--format", "json", "--write-baseline", "baseline.json", "incidents/old-4.json")
    assert code == 0
    assert json.loads(Path("baseline.json").read_text("utf-8"))["findings"][0]["message"] == (
        "50 more findings of this rule in this file are not listed (only the first 100 are); fix those and run again"
    )
    record["title"] = "Payment API outage (edited)"
    record["technical_details"]["error_metrics"]["metric_149"] = "3.2%"  # one fewer placeholder: the count changes
    write(repo / "incidents" / "old-4.json", record)
    code, out, err = run_cli("--format", "json", "--baseline", "baseline.json", "incidents/old-4.json")
    assert (code, json.loads(out)["diagnostics"], err) == (0, [], "")


# -- the baseline file is written carefully and read like any other setup file (hostile-inputs.md A3, D1, H2) -------


def _no_temporary_files(directory: Path) -> bool:
    return not [name for name in os.listdir(directory) if name.endswith(".tmp") or "baseline-" in name]


def test_write_baseline_follows_a_symlink_and_keeps_the_targets_mode(repo: Path) -> None:
    target = repo / "kept" / "baseline.json"
    target.parent.mkdir()
    target.write_text("{}\n", "utf-8")
    target.chmod(0o640)
    link = repo / "baseline.json"
    link.symlink_to(target)
    code, _, err = lint("--write-baseline", "baseline.json", "incidents")
    assert (code, err) == (0, "incidentlint: wrote 3 findings to the baseline baseline.json\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(json.loads(target.read_text("utf-8"))["findings"]) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _no_temporary_files(repo) and _no_temporary_files(target.parent)


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test, and put the old one back."""
    old = os.umask(0o022)

    def set_to(mask: int) -> None:
        os.umask(mask)

    try:
        yield set_to
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_baseline_gets_the_mode_the_umask_gives_any_new_file(
    repo: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    umask(mask)
    code, _, _ = lint("--write-baseline", "baseline.json", "incidents")
    assert code == 0
    assert stat.S_IMODE(Path("baseline.json").stat().st_mode) == mode


def test_rewriting_a_baseline_keeps_its_mode(repo: Path) -> None:
    Path("baseline.json").write_text("{}\n", "utf-8")
    Path("baseline.json").chmod(0o664)
    assert lint("--write-baseline", "baseline.json", "incidents")[0] == 0
    assert stat.S_IMODE(Path("baseline.json").stat().st_mode) == 0o664


def test_write_baseline_refuses_a_fifo_before_linting_and_leaves_it_a_fifo(repo: Path) -> None:
    os.mkfifo("baseline.json")
    code, out, err = run_cli("--write-baseline", "baseline.json", "incidents")
    assert (code, out) == (2, "")  # no report: the run stopped before linting
    assert err == (
        "incidentlint: error: cannot write the baseline baseline.json: it is a pipe (FIFO), not a regular file; "
        "nothing was written. Name a regular file, or one that does not exist yet\n"
    )
    assert stat.S_ISFIFO(os.stat("baseline.json").st_mode)
    assert _no_temporary_files(repo)


def test_write_baseline_refuses_a_hard_linked_file(repo: Path) -> None:
    Path("baseline.json").write_text("{}\n", "utf-8")
    os.link("baseline.json", "other.json")
    code, out, err = run_cli("--write-baseline", "baseline.json", "incidents")
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: cannot write the baseline baseline.json: it has 2 hard links, and replacing it would "
        "separate them; nothing was written. Replace it with a plain copy first\n"
    )
    assert Path("other.json").read_text("utf-8") == "{}\n" and os.stat("baseline.json").st_nlink == 2


def test_write_baseline_to_a_directory_is_a_usage_error(repo: Path) -> None:
    code, out, err = run_cli("--write-baseline", "incidents", "incidents")
    assert (code, out) == (2, "")
    assert err.endswith("incidentlint: error: Invalid value for '--write-baseline': File 'incidents' is a directory.\n")
    assert Path("incidents").is_dir()


def test_a_fifo_given_as_the_baseline_is_refused_without_blocking(repo: Path) -> None:
    os.mkfifo("baseline.json")
    # The installed console script with a timeout: had it opened the FIFO to read it, it would wait for a writer.
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "incidentlint"), "--baseline", "baseline.json", "incidents"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert proc.stderr.decode() == (
        "incidentlint: error: baseline baseline.json is a pipe (FIFO), not a regular file; name a regular file\n"
    )


def test_a_device_given_as_the_baseline_is_refused(repo: Path) -> None:
    code, out, err = run_cli("--baseline", "/dev/null", "incidents")
    assert (code, out) == (2, "")
    assert (
        err
        == "incidentlint: error: baseline /dev/null is a device or socket, not a regular file; name a regular file\n"
    )


def test_an_oversized_baseline_is_refused_before_it_is_read(repo: Path) -> None:
    with open("baseline.json", "wb") as handle:  # sparse: 100 MiB on paper, nothing on disk
        handle.truncate(MAX_BASELINE_BYTES + 36 * 1024 * 1024)
    code, out, err = run_cli("--baseline", "baseline.json", "incidents")
    assert (code, out) == (2, "")
    assert err == "incidentlint: error: baseline baseline.json is 100.0 MiB, over the 64.0 MiB limit\n"


def test_a_deeply_nested_baseline_is_refused(repo: Path) -> None:
    Path("baseline.json").write_text('{"findings":' + "[" * 2000 + "]" * 2000 + "}", "utf-8")
    code, out, err = run_cli("--baseline", "baseline.json", "incidents")
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: baseline baseline.json nests too deeply to be an incidentlint baseline; "
        "write a new one with --write-baseline\n"
    )


def test_a_baseline_that_is_not_utf8_is_refused(repo: Path) -> None:
    Path("baseline.json").write_bytes(b'{"version": 1, "findings": ["\xff"]}')
    code, out, err = run_cli("--baseline", "baseline.json", "incidents")
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: baseline baseline.json: invalid UTF-8: byte 0xff cannot start or continue a "
        "character; save the file as UTF-8\n"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_leaves_alone_what_the_baseline_hides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str) -> None:
    # Accepted findings are accepted as they are: a pre-commit run with --fix must not rewrite old records.
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["responders"].append(data["responders"][0])  # duplicate-responder, with an unsafe fix
    old, new = Path("INC-2024-0315-001.json"), Path("INC-2024-0315-002.json")
    old.write_text(json.dumps(data, indent=2), "utf-8")
    run_cli("--write-baseline", "baseline.json", str(old))
    new.write_text(json.dumps({**data, "incident_id": "INC-2024-0315-002"}, indent=2), "utf-8")
    before = old.read_bytes()
    code, out, _ = run_cli(
        "--jobs", jobs, "--baseline", "baseline.json", "--fix", "--unsafe-fixes", "--format", "json", str(old), str(new)
    )
    assert old.read_bytes() == before
    assert len(json.loads(new.read_text("utf-8"))["responders"]) == len(reference()["responders"])  # fixed
    assert (code, json.loads(out)["diagnostics"]) == (1, [])  # 1: a file was changed, for review


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_of_a_new_finding_leaves_a_baselined_one_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    # The pass that fixed the new finding lints the file again, and that fresh lint brought the baselined finding's
    # fix back: a new duplicate responder made --fix also rewrite the accepted duration.
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["duration"] = "1h 15m"  # duration-mismatch, accepted into the baseline
    path = Path("INC-2024-0315-001.json")
    path.write_text(json.dumps(data, indent=2), "utf-8")
    run_cli("--write-baseline", "baseline.json", str(path))
    data["responders"].append(data["responders"][0])  # a new finding, fixable
    path.write_text(json.dumps(data, indent=2), "utf-8")
    code, out, err = run_cli(
        "--jobs", jobs, "--baseline", "baseline.json", "--fix", "--unsafe-fixes", "--format", "json", str(path)
    )
    fixed = json.loads(path.read_text("utf-8"))
    assert fixed["duration"] == "1h 15m"
    assert fixed["responders"] == reference()["responders"]
    assert (code, json.loads(out)["diagnostics"]) == (1, [])
    assert err == "incidentlint: applied 1 fix in 1 file\n"


# -- an entry is judged only where the run could have found it again ------------------------------------------------


def entries() -> list[tuple[str, str, str]]:
    return [
        (f["file"], f["rule"], f["pointer"]) for f in json.loads(Path("baseline.json").read_text("utf-8"))["findings"]
    ]


ALL_THREE = [
    ("incidents/old-1.json", "schema", "/severity"),
    ("incidents/old-2.json", "schema", "/severity"),
    ("incidents/old-2.json", "schema", "/status"),
]


def test_a_prune_over_one_file_keeps_the_entries_of_the_others(repo: Path) -> None:
    # A prune over one file took a baseline of 50 entries down to that file's 2, without a word.
    lint("--write-baseline", "baseline.json", "incidents")
    write(repo / "incidents" / "old-1.json", bad_record(1))  # fixed
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents/old-1.json")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines() == [
        "incidentlint: wrote 2 findings to the baseline baseline.json",
        "incidentlint: dropped 1 baseline entry that matches no finding any more; baseline.json no longer lists it:",
        "  incidents/old-1.json: schema at '/severity'",
    ]
    assert entries() == ALL_THREE[1:]
    code, report, err = lint("--baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (0, [], "")


def test_rules_that_did_not_run_keep_their_entries(repo: Path) -> None:
    # --select of one rule called every other rule's entries stale, and a prune dropped them.
    lint("--write-baseline", "baseline.json", "incidents")
    args = ("--format", "json", "--select", "duration-mismatch", "--baseline", "baseline.json")
    code, out, err = run_cli(*args, "incidents")
    assert (code, json.loads(out)["diagnostics"], err) == (0, [], "")
    code, out, err = run_cli(*args, "--write-baseline", "baseline.json", "incidents")
    assert (code, err) == (0, "incidentlint: wrote 3 findings to the baseline baseline.json\n")
    assert entries() == ALL_THREE


def test_a_rule_switched_off_for_a_file_keeps_its_entries_there(repo: Path) -> None:
    write(repo / "incidents" / "old-1.json", bad_record(1, title="TBD"))
    run_cli("--write-baseline", "baseline.json", "incidents")
    assert ("incidents/old-1.json", "placeholder-text", "/title") in entries()
    Path("pyproject.toml").write_text(
        '[tool.incidentlint.per-file-ignores]\n"incidents/old-1.json" = ["placeholder-text"]\n', "utf-8"
    )
    code, _, err = run_cli("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert (code, err) == (0, "incidentlint: wrote 3 findings to the baseline baseline.json\n")
    assert entries() == [("incidents/old-1.json", "placeholder-text", "/title"), *ALL_THREE[1:]]


def test_a_file_that_cannot_be_parsed_keeps_its_entries(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    (repo / "incidents" / "old-2.json").write_text('{"severity": "urgent",}', "utf-8")  # mid-edit
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert (code, [d["rule"] for d in report["diagnostics"]]) == (1, ["parse-error"])
    assert err == "incidentlint: wrote 3 findings to the baseline baseline.json\n"
    assert entries() == ALL_THREE


def test_an_excluded_file_keeps_its_entries(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    Path("pyproject.toml").write_text('[tool.incidentlint]\nexclude = ["old-2.json"]\n', "utf-8")
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (
        0,
        [],
        "incidentlint: wrote 3 findings to the baseline baseline.json\n",
    )
    assert entries() == ALL_THREE


def test_entries_of_a_deleted_file_are_stale_in_any_run(repo: Path) -> None:
    # They were never reported, though a prune dropped them.
    lint("--write-baseline", "baseline.json", "incidents")
    (repo / "incidents" / "old-2.json").unlink()
    code, report, err = lint("--baseline", "baseline.json", "incidents/old-1.json")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines() == OLD_2_IS_STALE
    lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents/old-1.json")
    assert entries() == ALL_THREE[:1]


def test_a_duplicate_id_is_not_stale_because_its_twin_is_not_in_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.json", bad_record(1))
    write(tmp_path / "b.json", bad_record(1))
    run_cli("--write-baseline", "baseline.json", "a.json", "b.json")
    assert entries() == [
        ("a.json", "duplicate-incident-id", "/incident_id"),
        ("b.json", "duplicate-incident-id", "/incident_id"),
    ]
    code, out, err = run_cli("--format", "json", "--baseline", "baseline.json", "a.json")
    assert (code, json.loads(out)["diagnostics"], err) == (0, [], "")
    # With both in the run and the duplicate gone, both entries are stale.
    write(tmp_path / "b.json", bad_record(2))
    code, out, err = run_cli("--format", "json", "--baseline", "baseline.json", "a.json", "b.json")
    assert (code, json.loads(out)["diagnostics"]) == (0, [])
    assert err.splitlines()[1:] == [
        "  a.json: duplicate-incident-id at '/incident_id'",
        "  b.json: duplicate-incident-id at '/incident_id'",
    ]


def test_an_entry_may_name_its_rule_by_code(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    data = json.loads(Path("baseline.json").read_text("utf-8"))
    for finding in data["findings"]:
        finding["rule"] = "IL003"
    Path("baseline.json").write_text(json.dumps(data), "utf-8")
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (
        0,
        [],
        "incidentlint: wrote 3 findings to the baseline baseline.json\n",
    )
    assert entries() == ALL_THREE  # written back by name


def test_an_accepted_unused_suppression_does_not_hide_another(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A comment has no value to hash: every unused suppression of a file had the same identity.
    monkeypatch.chdir(tmp_path)
    text = (EXAMPLE_YAML := yaml.safe_dump(reference(), sort_keys=False))
    path = tmp_path / "INC-2024-0315-001.yaml"
    path.write_text(text.replace("severity: sev2", "severity: sev2  # incidentlint: disable=placeholder-text"), "utf-8")
    run_cli("--write-baseline", "baseline.json", str(path.name))
    assert entries() == [("INC-2024-0315-001.yaml", "unused-suppression", "")]
    path.write_text(
        EXAMPLE_YAML.replace("status: resolved", "status: resolved  # incidentlint: disable=end-befor-start"), "utf-8"
    )
    code, out, _ = run_cli("--format", "json", "--baseline", "baseline.json", path.name)
    assert code == 0  # a warning
    assert [(d["rule"], d["message"]) for d in json.loads(out)["diagnostics"]] == [
        (
            "unused-suppression",
            "the suppression names 'end-befor-start', which is not a rule; did you mean 'end-before-start'?",
        )
    ]


def test_a_prune_that_drops_nothing_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # duplicate-incident-id names the other file as the run spelled it; a prune rewrote those messages with
    # './incidents/...' or an absolute path, depending on who ran it from where.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "incidents").mkdir()
    write(tmp_path / "incidents" / "a.json", bad_record(1))
    write(tmp_path / "incidents" / "b.json", bad_record(1))
    run_cli("--write-baseline", "baseline.json", "incidents")
    before = Path("baseline.json").read_bytes()
    assert b"is also used by incidents/b.json" in before
    for spelling in ("./incidents", str(tmp_path / "incidents")):
        code, _, err = run_cli("--baseline", "baseline.json", "--write-baseline", "baseline.json", spelling)
        assert (code, err) == (0, "incidentlint: wrote 2 findings to the baseline baseline.json\n")
        assert Path("baseline.json").read_bytes() == before


def test_a_refused_write_baseline_stops_the_run_before_fix_changes_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The target is checked before anything is linted: were it checked only when the baseline is written, --fix
    # would already have rewritten the records of a run that then fails with a usage error.
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["responders"].append(data["responders"][0])  # duplicate-responder, with an unsafe fix
    record = Path("INC-2024-0315-001.json")
    record.write_text(json.dumps(data, indent=2), "utf-8")
    before = record.read_bytes()
    os.mkfifo("baseline.json")
    code, out, err = run_cli("--fix", "--unsafe-fixes", "--write-baseline", "baseline.json", str(record))
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: cannot write the baseline baseline.json: it is a pipe (FIFO), not a regular file; "
        "nothing was written. Name a regular file, or one that does not exist yet\n"
    )
    assert record.read_bytes() == before


def test_an_entry_for_standard_input_is_never_called_stale(repo: Path) -> None:
    # '<stdin>' is no file on disk: its entry is judged only by a run that reads standard input.
    lint("--write-baseline", "baseline.json", "incidents")
    data = json.loads(Path("baseline.json").read_text("utf-8"))
    data["findings"].append({**data["findings"][0], "file": "<stdin>"})
    Path("baseline.json").write_text(json.dumps(data), "utf-8")
    code, report, err = lint("--baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (0, [], "")
    lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert entries() == [("<stdin>", "schema", "/severity"), *ALL_THREE]


def test_a_prune_into_another_folder_makes_the_entries_relative_to_it(repo: Path) -> None:
    lint("--write-baseline", "baseline.json", "incidents")
    write(repo / "incidents" / "old-2.json", bad_record(2))  # fixed: both its entries are stale
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "incidents/baseline.json", "incidents")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines()[0] == "incidentlint: wrote 1 finding to the baseline incidents/baseline.json"
    written = json.loads(Path("incidents/baseline.json").read_text("utf-8"))["findings"]
    assert [(f["file"], f["pointer"]) for f in written] == [("old-1.json", "/severity")]
    code, report, err = lint("--baseline", "incidents/baseline.json", "incidents")
    assert (code, report["diagnostics"], err) == (0, [], "")


def test_only_a_name_in_angle_brackets_is_standard_input(tmp_path: Path) -> None:
    # '<stdin>' is never stale for want of a file; a deleted record whose name merely starts or ends with one of
    # the brackets is.
    entries = [Entry(name, "schema", "/severity", "h") for name in ("<draft.json", "draft.json>", "<stdin>")]
    outcome = Baseline(tmp_path / "baseline.json", entries).apply([])
    assert [e.file for e in outcome.unmatched] == ["<draft.json", "draft.json>"]
    assert [e.file for e in outcome.unjudged] == ["<stdin>"]


def test_a_key_listed_three_times_with_one_match_left_drops_two(repo: Path) -> None:
    # Each listing hides one finding: of three copies of an entry whose finding is still there, one matches and
    # two are stale; the prune drops exactly those two.
    lint("--write-baseline", "baseline.json", "incidents")
    data = json.loads(Path("baseline.json").read_text("utf-8"))
    data["findings"][1:1] = [data["findings"][0]] * 2
    Path("baseline.json").write_text(json.dumps(data), "utf-8")
    code, report, err = lint("--baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines() == [
        "incidentlint: 2 baseline entries match no finding any more; run again with both --baseline and "
        "--write-baseline on the same file to drop them:",
        "  incidents/old-1.json: schema at '/severity'",
        "  incidents/old-1.json: schema at '/severity'",
    ]
    code, report, err = lint("--baseline", "baseline.json", "--write-baseline", "baseline.json", "incidents")
    assert (code, report["diagnostics"]) == (0, [])
    assert err.splitlines()[0] == "incidentlint: wrote 3 findings to the baseline baseline.json"
    assert entries() == ALL_THREE


def test_a_listed_parse_error_is_still_reported(tmp_path: Path) -> None:
    # A hand-edited baseline may list one; a file that cannot be parsed is never hidden.
    path = str(tmp_path / "a.json")
    problem = Diagnostic(path, 1, 1, 1, 2, "parse-error", "IL001", Severity.ERROR, "m", "")
    baseline = Baseline(tmp_path / "baseline.json", [Entry("a.json", "parse-error", "", "")])
    outcome = baseline.apply([FileResult(path, [problem])])
    assert (outcome.results[0].diagnostics, outcome.hidden) == ([problem], [])


def test_the_baseline_file_is_ascii_whatever_the_messages_hold(repo: Path) -> None:
    # Escaped, so a baseline diffs and reviews the same in any editor or terminal encoding.
    write(repo / "incidents" / "old-1.json", bad_record(1, severity="crítico"))
    lint("--write-baseline", "baseline.json", "incidents")
    raw = Path("baseline.json").read_bytes()
    assert raw.isascii()
    assert b"got 'cr\\u00edtico'" in raw
    assert json.loads(raw)["findings"][0]["message"].endswith("got 'crítico'")
