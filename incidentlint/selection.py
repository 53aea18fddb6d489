"""Which checks run and at what severity: select / ignore / extend-select, severity overrides, per-file ignores,
and the validation of everything in the configuration that names a rule (including each rule's options)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from incidentlint.api import Rule
from incidentlint.config import Config, ConfigError, Locate, describe, position, suggest
from incidentlint.diagnostics import Severity
from incidentlint.discovery import Globs, excluded
from incidentlint.lazyre import lazy
from incidentlint.quickcheck import accepts
from incidentlint.registry import CORE_CHECKS, RuleLoadError, describe_source, options_schema_problem
from incidentlint.textsafe import show_value, visible

_CODE_PREFIX = lazy(r"[A-Za-z]+[0-9]*")

#: Core checks that can never be switched off: without them a broken file would look clean.
ALWAYS_ON = frozenset({"parse-error", "io-error", "internal-error"})


@dataclass(frozen=True)
class Check:
    """A rule or core check as configured for this run."""

    name: str
    code: str
    severity: Severity
    rule: Rule | None


Catalogue = Mapping[str, tuple[str, bool]]


def catalogue(rules: Mapping[str, Rule]) -> dict[str, tuple[str, bool]]:
    """Every check by name: (code, enabled by default)."""
    table = {name: (code, True) for name, (code, _, _) in CORE_CHECKS.items()}
    table.update({name: (rule.code, rule.enabled_by_default) for name, rule in rules.items()})
    return table


def match_selector(selector: str, table: Catalogue, context: str) -> set[str]:
    """Rule names matched by a selector: a name, a code, a code prefix, or ALL."""
    if selector == "ALL":
        return set(table)
    if selector in table:
        return {selector}
    if _CODE_PREFIX.fullmatch(selector):
        upper = selector.upper()
        found = {name for name, (code, _) in table.items() if code.startswith(upper)}
        if found:
            return found
    hint = suggest(selector, [*table, *(code for code, _ in table.values())])
    hint = hint or "; run 'incidentlint rules' for the list"
    raise ConfigError(f"{context}: unknown rule '{visible(selector)}'{hint}")


def _specificity(selector: str, table: Catalogue) -> int:
    """ALL < code prefixes (longer is more specific) < exact names and codes, so the most specific entry wins."""
    if selector == "ALL":
        return 0
    if selector in table or any(code == selector.upper() for code, _ in table.values()):
        return 1000
    return len(selector)


def _refuse_always_on(selector: str, table: Catalogue, context: str) -> None:
    """Naming parse-error, io-error or internal-error explicitly to switch it off is a mistake worth stopping."""
    for name in ALWAYS_ON:
        if selector in (name, table[name][0]):
            raise ConfigError(
                f"{context}: '{name}' cannot be switched off or lowered: without it a broken file would look clean"
            )


def resolve(config: Config, rules: Mapping[str, Rule]) -> dict[str, Check]:
    """The enabled checks by name, with their effective severity. Raises ConfigError for any unknown name."""
    table = catalogue(rules)

    def expand(
        selectors: Iterable[str], context: str, switching_off: bool = False, key: tuple[str, ...] | None = None
    ) -> set[str]:
        names: set[str] = set()
        for index, selector in enumerate(selectors):
            try:
                if switching_off:
                    _refuse_always_on(selector, table, context)
                names |= match_selector(selector, table, context)
            except ConfigError as error:  # from the file (``key``): say where, which costs only on this path
                if key is None:
                    raise
                raise ConfigError(f"{context}{position(config, (*key, index))}{str(error)[len(context) :]}") from None
        return names

    label = config.label
    if config.cli_select is not None and not config.cli_select:
        # --select "$RULES" with RULES unset would otherwise lint with nothing but the always-on checks, and pass.
        raise ConfigError(
            "--select names no rule; name rules, codes or code prefixes, like --select IL1, or leave it out"
        )
    if config.select is not None and not config.select:
        # As for --select "": 'select = []' (its one entry commented out, say) would run only the always-on checks
        # and pass every record. ruff reads it as "no rules" without a word; nobody means that of a linter.
        always = ", ".join(name for name in CORE_CHECKS if name in ALWAYS_ON)
        raise ConfigError(
            f"{label}: select{position(config, ('select',))} is empty, so only the checks that are always on "
            f'({always}) would run; name the rules to run, like ["IL1"], or remove select to run the default rules'
        )
    enabled = {name for name, (_, default) in table.items() if default}
    layers = (
        (f"{label}: ", config.select, config.extend_select, config.ignore, True),
        ("--", config.cli_select, config.cli_extend_select, config.cli_ignore, False),
    )
    for prefix, select, extend, ignore, in_file in layers:
        if select is not None:
            enabled = expand(select, f"{prefix}select", key=("select",) if in_file else None)
        enabled |= expand(extend, f"{prefix}extend-select", key=("extend-select",) if in_file else None)
        enabled -= expand(ignore, f"{prefix}ignore", switching_off=True, key=("ignore",) if in_file else None)
    for pattern, selectors in config.per_file_ignores.items():
        written = config.written.get(pattern, pattern)
        context = f"{label}: per-file-ignores.{visible(written)}"
        expand(selectors, context, switching_off=True, key=("per-file-ignores", written))
    enabled |= ALWAYS_ON

    severity: dict[str, Severity | None] = {}
    for name in table:
        rule = rules.get(name)
        severity[name] = rule.severity if rule is not None else CORE_CHECKS[name][1]
    for selector, level in sorted(config.severity.items(), key=lambda item: _specificity(item[0], table)):
        context = f"{label}: severity.{visible(selector)}"
        try:
            _refuse_always_on(selector, table, context)
            matched = match_selector(selector, table, context)
        except ConfigError as error:
            where = position(config, ("severity", selector), True)
            raise ConfigError(f"{context}{where}{str(error)[len(context) :]}") from None
        for name in matched:
            if name not in ALWAYS_ON:
                severity[name] = None if level == "off" else Severity.parse(level)

    # A flag naming a rule exactly wins over the file's severity "off" too, as it wins over the file's ignore: with
    # '--extend-select X' the user asked for X, and a run that quietly leaves it off answers a question not asked.
    for selector in [*(config.cli_select or []), *config.cli_extend_select]:
        if _specificity(selector, table) == 1000:
            for name in match_selector(selector, table, "--select"):
                if severity[name] is None and name not in ALWAYS_ON:
                    rule = rules.get(name)
                    severity[name] = rule.severity if rule is not None else CORE_CHECKS[name][1]
    check_options(config, rules)
    checks: dict[str, Check] = {}
    for name in sorted(table):
        effective = severity[name]
        if name in enabled and effective is not None:
            checks[name] = Check(name, table[name][0], effective, rules.get(name))
    return checks


def check_options(config: Config, rules: Mapping[str, Rule]) -> None:
    """Each ``options.<rule>`` table names a known rule and known options of the right shape."""
    codes = {rule.code: name for name, rule in rules.items()}
    for name, values in config.options.items():
        context = f"{config.label}: options.{visible(name)}"
        rule = rules.get(name)
        if rule is None:
            at = position(config, ("options", name), True)
            if name in codes:
                raise ConfigError(f"{context}{at}: options are keyed by rule name; use 'options.{codes[name]}'")
            if name in CORE_CHECKS:
                raise ConfigError(f"{context}{at}: the core check '{name}' has no options")
            hint = suggest(name, list(rules))
            raise ConfigError(f"{config.label}: options: unknown rule '{visible(name)}'{at}{hint}")
        known = [*rule.options, *(k for k in rule.options_schema.get("properties", {}) if k not in rule.options)]
        for key in values:
            if key not in known:
                listing = f"its options are {', '.join(known)}" if known else f"'{name}' has no options"
                hint = suggest(key, known) or f"; {listing}"
                at = position(config, ("options", name, key), True)
                raise ConfigError(f"{context}: unknown option '{visible(key)}'{at}{hint}")
        if rule.options_schema:
            _check_against_schema(rule, {**rule.options, **values}, context, config, name)
        else:
            for key, value in values.items():
                problem = _type_problem(value, rule.options[key])
                if problem:
                    at = position(config, ("options", name, key))
                    raise ConfigError(f"{context}.{visible(key)}{at} {problem}")


def _check_against_schema(rule: Rule, values: dict[str, Any], context: str, config: Config, name: str) -> None:
    problem = options_schema_problem(rule)
    if problem:
        raise RuleLoadError(f"the rule '{rule.name}' ({describe_source(rule.source)}) {problem}")
    if accepts(rule.options_schema, values):  # jsonschema-rs's yes: no jsonschema import (~60 ms)
        return
    from jsonschema import Draft202012Validator  # imported here: ~60 ms, needed only to word a problem

    errors = sorted(
        Draft202012Validator(rule.options_schema).iter_errors(values), key=lambda e: [str(p) for p in e.path]
    )
    if errors:
        known = list(rule.options_schema.get("properties", {}))
        locate: Locate = lambda parts, on_key: position(config, ("options", name, *parts), on_key)  # noqa: E731
        # describe() starts with the key's path, to be joined with a dot, except for unknown keys, where it starts
        # with "unknown key 'x' in <path>".
        joined = errors[0].path and errors[0].validator != "additionalProperties"
        raise ConfigError(f"{context}" + ("." if joined else ": ") + describe(errors[0], known, locate=locate))


def _kind(value: Any) -> str:
    """The option type a value belongs to: bool and int are different, an int is a fine float."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table (mapping)"
    return "null"


