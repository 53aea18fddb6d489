"""The ``rules`` and ``explain`` subcommands: what rules exist here, and what one of them means.

Both honour ``--config`` (rule-paths, select/ignore, severity and options change the answer). Rule text may come
from an installed plugin, so it is printed as data (rich ``Text``/``Syntax``), never as markup.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console, Group
from rich.padding import Padding
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from incidentlint.api import Rule
from incidentlint.config import Config, ConfigError, apply_flags, load_config, suggest
from incidentlint.diagnostics import Severity
from incidentlint.docgen import as_json, as_yaml, example_files, option_rows
from incidentlint.registry import CORE_CHECKS, CORE_RATIONALE, FIXABLE_CORE, all_rules
from incidentlint.reporters.base import color_options
from incidentlint.selection import ALWAYS_ON, Check, resolve
from incidentlint.textsafe import defuse, visible

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@dataclass(frozen=True)
class Entry:
    """One line of the catalogue: a rule or a core check, with what this configuration makes of it."""

    code: str
    name: str
    severity: Severity
    summary: str
    source: str
    origin: str
    fixable: bool
    scope: str
    check: Check | None
    rule: Rule | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "enabled": self.check is not None,
            "effective_severity": self.check.severity.label if self.check is not None else None,
            "source": self.source,
            "origin": self.origin or None,
            "fixable": self.fixable,
            "scope": self.scope,
            "summary": self.summary,
        }


def catalogue(config: Config) -> list[Entry]:
    """Every check available under ``config``, by code."""
    rules = all_rules(config.rule_paths)
    checks = resolve(config, rules)
    entries = [
        Entry(code, name, severity, summary, "built-in", "", name in FIXABLE_CORE, "core", checks.get(name), None)
        for name, (code, severity, summary) in CORE_CHECKS.items()
    ]
    for name, rule in rules.items():
        kind, _, origin = rule.source.partition(":")
        entries.append(
            Entry(
                rule.code,
                name,
                rule.severity,
                rule.summary,
                kind,
                origin,
                rule.fixable,
                rule.scope,
                checks.get(name),
                rule,
            )
        )
    return sorted(entries, key=lambda entry: (entry.code, entry.name))


def make_console(stream: TextIO, color: str) -> Console:
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        **color_options(color),
    )


def _enabled(entry: Entry) -> Text:
    if entry.check is None:
        return Text("no", style="dim")
    if entry.check.severity is not entry.severity:
        return Text(f"yes ({entry.check.severity.label})")
    return Text("yes")


def rules_table(entries: Sequence[Entry]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
    for column in ("code", "name", "severity", "enabled", "source", "fixable", "summary"):
        table.add_column(column, overflow="fold", no_wrap=column not in ("summary", "name", "source"))
    for entry in entries:
        source = entry.source + (f" ({entry.origin})" if entry.origin else "")
        table.add_row(
            Text(visible(entry.code)),
            Text(visible(entry.name), style="bold"),
            Text(entry.severity.label, style=STYLES[entry.severity.label]),
            _enabled(entry),
            Text(visible(source)),
            Text("yes" if entry.fixable else ""),
            Text(visible(entry.summary)),
        )
    return table


def find_entry(entries: Sequence[Entry], wanted: str) -> Entry:
    for entry in entries:
        if wanted in (entry.name, entry.code) or wanted.upper() == entry.code:
            return entry
    choices = [name for entry in entries for name in (entry.name, entry.code)]
    hint = suggest(wanted, choices) or "; run 'incidentlint rules' for the list"
    raise ConfigError(f"unknown rule '{visible(wanted)}'{hint}")


def _where_options_go(name: str, path: Path | None) -> str:
    """The table that sets a rule's options in the configuration file this run read (each kind spells it its own
    way: a pyproject table copied into .incidentlint.toml is an unknown key 'tool')."""
    pyproject, toml, yaml = f"[tool.incidentlint.options.{name}]", f"[options.{name}]", f"options: {{{name}: ...}}"
    if path is None:
        return f"Set them under {pyproject} in pyproject.toml, or {toml} in .incidentlint.toml."
    if path.name == "pyproject.toml":
        return f"Set them under {pyproject} in {path.name}."
    return f"Set them under {toml if path.suffix == '.toml' else yaml} in {path.name}."


def explain(entry: Entry, config: Config) -> Group:
    """A rule's documentation for the terminal: summary, rationale, options and examples."""
    parts: list[Any] = []
    title = Text()
    title.append(visible(entry.name), style="bold")
    title.append(f" ({visible(entry.code)})")
    parts.append(title)
    facts = [f"default severity {entry.severity.label}", _source_words(entry)]
    if entry.check is None:
        facts.append("not enabled under this configuration")
    elif entry.check.severity is not entry.severity:
        facts.append(f"enabled here as {entry.check.severity.label}")
    else:
        facts.append("enabled here")
    rule = entry.rule
    if rule is not None and rule.scope == "repository":
        facts.append("repository-wide")
    if entry.fixable:
        facts.append("fixable")
    parts.append(Text(visible(", ".join(facts)), style="dim"))
    parts.append(Text())
    parts.append(Text(visible(entry.summary)))
    if rule is None:
        parts += [Text(), Text("Why it matters", style="bold"), Text(CORE_RATIONALE[entry.name])]
        note = "This is a core check: it comes from loading and schema validation rather than a rule."
        if entry.name in ALWAYS_ON:
            note += " It cannot be switched off."
        parts += [Text(), Text(note)]
        return Group(*parts)
    parts += [Text(), Text("Why it matters", style="bold"), Text(visible(rule.rationale))]
    parts += [Text(), Text("Options", style="bold")]
    rows = option_rows(rule)
    if rows:
        table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 2, 0, 0))
        for column in ("option", "default", "configured", "meaning"):
            table.add_column(column, overflow="fold")
        configured = config.options.get(entry.name, {})
        for (name, default, meaning), key in zip(rows, [*rule.options, *_schema_only(rule)], strict=True):
            value = visible(json.dumps(configured[key], ensure_ascii=False)) if key in configured else ""
            table.add_row(Text(name), Text(default), Text(value), Text(meaning))
        parts.append(table)
        parts.append(Text(_where_options_go(visible(entry.name), config.path), style="dim"))
    else:
        parts.append(Text("None."))
    for heading, examples in (("Invalid (reported)", rule.invalid), ("Valid (not reported)", rule.valid)):
        for number, example in enumerate(examples, start=1):
            parts += [Text(), Text(f"{heading} #{number}", style="bold")]
            for name, record in example_files(rule, example):
                if rule.scope == "repository":
                    parts.append(Text(visible(name), style="italic"))
                parts.append(Text("JSON:", style="dim"))
                parts.append(
                    Padding(
                        Syntax(as_json(record), "json", theme="ansi_dark", word_wrap=True, background_color="default"),
                        (0, 0, 0, 2),
                    )
                )
                parts.append(Text("YAML:", style="dim"))
                parts.append(
                    Padding(
                        Syntax(as_yaml(record), "yaml", theme="ansi_dark", word_wrap=True, background_color="default"),
                        (0, 0, 0, 2),
                    )
                )
    return Group(*parts)


