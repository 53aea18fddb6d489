"""Suppressions written in the record: YAML comments and the top-level ``x-incidentlint`` key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incidentlint.document import Document

# A YAML comment starts at the line start or after white space; "#" inside a word is not a comment.
_COMMENT = re.compile(
    r"(?:^|[ \t])#[ \t]*incidentlint:[ \t]*(disable|disable-file)[ \t]*=[ \t]*([A-Za-z0-9_,\- \t]+?)[ \t]*(?:--.*)?$"
)
_CODE_PREFIX = re.compile(r"\s*#")


@dataclass
class Suppression:
    """One named rule in one suppression; ``lines`` is empty for a whole-file suppression."""

    rule: str
    line: int
    column: int
    end_column: int
    lines: frozenset[int]
    pointer: str = ""
    used: bool = False


@dataclass
class Suppressions:
    items: list[Suppression] = field(default_factory=list)

    def match(self, names: tuple[str, str], line: int) -> bool:
        hit = False
        for item in self.items:
            if item.rule in names and (not item.lines or line in item.lines):
                item.used = True
                hit = True
        return hit


def collect(document: Document) -> Suppressions:
    found = Suppressions()
    if document.format == "yaml" and "incidentlint:" in document.text:
        for number, text in enumerate(document.text.split("\n"), start=1):
            if "incidentlint:" not in text:
                continue
            match = _COMMENT.search(text.rstrip("\r"))
            if match is None:
                continue
            kind, names = match.group(1), match.group(2)
            whole_line_comment = _CODE_PREFIX.match(text) is not None
            lines = (
                frozenset()
                if kind == "disable-file"
                else (frozenset({number, number + 1}) if whole_line_comment else frozenset({number}))
            )
            for name in (part.strip() for part in names.split(",")):
                if name:
                    offset = text.find(name, match.start(2))
                    found.items.append(Suppression(name, number, offset + 1, offset + 1 + len(name), lines))
    data = document.data
    if isinstance(data, dict) and isinstance(data.get("x-incidentlint"), dict):
        disable = data["x-incidentlint"].get("disable")
        if isinstance(disable, list):
            for index, name in enumerate(disable):
                if isinstance(name, str):
                    found.items.append(
                        Suppression(name, 0, 0, 0, frozenset(), pointer=f"/x-incidentlint/disable/{index}")
                    )
    return found
