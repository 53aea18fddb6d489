"""What control-character-in-field and invisible-character share: the split of the characters between them, the
quick whole-record question both ask first, and the character names in their messages."""

from __future__ import annotations

import importlib
import re
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentlint.textsafe import _UNSAFE

# Installed as incidentlint.rules (setuptools package-dir), which mypy cannot follow from the source tree.
_characters: Any = importlib.import_module("incidentlint.rules._characters")
CONTROL: re.Pattern[str] = _characters.CONTROL
INVISIBLE: re.Pattern[str] = _characters.INVISIBLE
describe = _characters.describe
may_hide_characters = _characters.may_hide_characters
holds_hidden = _characters.holds_hidden
walk_texts = _characters.walk_texts

#: The Basic Multilingual Plane, and the tag block (plus its neighbours) from the astral planes.
BMP = [chr(code) for code in [*range(0x10000), *range(0xE0000, 0xE0100), 0x1F600] if not 0xD800 <= code <= 0xDFFF]


def test_the_two_rules_split_what_display_escapes_and_share_nothing() -> None:
    # Every character visible() escapes is reported by exactly one rule, except tab, LF and CR (allowed in text)
    # and lone surrogates (refused when the file is loaded).
    control = {char for char in BMP if CONTROL.match(char)}
    invisible = {char for char in BMP if INVISIBLE.match(char)}
    escaped = {char for char in BMP if _UNSAFE.match(char)}
    assert not control & invisible
    assert control | invisible == escaped - {"\t", "\n", "\r"}


def test_control_means_unicode_category_cc_less_tab_lf_and_cr() -> None:
    control = {char for char in BMP if CONTROL.match(char)}
    assert control == {char for char in BMP if unicodedata.category(char) == "Cc"} - {"\t", "\n", "\r"}


def test_names_are_the_standard_abbreviations() -> None:
    assert describe("\x1b") == "U+001B (ESC)"
    assert describe("\x7f") == "U+007F (DEL)"
    assert describe("\x9b") == "U+009B (CSI)"
    assert describe("\u202e") == "U+202E (right-to-left override)"
    assert describe("\u2065") == "U+2065"  # unassigned: no name to give
    for code in [*range(0x20), *range(0x80, 0xA0)]:
        abbreviation = describe(chr(code))[8:-1]
        if abbreviation != "EM":  # ISO 6429's END OF MEDIUM; Python's unicodedata does not know the short alias
            assert unicodedata.lookup(abbreviation) == chr(code), abbreviation


_TEXT = st.text(
    alphabet=st.sampled_from("ab \t\n\r\x00\x1b\x7f\x85\x9b\x9f\xa0\xe9\u061c\u200b\u200d\u202e\u2028\u2066\ufeff🙂"),
    max_size=6,
)
_KEYS = _TEXT | st.integers(0, 3) | st.booleans() | st.none()
_RECORDS = st.dictionaries(
    _TEXT,
    st.recursive(
        _TEXT | st.integers() | st.booleans() | st.none(),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
        max_leaves=12,
    ),
    max_size=5,
)
_EITHER = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_RECORDS)
def test_the_quick_question_is_the_exact_answer(record: dict[Any, Any]) -> None:
    exact = any(_EITHER.search(text) for _, text, _ in walk_texts(record))
    assert may_hide_characters(record) is exact
    assert may_hide_characters(record) is exact  # asked again: the remembered answer


def test_the_utf8_test_agrees_with_the_classes_on_every_character() -> None:
    wrong = [hex(code) for code in range(0x110000) if holds_hidden(chr(code)) is not bool(_EITHER.search(chr(code)))]
    assert wrong == []


#: Characters whose UTF-8 starts with the same byte as a reported one, or ends like one: the near misses.
_NEAR = "a\xa0\xac\xae\xe9\u061b\u180f\u200a\u2014\u2019\u2027\u202f\u205f\u2070\ufeff\ufefe\ufff8\ufffc"
_NEAR += "\U000e0000\U000e0001\U000e0002\U000e001f\U000e0020\U000e007f\U000e0080\U0001f642\x7f\x9f\u200b"


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(_NEAR), max_size=12))
def test_the_utf8_test_agrees_with_the_classes_on_mixed_text(text: str) -> None:
    assert holds_hidden(text) is bool(_EITHER.search(text))


def test_a_text_dense_with_near_misses_gets_the_same_answer_from_one_scan() -> None:
    for filler in ("\u2014", "\xa0", "\u2019é", "\ufffc"):
        dense = filler * 100  # more lead bytes than are looked at one by one
        assert holds_hidden(dense) is False
        for hidden in ("\u200b", "\x85", "\U000e0041", "\x7f"):
            assert holds_hidden(dense + hidden) is True
            assert holds_hidden(hidden + dense) is True


