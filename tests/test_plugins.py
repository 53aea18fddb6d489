"""Rules from outside the built-in pack: entry-point plugins, local rule-paths files, and rules that crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from incidentlint.cli import main
from incidentlint.registry import ENTRY_POINT_GROUP
from tests.helpers import ROOT, run_cli, run_json

PLUGIN_PACK = ROOT / "tests" / "fixtures" / "plugin_pack"
RUNBOOK_MESSAGE = "the record has no x-runbook link starting with https://"


def install_entry_points(monkeypatch: pytest.MonkeyPatch, *points: tuple[str, str]) -> None:
    """An importlib.metadata test double: the registry sees these entry points, and loads them for real."""

    def entry_points(*, group: str) -> list[EntryPoint]:
        assert group == ENTRY_POINT_GROUP
        return [EntryPoint(name=name, value=value, group=group) for name, value in points]

    monkeypatch.setattr("incidentlint.registry.entry_points", entry_points)
    monkeypatch.syspath_prepend(str(PLUGIN_PACK))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # modules written here can be named by entry points
    (tmp_path / "r.yaml").write_text("title: Checkout down\n", "utf-8")
    return tmp_path


def error_of(*args: str) -> str:
    code, out, err = run_cli(*args)
    assert (code, out) == (2, ""), err
    assert err.startswith("incidentlint: error: ") and err.count("\n") == 1, err
    return err.removeprefix("incidentlint: error: ").rstrip("\n")


# -- entry points -------------------------------------------------------------------------------------------


def test_plugin_rule_runs_and_is_positioned(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"))
    code, report = run_json("--select", "runbook-link", "r.yaml")
    assert code == 0  # a warning
    assert [
        (d["rule"], d["code"], d["line"], d["column"], d["severity"], d["message"]) for d in report["diagnostics"]
    ] == [("runbook-link", "ACME001", 1, 1, "warning", RUNBOOK_MESSAGE)]


def test_plugin_rule_is_enabled_by_default_and_takes_options(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"))
    (workdir / "r.yaml").write_text("title: Checkout down\nx-runbook: http://wiki/checkout\n", "utf-8")
    assert "runbook-link" in {d["rule"] for d in run_json("r.yaml")[1]["diagnostics"]}
    (workdir / ".incidentlint.toml").write_text(
        'select = ["ACME"]\n[options.runbook-link]\nprefix = "http://"\n', "utf-8"
    )
    code, report = run_json("r.yaml")
    assert (code, report["diagnostics"]) == (0, [])


def test_plugin_options_are_validated(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"))
    (workdir / ".incidentlint.toml").write_text("[options.runbook-link]\nprefix = 1\n", "utf-8")
    assert error_of("r.yaml") == (
        ".incidentlint.toml: options.runbook-link.prefix (line 2, column 10) must be a string, like its default "
        "'https://'; got 1"
    )


def test_entry_point_naming_a_single_rule_or_a_list(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "acme_list.py").write_text("from acme_incident_rules import runbook_link\nRULES_LIST = [runbook_link]\n")
    for value in ("acme_incident_rules:runbook_link", "acme_list:RULES_LIST"):
        install_entry_points(monkeypatch, ("acme", value))
        assert [d["rule"] for d in run_json("--select", "ACME001", "r.yaml")[1]["diagnostics"]] == ["runbook-link"]


def test_plugin_rule_is_listed_with_its_source(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"))
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    [entry] = [rule for rule in json.loads(out)["rules"] if rule["code"] == "ACME001"]
    assert entry == {
        "code": "ACME001",
        "name": "runbook-link",
        "severity": "warning",
        "enabled": True,
        "effective_severity": "warning",
        "source": "plugin",
        "origin": "acme",
        "fixable": False,
        "scope": "record",
        "summary": "The record links the runbook that was followed, in [x-runbook].",
    }


def test_plugin_that_fails_to_import(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"), ("ghost", "acme_ghost_rules"))
    message = (
        "the rule plugin 'ghost' (acme_ghost_rules) failed to load: ModuleNotFoundError: No module named "
        "'acme_ghost_rules'; fix or uninstall it to run incidentlint"
    )
    assert error_of("r.yaml") == message
    assert error_of("rules") == message
    assert error_of("explain", "runbook-link") == message


def test_plugin_that_raises_while_importing(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "acme_raises.py").write_text("raise RuntimeError('needs ACME_TOKEN')\n", "utf-8")
    install_entry_points(monkeypatch, ("raises", "acme_raises"))
    assert error_of("r.yaml") == (
        "the rule plugin 'raises' (acme_raises) failed to load: RuntimeError: needs ACME_TOKEN; "
        "fix or uninstall it to run incidentlint"
    )


def test_plugin_naming_a_missing_attribute(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules:nope"))
    assert error_of("r.yaml") == (
        "the rule plugin 'acme' (acme_incident_rules:nope) failed to load: AttributeError: module "
        "'acme_incident_rules' has no attribute 'nope'; fix or uninstall it to run incidentlint"
    )


def test_plugin_naming_something_that_is_not_a_rule(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("odd", "json:dumps"))
    assert error_of("r.yaml") == "the rule plugin 'odd' (json:dumps) must point at a module, a Rule or a list of Rules"


def test_plugin_module_without_rules(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("empty", "json"))
    assert error_of("r.yaml") == (
        "the rule plugin 'empty' (json) defines no rules (decorate functions with incidentlint.api.rule)"
    )


def _clashing_plugin(workdir: Path, monkeypatch: pytest.MonkeyPatch, replace: Callable[[str], str]) -> None:
    # A module name per test directory: the import system caches modules by name for the whole session.
    module = f"acme_clash_{workdir.name.replace('-', '_')}"
    source = (PLUGIN_PACK / "acme_incident_rules" / "__init__.py").read_text("utf-8")
    (workdir / f"{module}.py").write_text(replace(source), "utf-8")
    install_entry_points(monkeypatch, ("clash", module))


def test_plugin_reusing_a_core_name(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clashing_plugin(workdir, monkeypatch, lambda text: text.replace('name="runbook-link"', 'name="schema"'))
    assert error_of("r.yaml") == (
        "the rule name 'schema' of ACME001 (plugin 'clash') is already used by the core check 'schema' (IL003); "
        "every rule needs its own code and name"
    )


def test_plugin_reusing_a_core_code(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _clashing_plugin(workdir, monkeypatch, lambda text: text.replace('code="ACME001"', 'code="IL003"'))
    assert error_of("r.yaml") == (
        "the rule code 'IL003' of 'runbook-link' (plugin 'clash') is already used by the core check 'schema'; "
        "every rule needs its own code and name"
    )


def test_two_plugins_with_the_same_rule(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"), ("again", "acme_incident_rules:runbook_link"))
    assert error_of("r.yaml") == (
        "the rule name 'runbook-link' of ACME001 (plugin 'again') is already used by the rule ACME001 "
        "(plugin 'acme'); every rule needs its own code and name"
    )


def test_local_rule_reusing_a_plugin_code(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_entry_points(monkeypatch, ("acme", "acme_incident_rules"))
    source = (PLUGIN_PACK / "acme_incident_rules" / "__init__.py").read_text("utf-8")
    (workdir / "mine.py").write_text(source.replace('name="runbook-link"', 'name="my-runbook"'), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["mine.py"]\n', "utf-8")
    assert error_of("r.yaml") == (
        "the rule code 'ACME001' of 'my-runbook' (local file mine.py) is already used by the rule 'runbook-link' "
        "(plugin 'acme'); every rule needs its own code and name"
    )


@pytest.mark.slow
def test_installed_plugin_pack_is_found_through_its_entry_point(tmp_path: Path) -> None:
    """The fixture pack, really built and installed; the console script finds it through importlib.metadata."""
    source = tmp_path / "pack"
    shutil.copytree(PLUGIN_PACK, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(site),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    assert (site / "acme_incident_rules" / "__init__.py").is_file()
    record = tmp_path / "r.yaml"
    record.write_text("title: Checkout down\n", "utf-8")
    script = Path(sys.executable).parent / "incidentlint"
    env = {**os.environ, "PYTHONPATH": str(site)}
    listed = subprocess.run(
        [str(script), "rules", "--format", "json"], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    )
    [entry] = [rule for rule in json.loads(listed.stdout)["rules"] if rule["name"] == "runbook-link"]
    assert (entry["source"], entry["origin"]) == ("plugin", "acme")
    linted = subprocess.run(
        [str(script), "--format", "json", "--select", "ACME001", "--fail-on", "warning", str(record)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert linted.returncode == 1, linted.stderr
    assert [d["message"] for d in json.loads(linted.stdout)["diagnostics"]] == [RUNBOOK_MESSAGE]
    # Without the package on the path the rule does not exist.
    gone = subprocess.run(
        [str(script), "--select", "ACME001", str(record)],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        cwd=tmp_path,
    )
    assert gone.returncode == 2
    assert (
        gone.stderr == "incidentlint: error: --select: unknown rule 'ACME001'; run 'incidentlint rules' for the list\n"
    )


# -- rules that crash ---------------------------------------------------------------------------------------

CRASHING = """\
from incidentlint.api import Finding, rule


