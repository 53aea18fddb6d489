"""Which checks run and at what severity: select / ignore / extend-select, severity overrides, per-file ignores."""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from incidentlint.api import Rule
from incidentlint.config import Config, ConfigError
from incidentlint.diagnostics import Severity
from incidentlint.registry import CORE_CHECKS

_CODE_PREFIX = re.compile(r"[A-Za-z]+[0-9]*")

#: Core checks that can never be switched off: without them a broken file would look clean.
ALWAYS_ON = frozenset({"parse-error", "io-error", "internal-error"})


@dataclass(frozen=True)
class Check:
    """A rule or core check as configured for this run."""

    name: str
    code: str
    severity: Severity
    rule: Rule | None


def _catalogue(rules: Mapping[str, Rule]) -> dict[str, tuple[str, bool]]:
    table = {name: (code, True) for name, (code, _, _) in CORE_CHECKS.items()}
    table.update({name: (rule.code, rule.enabled_by_default) for name, rule in rules.items()})
    return table


def match_selector(selector: str, catalogue: Mapping[str, tuple[str, bool]], context: str) -> set[str]:
    """Rule names matched by a selector: a name, a code, a code prefix, or ALL."""
    if selector == "ALL":
        return set(catalogue)
    if selector in catalogue:
        return {selector}
    if _CODE_PREFIX.fullmatch(selector):
        upper = selector.upper()
        found = {name for name, (code, _) in catalogue.items() if code.startswith(upper)}
        if found:
            return found
    suggestions = difflib.get_close_matches(selector, [*catalogue, *(c for c, _ in catalogue.values())], n=1)
    hint = f"; did you mean '{suggestions[0]}'?" if suggestions else "; run 'incidentlint rules' for the list"
    raise ConfigError(f"{context}: unknown rule '{selector}'{hint}")


def resolve(config: Config, rules: Mapping[str, Rule]) -> dict[str, Check]:
    """The enabled checks by name, with their effective severity."""
    catalogue = _catalogue(rules)

    def expand(selectors: Iterable[str], key: str) -> set[str]:
        names: set[str] = set()
        for selector in selectors:
            names |= match_selector(selector, catalogue, key)
        return names

    if config.select is not None:
        enabled = expand(config.select, "select")
    else:
        enabled = {name for name, (_, default) in catalogue.items() if default}
    enabled |= expand(config.extend_select, "extend-select")
    enabled -= expand(config.ignore, "ignore")
    for pattern, selectors in config.per_file_ignores.items():
        expand(selectors, f"per-file-ignores '{pattern}'")
    enabled |= ALWAYS_ON
    checks: dict[str, Check] = {}
    for name in sorted(catalogue):
        rule = rules.get(name)
        default = rule.severity if rule is not None else CORE_CHECKS[name][1]
        severity: Severity | None = default
        for selector, level in config.severity.items():
            if name in match_selector(selector, catalogue, "severity"):
                off = level == "off"
                severity = (None if name not in ALWAYS_ON else default) if off else Severity.parse(level)
        if name in enabled and severity is not None:
            checks[name] = Check(name, catalogue[name][0], severity, rule)
    for key in config.options:
        if key not in rules:
            suggestions = difflib.get_close_matches(key, list(rules), n=1)
            hint = f"; did you mean '{suggestions[0]}'?" if suggestions else ""
            raise ConfigError(f"options: unknown rule '{key}'{hint}")
    return checks


def ignored_in_file(path: str, config: Config, rules: Mapping[str, Rule]) -> set[str]:
    """Rule names switched off for ``path`` by per-file-ignores (globs match the path relative to the config)."""
    if not config.per_file_ignores:
        return set()
    try:
        relative = os.path.relpath(os.path.abspath(path), config.base).replace(os.sep, "/")
    except ValueError:
        relative = path
    name = relative.rsplit("/", 1)[-1]
    catalogue = _catalogue(rules)
    names: set[str] = set()
    for pattern, selectors in config.per_file_ignores.items():
        if fnmatch.fnmatchcase(relative, pattern) or ("/" not in pattern and fnmatch.fnmatchcase(name, pattern)):
            for selector in selectors:
                names |= match_selector(selector, catalogue, "per-file-ignores")
    return names - ALWAYS_ON
