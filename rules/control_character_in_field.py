"""control-character-in-field: no escape sequences or other control characters hidden in a record's text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._characters import CONTROL, may_hide_characters, occurrences, text_may_hide, walk_texts
from ._common import where

ADVICE = "control characters are invisible in most viewers and can rewrite the terminal that displays the record"


@rule(
    code="IL121",
    name="control-character-in-field",
    severity="error",
    summary="A string value or key contains a control character other than tab, line feed or carriage return.",
    rationale=(
        "JSON and YAML can carry any character as an escape ('\\u001b', YAML's '\\e' or '\\x9b'), and a record "
        "holding one looks harmless in an editor. Printed by cat, git log, a CI log or any tool that does not "
        "escape it, an ESC or C1 CSI/OSC character starts a terminal escape sequence that can recolour or hide "
        "text, move the cursor, set the window title or, through OSC 52, write to the clipboard; NUL, BEL and "
        "backspace corrupt or hide text too. MITRE lists this weakness as CWE-150 (improper neutralization of "
        "escape, meta or control sequences), with terminal escapes in log files among its examples. incidentlint "
        "itself always escapes them on display, but the record travels further. Every string value and every key "
        "is checked, at any depth and under 'x-' keys too, for C0 control characters (U+0000-U+001F), DEL "
        "(U+007F) and C1 control characters (U+0080-U+009F). Tab, line feed and carriage return are allowed: "
        "narrative fields are written in YAML block scalars or with '\\n', and that text is meant to have lines. "
        "Remove the character; there is no automatic fix, because what the text should have said instead is not "
        'known. A control character that a backslash of a Windows path became ("C:\\bin" holds a backspace) is '
        "reported by the path-escape check instead while that check is on, with what to write."
    ),
    valid=[
        {"title": "Checkout down", "description": "Line one.\nLine two,\twith a tab.\r\n"},
        {"title": "Café checkout down — 50% of payments failed 🙁", "x-notes": {"zoë": "ok"}},
    ],
    invalid=[
        {"title": "\u001b]52;c;Y3VybCBldmlsLnNo\u0007Checkout down"},
        {"technical_details": {"root_cause": "A bad query \u009b31m in v2.3.1"}},
        {"technical_details": {"error_metrics": {"peak\u0000rate": "45%"}}},
    ],
    prefilter=text_may_hide,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    if not may_hide_characters(record):
        return  # the common case, answered for the whole record at once
    for locate, text, is_key in walk_texts(record):
        if CONTROL.search(text) is None:
            continue
        pointer = locate()
        found, pronoun = occurrences(text, [match.start() for match in CONTROL.finditer(text)], "control")
        if is_key:
            message = f"the key {where(pointer)} contains {found}; rename the key without {pronoun}: {ADVICE}"
        else:
            message = f"{where(pointer)} contains {found} ({show_value(text, 60)}); remove {pronoun}: {ADVICE}"
        yield Finding(pointer, message, on_key=is_key)