@rule(code="BOOM001", name="boom", severity="error", summary="s", rationale="r", valid=[{}], invalid=[{}])
def boom(record, options):
    yield Finding("/title", "before the crash")
    raise ZeroDivisionError("division by zero")


@rule(code="BOOM002", name="still-runs", severity="warning", summary="s", rationale="r", valid=[{}], invalid=[{}])
def still_runs(record, options):
    yield Finding("/title", "this rule ran")


@rule(
    code="BOOM201", name="boom-everywhere", severity="error", summary="s", rationale="r", scope="repository",
    enabled_by_default=False,
)
def boom_everywhere(summaries, options):
    raise KeyError("incident_id")
    yield
"""


def test_a_rule_that_raises_is_one_internal_error_and_the_other_rules_still_run(workdir: Path) -> None:
    (workdir / "crash.py").write_text(CRASHING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["crash.py"]\n', "utf-8")
    code, report = run_json("r.yaml")
    assert code == 3
    found = [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]
    assert (
        "internal-error",
        1,
        1,
        (
            "rule 'boom' (local file crash.py) crashed on r.yaml: ZeroDivisionError: division by zero; the other "
            "checks still ran. Fix the rule in its file."
        ),
    ) in found
    assert ("still-runs", 1, 8, "this rule ran") in found
    assert "schema" in {rule for rule, *_ in found}
    assert [rule for rule, *_ in found].count("internal-error") == 1
    assert "before the crash" not in {message for *_, message in found}  # half a crashed rule's output is noise


def test_a_repository_rule_that_raises_is_one_internal_error(workdir: Path) -> None:
    (workdir / "crash.py").write_text(CRASHING, "utf-8")
    (workdir / "s.yaml").write_text("title: Search down\n", "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["crash.py"]\nselect = ["boom-everywhere"]\n', "utf-8")
    code, report = run_json("r.yaml", "s.yaml")
    assert code == 3
    assert [(d["file"], d["rule"], d["message"]) for d in report["diagnostics"]] == [
        (
            "r.yaml",
            "internal-error",
            "rule 'boom-everywhere' (local file crash.py) crashed on r.yaml: KeyError: 'incident_id'; the other "
            "checks still ran. Fix the rule in its file.",
        )
    ]


MISBEHAVING = """
import sys

from incidentlint.api import Finding, rule


@rule(code="BAD101", name="exits", severity="error", summary="s", rationale="r")
def exits(record, options):
    if record.get("title") == "exit":
        sys.exit(0)
    return ()


@rule(code="BAD102", name="numeric-message", severity="error", summary="s", rationale="r")
def numeric_message(record, options):
    if record.get("title") == "number":
        yield Finding("", 123)


@rule(code="BAD201", name="bad-index", severity="error", summary="s", rationale="r", scope="repository")
def bad_index(summaries, options):
    yield 99, Finding("", "out of range")
