"""docs/rules.md is generated from the rules' metadata and must not go stale; the README lists what the tool has."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import click
import pytest

from incidentlint import docgen
from incidentlint.registry import CORE_CHECKS, all_rules, builtin_rules
from tests.helpers import ROOT, reference, run_cli

DOC = ROOT / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOC.read_text("utf-8") == docgen.render(), (
        "docs/rules.md is stale: run 'python -m incidentlint.docgen --write' and commit the result"
    )


def test_every_rule_and_core_check_is_documented() -> None:
    text = docgen.render()
    for rule in builtin_rules():
        assert f"## `{rule.name}` ({rule.code})" in text
        assert f"[`{rule.name}`](#{rule.name}-{rule.code.lower()})" in text
    for name, (code, _, _) in CORE_CHECKS.items():
        assert f"| {code} | `{name}` |" in text


def test_a_rule_section_has_ruffs_shape() -> None:
    rule = next(rule for rule in builtin_rules() if rule.options)
    section = "\n".join(docgen.rule_section(rule))
    headings = [line for line in section.splitlines() if line.startswith("#")]
    assert headings == [
        f"## `{rule.name}` ({rule.code})",
        "### What it does",
        "### Why it matters",
        "### Example",
        "### Use instead",
        "### Options",
    ]
    example = section.index("### Example")
    use_instead = section.index("### Use instead")
    assert docgen.as_json(rule.invalid[0]) in section[example:use_instead]
    assert docgen.as_json(rule.valid[0]) in section[use_instead:]
    for name in rule.options:
        assert f"| `{name}` |" in section
    assert f"Set them under `[tool.incidentlint.options.{rule.name}]`." in section


def test_rule_text_cannot_break_the_markdown() -> None:
    assert docgen.prose("left as '<root cause>' or `<service>`") == "left as '&lt;root cause>' or `<service>`"
    assert docgen._cell("a | b\nc") == "a \\| b c"


def test_installed_plugins_do_not_change_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    before = docgen.render()
    monkeypatch.setattr(
        "incidentlint.registry.entry_points",
        lambda *, group: [EntryPoint(name="acme", value="acme_incident_rules", group=group)],
    )
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "fixtures" / "plugin_pack"))
    assert docgen.render() == before


def test_docgen_prints_to_stdout_and_writes_with_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert docgen.main([]) == 0
    assert out.getvalue() == docgen.render()
    monkeypatch.chdir(tmp_path)
    assert docgen.main(["--write"]) == 0
    assert (tmp_path / "docs" / "rules.md").read_text("utf-8") == docgen.render()
    assert docgen.main(["--bogus"]) == 2


def _docgen(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    code = docgen.main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_docgen_plugins_documents_the_installed_plugins_and_the_rule_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A team's own rules get the page docs/rules.md gives the built-in ones (docgen had no way to document them)."""
    monkeypatch.setattr(
        "incidentlint.registry.entry_points",
        lambda *, group: [EntryPoint(name="acme", value="acme_incident_rules", group=group)],
    )
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "fixtures" / "plugin_pack"))
    shutil.copy(ROOT / "tests" / "fixtures" / "local_rules" / "house_rules.py", tmp_path / "house_rules.py")
    (tmp_path / "lint.toml").write_text('rule-paths = ["house_rules.py"]\n', "utf-8")
    code, out, err = _docgen(monkeypatch, "--plugins", "--config", str(tmp_path / "lint.toml"))
    assert (code, err) == (0, "")
    assert out.startswith(docgen.PLUGINS_HEADER)
    index = out[out.index("## Index") : out.index("\n\n## `")]
    assert index.splitlines()[2:] == [
        "| code | name | severity | from | summary |",
        "|---|---|---|---|---|",
        "| ACME001 | [`runbook-link`](#runbook-link-acme001) | warning | plugin 'acme' | The record links the runbook "
        "that was followed, in [x-runbook]. |",
        "| HSE001 | [`team-required`](#team-required-hse001) | warning | local file house_rules.py | Every record "
        "names its owning team in x-team. |",
        "| HSE002 | [`title-length`](#title-length-hse002) | info | local file house_rules.py | The title is longer "
        "than the configured maximum. |",
        "| HSE003 | [`banned-words`](#banned-words-hse003) | warning | local file house_rules.py | The description "
        "uses a word the house style avoids. |",
        "| HSE201 | [`same-title`](#same-title-hse201) | error | local file house_rules.py | Two records share a "
        "title. |",
    ]
    assert [line for line in out.splitlines() if line.startswith("## `")] == [
        "## `runbook-link` (ACME001)",
        "## `team-required` (HSE001)",
        "## `title-length` (HSE002)",
        "## `banned-words` (HSE003)",
        "## `same-title` (HSE201)",
    ]
    section = out[out.index("## `runbook-link`") : out.index("## `team-required`")]
    assert "\n".join(docgen.rule_section(all_rules()["runbook-link"])) == section.rstrip("\n") + "\n"
    assert "## `duration-mismatch`" not in out  # the built-in rules are docs/rules.md's


