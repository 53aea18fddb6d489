"""``incidentlint rules`` and ``incidentlint explain``: the catalogue as this configuration sees it."""

from __future__ import annotations

import json
import shutil
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from incidentlint.docgen import as_json, as_yaml
from incidentlint.registry import CORE_CHECKS, all_rules
from tests.helpers import ROOT, reference, run_cli

HOUSE_RULES = ROOT / "tests" / "fixtures" / "local_rules" / "house_rules.py"
PLUGIN_PACK = ROOT / "tests" / "fixtures" / "plugin_pack"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at the terminal width; keep table rows on one line
    shutil.copy(HOUSE_RULES, tmp_path / "house_rules.py")
    return tmp_path


def with_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    def entry_points(*, group: str) -> list[EntryPoint]:
        return [EntryPoint(name="acme", value="acme_incident_rules", group=group)]

    monkeypatch.setattr("incidentlint.registry.entry_points", entry_points)
    monkeypatch.syspath_prepend(str(PLUGIN_PACK))


def listing(*args: str) -> dict[str, dict[str, Any]]:
    code, out, err = run_cli("rules", "--format", "json", *args)
    assert code == 0, err
    return {entry["name"]: entry for entry in json.loads(out)["rules"]}


def flat(text: str) -> str:
    """Text with every run of white space as one space, so wrapped paragraphs compare."""
    return " ".join(text.split())


# -- rules ----------------------------------------------------------------------------------------------------


def test_rules_json_lists_every_rule_and_core_check_in_code_order(workdir: Path) -> None:
    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    entries = json.loads(out)["rules"]
    assert [entry["name"] for entry in entries] == [
        name
        for _, name in sorted(
            [(code, name) for name, (code, _, _) in CORE_CHECKS.items()]
            + [(rule.code, name) for name, rule in all_rules().items()]
        )
    ]
    for entry in entries:
        rule = all_rules().get(entry["name"])
        if rule is None:
            continue
        assert entry == {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity.label,
            "enabled": rule.enabled_by_default,
            "effective_severity": rule.severity.label if rule.enabled_by_default else None,
            "source": "built-in",
            "origin": None,
            "fixable": rule.fixable,
            "scope": rule.scope,
            "summary": rule.summary,
        }


def test_rules_json_for_a_core_check(workdir: Path) -> None:
    assert listing()["schema"] == {
        "code": "IL003",
        "name": "schema",
        "severity": "error",
        "enabled": True,
        "effective_severity": "error",
        "source": "built-in",
        "origin": None,
        "fixable": True,  # an allowed value spelt otherwise ('SEV-1' for sev1)
        "scope": "core",
        "summary": "The record does not match the incident schema.",
    }


def test_rules_follow_the_configuration(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["house_rules.py"]\nignore = ["team-required"]\nextend-select = ["HSE003"]\n'
        '[severity]\ntitle-length = "error"\n',
        "utf-8",
    )
    entries = listing()
    assert {
        name: (entries[name]["enabled"], entries[name]["effective_severity"])
        for name in entries
        if "HSE" in entries[name]["code"]
    } == {
        "team-required": (False, None),
        "title-length": (True, "error"),
        "banned-words": (True, "warning"),
        "same-title": (True, "error"),
    }
    assert (entries["title-length"]["source"], entries["title-length"]["origin"]) == ("local", "house_rules.py")


def test_rules_honour_an_explicit_config_and_flags(workdir: Path) -> None:
    (workdir / "conf.yaml").write_text("rule-paths: [house_rules.py]\nselect: [HSE]\n", "utf-8")
    entries = listing("--config", "conf.yaml")
    assert entries["banned-words"]["enabled"] is True and entries["schema"]["enabled"] is False
    entries = listing("--config", "conf.yaml", "--ignore", "banned-words", "--extend-select", "schema")
    assert entries["banned-words"]["enabled"] is False and entries["schema"]["enabled"] is True
    # The three core checks that guard against a broken file looking clean are always on.
    assert entries["parse-error"]["enabled"] is True


def test_rules_table(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house_rules.py"]\n[severity]\nHSE002 = "error"\n')
    code, out, _ = run_cli("rules", "--color", "never")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "enabled", "source", "fixable", "summary"]
    rows = {line.split()[1]: line for line in lines[1:] if line.strip() and line.split()[0].startswith(("IL", "HSE"))}
    assert rows["team-required"].split()[:5] == ["HSE001", "team-required", "warning", "yes", "local"]
    assert rows["title-length"].split()[:6] == ["HSE002", "title-length", "info", "yes", "(error)", "local"]
    assert rows["banned-words"].split()[:5] == ["HSE003", "banned-words", "warning", "no", "local"]
    assert rows["schema"].split()[:5] == ["IL003", "schema", "error", "yes", "built-in"]
    fixable = [rule for rule in all_rules().values() if rule.fixable]
    for rule in fixable:
        assert rows[rule.name].split()[5] == "yes"
    assert "\x1b" not in out


