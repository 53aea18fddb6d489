"""Configuration: discovery, validation against its own schema, and the resolved per-run settings.

A configuration is ``.incidentlint.toml``, ``.incidentlint.yaml``/``.yml`` or ``[tool.incidentlint]`` in
``pyproject.toml`` (in that order within one directory): the nearest one walking up from the working directory,
unless ``--config`` names one. Relative paths in it (``root``, ``schema``, ``rule-paths``, and the globs with a slash
in ``include``, ``exclude`` and ``per-file-ignores``) are relative to the directory that holds it. Command-line
flags are a second layer applied on top of the file (see :func:`apply_flags`). What cannot be checked without the
rules (rule names, options) is checked by :mod:`incidentlint.selection`.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from incidentlint.diagnostics import Severity
from incidentlint.document import LoadProblem
from incidentlint.jsonload import MAX_DEPTH
from incidentlint.loader import DEFAULT_MAX_BYTES, decode, file_kind, read_bytes, sizes_over
from incidentlint.textsafe import show_value, visible

if TYPE_CHECKING:  # jsonschema costs ~60 ms to import; only a configuration with a problem needs it
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

DIALECT = "https://json-schema.org/draft/2020-12/schema"
CONFIG_NAMES = (".incidentlint.toml", ".incidentlint.yaml", ".incidentlint.yml", "pyproject.toml")
MAX_CONFIG_BYTES = 1024 * 1024
#: The largest max-file-size: records are read whole into memory, and one of a gigabyte is no postmortem.
MAX_FILE_SIZE_LIMIT = 1024 * 1024 * 1024

_RULE_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
_GLOB_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "incidentlint configuration",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": {**_RULE_LIST, "description": "Only these rules run (names, codes, code prefixes or ALL)."},
        "ignore": {**_RULE_LIST, "description": "These rules never run."},
        "extend-select": {**_RULE_LIST, "description": "Add rules to the default or selected set."},
        "severity": {
            "type": "object",
            "description": "Per-rule severity (keys are names, codes or code prefixes): error, warning, info or off.",
            "additionalProperties": {"enum": ["error", "warning", "info", "off"]},
        },
        "per-file-ignores": {
            "type": "object",
            "description": "Glob (relative to the configuration file) to the rules ignored in matching files.",
            "additionalProperties": _RULE_LIST,
        },
        "options": {
            "type": "object",
            "description": "Per-rule options, keyed by rule name.",
            "additionalProperties": {"type": "object"},
        },
        "include": {**_GLOB_LIST, "description": "Globs of the files linted inside directories."},
        "exclude": {**_GLOB_LIST, "description": "Globs of files or directories to skip (added to the defaults)."},
        "force-exclude": {
            "type": "boolean",
            "description": "Apply exclude to files named on the command line too, as pre-commit names every file.",
        },
        "respect-gitignore": {
            "type": "boolean",
            "description": "Skip what git ignores (.gitignore, .git/info/exclude) when walking directories.",
        },
        "root": {"type": "string", "minLength": 1, "description": "Repository root read by repository-wide rules."},
        "schema": {"type": "string", "minLength": 1, "description": "Path to an organisation's own incident schema."},
        "rule-paths": {**_GLOB_LIST, "description": "Python files (or directories of them) with local rules."},
        "fail-on": {"enum": ["error", "warning", "info"], "description": "Lowest severity that fails the run."},
        "max-file-size": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_FILE_SIZE_LIMIT,
            "description": "Largest file accepted, in bytes (at most 1 GiB).",
        },
    },
}
KEYS = tuple(CONFIG_SCHEMA["properties"])

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
    # Hidden files and directories are tool configuration (.github, .gitlab-ci.yml, .incidentlint.yaml), never
    # records; one named on the command line, or a hidden directory named there, is still read.
    ".*",
)


class ConfigError(Exception):
    """Exit 2: the configuration (file or flags) cannot be used."""


@dataclass
class Config:
    """The settings for one run. ``select``/``ignore``/``extend_select`` come from the file and ``cli_*`` from
    the command line; :mod:`incidentlint.selection` applies them in that order, so flags win."""

    path: Path | None = None
    base: Path = field(default_factory=Path.cwd)
    #: How messages name the configuration, e.g. ``.incidentlint.toml`` or ``pyproject.toml [tool.incidentlint]``.
    label: str = "the configuration"
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    cli_select: list[str] | None = None
    cli_ignore: list[str] = field(default_factory=list)
    cli_extend_select: list[str] = field(default_factory=list)
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
    force_exclude: bool = False
    respect_gitignore: bool = True
    #: Warnings about the configuration that do not stop the run, e.g. another config file beside this one.
    notes: list[str] = field(default_factory=list)
    #: The file's text, so that a message about one of its keys can say where it is (see :func:`position`).
    text: str = ""
    #: Each per-file-ignores glob as written in the file, by the glob as matched (``./a/*`` is matched as ``a/*``).
    written: dict[str, str] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest config file walking up from ``start``; a pyproject.toml counts only with [tool.incidentlint]."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if name == "pyproject.toml":
                if _has_our_table(candidate):
                    return candidate
            elif os.path.lexists(candidate):
                # Found even when it cannot be read (a broken link, a directory, a FIFO): reading it then says
                # why, where skipping it would lint the whole run with the defaults without a word.
                return candidate
    return None


def shadowed(found: Path) -> list[Path]:
    """The other configuration files beside ``found`` that discovery passed over: a team that adds
    .incidentlint.toml next to a [tool.incidentlint] table would otherwise wonder why half its settings vanished."""
    others: list[Path] = []
    for name in CONFIG_NAMES[CONFIG_NAMES.index(found.name) + 1 :]:
        candidate = found.parent / name
        if name != "pyproject.toml":
            if os.path.lexists(candidate):
                others.append(candidate)
            continue
        if _has_our_table(candidate):
            others.append(candidate)
    return others


def _has_our_table(pyproject: Path) -> bool:
    if not pyproject.is_file():  # a directory, a broken link, or a FIFO, whose reading would wait for a writer
        return False
    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    # Most pyproject.toml files are another tool's, and tomllib costs a pre-commit run ~3-5 ms to import and parse
    # one. A table of ours names us, unless its quoted key spells a letter as an escape: tool."incidentl\u0069nt".
    if b"incidentlint" not in data and b"\\u" not in data and b"\\U" not in data:
        return False
    import tomllib  # here, not at the top: most runs read no TOML at all, and start-up is felt on every commit

    try:
        tool = tomllib.loads(data.decode("utf-8")).get("tool", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        # A pyproject.toml we cannot read belongs to another tool's problem, unless it mentions us. (tomllib
        # recurses once per level of nesting: a few hundred nested arrays end in RecursionError.)
        return b"[tool.incidentlint" in data
    return isinstance(tool, dict) and "incidentlint" in tool


def read_setup_file(
    path: Path, label: str, limit: int, missing: str | None = None, remedy: str = "name a regular file"
) -> bytes:
    """The bytes of a file the run depends on (configuration, schema, baseline), or a ConfigError naming it.

    read_bytes reads it as it reads a record (regular files only, opened without blocking, at most ``limit``
    bytes); the stat here first words the usual refusals for this file rather than for a record. ``missing`` is
    the message for a file that does not exist, if the caller has a better one than read_bytes; ``remedy`` ends
    the message for one that is not a regular file.
    """
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        if missing is not None:
            raise ConfigError(missing) from None
        info = None
    except (OSError, ValueError):  # read_bytes says why
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{label} is {file_kind(info.st_mode)}, not a regular file; {remedy}")
    if info is not None and info.st_size > limit:
        shown, allowed = sizes_over(info.st_size, limit)
        raise ConfigError(f"{label} is {shown}, over the {allowed} limit")
    raw = read_bytes(str(path), limit)
    if not isinstance(raw, bytes):
        raise ConfigError(f"{label}: {raw.message}")
    return raw


def read_config_file(
    path: Path, label: str, shown: str | None = None, found: bool = False
) -> tuple[dict[str, Any], str]:
    """The configuration mapping in ``path`` and the file's text: TOML for ``*.toml``, otherwise YAML (and JSON).

    ``shown`` names the file in messages (``path`` by default); ``found`` says discovery found it, rather than
    --config naming it, which changes what a message about a file that is not one tells the reader to do."""
    named = f"the configuration file {shown if shown is not None else visible(str(path))}"
    missing = f"{named} does not exist"
    with contextlib.suppress(OSError, ValueError):  # only a link has a target to name (used only if it is missing)
        missing = (
            f"{named} is a broken link to {visible(os.readlink(path))}, which does not exist; "
            "point it at a configuration file, or remove it"
        )
    remedy = "remove it, or make it a configuration file" if found else "name a regular file"
    raw = read_setup_file(path, named, MAX_CONFIG_BYTES, missing=missing, remedy=remedy)
    decoded = decode(raw)
    if not isinstance(decoded, tuple):
        raise ConfigError(f"{label}: {decoded.message}")
    text = decoded[0]
    if path.suffix == ".toml":
        import tomllib

        try:
            data: Any = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{label}: invalid TOML: {error}") from None
        except RecursionError:  # tomllib recurses once per level; YAML and JSON stop at MAX_DEPTH levels
            raise ConfigError(f"{label}: nesting is deeper than {MAX_DEPTH} levels") from None
        if path.name == "pyproject.toml":
            tool = data.get("tool")
            if not isinstance(tool, dict) or "incidentlint" not in tool:
                # Discovery skips such a file, so it was named with --config: reading defaults would hide that.
                raise ConfigError(
                    f"{label}: the file has no [tool.incidentlint] table; add one, or name a file such as "
                    ".incidentlint.toml that holds the keys at its top level"
                )
            data = tool["incidentlint"]
        # Only a table is searched: a NaN given as the whole configuration is not a mapping, which is said below.
        problem = _unusable_value(data, Config(path=path, text=text)) if isinstance(data, dict) else None
        if problem is not None:
            raise ConfigError(f"{label}: {problem}")
    else:
        # The config is untrusted YAML too: it goes through the same hardened loader as records. A file of only
        # comments is an empty configuration, not the "empty file" problem it would be for a record.
        if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
            return {}, text
        from incidentlint.yamlload import load_yaml  # here: PyYAML costs ~10 ms to import

        data, _, problems = load_yaml(text)
        errors = [problem for problem in problems if problem.severity is Severity.ERROR]
        if errors:
            raise ConfigError(f"{label}: {_about_this_file(errors[0].message)}{_where(text, errors[0])}")
        if data is None:
            data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{label}: the configuration must be a mapping of keys, like 'select: [schema]'")
    return data, text


def _about_this_file(message: str, kind: str = "a configuration file") -> str:
    """A loader message worded for records ("not supported in incident records"), reworded for this file (``kind``,
    a configuration or a schema file): a team reading it about that file would otherwise look for a record."""
    for record, other in (
        ("not supported in incident records", f"not supported in {kind}"),
        ("incident records use plain JSON values", f"{kind} holds plain values"),
        ("read this record differently", "read this file differently"),
    ):
        message = message.replace(record, other)
    return message


def _where(text: str, problem: LoadProblem) -> str:
    """`` (line L, column C)`` for a loader problem in a configuration or schema file, as records get them."""
    line, column = problem.line, problem.column
    if not line and problem.offset >= 0:
        from incidentlint.document import Lines

        line, column = Lines(text).position(problem.offset)
    return f" (line {line}, column {column})" if line and column else f" (line {line})" if line else ""


def _unusable_value(data: Any, located: Config) -> str | None:
    """What the YAML loader would refuse in TOML data, or None: a NaN or infinity (TOML has nan and inf; no option
    means anything with them), or nesting past the records' depth limit. ``located`` says where a value is."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, parts = stack.pop()
        # A table or list at ``parts`` is level len(parts) + 1, the configuration's own table being the first, as a
        # record's top-level object is: the YAML loader counts the same way.
        if isinstance(value, (dict, list)) and len(parts) >= MAX_DEPTH:
            return f"nesting is deeper than {MAX_DEPTH} levels (under {key_path(parts[:1])})"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{key_path(parts)}{position(located, parts)} is not a finite number; write a number such as 60"
        if isinstance(value, dict):
            stack.extend((item, (*parts, str(key))) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, (*parts, index)) for index, item in reversed(list(enumerate(value))))
    return None