def test_docgen_plugins_without_plugins_or_rule_paths_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("incidentlint.registry.entry_points", lambda *, group: [])
    assert _docgen(monkeypatch, "--plugins") == (
        0,
        docgen.PLUGINS_HEADER + "\nNo plugin is installed here and the configuration names no `rule-paths`.\n",
        "",
    )


def test_docgen_plugins_reports_a_broken_rule_file_or_bad_arguments_as_the_command_line_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".incidentlint.toml").write_text('rule-paths = ["gone.py"]\n', "utf-8")
    message = f"incidentlint: error: rule-paths names {tmp_path / 'gone.py'}, which does not exist\n"
    assert _docgen(monkeypatch, "--plugins") == (2, "", message)
    assert run_cli("rules")[2] == message
    usage = "usage: python -m incidentlint.docgen [--write | --plugins [--config FILE]]\n"
    assert _docgen(monkeypatch, "--plugins", "--write") == (2, "", usage)
    assert _docgen(monkeypatch, "--plugins", "--config") == (2, "", usage)


def test_the_readme_rule_example_works_as_a_local_rule_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first rule is what a team copies: it must load, fire as described, keep its examples true, and
    be testable through ``.check`` as the README says."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("## Writing rules and plugins") : text.index("## Layout")]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "house.py").write_text(match.group(1), "utf-8")
    (tmp_path / ".incidentlint.toml").write_text('rule-paths = ["house.py"]\nselect = ["ACME001"]\n', "utf-8")
    (tmp_path / "r.yaml").write_text("title: Checkout down\n", "utf-8")
    code, out, err = run_cli("--format", "concise", "r.yaml")
    assert (code, out, err) == (
        0,
        "r.yaml:1:1: warning[runbook-link] the record has no x-runbook link starting with https://\n",
        "",
    )
    from incidentlint.api import Options
    from incidentlint.examples import example_problems

    runbook_link = all_rules([tmp_path / "house.py"])["runbook-link"]
    assert example_problems(runbook_link) == []
    assert [f.message for f in runbook_link.check({"x-runbook": "http://x"}, Options(runbook_link.options))] == [
        "the record has no x-runbook link starting with https://"
    ]
    assert "runbook_link.check(record, Options(runbook_link.options))" in section


def test_docgen_runs_as_a_module() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "incidentlint.docgen"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert proc.stdout == DOC.read_text("utf-8")


def _readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    match = re.search(rf"<!-- {marker} -->\n```\w+\n(.*?)```", text, re.DOTALL)
    assert match is not None, f"README.md has no <!-- {marker} --> block"
    return match.group(1)


