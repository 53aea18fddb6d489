"""Where rules come from: the built-in pack, installed plugin packs (entry points), and local ``rule-paths``.

A plugin pack is any installed distribution declaring an entry point in the group ``incidentlint.rules``::

    [project.entry-points."incidentlint.rules"]
    acme = "acme_incident_rules"          # a module: every Rule it defines (or lists in RULES)

The entry point may also name a single Rule or a list of Rules (``"acme_incident_rules:RULES"``). A local
``rule-paths`` entry is a Python file, or a directory whose ``*.py`` files (not starting with ``_``) are loaded
in name order; while a file loads, its directory is importable, so it may share helpers with its neighbours.
Anything that fails to load, defines no rules, or reuses a code or name is a RuleLoadError, which the command
line reports as a configuration error (exit 2).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from incidentlint.api import Rule
from incidentlint.diagnostics import Severity
from incidentlint.textsafe import show_value, visible

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

ENTRY_POINT_GROUP = "incidentlint.rules"


def entry_points(*, group: str) -> Sequence[EntryPoint]:
    """importlib.metadata's entry points in ``group``; it is imported (~15 ms) only when a plugin may exist."""
    from incidentlint.entrypoints import may_declare

    if not may_declare(group):
        return []
    from importlib.metadata import entry_points as find

    return list(find(group=group))


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
        "A key appears twice in one object; only the last value counts.",
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
    "yaml-joined-line": (
        "IL009",
        Severity.WARNING,
        "A YAML line starting with '- ', indented under the value above, that YAML joined into that value's text.",
    ),
    "yaml-comment-cut": (
        "IL010",
        Severity.WARNING,
        "A YAML ' #' followed directly by text (#412), on a value's line or the line below it: a comment that cut "
        "a plain value short.",
    ),
    "path-escape": (
        "IL011",
        Severity.ERROR,
        "A Windows path in a JSON string or double-quoted YAML string whose backslashes became escapes.",
    ),
}

#: What each core check checks and what to do about its findings, as a rule's rationale says: the fullDescription
#: and help of its SARIF descriptor and the "Why it matters" of ``incidentlint explain``.
CORE_RATIONALE: dict[str, str] = {
    "parse-error": (
        "The file must be UTF-8 JSON or YAML holding one record, a mapping at the top level. A file that cannot be "
        "read as one is checked no further, so nothing else about it is reported: fix what the message names at "
        "its position (a missing comma or quote, a tab in the indentation, another encoding) and run again."
    ),
    "duplicate-key": (
        "Each key must appear once in its object. When one appears twice, the later value silently wins in "
        "incidentlint and most parsers, so an edit to the first copy changes nothing and readers of the file see "
        "two answers: remove one copy, keeping the value that is right."
    ),
    "schema": (
        "The record must match the incident schema (the built-in one, or the one the configuration's `schema` "
        "names): every required field present, each value of its type and format, enumerated values from their "
        "list, and no unknown field. The message says what the value must be: correct it, add the missing field, "
        "or prefix a local extension with 'x-'. A value that spells an allowed one with other case or punctuation "
        "(SEV-1 for sev1) has a safe fix."
    ),
    "yaml-ambiguous-value": (
        "An unquoted YAML value such as no, on, y, 0755 or 1:30 is a boolean or a number to YAML 1.1 and text or "
        "another number to YAML 1.2. incidentlint keeps the text as written, but other tools reading the same file "
        "may not: quote the value ('no') so that it means the same everywhere."
    ),
    "non-string-key": (
        "A YAML key written as a number, boolean or null (404:, true:, ~:) is not a string, while JSON and the "
        "schema only have text keys; incidentlint reads it as the text written. Quote the key ('404':) so that "
        "every tool reads the same name."
    ),
    "io-error": (
        "Every path given must be a readable file, or a directory that can be listed. A path that cannot be read "
        "(missing, permission denied, a FIFO or a device) is not checked: correct the path or its permissions, or "
        "leave it out. The other paths are still checked, and the run exits 2."
    ),
    "internal-error": (
        "A rule crashed, yielded something that is not a finding, changed the record, or gave a fix that cannot be "
        "applied or fails its check (which leaves the file unchanged); or incidentlint itself failed on the file. "
        "The file's other checks still ran. The message says which: fix a local rule in its file, report a "
        "plugin's rule to its maintainers and anything else to incidentlint, with the file attached; the run "
        "exits 3."
    ),
    "unused-suppression": (
        "Every suppression (an '# incidentlint: disable=' comment or an x-incidentlint entry) must hide a finding. "
        "One that hides nothing, because the finding was fixed, the rule is not enabled or its name is misspelt, "
        "or one that cannot be understood, would hide a later finding that nobody meant to accept: remove it, or "
        "correct the rule's name."
    ),
    "yaml-joined-line": (
        "A line starting with '- ' that is indented more than the list item or the key above it is not a new "
        "item: YAML folds it into the value above, so 'checkout' and '- payments' become one service, "
        "'checkout - payments'. Indent the line like the item above to make it an item of its own, or write the "
        "value as a block scalar ('key: |') if the lines are text."
    ),
    "yaml-comment-cut": (
        "In YAML a '#' after a space starts a comment, even in the middle of an unquoted value: 'ticket: SRCH "
        "#412' holds only 'SRCH'. A comment written with no space after its '#' is far more often a value cut "
        "short than a comment (yamllint asks for the space for that reason). The same holds for a line of its "
        "own indented as the value's next line would be: 'root_cause: Fixed in PR' above '  #412' holds only "
        "'Fixed in PR'. Quote the whole value to keep the '#', or put a space after the '#' if it is a comment. "
        "A '#' after a date or timestamp ('2024-04-02T09:10:00Z #utc') is taken as a comment."
    ),
    "path-escape": (
        "In a JSON string or a double-quoted YAML string a backslash starts an escape, so a Windows path written "
        "with single backslashes ('C:\\new\\temp') is read with a line break and a tab in it and no error: the "
        "record holds a path nobody wrote. It is reported as an error, like the control characters it put in the "
        "value. Double each backslash, use forward slashes, or in YAML put the value in single quotes."
    ),
}