def validate_config(data: dict[str, Any], label: str, locate: Locate | None = None) -> None:
    """Check ``data`` against :data:`CONFIG_SCHEMA`; every problem is named by its key (and where it is)."""
    if _valid_quickly(data):
        return
    errors = config_errors(data)
    if errors:
        raise ConfigError(f"{label}: " + "; ".join(describe(error, KEYS, locate=locate) for error in errors))


#: ``(parts, on_key) -> " (line L, column C)"`` or '': where a key (or its value) is in the configuration file.
Locate = Callable[[Sequence[str | int], bool], str]


def position(config: Config, parts: Sequence[str | int], on_key: bool = False) -> str:
    """`` (line L, column C)`` of the key (``on_key``) or value at ``parts`` in the configuration file, or ''."""
    if config.path is None or not config.text:
        return ""
    from incidentlint.configpos import where  # only a message about a mistake needs it

    toml = config.path.suffix == ".toml"
    return where(config.text, toml, toml and config.path.name == "pyproject.toml", parts, on_key)


def config_errors(data: dict[str, Any]) -> list[ValidationError]:
    """jsonschema's errors for ``data`` against :data:`CONFIG_SCHEMA`, in key order, one for a mistyped value."""
    from jsonschema import Draft202012Validator, validators

    # JSON Schema counts 1e300 and 2.0 as integers; a size in bytes must be written as one.
    whole = Draft202012Validator.TYPE_CHECKER.redefine("integer", lambda _, value: type(value) is int)
    checker: type[Validator] = validators.extend(Draft202012Validator, type_checker=whole)  # type: ignore[no-untyped-call]
    errors = sorted(checker(CONFIG_SCHEMA).iter_errors(data), key=lambda e: [str(part) for part in e.path])
    # A value of the wrong type is named once: "must be at most 1073741824" says nothing more about 1e300.
    mistyped = {tuple(error.path) for error in errors if error.validator == "type"}
    return [error for error in errors if error.validator == "type" or tuple(error.path) not in mistyped]


