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