def _schema_only(rule: Rule) -> list[str]:
    properties = rule.options_schema.get("properties", {})
    return [name for name in properties if name not in rule.options]


def _source_words(entry: Entry) -> str:
    if entry.source == "plugin":
        return f"from the plugin '{entry.origin}'"
    if entry.source == "local":
        return f"from the local file {entry.origin}"
    return "built-in"


_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file to use instead of the nearest one.",
)
_COLOR = click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in the output (NO_COLOR and FORCE_COLOR are honoured).",
)


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command("rules", context_settings={"help_option_names": ["-h", "--help"]})
@_CONFIG
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--select", multiple=True, metavar="RULES", help="As for linting: only these rules count as enabled.")
@click.option("--ignore", multiple=True, metavar="RULES", help="As for linting: these rules count as disabled.")
@click.option(
    "--extend-select", multiple=True, metavar="RULES", help="As for linting: these rules count as enabled too."
)
@_COLOR
def rules_command(
    config_path: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    color: str,
) -> dict[str, Any]:
    """List every rule: code, name, default severity, whether it is enabled here, source, and fixability."""
    return {
        "config": config_path,
        "format": fmt,
        "select": _split(select) if select else None,
        "ignore": _split(ignore),
        "extend_select": _split(extend_select),
        "color": color,
    }


@click.command("explain", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("rule")
@_CONFIG
@_COLOR
def explain_command(rule: str, config_path: Path | None, color: str) -> dict[str, Any]:
    """Explain one rule (by name or code): what it finds, why it matters, its options and examples."""
    return {"rule": rule, "config": config_path, "color": color}


COMMANDS = {"rules": rules_command, "explain": explain_command}


def run_subcommand(name: str, args: Sequence[str], stdout: TextIO, stderr: TextIO) -> int:
    """Parse and run ``incidentlint rules|explain``; ConfigError and RuleLoadError propagate (exit 2)."""
    command = COMMANDS[name]
    if any(arg in ("-h", "--help") for arg in args):  # click would print the help to sys.stdout, not ``stdout``
        with click.Context(command, info_name=f"incidentlint {name}", **command.context_settings) as help_ctx:
            stdout.write(command.get_help(help_ctx) + "\n")
        return 0
    try:
        parsed = command.main(list(args), prog_name=f"incidentlint {name}", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        failed: click.Context | None = getattr(error, "ctx", None)
        if failed is not None:
            stderr.write(failed.get_usage() + "\n")
        stderr.write(f"incidentlint: error: {defuse(visible(error.format_message()))}\n")
        return 2
    if not isinstance(parsed, dict):  # --help printed and returned None
        return 0
    config = load_config(parsed["config"])
    console = make_console(stdout, parsed["color"])
    if name == "rules":
        apply_flags(config, parsed["select"], parsed["ignore"], parsed["extend_select"])
        entries = catalogue(config)
        if parsed["format"] == "json":
            stdout.write(json.dumps({"rules": [entry.as_dict() for entry in entries]}, indent=2) + "\n")
        else:
            table = rules_table(entries)
            if not console.is_terminal and "COLUMNS" not in os.environ:
                # Piped, rich would wrap at 80 columns and split names over lines; a rule a line suits grep.
                wide = console.options.update_width(100_000)
                console.width = max(console.width, console.measure(table, options=wide).maximum)
            console.print(table)
        return 0
    entries = catalogue(config)
    console.print(explain(find_entry(entries, parsed["rule"]), config))
    return 0