#: Core checks whose findings may carry a fix: a schema enum value spelt with other case or punctuation, and a
#: Windows path whose backslashes became escapes.
FIXABLE_CORE = frozenset({"schema", "path-escape"})


def rules_from_module(module: ModuleType, source: str) -> list[Rule]:
    """Every Rule object a module defines at top level (or lists in ``RULES``), in definition order."""
    listed = getattr(module, "RULES", None)
    if listed is not None and not (isinstance(listed, list | tuple) and all(isinstance(r, Rule) for r in listed)):
        raise RuleLoadError(
            f"{module.__name__}.RULES ({source}) must be a list of rules made with incidentlint.api.rule"
        )
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
    """Rules from every installed entry point in the ``incidentlint.rules`` group, ordered by entry point name."""
    found: list[Rule] = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: (p.name, p.value)):
        dist = getattr(point, "dist", None)
        package = f" from the package '{dist.name}'" if dist is not None and getattr(dist, "name", None) else ""
        what = f"the rule plugin '{visible(point.name)}' ({visible(point.value)}{package})"
        try:
            loaded = point.load()
        except Exception as error:  # a broken plugin is a configuration error, whatever it raised
            detail = visible(f"{type(error).__name__}: {error}")[:300]
            raise RuleLoadError(f"{what} failed to load: {detail}; fix or uninstall it to run incidentlint") from error
        label = f"plugin:{point.name}"
        if isinstance(loaded, ModuleType):
            rules = rules_from_module(loaded, label)
        elif isinstance(loaded, Rule):
            rules = [replace(loaded, source=label)]
        elif isinstance(loaded, list | tuple) and all(isinstance(item, Rule) for item in loaded):
            rules = [replace(item, source=label) for item in loaded]
        else:
            raise RuleLoadError(f"{what} must point at a module, a Rule or a list of Rules")
        if not rules:
            raise RuleLoadError(f"{what} defines no rules (decorate functions with incidentlint.api.rule)")
        found.extend(rules)
    return found


