"""Where rules come from: the built-in pack, installed plugin packs (entry points), and local ``rule-paths``."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

from incidentlint.api import Rule
from incidentlint.diagnostics import Severity

ENTRY_POINT_GROUP = "incidentlint.rules"
_CODE = re.compile(r"^[A-Z]{1,6}[0-9]{1,5}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class RuleLoadError(Exception):
    """A plugin or local rule file that cannot be used; reported as a configuration error (exit 2)."""


#: Checks that are not rules but produce diagnostics; their names and codes are reserved.
CORE_CHECKS: dict[str, tuple[str, Severity, str]] = {
    "parse-error": (
        "IL001",
        Severity.ERROR,
        "The file is not valid JSON or YAML, or cannot be used as a record.",
    ),
    "duplicate-key": (
        "IL002",
        Severity.ERROR,
        "A key appears twice in one mapping; only the last value counts.",
    ),
    "schema": ("IL003", Severity.ERROR, "The record does not match the incident schema."),
    "yaml-ambiguous-value": ("IL004", Severity.WARNING, "A YAML 1.1 boolean or number kept as text."),
    "non-string-key": ("IL005", Severity.WARNING, "A YAML key that is a number, boolean or null."),
    "io-error": ("IL006", Severity.ERROR, "The path cannot be read."),
    "internal-error": ("IL007", Severity.ERROR, "A rule or fix failed; please report it."),
    "unused-suppression": (
        "IL008",
        Severity.WARNING,
        "A suppression comment or key that suppresses nothing.",
    ),
}


def rules_from_module(module: ModuleType, source: str) -> list[Rule]:
    """Every Rule object a module defines at top level (or lists in ``RULES``), in definition order."""
    listed = getattr(module, "RULES", None)
    candidates: Iterable[object] = listed if listed is not None else vars(module).values()
    return [replace(item, source=source) for item in candidates if isinstance(item, Rule)]


def builtin_rules() -> list[Rule]:
    package = importlib.import_module("incidentlint.rules")
    found: list[Rule] = []
    for name in getattr(package, "MODULES", ()):
        module = importlib.import_module(f"incidentlint.rules.{name}")
        found.extend(rules_from_module(module, "built-in"))
    return found


def plugin_rules() -> list[Rule]:
    found: list[Rule] = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = point.load()
        except Exception as error:  # a broken plugin is a configuration error, whatever it raised
            raise RuleLoadError(f"the rule plugin '{point.name}' ({point.value}) failed to load: {error}") from error
        label = f"plugin:{point.name}"
        if isinstance(loaded, ModuleType):
            found.extend(rules_from_module(loaded, label))
        elif isinstance(loaded, Rule):
            found.append(replace(loaded, source=label))
        elif isinstance(loaded, list | tuple) and all(isinstance(item, Rule) for item in loaded):
            found.extend(replace(item, source=label) for item in loaded)
        else:
            raise RuleLoadError(
                f"the rule plugin '{point.name}' ({point.value}) must point at a module, a Rule or a list of Rules"
            )
    return found


def local_rules(paths: Sequence[Path]) -> list[Rule]:
    found: list[Rule] = []
    for index, path in enumerate(paths):
        if not path.is_file():
            raise RuleLoadError(f"rule-paths names {path}, which is not a file")
        name = f"incidentlint_local_rules_{index}_{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise RuleLoadError(f"rule-paths names {path}, which is not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as error:  # a broken local file is a configuration error, whatever it raised
            del sys.modules[name]
            raise RuleLoadError(f"the rule file {path} failed to load: {type(error).__name__}: {error}") from error
        found.extend(rules_from_module(module, f"local:{path.name}"))
    return found


def validate(rules: Sequence[Rule]) -> dict[str, Rule]:
    """Check identities and return the rules by name; codes and names must be unique across all sources."""
    by_name: dict[str, Rule] = {}
    by_code: dict[str, Rule] = {}
    for name, (code, _, _) in CORE_CHECKS.items():
        by_code[code] = by_name[name] = Rule(code, name, Severity.ERROR, "", "", check=_nothing, source="core")
    for rule in rules:
        if not _NAME.match(rule.name):
            raise RuleLoadError(f"rule name {rule.name!r} ({rule.source}) must be kebab-case, like 'duration-mismatch'")
        if not _CODE.match(rule.code):
            raise RuleLoadError(f"rule code {rule.code!r} ({rule.source}) must be letters then digits, like 'IL101'")
        for key, table, what in ((rule.name, by_name, "name"), (rule.code, by_code, "code")):
            other = table.get(key)
            if other is not None:
                raise RuleLoadError(
                    f"the rule {what} {key!r} from {rule.source} is already used by '{other.name}' from {other.source}"
                )
            table[key] = rule
    return {name: rule for name, rule in by_name.items() if rule.source != "core"}


def _nothing(*_: object) -> Iterator[object]:
    return iter(())


def all_rules(rule_paths: Sequence[Path] = ()) -> dict[str, Rule]:
    return validate([*builtin_rules(), *plugin_rules(), *local_rules(rule_paths)])
