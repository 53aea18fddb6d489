"""``junit``: JUnit XML for CI test-report views: one testsuite per file, one testcase per diagnostic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from incidentlint.diagnostics import Diagnostic
from incidentlint.engine import FileResult
from incidentlint.reporters.base import Reporter, Summary
from incidentlint.textsafe import defuse_xml, visible

# What XML 1.0 cannot hold at all, even escaped; visible() already covers all of it but U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Record text made safe for XML 1.0 and for the people reading the report: controls become escapes."""
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", visible(text))


class JunitReporter(Reporter):
    """A finding at or above ``--fail-on`` is a failing testcase; one below it is a skipped testcase, shown in the
    test view without failing it (Jenkins, GitLab and Azure would otherwise fail a run incidentlint passed)."""

    name = "junit"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        root = ET.Element("testsuites", name="incidentlint")
        total = failures = skipped = 0
        fail_on = self.context.fail_on
        for result in results:
            path = clean(result.path)
            count = len(result.diagnostics)
            failing = sum(d.severity >= fail_on for d in result.diagnostics)
            suite = ET.SubElement(
                root,
                "testsuite",
                name=path,
                tests=str(max(count, 1)),
                failures=str(failing),
                errors="0",
                skipped=str(count - failing),
            )
            total += max(count, 1)
            failures += failing
            skipped += count - failing
            if not result.diagnostics:
                ET.SubElement(suite, "testcase", name="incidentlint", classname=path, file=path)
            for d, name in zip(result.diagnostics, case_names(result.diagnostics), strict=True):
                case = ET.SubElement(suite, "testcase", name=name, classname=path, file=path, line=str(d.line))
                kind = "failure" if d.severity >= fail_on else "skipped"
                outcome = ET.SubElement(case, kind, message=clean(d.message), type=d.severity.label)
                outcome.text = f"{path}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {clean(d.message)}"
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        root.set("skipped", str(skipped))
        ET.indent(root)
        # ASCII with character references: well-formed whatever encoding the reader's stdout uses.
        body = ET.tostring(root, encoding="unicode").encode("ascii", "xmlcharrefreplace").decode("ascii")
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + defuse_xml(body) + "\n")


def case_names(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """A name per finding, unique within its file and free of line numbers.

    GitLab keeps only the first of several testcases with the same class and name, and its merge-request view, like
    Azure's test history, knows a test by its name: a line in it would make every finding below an edit look fixed
    and new again. So a finding is named by rule and JSON Pointer; where that repeats (a record missing several
    required fields), by its message too, and by a number where even that repeats.
    """
    base = [f"{d.rule} ({d.code}) at {clean(d.pointer) or 'the record'}" for d in diagnostics]
    counts = Counter(base)
    named = [
        f"{name}: {clean(d.message)}" if counts[name] > 1 else name for name, d in zip(base, diagnostics, strict=True)
    ]
    seen: dict[str, int] = {}
    out = []
    for name in named:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out