def _python_files(paths: Sequence[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            # Every *.py entry but a directory is a rule file, and must load: one skipped because it cannot be
            # read (a broken link to a shared checkout, say) would leave its rules out of the run without a word.
            yield from (
                _readable(p) for p in sorted(path.glob("*.py")) if not p.name.startswith("_") and not p.is_dir()
            )
        else:
            yield _readable(path)


def _readable(path: Path) -> Path:
    """``path`` if it is a file to import; otherwise RuleLoadError saying what it is."""
    if path.is_file():
        return path
    shown = visible(str(path))
    if path.exists():  # a FIFO or a device: never imported
        raise RuleLoadError(f"rule-paths names {shown}, which is not a Python file or a directory")
    try:
        target = os.readlink(path)
    except (OSError, ValueError):  # not a link: nothing is there
        raise RuleLoadError(f"rule-paths names {shown}, which does not exist") from None
    raise RuleLoadError(
        f"rule-paths names {shown}, which is a broken link to {visible(target)}; "
        "point it at the rule file, or remove it"
    )


def _unique_files(paths: Sequence[Path]) -> Iterator[Path]:
    """Each file once, though ``rule-paths`` names it directly and through its directory too."""
    seen: set[str] = set()
    for path in _python_files(paths):
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield path


def _defined_at(rule: Rule) -> tuple[str, int] | None:
    """The file and line of a rule's check, which tell one rule imported twice from two distinct ones."""
    code = getattr(rule.check, "__code__", None)
    return None if code is None else (os.path.realpath(code.co_filename), code.co_firstlineno)


def _once(loaded: list[tuple[Rule, Path]]) -> list[Rule]:
    """The rules of the local files, each once: a file that imports a rule from a neighbour (``from checks import
    *``, to share its helpers) holds the same rule again, which is no clash; it belongs to the file defining it."""
    home = {where for rule, path in loaded if (where := _defined_at(rule)) and where[0] == os.path.realpath(path)}
    kept: list[Rule] = []
    seen: set[tuple[str, int]] = set()
    for rule, path in loaded:
        where = _defined_at(rule)
        if where is not None:
            if where in seen or (where in home and where[0] != os.path.realpath(path)):
                continue
            seen.add(where)
        kept.append(rule)
    return kept


def local_rules(paths: Sequence[Path]) -> list[Rule]:
    """Rules from the ``rule-paths`` files, each imported as its own module."""
    found: list[tuple[Rule, Path]] = []
    for index, path in enumerate(_unique_files(paths)):
        if path.suffix != ".py":
            raise RuleLoadError(f"rule-paths names {visible(str(path))}, which is not a Python (.py) file")
        name = f"incidentlint_local_rules_{index}_{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise RuleLoadError(f"rule-paths names {visible(str(path))}, which is not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        # The file's own directory is importable while it loads, so it can share helpers with its neighbours.
        sys.path.insert(0, str(path.parent))
        try:
            spec.loader.exec_module(module)
        except BaseException as error:  # a broken local file is a configuration error, whatever it raised
            del sys.modules[name]
            if isinstance(error, KeyboardInterrupt):
                raise
            detail = visible(f"{type(error).__name__}: {error}")[:300]
            raise RuleLoadError(f"the rule file {visible(str(path))} failed to load: {detail}") from error
        finally:
            sys.path.remove(str(path.parent))
        rules = rules_from_module(module, f"local:{path.name}")
        if not rules:
            raise RuleLoadError(
                f"the rule file {visible(str(path))} defines no rules (decorate functions with incidentlint.api.rule)"
            )
        found.extend((rule, path) for rule in rules)
    return _once(found)


def validate(rules: Sequence[Rule]) -> dict[str, Rule]:
    """Check identities and return the rules by name; codes and names must be unique across all sources."""
    by_name: dict[str, Rule] = {}
    by_code: dict[str, Rule] = {}
    for name, (code, _, _) in CORE_CHECKS.items():
        by_code[code] = by_name[name] = Rule(code, name, Severity.ERROR, "", "", check=_nothing, source="core")
    for rule in rules:
        where = describe_source(rule.source)
        problem = _metadata_problem(rule)
        if problem:
            raise RuleLoadError(f"the rule {_label(rule)} ({where}) {problem}")
        if rule.options_schema and rule.source != "built-in":  # the built-in ones are tested; jsonschema is ~60 ms
            problem = options_schema_problem(rule)
            if problem:
                raise RuleLoadError(f"the rule {_label(rule)} ({where}) {problem}")
        if not _NAME.match(rule.name):
            raise RuleLoadError(
                f"the rule name '{visible(rule.name)}' ({where}) must be kebab-case, like 'duration-mismatch'"
            )
        if not _CODE.match(rule.code):
            raise RuleLoadError(
                f"the rule code '{visible(rule.code)}' of '{visible(rule.name)}' ({where}) must be upper-case letters "
                "then digits, like 'IL101'"
            )
        for key, table, what in ((rule.name, by_name, "name"), (rule.code, by_code, "code")):
            other = table.get(key)
            if other is not None:
                # Each rule is named by what tells the two apart: its name when the codes clash, its code when the
                # names do ("the rule name 'x' of 'x' is already used by the rule 'x'" said nothing).
                this, that = (rule.code, other.code) if what == "name" else (f"'{rule.name}'", f"'{other.name}'")
                owner = (
                    f"the core check '{other.name}'" + (f" ({other.code})" if what == "name" else "")
                    if other.source == "core"
                    else f"the rule {visible(that)} ({describe_source(other.source)})"
                )
                raise RuleLoadError(
                    f"the rule {what} '{visible(key)}' of {visible(this)} ({describe_source(rule.source)}) "
                    f"is already used by {owner}; every rule needs its own code and name"
                )
            table[key] = rule
    return {name: rule for name, rule in by_name.items() if rule.source != "core"}


def _label(rule: Rule) -> str:
    """The rule as its author would find it: its name, or its code while the name is not text."""
    for value in (rule.name, rule.code):
        if isinstance(value, str):
            return f"'{visible(value)}'"
    return "without a text name or code"


def _metadata_problem(rule: Rule) -> str:
    """What is wrong with the metadata a rule was declared with (a rule made with ``rule(...)`` takes any value and
    only ``rules``, ``explain`` or the run would trip over it later), or ''."""
    if not isinstance(rule.name, str) or not isinstance(rule.code, str):
        return "needs a text name and code, like name='runbook-link', code='ACME001'"
    if not isinstance(rule.summary, str) or not rule.summary.strip():
        return "needs a summary: one sentence saying what the rule finds, shown by 'incidentlint rules'"
    if not isinstance(rule.rationale, str):
        return f"has a rationale that is {type(rule.rationale).__name__}, not text"
    if rule.scope not in ("record", "repository"):
        return f"has scope {show_value(rule.scope)}; use 'record' (the default) or 'repository'"
    if not isinstance(rule.severity, Severity):
        return "has a severity that is not 'error', 'warning' or 'info'"
    for what, value in (("check", rule.check), ("collect", rule.collect), ("prefilter", rule.prefilter)):
        if value is not None and not callable(value):
            return f"has a {what} that is {type(value).__name__}, not a function"
    if rule.scope == "record" and rule.collect is not None:
        return "has a collect function, which only a repository rule uses; add scope='repository' or remove it"
    if rule.scope == "repository" and rule.prefilter is not None:
        return "has a prefilter, which only a record rule uses; remove it"
    return ""


def options_schema_problem(rule: Rule) -> str:
    """What is wrong with a rule's ``options_schema``: not a valid JSON Schema, or refusing the rule's own defaults
    (either would only show once a project configures an option, far from the rule's author), or ''."""
    if _options_schema_fine(rule):
        return ""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    from incidentlint.config import describe, key_path

    try:
        Draft202012Validator.check_schema(rule.options_schema)
    except SchemaError as error:
        where = key_path(list(error.absolute_path))
        return f"has an options_schema that is not a valid JSON Schema: {visible(error.message[:200])}" + (
            f" (at {where})" if where else ""
        )
    # Without "required": an option with no default may be one each project must set, checked with its config.
    lenient = {key: value for key, value in rule.options_schema.items() if key != "required"}
    refused = sorted(
        Draft202012Validator(lenient).iter_errors(dict(rule.options)), key=lambda e: [str(p) for p in e.path]
    )
    if not refused:
        return ""
    known = list(rule.options_schema.get("properties", {}))
    return f"has default options that its own options_schema refuses: {describe(refused[0], known, ('options',))}"


def _options_schema_fine(rule: Rule) -> bool:
    """True when jsonschema-rs settles the options_schema as valid and accepting the rule's defaults (see
    :mod:`incidentlint.quickcheck`): loading a team's rule then imports no jsonschema."""
    from incidentlint.quickcheck import accepts, valid_schema

    lenient = {key: value for key, value in rule.options_schema.items() if key != "required"}
    return valid_schema(rule.options_schema) and accepts(lenient, dict(rule.options))


def describe_source(source: str) -> str:
    """``plugin:acme`` -> ``plugin 'acme'``; ``local:mine.py`` -> ``local file mine.py``."""
    kind, _, detail = source.partition(":")
    if kind == "plugin":
        return f"plugin '{visible(detail)}'"
    if kind == "local":
        return f"local file {visible(detail)}"
    return source


def _nothing(*_: object) -> Iterator[object]:
    return iter(())


def all_rules(rule_paths: Sequence[Path] = ()) -> dict[str, Rule]:
    """Every rule available to this run: built-in, then plugins, then local files; validated together.

    What a plugin or a local rule file prints while it is imported goes to stderr, as what a rule prints while it
    runs does: stdout is the report's, and one stray line breaks a json or sarif report."""
    import contextlib

    with contextlib.redirect_stdout(sys.stderr):
        return validate([*builtin_rules(), *plugin_rules(), *local_rules(rule_paths)])
