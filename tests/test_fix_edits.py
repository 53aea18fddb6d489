"""From value-level fix operations to text edits: rendering in the file's style, and what is refused."""

from __future__ import annotations

import pytest

from incidentlint.api import FixOp, Remove, Reorder, Replace
from incidentlint.edits import InvalidFix, Unsupported, apply, edits_for, plain_safe, yaml_double, yaml_single
from incidentlint.loader import parse


def edit(text: str, name: str, *ops: FixOp) -> str:
    document, problems = parse(name, text)
    assert document is not None, problems
    return apply(text, edits_for(document, ops))


def test_yaml_double_escapes_what_yaml_would_fold_or_reject() -> None:
    assert yaml_double('say "hi"\n') == '"say \\"hi\\"\\n"'
    assert yaml_double("a\u2028b\x85c\ufeffd\x7f") == '"a\\u2028b\\u0085c\\ufeffd\\u007f"'
    assert yaml_double("café") == '"café"'


def test_yaml_single_doubles_quotes_and_refuses_line_breaks() -> None:
    assert yaml_single("it's") == "'it''s'"
    assert yaml_single("a\nb") is None
    assert yaml_single("tab\there") is None


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("1h 5m", True),
        ("2024-03-15T14:30:00Z", True),
        ("Sarah Chen - On-call", True),
        ("12", False),
        ("1.5", False),
        ("true", False),
        ("yes", False),
        ("null", False),
        ("", False),
        (" lead", False),
        ("a: b", False),
        ("a #b", False),
        ("- x", False),
        ("[x]", False),
        ("a, b", False),
        ("ends:", False),
        ("'q'", False),
        ("1:30", False),
    ],
)
def test_plain_safe(value: str, safe: bool) -> None:
    assert plain_safe(value) is safe


def test_json_replace_keeps_ascii_escaping_when_the_old_token_used_it() -> None:
    text = '{"title": "caf\\u00e9", "owner": "zoë"}'
    assert edit(text, "r.json", Replace("/title", "naïve")) == '{"title": "na\\u00efve", "owner": "zoë"}'
    assert edit(text, "r.json", Replace("/owner", "naïve")) == '{"title": "caf\\u00e9", "owner": "naïve"}'


def test_json_replace_with_numbers_null_and_lists() -> None:
    text = '{"a": "x", "b": 1}'
    assert edit(text, "r.json", Replace("/a", None), Replace("/b", [1, "2"])) == '{"a": null, "b": [1, "2"]}'


def test_yaml_replace_non_strings_are_written_plain_even_over_quotes() -> None:
    text = "a: 'x'\nb: \"y\"\nc: z\n"
    assert edit(text, "r.yaml", Replace("/a", 5), Replace("/b", True), Replace("/c", None)) == (
        "a: 5\nb: true\nc: null\n"
    )


def test_yaml_plain_value_that_would_change_type_gets_double_quotes() -> None:
    assert edit("a: x\n", "r.yaml", Replace("/a", "12")) == 'a: "12"\n'
    assert edit("a: x\n", "r.yaml", Replace("/a", "no")) == 'a: "no"\n'


def test_yaml_empty_value_gets_a_space_before_the_new_one() -> None:
    assert edit("a:\nb: 1\n", "r.yaml", Replace("/a", "1h")) == "a: 1h\nb: 1\n"
    assert edit("a: \nb: 1\n", "r.yaml", Replace("/a", "1h")) == "a: 1h \nb: 1\n"  # the old trailing space stays


def test_yaml_tag_is_kept() -> None:
    assert edit("a: !!str 1h\n", "r.yaml", Replace("/a", "2h")) == "a: !!str 2h\n"


def test_yaml_clip_block_scalar_takes_a_value_with_one_final_newline_else_becomes_quoted() -> None:
    text = "a: |\n  old\n\nb: 1\n"
    assert edit(text, "r.yaml", Replace("/a", "new\n")) == "a: |\n  new\n\nb: 1\n"
    assert edit(text, "r.yaml", Replace("/a", "new")) == 'a: "new"\n\nb: 1\n'
    assert edit(text, "r.yaml", Replace("/a", "two\nlines\n")) == 'a: "two\\nlines\\n"\n\nb: 1\n'


def test_yaml_keep_and_indented_block_scalars_become_quoted() -> None:
    assert edit("a: |+\n  old\n\nb: 1\n", "r.yaml", Replace("/a", "new\n")) == 'a: "new\\n"\n\nb: 1\n'
    assert edit("a: |2-\n    old\nb: 1\n", "r.yaml", Replace("/a", "new")) == 'a: "new"\nb: 1\n'


def test_yaml_block_collection_cannot_be_replaced_as_text() -> None:
    with pytest.raises(Unsupported):
        edit("a:\n  b: 1\n", "r.yaml", Replace("/a", {"b": 2}))
    assert edit("a: {b: 1}\n", "r.yaml", Replace("/a", {"b": 2})) == 'a: {"b": 2}\n'


def test_compact_nested_sequences_are_not_reordered() -> None:
    with pytest.raises(Unsupported):
        edit("a:\n- - x\n  - y\n", "r.yaml", Reorder("/a/0", (1, 0)))


def test_removing_the_only_item_leaves_an_empty_list() -> None:
    assert edit('{"a": [\n  1\n]}', "r.json", Remove("/a/0")) == '{"a": []}'
    assert edit("a:\n- x\nb: 1\n", "r.yaml", Remove("/a/0")) == "a:\n  []\nb: 1\n"
    assert edit("a: [x]\n", "r.yaml", Remove("/a/0")) == "a: []\n"


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (
            Replace("/missing", 1),
            "the fix replaces /missing, which is not a value in the record (Replace changes a value the record has "
            "and cannot add one)",
        ),
        (Replace("", 1), "the fix replaces the whole record, which is not a value in the record"),
        (Replace("/a", float("nan")), "the new value for /a is nan, which JSON and YAML cannot hold"),
        (Replace("/a", object()), "the new value for /a is a object, not a JSON value"),
        (Reorder("/a", (0, 0)), "the new order [0, 0] for /a is not a rearrangement of its 2 items"),
        (Reorder("/b", (0,)), "the fix rearranges /b, which is not a list in the record"),
        (Remove("/a/2"), "the fix removes /a/2, which is not an item of a list"),
        (Remove("/b"), "the fix removes /b, which is not an item of a list"),
        (Remove("/a/01"), "the fix removes /a/01, whose index has leading zeros"),
    ],
)
def test_impossible_fixes_are_rule_bugs(op: FixOp, message: str) -> None:
    with pytest.raises(InvalidFix) as raised:
        edit('{"a": [1, 2], "b": 3}', "r.json", op)
    assert str(raised.value) == message


def test_a_fix_whose_own_ops_overlap_is_refused() -> None:
    with pytest.raises(InvalidFix, match="overlap each other"):
        edit('{"a": [1, 2]}', "r.json", Remove("/a/0"), Replace("/a/0", 5))
