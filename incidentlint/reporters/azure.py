"""``azure``: Azure Pipelines logging commands (``##vso[task.logissue ...]message``), one issue per finding.

The agent reads a line's first ``##vso[``, the properties up to the first ``]`` (split on ``;``, each at its first
``=``) and the rest of the line as the message. So ``;`` and ``]`` in a property, and ``%``, CR and LF anywhere, are
written as the agent's escapes (``%3B``, ``%5D``, ``%AZP25``, ``%0D``, ``%0A``, as azure-pipelines-task-lib does),
and record text can neither end a property early nor start a line of its own. An issue is an error or a warning
to Azure; an info finding is printed as a plain line instead, so it is shown without counting as a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import relative_path
from incidentlint.reporters.base import Reporter, Summary, all_diagnostics
from incidentlint.textsafe import break_hash_commands, defuse, visible

TYPES = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    """The message after ``]``: ``%``, CR and LF escaped (the agent decodes them); other controls made visible,
    and any further runner command in the text broken (see :func:`incidentlint.textsafe.break_hash_commands`)."""
    return break_hash_commands(visible(text)).replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as :func:`escape_data`, plus ``;`` and ``]``, which would end it. Not defused: a path
    must stay the path, and inside the properties the agent has already taken this line's command."""
    escaped = visible(text).replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")
    return escaped.replace(";", "%3B").replace("]", "%5D")


def issue(d: Diagnostic) -> str:
    """The line for one finding: a ``task.logissue`` command, or for an info finding a plain line."""
    path = relative_path(d.file)
    if d.severity not in TYPES:
        return defuse(f"{visible(path)}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {visible(d.message)}")
    properties = {
        "type": TYPES[d.severity],
        "sourcepath": path,
        "linenumber": str(d.line),
        "columnnumber": str(d.column),
        "code": d.rule,
    }
    joined = "".join(f"{name}={escape_property(value)};" for name, value in properties.items())
    return f"##vso[task.logissue {joined}]{escape_data(f'{d.rule}: {d.message}')}"


class AzureReporter(Reporter):
    name = "azure"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        for d in all_diagnostics(results):
            stream.write(issue(d) + "\n")