def _valid_quickly(data: dict[str, Any]) -> bool:
    """True when jsonschema-rs settles ``data`` as valid (see :mod:`incidentlint.quickcheck`): the usual
    configuration, without importing jsonschema, which cost every run in a configured project ~50 ms."""
    from incidentlint.quickcheck import accepts

    return accepts(CONFIG_SCHEMA, data)


def key_path(parts: list[str | int] | tuple[str | int, ...]) -> str:
    """A dotted key path for messages: ``severity.duration-mismatch``, ``select[2]``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + visible(str(part))
    return out


_KINDS = {
    "array": "a list",
    "object": "a table (mapping)",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


#: What ruff's and flake8's keys are called here, or why there is no such key: the closest spelling misleads
#: (extend-exclude is not extend-select, and 'include' alone would drop the default globs).
_FIXES_ON_THE_COMMAND_LINE = (
    "which fixes apply is chosen on the command line: --fix applies the safe ones, --unsafe-fixes the rest"
)
_PER_RULE = (
    "a rule's settings go in options.<rule name> (options.placeholder-text.words = [...]); turn rules on and off "
    "with select, ignore and severity"
)
_OTHER_TOOLS = {
    "extend-exclude": "exclude already adds to the default excludes, so list the globs in 'exclude'",
    "extend-ignore": "ignore already adds to what the file and the defaults select, so use 'ignore'",
    "extend-include": "include replaces the default globs, so list them with yours: include = ['*.json', '*.yaml', "
    "'*.yml', ...]",
    "extend-per-file-ignores": "use 'per-file-ignores'",
    "extend": "a configuration cannot extend another; copy its settings in, or name one file with --config",
    "extends": "a configuration cannot extend another; copy its settings in, or name one file with --config",
    "lint": "[lint] is ruff's table; here select, ignore and the other keys sit in the configuration's own table",
    "output-format": "the output format is chosen on the command line: --format json",
    "format": "the output format is chosen on the command line: --format json",
    "fixable": _FIXES_ON_THE_COMMAND_LINE,
    "unfixable": _FIXES_ON_THE_COMMAND_LINE,
    "fix": "fixes are applied with --fix on the command line",
    "rules": _PER_RULE,
    "rule": _PER_RULE,
}


def describe(
    error: ValidationError,
    known: tuple[str, ...] | list[str],
    prefix: tuple[str, ...] = (),
    locate: Locate | None = None,
) -> str:
    """One sentence for a configuration schema error, naming the key (with ``locate``, where it is in the file)
    and, for unknown keys, the closest one."""
    parts: list[str | int] = [*prefix, *error.absolute_path]
    at = locate or (lambda _parts, _on_key: "")
    where = key_path(parts)
    instance = error.instance
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else list(known)
        extras = [str(key) for key in instance if key not in allowed]
        messages = []
        for key in extras:
            what = f"unknown key '{visible(key)}'" + (f" in {where}" if where else "") + at([*parts, key], True)
            hint = _OTHER_TOOLS.get(key) if not parts and not prefix else None
            messages.append(what + (f"; {hint}" if hint else suggest(key, allowed, "valid keys are")))
        return "; ".join(messages)
    # A rule's options as a whole (selection names them first) have no key path here, but may have a position:
    # whether there is a key to name is asked of ``bare``, never of ``where``, which the position may fill.
    bare, here = where, at(parts, False)
    where = bare + here
    if error.validator == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_KINDS.get(name, name) for name in names)
        if names == ["array"]:  # the usual slip is one name without brackets, at any level: show them
            wanted += ', like ["a", "b"]'
        return f"{where if bare else 'the configuration' + here} must be {wanted}; got {show_value(instance)}"
    if error.validator == "enum":
        allowed_values = ", ".join(str(value) for value in error.validator_value)
        return f"{where} must be one of {allowed_values}; got {show_value(instance)}"
    if error.validator == "minLength":
        return f"{where} must not be empty"
    if error.validator in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        word = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most"}
        return f"{where} must be {word.get(error.validator, 'less than')} {error.validator_value}; got {instance!r}"
    if error.validator == "required" and isinstance(instance, dict):
        missing = visible(next((str(key) for key in error.validator_value if key not in instance), "?"))
        if bare:
            return f"{where} is missing the required key '{missing}'"
        return f"the required option '{missing}' is missing{here}"
    if not bare:  # a keyword on the options as a whole, such as maxProperties: selection has named them
        return f"{visible(error.message[:200])}{here}"
    return f"{where}: {visible(error.message[:200])}"


def suggest(word: str, choices: list[str] | tuple[str, ...], listing: str = "") -> str:
    """``; did you mean 'x'?`` for the closest choice, else an optional list of the choices."""
    import difflib  # only for a mistake in the configuration, never on a run that goes well

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    if listing and choices:
        return f"; {listing} {', '.join(choices)}"
    return ""


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> Config:
    """The file configuration: ``explicit`` (``--config``) or the nearest config file above ``cwd``."""
    cwd = cwd or Path.cwd()
    path = explicit if explicit is not None else find_config(cwd)
    if path is None:
        return Config(base=cwd)
    shown = str(path) if explicit is not None else _relative(path, cwd)
    label = f"{shown} [tool.incidentlint]" if path.name == "pyproject.toml" else shown
    label = visible(label)
    data, text = read_config_file(path, label, visible(shown), found=explicit is None)
    located = Config(path=path, text=text)
    validate_config(data, label, lambda parts, on_key: position(located, parts, on_key))
    config = from_mapping(data, path, label, text)
    if explicit is None and path.name in CONFIG_NAMES:
        others = [_relative(other, cwd) for other in shadowed(path)]
        others = [f"{other} [tool.incidentlint]" if other.endswith("pyproject.toml") else other for other in others]
        if others:
            one = len(others) == 1
            config.notes.append(
                f"{label} is used; {' and '.join(visible(other) for other in others)} beside it "
                f"{'is' if one else 'are'} ignored, as one configuration file per directory is read: "
                f"move {'its' if one else 'their'} settings into {label}"
            )
    return config


def _relative(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)


def from_mapping(data: dict[str, Any], path: Path | None, label: str, text: str = "") -> Config:
    """A Config from a validated mapping; relative paths are resolved against the file's directory."""
    base = path.parent.resolve() if path is not None else Path.cwd()
    config = Config(path=path, base=base, label=label, text=text)
    if "select" in data:
        config.select = list(data["select"])
    config.ignore = list(data.get("ignore", []))
    config.extend_select = list(data.get("extend-select", []))
    config.severity = dict(data.get("severity", {}))
    homes = {str(base), os.path.abspath(path.parent)} if path is not None else {str(base)}
    config.per_file_ignores = {}
    for key, value in data.get("per-file-ignores", {}).items():
        pattern = _glob(key, homes, "per-file-ignores key", label, (config, ("per-file-ignores", key), True))
        config.per_file_ignores.setdefault(pattern, []).extend(value)
        config.written.setdefault(pattern, key)
    config.options = {key: dict(value) for key, value in data.get("options", {}).items()}
    if "include" in data:
        config.include = [
            _glob(item, homes, f"include[{i}]", label, (config, ("include", i), False))
            for i, item in enumerate(data["include"])
        ]
    if "exclude" in data:
        exclude = [
            _glob(item, homes, f"exclude[{i}]", label, (config, ("exclude", i), False))
            for i, item in enumerate(data["exclude"])
        ]
        config.exclude = [*DEFAULT_EXCLUDE, *exclude]
    config.force_exclude = bool(data.get("force-exclude", False))
    config.respect_gitignore = bool(data.get("respect-gitignore", True))
    if "root" in data:
        root = base / data["root"]
        if "\x00" in str(root):
            raise ConfigError(
                f"{label}: root names {visible(str(root))}, which cannot be a directory: "
                "its name contains a NUL character"
            )
        try:
            config.root = root.resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic link loop, on Python 3.11
            raise ConfigError(f"{label}: root names {visible(str(root))}, which cannot be resolved: {error}") from None
        if not config.root.is_dir():
            raise ConfigError(
                f"{label}: root{position(config, ('root',))} names {visible(str(config.root))}, "
                "which is not a directory"
            )
    if "schema" in data:
        config.schema = base / data["schema"]
    config.rule_paths = [base / item for item in data.get("rule-paths", [])]
    if "fail-on" in data:
        config.fail_on = Severity.parse(data["fail-on"])
    if "max-file-size" in data:
        config.max_file_size = int(data["max-file-size"])
    return config


