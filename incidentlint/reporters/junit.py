"""``junit``: JUnit XML for CI test-report views: one testsuite per file, one failing testcase per diagnostic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from incidentlint.engine import FileResult
from incidentlint.reporters.base import Reporter, Summary
from incidentlint.textsafe import defuse_xml, visible

# What XML 1.0 cannot hold at all, even escaped; visible() already covers all of it but U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Record text made safe for XML 1.0 and for the people reading the report: controls become escapes."""
    return _NOT_XML.sub(lambda match: f"\\u{ord(match.group()):04x}", visible(text))


class JunitReporter(Reporter):
    name = "junit"

    def report(self, results: Sequence[FileResult], summary: Summary, stream: TextIO) -> None:
        root = ET.Element("testsuites", name="incidentlint")
        total = failures = 0
        for result in results:
            path = clean(result.path)
            count = len(result.diagnostics)
            suite = ET.SubElement(
                root,
                "testsuite",
                name=path,
                tests=str(max(count, 1)),
                failures=str(count),
                errors="0",
                skipped="0",
            )
            total += max(count, 1)
            failures += count
            if not result.diagnostics:
                ET.SubElement(suite, "testcase", name="incidentlint", classname=path, file=path)
            for d in result.diagnostics:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=f"{d.rule} ({d.code}) at {d.line}:{d.column}",
                    classname=path,
                    file=path,
                    line=str(d.line),
                )
                failure = ET.SubElement(case, "failure", message=clean(d.message), type=d.severity.label)
                failure.text = f"{path}:{d.line}:{d.column}: {d.severity.label}[{d.rule}] {clean(d.message)}"
        root.set("tests", str(total))
        root.set("failures", str(failures))
        root.set("errors", "0")
        ET.indent(root)
        # ASCII with character references: well-formed whatever encoding the reader's stdout uses.
        body = ET.tostring(root, encoding="unicode").encode("ascii", "xmlcharrefreplace").decode("ascii")
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + defuse_xml(body) + "\n")