def test_piped_rules_table_has_one_line_per_rule(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = run_cli("rules", "--color", "never")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 + len(catalogue_names())
    for line, name in zip(lines[1:], catalogue_names(), strict=True):
        assert line.split()[1] == name
        assert line.rstrip().endswith(".")  # the whole summary, not its first 80 columns


def test_rules_table_wraps_to_columns_when_asked(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli("rules", "--color", "never")
    assert code == 0
    assert max(map(len, out.splitlines())) <= 100
    assert len(out.splitlines()) > 1 + len(catalogue_names())


def catalogue_names() -> list[str]:
    _, out, _ = run_cli("rules", "--format", "json")
    return [entry["name"] for entry in json.loads(out)["rules"]]


def test_rules_table_shows_plugin_text_as_text(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_plugin(monkeypatch)
    code, out, _ = run_cli("rules", "--color", "always")
    assert code == 0
    assert "in [x-runbook]." in out  # rich markup would have swallowed the brackets
    assert "plugin (acme)" in out
    assert "\x1b[" in out


def test_rules_unknown_format_is_a_usage_error(workdir: Path) -> None:
    code, out, err = run_cli("rules", "--format", "xml")
    assert (code, out) == (2, "")
    assert err.endswith("incidentlint: error: Invalid value for '--format': 'xml' is not one of 'table', 'json'.\n")
    assert err.startswith("Usage: incidentlint rules [OPTIONS]")


def test_rules_with_a_broken_config_is_exit_2(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text('selct = ["schema"]\n', "utf-8")
    assert run_cli("rules") == (
        2,
        "",
        "incidentlint: error: .incidentlint.toml: unknown key 'selct' (line 1, column 1); did you mean 'select'?\n",
    )


def test_rules_help(workdir: Path) -> None:
    code, out, _ = run_cli("rules", "--help")
    assert code == 0 and "List every rule" in out


# -- explain --------------------------------------------------------------------------------------------------


def test_explain_a_built_in_rule_by_name_and_by_code(workdir: Path) -> None:
    rule = next(rule for rule in all_rules().values() if rule.options and rule.valid and rule.invalid)
    code, out, _ = run_cli("explain", rule.name, "--color", "never")
    assert code == 0
    assert out.splitlines()[0] == f"{rule.name} ({rule.code})"
    text = flat(out)
    for part in (
        rule.summary,
        "Why it matters",
        rule.rationale,
        "Options",
        "Invalid (reported) #1",
        "Valid (not reported) #1",
    ):
        assert flat(part) in text
    for name in rule.options:
        assert name in text
    for example in (*rule.valid, *rule.invalid):
        assert flat(as_json(example)) in text
        assert flat(as_yaml(example)) in text
    assert run_cli("explain", rule.code.lower(), "--color", "never") == (0, out, "")


def test_explain_shows_options_defaults_schema_and_configured_values(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text(
        'rule-paths = ["house_rules.py"]\n[options.banned-words]\nwords = ["outage", "meltdown"]\n', "utf-8"
    )
    code, out, _ = run_cli("explain", "banned-words", "--color", "never")
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == [
        "banned-words (HSE003)",
        "default severity warning, from the local file house_rules.py, not enabled under this configuration",
    ]
    header = next(line for line in lines if line.startswith("option"))
    assert header.split() == ["option", "default", "configured", "meaning"]
    row = lines[lines.index(header) + 1]
    assert row.split()[:3] == ["words", '["outage"]', '["outage",']
    assert '"meltdown"]' in row
    assert 'Schema: `{"type": "array", "items": {"type": "string", "minLength": 1}}`.' in flat(out)
    # Not [tool.incidentlint.options...]: that table in .incidentlint.toml is an unknown key 'tool'.
    assert "Set them under [options.banned-words] in .incidentlint.toml." in out


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("pyproject.toml", "[tool.incidentlint.options.placeholder-text] in pyproject.toml."),
        (".incidentlint.yaml", "options: {placeholder-text: ...} in .incidentlint.yaml."),
        (
            "",
            "[tool.incidentlint.options.placeholder-text] in pyproject.toml, or [options.placeholder-text] in "
            ".incidentlint.toml.",
        ),
    ],
)
def test_explain_says_where_options_go_in_the_configuration_file_read(workdir: Path, name: str, where: str) -> None:
    if name:
        (workdir / name).write_text("[tool.incidentlint]\n" if name.endswith(".toml") else "fail-on: error\n")
    code, out, _ = run_cli("explain", "placeholder-text", "--color", "never")
    assert code == 0
    assert f"Set them under {where} Invalid (reported) #1" in flat(out)


def test_explain_a_repository_rule_names_each_file_of_an_example(workdir: Path) -> None:
    (workdir / ".incidentlint.toml").write_text('rule-paths = ["house_rules.py"]\n', "utf-8")
    code, out, _ = run_cli("explain", "same-title", "--color", "never")
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert "repository-wide" in lines[1]
    start = lines.index("Invalid (reported) #1")
    assert lines[start + 1 : start + 11] == [
        "a.json",
        "JSON:",
        "  {",
        '    "title": "Checkout down"',
        "  }",
        "YAML:",
        "  title: Checkout down",
        "b.json",
        "JSON:",
        "  {",
    ]


def test_explain_a_core_check(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # the rationale on one line, as SARIF has it
    code, out, _ = run_cli("explain", "parse-error", "--color", "never")
    assert code == 0
    assert out.splitlines() == [
        "parse-error (IL001)",
        "default severity error, built-in, enabled here",
        "",
        "The file is not valid JSON or YAML, or cannot be used as a record.",
        "",
        "Why it matters",
        "The file must be UTF-8 JSON or YAML holding one record, a mapping at the top level. A file that cannot be "
        "read as one is checked no further, so nothing else about it is reported: fix what the message names at its "
        "position (a missing comma or quote, a tab in the indentation, another encoding) and run again.",
        "",
        "This is a core check: it comes from loading and schema validation rather than a rule. It cannot be "
        "switched off.",
    ]


def test_explain_a_core_check_says_what_its_sarif_descriptor_says(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    code, out, _ = run_cli("explain", "duplicate-key", "--color", "never")
    assert code == 0
    assert out.splitlines() == [
        "duplicate-key (IL002)",
        "default severity error, built-in, enabled here",
        "",
        "A key appears twice in one object; only the last value counts.",
        "",
        "Why it matters",
        "Each key must appear once in its object. When one appears twice, the later value silently wins in "
        "incidentlint and most parsers, so an edit to the first copy changes nothing and readers of the file see two "
        "answers: remove one copy, keeping the value that is right.",
        "",
        "This is a core check: it comes from loading and schema validation rather than a rule.",
    ]
    (workdir / "r.json").write_text(json.dumps(reference()), "utf-8")
    code, sarif, _ = run_cli("--format", "sarif", "r.json")
    assert code == 0
    [descriptor] = [d for d in json.loads(sarif)["runs"][0]["tool"]["driver"]["rules"] if d["id"] == "IL002"]
    lines = out.splitlines()
    assert (descriptor["shortDescription"], descriptor["fullDescription"], descriptor["help"]) == (
        {"text": lines[3]},
        {"text": lines[6]},
        {"text": lines[6]},
    )


def test_explain_shows_plugin_text_as_text(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with_plugin(monkeypatch)
    code, out, _ = run_cli("explain", "ACME001", "--color", "always")
    assert code == 0
    assert "[bold]Acme[/bold] reviews" in out
    code, out, _ = run_cli("explain", "ACME001", "--color", "never")
    assert out.splitlines()[1] == "default severity warning, from the plugin 'acme', enabled here"
    assert "\x1b" not in out


def test_explain_unknown_rule_suggests_the_closest(workdir: Path) -> None:
    assert run_cli("explain", "scheme") == (
        2,
        "",
        "incidentlint: error: unknown rule 'scheme'; did you mean 'schema'?\n",
    )
    assert run_cli("explain", "zzzzzz") == (
        2,
        "",
        "incidentlint: error: unknown rule 'zzzzzz'; run 'incidentlint rules' for the list\n",
    )


def test_explain_knows_local_rules_only_through_the_config(workdir: Path) -> None:
    assert run_cli("explain", "team-required")[0] == 2
    (workdir / "conf.toml").write_text('rule-paths = ["house_rules.py"]\n', "utf-8")
    assert run_cli("explain", "team-required", "--config", "conf.toml")[0] == 0


def test_explain_without_a_rule_is_a_usage_error(workdir: Path) -> None:
    code, out, err = run_cli("explain")
    assert (code, out) == (2, "")
    assert err.endswith("incidentlint: error: Missing argument 'RULE'.\n")


@pytest.mark.parametrize("subcommand", ["rules", "explain"])
def test_a_subcommand_after_an_option_is_told_to_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subcommand: str
) -> None:
    """'incidentlint --config c.toml rules' used to lint a file named 'rules' and report it missing (exit 2, with a
    report); it is a usage mistake, said as one. A real file of that name is still linted."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.toml").write_text('ignore = ["blameless-language"]\n', "utf-8")
    code, out, err = run_cli("--config", "c.toml", subcommand)
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: '{subcommand}' is a subcommand, and a subcommand comes first: 'incidentlint "
        f"{subcommand} --config FILE' (there is no file or directory by that name to lint)\n"
    )
    shutil.copy(ROOT / "examples" / "INC-2024-0315-001.json", tmp_path / subcommand)
    assert run_cli("--config", "c.toml", "--now", "2024-04-01T00:00:00Z", subcommand) == (
        0,
        "All clean: 1 file checked, no problems found.\n",
        "",
    )