def _glob(
    pattern: str, homes: set[str], where: str, label: str, key: tuple[Config, tuple[str | int, ...], bool]
) -> str:
    """A glob of ``include``, ``exclude`` or ``per-file-ignores`` as matched: a leading ``./`` or the absolute path
    of the configuration's directory (``homes``: as written and resolved) is dropped, as both mean "relative to this
    file", which a glob with a slash already is; one fnmatch would quietly read as literal text (an unclosed ``[``)
    is refused rather than match nothing. ``key`` locates the glob in the file, for a message. A per-file-ignores
    glob may start with ``!``, as in ruff: its rules are then ignored in every file it does not match."""
    negated = where.startswith("per-file-ignores") and pattern.startswith("!")
    if pattern.startswith("!") and not negated:
        raise ConfigError(
            f"{label}: {where} {show_value(pattern)}{position(*key)} cannot be negated with '!'; "
            "list only the globs to match (a '!' glob is for per-file-ignores)"
        )
    normal = pattern[1:] if negated else pattern
    for home in sorted(homes, key=len, reverse=True):
        if normal == home or normal.startswith(home.rstrip("/") + "/"):
            normal = normal[len(home.rstrip("/")) :].lstrip("/") or "*"
            break
    while normal.startswith("./"):
        normal = normal[2:].lstrip("/")
    if not normal or normal == ".":
        raise ConfigError(
            f"{label}: {where} {show_value(pattern)}{position(*key)} names no file; "
            "write a glob such as 'incidents/legacy/*.json'"
        )
    problem = glob_problem(normal)
    if problem:
        raise ConfigError(f"{label}: {where} {show_value(pattern)}{position(*key)} is not a valid glob: {problem}")
    return "!" + normal if negated else normal