_PLURAL = {
    "true or false": "true or false values",
    "a whole number": "whole numbers",
    "a number": "numbers",
    "a string": "strings",
    "a list": "lists",
    "a table (mapping)": "tables (mappings)",
    "null": "nulls",
}


def _type_problem(value: Any, default: Any) -> str:
    """Why ``value`` cannot replace ``default`` (options without a schema keep their default's type), or ''."""
    if not _fits(value, default):
        return f"must be {_kind(default)}, like its default {show_value(default)}; got {show_value(value)}"
    if isinstance(default, list) and default and len({_kind(item) for item in default}) == 1:
        bad = [item for item in value if not _fits(item, default[0])]
        if bad:
            return f"must list only {_PLURAL[_kind(default[0])]}, like its default; got {show_value(bad[0])}"
    return ""


def _fits(value: Any, default: Any) -> bool:
    wanted, got = _kind(default), _kind(value)
    return default is None or wanted == got or (wanted == "a number" and got == "a whole number")


def ignored_in_file(path: str, config: Config, rules: Mapping[str, Rule]) -> set[str]:
    """Rule names switched off for ``path`` by per-file-ignores. A glob matches as an ``exclude`` glob does: the
    file or any directory it lies in (``incidents/legacy`` covers every file below it), a glob with a slash
    relative to the configuration's directory, one without a slash a name at any depth; ``!glob`` every other file."""
    if not config.per_file_ignores:
        return set()
    root = os.path.abspath(config.base)
    table = catalogue(rules)
    names: set[str] = set()
    for pattern, selectors in config.per_file_ignores.items():
        negated = pattern.startswith("!")  # as in ruff: the rules are ignored where the glob does not match
        if excluded(path, Globs.of([pattern.removeprefix("!")]), root) != negated:
            for selector in selectors:
                names |= match_selector(selector, table, "per-file-ignores")
    return names - ALWAYS_ON