def test_readme_configuration_example_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(_readme_block("config-example"), "utf-8")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "acme-incident.json").write_text(
        json.dumps({"allOf": [{"$ref": "https://incidentlint.dev/schemas/incident.schema.json"}]}), "utf-8"
    )
    (tmp_path / "lint").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "local_rules" / "house_rules.py", tmp_path / "lint" / "house_rules.py")
    (tmp_path / "incidents" / "INC-2024-0315-001.json").write_text(json.dumps(reference()), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli("--format", "json", "--now", "2024-06-01T00:00:00Z", "incidents")
    assert err == ""
    # ALL turns on the house rules too; the reference record has no x-team and a long title.
    assert {d["rule"] for d in json.loads(out)["diagnostics"]} == {"team-required", "title-length"}
    assert code == 1  # fail-on = "warning"


def test_readme_error_example_is_the_real_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".incidentlint.toml").write_text('[options.placeholder-text]\nword = ["TBD"]\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    message = (
        "`.incidentlint.toml: options.placeholder-text: unknown option 'word' (line 2, column 1); "
        "did you mean 'words'?`"
    )
    assert message in " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert run_cli("x.json") == (2, "", f"incidentlint: error: {message.strip('`')}\n")


def test_the_readme_lists_the_default_excludes() -> None:
    from incidentlint.config import DEFAULT_EXCLUDE

    text = " ".join((ROOT / "README.md").read_text("utf-8").split())
    match = re.search(r"the default `exclude` is (.*?)\), plus", text)
    assert match is not None
    assert sorted(re.findall(r"`([^`]+)`", match.group(1))) == sorted(DEFAULT_EXCLUDE)


def _readme_text() -> str:
    return (ROOT / "README.md").read_text("utf-8")


def _readme_section(start: str, end: str) -> str:
    text = _readme_text()
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


def _cli_option_names() -> set[str]:
    import click

    from incidentlint.cli import lint_command

    context = lint_command.make_context("incidentlint", [], resilient_parsing=True)
    return {
        name
        for param in lint_command.get_params(context)
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    }


def test_the_readme_options_table_lists_exactly_the_options_of_help() -> None:
    table = _readme_section("| option | meaning |\n", "\n\n")
    cells = re.findall(r"^\| (`.*?) \| ", table, re.MULTILINE)  # the first column of each row
    listed = {code.split()[0] for cell in cells for code in re.findall(r"`([^`]+)`", cell)}
    assert listed == _cli_option_names()
    assert {"-h", "--help", "--no-respect-gitignore", "--show-files"} <= listed


def test_the_readme_names_every_output_format() -> None:
    from incidentlint.reporters import REPORTERS

    formats = _readme_section("### Output formats\n", "\nPaths in the CI formats")
    assert set(re.findall(r"^- `(\w+)`:", formats, re.MULTILINE)) == set(REPORTERS)
    [row] = re.findall(r"^\| `--format FORMAT` \| (.*) \|$", _readme_text(), re.MULTILINE)
    assert set(re.findall(r"`(\w+)`", row)) == set(REPORTERS)


def test_the_readme_configuration_example_sets_every_configuration_key() -> None:
    import tomllib

    from incidentlint.config import CONFIG_SCHEMA

    example = tomllib.loads(_readme_block("config-example"))["tool"]["incidentlint"]
    assert set(example) == set(CONFIG_SCHEMA["properties"])


def test_the_readme_autofix_section_names_exactly_the_fixable_checks() -> None:
    from incidentlint.commands import catalogue
    from incidentlint.config import Config

    entries = catalogue(Config(base=ROOT))
    autofix = _readme_section("### Autofix\n", "\nA fix is a set of text edits")
    named = set(re.findall(r"`([a-z-]+)`", autofix)) & {entry.name for entry in entries}
    assert named == {entry.name for entry in entries if entry.fixable}


