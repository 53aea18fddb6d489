"""Configuration: discovery, validation against its own schema, and the resolved per-run settings."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from incidentlint.diagnostics import Severity
from incidentlint.loader import DEFAULT_MAX_BYTES, decode, read_bytes
from incidentlint.yamlload import load_yaml

CONFIG_NAMES = (".incidentlint.toml", ".incidentlint.yaml", ".incidentlint.yml", "pyproject.toml")

_RULE_LIST = {
    "type": "array",
    "items": {"type": "string", "minLength": 1},
    "description": "Rule names, codes or code prefixes.",
}
CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": {**_RULE_LIST, "description": "Only these rules run (names, codes or code prefixes)."},
        "ignore": {**_RULE_LIST, "description": "These rules never run."},
        "extend-select": {**_RULE_LIST, "description": "Add rules to the default or selected set."},
        "severity": {
            "type": "object",
            "description": "Per-rule severity: error, warning, info or off.",
            "additionalProperties": {"enum": ["error", "warning", "info", "off"]},
        },
        "per-file-ignores": {
            "type": "object",
            "description": "Glob to the rules ignored in matching files.",
            "additionalProperties": _RULE_LIST,
        },
        "options": {
            "type": "object",
            "description": "Per-rule options, keyed by rule name.",
            "additionalProperties": {"type": "object"},
        },
        "include": {**_RULE_LIST, "description": "Globs of files to lint inside directories."},
        "exclude": {**_RULE_LIST, "description": "Globs of files or directories to skip."},
        "root": {"type": "string", "description": "Repository root read by repository-wide rules."},
        "schema": {"type": "string", "description": "Path to an organisation's own incident schema."},
        "rule-paths": {**_RULE_LIST, "description": "Python files with local rules."},
        "fail-on": {"enum": ["error", "warning"], "description": "Lowest severity that fails the run."},
        "max-file-size": {"type": "integer", "minimum": 1, "description": "Largest file accepted, in bytes."},
    },
}

DEFAULT_INCLUDE = ("*.json", "*.yaml", "*.yml")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    "__pycache__",
    ".tox",
    ".pre-commit-config.yaml",
)


class ConfigError(Exception):
    """Exit 2: the configuration (file or flags) cannot be used."""


@dataclass
class Config:
    """The settings for one run, after the file and the command-line flags are merged."""

    path: Path | None = None
    base: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    root: Path | None = None
    schema: Path | None = None
    rule_paths: list[Path] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR
    max_file_size: int = DEFAULT_MAX_BYTES


def find_config(start: Path) -> Path | None:
    """The nearest config file walking up from ``start``; a pyproject.toml counts only with [tool.incidentlint]."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    with candidate.open("rb") as handle:
                        if "incidentlint" not in tomllib.load(handle).get("tool", {}):
                            continue
                except (OSError, tomllib.TOMLDecodeError):
                    continue
            return candidate
    return None


def read_config_file(path: Path) -> dict[str, Any]:
    raw = read_bytes(str(path), 1024 * 1024)
    if not isinstance(raw, bytes):
        raise ConfigError(f"{path}: {raw.message}")
    decoded = decode(raw)
    if not isinstance(decoded, tuple):
        raise ConfigError(f"{path}: {decoded.message}")
    text = decoded[0]
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("incidentlint", {})
    else:
        # The config is untrusted YAML too: it goes through the same hardened loader as records.
        data, _, problems = load_yaml(text)
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            where = f"line {first.line}" if first.line else f"offset {first.offset}"
            raise ConfigError(f"{path}: {first.message} ({where})")
        if data is None:
            data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of keys")
    return data


def validate_config(data: dict[str, Any], source: str) -> None:
    from incidentlint.schema import _describe

    errors = sorted(Draft202012Validator(CONFIG_SCHEMA).iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        messages = []
        for error in errors:
            for finding in _describe(error):
                text = finding.message.replace("in the record", "in the configuration")
                text = text.replace("the record is missing", "the configuration is missing")
                messages.append(text)
        raise ConfigError(f"{source}: " + "; ".join(messages))


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    cwd = cwd or Path.cwd()
    path = explicit if explicit is not None else find_config(cwd)
    if path is None:
        return Config(base=cwd)
    if not path.is_file():
        raise ConfigError(f"the configuration file {path} does not exist")
    data = read_config_file(path)
    validate_config(data, str(path))
    base = path.parent.resolve()
    config = Config(path=path, base=base)
    if "select" in data:
        config.select = list(data["select"])
    config.ignore = list(data.get("ignore", []))
    config.extend_select = list(data.get("extend-select", []))
    config.severity = dict(data.get("severity", {}))
    config.per_file_ignores = {key: list(value) for key, value in data.get("per-file-ignores", {}).items()}
    config.options = {key: dict(value) for key, value in data.get("options", {}).items()}
    if "include" in data:
        config.include = list(data["include"])
    if "exclude" in data:
        config.exclude = [*DEFAULT_EXCLUDE, *data["exclude"]]
    if "root" in data:
        config.root = (base / data["root"]).resolve()
    if "schema" in data:
        config.schema = base / data["schema"]
    config.rule_paths = [base / item for item in data.get("rule-paths", [])]
    if "fail-on" in data:
        config.fail_on = Severity.parse(data["fail-on"])
    if "max-file-size" in data:
        config.max_file_size = int(data["max-file-size"])
    return config


def load_user_schema(path: Path) -> dict[str, Any]:
    raw = read_bytes(str(path), 16 * 1024 * 1024)
    if not isinstance(raw, bytes):
        raise ConfigError(f"schema {path}: {raw.message}")
    decoded = decode(raw)
    if not isinstance(decoded, tuple):
        raise ConfigError(f"schema {path}: {decoded.message}")
    text = decoded[0]
    if path.suffix in (".yaml", ".yml"):
        data, _, problems = load_yaml(text)
        if any(problem.severity is Severity.ERROR for problem in problems):
            raise ConfigError(f"schema {path}: {problems[0].message}")
    else:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise ConfigError(f"schema {path}: invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"schema {path}: a JSON Schema must be an object")
    return data