"""


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "github", "sarif", "junit", "gitlab"])
def test_a_rule_that_exits_or_yields_junk_is_an_internal_error_and_the_run_goes_on(workdir: Path, fmt: str) -> None:
    (workdir / "bad.py").write_text(MISBEHAVING, "utf-8")
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["bad.py"]\nselect = ["parse-error", "exits", "numeric-message", "bad-index"]\n', "utf-8"
    )
    (workdir / "a.yaml").write_text("title: exit\n", "utf-8")
    (workdir / "b.yaml").write_text("title: number\n", "utf-8")
    (workdir / "c.json").write_text('{"title": ', "utf-8")  # a syntax error, which must still be reported
    code, out, err = run_cli("--format", fmt, "a.yaml", "b.yaml", "c.json")
    assert code == 3 and "Traceback" not in out + err  # sys.exit(0) in a rule used to end the run with exit 0
    if fmt != "json":
        assert "a.yaml" in out and "b.yaml" in out and "c.json" in out
        return
    found = [(d["file"], d["rule"], d["message"]) for d in json.loads(out)["diagnostics"]]

    def crashed(name: str, path: str, detail: str) -> str:
        return (
            f"rule '{name}' (local file bad.py) crashed on {path}: {detail}; the other checks still ran. "
            "Fix the rule in its file."
        )

    parse_error = [message for name, rule, message in found if rule == "parse-error"]
    assert sorted(found) == sorted(
        [
            ("a.yaml", "internal-error", crashed("exits", "a.yaml", "SystemExit: 0")),
            (
                "a.yaml",
                "internal-error",
                crashed(
                    "bad-index",
                    "a.yaml",
                    "TypeError: it yielded the record index 99, but it was given 2 records (0 to 1): yield the "
                    "position of the record's (name, summary) pair in the sequence it was given",
                ),
            ),
            (
                "b.yaml",
                "internal-error",
                crashed(
                    "numeric-message", "b.yaml", "TypeError: it yielded a Finding whose pointer or message is not text"
                ),
            ),
            ("c.json", "parse-error", *parse_error),
        ]
    )
    assert len(parse_error) == 1


def test_a_crash_message_shows_control_characters_as_escapes(workdir: Path) -> None:
    (workdir / "crash.py").write_text(CRASHING.replace('"division by zero"', '"\\x1b[31mred"'), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["crash.py"]\nselect = ["boom"]\n', "utf-8")
    _, report = run_json("r.yaml")
    [diagnostic] = report["diagnostics"]
    assert "ZeroDivisionError: \\x1b[31mred;" in diagnostic["message"]


def test_rule_paths_naming_a_device_is_refused_without_reading_it(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["/dev/zero"]\n', "utf-8")
    assert error_of("r.yaml") == "rule-paths names /dev/zero, which is not a Python file or a directory"


def test_a_rule_file_in_a_rule_directory_that_cannot_be_read_stops_the_run(workdir: Path) -> None:
    # A broken link (to a shared checkout that is missing) or a FIFO among the rule files was passed over: the
    # run went on without those rules and could say "All clean".
    (workdir / "rules").mkdir()
    (workdir / "rules" / "house.py").symlink_to("../../shared/house.py")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["rules"]\n', "utf-8")
    assert error_of("r.yaml") == (
        f"rule-paths names {workdir / 'rules' / 'house.py'}, which is a broken link to ../../shared/house.py; "
        "point it at the rule file, or remove it"
    )
    (workdir / "rules" / "house.py").unlink()
    os.mkfifo(workdir / "rules" / "house.py")
    assert error_of("r.yaml") == (
        f"rule-paths names {workdir / 'rules' / 'house.py'}, which is not a Python file or a directory"
    )


# -- findings a rule gets wrong: the rule's own internal-error, never the file's or the run's ---------------

MALFORMED = """
from incidentlint.api import Finding, Fix, Replace, rule


@rule(code="BAD301", name="wrong-fix", severity="error", summary="s", rationale="r", fixable=True)
def wrong_fix(record, options):
    kind = record.get("title")
    if kind == "str":
        yield Finding("/title", "lower-case the title", fix="lowercase it")
    elif kind == "op":
        yield Finding("/title", "lower-case the title", fix=Fix(("/title",)))
    elif kind == "op-pointer":
        yield Finding("/title", "lower-case the title", fix=Fix((Replace("title", "x"),)))
    elif kind == "description":
        yield Finding("/title", "lower-case the title", fix=Fix((Replace("/title", "x"),), description=3))
    elif kind == "value":
        yield Finding("/title", "lower-case the title", fix=Fix((Replace("/title", lambda: "x"),)))
    elif kind == "nan":
        yield Finding("/title", "lower-case the title", fix=Fix((Replace("/title", float("nan")),)))


@rule(code="BAD302", name="wrong-pointer", severity="error", summary="s", rationale="r")
def wrong_pointer(record, options):
    pointer = record.get("x-pointer")
    if pointer is not None:
        yield Finding(pointer, "about the title")


@rule(code="BAD303", name="still-runs", severity="warning", summary="s", rationale="r")
def still_runs(record, options):
    yield Finding("/title", "this rule ran")
