"""The README's integration recipes: each parses, has the shape its tool expects, and uses only real options."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from pre_commit.clientlib import load_config  # type: ignore[import-untyped]

from incidentlint.cli import lint_command, main
from tests.helpers import ROOT, reference, run_cli

RECIPE = re.compile(r"<!-- recipe: ([a-z-]+) -->\n```(\w+)\n(.*?)```", re.DOTALL)
OPTIONS = {name for param in lint_command.params for name in (*param.opts, *param.secondary_opts)}


def recipes() -> dict[str, tuple[str, str]]:
    found = {name: (language, body) for name, language, body in RECIPE.findall((ROOT / "README.md").read_text("utf-8"))}
    assert set(found) == {
        "pre-commit",
        "github-actions",
        "gitlab-ci",
        "azure-pipelines",
        "baseline",
        "baseline-pre-commit",
        "editor",
    }
    return found


def recipe_yaml(name: str) -> Any:
    language, body = recipes()[name]
    assert language == "yaml"
    return yaml.safe_load(body)


def check_command(argv: list[str]) -> list[str]:
    """Every option is one the click command declares, and click accepts the whole line (values included)."""
    for token in argv:
        if token == "--":
            break
        if token.startswith("-") and token != "-":
            assert token.split("=", 1)[0] in OPTIONS, f"{token} is not an incidentlint option"
    lint_command.make_context("incidentlint", list(argv))  # raises click.UsageError on a bad value
    return argv


def commands_in(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        words = shlex.split(line, comments=True)
        if len(words) > 1 and words[0] == "incidentlint":  # a bare word is a hook id or a job name
            yield check_command(words[1:])


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def test_check_command_rejects_made_up_options() -> None:
    with pytest.raises(AssertionError):
        check_command(["--no-such-option", "x"])
    with pytest.raises(click.UsageError):
        check_command(["--fail-on", "sometimes", "x"])


@pytest.mark.parametrize("name", ["pre-commit", "baseline-pre-commit"])
def test_pre_commit_recipes_are_valid_configs_for_our_hook(name: str, tmp_path: Path) -> None:
    config = recipe_yaml(name)
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(yaml.safe_dump(config), "utf-8")
    load_config(str(path))  # pre-commit's own validation
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [repo] = config["repos"]
    assert repo["repo"].startswith("https://") and repo["rev"]
    [hook] = repo["hooks"]
    assert hook["id"] in {entry["id"] for entry in manifest}
    files = re.compile(hook["files"])
    assert files.search("incidents/INC-2024-0315-001.json")
    assert not files.search(".pre-commit-config.yaml") and not files.search("src/package.json")
    check_command([*hook.get("args", []), "incidents/INC-2024-0315-001.json"])


def test_github_actions_job_uploads_sarif_and_gates_on_the_exit_code() -> None:
    workflow = recipe_yaml("github-actions")
    [job] = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    linting = [i for i, step in enumerate(steps) if "incidentlint --" in step.get("run", "")]
    [lint_index] = linting
    lint_step = steps[lint_index]
    assert "continue-on-error" not in lint_step  # its exit code fails the job
    [argv] = commands_in(lint_step["run"])
    assert argv[argv.index("--format") + 1] == "sarif"
    report = argv[argv.index("--output-file") + 1]
    [upload] = [
        step
        for step in steps[lint_index + 1 :]
        if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload["with"]["sarif_file"] == report
    assert "always()" in upload["if"]  # upload even when the lint step failed


def test_gitlab_job_publishes_a_code_quality_report() -> None:
    jobs = recipe_yaml("gitlab-ci")
    [job] = jobs.values()
    [argv] = [argv for line in job["script"] for argv in commands_in(line)]
    assert argv[argv.index("--format") + 1] == "gitlab"
    report = argv[argv.index("--output-file") + 1]
    assert job["artifacts"]["reports"]["codequality"] == report
    assert job["artifacts"]["when"] == "always"


def test_azure_pipeline_publishes_junit_and_logs_issues() -> None:
    pipeline = recipe_yaml("azure-pipelines")
    steps = pipeline["steps"]
    [lint_index] = [i for i, step in enumerate(steps) if "incidentlint --" in step.get("script", "")]
    lint_step = steps[lint_index]
    assert "continueOnError" not in lint_step  # its exit code fails the job
    [argv] = commands_in(lint_step["script"])
    assert argv[argv.index("--format") + 1] == "junit"
    report = argv[argv.index("--output-file") + 1]
    [publish] = [step for step in steps[lint_index + 1 :] if step.get("task", "").startswith("PublishTestResults@")]
    assert publish["inputs"]["testResultsFormat"] == "JUnit"
    assert publish["inputs"]["testResultsFiles"] == report
    assert publish["condition"] == "always()"  # publish even when the lint step failed
    # What the README promises of the log: with --output-file inside Azure Pipelines, the human report and then
    # the issues go to stdout.
    from incidentlint.reporters.output import plan

    assert plan("junit", Path(report), {"TF_BUILD": "True"}).stdout == ("full", "azure")


def test_every_yaml_recipe_names_only_real_options() -> None:
    checked = 0
    for language, body in recipes().values():
        if language == "yaml":
            for text in strings(yaml.safe_load(body)):
                checked += len(list(commands_in(text)))
    assert checked == 3


def test_baseline_recipe_does_what_the_readme_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the three commands, in order, on a repository with an old bad record."""
    language, body = recipes()["baseline"]
    assert language == "sh"
    commands = list(commands_in(body))
    assert len(commands) == 3
    monkeypatch.chdir(tmp_path)
    Path("incidents").mkdir()
    old = {**reference(), "severity": "critical"}
    Path("incidents/old.json").write_text(json.dumps(old, indent=2), "utf-8")
    write, use, shrink = commands
    assert main(write) == 0
    baseline = Path(".incidentlint-baseline.json")
    assert [f["file"] for f in json.loads(baseline.read_text("utf-8"))["findings"]] == ["incidents/old.json"]
    assert run_cli(*use)[0] == 0
    new = {**reference(), "incident_id": "INC-2024-0315-002", "status": "done"}
    Path("incidents/new.json").write_text(json.dumps(new, indent=2), "utf-8")
    code, out, _ = run_cli(*use)
    assert code == 1 and "incidents/new.json:" in out and "incidents/old.json:" not in out
    Path("incidents/old.json").write_text(json.dumps(reference(), indent=2), "utf-8")
    code, _, _ = run_cli(*shrink)
    assert code == 1  # the new finding still fails; it was not added
    assert json.loads(baseline.read_text("utf-8"))["findings"] == []