def glob_problem(pattern: str) -> str | None:
    """Why fnmatch would not read ``pattern`` as meant (it takes an unclosed ``[`` as a literal), or None."""
    index = 0
    while index < len(pattern):
        if pattern[index] == "[":
            end = index + 1
            if end < len(pattern) and pattern[end] == "!":
                end += 1
            if end < len(pattern) and pattern[end] == "]":
                end += 1
            end = pattern.find("]", end)
            if end < 0:
                return f"the '[' at character {index + 1} is never closed by ']'; write '[[]' to match a literal '['"
            index = end
        index += 1
    return None


def apply_flags(
    config: Config,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    fail_on: str | None = None,
    respect_gitignore: bool | None = None,
) -> Config:
    """Layer the command-line flags over the file: they are applied after it, so they win."""
    config.cli_select = select
    config.cli_ignore = list(ignore or [])
    config.cli_extend_select = list(extend_select or [])
    if fail_on is not None:
        config.fail_on = Severity.parse(fail_on)
    if respect_gitignore is not None:
        config.respect_gitignore = respect_gitignore
    return config


def load_user_schema(path: Path) -> dict[str, Any]:
    """An organisation's schema file (JSON or YAML); it may ``$ref`` the bundled schema by its ``$id``."""
    shown = visible(str(path))
    raw = read_setup_file(path, f"schema {shown}", 16 * 1024 * 1024)
    decoded = decode(raw)
    if not isinstance(decoded, tuple):
        raise ConfigError(f"schema {shown}: {decoded.message}")
    text = decoded[0]
    # A schema is as untrusted as a record: the hardened loaders refuse duplicate keys (the later one silently
    # wins in json.loads), anchors and deep nesting, and say where.
    if path.suffix in (".yaml", ".yml"):
        from incidentlint.yamlload import load_yaml

        data, _, problems = load_yaml(text)
    else:
        from incidentlint.jsonload import load_json

        data, problems = load_json(text)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        kind = "invalid JSON: " if first.rule == "parse-error" and path.suffix not in (".yaml", ".yml") else ""
        raise ConfigError(
            f"schema {shown}: {kind}{_about_this_file(first.message, 'a schema file')}{_where(text, first)}"
        )
    if not isinstance(data, dict):
        raise ConfigError(f"schema {shown}: a JSON Schema must be an object")
    from referencing.jsonschema import UnknownDialect, specification_with

    dialect = data.setdefault("$schema", DIALECT)  # validation is 2020-12 whatever the file says
    try:
        specification_with(dialect)
    except (UnknownDialect, TypeError):
        raise ConfigError(
            f"schema {shown}: $schema {show_value(dialect)} is not a JSON Schema dialect; use {DIALECT}"
        ) from None
    return data
