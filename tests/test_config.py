"""Configuration: discovery, every key, command-line flags layered on top, and every error path (exit 2)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from incidentlint.api import Rule
from incidentlint.config import Config, ConfigError
from incidentlint.diagnostics import Severity
from incidentlint.engine import Linter
from incidentlint.registry import RuleLoadError
from tests.helpers import ROOT, reference, run_cli, run_json

HOUSE_RULES = ROOT / "tests" / "fixtures" / "local_rules" / "house_rules.py"
RECORD = """\
title: A title that is longer than forty characters, by far
description: A total outage of checkout.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the house rules and one small record, rec.yaml."""
    shutil.copy(HOUSE_RULES, tmp_path / "house_rules.py")
    (tmp_path / "rec.yaml").write_text(RECORD, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def found(*args: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Exit code and (rule, line, column, severity) of every diagnostic."""
    code, report = run_json(*args)
    return code, [(d["rule"], d["line"], d["column"], d["severity"]) for d in report["diagnostics"]]


def rules_of(*args: str) -> set[str]:
    return {rule for rule, *_ in found(*args)[1]}


def error_of(*args: str) -> str:
    """The one-line error of a run that must fail with exit 2."""
    code, out, err = run_cli(*args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("incidentlint: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    return err.removeprefix("incidentlint: error: ").rstrip("\n")


HOUSE = 'rule-paths = ["house_rules.py"]\n'


# -- discovery ----------------------------------------------------------------------------------------------


def test_config_is_found_by_walking_up_from_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    sub = project / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert found("../../rec.yaml") == (0, [("team-required", 1, 1, "warning")])


def test_nearest_config_wins_over_one_further_up(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    write(project / "sub" / ".incidentlint.toml", 'rule-paths = ["../house_rules.py"]\nselect = ["HSE002"]\n')
    monkeypatch.chdir(project / "sub")
    assert found("../rec.yaml") == (0, [("title-length", 1, 8, "info")])


def test_pyproject_counts_only_with_a_tool_incidentlint_table(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    write(project / "sub" / "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 100\n')
    monkeypatch.chdir(project / "sub")
    assert rules_of("../rec.yaml") == {"team-required"}
    write(
        project / "sub" / "pyproject.toml",
        '[tool.incidentlint]\nrule-paths = ["../house_rules.py"]\nselect = ["HSE002"]\n',
    )
    assert rules_of("../rec.yaml") == {"title-length"}


def test_a_pyproject_that_cannot_be_read_is_passed_over_by_discovery(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unreadable to the user running incidentlint (tests run as root, so refusing is simulated): it is some other
    # tool's file, not ours to fail on, and discovery goes on up to the configuration above it.
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    unreadable = write(project / "sub" / "pyproject.toml", "[tool.incidentlint]\n")
    real_open, real_read_text = Path.open, Path.read_text

    def refuse(reader: Any) -> Any:
        def read(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == unreadable:
                raise PermissionError(13, "Permission denied", str(self))
            return reader(self, *args, **kwargs)

        return read

    monkeypatch.setattr(Path, "open", refuse(real_open))
    monkeypatch.setattr(Path, "read_text", refuse(real_read_text))
    monkeypatch.chdir(project / "sub")
    assert found("../rec.yaml") == (0, [("team-required", 1, 1, "warning")])


def test_yaml_config_file(project: Path) -> None:
    write(project / ".incidentlint.yaml", "rule-paths: [house_rules.py]\nselect: [team-required]\n")
    assert found("rec.yaml") == (0, [("team-required", 1, 1, "warning")])


def test_yml_config_file(project: Path) -> None:
    write(project / ".incidentlint.yml", "rule-paths: [house_rules.py]\nselect: [title-length]\n")
    assert rules_of("rec.yaml") == {"title-length"}


def test_explicit_config_overrides_the_discovered_one(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    write(project / "other" / "conf.toml", 'rule-paths = ["../house_rules.py"]\nselect = ["HSE002"]\n')
    assert rules_of("--config", "other/conf.toml", "rec.yaml") == {"title-length"}


def test_explicit_config_that_does_not_exist(project: Path) -> None:
    assert error_of("--config", "nope.toml", "rec.yaml") == "the configuration file nope.toml does not exist"


def test_explicit_config_that_is_a_fifo_is_refused_without_reading_it(project: Path) -> None:
    os.mkfifo(project / "conf.toml")
    assert error_of("--config", "conf.toml", "rec.yaml") == (
        "the configuration file conf.toml is a pipe (FIFO), not a regular file; name a regular file"
    )


def test_explicit_config_that_is_a_device_is_refused(project: Path) -> None:
    assert error_of("--config", "/dev/null", "rec.yaml") == (
        "the configuration file /dev/null is a device or socket, not a regular file; name a regular file"
    )


def test_an_oversized_config_is_refused_before_it_is_read(project: Path) -> None:
    with open(project / "conf.yaml", "wb") as handle:  # sparse: 3 MiB on paper, nothing on disk
        handle.truncate(3 * 1024 * 1024)
    assert error_of("--config", "conf.yaml", "rec.yaml") == (
        "the configuration file conf.yaml is 3.0 MiB, over the 1.0 MiB limit"
    )


def test_a_config_of_exactly_one_mebibyte_is_read_and_one_byte_more_is_refused(project: Path) -> None:
    text = HOUSE + 'select = ["HSE001"]\n'
    padded = text + "#" * (1024 * 1024 - len(text) - 1) + "\n"  # a comment fills the file up to the limit
    write(project / "conf.toml", padded)
    assert (project / "conf.toml").stat().st_size == 1024 * 1024
    assert rules_of("--config", "conf.toml", "rec.yaml") == {"team-required"}
    write(project / "conf.toml", padded + "\n")
    assert error_of("--config", "conf.toml", "rec.yaml") == (
        "the configuration file conf.toml is 1,048,577 bytes, over the 1,048,576-byte limit"
    )


def test_a_discovered_config_that_is_a_broken_link_is_an_error_not_the_defaults(project: Path) -> None:
    # It was skipped, and the run went on with the default rules: "All clean" under the wrong configuration.
    (project / ".incidentlint.toml").symlink_to("../shared/incidentlint.toml")
    assert error_of("rec.yaml") == (
        "the configuration file .incidentlint.toml is a broken link to ../shared/incidentlint.toml, which does not "
        "exist; point it at a configuration file, or remove it"
    )


def test_an_explicit_config_that_is_a_broken_link_says_so(project: Path) -> None:
    (project / "conf.toml").symlink_to("gone.toml")
    assert error_of("--config", "conf.toml", "rec.yaml") == (
        "the configuration file conf.toml is a broken link to gone.toml, which does not exist; "
        "point it at a configuration file, or remove it"
    )


@pytest.mark.parametrize(
    ("make", "kind"), [(os.mkdir, "a directory"), (os.mkfifo, "a pipe (FIFO)")], ids=["directory", "fifo"]
)
def test_a_discovered_config_that_is_not_a_file_is_an_error_without_blocking(
    project: Path, make: Any, kind: str
) -> None:
    make(project / ".incidentlint.yaml")
    for command in (["rec.yaml"], ["rules"], ["explain", "schema"]):
        assert error_of(*command) == (
            f"the configuration file .incidentlint.yaml is {kind}, not a regular file; "
            "remove it, or make it a configuration file"
        )


def test_no_config_anywhere_uses_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rec.json").write_text(json.dumps(reference()), "utf-8")
    assert run_cli("rec.json")[0] == 0


def test_a_config_named_with_the_flag_does_not_warn_about_the_files_beside_it(project: Path) -> None:
    # Discovery passed nothing over: the flag chose this file, so a pyproject.toml table beside it is not news.
    write(project / "pyproject.toml", '[tool.incidentlint]\nrule-paths = ["house_rules.py"]\nselect = ["HSE002"]\n')
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    assert run_cli("--config", ".incidentlint.toml", "--format", "concise", "-q", "rec.yaml") == (
        0,
        "rec.yaml:1:1: warning[team-required] the record has no x-team; name the owning team, like x-team: payments\n",
        "",
    )


def test_without_a_config_file_a_hidden_file_named_directly_is_read(project: Path) -> None:
    # force-exclude is off by default: the default exclude's '.*' skips hidden files only while walking.
    write(project / "records" / ".draft.yaml", RECORD)
    code, report = run_json("--select", "schema", "records/.draft.yaml")
    assert (code, report["summary"]["files"], {d["file"] for d in report["diagnostics"]}) == (
        1,
        1,
        {"records/.draft.yaml"},
    )


def test_a_walk_skips_the_default_excludes_even_with_an_exclude_of_its_own(project: Path) -> None:
    # Dependencies and caches hold JSON that is no record; a configured exclude adds to these, never replaces them.
    for directory in ("node_modules/pkg", "venv/lib", "__pycache__", ".git", ".venv", ".tox", "drafts", "kept"):
        write(project / "tree" / directory / "r.yaml", RECORD)
    write(project / "tree" / ".pre-commit-config.yaml", RECORD)
    write(project / ".incidentlint.toml", 'exclude = ["drafts"]\n')
    code, report = run_json("--select", "schema", "tree")
    assert (code, report["summary"]["files"], {d["file"] for d in report["diagnostics"]}) == (
        1,
        1,
        {"tree/kept/r.yaml"},
    )


# -- select / ignore / extend-select ------------------------------------------------------------------------


def test_select_by_name_code_and_prefix(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["team-required"]\n')
    assert rules_of("rec.yaml") == {"team-required"}
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE002"]\n')
    assert rules_of("rec.yaml") == {"title-length"}
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE"]\n')
    # The prefix selects banned-words too, although it is off by default.
    assert rules_of("rec.yaml") == {"team-required", "title-length", "banned-words"}
    write(project / ".incidentlint.toml", HOUSE + 'select = ["hse00"]\n')
    assert rules_of("rec.yaml") == {"team-required", "title-length", "banned-words"}


def test_select_all_enables_rules_that_are_off_by_default(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["ALL"]\nignore = ["schema"]\n')
    assert {"banned-words", "team-required", "title-length"} <= rules_of("rec.yaml")


def test_ignore(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE"]\nignore = ["title-length", "HSE003"]\n')
    assert rules_of("rec.yaml") == {"team-required"}


def test_extend_select_adds_to_the_defaults(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'extend-select = ["banned-words"]\nignore = ["schema"]\n')
    assert rules_of("rec.yaml") == {"team-required", "title-length", "banned-words"}


def test_default_selection_leaves_off_by_default_rules_off(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE)
    assert rules_of("rec.yaml") == {"schema", "team-required", "title-length"}


# -- command-line flags win ---------------------------------------------------------------------------------


def test_select_flag_replaces_the_file_selection(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["team-required"]\n')
    assert rules_of("--select", "title-length", "rec.yaml") == {"title-length"}


def test_extend_select_flag_reenables_a_rule_the_file_ignores(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE"]\nignore = ["title-length"]\n')
    assert rules_of("--extend-select", "title-length", "rec.yaml") == {"team-required", "title-length", "banned-words"}


def test_ignore_flag_removes_a_rule_the_file_selects(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["team-required", "title-length"]\n')
    assert rules_of("--ignore", "team-required", "rec.yaml") == {"title-length"}


def test_fail_on_flag_wins_over_the_file(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["team-required"]\nfail-on = "warning"\n')
    assert found("rec.yaml")[0] == 1
    assert found("--fail-on", "error", "rec.yaml")[0] == 0


def test_flags_work_without_a_config_file(project: Path) -> None:
    assert rules_of("--select", "schema", "rec.yaml") == {"schema"}


# -- severity -----------------------------------------------------------------------------------------------


def test_severity_override_changes_the_level_and_the_exit_code(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n[severity]\nteam-required = "error"\n')
    assert found("rec.yaml") == (1, [("team-required", 1, 1, "error")])


def test_severity_off_switches_a_rule_off(project: Path) -> None:
    write(
        project / ".incidentlint.toml", HOUSE + 'select = ["HSE"]\n[severity]\ntitle-length = "off"\nHSE003 = "off"\n'
    )
    assert rules_of("rec.yaml") == {"team-required"}


def test_a_flag_naming_a_rule_wins_over_the_files_severity_off(project: Path) -> None:
    """As --extend-select re-enables a rule the file ignores, it re-enables one the file sets to "off" (at the
    rule's own severity); a prefix does not, so --extend-select HSE leaves the team's "off" alone."""
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n[severity]\ntitle-length = "off"\n')
    assert found("--extend-select", "title-length", "rec.yaml") == (
        0,
        [("team-required", 1, 1, "warning"), ("title-length", 1, 8, "info")],
    )
    assert found("--select", "HSE002", "rec.yaml") == (0, [("title-length", 1, 8, "info")])
    assert rules_of("--extend-select", "HSE", "rec.yaml") == {"team-required", "banned-words"}


def test_a_flag_naming_a_rule_keeps_the_files_severity_for_it(project: Path) -> None:
    # Only "off" gives way to the flag: a level the team chose stays.
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n[severity]\nteam-required = "error"\n')
    assert found("--select", "team-required", "rec.yaml") == (1, [("team-required", 1, 1, "error")])
    assert found("--extend-select", "HSE001", "rec.yaml") == (1, [("team-required", 1, 1, "error")])


def test_a_flag_naming_a_core_check_the_file_turned_off_runs_it_at_its_own_severity(project: Path) -> None:
    write(project / ".incidentlint.toml", '[severity]\nschema = "off"\n')
    assert rules_of("rec.yaml") == set()
    code, diagnostics = found("--select", "schema", "rec.yaml")
    assert code == 1
    assert {(rule, severity) for rule, _, _, severity in diagnostics} == {("schema", "error")}


def test_an_empty_select_flag_is_a_usage_error_not_a_run_of_nothing(project: Path) -> None:
    for value in ("", ","):
        assert error_of("--select", value, "rec.yaml") == (
            "--select names no rule; name rules, codes or code prefixes, like --select IL1, or leave it out"
        )


EMPTY_SELECT = (
    "is empty, so only the checks that are always on (parse-error, io-error, internal-error) would run; name the "
    'rules to run, like ["IL1"], or remove select to run the default rules'
)


@pytest.mark.parametrize(
    ("name", "text", "label", "where"),
    [
        (".incidentlint.toml", "select = []\n", ".incidentlint.toml", "line 1, column 10"),
        # The usual way to get one: the only entry commented out, which ruff runs as "no rules" and passes.
        (
            ".incidentlint.toml",
            'fail-on = "info"\nselect = [\n  # "IL1",\n]\n',
            ".incidentlint.toml",
            "line 2, column 10",
        ),
        (
            "pyproject.toml",
            "[tool.incidentlint]\nselect = []\n",
            "pyproject.toml [tool.incidentlint]",
            "line 2, column 10",
        ),
        (".incidentlint.yaml", "fail-on: info\nselect: []\n", ".incidentlint.yaml", "line 2, column 9"),
        (".incidentlint.yml", "select:\n", ".incidentlint.yml", None),  # null, not a list: the type error says so
    ],
)
def test_an_empty_select_in_the_file_is_a_configuration_error_like_the_flag(
    project: Path, name: str, text: str, label: str, where: str | None
) -> None:
    write(project / name, text)
    message = error_of("rec.yaml")
    if where is None:
        assert message == f'{label}: select (line 1, column 8) must be a list, like ["a", "b"]; got null'
    else:
        assert message == f"{label}: select ({where}) {EMPTY_SELECT}"
        # --select replaces the file's selection, but the file is still wrong: it is checked before anything runs.
        assert error_of("--select", "schema", "rec.yaml") == message
        assert error_of("rules") == message


def test_severity_by_prefix_with_the_exact_name_winning(project: Path) -> None:
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001", "HSE002"]\n[severity]\nteam-required = "info"\nHSE = "error"\n',
    )
    assert found("rec.yaml") == (1, [("team-required", 1, 1, "info"), ("title-length", 1, 8, "error")])


def test_all_is_the_least_specific_severity_whatever_the_order(project: Path) -> None:
    # ALL sorts before any code prefix, even a one-letter one written before it, so the prefix wins.
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001", "HSE002"]\n[severity]\nH = "error"\nALL = "info"\n',
    )
    assert found("rec.yaml") == (1, [("team-required", 1, 1, "error"), ("title-length", 1, 8, "error")])


def test_severity_of_a_core_check(project: Path) -> None:
    write(project / "rec.yaml", "title: 5\n")
    write(project / ".incidentlint.toml", '[severity]\nschema = "warning"\n')
    code, diagnostics = found("rec.yaml")
    assert code == 0
    assert {(rule, severity) for rule, _, _, severity in diagnostics} == {("schema", "warning")}


# -- per-file-ignores ---------------------------------------------------------------------------------------


def test_per_file_ignores_by_glob_relative_to_the_config(project: Path) -> None:
    write(project / "drafts" / "d.yaml", RECORD)
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001", "HSE002"]\n[per-file-ignores]\n"drafts/*.yaml" = ["team-required"]\n',
    )
    assert found("drafts/d.yaml", "rec.yaml")[1] == [
        ("title-length", 1, 8, "info"),
        ("team-required", 1, 1, "warning"),
        ("title-length", 1, 8, "info"),
    ]


# A leading ./ is the same as none, and so are the slashes after it: .//rec.yaml is not /rec.yaml (anchored).
@pytest.mark.parametrize("glob", ["rec.yaml", "./rec.yaml", ".//rec.yaml"])
def test_per_file_ignores_without_a_slash_matches_the_file_name_anywhere(project: Path, glob: str) -> None:
    write(project / "deep" / "er" / "rec.yaml", RECORD)
    write(project / ".incidentlint.toml", HOUSE + f'select = ["HSE001"]\n[per-file-ignores]\n"{glob}" = ["HSE001"]\n')
    assert found("deep/er/rec.yaml", "rec.yaml") == (0, [])


@pytest.mark.parametrize(
    "glob",
    [
        "incidents/legacy",  # a directory covers every file below it, as in exclude
        "incidents/legacy/",
        "legacy",  # no slash: a directory name at any depth
        "incidents/legacy/**",
        "./incidents/legacy/*",  # ./ means the configuration's directory, which a slash already anchors to
        "<home>/incidents/legacy/**",  # so does that directory's absolute path
        "**/old/*.yaml",
    ],
)
def test_per_file_ignores_globs_cover_directories_dot_slash_and_absolute_paths(project: Path, glob: str) -> None:
    write(project / "incidents" / "legacy" / "old" / "rec.yaml", RECORD)
    write(project / "incidents" / "rec.yaml", RECORD)
    glob = glob.replace("<home>", str(project))
    write(project / ".incidentlint.toml", HOUSE + f'select = ["HSE001"]\n[per-file-ignores]\n"{glob}" = ["HSE001"]\n')
    code, report = run_json("incidents")
    assert code == 0
    assert [d["file"] for d in report["diagnostics"]] == ["incidents/rec.yaml"]


@pytest.mark.parametrize("glob", ["!./incidents/", "!incidents/"])
def test_a_negated_per_file_ignores_glob_ignores_the_rules_everywhere_else(project: Path, glob: str) -> None:
    """ruff's '!': here team-required applies only under incidents/, the files of other teams are spared it."""
    write(project / "incidents" / "rec.yaml", RECORD)
    write(project / "other" / "rec.yaml", RECORD)
    write(
        project / ".incidentlint.toml",
        HOUSE + f'select = ["HSE001"]\n[per-file-ignores]\n"{glob}" = ["HSE001"]\n',
    )
    code, report = run_json("incidents", "other")
    assert (code, [d["file"] for d in report["diagnostics"]]) == (0, ["incidents/rec.yaml"])
    write(project / ".incidentlint.toml", 'exclude = ["!drafts"]\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: exclude[0] '!drafts' (line 1, column 12) cannot be negated with '!'; list only the "
        "globs to match (a '!' glob is for per-file-ignores)"
    )


def test_double_star_slash_matches_no_directory_too(project: Path) -> None:
    """As in ruff and .gitignore, incidents/**/*.yaml covers incidents/rec.yaml, not only files deeper down."""
    write(project / "incidents" / "rec.yaml", RECORD)
    write(project / "incidents" / "a" / "b" / "rec.yaml", RECORD)
    write(project / "other" / "rec.yaml", RECORD)
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001"]\n[per-file-ignores]\n"incidents/**/*.yaml" = ["ALL"]\n',
    )
    code, report = run_json("incidents", "other")
    assert code == 0
    assert [d["file"] for d in report["diagnostics"]] == ["other/rec.yaml"]


def test_exclude_accepts_dot_slash_and_the_absolute_path_of_a_directory(project: Path) -> None:
    write(project / "incidents" / "drafts" / "d.yaml", RECORD)
    write(project / "incidents" / "a.yaml", RECORD)
    write(project / ".incidentlint.toml", f'exclude = ["./incidents/drafts", "{project}/incidents/a.yaml"]\n')
    assert run_cli("--show-files", "incidents") == (0, "", "")
    write(project / ".incidentlint.toml", 'include = ["incidents/**/*.yaml"]\n')
    assert run_cli("--show-files", "incidents") == (0, "incidents/a.yaml\nincidents/drafts/d.yaml\n", "")


def test_a_glob_under_the_configs_directory_named_through_a_link_to_itself_is_made_relative_to_it(
    project: Path,
) -> None:
    # --config here/... with here -> '.': the directory as written (project/here) is longer than, and starts with,
    # the resolved one (project). The longer is dropped first, or the glob would read here/incidents/a.yaml.
    write(project / "incidents" / "a.yaml", RECORD)
    write(project / "incidents" / "b.yaml", RECORD)
    (project / "here").symlink_to(".")
    write(project / ".incidentlint.toml", f'exclude = ["{project}/here/incidents/a.yaml"]\n')
    assert run_cli("--config", "here/.incidentlint.toml", "--show-files", "incidents") == (
        0,
        "incidents/b.yaml\n",
        "",
    )


@pytest.mark.parametrize("suffix", ["", "/"])
def test_the_configurations_own_directory_as_a_glob_matches_every_file_in_it(project: Path, suffix: str) -> None:
    write(project / ".incidentlint.toml", f'[per-file-ignores]\n"{project}{suffix}" = ["ALL"]\n')
    assert run_cli("--format", "concise", "rec.yaml") == (0, "", "")
    write(project / ".incidentlint.toml", f'exclude = ["{project}{suffix}"]\n')
    assert run_cli("--show-files", ".") == (0, "", "")


def test_an_absolute_glob_in_a_sibling_directory_that_shares_the_name_is_not_made_relative(project: Path) -> None:
    # /tmp/x/project2/a.yaml is not under /tmp/x/project: it must not become "2/a.yaml" (or here "x.yaml").
    write(project / "x.yaml", RECORD)
    write(project / ".incidentlint.toml", f'exclude = ["{project}x.yaml"]\n')
    assert run_cli("--show-files", ".") == (0, "./rec.yaml\n./x.yaml\n", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[per-file-ignores]\n"legacy/[abc" = ["ALL"]\n',
            "per-file-ignores key 'legacy/[abc' (line 2, column 1) is not a valid glob: the '[' at character 8 is "
            "never closed by ']'; write '[[]' to match a literal '['",
        ),
        (
            'exclude = ["drafts", "[!]x"]\n',
            "exclude[1] '[!]x' (line 1, column 22) is not a valid glob: the '[' at character 1 is never closed by "
            "']'; write '[[]' to match a literal '['",
        ),
        (  # a set opened by ']' needs a second one to close it
            'exclude = ["a][]"]\n',
            "exclude[0] 'a][]' (line 1, column 12) is not a valid glob: the '[' at character 3 is never closed by "
            "']'; write '[[]' to match a literal '['",
        ),
        (
            'include = ["drafts["]\n',
            "include[0] 'drafts[' (line 1, column 12) is not a valid glob: the '[' at character 7 is never closed by "
            "']'; write '[[]' to match a literal '['",
        ),
        (
            '[per-file-ignores]\n"./" = ["ALL"]\n',
            "per-file-ignores key './' (line 2, column 1) names no file; "
            "write a glob such as 'incidents/legacy/*.json'",
        ),
        (
            '[per-file-ignores]\n"" = ["ALL"]\n',
            "per-file-ignores key '' (line 2, column 1) names no file; write a glob such as 'incidents/legacy/*.json'",
        ),
        (  # '.' is the configuration's directory, which no walk yields as a file or directory to match
            'exclude = ["drafts", "."]\n',
            "exclude[1] '.' (line 1, column 22) names no file; write a glob such as 'incidents/legacy/*.json'",
        ),
    ],
)
def test_a_glob_that_matches_nothing_as_written_is_refused(project: Path, text: str, message: str) -> None:
    write(project / ".incidentlint.toml", text)
    assert error_of("rec.yaml") == f".incidentlint.toml: {message}"


def test_a_bracket_that_opens_its_own_set_with_a_closing_bracket_is_a_valid_glob(project: Path) -> None:
    # As in fnmatch, a ']' first in a set (after '!' if any) is one of its characters, not its end.
    write(project / "a].yaml", RECORD)
    write(project / "b!.yaml", RECORD)
    write(project / "b].yaml", RECORD)
    write(project / ".incidentlint.toml", 'include = ["a[]]*", "b[!]]*"]\n')
    assert run_cli("--show-files", ".") == (0, "./a].yaml\n./b!.yaml\n", "")


# -- options ------------------------------------------------------------------------------------------------


def test_option_without_a_schema_changes_the_rule(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["title-length"]\n[options.title-length]\nmax = 100\n')
    assert found("rec.yaml") == (0, [])


def test_option_with_a_schema_changes_the_rule(project: Path) -> None:
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["banned-words"]\n[options.banned-words]\nwords = ["checkout"]\n',
    )
    _, report = run_json("rec.yaml")
    assert [d["message"] for d in report["diagnostics"]] == [
        "the description says 'checkout'; describe the effect instead"
    ]


def test_float_option_accepts_an_integer(project: Path) -> None:
    write(project / "floaty.py", HOUSE_RULES.read_text("utf-8").replace('options={"max": 40}', 'options={"max": 40.0}'))
    write(
        project / ".incidentlint.toml",
        'rule-paths = ["floaty.py"]\nselect = ["title-length"]\n[options.title-length]\nmax = 100\n',
    )
    assert found("rec.yaml") == (0, [])


# -- include / exclude --------------------------------------------------------------------------------------


def test_include_and_exclude_globs_when_walking_directories(project: Path) -> None:
    records = project / "records"
    write(records / "a.yaml", RECORD)
    write(records / "b.json", json.dumps({"title": "x"}))
    write(records / "c.incident", RECORD)
    write(records / "old" / "d.yaml", RECORD)
    write(records / "e.yml", RECORD)
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001"]\ninclude = ["*.yaml", "*.incident"]\nexclude = ["old"]\n',
    )
    _, report = run_json("records")
    assert sorted(d["file"] for d in report["diagnostics"]) == ["records/a.yaml", "records/c.incident"]


def test_exclude_accepts_the_absolute_path_of_the_configs_directory_as_named_through_a_link(project: Path) -> None:
    # --config link/... names the directory through a symbolic link: the glob written with that path, not only the
    # resolved one, is relative to the configuration.
    write(project / "real" / "incidents" / "a.yaml", RECORD)
    write(project / "real" / "incidents" / "b.yaml", RECORD)
    (project / "link").symlink_to("real")
    write(project / "real" / ".incidentlint.toml", f'exclude = ["{project}/link/incidents/a.yaml"]\n')
    assert run_cli("--config", "link/.incidentlint.toml", "--show-files", "real/incidents") == (
        0,
        "real/incidents/b.yaml\n",
        "",
    )


def test_hidden_files_and_directories_are_skipped_when_walking(project: Path) -> None:
    # .github workflows, .gitlab-ci.yml and our own .incidentlint.yaml are configuration, never records.
    write(project / ".github" / "workflows" / "ci.yml", RECORD)  # a record's text, so a lint of it would show
    write(project / ".gitlab-ci.yml", RECORD)
    write(project / "records" / ".draft.yaml", RECORD)
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    _, report = run_json(".")
    assert sorted(d["file"] for d in report["diagnostics"]) == ["./rec.yaml"]
    # Named on the command line, a hidden file or directory is read.
    _, report = run_json("records/.draft.yaml", ".github")
    assert sorted(d["file"] for d in report["diagnostics"]) == [".github/workflows/ci.yml", "records/.draft.yaml"]


@pytest.mark.parametrize("how", ["flag", "config"])
def test_force_exclude_applies_exclude_to_files_named_directly(project: Path, how: str) -> None:
    for name in ("incidents/a.yaml", "incidents/drafts/b.yaml", "incidents/old/c.yaml", "templates/d.yaml"):
        write(project / name, RECORD)
    lines = HOUSE + 'select = ["HSE001"]\nexclude = ["incidents/drafts", "old", "d.yaml"]\n'
    write(project / ".incidentlint.toml", lines + ("force-exclude = true\n" if how == "config" else ""))
    named = ["incidents/a.yaml", "incidents/drafts/b.yaml", "incidents/old/c.yaml", "templates/d.yaml", "rec.yaml"]
    flags = ["--force-exclude"] if how == "flag" else []
    _, report = run_json(*flags, *named)
    assert sorted(d["file"] for d in report["diagnostics"]) == ["incidents/a.yaml", "rec.yaml"]
    os.chdir(project / "incidents")  # the globs stay anchored at the configuration's directory
    _, report = run_json(*flags, "a.yaml", "drafts/b.yaml", "old/c.yaml")
    assert sorted(d["file"] for d in report["diagnostics"]) == ["a.yaml"]


def test_without_force_exclude_files_named_directly_are_linted(project: Path) -> None:
    write(project / "incidents" / "drafts" / "b.yaml", RECORD)
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\nexclude = ["incidents/drafts"]\n')
    _, report = run_json("incidents/drafts/b.yaml")
    assert [d["file"] for d in report["diagnostics"]] == ["incidents/drafts/b.yaml"]
    _, report = run_json("incidents")
    assert report["diagnostics"] == []


def test_force_exclude_judges_standard_input_by_its_name(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\nexclude = ["drafts"]\n')
    for name, files in (("drafts/x.yaml", 0), ("x.yaml", 1)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RECORD.encode())))
        _, report = run_json("--force-exclude", "--stdin-filename", name, "-")
        assert (report["summary"]["files"], len(report["diagnostics"])) == (files, files)


@pytest.mark.parametrize(
    ("cwd", "named"),
    [(".", "."), (".", "incidents"), (".", "incidents/2024"), ("incidents", "."), ("incidents/2024", ".")],
)
def test_globs_with_a_slash_are_relative_to_the_configuration_file(project: Path, cwd: str, named: str) -> None:
    incidents = project / "incidents"
    for name in ("2024/a.yaml", "2024/drafts/b.yaml", "drafts/c.yaml", "templates/d.yaml", "2024/old-e.yaml"):
        write(incidents / name, RECORD)
    write(project / "templates" / "f.yaml", RECORD)  # outside incidents/: only "incidents/templates" is excluded
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001"]\nexclude = ["incidents/templates", "/incidents/*/old-*.yaml", "drafts/"]\n',
    )
    start = project / cwd
    os.chdir(start)
    _, report = run_json(named)
    linted = sorted(os.path.relpath(start / d["file"], project).replace(os.sep, "/") for d in report["diagnostics"])
    everything = ["incidents/2024/a.yaml", "rec.yaml", "templates/f.yaml"]
    below = (project / cwd / named).resolve()
    assert linted == [f for f in everything if (project / f).resolve().is_relative_to(below)]


def test_globs_with_a_slash_do_not_match_below_another_directory(project: Path) -> None:
    write(project / "incidents" / "drafts" / "a.yaml", RECORD)
    write(project / "archive" / "incidents" / "drafts" / "b.yaml", RECORD)
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\nexclude = ["incidents/drafts"]\n')
    _, report = run_json(".")
    assert sorted(d["file"] for d in report["diagnostics"]) == ["./archive/incidents/drafts/b.yaml", "./rec.yaml"]


def test_include_globs_with_a_slash_are_anchored_too(project: Path) -> None:
    write(project / "incidents" / "a.yaml", RECORD)
    write(project / "incidents" / "sub" / "b.yaml", RECORD)
    write(project / "other" / "c.yaml", RECORD)
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\ninclude = ["incidents/*.yaml"]\n')
    _, report = run_json("incidents", "other")
    # fnmatch's * also crosses "/", as in per-file-ignores: incidents/sub/b.yaml is included
    assert sorted(d["file"] for d in report["diagnostics"]) == ["incidents/a.yaml", "incidents/sub/b.yaml"]


def test_a_file_named_directly_is_linted_whatever_the_globs(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\ninclude = ["*.json"]\nexclude = ["rec.yaml"]\n')
    assert rules_of("rec.yaml") == {"team-required"}


# -- fail-on and max-file-size ------------------------------------------------------------------------------


def test_fail_on_warning(project: Path) -> None:
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    assert found("rec.yaml")[0] == 0
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\nfail-on = "warning"\n')
    assert found("rec.yaml")[0] == 1


def test_max_file_size(project: Path) -> None:
    write(project / "big.yaml", "description: " + "x" * 1_300_000 + "\n")
    assert run_cli("--select", "parse-error", "big.yaml")[0] == 0  # under the 2 MiB default
    write(project / ".incidentlint.toml", "max-file-size = 1048576\n")
    code, report = run_json("big.yaml")
    assert code == 1
    [diagnostic] = report["diagnostics"]
    assert (diagnostic["rule"], diagnostic["line"], diagnostic["column"]) == ("parse-error", 1, 1)
    assert diagnostic["message"] == (
        "the file is 1.2 MiB, over the 1.0 MiB limit for an incident record "
        "(raise max-file-size in the configuration if it is genuine)"
    )


# -- schema -------------------------------------------------------------------------------------------------

ORG_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://acme.example/schemas/incident.json",
    "allOf": [{"$ref": "https://incidentlint.dev/schemas/incident.schema.json"}],
    "required": ["x-team"],
    "properties": {"x-team": {"enum": ["payments", "search"]}},
}


def test_organisation_schema_extends_the_bundled_one_by_its_id(project: Path) -> None:
    write(project / "schemas" / "org.json", json.dumps(ORG_SCHEMA))
    write(project / ".incidentlint.toml", 'schema = "schemas/org.json"\n')
    record = reference()
    write(project / "good.json", json.dumps({**record, "x-team": "payments"}))
    write(project / "no-team.json", json.dumps(record))
    write(project / "bad.json", json.dumps({**record, "x-team": "marketing", "severity": "sev9"}))
    code, report = run_json("--select", "schema", "good.json", "no-team.json", "bad.json")
    assert code == 1
    assert [(d["file"], d["rule"], d["message"]) for d in report["diagnostics"]] == [
        ("no-team.json", "schema", "the record is missing the required field 'x-team'"),
        ("bad.json", "schema", "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'sev9'"),
        ("bad.json", "schema", "x-team must be one of payments, search; got 'marketing'"),
    ]


def test_organisation_schema_in_yaml(project: Path) -> None:
    write(
        project / "org.yaml",
        "$id: https://acme.example/incident.yaml\n"
        "allOf:\n  - $ref: https://incidentlint.dev/schemas/incident.schema.json\n"
        "required: [x-team]\n",
    )
    write(project / ".incidentlint.yaml", "schema: org.yaml\n")
    write(project / "r.json", json.dumps(reference()))
    _, report = run_json("--select", "schema", "r.json")
    assert [d["message"] for d in report["diagnostics"]] == ["the record is missing the required field 'x-team'"]


def test_schema_with_a_remote_reference_is_refused_not_fetched(project: Path) -> None:
    write(project / "org.json", json.dumps({"$ref": "https://example.com/elsewhere.json"}))
    write(project / ".incidentlint.toml", 'schema = "org.json"\n')
    assert error_of("rec.yaml") == (
        f"schema {project / 'org.json'}: the schema refers to 'https://example.com/elsewhere.json', which is not "
        "bundled; incidentlint never downloads schemas, so refer only to the bundled schema's $id or to definitions "
        "inside your file"
    )


def test_schema_file_missing(project: Path) -> None:
    write(project / ".incidentlint.toml", 'schema = "missing.json"\n')
    assert error_of("rec.yaml") == (
        f"schema {project / 'missing.json'}: cannot read the file: it does not exist (or is a broken link)"
    )


def test_a_schema_file_over_16_mib_is_refused_before_it_is_read(project: Path) -> None:
    with open(project / "big.json", "wb") as handle:  # sparse: nothing on disk
        handle.truncate(16 * 1024 * 1024 + 1)
    write(project / ".incidentlint.toml", 'schema = "big.json"\n')
    assert error_of("rec.yaml") == (
        f"schema {project / 'big.json'} is 16,777,217 bytes, over the 16,777,216-byte limit"
    )


def test_schema_file_not_json(project: Path) -> None:
    write(project / "org.json", "{nope")
    write(project / ".incidentlint.toml", 'schema = "org.json"\n')
    assert error_of("rec.yaml") == (
        f'schema {project / "org.json"}: invalid JSON: the key nope needs double quotes: "nope" (line 1, column 2)'
    )


def test_schema_with_an_unknown_dialect(project: Path) -> None:
    write(project / "org.json", json.dumps({"$schema": "https://example.com/my-dialect"}))
    write(project / ".incidentlint.toml", 'schema = "org.json"\n')
    assert error_of("rec.yaml") == (
        f"schema {project / 'org.json'}: $schema 'https://example.com/my-dialect' is not a JSON Schema dialect; "
        "use https://json-schema.org/draft/2020-12/schema"
    )


def test_schema_that_is_not_a_json_schema(project: Path) -> None:
    write(project / "org.json", json.dumps({"type": "record"}))
    write(project / ".incidentlint.toml", 'schema = "org.json"\n')
    assert error_of("rec.yaml").startswith(
        f"schema {project / 'org.json'}: the schema is not a valid JSON Schema at /type: "
    )


# -- rule-paths ---------------------------------------------------------------------------------------------


def test_rule_paths_directory_loads_every_python_file(project: Path) -> None:
    write(project / "rules" / "house.py", HOUSE_RULES.read_text("utf-8"))
    write(project / "rules" / "_helper.py", "raise RuntimeError('never imported')\n")
    write(project / ".incidentlint.toml", 'rule-paths = ["rules"]\nselect = ["HSE001"]\n')
    assert rules_of("rec.yaml") == {"team-required"}


def test_rule_paths_file_may_import_a_helper_next_to_it(project: Path) -> None:
    write(project / "lint" / "acme_helpers_for_config_test.py", "MAX = 100\n")
    source = HOUSE_RULES.read_text("utf-8").replace('options={"max": 40}', "options={'max': MAX}")
    source = source.replace(
        "\nfrom incidentlint.api", "\nfrom acme_helpers_for_config_test import MAX\nfrom incidentlint.api"
    )
    write(project / "lint" / "house.py", source)
    write(project / ".incidentlint.toml", 'rule-paths = ["lint/house.py"]\nselect = ["title-length"]\n')
    assert found("rec.yaml") == (0, [])
    assert str(project / "lint") not in sys.path


def test_rule_paths_missing_file(project: Path) -> None:
    write(project / ".incidentlint.toml", 'rule-paths = ["nope.py"]\n')
    assert error_of("rec.yaml") == f"rule-paths names {project / 'nope.py'}, which does not exist"


def test_rule_paths_file_that_is_not_python(project: Path) -> None:
    write(project / ".incidentlint.toml", 'rule-paths = ["rec.yaml"]\n')
    assert error_of("rec.yaml") == f"rule-paths names {project / 'rec.yaml'}, which is not a Python (.py) file"


def test_rule_paths_file_that_fails_to_import(project: Path) -> None:
    write(project / "broken.py", "import not_a_module_anywhere\n")
    write(project / ".incidentlint.toml", 'rule-paths = ["broken.py"]\n')
    assert error_of("rec.yaml") == (
        f"the rule file {project / 'broken.py'} failed to load: "
        "ModuleNotFoundError: No module named 'not_a_module_anywhere'"
    )


def test_rule_paths_file_without_rules(project: Path) -> None:
    write(project / "empty.py", "X = 1\n")
    write(project / ".incidentlint.toml", 'rule-paths = ["empty.py"]\n')
    assert error_of("rec.yaml") == (
        f"the rule file {project / 'empty.py'} defines no rules (decorate functions with incidentlint.api.rule)"
    )


def test_local_rule_reusing_a_core_name(project: Path) -> None:
    write(project / "clash.py", HOUSE_RULES.read_text("utf-8").replace('name="team-required"', 'name="schema"'))
    write(project / ".incidentlint.toml", 'rule-paths = ["clash.py"]\n')
    assert error_of("rec.yaml") == (
        "the rule name 'schema' of HSE001 (local file clash.py) is already used by the core check 'schema' (IL003); "
        "every rule needs its own code and name"  # was "the rule name 'schema' of 'schema'", which told nothing
    )


def test_local_rule_reusing_a_code_of_another_local_rule(project: Path) -> None:
    write(project / "clash.py", HOUSE_RULES.read_text("utf-8").replace('code="HSE002"', 'code="HSE001"'))
    write(project / ".incidentlint.toml", 'rule-paths = ["clash.py"]\n')
    assert error_of("rec.yaml") == (
        "the rule code 'HSE001' of 'title-length' (local file clash.py) is already used by the rule "
        "'team-required' (local file clash.py); every rule needs its own code and name"
    )


def test_local_rule_with_a_bad_name_or_code(project: Path) -> None:
    write(project / "bad.py", HOUSE_RULES.read_text("utf-8").replace('name="team-required"', 'name="Team_Required"'))
    write(project / ".incidentlint.toml", 'rule-paths = ["bad.py"]\n')
    assert error_of("rec.yaml") == (
        "the rule name 'Team_Required' (local file bad.py) must be kebab-case, like 'duration-mismatch'"
    )
    write(project / "bad.py", HOUSE_RULES.read_text("utf-8").replace('code="HSE001"', 'code="hse-1"'))
    assert error_of("rec.yaml") == (
        "the rule code 'hse-1' of 'team-required' (local file bad.py) must be upper-case letters then digits, "
        "like 'IL101'"
    )


# -- root: repository-wide rules see every record under it ---------------------------------------------------


def test_root_finds_duplicates_outside_the_files_of_the_run(project: Path) -> None:
    write(project / "records" / "a.yaml", "title: Checkout down\n")
    write(project / "records" / "old" / "b.yaml", "title: Checkout down\n")
    write(project / "records" / "c.yaml", "title: Search down\n")
    write(project / "records" / "notes.txt", "title: Checkout down\n")  # not included: not a record
    write(project / ".incidentlint.toml", HOUSE + 'select = ["same-title"]\n')
    # Without a root only the files of the run are compared.
    assert found("records/a.yaml", "records/c.yaml") == (0, [])
    write(project / ".incidentlint.toml", HOUSE + 'select = ["same-title"]\nroot = "records"\n')
    code, report = run_json("records/a.yaml", "records/c.yaml")
    assert code == 1
    assert [(d["file"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("records/a.yaml", 1, 8, "the title is also used by records/old/b.yaml"),
    ]


def test_root_does_not_count_a_file_of_the_run_twice(project: Path) -> None:
    write(project / "records" / "a.yaml", "title: Checkout down\n")
    write(project / "records" / "b.yaml", "title: Search down\n")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["same-title"]\nroot = "records"\n')
    assert found("records/a.yaml") == (0, [])
    assert found("records") == (0, [])


def test_root_respects_exclude(project: Path) -> None:
    write(project / "records" / "a.yaml", "title: Checkout down\n")
    write(project / "records" / "archive" / "b.yaml", "title: Checkout down\n")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["same-title"]\nroot = "records"\nexclude = ["archive"]\n')
    assert found("records/a.yaml") == (0, [])


def test_root_that_is_not_a_directory(project: Path) -> None:
    write(project / ".incidentlint.toml", 'root = "nowhere"\n')
    assert (
        error_of("rec.yaml")
        == f".incidentlint.toml: root (line 1, column 8) names {project / 'nowhere'}, which is not a directory"
    )


def test_values_of_one_character_are_accepted(project: Path) -> None:
    # Only the empty string is refused: "." is a root, "H" a code prefix, "x" a glob and "s" a schema file.
    write(project / "s", "{}")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["H"]\nroot = "."\nexclude = ["x"]\nschema = "s"\n')
    assert found("rec.yaml") == (
        0,
        [("team-required", 1, 1, "warning"), ("title-length", 1, 8, "info"), ("banned-words", 2, 14, "warning")],
    )


def test_a_root_no_path_can_name_is_a_usage_error(project: Path) -> None:
    # A NUL in root was an internal error (exit 3: "embedded null byte"), found by fuzzing the configuration.
    write(project / ".incidentlint.toml", 'root = "a\\u0000b"\n')
    assert error_of("rec.yaml") == (
        f".incidentlint.toml: root names {project}/a\\x00b, which cannot be a directory: "
        "its name contains a NUL character"
    )
    (project / "loop1").symlink_to("loop2")
    (project / "loop2").symlink_to("loop1")
    write(project / ".incidentlint.toml", 'root = "loop1"\n')
    assert error_of("rec.yaml").startswith(
        f".incidentlint.toml: root names {project / 'loop1'}, which cannot be resolved: "
    )


# -- errors in the file itself -------------------------------------------------------------------------------

#: What an unknown key without a close match is answered with: every key a configuration may hold.
VALID_KEYS = (
    "valid keys are select, ignore, extend-select, severity, per-file-ignores, options, include, exclude, "
    "force-exclude, respect-gitignore, root, schema, rule-paths, fail-on, max-file-size"
)


def test_unknown_key_suggests_the_closest(project: Path) -> None:
    write(project / ".incidentlint.toml", 'selct = ["schema"]\n')
    assert error_of("rec.yaml") == ".incidentlint.toml: unknown key 'selct' (line 1, column 1); did you mean 'select'?"


def test_unknown_key_without_a_close_match_lists_the_keys(project: Path) -> None:
    write(project / ".incidentlint.toml", "colour = true\n")
    assert error_of("rec.yaml") == f".incidentlint.toml: unknown key 'colour' (line 1, column 1); {VALID_KEYS}"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('extend-exclude = ["x"]', "exclude already adds to the default excludes, so list the globs in 'exclude'"),
        (
            'extend-include = ["*.json5"]',
            "include replaces the default globs, so list them with yours: include = ['*.json', '*.yaml', '*.yml', ...]",
        ),
        (
            '[lint]\nselect = ["IL1"]',
            "[lint] is ruff's table; here select, ignore and the other keys sit in the configuration's own table",
        ),
        ('output-format = "json"', "the output format is chosen on the command line: --format json"),
        (
            "unfixable = []",
            "which fixes apply is chosen on the command line: --fix applies the safe ones, --unsafe-fixes the rest",
        ),
        (
            'fixable = ["ALL"]',
            "which fixes apply is chosen on the command line: --fix applies the safe ones, --unsafe-fixes the rest",
        ),
        ("fix = true", "fixes are applied with --fix on the command line"),
        ('format = "json"', "the output format is chosen on the command line: --format json"),
        ('extend-ignore = ["IL1"]', "ignore already adds to what the file and the defaults select, so use 'ignore'"),
        ("[extend-per-file-ignores]\n'a/*' = ['IL1']", "use 'per-file-ignores'"),
        (
            'extend = "../base.toml"',
            "a configuration cannot extend another; copy its settings in, or name one file with --config",
        ),
        (
            'extends = "../base.toml"',
            "a configuration cannot extend another; copy its settings in, or name one file with --config",
        ),
    ],
)
def test_a_key_from_ruff_says_what_it_is_called_here(project: Path, text: str, hint: str) -> None:
    """The closest spelling misleads here: extend-exclude is not extend-select, and include alone drops the
    default globs."""
    write(project / ".incidentlint.toml", text + "\n")
    key = text.split(" ")[0].strip("[]\n").split("]")[0]
    assert error_of("rec.yaml") == f".incidentlint.toml: unknown key '{key}' (line 1, column 1); {hint}"


PER_RULE_HINT = (
    "a rule's settings go in options.<rule name> (options.placeholder-text.words = [...]); turn rules on and off "
    "with select, ignore and severity"
)


def test_rule_settings_under_a_rules_table_are_sent_to_options_and_placed_on_the_header(project: Path) -> None:
    # The key 'rules' has no line of its own: only the deeper table's header names it.
    write(project / "pyproject.toml", '[tool.incidentlint]\nfail-on = "error"\n\n[tool.incidentlint.rules.x]\nw = 1\n')
    assert error_of("rec.yaml") == (
        f"pyproject.toml [tool.incidentlint]: unknown key 'rules' (line 4, column 20); {PER_RULE_HINT}"
    )
    write(project / ".incidentlint.toml", '[ rule . "placeholder-text" ]\nwords = []\n')
    assert error_of("rec.yaml") == f".incidentlint.toml: unknown key 'rule' (line 1, column 3); {PER_RULE_HINT}"


def test_unknown_key_in_pyproject_names_the_table(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.incidentlint]\nfail_on = "warning"\n')
    assert error_of("rec.yaml") == (
        "pyproject.toml [tool.incidentlint]: unknown key 'fail_on' (line 2, column 1); did you mean 'fail-on'?"
    )


def test_unknown_key_in_yaml_config(project: Path) -> None:
    write(project / ".incidentlint.yaml", "extend_select: [schema]\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: unknown key 'extend_select' (line 1, column 1); did you mean 'extend-select'?"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('select = "schema"', 'select (line 1, column 10) must be a list, like ["a", "b"]; got \'schema\''),
        ("ignore = [1]", "ignore[0] (line 1, column 11) must be a string; got 1"),
        ('select = [""]', "select[0] (line 1, column 11) must not be empty"),
        ('[per-file-ignores]\n"*.yaml" = [""]', "per-file-ignores.*.yaml[0] (line 2, column 13) must not be empty"),
        ("select = {}", 'select (line 1, column 10) must be a list, like ["a", "b"]; got an object'),
        (
            'per-file-ignores = "*.yaml"',
            "per-file-ignores (line 1, column 20) must be a table (mapping); got '*.yaml'",
        ),
        ('severity = "off"', "severity (line 1, column 12) must be a table (mapping); got 'off'"),
        ('options = ["max"]', "options (line 1, column 11) must be a table (mapping); got an array"),
        ('include = [""]', "include[0] (line 1, column 12) must not be empty"),
        # A lone glob is not a list of them: read as one, its characters would be the globs.
        ('include = "*.json"', 'include (line 1, column 11) must be a list, like ["a", "b"]; got \'*.json\''),
        ('exclude = "drafts"', 'exclude (line 1, column 11) must be a list, like ["a", "b"]; got \'drafts\''),
        ('rule-paths = "r.py"', 'rule-paths (line 1, column 14) must be a list, like ["a", "b"]; got \'r.py\''),
        ('fail-on = "fatal"', "fail-on (line 1, column 11) must be one of error, warning, info; got 'fatal'"),
        ("max-file-size = 0", "max-file-size (line 1, column 17) must be at least 1; got 0"),
        ('max-file-size = "1MB"', "max-file-size (line 1, column 17) must be a whole number; got '1MB'"),
        ("max-file-size = 1.5", "max-file-size (line 1, column 17) must be a whole number; got 1.5"),
        ("max-file-size = 1e300", "max-file-size (line 1, column 17) must be a whole number; got 1e+300"),
        ("max-file-size = 4096.0", "max-file-size (line 1, column 17) must be a whole number; got 4096.0"),
        ("max-file-size = 1073741825", "max-file-size (line 1, column 17) must be at most 1073741824; got 1073741825"),
        (
            "max-file-size = 9223372036854775807",
            "max-file-size (line 1, column 17) must be at most 1073741824; got 9223372036854775807",
        ),
        ('root = ""', "root (line 1, column 8) must not be empty"),
        ('force-exclude = "yes"', "force-exclude (line 1, column 17) must be true or false; got 'yes'"),
        ("respect-gitignore = 0", "respect-gitignore (line 1, column 21) must be true or false; got 0"),
        ("schema = 3", "schema (line 1, column 10) must be a string; got 3"),
        ('schema = ""', "schema (line 1, column 10) must not be empty"),
        ("root = 3", "root (line 1, column 8) must be a string; got 3"),
        (
            '[severity]\nschema = "fatal"',
            "severity.schema (line 2, column 10) must be one of error, warning, info, off; got 'fatal'",
        ),
        (
            '[per-file-ignores]\n"*.yaml" = "schema"',
            'per-file-ignores.*.yaml (line 2, column 12) must be a list, like ["a", "b"]; got \'schema\'',
        ),
        (
            "[options]\nplaceholder-text = 3",
            "options.placeholder-text (line 2, column 20) must be a table (mapping); got 3",
        ),
    ],
)
def test_values_of_the_wrong_shape(project: Path, text: str, message: str) -> None:
    write(project / ".incidentlint.toml", text + "\n")
    assert error_of("rec.yaml") == f".incidentlint.toml: {message}"


def test_several_problems_are_reported_together(project: Path) -> None:
    write(project / ".incidentlint.toml", 'fail-on = "fatal"\nselct = []\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: unknown key 'selct' (line 2, column 1); did you mean 'select'?; "
        "fail-on (line 1, column 11) must be one of error, warning, info; got 'fatal'"
    )


def test_several_unknown_keys_in_one_table_are_each_named(project: Path) -> None:
    write(project / ".incidentlint.toml", 'selct = []\nfail-on = "info"\ncolour = true\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: unknown key 'selct' (line 1, column 1); did you mean 'select'?; "
        f"unknown key 'colour' (line 3, column 1); {VALID_KEYS}"
    )


def test_a_float_max_file_size_in_yaml_is_refused_too(project: Path) -> None:
    write(project / ".incidentlint.yaml", "max-file-size: 2.0e+6\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: max-file-size (line 1, column 16) must be a whole number; got 2000000.0"
    )


def test_the_largest_max_file_size_is_accepted_and_reads_stdin(project: Path) -> None:
    """9223372036854775807 used to pass the check and crash reading standard input (OverflowError)."""
    write(project / ".incidentlint.toml", "max-file-size = 1073741824\n")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "incidentlint"), "--format", "concise", "--stdin-filename", "r.json", "-"],
        input=json.dumps(reference()).encode(),
        capture_output=True,
        timeout=120,
        check=False,
        cwd=project,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"", b"")


@pytest.mark.parametrize("name", [".incidentlint.toml", "pyproject.toml"])
def test_toml_nested_past_the_recursion_limit_is_a_config_error(project: Path, name: str) -> None:
    table = "[tool.incidentlint]\n" if name == "pyproject.toml" else ""
    write(project / name, table + "a = " + "[" * 600 + "]" * 600 + "\n")
    label = "pyproject.toml [tool.incidentlint]" if name == "pyproject.toml" else name
    assert error_of("rec.yaml") == f"{label}: nesting is deeper than 64 levels"
    assert error_of("--config", name, "rec.yaml") == f"{label}: nesting is deeper than 64 levels"


def test_toml_nested_deeper_than_records_may_be_is_a_config_error(project: Path) -> None:
    write(project / ".incidentlint.toml", "[options.placeholder-text]\nwords = " + "[" * 70 + "]" * 70 + "\n")
    assert error_of("rec.yaml") == ".incidentlint.toml: nesting is deeper than 64 levels (under options)"


@pytest.mark.parametrize(
    ("name", "lists", "message"),
    [
        (
            ".incidentlint.toml",
            61,
            "options.placeholder-text.words[0] (line 2, column 10) must be a string; got an array",
        ),
        (
            ".incidentlint.yaml",
            61,
            "options.placeholder-text.words[0] (line 3, column 13) must be a string; got an array",
        ),
        (".incidentlint.toml", 62, "nesting is deeper than 64 levels (under options)"),
        (".incidentlint.yaml", 62, "nesting is deeper than 64 levels (line 3, column 73)"),
    ],
)
def test_toml_and_yaml_configs_stop_at_the_same_depth_as_records(
    project: Path, name: str, lists: int, message: str
) -> None:
    # The configuration's own table is one level, options, placeholder-text and words three more: 61 nested lists
    # make 64 levels, which records may have, and 62 make 65. TOML took 65 levels when the innermost list was empty.
    value = "[" * lists + "]" * lists
    if name.endswith(".toml"):
        write(project / name, f"[options.placeholder-text]\nwords = {value}\n")
    else:
        write(project / name, f"options:\n  placeholder-text:\n    words: {value}\n")
    assert error_of("rec.yaml") == f"{name}: {message}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fail-on = nan", "fail-on (line 1, column 11) is not a finite number; write a number such as 60"),
        (
            '[options.placeholder-text]\nwords = ["tbd", -inf]',
            "options.placeholder-text.words[1] (line 2, column 17) is not a finite number; write a number such as 60",
        ),
    ],
)
def test_toml_nan_and_infinity_are_refused_where_they_are(project: Path, text: str, message: str) -> None:
    write(project / ".incidentlint.toml", text + "\n")
    assert error_of("rec.yaml") == f".incidentlint.toml: {message}"


def test_a_deep_pyproject_without_our_table_is_not_ours_to_judge(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.other]\na = " + "[" * 600 + "]" * 600 + "\n")
    assert run_cli("--select", "parse-error", "rec.yaml")[0] == 0


def test_invalid_toml(project: Path) -> None:
    write(project / ".incidentlint.toml", "select = [\n")
    assert error_of("rec.yaml").startswith(".incidentlint.toml: invalid TOML: ")


@pytest.mark.parametrize("name", [".incidentlint.toml", ".incidentlint.yaml"])
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'select = ["\xff"]\n',
            "invalid UTF-8: byte 0xff cannot start or continue a character; save the file as UTF-8",
        ),
        ("select = []\n".encode("utf-16"), "the file is encoded as UTF-16; save it as UTF-8"),
    ],
)
def test_a_config_that_is_not_utf8_is_named_with_the_reason(project: Path, name: str, raw: bytes, message: str) -> None:
    (project / name).write_bytes(raw)
    assert error_of("rec.yaml") == f"{name}: {message}"


def test_yaml_config_goes_through_the_hardened_loader(project: Path) -> None:
    write(project / ".incidentlint.yaml", "base: &b [schema]\nselect: *b\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: anchors (&b) are not supported in a configuration file; write the value out "
        "(line 1, column 7)"
    )


def _yaml_setup_file(project: Path, name: str, text: str) -> str:
    """Write ``text`` as the configuration (.incidentlint.yaml) or as a schema it names; the label errors give it."""
    write(project / name, text)
    if name == "schema.yaml":
        write(project / ".incidentlint.toml", 'schema = "schema.yaml"\n')
        return f"schema {project / name}"
    return name


@pytest.mark.parametrize("name", [".incidentlint.yaml", "schema.yaml"])
def test_a_yaml_tag_is_refused_in_words_for_the_file_not_a_record(project: Path, name: str) -> None:
    label = _yaml_setup_file(project, name, "select: !!set {a}\n")
    kind = "a schema file" if name == "schema.yaml" else "a configuration file"
    assert error_of("rec.yaml") == (
        f"{label}: the tag !!set is not supported; {kind} holds plain values (line 1, column 9)"
    )


def test_a_yaml_config_problem_at_its_first_character_says_so(project: Path) -> None:
    write(project / ".incidentlint.yaml", "&b select: [schema]\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: anchors (&b) are not supported in a configuration file; write the value out "
        "(line 1, column 1)"
    )


@pytest.mark.parametrize("name", [".incidentlint.yaml", "schema.yaml"])
def test_a_line_break_yaml_tools_disagree_on_is_worded_for_the_file_not_a_record(project: Path, name: str) -> None:
    label = _yaml_setup_file(project, name, 'title: "a\u2028"\n')
    assert error_of("rec.yaml") == (
        f"{label}: U+2028 (line separator) is a line break to YAML 1.1 tools but not to YAML 1.2 ones, so they read "
        "this file differently; remove it, or write it as \\L inside double quotes (line 1, column 10)"
    )


def test_yaml_config_with_a_duplicate_key(project: Path) -> None:
    # Of two problems, the first in the file is the one named, with its own position.
    write(project / ".incidentlint.yaml", "select: [schema]\nselect: [team-required]\nignore: []\nignore: []\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: key 'select' appears twice in this object (first at 1:1); the later value silently "
        "wins, so remove one (line 2, column 1)"
    )


def test_yaml_config_that_is_not_a_mapping(project: Path) -> None:
    write(project / ".incidentlint.yaml", "- schema\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: the configuration must be a mapping of keys, like 'select: [schema]'"
    )


@pytest.mark.parametrize("value", ["3", "nan", "-inf", '"select"', '["schema"]'])
def test_a_tool_incidentlint_that_is_not_a_table_is_told_so(project: Path, value: str) -> None:
    # A NaN there was told "the configuration is not a finite number; write a number such as 60".
    write(project / "pyproject.toml", f"[tool]\nincidentlint = {value}\n")
    assert error_of("rec.yaml") == (
        "pyproject.toml [tool.incidentlint]: the configuration must be a mapping of keys, like 'select: [schema]'"
    )


def test_empty_yaml_config_is_the_defaults(project: Path) -> None:
    defaults = found("rec.yaml")
    write(project / ".incidentlint.yaml", "# nothing yet\n")
    assert found("rec.yaml") == defaults


# -- errors that need the rules: names and options ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'select = ["team-requierd"]',
            "select (line 2, column 11): unknown rule 'team-requierd'; did you mean 'team-required'?",
        ),
        ('ignore = ["HSE0011"]', "ignore (line 2, column 11): unknown rule 'HSE0011'; did you mean 'HSE001'?"),
        (
            'extend-select = ["bannedwords"]',
            "extend-select (line 2, column 18): unknown rule 'bannedwords'; did you mean 'banned-words'?",
        ),
        ('select = ["zzzz"]', "select (line 2, column 11): unknown rule 'zzzz'; run 'incidentlint rules' for the list"),
        (
            '[severity]\ntitle-lenght = "off"',
            "severity.title-lenght (line 3, column 1): unknown rule 'title-lenght'; did you mean 'title-length'?",
        ),
        (
            '[per-file-ignores]\n"*.yaml" = ["team-requird"]',
            "per-file-ignores.*.yaml (line 3, column 13): unknown rule 'team-requird'; did you mean 'team-required'?",
        ),
        (
            "[options.title-lenght]\nmax = 3",
            "options: unknown rule 'title-lenght' (line 2, column 1); did you mean 'title-length'?",
        ),
        (
            "[options.HSE002]\nmax = 3",
            "options.HSE002 (line 2, column 1): options are keyed by rule name; use 'options.title-length'",
        ),
        ("[options.schema]\nx = 3", "options.schema (line 2, column 1): the core check 'schema' has no options"),
        (
            "[options.title-length]\nmaximum = 3",
            "options.title-length: unknown option 'maximum' (line 3, column 1); did you mean 'max'?",
        ),
        (
            "[options.team-required]\nmax = 3",
            "options.team-required: unknown option 'max' (line 3, column 1); 'team-required' has no options",
        ),
        (
            "[options.title-length]\nzzz = 3",
            "options.title-length: unknown option 'zzz' (line 3, column 1); its options are max",
        ),
        (
            '[options.title-length]\nmax = "40"',
            "options.title-length.max (line 3, column 7) must be a whole number, like its default 40; got '40'",
        ),
        (
            "[options.title-length]\nmax = true",
            "options.title-length.max (line 3, column 7) must be a whole number, like its default 40; got true",
        ),
        (
            '[options.banned-words]\nwords = "outage"',
            'options.banned-words.words (line 3, column 9) must be a list, like ["a", "b"]; got \'outage\'',
        ),
        (
            '[options.banned-words]\nwords = ["ok", ""]',
            "options.banned-words.words[1] (line 3, column 16) must not be empty",
        ),
        (  # an option with both a default and a schema is listed once
            "[options.banned-words]\nzzz = 1",
            "options.banned-words: unknown option 'zzz' (line 3, column 1); its options are words",
        ),
        (  # the first problem in the order of the option's items
            '[options.banned-words]\nwords = ["", 3]',
            "options.banned-words.words[0] (line 3, column 10) must not be empty",
        ),
        ("[options]\nnope = {x = 1}", "options: unknown rule 'nope' (line 3, column 1)"),  # at the key
        (
            '[options.banned-words]\nword = ["x"]',
            "options.banned-words: unknown option 'word' (line 3, column 1); did you mean 'words'?",
        ),
        (
            'ignore = ["parse-error"]',
            "ignore (line 2, column 11): 'parse-error' cannot be switched off or lowered: without it a broken file "
            "would look clean",
        ),
        (
            '[severity]\nIL007 = "off"',
            "severity.IL007 (line 3, column 1): 'internal-error' cannot be switched off or lowered: without it a "
            "broken file would look clean",
        ),
        (
            '[per-file-ignores]\n"drafts/*" = ["parse-error"]',
            "per-file-ignores.drafts/* (line 3, column 15): 'parse-error' cannot be switched off or lowered: without "
            "it a broken file would look clean",
        ),
    ],
)
def test_names_and_options_are_checked_against_the_rules(project: Path, text: str, message: str) -> None:
    write(project / ".incidentlint.toml", HOUSE + text + "\n")
    assert error_of("rec.yaml") == f".incidentlint.toml: {message}"


def test_yaml_and_pyproject_errors_say_where_the_key_or_value_is(project: Path) -> None:
    write(project / ".incidentlint.yaml", "rule-paths: [house_rules.py]\nselect:\n  - HSE001\n  - team-requierd\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: select (line 4, column 5): unknown rule 'team-requierd'; did you mean 'team-required'?"
    )
    write(project / ".incidentlint.yaml", "severity: {HSE001: info, title-lenght: off}\nrule-paths: [house_rules.py]\n")
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: severity.title-lenght (line 1, column 26): unknown rule 'title-lenght'; "
        "did you mean 'title-length'?"
    )
    write(project / ".incidentlint.yaml", 'rule-paths: [house_rules.py]\nper-file-ignores:\n  "./a/*": [nope]\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.yaml: per-file-ignores../a/* (line 3, column 13): unknown rule 'nope'; "
        "run 'incidentlint rules' for the list"
    )
    (project / ".incidentlint.yaml").unlink()
    write(
        project / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.incidentlint]\nrule-paths = ["house_rules.py"]\n'
        'severity = {HSE001 = "info", "title-lenght" = "off"}\n',
    )
    assert error_of("rec.yaml") == (
        "pyproject.toml [tool.incidentlint]: severity.title-lenght (line 6, column 30): unknown rule "
        "'title-lenght'; did you mean 'title-length'?"
    )


def test_options_of_a_list_type_without_a_schema_check_their_items(project: Path) -> None:
    write(
        project / "lists.py",
        HOUSE_RULES.read_text("utf-8").replace('options={"max": 40}', 'options={"max": 40, "tags": ["a"]}'),
    )
    write(project / ".incidentlint.toml", 'rule-paths = ["lists.py"]\n[options.title-length]\ntags = ["b", 3]\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: options.title-length.tags (line 3, column 8) must list only strings, like its default; "
        "got 3"
    )


KINDS = (
    '{"max": 40, "tags": ["a"], "pairs": [["a"]], "mixed": ["a", 1], "ratio": 0.5, "strict": True, "label": "x", '
    '"map": {}, "any": None}'
)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ratio = 1", None),  # a whole number is a fine number
        ("any = [1]", None),  # a default of null takes anything
        ("tags = []", None),
        ("mixed = [true, {}]", None),  # a default of mixed items sets no type for them
        ("ratio = 'x'", "ratio (line 3, column 9) must be a number, like its default 0.5; got 'x'"),
        ("strict = 1", "strict (line 3, column 10) must be true or false, like its default true; got 1"),
        ("max = 4.5", "max (line 3, column 7) must be a whole number, like its default 40; got 4.5"),
        ("label = 3", "label (line 3, column 9) must be a string, like its default 'x'; got 3"),
        ("map = 3", "map (line 3, column 7) must be a table (mapping), like its default an object; got 3"),
        ("tags = 'a'", "tags (line 3, column 8) must be a list, like its default an array; got 'a'"),
        ("tags = [{}]", "tags (line 3, column 8) must list only strings, like its default; got an object"),
        ("tags = ['a', 1, {}]", "tags (line 3, column 8) must list only strings, like its default; got 1"),
        ("pairs = [['b'], 'c']", "pairs (line 3, column 9) must list only lists, like its default; got 'c'"),
    ],
)
def test_options_without_a_schema_keep_the_type_of_their_default(project: Path, line: str, message: str | None) -> None:
    write(project / "kinds.py", HOUSE_RULES.read_text("utf-8").replace('options={"max": 40}', f"options={KINDS}"))
    write(project / ".incidentlint.toml", f'rule-paths = ["kinds.py"]\n[options.title-length]\n{line}\n')
    if message is None:
        code, _, err = run_cli("rec.yaml")
        assert (code, err) == (1, "")  # the record's own findings, no configuration error
    else:
        assert error_of("rec.yaml") == f".incidentlint.toml: options.title-length.{message}"


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("--select", "--select: unknown rule 'team-requierd'; did you mean 'team-required'?"),
        ("--ignore", "--ignore: unknown rule 'team-requierd'; did you mean 'team-required'?"),
        ("--extend-select", "--extend-select: unknown rule 'team-requierd'; did you mean 'team-required'?"),
    ],
)
def test_unknown_rule_in_a_flag_names_the_flag(project: Path, flag: str, message: str) -> None:
    write(project / ".incidentlint.toml", HOUSE)
    assert error_of(flag, "team-requierd", "rec.yaml") == message


def test_ignoring_parse_error_by_prefix_is_allowed_and_keeps_it_on(project: Path) -> None:
    write(project / "broken.yaml", "title: [\n")
    write(project / ".incidentlint.toml", 'ignore = ["IL0"]\n')
    assert found("broken.yaml")[1] == [("parse-error", 1, 9, "error")]


def test_repository_findings_on_standard_input_keep_their_positions(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "b.yaml", "title: Same\n")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["same-title"]\n')
    stdin = io.TextIOWrapper(io.BytesIO(b"\n\ntitle: Same\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    _, report = run_json("--stdin-filename", "new.yaml", "-", "b.yaml")
    assert [(d["file"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("new.yaml", 3, 8, "the title is also used by b.yaml"),
        ("b.yaml", 1, 8, "the title is also used by new.yaml"),
    ]


def test_per_file_ignores_are_relative_to_the_config_not_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "records" / "a.yaml", RECORD)
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001"]\n[per-file-ignores]\n"records/*.yaml" = ["team-required"]\n',
    )
    monkeypatch.chdir(project / "records")
    assert found("a.yaml") == (0, [])


def test_incidentlint_toml_wins_over_pyproject_in_the_same_directory(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.incidentlint]\nrule-paths = ["house_rules.py"]\nselect = ["HSE002"]\n')
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    assert rules_of("rec.yaml") == {"team-required"}


@pytest.mark.parametrize(
    ("pyproject", "warning"),
    [
        (b"[project]\nname = '\xff'\n", ""),
        (
            b"[tool.incidentlint]\nselect = ['\xff']\n",
            "incidentlint: warning: .incidentlint.toml is used; pyproject.toml [tool.incidentlint] beside it is "
            "ignored, as one configuration file per directory is read: move its settings into .incidentlint.toml\n",
        ),
    ],
)
def test_a_pyproject_beside_the_configuration_that_is_not_utf8_is_still_judged(
    project: Path, pyproject: bytes, warning: str
) -> None:
    (project / "pyproject.toml").write_bytes(pyproject)
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    assert run_cli("--format", "concise", "-q", "rec.yaml") == (
        0,
        "rec.yaml:1:1: warning[team-required] the record has no x-team; name the owning team, like x-team: payments\n",
        warning,
    )


def test_the_configuration_files_passed_over_in_the_same_directory_are_named(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "pyproject.toml", '[tool.incidentlint]\nrule-paths = ["house_rules.py"]\nselect = ["HSE002"]\n')
    write(project / ".incidentlint.yaml", "rule-paths: [house_rules.py]\nselect: [HSE002]\n")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    (project / "sub").mkdir()
    monkeypatch.chdir(project / "sub")
    code, out, err = run_cli("--format", "concise", "-q", "../rec.yaml")
    assert (code, out) == (
        0,
        "../rec.yaml:1:1: warning[team-required] the record has no x-team; "
        "name the owning team, like x-team: payments\n",
    )
    assert err == (
        "incidentlint: warning: ../.incidentlint.toml is used; ../.incidentlint.yaml and ../pyproject.toml "
        "[tool.incidentlint] beside it are ignored, as one configuration file per directory is read: "
        "move their settings into ../.incidentlint.toml\n"
    )
    (project / ".incidentlint.toml").unlink()
    assert run_cli("--format", "concise", "-q", "../rec.yaml")[2] == (
        "incidentlint: warning: ../.incidentlint.yaml is used; ../pyproject.toml [tool.incidentlint] beside it is "
        "ignored, as one configuration file per directory is read: move its settings into ../.incidentlint.yaml\n"
    )


def test_a_pyproject_of_another_tool_beside_the_configuration_is_not_mentioned(project: Path) -> None:
    write(project / "pyproject.toml", "[tool.ruff]\nline-length = 100  # ruff, not incidentlint, reads this\n")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    assert run_cli("--format", "concise", "-q", "rec.yaml") == (
        0,
        "rec.yaml:1:1: warning[team-required] the record has no x-team; name the owning team, like x-team: payments\n",
        "",
    )


def test_a_pyproject_beside_the_configuration_that_is_a_fifo_does_not_block_the_run(project: Path) -> None:
    """Looking for a [tool.incidentlint] table beside the configuration read the FIFO, and waited for a writer
    for ever. The real console script: a hang fails the test at its timeout."""
    os.mkfifo(project / "pyproject.toml")
    write(project / ".incidentlint.toml", HOUSE + 'select = ["HSE001"]\n')
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "incidentlint"), "--format", "concise", "-q", "rec.yaml"],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=project,
    )
    assert (proc.returncode, proc.stdout.decode(), proc.stderr) == (
        0,
        "rec.yaml:1:1: warning[team-required] the record has no x-team; name the owning team, like x-team: payments\n",
        b"",
    )


_HSE002 = 'rule-paths = ["../house_rules.py"]\nselect = ["HSE002"]\n'


@pytest.mark.parametrize(
    "text",
    [
        '[tool."incidentl\\u0069nt"]\n' + _HSE002,  # a letter as an escape: the only spelling without the word
        '[tool."incidentl\\U00000069nt"]\n' + _HSE002,
        "[tool.'incidentlint']\n" + _HSE002,
        '[tool]\nincidentlint = { rule-paths = ["../house_rules.py"], select = ["HSE002"] }\n',
    ],
    ids=["u-escape", "U-escape", "literal-key", "inline-table"],
)
def test_a_pyproject_table_of_ours_is_found_however_its_key_is_written(
    project: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    write(project / "sub" / "pyproject.toml", text)
    monkeypatch.chdir(project / "sub")
    assert rules_of("../rec.yaml") == {"title-length"}


def test_a_deep_pyproject_that_only_mentions_us_is_not_ours_to_judge(project: Path) -> None:
    # The word is there, so tomllib reads the file, and ends in RecursionError: the file is not ours all the same.
    write(project / "pyproject.toml", "# linted by incidentlint\n[tool.other]\na = " + "[" * 600 + "]" * 600 + "\n")
    assert run_cli("--select", "parse-error", "rec.yaml")[0] == 0


@pytest.mark.parametrize("text", ['[project]\nname = "x"\n', "tool = 1\n", "[tool.ruff]\nline-length = 100\n"])
def test_an_explicit_pyproject_without_our_table_is_an_error(project: Path, text: str) -> None:
    write(project / "sub" / "pyproject.toml", text)
    assert error_of("--config", "sub/pyproject.toml", "rec.yaml") == (
        "sub/pyproject.toml [tool.incidentlint]: the file has no [tool.incidentlint] table; add one, or name a file "
        "such as .incidentlint.toml that holds the keys at its top level"
    )


CONFIG_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 2**31),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["", "error", "warning", "info", "off", "ALL", "IL1", "placeholder-text", "*.json", "é"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["placeholder-text", "IL1", "*.json", "words", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)
CONFIG_KEYS = st.sampled_from(
    ["select", "ignore", "extend-select", "severity", "per-file-ignores", "options", "include", "exclude",
     "force-exclude", "respect-gitignore", "fail-on", "root", "schema", "rule-paths", "max-file-size", "selec"]
)  # fmt: skip


_WORDS = st.text(max_size=3).map(lambda text: text or "x") | st.sampled_from(["", "ALL", "IL1", "é", "\u0301"])
_LISTS = st.lists(_WORDS, max_size=3)
#: Configurations that are valid or nearly so (an empty string, a value near a limit), so both answers are common.
NEAR_VALID = st.fixed_dictionaries(
    {},
    optional={
        "select": _LISTS,
        "per-file-ignores": st.dictionaries(_WORDS, _LISTS, max_size=2),
        "severity": st.dictionaries(_WORDS, st.sampled_from(["error", "warning", "info", "off", "Off"]), max_size=2),
        "options": st.dictionaries(_WORDS, st.dictionaries(_WORDS, CONFIG_VALUES, max_size=2) | CONFIG_VALUES),
        "force-exclude": st.booleans() | st.integers(0, 1),
        "fail-on": st.sampled_from(["error", "warning", "info", "off"]),
        "root": _WORDS,
        "max-file-size": st.integers(0, 2**30 + 1) | st.sampled_from([1.0, 2**30 + 0.5]),
    },
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(CONFIG_KEYS, CONFIG_VALUES, max_size=4) | NEAR_VALID)
@example({"max-file-size": 2.0})
@example({"max-file-size": True})
@example({"severity": {"IL1": "off"}, "select": ["ALL"], "max-file-size": 1024})
@example({"select": [""]})
@example({"options": {"placeholder-text": []}})
def test_the_quick_configuration_check_passes_only_what_jsonschema_passes(data: dict[str, Any]) -> None:
    """jsonschema-rs settles a valid configuration without importing jsonschema; whatever it passes, jsonschema
    (with our whole-number integers) passes too, and the two agree on every configuration without a float."""
    from incidentlint.config import _valid_quickly, config_errors

    quick, errors = _valid_quickly(data), config_errors(data)
    if quick:
        assert errors == []
    if not _holds_float(data):
        assert quick == (errors == [])


def _holds_float(value: Any) -> bool:
    if isinstance(value, dict):
        return any(map(_holds_float, value.values()))
    if isinstance(value, list):
        return any(map(_holds_float, value))
    return isinstance(value, float)


def _schemas() -> list[tuple[str, dict[str, Any]]]:
    from incidentlint.registry import all_rules

    return sorted((name, dict(rule.options_schema)) for name, rule in all_rules().items() if rule.options_schema)


OPTION_VALUES = CONFIG_VALUES | st.lists(_WORDS, max_size=3) | st.integers(-1, 10**8) | st.dictionaries(_WORDS, _WORDS)


@st.composite
def configured_options(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A built-in rule's options schema and values for its own options (and now and then an unknown one)."""
    _, schema = draw(st.sampled_from(_schemas()))
    names = [*sorted(schema.get("properties", {})), "x"]
    return schema, draw(st.dictionaries(st.sampled_from(names), OPTION_VALUES, max_size=3))


@settings(max_examples=400, deadline=None)
@given(configured_options())
def test_the_quick_options_check_passes_only_what_jsonschema_passes(
    configured: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """A rule's configured options are settled by jsonschema-rs when it passes them; jsonschema, which words the
    problems, must pass the same values, and the two agree wherever there is no pattern, format or float."""
    from jsonschema import Draft202012Validator

    from incidentlint.quickcheck import accepts

    schema, values = configured
    quick, errors = accepts(schema, values), list(Draft202012Validator(schema).iter_errors(values))
    if quick:
        assert errors == []
    if '"pattern' not in json.dumps(schema) and '"format"' not in json.dumps(schema) and not _holds_float(values):
        assert quick == (errors == [])


def test_the_quick_check_leaves_patterns_formats_floats_and_odd_schemas_to_jsonschema() -> None:
    from incidentlint.quickcheck import accepts, valid_schema

    words = {"type": "object", "properties": {"words": {"type": "array", "items": {"type": "string"}}}}
    assert accepts(words, {"words": ["TBD"]}) and valid_schema(words)
    assert not accepts(words, {"words": [1]})  # refused: jsonschema words it
    assert not accepts({"type": "object", "properties": {"w": {"pattern": "^a"}}}, {"w": "a"})
    assert not accepts({"type": "object", "properties": {"d": {"format": "date"}}}, {"d": "2024-01-01"})
    assert not accepts({"type": "object"}, {"tolerance": 2.0})  # 2.0: an integer to JSON Schema, not to us
    assert not accepts({"type": {1, 2}}, {})  # not JSON at all
    assert not valid_schema({"type": "integr"})


# -- positions of list items in TOML ------------------------------------------------------------------------

PYPROJECT_SELECT = """[project]
name = "records"

[tool.incidentlint]
select = [
  "schema",  # a comment with "quotes", a ] and a ,
  'schema',
  \"\"\"
schema\"\"\",
  '\'\'schema'\'\',
  "sch\\u0065ma",
  "no-such-rule",
]
"""


def test_an_item_of_a_toml_list_is_placed_where_it_is_written_past_strings_of_every_kind_and_comments(
    project: Path,
) -> None:
    # Each item before the unknown one is 'schema', written as each kind of TOML string: the scan must step over
    # them (a multi-line one over two lines) and over the comment's quotes, bracket and comma.
    write(project / "pyproject.toml", PYPROJECT_SELECT)
    assert error_of("rec.yaml") == (
        "pyproject.toml [tool.incidentlint]: select (line 12, column 3): unknown rule 'no-such-rule'; "
        "run 'incidentlint rules' for the list"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Nested lists and inline tables are stepped over whole, whatever brackets their strings hold.
        ('ignore = [["]"], {a = "}"}, 3]', "ignore[0] (line 1, column 11) must be a string; got an array"),
        ('include = ["a", ["]"], ""]', "include[1] (line 1, column 17) must be a string; got an array"),
        ('exclude = [\n  "a",\n\n  # a comment\n  7,\n]', "exclude[1] (line 5, column 3) must be a string; got 7"),
    ],
)
def test_toml_list_items_are_located(project: Path, text: str, message: str) -> None:
    write(project / ".incidentlint.toml", text + "\n")
    assert error_of("rec.yaml").startswith(f".incidentlint.toml: {message}")


@pytest.mark.parametrize(
    ("text", "parts", "expected"),
    [
        ('select = ["a", "b"]\n', ("select", 1), " (line 1, column 16)"),
        ('select = ["a", "b"]\n', ("select", 2), " (line 1, column 10)"),  # past the end: the list itself
        ('select = ["a", "b"]\n', ("select", 1, 0), " (line 1, column 16)"),  # not a list: the item itself
        ('select = "a"\n', ("select", 0), " (line 1, column 10)"),  # not a list at all: the value
        ('select = [\n  "a", # x\n  "b",\n]\n', ("select", 1), " (line 3, column 3)"),
        ("select = [ ]\n", ("select", 0), " (line 1, column 10)"),
        ('[options.x]\nwords = ["a", "", "c"]\n', ("options", "x", "words", 2), " (line 2, column 19)"),
        ('select = ["a"]\n', ("select", 0), " (line 1, column 11)"),
        ('select = ["a"]\n', ("select",), " (line 1, column 10)"),
        ('select = ["a"]\n', ("ignore", 0), ""),  # no such key: no position rather than a wrong one
        ('select = ["a\\" ]", "b"]\n', ("select", 1), " (line 1, column 20)"),  # an escaped quote ends nothing
        ('select = ["a\\\\", "b"]\n', ("select", 1), " (line 1, column 18)"),  # an escaped backslash does not
        ("select = [1.5e3, true, 'c']\n", ("select", 2), " (line 1, column 24)"),
        # A list cut off by the end of the file: the scan stops there, at the list, without failing.
        ("select = [", ("select", 1), " (line 1, column 10)"),
        ('select = ["a", ', ("select", 1), " (line 1, column 10)"),
        ("select = [1", ("select", 1), " (line 1, column 10)"),
        ('ignore = [[], "a"]\n', ("ignore", 0, 1), " (line 1, column 11)"),  # past the end of an inner list
        # A table that only leads towards the key: its header, not a place inside it.
        ("[options]\nx = 1\n", ("options", "words", 0), " (line 1, column 1)"),
    ],
)
def test_where_leads_into_toml_lists(text: str, parts: tuple[str | int, ...], expected: str) -> None:
    from incidentlint.configpos import where

    assert where(text, True, False, parts) == expected


def test_a_rule_handed_to_the_linter_with_a_broken_options_schema_is_refused_when_configured() -> None:
    # Rules given to Linter directly skip the registry's checks: configuring one must say what is wrong with its
    # schema, not fail inside jsonschema.
    broken = Rule(
        "XX001",
        "broken",
        Severity.WARNING,
        "s",
        "r",
        check=lambda record, options: [],
        options={"level": 1},
        options_schema={"type": "object", "properties": {"level": {"type": "nonsense"}}},
    )
    with pytest.raises(RuleLoadError) as raised:
        Linter(Config(select=["broken"], options={"broken": {"level": 2}}), {"broken": broken})
    assert str(raised.value) == (
        "the rule 'broken' (built-in) has an options_schema that is not a valid JSON Schema: 'nonsense' is not "
        "valid under any of the given schemas (at properties.level.type)"
    )


@pytest.mark.parametrize("flag", ["--select", "--extend-select", "--ignore"])
def test_an_unknown_rule_in_a_flag_is_not_placed_in_the_file(project: Path, flag: str) -> None:
    # The file names rules under the same keys; the flag's mistake is not at their line and column.
    write(
        project / ".incidentlint.toml",
        HOUSE + 'select = ["HSE001"]\nextend-select = ["HSE002"]\nignore = ["HSE003"]\n',
    )
    assert (
        error_of(flag, "team-requierd", "rec.yaml")
        == f"{flag}: unknown rule 'team-requierd'; did you mean 'team-required'?"
    )


def _team_rule(options_schema: dict[str, Any]) -> Rule:
    return Rule(
        "XX001",
        "team-rule",
        Severity.WARNING,
        "s",
        "r",
        check=lambda record, options: [],
        options_schema=options_schema,
    )


_TEAM_SCHEMA = {
    "type": "object",
    "properties": {
        "team": {"type": "string"},
        "hours": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 24},
        "code": {"type": "string", "pattern": "^[A-Z]+$"},
        "limits": {"type": "object", "properties": {"hours": {"type": "integer"}}, "additionalProperties": False},
        "window": {"type": "object", "required": ["start", "end"]},
        "ratio": {"type": "number", "minimum": 0, "maximum": 1},
        "owner": {"type": ["string", "null"]},
        "tags": {"type": "object", "maxProperties": 1},
    },
    "required": ["team"],
    "maxProperties": 5,
}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "options.team-rule: the required option 'team' is missing"),
        ({"team": "pay", "window": {"start": 1}}, "options.team-rule.window is missing the required key 'end'"),
        ({"team": "pay", "hours": 0}, "options.team-rule.hours must be more than 0; got 0"),
        ({"team": "pay", "hours": 24}, "options.team-rule.hours must be less than 24; got 24"),
        ({"team": "pay", "ratio": "half"}, "options.team-rule.ratio must be a number; got 'half'"),
        ({"team": "pay", "ratio": -1}, "options.team-rule.ratio must be at least 0; got -1"),
        ({"team": "pay", "ratio": 1.5}, "options.team-rule.ratio must be at most 1; got 1.5"),
        ({"team": "pay", "owner": True}, "options.team-rule.owner must be a string or null; got true"),
        # A keyword without its own wording gets jsonschema's.
        ({"team": "pay", "code": "pay"}, "options.team-rule.code: 'pay' does not match '^[A-Z]+$'"),
        # jsonschema's wording quotes the whole value: it is cut at 200 characters.
        ({"team": "pay", "code": "p" * 300}, "options.team-rule.code: '" + "p" * 199),
        # A keyword on the options as a whole: selection has named them, so the sentence is jsonschema's alone.
        (
            {"team": "pay", "hours": 1, "code": "A", "ratio": 0, "owner": None, "tags": {}},
            "options.team-rule: {'team': 'pay', 'hours': 1, 'code': 'A', 'ratio': 0, 'owner': None, 'tags': {}} has "
            "too many properties",
        ),
        # and it is cut at 200 characters too.
        (
            {"team": "p" * 300, "hours": 1, "code": "A", "ratio": 0, "owner": None, "tags": {}},
            "options.team-rule: {'team': '" + "p" * 190,
        ),
        # So does one about a table other than 'required', whose value is no list of keys to name.
        ({"team": "pay", "tags": {"a": 1, "b": 2}}, "options.team-rule.tags: {'a': 1, 'b': 2} has too many properties"),
        # Unknown keys inside an option's table: the message names the rule, then the option the key is in.
        (
            {"team": "pay", "limits": {"hour": 1}},
            "options.team-rule: unknown key 'hour' in limits; did you mean 'hours'?",
        ),
        (
            {"team": "pay", "limits": {"zzzz": 1}},
            "options.team-rule: unknown key 'zzzz' in limits; valid keys are hours",
        ),
        # What ruff calls a top-level key is no hint inside an option.
        ({"team": "pay", "limits": {"fix": 1}}, "options.team-rule: unknown key 'fix' in limits; valid keys are hours"),
    ],
)
def test_options_refused_by_a_rules_options_schema_are_worded_by_keyword(options: dict[str, Any], message: str) -> None:
    # A Config built in code has no file, so no message gives a line and column (nor an empty placeholder).
    with pytest.raises(ConfigError) as raised:
        Linter(Config(select=["team-rule"], options={"team-rule": options}), {"team-rule": _team_rule(_TEAM_SCHEMA)})
    assert str(raised.value) == f"the configuration: {message}"


def test_options_a_rules_options_schema_accepts_pass() -> None:
    options = {"team": "pay", "hours": 23, "code": "PAY", "limits": {"hours": 1}}
    linter = Linter(
        Config(select=["team-rule"], options={"team-rule": options}), {"team-rule": _team_rule(_TEAM_SCHEMA)}
    )
    assert linter.config.options == {"team-rule": options}


LOCAL_RULE = """
from incidentlint.api import Finding, rule

SCHEMA = {
    "type": "object",
    "properties": {
        "limits": {"type": "object", "properties": {"hours": {"type": "integer"}}, "additionalProperties": False}
    },
}


@rule(code="HOUSE001", name="house-rule", severity="warning", rationale="r", summary="s", options_schema=SCHEMA)
def house_rule(record, options):
    yield Finding("", "house rule ran")
"""


def test_an_unknown_key_inside_an_option_is_placed_on_the_key(project: Path) -> None:
    """It read "options.house-rule.unknown key 'hour' in limits": the option's path ran into the sentence."""
    write(project / "local.py", LOCAL_RULE)
    write(
        project / ".incidentlint.toml", 'rule-paths = ["local.py"]\n[options.house-rule.limits]\nhours = 1\nhour = 2\n'
    )
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: options.house-rule: unknown key 'hour' in limits (line 4, column 1); did you mean 'hours'?"
    )
    write(project / ".incidentlint.toml", 'rule-paths = ["local.py"]\n[options.house-rule.limits]\nhours = 1\n')
    assert run_cli("--select", "house-rule", "--format", "concise", "-q", "rec.yaml") == (
        0,
        "rec.yaml:1:1: warning[house-rule] house rule ran\n",
        "",
    )


WHOLE_OPTIONS_RULE = LOCAL_RULE.replace(
    '"type": "object",\n    "properties": {\n',
    '"type": "object",\n    "required": ["limits"],\n    "maxProperties": 1,\n    "properties": {\n'
    '        "level": {"type": "integer"},\n',
    1,
)


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        (
            ".incidentlint.toml",
            "[options.house-rule]\nlevel = 1\n",
            "the required option 'limits' is missing (line 2, column 1)",
        ),
        (
            ".incidentlint.yaml",
            "options:\n  house-rule:\n    level: 1\n",
            "the required option 'limits' is missing (line 4, column 5)",
        ),
        (
            ".incidentlint.toml",
            "[options.house-rule]\nlevel = 1\n[options.house-rule.limits]\n",
            "{'level': 1, 'limits': {}} has too many properties (line 2, column 1)",
        ),
    ],
)
def test_a_keyword_on_a_rules_options_as_a_whole_is_placed_after_the_sentence(
    project: Path, name: str, options: str, message: str
) -> None:
    """It read "options.house-rule:  (line 2, column 1) is missing the required key 'limits'": with no key to name,
    the position was taken for one."""
    write(project / "local.py", WHOLE_OPTIONS_RULE)
    rule_paths = 'rule-paths = ["local.py"]\n' if name.endswith(".toml") else "rule-paths: [local.py]\n"
    write(project / name, rule_paths + options)
    assert error_of("rec.yaml") == f"{name}: options.house-rule: {message}"


def test_a_config_built_in_code_has_no_positions_even_with_text() -> None:
    # Without a path there is no telling TOML from YAML, so nothing is placed.
    from incidentlint.config import position

    assert position(Config(text='select = ["x"]\n'), ("select",)) == ""
    assert position(Config(path=Path("c.toml"), text='select = ["x"]\n'), ("select",)) == " (line 1, column 10)"
    assert position(Config(path=Path("c.toml")), ("select",)) == ""


def test_where_gives_nothing_without_text_or_parts_or_a_key_in_yaml() -> None:
    from incidentlint.configpos import where

    # No text, no key path, a path that is not in the file: no place rather than the top of the file.
    assert where("", True, False, ("select",)) == ""
    assert where("", False, False, ("select",)) == ""
    assert where("select: [a]\n", False, False, ()) == ""
    assert where("select = ['a']\n", True, False, ()) == ""
    assert where("select: [a]\n", False, False, ("ignore", 0)) == ""
    assert where('select = ["a"]\n', True, False, (0,)) == ""  # an index with no key before it
    # A list item has no key: asked for its key, the item itself.
    assert where("select: [a]\n", False, False, ("select", 0), on_key=True) == " (line 1, column 10)"


def test_where_follows_lists_keys_and_tables_in_toml() -> None:
    from incidentlint.configpos import where

    cases = [
        # Past the end of a list that another key follows: the list, not that key.
        ('select = ["a"]\nignore = []\n', ("select", 1), " (line 1, column 10)"),
        # Three indices deep, taken outermost first.
        ("ignore = [[[1, 2], [3]], [[4]]]\n", ("ignore", 0, 1, 0), " (line 1, column 21)"),
        # A header that only leads part of the way is not a list to step into, even after other lines.
        ("select = []\n[options]\nx = 1\n", ("options", "words", 0), " (line 2, column 1)"),
        # A key in single quotes is the key without them.
        ("[per-file-ignores]\n'*.yaml' = ['x']\n", ("per-file-ignores", "*.yaml", 0), " (line 2, column 13)"),
        # A string of each kind cut off by the end of the file, and a bracket closed by the wrong one: the list.
        ('select = ["a', ("select", 1), " (line 1, column 10)"),
        ("select = ['a", ("select", 1), " (line 1, column 10)"),
        ('select = ["""a', ("select", 1), " (line 1, column 10)"),
        ("select = ['''a", ("select", 1), " (line 1, column 10)"),
        ('select = [{a = 1], "b"]\n', ("select", 1), " (line 1, column 10)"),
    ]
    assert [where(text, True, False, parts) for text, parts, _ in cases] == [expected for _, _, expected in cases]


def test_a_toml_value_cut_off_or_stray_is_stepped_over_to_the_end_or_by_one_character() -> None:
    from incidentlint.configpos import _skip_value

    # A string the file ends inside runs to the end; a character no value starts with is one character.
    texts = ['"abc', "'abc", '"""abc', "'''abc", "]", "}", ","]
    assert [_skip_value(text, 0) for text in texts] == [4, 4, 6, 6, 1, 1, 1]


def test_where_points_at_the_first_header_or_key_that_leads_furthest() -> None:
    from incidentlint.configpos import where

    cases = [
        # A comment after a header is no part of the table's name.
        ("[options]  # tuned\nwords = 1\n", ("options", "words"), False, " (line 2, column 9)"),
        # Indented headers and keys are found where their name starts.
        ("a = 1\n  [options.x]\n", ("options", "x", "words"), False, " (line 2, column 3)"),
        ("[options.x]\n  words = 1\n", ("options", "x", "words"), True, " (line 2, column 3)"),
        ("[options.x]\n  words = 1\n", ("options", "x", "words"), False, " (line 2, column 11)"),
        # A header that leads further than one before it wins, wherever the first one is.
        ("select = []\n[options]\n[options.x]\n", ("options", "x", "words"), False, " (line 3, column 1)"),
        # Of two that lead as far, the first.
        ("[[rules]]\na = 1\n[[rules]]\nb = 2\n", ("rules",), True, " (line 1, column 1)"),
        ("[options.x.a]\n[options.x.b]\n", ("options", "x"), True, " (line 1, column 10)"),
    ]
    found = [where(text, True, False, parts, on_key) for text, parts, on_key, _ in cases]
    assert found == [expected for _, _, _, expected in cases]


def test_where_reads_inline_tables_on_the_key_line() -> None:
    from incidentlint.configpos import where

    cases = [
        ('select = []\nseverity = {schema = "warning"}\n', ("severity", "schema"), False, " (line 2, column 22)"),
        ('select = []\nseverity = {schema = "warning"}\n', ("severity", "schema"), True, " (line 2, column 13)"),
        ("select = []\noptions = {x = {words = 1}}\n", ("options", "x", "words"), False, " (line 2, column 25)"),
        # A key the inline tables do not hold: the furthest one they do.
        ("select = []\noptions = {x = {words = 1}}\n", ("options", "x", "words", "y"), False, " (line 2, column 17)"),
        # A later key that leads as far as an earlier one (each table of an array of tables) does not move it.
        ("[[rules]]\nname = 1\n[[rules]]\nname = 2\n", ("rules", "name"), False, " (line 2, column 8)"),
        # A header deeper than the key names the key in it, past a header that led less far.
        ("select = []\n[options]\nq = 1\n[options.x.a]\n", ("options", "x"), True, " (line 4, column 10)"),
    ]
    found = [where(text, True, False, parts, on_key) for text, parts, on_key, _ in cases]
    assert found == [expected for _, _, _, expected in cases]


def test_a_wrong_value_in_an_inline_table_is_pointed_at(project: Path) -> None:
    write(project / ".incidentlint.toml", 'select = ["schema"]\nseverity = {schema = "fatal"}\n')
    assert error_of("rec.yaml") == (
        ".incidentlint.toml: severity.schema (line 2, column 22) must be one of error, warning, info, off; got 'fatal'"
    )