def test_what_the_readme_says_of_the_hook_is_what_the_manifest_sets() -> None:
    """The pre-commit section quotes the hook's entry and its require_serial; both must be the manifest's."""
    text = " ".join((ROOT / "README.md").read_text("utf-8").split())
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["entry"] == "incidentlint --force-exclude"
    assert f"The hook runs `{hook['entry']}`" in text
    assert hook["require_serial"] is True
    assert "The hook sets `require_serial: true`" in text
    assert hook["types_or"] == ["json", "yaml"]
    assert "without it every JSON and YAML file in the repository" in text
    check_command(hook["entry"].split()[1:])


def test_the_readme_opens_with_exactly_two_commands_that_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """The front door: lint the examples, then run the tests; nothing else before Usage, and both hold."""
    import tomllib

    text = (ROOT / "README.md").read_text("utf-8")
    opening = text[: text.index("\n## Usage\n")]
    assert re.findall(r"<!-- ([a-z-]+) -->\n```(\w+)\n(.*?)```", opening, re.DOTALL) == [
        (
            "lint-command",
            "sh",
            "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/incidentlint examples/\n",
        ),
        (
            "test-command",
            "sh",
            "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest\n",
        ),
    ]
    assert opening.count("```") == 4
    assert "needs only Python 3.11+" in opening
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "test" in project["optional-dependencies"]
    monkeypatch.chdir(ROOT)
    assert run_cli("examples/") == (0, "All clean: 2 files checked, no problems found.\n", "")


def test_editor_recipe_gives_the_fixed_record_back_on_stdout(tmp_path: Path) -> None:
    language, body = recipes()["editor"]
    assert language == "sh"
    record = tmp_path / "INC-2024-0315-001.json"
    text = json.dumps({**reference(), "duration": "2h", "title": "TBD"}, indent=2)
    record.write_text(text, "utf-8")
    [words] = list(commands_in(body))
    redirect = words.index("<")  # the shell's part: the buffer on standard input
    assert words[redirect + 1 :] == ["$FILE"]
    argv = [str(record) if word == "$FILE" else word for word in words[:redirect]]
    done = subprocess.run(
        [str(Path(sys.executable).parent / "incidentlint"), *argv],
        stdin=record.open("rb"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0  # --exit-zero: the title placeholder remains, as a warning on stderr
    assert done.stdout == text.replace('"2h"', '"1h5m"').encode("utf-8")
    assert b"placeholder-text" in done.stderr
    assert record.read_text("utf-8") == text  # the file itself is the editor's to write
