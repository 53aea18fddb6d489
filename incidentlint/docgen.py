"""Generate docs/rules.md from the rules' own metadata (and hold the helpers ``explain`` shares with it).

Run ``python -m incidentlint.docgen > docs/rules.md`` or ``python -m incidentlint.docgen --write``. Only the
built-in rules and the core checks are documented, so an installed plugin never makes the file stale. A team
documents its own rules, the installed plugins' and the configuration's ``rule-paths``, in the same shape with
``python -m incidentlint.docgen --plugins [--config FILE] > docs/our-rules.md``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from incidentlint.api import Rule
from incidentlint.registry import CORE_CHECKS, CORE_RATIONALE, all_rules, builtin_rules, describe_source, validate
from incidentlint.textsafe import defuse, escaped_in_source, visible

DOC_PATH = Path("docs") / "rules.md"
HEADER = """\
# Rules

<!-- Generated from the rules' metadata by `python -m incidentlint.docgen --write`, run in the editable install
that the README's test command makes; do not edit by hand. -->

Every rule has a stable **name** (used in configuration, suppressions and CI scripts) and a **code**. Select,
ignore or re-grade them in the configuration (see the README's Configuration section), suppress one finding with
`# incidentlint: disable=NAME -- reason`, and run `incidentlint explain RULE` for this page's entry in the
terminal. `incidentlint rules` lists every rule available in your environment, including plugins and local rules.
"""


def example_files(rule: Rule, example: Any) -> list[tuple[str, Any]]:
    """An example as (file name, record) pairs: one record for record rules, several for repository rules."""
    if rule.scope == "repository":
        if isinstance(example, dict) and example and all(isinstance(k, str) and "." in k for k in example):
            return list(example.items())
        if isinstance(example, list | tuple):
            return [(f"record-{index}.json", record) for index, record in enumerate(example, start=1)]
    return [("record.json", example)]


def _lines_visible(text: str) -> str:
    """Escape unsafe characters line by line, keeping the line breaks of a code block. Each becomes ``\\uXXXX``,
    which means that character again wherever it can stand: in a JSON string or a YAML double-quoted scalar."""
    return "\n".join(escaped_in_source(line) for line in text.split("\n"))


class _ExampleDumper(yaml.SafeDumper):
    """Writes a string holding an unsafe character other than a line break in double quotes, the one YAML style
    in which an escape stands for the character, so an example with an ESC or a zero-width space stays true."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    one_line = data.replace("\n", "")
    style = '"' if visible(one_line) != one_line else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_ExampleDumper.add_representer(str, _represent_str)


def as_json(value: Any) -> str:
    return _lines_visible(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def as_yaml(value: Any) -> str:
    text = yaml.dump(
        value, Dumper=_ExampleDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return _lines_visible(text.rstrip("\n"))


def option_rows(rule: Rule) -> list[tuple[str, str, str]]:
    """(name, default as JSON, description and constraints) for each option."""
    properties = rule.options_schema.get("properties", {}) if isinstance(rule.options_schema, dict) else {}
    names = [*rule.options, *(name for name in properties if name not in rule.options)]
    rows = []
    for name in names:
        schema = properties.get(name, {}) if isinstance(properties.get(name), dict) else {}
        description = str(schema.get("description", ""))
        constraints = {key: value for key, value in schema.items() if key != "description"}
        if constraints:
            description = (description + " " if description else "") + f"Schema: `{json.dumps(constraints)}`."
        default = json.dumps(rule.options[name], ensure_ascii=False) if name in rule.options else "(none)"
        rows.append((visible(name), visible(default), visible(description)))
    return rows


def prose(text: str) -> str:
    """Rule text as Markdown prose: '<root cause>' must not be taken for an HTML tag and vanish."""
    parts = re.split(r"(`[^`]*`)", visible(text))  # code spans show their text as written
    return "".join(part if part.startswith("`") else part.replace("<", "&lt;") for part in parts)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return prose(" ".join(text.split("\n"))).replace("|", "\\|")


def _code_block(language: str, text: str) -> list[str]:
    return [f"```{language}", text, "```"]


def _examples(rule: Rule, examples: Sequence[Any]) -> list[str]:
    lines: list[str] = []
    for example in examples:
        files = example_files(rule, example)
        for name, record in files:
            if len(files) > 1:
                lines.extend([f"`{visible(name)}`:", ""])
            lines.extend([*_code_block("json", as_json(record)), ""])
    return lines


def rule_section(rule: Rule) -> list[str]:
    facts = [f"default severity **{rule.severity.label}**"]
    if not rule.enabled_by_default:
        facts.append("off by default (enable it with `extend-select`)")
    if rule.scope == "repository":
        facts.append("repository-wide (compares every record of the run, or under `root`)")
    if rule.fixable:
        facts.append("fixable")
    sentence = "; ".join(facts)
    lines = [f"## `{rule.name}` ({rule.code})", "", sentence[:1].upper() + sentence[1:] + ".", ""]
    lines += ["### What it does", "", prose(rule.summary), ""]
    lines += ["### Why it matters", "", prose(rule.rationale), ""]
    lines += ["### Example", "", *_examples(rule, rule.invalid)]
    lines += ["### Use instead", "", *_examples(rule, rule.valid)]
    lines += ["### Options", ""]
    rows = option_rows(rule)
    if rows:
        lines += ["| option | default | meaning |", "|---|---|---|"]
        lines += [f"| `{name}` | `{default}` | {_cell(meaning)} |" for name, default, meaning in rows]
        lines += ["", f"Set them under `[tool.incidentlint.options.{rule.name}]`.", ""]
    else:
        lines += ["None.", ""]
    return lines


def render() -> str:
    """The whole of docs/rules.md."""
    rules = sorted(validate(builtin_rules()).values(), key=lambda rule: rule.code)
    lines = [HEADER, "## Index", "", "| code | name | severity | summary |", "|---|---|---|---|"]
    for code_name, (code, severity, summary) in sorted(CORE_CHECKS.items(), key=lambda item: item[1][0]):
        lines.append(f"| {code} | `{code_name}` | {severity.label} | {_cell(summary)} |")
    for rule in rules:
        anchor = rule.name
        lines.append(
            f"| {rule.code} | [`{rule.name}`](#{anchor}-{rule.code.lower()}) | {rule.severity.label} | "
            f"{_cell(rule.summary)} |"
        )
    lines += [
        "",
        "The `IL0xx` codes are core checks: they come from loading and schema validation rather than rules, and "
        "`parse-error`, `io-error` and `internal-error` cannot be switched off. A `schema` finding on a value that "
        "spells an allowed one with other case, spaces or punctuation (`SEV-1` for `sev1`) carries a safe fix.",
        "",
    ]
    for code_name, (code, _, _) in sorted(CORE_CHECKS.items(), key=lambda item: item[1][0]):
        lines.append(f"- `{code_name}` ({code}): {CORE_RATIONALE[code_name]}")
    lines.append("")
    for rule in rules:
        lines += rule_section(rule)
    return "\n".join(lines).rstrip("\n") + "\n"


PLUGINS_HEADER = """\
# Plugin and local rules

<!-- Generated from the rules' metadata by `python -m incidentlint.docgen --plugins`; do not edit by hand. -->

The rules that installed plugin packs (entry point group `incidentlint.rules`) and this configuration's
`rule-paths` add to incidentlint's built-in ones, which incidentlint's own docs/rules.md documents. Select, ignore
or re-grade them in the configuration like any rule, and run `incidentlint explain RULE` for an entry in the
terminal.
"""


def render_plugins(rule_paths: Sequence[Path] = ()) -> str:
    """A page like docs/rules.md for the rules that are not built in: installed plugins' and ``rule_paths``'."""
    rules = sorted((rule for rule in all_rules(rule_paths).values() if rule.source != "built-in"), key=_by_code)
    lines = [PLUGINS_HEADER]
    if not rules:
        lines += ["No plugin is installed here and the configuration names no `rule-paths`.", ""]
    else:
        lines += ["## Index", "", "| code | name | severity | from | summary |", "|---|---|---|---|---|"]
        lines += [
            f"| {visible(rule.code)} | [`{visible(rule.name)}`](#{visible(rule.name)}-{visible(rule.code.lower())}) "
            f"| {rule.severity.label} | {_cell(describe_source(rule.source))} | {_cell(rule.summary)} |"
            for rule in rules
        ]
        lines.append("")
        for rule in rules:
            lines += rule_section(rule)
    return "\n".join(lines).rstrip("\n") + "\n"


def _by_code(rule: Rule) -> tuple[str, str]:
    return rule.code, rule.name


USAGE = "usage: python -m incidentlint.docgen [--write | --plugins [--config FILE]]\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--plugins"]:
        return _plugins_main(args[1:])
    text = render()
    if args == ["--write"]:
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(text, "utf-8")
        return 0
    if args:
        sys.stderr.write(USAGE)
        return 2
    sys.stdout.write(text)
    return 0


def _plugins_main(args: Sequence[str]) -> int:
    """``--plugins [--config FILE]``: the page for the rules the nearest (or that) configuration loads."""
    from incidentlint.config import ConfigError, load_config
    from incidentlint.registry import RuleLoadError

    if args and (len(args) != 2 or args[0] != "--config"):
        sys.stderr.write(USAGE)
        return 2
    try:
        config = load_config(Path(args[1]) if args else None)
        text = render_plugins(config.rule_paths)
    except (ConfigError, RuleLoadError) as error:  # as the command line reports them: one line, exit 2
        sys.stderr.write(f"incidentlint: error: {defuse(visible(str(error)))}\n")
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