def test_the_readme_names_the_rules_that_are_off_by_default() -> None:
    words = {2: "Two", 3: "Three", 4: "Four", 5: "Five"}
    off = {rule.name for rule in builtin_rules() if not rule.enabled_by_default}
    text = " ".join(_readme_text().split())
    match = re.search(rf"{words[len(off)]} rules are a team's policy (.*?)\. In the terminal:", text)
    assert match is not None
    assert set(re.findall(r"`([a-z-]+)`", match.group(1))) - {"extend-select"} == off


def test_the_readme_suppression_examples_each_hide_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copied into a record that has the findings they name, the README's suppressions leave it clean: none of them
    is an unused-suppression (the YAML one named blameless-language's IL118 on a line only placeholder-text
    reported, and the JSON one an off-by-default rule)."""
    import yaml

    section = _readme_section("### Suppressing a finding\n", "\n## Writing rules and plugins")
    yaml_block, json_block = re.findall(r"```(?:yaml|json)\n(.*?)```", section, re.DOTALL)
    duration, comment, root_cause, file_comment = yaml_block.splitlines()
    record = reference()
    record["incident_id"] = "INC-2023-1230-001"  # the id's date is not start_time's: incident-id-date-mismatch
    record["duration"] = "PLACEHOLDER-DURATION"
    record["technical_details"]["root_cause"] = "PLACEHOLDER-ROOT-CAUSE"
    text = yaml.safe_dump(record, sort_keys=False, width=1000)
    unsuppressed = text.replace("duration: PLACEHOLDER-DURATION", duration.split("  #")[0]).replace(
        "root_cause: PLACEHOLDER-ROOT-CAUSE", root_cause
    )
    suppressed = (
        text.replace("duration: PLACEHOLDER-DURATION", duration)
        .replace("  root_cause: PLACEHOLDER-ROOT-CAUSE", f"  {comment}\n  {root_cause}")
        .replace("incident_id: INC-2023", f"{file_comment}\nincident_id: INC-2023")
    )
    monkeypatch.chdir(tmp_path)
    Path("plain.yaml").write_text(unsuppressed, "utf-8")
    Path("suppressed.yaml").write_text(suppressed, "utf-8")
    code, out, _ = run_cli("--format", "json", "plain.yaml")
    assert code == 1
    assert sorted(d["rule"] for d in json.loads(out)["diagnostics"]) == [
        "blameless-language",
        "duration-mismatch",
        "incident-id-date-mismatch",
        "placeholder-text",
    ]
    assert run_cli("--format", "concise", "suppressed.yaml") == (0, "", "")
    record["x-incidentlint"] = json.loads(json_block)["x-incidentlint"]
    record["duration"] = "1h 5m"
    record["technical_details"]["root_cause"] = reference()["technical_details"]["root_cause"]
    Path("suppressed.json").write_text(json.dumps(record, indent=2), "utf-8")
    assert run_cli("--format", "concise", "suppressed.json") == (0, "", "")


def _help_metavars(command: click.Command) -> dict[str, str]:
    """Each option's value as ``--help`` shows it (``FILE``, ``[auto|always|never]``); a flag has none."""
    context = command.make_context(command.name or "incidentlint", [], resilient_parsing=True)
    shown: dict[str, str] = {}
    for param in command.get_params(context):
        if isinstance(param, click.Option):
            metavar = "" if param.is_flag else param.make_metavar(context)
            for name in (*param.opts, *param.secondary_opts):
                shown[name] = metavar
    return shown


def test_the_readme_options_table_writes_each_value_as_help_does() -> None:
    """`--jobs N` in the table was `-j, --jobs INTEGER RANGE` in --help: a reader matching the two saw two names."""
    from incidentlint.cli import lint_command

    help_metavars = _help_metavars(lint_command)
    table = _readme_section("| option | meaning |\n", "\n\n")
    cells = re.findall(r"^\| (`.*?) \| ", table, re.MULTILINE)
    listed: dict[str, str] = {}
    for cell in cells:
        for code in re.findall(r"`([^`]+)`", cell.replace("\\|", "|")):
            name, _, value = code.partition(" ")
            listed[name] = value
    assert {name: value.strip("[]") for name, value in help_metavars.items()} == listed
    assert listed["-j"] == listed["--jobs"] == "N"
    assert listed["--color"] == "auto|always|never"


