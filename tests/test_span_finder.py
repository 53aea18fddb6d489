"""The JSON span finder: one pointer's span without building them all, the same span build_spans gives."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentlint import pointer as jp
from incidentlint.config import Config
from incidentlint.document import FIND_LIMIT, Span
from incidentlint.engine import Linter
from incidentlint.jsonload import build_spans, find_span
from incidentlint.loader import parse
from incidentlint.registry import all_rules
from tests.helpers import EXAMPLE
from tests.test_properties_loader import DOCUMENTS, _pointers

# Separators with every kind of JSON white space around them, a lone CR included.
SEPARATORS = st.sampled_from([(",", ":"), (", ", ": "), (" ,\r\n\t", " \r: \n"), ("\n,", "\t:\t")])


def _missing(pointers: list[str]) -> list[str]:
    """Pointers next to real ones that lead nowhere: a key or an index too many, an index written '01' or '-'."""
    out = ["/no such key", "/01", "/-", "/0/0/0/0"]
    for pointer in pointers[:10]:
        out.extend([pointer + "/x", pointer + "/0", pointer + "/00", pointer + "/999", pointer + "/-1"])
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=DOCUMENTS, separators=SEPARATORS, indent=st.sampled_from([None, 2, "\t"]), ascii_only=st.booleans())
def test_find_span_gives_what_build_spans_gives(
    data: Any, separators: tuple[str, str], indent: int | str | None, ascii_only: bool
) -> None:
    text = " \n" + json.dumps(data, indent=indent, separators=separators, ensure_ascii=ascii_only) + "\r\n"
    spans = build_spans(text)
    pointers = list(_pointers(data))
    assert set(spans) == set(pointers)
    for pointer in pointers:
        assert find_span(text, pointer) == spans[pointer], pointer
    for pointer in _missing(pointers):
        assert find_span(text, pointer) == spans.get(pointer), pointer


def test_find_span_on_the_reference_record() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    spans = build_spans(text)
    assert len(spans) == 69
    assert all(find_span(text, pointer) == span for pointer, span in spans.items())
    start = text.index('"severity"')
    value = text.index('"sev2"')
    assert find_span(text, "/severity") == Span(value, value + 6, start, start + 10)
    assert find_span(text, "/responders/9") is None
    assert find_span(text, "/severity/0") is None


def _document(text: str) -> Any:
    document, problems = parse("r.json", text)
    assert document is not None, problems
    return document


def test_a_file_with_few_findings_is_positioned_without_building_every_span() -> None:
    record = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    record["severity"] = "SEV2"
    text = json.dumps(record, indent=2)
    document = _document(text)
    diagnostics = Linter(Config(), all_rules()).lint_document(document)
    assert [(d.rule, d.line, d.column, d.end_column) for d in diagnostics] == [("schema", 5, 15, 21)]
    assert document._spans is None, "one finding built the spans of the whole record"
    assert list(document._found) == ["/severity"]


def test_past_the_limit_every_span_is_built_and_the_answers_do_not_change() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    document = _document(text)
    pointers = list(build_spans(text))
    answers = [document.span(pointer) for pointer in pointers[: FIND_LIMIT + 3]]
    assert document._spans is not None
    assert len(document._found) == FIND_LIMIT
    assert answers == [build_spans(text)[pointer] for pointer in pointers[: FIND_LIMIT + 3]]


def test_a_record_with_a_duplicate_key_takes_its_positions_from_the_scanner() -> None:
    # The finder takes a key's first occurrence; the data (and the scanner's spans) have the last one's value.
    text = '{"status": "open",\n "status": 5}'
    document = _document(text)
    assert document.span_finder is None
    span = document.span("/status")
    assert span is not None and text[span.start : span.end] == "5"
    assert jp.resolve(document.data, "/status") == 5