"""


def _crashed(name: str, detail: str, path: str = "r.yaml", where: str = "local file bad.py") -> str:
    return f"rule '{name}' ({where}) crashed on {path}: {detail}; the other checks still ran. Fix the rule in its file."


@pytest.mark.parametrize(
    ("title", "detail"),
    [
        ("str", "TypeError: it yielded a Finding whose fix is str, not an incidentlint.api.Fix"),
        ("op", "TypeError: it yielded a Fix with str among its ops, not Replace, Reorder or Remove"),
        ("op-pointer", "TypeError: it yielded a Fix at 'title', which is not a JSON Pointer"),
        (
            "description",
            "TypeError: it yielded a Fix whose description is not text or whose safe is not True or False",
        ),
        # A value no record can hold, which also stopped a --jobs run: workers could not send it back.
        ("value", "TypeError: it yielded a Replace whose value is not JSON data: a function"),
        ("nan", "TypeError: it yielded a Replace whose value is not JSON data: the number nan"),
    ],
)
def test_a_fix_of_the_wrong_type_is_that_rules_internal_error(workdir: Path, title: str, detail: str) -> None:
    """It used to make the whole file one internal error naming no rule ("'str' object has no attribute 'ops'"),
    and drop every other rule's findings on that file."""
    (workdir / "bad.py").write_text(MALFORMED, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["bad.py"]\nselect = ["BAD"]\n', "utf-8")
    (workdir / "r.yaml").write_text(f"title: {title}\n", "utf-8")
    code, report = run_json("r.yaml")
    assert code == 3
    assert [(d["rule"], d["line"], d["column"], d["message"], d["fix"]) for d in report["diagnostics"]] == [
        ("internal-error", 1, 1, _crashed("wrong-fix", detail), None),
        ("still-runs", 1, 8, "this rule ran", None),
    ]


@pytest.mark.parametrize("pointer", ["title", "#/title", "/title~2", "/ti~"])
def test_a_pointer_that_is_not_a_json_pointer_is_that_rules_internal_error(workdir: Path, pointer: str) -> None:
    """It used to be accepted, placed at 1:1, and written as is into json and sarif reports."""
    (workdir / "bad.py").write_text(MALFORMED, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["bad.py"]\nselect = ["BAD"]\n', "utf-8")
    (workdir / "r.yaml").write_text(f"title: Checkout down\nx-pointer: '{pointer}'\n", "utf-8")
    code, report = run_json("r.yaml")
    detail = (
        f"TypeError: it yielded a Finding at '{pointer}', which is not a JSON Pointer: use '' for the whole record "
        "or start with '/', like '/title'"
    )
    assert code == 3
    assert [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("internal-error", 1, 1, _crashed("wrong-pointer", detail)),
        ("still-runs", 1, 8, "this rule ran"),
    ]


@pytest.mark.parametrize(
    ("pointer", "line", "column"), [("/x-missing/deeper", 1, 1), ("/title/0", 1, 8), ("/x~1y", 1, 1), ("", 1, 1)]
)
def test_a_json_pointer_to_a_missing_value_lands_on_its_nearest_ancestor(
    workdir: Path, pointer: str, line: int, column: int
) -> None:
    (workdir / "bad.py").write_text(MALFORMED, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["bad.py"]\nselect = ["wrong-pointer"]\n', "utf-8")
    (workdir / "r.yaml").write_text(f"title: Checkout down\nx-pointer: '{pointer}'\n", "utf-8")
    code, report = run_json("r.yaml")
    assert code == 1
    assert [(d["rule"], d["line"], d["column"], d["pointer"]) for d in report["diagnostics"]] == [
        ("wrong-pointer", line, column, pointer)
    ]


ENDLESS = """
import itertools

from incidentlint.api import Finding, Fix, Replace, rule


@rule(code="LOOP101", name="endless", severity="warning", summary="s", rationale="r")
def endless(record, options):
    while True:
        yield Finding("/title", "again")


@rule(code="LOOP102", name="listed", severity="warning", summary="s", rationale="r")
def listed(record, options):
    return [Finding("/title", f"item {n}") for n in range(150)]


@rule(code="LOOP201", name="endless-everywhere", severity="warning", summary="s", rationale="r", scope="repository")
def endless_everywhere(summaries, options):
    for index in itertools.cycle(range(len(summaries))):
        yield index, Finding("/title", "again")


@rule(
    code="LOOP202", name="repository-fix", severity="warning", summary="s", rationale="r", scope="repository",
    fixable=True,
)
def repository_fix(summaries, options):
    for index in range(len(summaries)):
        yield index, Finding("/title", "rename it", fix=Fix((Replace("/title", "renamed"),), description="rename"))
"""

COUNT_STOPPED = (
    "at least 99,900 more findings of this rule in this file are not listed (only the first 100 are, and counting "
    "stopped at 100,000); fix those and run again"
)


def test_an_endless_record_rule_lists_100_findings_and_stops(workdir: Path) -> None:
    """It used to hang the run, its memory growing without bound."""
    (workdir / "loop.py").write_text(ENDLESS, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loop.py"]\nselect = ["LOOP1"]\n', "utf-8")
    code, report = run_json("r.yaml")
    assert code == 0
    endless = [d["message"] for d in report["diagnostics"] if d["rule"] == "endless"]
    assert endless == [COUNT_STOPPED] + ["again"] * 100
    listed = [d["message"] for d in report["diagnostics"] if d["rule"] == "listed"]
    assert listed[0] == (
        "50 more findings of this rule in this file are not listed (only the first 100 are); fix those and run again"
    )
    assert sorted(listed[1:]) == sorted(f"item {n}" for n in range(100))


def test_a_rule_message_of_a_megabyte_is_cut_in_the_report_and_counted(workdir: Path) -> None:
    """A plugin quoting a whole field filled the terminal and every report with it (1.4 MB in one message)."""
    (workdir / "long.py").write_text(
        "from incidentlint.api import Finding, rule\n\n\n"
        '@rule(code="LONG1", name="long", severity="warning", summary="s", rationale="r")\n'
        "def check(record, options):\n"
        '    yield Finding("/title", "x" * 1_400_000)\n',
        "utf-8",
    )
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["long.py"]\nselect = ["LONG1"]\n', "utf-8")
    code, report = run_json("r.yaml")
    assert code == 0
    [found] = report["diagnostics"]
    assert found["message"] == "x" * 2000 + "\u2026 (the message goes on for 1,398,000 more characters)"
    assert (found["line"], found["column"]) == (1, 8)


def test_an_endless_repository_rule_lists_100_findings_per_file_and_stops(workdir: Path) -> None:
    (workdir / "loop.py").write_text(ENDLESS, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loop.py"]\nselect = ["endless-everywhere"]\n', "utf-8")
    (workdir / "s.yaml").write_text("title: Search down\n", "utf-8")
    code, report = run_json("r.yaml", "s.yaml")
    assert code == 0
    for path in ("r.yaml", "s.yaml"):
        messages = [d["message"] for d in report["diagnostics"] if d["file"] == path]
        assert (
            messages
            == [
                "at least 49,900 more findings of this rule in this file are not listed (only the first 100 are, and "
                "counting stopped at 100,000); fix those and run again"
            ]
            + ["again"] * 100
        )


def test_a_repository_rule_offers_no_fix_it_cannot_apply(workdir: Path) -> None:
    """--fix applies no repository-wide fix, so the reports must not offer one ([*], json "fix")."""
    (workdir / "loop.py").write_text(ENDLESS, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loop.py"]\nselect = ["repository-fix"]\n', "utf-8")
    code, report = run_json("r.yaml")
    assert (code, [(d["message"], d["fix"]) for d in report["diagnostics"]]) == (0, [("rename it", None)])
    code, out, _ = run_cli("--color", "never", "r.yaml")
    assert code == 0 and "fixable" not in out and "[*]" not in out, out


PRINTING = """
from incidentlint.api import Finding, rule


def summary(record):
    print("collect says hello")
    return record.get("title")


@rule(code="LOUD101", name="loud", severity="warning", summary="s", rationale="r")
def loud(record, options):
    print("record rule says hello")
    yield Finding("/title", "loud ran")


@rule(code="LOUD201", name="loud-everywhere", severity="warning", summary="s", rationale="r", scope="repository",
      collect=summary)
def loud_everywhere(summaries, options):
    print("repository rule says hello")
    yield 0, Finding("/title", "loud-everywhere ran")
"""


def test_a_rule_that_prints_does_not_corrupt_a_machine_report(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report goes to the real standard output; what rules print (check, collect, repository check) to stderr."""
    (workdir / "loud.py").write_text(PRINTING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loud.py"]\nselect = ["LOUD"]\n', "utf-8")
    code = main(["--format", "json", "r.yaml"])  # the process's own streams, as the console script has them
    out, err = capsys.readouterr()
    assert code == 0
    assert [(d["rule"], d["message"]) for d in json.loads(out)["diagnostics"]] == [
        ("loud", "loud ran"),
        ("loud-everywhere", "loud-everywhere ran"),
    ]
    assert err == "record rule says hello\ncollect says hello\nrepository rule says hello\n"


def test_a_rule_file_that_prints_while_it_loads_does_not_corrupt_a_machine_report(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "loud.py").write_text('print("loading my rules")\n' + PRINTING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loud.py"]\nselect = ["LOUD"]\n', "utf-8")
    code = main(["--format", "json", "r.yaml"])
    out, err = capsys.readouterr()
    assert code == 0
    assert [d["rule"] for d in json.loads(out)["diagnostics"]] == ["loud", "loud-everywhere"]
    assert err.startswith("loading my rules\n")


@pytest.mark.slow
def test_a_rule_that_prints_in_worker_processes_does_not_corrupt_a_machine_report(workdir: Path) -> None:
    (workdir / "loud.py").write_text(PRINTING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["loud.py"]\nselect = ["LOUD"]\n', "utf-8")
    names = [f"r{n:03}.yaml" for n in range(130)]
    for name in names:
        (workdir / name).write_text("title: Checkout down\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "incidentlint", "--format", "json", "--jobs", "2", *names],
        capture_output=True,
        text=True,
        cwd=workdir,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    found = [(d["file"], d["rule"]) for d in json.loads(done.stdout)["diagnostics"]]
    assert found == [("r000.yaml", "loud"), ("r000.yaml", "loud-everywhere")] + [(name, "loud") for name in names[1:]]
    # Workers write at once, so their lines may interleave: count them.
    said = [done.stderr.count(f"{who} says hello") for who in ("record rule", "collect", "repository rule")]
    assert said == [130, 130, 1]


COLLECTING = """
from incidentlint.api import Finding, rule


class Summary:
    def __init__(self, title):
        self.title = title
        self.show = lambda: title  # a lambda cannot be pickled


def fragile(record):
    if record.get("title") == "boom":
        raise ValueError("no title to keep")
    return record.get("title")


@rule(code="SUM201", name="fragile-collect", severity="warning", summary="s", rationale="r", scope="repository",
      collect=fragile)
def fragile_collect(summaries, options):
    yield 0, Finding("/title", f"saw {len(summaries)} records")


@rule(code="SUM202", name="unpicklable-summary", severity="warning", summary="s", rationale="r", scope="repository",
      collect=lambda record: Summary(record.get("title")))
def unpicklable_summary(summaries, options):
    yield 0, Finding("/title", "saw every summary")


@rule(code="SUM203", name="same-title", severity="warning", summary="s", rationale="r", scope="repository",
      collect=lambda record: record.get("title"))
def same_title(summaries, options):
    seen = {}
    for index, (name, title) in enumerate(summaries):
        if title in seen:
            yield index, Finding("/title", f"the title is also used by {seen[title]}")
        seen.setdefault(title, name)
"""


def test_a_collect_that_raises_is_that_rules_internal_error_on_that_file(workdir: Path) -> None:
    """It used to be swallowed: no diagnostic, exit 0, and the record silently left out."""
    (workdir / "sum.py").write_text(COLLECTING, "utf-8")
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["sum.py"]\nselect = ["fragile-collect", "same-title"]\n', "utf-8"
    )
    (workdir / "s.yaml").write_text("title: boom\n", "utf-8")
    (workdir / "t.yaml").write_text("title: Checkout down\n", "utf-8")
    code, report = run_json("r.yaml", "s.yaml", "t.yaml")
    assert code == 3
    assert [(d["file"], d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        ("r.yaml", "fragile-collect", 1, 8, "saw 2 records"),  # the crashed record is left out
        (
            "s.yaml",
            "internal-error",
            1,
            1,
            "rule 'fragile-collect' (local file sum.py) crashed in collect() on s.yaml: ValueError: no title to keep; "
            "the other checks still ran. Fix the rule in its file.",
        ),
        ("t.yaml", "same-title", 1, 8, "the title is also used by r.yaml"),
    ]


def test_a_collect_that_raises_on_a_record_under_root_is_reported_on_a_file_of_the_run(workdir: Path) -> None:
    (workdir / "sum.py").write_text(COLLECTING, "utf-8")
    (workdir / "incidents").mkdir()
    (workdir / "incidents" / "old.yaml").write_text("title: boom\n", "utf-8")
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["sum.py"]\nselect = ["fragile-collect"]\nroot = "incidents"\n', "utf-8"
    )
    code, report = run_json("r.yaml")
    assert code == 3
    assert [(d["file"], d["rule"], d["message"]) for d in report["diagnostics"]] == [
        (
            "r.yaml",
            "internal-error",
            "rule 'fragile-collect' (local file sum.py) crashed in collect() on incidents/old.yaml: ValueError: no "
            "title to keep; the other checks still ran. Fix the rule in its file.",
        ),
        ("r.yaml", "fragile-collect", "saw 1 records"),
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_summary_that_cannot_be_pickled_is_that_rules_internal_error(workdir: Path, jobs: str) -> None:
    """With worker processes it used to end the run: "internal error: MaybeEncodingError", exit 3, no findings.
    Without them it worked, so a rule fine on a few files failed on 120 and more: both now say the same."""
    (workdir / "sum.py").write_text(COLLECTING, "utf-8")
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["sum.py"]\nselect = ["unpicklable-summary", "same-title", "schema"]\n', "utf-8"
    )
    names = [f"r{n:03}.yaml" for n in range(130)]
    for name in names:
        (workdir / name).write_text(f"title: Outage {name}\n", "utf-8")
    (workdir / "r129.yaml").write_text("title: Outage r000.yaml\n", "utf-8")
    code, report = run_json("--jobs", jobs, *names)
    assert code == 3
    found = [(d["file"], d["rule"], d["message"]) for d in report["diagnostics"] if d["rule"] != "schema"]
    assert found == [
        (
            "r000.yaml",
            "internal-error",
            "rule 'unpicklable-summary' (local file sum.py) crashed on r000.yaml: TypeError: summaries must be "
            "picklable (worker processes send them), and collect() returned one that is not: AttributeError: Can't "
            "pickle local object 'Summary.__init__.<locals>.<lambda>'; the other checks still ran. Fix the rule in "
            "its file.",
        ),
        ("r129.yaml", "same-title", "the title is also used by r000.yaml"),
    ]
    assert {d["file"] for d in report["diagnostics"] if d["rule"] == "schema"} == set(names)


MUTATING = """
from incidentlint.api import Finding, rule


@rule(code="MUT101", name="aa-mutates", severity="warning", summary="s", rationale="r")
def mutates(record, options):
    record["end_time"] = "2000-01-01T00:00:00Z"  # before start_time: end-before-start would fire on it
    record.pop("title")
    return ()


@rule(code="MUT102", name="zz-reads", severity="warning", summary="s", rationale="r")
def reads(record, options):
    yield Finding("/end_time", f"end_time is {record.get('end_time')}, title is {record.get('title')}")
"""


def test_a_rule_that_modifies_the_record_is_an_internal_error_and_the_record_is_put_back(workdir: Path) -> None:
    """Built-in rules run before plugin and local rules, and a change to the record's fields is undone before the
    next rule, so it cannot change what other rules find."""
    (workdir / "mut.py").write_text(MUTATING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["mut.py"]\n', "utf-8")
    shutil.copy(ROOT / "examples" / "INC-2024-0315-001.json", workdir / "r.json")
    code, report = run_json("r.json")
    assert code == 3
    assert [(d["rule"], d["message"]) for d in report["diagnostics"]] == [
        (
            "internal-error",
            "rule 'aa-mutates' (local file mut.py) crashed on r.json: RuntimeError: it modified the record it was "
            "given ('end_time', 'title'); rules must not, and the change was undone; the other checks still ran. "
            "Fix the rule in its file.",
        ),
        ("zz-reads", "end_time is 2024-03-15T15:35:00Z, title is Payment API Database Connection Pool Exhaustion"),
    ]


NESTED_MUTATION = """
from incidentlint.api import rule


@rule(code="MUT103", name="aa-changes-detection", severity="warning", summary="s", rationale="r")
def changes_detection(record, options):
    record["detection_details"]["detection_time"] = "2000-01-01T00:00:00Z"  # deeper than the check can see
    return ()
"""


def test_built_in_rules_run_before_a_plugin_can_modify_the_record(workdir: Path) -> None:
    (workdir / "mut.py").write_text(NESTED_MUTATION, "utf-8")
    shutil.copy(ROOT / "examples" / "INC-2024-0315-001.json", workdir / "r.json")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["mut.py"]\n', "utf-8")
    code, report = run_json("r.json")
    assert (code, report["diagnostics"]) == (0, [])
    # Run after it, the built-in rules would have seen a detection 24 years before the start.
    (workdir / ".incidentlint.toml").write_text("", "utf-8")
    (workdir / "r.json").write_text(
        (workdir / "r.json")
        .read_text("utf-8")
        .replace('"detection_time": "2024-03-15T14:30:00Z"', '"detection_time": "2000-01-01T00:00:00Z"'),
        "utf-8",
    )
    assert {d["rule"] for d in run_json("r.json")[1]["diagnostics"]} >= {"detection-outside-window"}


FIXING = """
from incidentlint.api import Finding, Fix, Replace, rule


@rule(code="ACME101", name="severity-case", severity="warning", summary="s", rationale="r", fixable=True)
def severity_case(record, options):
    value = record.get("x-severity")
    if isinstance(value, str) and value != value.lower():
        yield Finding("/x-severity", f"severity '{value}' must be lower-case", fix=Fix(
            ops=(Replace("/x-severity", value.lower()),), safe=True, description="lower-case the severity"
        ))
"""


def test_a_plugin_fix_as_the_readme_shows_it_is_offered_with_its_description_and_applied(workdir: Path) -> None:
    (workdir / "fixer.py").write_text(FIXING, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["fixer.py"]\nselect = ["severity-case"]\n', "utf-8")
    (workdir / "r.yaml").write_text("title: x\nx-severity: SEV2\n", "utf-8")
    code, report = run_json("r.yaml")
    assert (code, [(d["line"], d["column"], d["message"], d["fix"]) for d in report["diagnostics"]]) == (
        0,
        [
            (
                2,
                13,
                "severity 'SEV2' must be lower-case",
                {"applicability": "safe", "message": "lower-case the severity"},
            )
        ],
    )
    assert run_cli("--fix", "r.yaml")[0] == 1  # a run that changed files fails, for review
    assert (workdir / "r.yaml").read_text("utf-8") == "title: x\nx-severity: sev2\n"


# -- metadata a rule's author gets wrong: a configuration error at start-up, never a crash or a silent rule ---------

DECLARED = """
from incidentlint.api import Finding, rule


@rule(code="HOUSE001", name="house-rule", severity="warning", rationale="r", {args})
def house_rule(record, options):
    yield Finding("", "house rule ran")
"""


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ('summary=""', "needs a summary: one sentence saying what the rule finds, shown by 'incidentlint rules'"),
        ("summary=None", "needs a summary: one sentence saying what the rule finds, shown by 'incidentlint rules'"),
        ('summary="s", scope="repo"', "has scope 'repo'; use 'record' (the default) or 'repository'"),
        (
            'summary="s", collect=lambda record: None',
            "has a collect function, which only a repository rule uses; add scope='repository' or remove it",
        ),
    ],
)
def test_a_rule_declared_with_bad_metadata_is_a_configuration_error(workdir: Path, args: str, problem: str) -> None:
    # Each used to load: an empty or missing summary then crashed 'rules' and 'explain' (exit 3), and a misspelt
    # scope or a stray collect made a rule that silently never ran.
    (workdir / "house.py").write_text(DECLARED.format(args=args), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n', "utf-8")
    message = f"the rule 'house-rule' (local file house.py) {problem}"
    assert error_of("r.yaml") == message
    assert error_of("rules") == message
    assert error_of("explain", "house-rule") == message


def test_a_rule_whose_code_is_not_text_is_a_configuration_error(workdir: Path) -> None:
    source = DECLARED.format(args='summary="s"').replace('code="HOUSE001"', "code=1")
    (workdir / "house.py").write_text(source, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n', "utf-8")
    assert error_of("r.yaml") == (  # was an internal error (exit 3): "expected string or bytes-like object"
        "the rule 'house-rule' (local file house.py) needs a text name and code, like name='runbook-link', "
        "code='ACME001'"
    )


@pytest.mark.parametrize(
    ("schema", "problem"),
    [
        (
            '{"type": "object", "properties": {"minimum": {"type": "integr"}}}',
            "has an options_schema that is not a valid JSON Schema: 'integr' is not valid under any of the given "
            "schemas (at properties.minimum.type)",
        ),
        (
            '{"type": "object", "properties": {"minimum": {"type": "string"}}}',
            "has default options that its own options_schema refuses: options.minimum must be a string; got 3",
        ),
    ],
)
def test_a_broken_options_schema_is_reported_before_anyone_configures_the_rule(
    workdir: Path, schema: str, problem: str
) -> None:
    # It used to surface only once a project set one of the rule's options, far from the rule's author.
    args = f'summary="s", options={{"minimum": 3}}, options_schema={schema}'
    (workdir / "house.py").write_text(DECLARED.format(args=args), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n', "utf-8")
    assert error_of("r.yaml") == f"the rule 'house-rule' (local file house.py) {problem}"
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n[options.house-rule]\nminimum = 4\n')
    assert error_of("r.yaml") == f"the rule 'house-rule' (local file house.py) {problem}"


def test_an_option_without_a_default_may_be_required_by_the_options_schema(workdir: Path) -> None:
    schema = '{"type": "object", "properties": {"team": {"type": "string"}}, "required": ["team"]}'
    args = f'summary="s", options_schema={schema}'
    (workdir / "house.py").write_text(DECLARED.format(args=args), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n[options.house-rule]\nteam = "pay"\n')
    code, report = run_json("--select", "house-rule", "r.yaml")
    assert (code, [d["message"] for d in report["diagnostics"]]) == (0, ["house rule ran"])


def test_an_options_schema_that_is_not_a_dict_says_so(workdir: Path) -> None:
    (workdir / "house.py").write_text(DECLARED.format(args='summary="s", options_schema=["minimum"]'), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\n', "utf-8")
    assert error_of("r.yaml") == (  # was "ValueError: dictionary update sequence element #0 has length 1; ..."
        f"the rule file {workdir / 'house.py'} failed to load: TypeError: rule 'house-rule': options_schema must be "
        'a dict (a JSON Schema, like {"type": "object", "properties": {...}}), not list'
    )


RETURNS_NONE = """
from incidentlint.api import Finding, rule


@rule(code="HOUSE001", name="house-rule", severity="warning", summary="s", rationale="r")
def house_rule(record, options):
    if "x-team" not in record:
        return [Finding("", "no team")]


@rule(code="HOUSE201", name="house-repo", severity="warning", summary="s", rationale="r", scope="repository")
def house_repo(summaries, options):
    return None
"""


def test_a_check_that_returns_none_when_all_is_well_says_what_to_return(workdir: Path) -> None:
    (workdir / "house.py").write_text(RETURNS_NONE, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\nselect = ["HOUSE"]\n', "utf-8")
    (workdir / "r.yaml").write_text("title: Checkout down\nx-team: payments\n", "utf-8")
    code, report = run_json("r.yaml")
    advice = (
        "TypeError: it returned None, not findings: yield each Finding, or return a list of them (an empty one when "
        "there is nothing to report); the other checks still ran. Fix the rule in its file."
    )
    assert code == 3  # was "TypeError: 'NoneType' object is not iterable"
    assert [d["message"] for d in report["diagnostics"]] == [
        f"rule 'house-repo' (local file house.py) crashed on r.yaml: {advice}",
        f"rule 'house-rule' (local file house.py) crashed on r.yaml: {advice}",
    ]


RETURNS_JUNK = """
from incidentlint.api import Finding, rule


@rule(code="HOUSE001", name="returns-message", severity="warning", summary="s", rationale="r")
def returns_message(record, options):
    return "the title is missing"


@rule(code="HOUSE002", name="returns-mapping", severity="warning", summary="s", rationale="r")
def returns_mapping(record, options):
    return {"/title": "the title is too short"}


@rule(code="HOUSE201", name="yields-bare-finding", severity="warning", summary="s", rationale="r", scope="repository")
def yields_bare_finding(summaries, options):
    for name, record in summaries:
        yield Finding("/title", "a finding without its record's index")


@rule(code="HOUSE202", name="yields-file-name", severity="warning", summary="s", rationale="r", scope="repository")
def yields_file_name(summaries, options):
    for name, record in summaries:
        yield name, Finding("/title", "a file name where the index belongs")


@rule(code="HOUSE203", name="yields-list-pairs", severity="warning", summary="s", rationale="r", scope="repository")
def yields_list_pairs(summaries, options):
    return [[index, Finding("/title", "a pair written as a list")] for index in range(len(summaries))]
"""


def test_a_check_that_returns_text_or_a_mapping_or_yields_no_index_is_told_what_it_did(workdir: Path) -> None:
    (workdir / "house.py").write_text(RETURNS_JUNK, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\nselect = ["HOUSE"]\n', "utf-8")
    code, report = run_json("r.yaml")
    crashed = "rule '{}' (local file house.py) crashed on r.yaml: TypeError: {}; the other checks still ran. Fix the "
    returned = "it returned {}, not findings: yield each Finding, or return a list of them (an empty one when there is "
    assert code == 3  # were "it yielded str, not a Finding", the same for a dict, and "cannot unpack non-iterable
    # Finding object"
    assert [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        (1, 1, crashed.format("returns-mapping", returned.format("dict") + "nothing to report)") + "rule in its file."),
        (1, 1, crashed.format("returns-message", returned.format("str") + "nothing to report)") + "rule in its file."),
        (
            1,
            1,
            crashed.format(
                "yields-bare-finding",
                "it yielded a Finding alone, not a pair (index into the summaries it was given, Finding): yield "
                "index, Finding(...)",
            )
            + "rule in its file.",
        ),
        (
            1,
            1,
            crashed.format(
                "yields-file-name",
                "it yielded the record index 'r.yaml', but it was given one record (index 0): yield the position of "
                "the record's (name, summary) pair in the sequence it was given",
            )
            + "rule in its file.",
        ),
        (1, 8, "a pair written as a list"),
    ]


def test_a_rule_file_named_twice_in_rule_paths_is_loaded_once(workdir: Path) -> None:
    (workdir / "lint").mkdir()
    (workdir / "lint" / "house.py").write_text(DECLARED.format(args='summary="s"'), "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["lint", "lint/house.py"]\nselect = ["HOUSE"]\n')
    code, report = run_json("r.yaml")  # was: "the rule name 'house-rule' of 'house-rule' (local file house.py) is
    # already used by the rule 'house-rule' (local file house.py)"
    assert (code, [d["message"] for d in report["diagnostics"]]) == (0, ["house rule ran"])


@pytest.mark.parametrize("importer", ["a_first.py", "z_last.py"])
def test_a_rule_file_that_imports_a_neighbours_rules_does_not_clash_with_them(workdir: Path, importer: str) -> None:
    # A module name per test directory: the import system caches modules by name for the whole session.
    house = f"house_{workdir.name.replace('-', '_')}"
    (workdir / "lint").mkdir()
    (workdir / "lint" / f"{house}.py").write_text(DECLARED.format(args='summary="s"'), "utf-8")
    (workdir / "lint" / importer).write_text(
        f"from {house} import *  # its helpers, and its rule with them\n\n\n"
        '@rule(code="HOUSE002", name="second-rule", severity="info", summary="s", rationale="r")\n'
        "def second_rule(record, options):\n"
        "    return []\n",
        "utf-8",
    )
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["lint"]\n', "utf-8")
    code, out, err = run_cli("rules", "--format", "json")
    assert (code, err) == (0, "")
    listed = [(r["name"], r["origin"]) for r in json.loads(out)["rules"] if r["code"].startswith("HOUSE")]
    assert listed == [("house-rule", f"{house}.py"), ("second-rule", importer)]


@pytest.mark.parametrize(
    ("source", "advice"),
    [
        ("local:lint/house.py", "Fix the rule in its file."),
        ("plugin:acme", "Please report this to the plugin's maintainers with the file attached."),
        ("built-in", "Please report this with the file attached."),
    ],
)
def test_a_crash_says_who_can_fix_the_rule(source: str, advice: str) -> None:
    """A team's own rule is theirs to fix and a plugin's goes to its maintainers; only our rules are ours."""
    import dataclasses

    from incidentlint.api import rule
    from incidentlint.ruleguard import crash

    @rule(code="ACME001", name="house-rule", severity="warning", summary="s", rationale="r")
    def house_rule(record: Any, options: Any) -> list[Any]:
        return []

    where = {"local": "local file lint/house.py", "plugin": "plugin 'acme'", "built-in": "built-in"}
    made = crash(dataclasses.replace(house_rule, source=source), "r.yaml", KeyError("title"))
    assert made.message == (
        f"rule 'house-rule' ({where[source.partition(':')[0]]}) crashed on r.yaml: KeyError: 'title'; the other "
        f"checks still ran. {advice}"
    )


def test_a_typed_repository_rule_may_take_the_record_as_a_dict_in_collect() -> None:
    """mypy --strict checks this file: collect() receives a JSON object, so annotating it ``dict[str, Any]`` must
    type-check (it was ``Mapping`` only, and a team's strictly typed plugin failed mypy on ``collect=``)."""
    from collections.abc import Iterator, Sequence

    from incidentlint.api import Finding, Options, rule
    from incidentlint.examples import example_problems

    def title_of(record: dict[str, Any]) -> str | None:
        title = record.get("title")
        return title.lower() if isinstance(title, str) else None

    @rule(
        code="HOUSE201",
        name="unique-title",
        severity="warning",
        summary="No two records share a title.",
        rationale="r",
        valid=[{"a.json": {"title": "Checkout down"}, "b.json": {"title": "Search slow"}}],
        invalid=[{"a.json": {"title": "Checkout down"}, "b.json": {"title": "checkout down"}}],
        scope="repository",
        collect=title_of,
    )
    def unique_title(summaries: Sequence[tuple[str, str | None]], options: Options) -> Iterator[tuple[int, Finding]]:
        first: dict[str, str] = {}
        for index, (name, title) in enumerate(summaries):
            if title is not None and title in first:
                yield index, Finding("/title", f"the title is the same as the title of {first[title]}")
            elif title is not None:
                first[title] = name

    assert example_problems(unique_title) == []


BAD_FIX = """
from incidentlint.api import Finding, Fix, Remove, rule


@rule(code="ACME002", name="drop-scratch", severity="warning", summary="s", rationale="r", fixable=True)
def drop_scratch(record, options):
    if "x-scratch" in record:
        yield Finding("/x-scratch", "remove x-scratch", fix=Fix(ops=(Remove("/x-scratch"),), description="remove it"))
"""


def test_a_plugin_fix_that_cannot_be_applied_goes_to_the_plugins_maintainers(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = f"acme_bad_fix_{workdir.name.replace('-', '_')}"  # modules are cached by name for the whole session
    (workdir / f"{module}.py").write_text(BAD_FIX, "utf-8")
    install_entry_points(monkeypatch, ("acme", module))
    (workdir / "r.yaml").write_text("title: Checkout down\nx-scratch: 1\n", "utf-8")
    code, out, err = run_cli("--fix", "--select", "drop-scratch", "--format", "concise", "r.yaml")
    assert (code, err) == (3, "")
    assert out.splitlines() == [
        "r.yaml:2:12: warning[drop-scratch] remove x-scratch",
        "r.yaml:2:12: error[internal-error] the fix for 'drop-scratch' (plugin 'acme') cannot be applied: the fix "
        "removes /x-scratch, which is not an item of a list, so it is not offered; this is a bug in the "
        "rule: please report it to the plugin's maintainers with the file attached",
    ]
    assert (workdir / "r.yaml").read_text("utf-8") == "title: Checkout down\nx-scratch: 1\n"


OWNER_RULES = """
from incidentlint.api import Finding, Fix, Replace, rule


@rule(code="LOC1", name="owner-team", severity="warning", summary="s", rationale="r", fixable=True)
def owner_team(record, options):
    if record.get("x-owner") != "sre":
        yield Finding("/title", "the owner is not the SRE team", fix=Fix((Replace("/x-owner", "sre"),)))


@rule(code="LOC2", name="title-case", severity="warning", summary="s", rationale="r", fixable=True)
def title_case(record, options):
    title = record.get("title")
    if isinstance(title, str) and title[:1].islower():
        yield Finding("/title", "start the title with a capital", fix=Fix((Replace("/title", title.capitalize()),)))
"""

#: A Replace changes a value the record has: owner-team's fix cannot add x-owner to a record without one.
GHOST = (
    "r.yaml:1:8: error[internal-error] the fix for 'owner-team' (local file owners.py) cannot be applied: the fix "
    "replaces /x-owner, which is not a value in the record (Replace changes a value the record has and cannot add "
    "one), so it is not offered; this is a bug in the rule: fix the rule in its file"
)


@pytest.fixture
def owners(workdir: Path) -> Path:
    (workdir / "owners.py").write_text(OWNER_RULES, "utf-8")
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["owners.py"]\n', "utf-8")
    (workdir / "r.yaml").write_text("title: checkout down\n", "utf-8")
    return workdir


def test_a_replace_of_a_missing_value_is_not_offered_and_names_the_rule(owners: Path) -> None:
    code, out, err = run_cli("--select", "owner-team", "--color", "never", "r.yaml")
    assert (code, err) == (3, "")  # an internal error, as when the fix fails under --fix or the rule crashes
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("r.yaml:")] == [
        GHOST,
        "r.yaml:1:8: warning[owner-team] the owner is not the SRE team",  # no [*]: --fix would not apply it
    ]
    assert not any(line.startswith("fixes") for line in lines)
    code, report = run_json("--select", "owner-team", "r.yaml")
    assert code == 3
    assert [(d["rule"], d["fix"]) for d in report["diagnostics"]] == [("internal-error", None), ("owner-team", None)]


def test_a_replace_of_a_value_the_record_has_is_still_offered(owners: Path) -> None:
    (owners / "r.yaml").write_text("title: Checkout down\nx-owner: dba\n", "utf-8")
    code, out, _ = run_cli("--select", "owner-team", "--color", "never", "r.yaml")
    assert code == 0
    lines = out.splitlines()
    assert [line for line in lines if line.startswith("r.yaml:")] == [
        "r.yaml:1:8: warning[owner-team] [*] the owner is not the SRE team"
    ]
    assert "fixes           [*] 1 fixable with --fix" in lines


def test_fix_applies_the_other_fixes_and_reports_the_replace_of_a_missing_value(owners: Path) -> None:
    code, out, err = run_cli("--fix", "--select", "owner-team,title-case", "--format", "concise", "r.yaml")
    assert (code, err) == (3, "incidentlint: applied 1 fix in 1 file\n")
    assert (owners / "r.yaml").read_text("utf-8") == "title: Checkout down\n"
    assert out.splitlines() == [GHOST, "r.yaml:1:8: warning[owner-team] the owner is not the SRE team"]


def test_diff_shows_the_other_fixes_and_reports_the_replace_of_a_missing_value(owners: Path) -> None:
    code, out, err = run_cli("--diff", "--select", "owner-team,title-case", "r.yaml")
    assert code == 3
    assert out == "--- r.yaml\n+++ r.yaml\n@@ -1 +1 @@\n-title: checkout down\n+title: Checkout down\n"
    assert err == f"{GHOST}\nincidentlint: 1 fix would be applied to 1 file\n"
    assert (owners / "r.yaml").read_text("utf-8") == "title: checkout down\n"