def test_the_rules_subcommand_names_its_selection_values_as_linting_does() -> None:
    from incidentlint.cli import lint_command
    from incidentlint.commands import rules_command

    lint, rules = _help_metavars(lint_command), _help_metavars(rules_command)
    for name in ("--select", "--ignore", "--extend-select", "--config", "--color"):
        assert rules[name] == lint[name], name


def test_every_flag_the_readme_names_is_a_real_option() -> None:
    """A flag in the README's prose or snippets that no command has (a renamed or planned one) would send a reader
    to a usage error; the table is held to --help above, this holds the rest of the page."""
    from incidentlint.cli import lint_command
    from incidentlint.commands import COMMANDS

    ours = set(_help_metavars(lint_command))
    for command in COMMANDS.values():
        ours |= set(_help_metavars(command))
    # Flags of other programs the README runs: where each is defined (ours), or whose they are (not ours).
    elsewhere = {
        "--plugins": ROOT / "incidentlint" / "docgen.py",
        "--write": ROOT / "incidentlint" / "docgen.py",
        "--ajv": ROOT / "benchmarks" / "bench.py",
    }
    others = {"--strict": "mypy", "--config-settings": "pip"}
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", _readme_text()))
    for flag in sorted(named - ours - set(others)):
        assert flag in elsewhere, f"the README names {flag}, which no incidentlint command has"
        assert f'"{flag}"' in elsewhere[flag].read_text("utf-8"), f"{flag} is not an option of {elsewhere[flag].name}"
    assert named >= {"--plugins", "--ajv", "--strict", "--config-settings", "--no-respect-gitignore"}


def test_the_defaults_the_configuration_example_states_are_the_codes() -> None:
    from incidentlint.config import MAX_FILE_SIZE_LIMIT, Config
    from incidentlint.diagnostics import Severity

    example = {
        line.split("=", 1)[0].strip(): line.split("#", 1)[1].strip()
        for line in _readme_block("config-example").splitlines()
        if "=" in line and "#" in line
    }
    defaults = Config()
    assert example["fail-on"] == 'lowest severity that fails the run (default "error")'
    assert defaults.fail_on is Severity.ERROR
    assert example["max-file-size"] == "bytes, a whole number up to 1 GiB (default 2 MiB)"
    assert (defaults.max_file_size, MAX_FILE_SIZE_LIMIT) == (2 * 1024 * 1024, 1024**3)
    assert example["respect-gitignore"] == "skip what .gitignore ignores when walking directories (the default)"
    assert defaults.respect_gitignore is True
    assert example["force-exclude"].startswith("exclude also files named on the command line")
    assert defaults.force_exclude is False
    assert example["tolerance"] == "seconds, at most a year (31536000)"
    schema = all_rules()["duration-mismatch"].options_schema
    assert schema is not None
    assert schema["properties"]["tolerance"]["maximum"] == 31536000


def test_help_names_every_output_format_the_tool_accepts() -> None:
    """--format is free text to click (REPORTERS decides what it accepts), so its help lists the formats by hand."""
    from incidentlint.cli import lint_command
    from incidentlint.reporters import REPORTERS

    [option] = [p for p in lint_command.params if p.name == "fmt"]
    assert isinstance(option, click.Option) and option.help is not None
    listed = option.help.removeprefix("Output format: ").rstrip(".").replace(" (default)", "").replace(" or ", ", ")
    assert sorted(listed.split(", ")) == sorted(REPORTERS)
    assert option.help.startswith("Output format: full (default),")