def test_the_remembered_answer_belongs_to_one_record_object() -> None:
    first, second = {"a": "\x1b"}, {"a": "b"}
    assert may_hide_characters(first) is True
    assert may_hide_characters(second) is False  # equal shape, different object: asked afresh
    assert may_hide_characters({"a": "\u200b"}) is True


#: Characters a record may be made of: plain ASCII, every kind the two rules report, and harmless non-ASCII.
_ASCII = ["a", "Z", "0", " ", "'", '"', "\\", "/", "\t", "\n", "\r", "\x00", "\x07", "\x1b", "\x7f"]
_ALPHABET = st.sampled_from(
    [
        *_ASCII,
        *["\x85", "\x9b", "é", "—", "\u200b", "\u202e", "\u2028", "\u2066", "\ufeff", "\u061c", "🙁"],
        *["\x08", "\x0c", "\xa0", "\xad", "\u2019", "\u180e", "\U000e0001", "\U000e007f", "\U000e0080"],
    ]
)
_TEXT = st.text(_ALPHABET, max_size=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(_TEXT, st.one_of(_TEXT, st.lists(_TEXT, max_size=3)), max_size=4),
    st.sampled_from(["json-ascii", "json-utf8", "yaml-ascii", "yaml-utf8"]),
)
def test_the_text_prefilter_never_skips_a_record_with_a_finding(record: dict[str, Any], layout: str) -> None:
    """Both rules let the engine skip them when the file's text is ASCII without a backslash or DEL. Whatever
    the record and however it is written (escaped or raw, JSON or YAML), a skipped rule would have found nothing:
    the engine's answer equals the rule's own answer on the parsed record."""
    import json

    import yaml

    from incidentlint.api import Options
    from incidentlint.config import Config
    from incidentlint.engine import Linter
    from incidentlint.registry import all_rules

    if layout.startswith("json"):
        text = json.dumps(record, ensure_ascii=layout == "json-ascii")
        name = "r.json"
    else:
        text = yaml.safe_dump(record, allow_unicode=layout == "yaml-utf8")
        name = "r.yaml"
    rules = all_rules()
    names = ["control-character-in-field", "invisible-character"]
    result = Linter(Config(select=["parse-error", *names]), rules).lint_text(name, text)
    if any(d.rule == "parse-error" for d in result.diagnostics):
        return  # raw characters YAML refuses (such as U+0085): nothing parsed, nothing for the rules to see
    from incidentlint.loader import parse

    document, _ = parse(name, text)
    assert document is not None
    expected = sorted(
        (rule, finding.pointer, finding.message)
        for rule in names
        for finding in rules[rule].check(document.data, Options({}))
    )
    got = sorted((d.rule, d.pointer, d.message) for d in result.diagnostics if d.rule in names)
    assert got == expected
    if not _characters.text_may_hide(text):
        assert expected == []  # the skip was right, and not vacuous: the prefilter does answer False


#: One record each way a hidden character can be written, by hand as people write them: raw, or by each escape
#: of JSON and of YAML's double-quoted scalars that can write one.
_WRITTEN = [
    ("r.json", '{"a": "x\x7fy"}'),  # DEL, the one control character JSON allows raw
    ("r.json", '{"incident_id": "x\u200by"}'),  # invisible characters are reported in identifiers and keys
    ("r.json", '{"a": "x\\by"}'),
    ("r.json", '{"a": "x\\fy"}'),
    ("r.json", '{"a": "x\\u001by"}'),
    ("r.json", '{"x\\u202e": 1}'),
    ("r.json", '{"incident_id": "\\udb40\\udc01"}'),  # a tag character, as a surrogate pair
    ("r.yaml", "incident_commander: x\u2066y\n"),
    *(("r.yaml", f'a: "x\\{escape}y"\n') for escape in ["0", "a", "b", "v", "f", "e", "N"]),
    *(("r.yaml", f'incident_id: "x\\{escape}y"\n') for escape in ["L", "P", "u00ad", "U000E0041"]),
    ("r.yaml", 'a: "x\\x1by"\n'),
]
#: Texts near those that hold nothing either rule reports: the prefilter must let them through without a walk.
_HARMLESS = [
    '{"a": "x\\ny\\t\\"z\\"\\\\ \\/"}',
    '{"a": "Søren — “quoted” \u00a0 ’"}',
    'a: "x\\_y\\ \\n\\t\\"\\\\\\/"\n',
    "a: 'it''s \u2014 fine'\nb: é\n",
]


def test_each_way_of_writing_a_hidden_character_passes_the_prefilter_and_is_found() -> None:
    from incidentlint.config import Config
    from incidentlint.engine import Linter
    from incidentlint.registry import all_rules

    linter = Linter(Config(select=["control-character-in-field", "invisible-character"]), all_rules())
    for name, text in _WRITTEN:
        assert _characters.text_may_hide(text), (name, text)
        assert [d.rule for d in linter.lint_text(name, text).diagnostics] != [], (name, text)
    for text in _HARMLESS:
        assert not _characters.text_may_hide(text), text
