"""YAML syntax errors in plain words, at the position of their cause (incidentlint/yamlerrors.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint import yamlerrors, yamlload
from tests.helpers import ROOT, position_of, run_cli, run_json

HEAD = "incident_id: INC-2024-0402-002\nseverity: sev3\n"
TAIL = "status: resolved\naffected_services:\n  - search-indexer\n  - listings-api\nincident_commander: Priya Nair\n"


def errors(tmp_path: Path, text: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Exit code and (rule, line, column, message) of each finding for ``text`` saved as a YAML record."""
    path = tmp_path / "inc.yaml"
    path.write_text(text, "utf-8")
    code, report = run_json(str(path))
    return code, [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def syntax(message: str) -> str:
    return "YAML syntax error: " + message


def test_colon_in_a_plain_value_says_to_quote_it_and_shows_the_fixed_line(tmp_path: Path) -> None:
    text = HEAD + "title: Search results: delayed\n" + TAIL
    message = (
        "the value of 'title' contains ': ', which YAML reads as the start of another key; "
        'put the whole value in quotes: title: "Search results: delayed"'
    )
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, ": delayed"), syntax(message))])


def test_colon_in_a_value_with_a_comment_and_double_quotes_suggests_single_quotes(tmp_path: Path) -> None:
    text = HEAD + 'responders:\n  - name: Jonas said "down": paged  # from chat\n' + TAIL
    message = (
        "the value of 'name' contains ': ', which YAML reads as the start of another key; "
        "put the whole value in quotes: - name: 'Jonas said \"down\": paged'"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, ": paged"), syntax(message))])


def test_the_suggested_line_shows_hidden_characters_as_escapes(tmp_path: Path) -> None:
    text = HEAD + "title: Search\u202e results: delayed\n" + TAIL
    code, [(_, _, _, message)] = errors(tmp_path, text)
    assert code == 1
    assert message.endswith('put the whole value in quotes: title: "Search\\u202e results: delayed"')


def test_a_line_indented_under_a_value_is_reported_at_its_key(tmp_path: Path) -> None:
    text = HEAD + "status: resolved\n  bad: indent\nduration: 55m\n"
    message = (
        "this line is indented more than line 3 above it, so YAML reads it as more of the value there, not as a "
        "new key; indent it like the keys around it, or quote that value if this text belongs to it"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 3, syntax(message))])


def test_a_tab_indenting_a_list_item_is_named_because_the_code_frame_shows_a_space(tmp_path: Path) -> None:
    text = HEAD + "affected_services:\n\t- search-indexer\n  - listings-api\n"
    message = (
        "a tab at the start of line 4 indents it, but YAML indentation must be spaces; replace the tab with spaces"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 1, syntax(message))])
    code, out, _ = run_cli("--color", "never", str(tmp_path / "inc.yaml"))
    assert code == 1
    assert "4 |  - search-indexer\n  | ^\n" in out  # the frame shows the tab as a space, so only the message names it


def test_a_tab_after_spaces_of_indentation_is_named_with_its_column(tmp_path: Path) -> None:
    text = "detection_details:\n  detection_method: automated_monitoring\n  \talert_source: lag\n"
    message = (
        "a tab in the indentation of line 3 (column 3) indents it, but YAML indentation must be spaces; "
        "replace the tab with spaces"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 3, syntax(message))])


def test_an_unclosed_quote_is_reported_where_it_opens_not_at_the_end_of_the_file(tmp_path: Path) -> None:
    text = HEAD + 'title: "Search results delayed by a stuck indexing queue\n' + TAIL
    message = 'the quote (") opened here is never closed; add the closing " at the end of the value'
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 8, syntax(message))])


def test_an_unclosed_single_quote_in_a_list_item(tmp_path: Path) -> None:
    text = HEAD + "affected_services:\n  - 'search-indexer\n  - listings-api\n"
    message = "the quote (') opened here is never closed; add the closing ' at the end of the value"
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 5, syntax(message))])


def test_a_quote_closed_only_by_a_later_lines_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = HEAD + 'title: "Search results delayed\nstatus: resolved\ncustomer_impact: "none"\n'
    message = (
        'the quote (") opened here is not closed on this line, so the value runs on to the " on line 5; '
        'add the closing " at the end of this value'
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 8, syntax(message))])


def test_text_after_a_quoted_value_says_to_quote_all_of_it_or_none(tmp_path: Path) -> None:
    text = HEAD + 'title: "Search results" delayed by 5 minutes\n' + TAIL
    message = "there is text after the quoted value of 'title'; put the whole value in quotes, or remove the quotes"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "delayed"), syntax(message))])


def test_text_after_a_quoted_list_item(tmp_path: Path) -> None:
    text = HEAD + "affected_services:\n  - 'search' indexer\n"
    message = "there is text after a quoted value; put the whole value in quotes, or remove the quotes"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "indexer"), syntax(message))])


@pytest.mark.parametrize(
    ("line", "quote", "fixed", "meant"),
    [
        # The audit found these called "text after the quoted value; put the whole value in quotes", which it was.
        ('title: "Search "results" delayed"', '"', "title: 'Search \"results\" delayed'", 'Search "results" delayed'),
        (
            'title: "Search delayed by a stuck "indexing" queue',
            '"',
            "title: 'Search delayed by a stuck \"indexing\" queue'",
            'Search delayed by a stuck "indexing" queue',
        ),
        ("title: 'Search isn't working'", "'", 'title: "Search isn\'t working"', "Search isn't working"),
        (
            "title: 'Search isn't working'  # from chat",
            "'",
            'title: "Search isn\'t working"',
            "Search isn't working",
        ),
        ("title: 'Search isn't working", "'", 'title: "Search isn\'t working"', "Search isn't working"),
        ("title: 'isn't \"up\"'", "'", "title: 'isn''t \"up\"'", 'isn\'t "up"'),
    ],
)
def test_a_quote_inside_a_quoted_value_says_which_quote_ends_it_and_how_to_keep_it(
    tmp_path: Path, line: str, quote: str, fixed: str, meant: str
) -> None:
    text = HEAD + line + "\n" + TAIL
    column = line.index(quote, 8) + 1  # the quote that closes the value early
    message = (
        f"the {quote} at column {column} ends the quoted value early, so YAML cannot read the text after it; "
        f"to keep the {quote} as part of the value, write {fixed}"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, column, syntax(message))])
    assert yaml.safe_load(fixed) == {"title": meant}


def test_text_after_a_quoted_value_keeps_its_message_when_the_quote_is_followed_by_a_space(tmp_path: Path) -> None:
    # '"a" and "b"' may be meant as text with quotes or as one quoted part: no suggestion is better than a wrong one.
    text = HEAD + 'title: "Search" and "Checkout" down\n' + TAIL
    message = "there is text after the quoted value of 'title'; put the whole value in quotes, or remove the quotes"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "and"), syntax(message))])


def test_a_quote_inside_a_value_with_backslash_escapes_keeps_the_general_message(tmp_path: Path) -> None:
    # Single quotes would read "\\" as two backslashes: the suggestion would change the value.
    text = HEAD + 'title: "C:\\\\temp "x" y"\n' + TAIL
    message = "there is text after the quoted value of 'title'; put the whole value in quotes, or remove the quotes"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, 'x" y'), syntax(message))])


def test_a_list_item_at_the_wrong_indentation_names_the_item_to_line_up_with(tmp_path: Path) -> None:
    text = HEAD + "affected_services:\n  - search-indexer\n - listings-api\n"
    message = (
        "this list item is indented 1 space, but the item on line 4 is indented 2 spaces; "
        "line up the '-' of items in the same list"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 5, 2, syntax(message))])


def test_a_key_at_a_list_items_indentation(tmp_path: Path) -> None:
    text = HEAD + "responders:\n  - name: Jonas Berg\n  role: Search Engineer\n"
    message = (
        "this line is indented like the list item on line 4 but does not start with '- '; "
        "indent it under that item if it belongs to it, or start a new item with '- '"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 5, 3, syntax(message))])


def test_a_key_lined_up_with_no_mapping(tmp_path: Path) -> None:
    text = "detection_details:\n  detection_method: automated_monitoring\n alert_source: lag\n"
    message = (
        "this line is indented 1 space, which lines up with no key above it; "
        "indent it like the other keys of the mapping it belongs to"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 2, syntax(message))])


def test_a_key_without_a_space_after_its_colon_is_reported_at_that_colon(tmp_path: Path) -> None:
    text = HEAD + "title:Search results delayed\n" + TAIL
    message = (
        "'title:Search results delayed' has no space after the colon, so YAML reads the whole line as text, "
        "not as a key and a value; write title: Search results delayed"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 6, syntax(message))])


def test_a_line_without_a_colon_in_a_mapping(tmp_path: Path) -> None:
    text = HEAD + "resolved\n" + TAIL
    message = (
        "line 3 ('resolved') is not a key and a value; write it as key: value, "
        "or indent it under the value it continues"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 1, syntax(message))])


@pytest.mark.parametrize(
    ("line", "shown", "fixed"),
    [
        ("incident_commander: @priya\n", "'@'", 'incident_commander: "@priya"'),
        ("title: `reindex` stalled\n", "'`'", 'title: "`reindex` stalled"'),
        ("affected_services:\n  - @search/indexer\n", "'@'", '- "@search/indexer"'),
    ],
)
def test_a_value_starting_with_a_reserved_character_says_to_quote_it(
    tmp_path: Path, line: str, shown: str, fixed: str
) -> None:
    text = HEAD + line
    message = f"a YAML value cannot start with {shown}; put the whole value in quotes: {fixed}"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, shown[1]), syntax(message))])


def test_an_unclosed_bracket_is_reported_where_it_opens(tmp_path: Path) -> None:
    text = HEAD + "affected_services: [search-indexer, listings-api\n" + TAIL
    message = "the list opened with '[' here is never closed; add ']' after its last item"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "["), syntax(message))])


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("tags: {a: 1 b: 2}", "b"),
        ("tags: {a: 1, b: 2 c: 3}", "c"),
        ('tags: {"a": 1 b: 2}', "b"),
        ("tags: {summary: db down again owner: sam}", "owner"),
        ("tags: {a: 1 b-c.d: 2}", "b-c.d"),
    ],
)
def test_a_missing_comma_in_a_bracketed_mapping_is_placed_before_the_key(tmp_path: Path, line: str, key: str) -> None:
    # YAML reads "1 b" as one value and stops at the colon after it; the comma belongs before the key "b".
    text = HEAD + line + "\n"
    message = (
        f"expected ',' before '{key}' to separate the items of the mapping opened with '{{' at column 7, "
        "or '}' to close it"
    )
    row, _ = position_of(text, line)
    column = line.rindex(f" {key}: ") + 2  # 1-based, after the space
    assert errors(tmp_path, text) == (1, [("parse-error", row, column, syntax(message))])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_missing_comma_in_a_mapping_written_over_lines_is_not_called_unclosed(tmp_path: Path, newline: str) -> None:
    text = HEAD.replace("\n", newline) + f"tags: {{team: search{newline}  owner: priya}}{newline}"
    message = (
        "expected ',' before 'owner' to separate the items of the mapping opened with '{' at column 7, "
        "or '}' to close it"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 3, syntax(message))])
    unclosed = HEAD + "tags: {team: search,\n  owner: priya\n"  # the comma is there; the '}' is not
    message = "the mapping opened with '{' here is never closed; add '}' after its last item"
    assert errors(tmp_path, unclosed) == (1, [("parse-error", 3, 7, syntax(message))])


def test_a_missing_comma_before_a_quoted_key_keeps_the_general_message(tmp_path: Path) -> None:
    text = HEAD + 'tags: {a: 1 "b": 2}\n'
    message = "expected ',' between the items of the mapping opened with '{' at column 7, or '}' to close it"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, ": 2"), syntax(message))])


def test_an_unknown_backslash_escape_in_double_quotes(tmp_path: Path) -> None:
    text = HEAD + 'runbook: "C:\\runbooks\\search.md"\n'
    # "\\r" is a carriage return, so the first escape YAML does not know is "\\s". Fixing only that one would leave
    # the carriage return in the value (the message once said nothing about it), so the message names it.
    message = "\\s is not an escape YAML knows inside double quotes, and YAML read the \\r before it as a carriage "
    message += "return; write \\\\ for each backslash, or put the value in single quotes, where a backslash is just a "
    message += "backslash"
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "\\s"), syntax(message))])


def test_errors_without_a_plain_explanation_keep_pyyamls_words(tmp_path: Path) -> None:
    text = HEAD + "affected_services: [search-indexer, ,]\n"
    message = "did not find expected node content (while parsing a flow node)"
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 37, syntax(message))])


CASES = [
    HEAD + "title: Search results: delayed\n",
    HEAD + 'title: "Search results delayed\n' + TAIL,
    HEAD + 'title: "Search results" delayed by 5 minutes\n' + TAIL,
    HEAD + "affected_services:\n\t- search-indexer\n",
    HEAD + "affected_services:\n  - search-indexer\n - listings-api\n",
    HEAD + "affected_services: [search-indexer, listings-api\n" + TAIL,
    HEAD + 'runbook: "C:\\runbooks\\search.md"\n',
    HEAD + 'title: "Search "results" delayed"\n' + TAIL,
    HEAD + "title: 'Search isn't working\n" + TAIL,
    HEAD + "responders:\n  - Priya Nair\n  -name: Jonas Berg\n",
    HEAD + "affected_services:\n  - search-indexer\n  listings-api\n",
    HEAD + 'runbook: "C:\\new\\temp\\indexer"\n',
    HEAD + 'runbook: "C:\\temp\\Users"\n',
    HEAD + "title: Search results delayed\n...\nstatus: resolved\n",
    HEAD + "description: >- A consumer deployment stalled\n  the search indexing queue.\nstatus: resolved\n",
    HEAD + "description: >-\n  A consumer deployment stalled\nthe search indexing queue.\nstatus: resolved\n",
    HEAD + "description: |\n    Consumer stalled.\n  Queue drained.\nstatus: resolved\n",
    HEAD
    + "technical_details:\n  root_cause: A consumer release changed the ack mode,\n so batches were redelivered.\n",
    HEAD + "response_details:\n  time_to_response: {value: 4m\n  time_to_resolution: PT55M\n",
    HEAD + 'runbook: "C:\\runbooks\\"\nstatus: resolved\n',
]


@pytest.mark.parametrize("text", CASES)
def test_pure_pyyaml_gets_the_same_explanations_as_libyaml(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    # PyYAML built without libyaml words its errors differently; the explanations must not depend on which.
    with_libyaml = yamlload.load_yaml(text)[2]
    monkeypatch.setattr(yamlload, "_Loader", yaml.SafeLoader)
    monkeypatch.setattr(yamlerrors, "_Loader", yaml.SafeLoader)
    assert yamlload.load_yaml(text)[2] == with_libyaml
    assert with_libyaml[0].message.startswith("YAML syntax error: ")
    assert "(while " not in with_libyaml[0].message


def test_a_glued_key_opening_a_nested_mapping_is_reported_at_its_colon(tmp_path: Path) -> None:
    # The first line under "response_details:" reads as text, which runs on into the next line's key.
    text = HEAD + "response_details:\n  time_to_response:4m\n  time_to_resolution: PT55M\n"
    message = (
        "'time_to_response:4m' has no space after the colon, so YAML reads the whole line as text, "
        "not as a key and a value; write time_to_response: 4m"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 19, syntax(message))])


def test_a_key_with_no_colon_before_another_key_is_reported_on_its_own_line(tmp_path: Path) -> None:
    text = (
        HEAD + "detection_details:\n  detection_method automated_monitoring\n  detection_time: 2024-04-02T09:18:00Z\n"
    )
    message = (
        "line 4 ('detection_method automated_monitoring') is not a key and a value; write it as key: value, "
        "or indent it under the value it continues"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 4, 3, syntax(message))])


def test_a_list_item_on_the_same_line_as_its_key(tmp_path: Path) -> None:
    text = HEAD + "response_details:\n  executives_notified: - false\n"
    message = (
        "a '- ' list item cannot start on the same line as its key; put each item on a line of its own, "
        "indented under the key, or quote the value if the '-' is part of the text"
    )
    assert errors(tmp_path, text) == (1, [("parse-error", *position_of(text, "- false"), syntax(message))])


@pytest.mark.parametrize(
    "value",
    ["Search results: delayed", 'Jonas said "down": paged', "C:\\runbooks: see it's there", "a: b  # note"],
)
def test_the_suggested_line_fixes_the_record(tmp_path: Path, value: str) -> None:
    text = HEAD + f"title: {value}\n" + TAIL
    code, [(_, _, _, message)] = errors(tmp_path, text)
    fixed_line = message.split("put the whole value in quotes: ", 1)[1]
    fixed = yaml.safe_load(HEAD + fixed_line + "\n" + TAIL)
    assert (code, fixed["title"]) == (1, value.split("  #")[0])


EXAMPLE_YAML = (ROOT / "examples" / "INC-2024-0402-002.yaml").read_text("utf-8")
BREAKS = [":", ": ", '"', "'", "\t", "-", "- ", " ", "  ", "[", "{", "]", "}", "@", "`", "\\", "#", "\n", "|", "%"]


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(BREAKS)), min_size=1, max_size=3))
def test_hand_edit_mistakes_never_raise_and_land_inside_the_file(edits: list[tuple[float, str]]) -> None:
    text = EXAMPLE_YAML
    for where, inserted in edits:
        index = int(where * len(text))
        text = text[:index] + inserted + text[index:]
    _, _, problems = yamlload.load_yaml(text)
    for problem in problems:
        assert 0 <= problem.offset <= len(text)
        # The three wordings the message audit found most confusing always get a plain explanation.
        for jargon in ("not allowed in this context", "cannot start any token", "unexpected end of stream"):
            assert jargon not in problem.message


@pytest.mark.parametrize(
    ("line", "char", "meaning", "fixed"),
    [
        ("title: [WIP] Search results delayed\n", "[", "a list", 'title: "[WIP] Search results delayed"'),
        ("title: {draft} Search results delayed\n", "{", "a mapping", 'title: "{draft} Search results delayed"'),
        (
            "customer_impact: *all* sellers\n",
            "*",
            "a reference to another value (an alias)",
            'customer_impact: "*all* sellers"',
        ),
        ("duration: > 5 minutes\n", ">", "the start of a block of text on the lines below", 'duration: "> 5 minutes"'),
        ("responders:\n  - [bot] pager\n", "[", "a list", '- "[bot] pager"'),
    ],
)
def test_a_value_starting_with_yaml_syntax_says_to_quote_it(
    tmp_path: Path, line: str, char: str, meaning: str, fixed: str
) -> None:
    text = HEAD + line + TAIL
    message = f"YAML reads a value starting with '{char}' as {meaning}; put the whole value in quotes: {fixed}"
    assert errors(tmp_path, text) == (
        1,
        [("parse-error", *position_of(text, char + line.split(char, 1)[1][:3]), syntax(message))],
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # An editor's byte order mark in the middle of the file (two files pasted together) was 'did not find
        # expected key', one column past the invisible character.
        (
            "title: x\n\ufeffstatus: resolved\n",
            2,
            1,
            "a byte order mark (U+FEFF, invisible in most editors) is not allowed here; remove it",
        ),
        # A key left out was 'indented 0 spaces, which lines up with no key above it'.
        (
            ": resolved\n",
            1,
            1,
            "this line starts with ':', so the key before it is missing; write the field's name before the colon, "
            "like 'status: resolved'",
        ),
        # Past 1,024 characters YAML ends a key, and the advice to quote a value 'containing ': '' did not say why.
        (
            "x" * 1100 + ": and more\n",
            1,
            1101,
            "YAML reads the 1,100 characters before this ': ' as a key, and a key can be at most 1,024 characters "
            "long; if this is text, put it in quotes or under a key ('description: |' and the text indented below it)",
        ),
    ],
    ids=["byte-order-mark", "missing-key", "long-key"],
)
def test_a_hidden_mark_a_missing_key_and_an_overlong_key_are_named(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    assert errors(tmp_path, text) == (1, [("parse-error", line, column, syntax(message))])


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # '-item' was "line 5 ('-listings-api') is not a key and a value; write it as key: value".
        (
            "affected_services:\n  - search-indexer\n  -listings-api\n",
            3,
            3,
            "'-listings-api' has no space after the '-', so YAML reads it as text, not as a list item; "
            "write - listings-api",
        ),
        # With a key after the glued '-', it was "does not start with '- '", which it literally does.
        (
            "responders:\n  - Priya Nair\n  -name: Jonas Berg\n    role: Search Engineer\n",
            3,
            3,
            "'-name: Jonas Berg' has no space after the '-', so YAML reads it as text, not as a list item; "
            "write - name: Jonas Berg",
        ),
        # A forgotten '- ' was "is not a key and a value; write it as key: value".
        (
            "affected_services:\n  - search-indexer\n  listings-api\n",
            3,
            3,
            "line 3 ('listings-api') is indented like the list item on line 2 but does not start with '- '; "
            "if it is another item of that list, write - listings-api",
        ),
        (
            "affected_services:\n- search-indexer\n# the API too\nlistings-api\nstatus: resolved\n",
            4,
            1,
            "line 4 ('listings-api') is indented like the list item on line 2 but does not start with '- '; "
            "if it is another item of that list, write - listings-api",
        ),
    ],
    ids=["glued-dash", "glued-dash-before-a-key", "missing-dash", "missing-dash-after-a-comment"],
)
def test_a_list_item_without_its_dash_or_its_space_says_what_to_write(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    assert errors(tmp_path, text) == (1, [("parse-error", line, column, syntax(message))])


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        (
            '"C:\\new\\temp\\indexer"',
            22,
            "\\i is not an escape YAML knows inside double quotes, and YAML read the \\n and \\t before it as a line "
            "break and a tab; write \\\\ for each backslash, or put the value in single quotes, where a backslash is "
            "just a backslash",
        ),
        (
            '"lag_seconds > \\d+"',
            25,
            "\\d is not an escape YAML knows inside double quotes; write \\\\ for a backslash, or put the value in "
            "single quotes, where a backslash is just a backslash",
        ),
        (  # an escaped backslash before the refused escape is not one YAML took as a character
            '"\\\\server\\share"',
            19,
            "\\s is not an escape YAML knows inside double quotes; write \\\\ for a backslash, or put the value in "
            "single quotes, where a backslash is just a backslash",
        ),
        # \U, \u and \x were "did not find expected hexdecimal number (while parsing a quoted scalar)", after it.
        (
            '"C:\\Users\\deploy"',
            13,
            "\\U inside double quotes starts a character code and must be followed by 8 hex digits; write \\\\ for "
            "a backslash, or put the value in single quotes, where a backslash is just a backslash",
        ),
        (
            '"C:\\temp\\xray"',
            18,
            "\\x inside double quotes starts a character code and must be followed by 2 hex digits, and YAML read "
            "the \\t before it as a tab; write \\\\ for each backslash, or put the value in single quotes, where "
            "a backslash is just a backslash",
        ),
        (
            '"id \\u12"',
            14,
            "\\u inside double quotes starts a character code and must be followed by 4 hex digits; write \\\\ for "
            "a backslash, or put the value in single quotes, where a backslash is just a backslash",
        ),
        (
            '"D:\\new\\n1\\n2\\temp\\t3\\data"',
            31,
            "\\d is not an escape YAML knows inside double quotes, and YAML read the \\n and \\t before it as a line "
            "break and a tab; write \\\\ for each backslash, or put the value in single quotes, where a backslash is "
            "just a backslash",
        ),
    ],
    ids=["windows-path", "regex", "escaped-backslash", "unicode-8", "hex-2", "unicode-4", "each-escape-once"],
)
def test_a_refused_backslash_escape_is_named_with_the_escapes_yaml_took_before_it(
    tmp_path: Path, value: str, column: int, message: str
) -> None:
    text = HEAD + f"runbook: {value}\n" + TAIL
    assert errors(tmp_path, text) == (1, [("parse-error", 3, column, syntax(message))])


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # Was "did not find expected <document start>", on the line after the '...'.
        (
            "title: Search results delayed\n...\nstatus: resolved\n",
            2,
            1,
            "the '...' on line 2 marks the end of the YAML document, so the lines after it cannot be part of this "
            "record; remove the '...'",
        ),
        # Was "YAML reads a value starting with '>' as ...; put the whole value in quotes: description: \">- A ...\"".
        (
            "description: >- A consumer deployment stalled\n  the search indexing queue.\nstatus: resolved\n",
            1,
            17,
            "the text of a block ('>-') starts on the line below it, but this line has text after '>-'; move "
            "'A consumer deployment stalled' to the next line, indented like the lines below it, or put the whole "
            "value in quotes if the '>' is part of the text",
        ),
        # A line of a block less indented than the rest was "not a key and a value; write it as key: value".
        (
            "description: >-\n  A consumer deployment stalled\nthe search indexing queue.\nstatus: resolved\n",
            3,
            1,
            "line 3 is indented 0 spaces, less than the block of text that starts on line 1 ('description: >-'), so "
            "YAML ends the block before it; indent it 2 spaces like the text of the block",
        ),
        # ... or "indented 1 space, which lines up with no key above it", when it lined up with none.
        (
            "description: |\n    Consumer stalled.\n\n    # not a comment here\n  Queue drained.\nstatus: resolved\n",
            5,
            3,
            "line 5 is indented 2 spaces, less than the block of text that starts on line 1 ('description: |'), so "
            "YAML ends the block before it; indent it 4 spaces like the text of the block",
        ),
        (
            "responders:\n  - notes: |\n      paged at 09:18\n     joined at 09:20\n",
            4,
            6,
            "line 4 is indented 5 spaces, less than the block of text that starts on line 2 ('- notes: |'), so YAML "
            "ends the block before it; indent it 6 spaces like the text of the block",
        ),
        # A plain value wrapped onto a line indented less than its key was "lines up with no key above it".
        (
            "technical_details:\n  root_cause: A consumer release changed the ack mode,\n"
            " so batches were redelivered.\n",
            3,
            2,
            "line 3 is indented 1 space, no more than the key 'root_cause' on line 2, so YAML does not read it as "
            "more of that value; if it continues the value, indent it more than the key, or join the two lines",
        ),
        # A '{' never closed, followed by the record's next key, was "expected ',' before 'time_to_resolution'".
        (
            "response_details:\n  time_to_response: {value: 4m\n  time_to_resolution: PT55M\n",
            2,
            21,
            "the mapping opened with '{' here is never closed; add '}' after its last item",
        ),
        # A Windows path ending in a backslash was "the quote (\") opened here is never closed", at the quote.
        (
            'runbook: "C:\\runbooks\\"\nstatus: resolved\n',
            1,
            22,
            'the \\" at the end of this line is a quote inside the value, not its end, so the quote opened at '
            'column 10 is never closed; write \\\\ for a backslash (\\\\") or put the value in single quotes, '
            "where a backslash is just a backslash",
        ),
    ],
    ids=[
        "document-end",
        "text-beside-block-indicator",
        "block-line-at-key-indentation",
        "block-line-lining-up-with-no-key",
        "block-in-a-list-item",
        "plain-value-wrapped-too-far-left",
        "unclosed-brace-before-next-key",
        "escaped-closing-quote",
    ],
)
def test_mistakes_reported_away_from_their_cause_are_explained_at_it(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    assert errors(tmp_path, text) == (1, [("parse-error", line, column, syntax(message))])


def test_a_value_starting_with_a_bang_is_refused_as_a_tag_with_the_line_that_keeps_it_text(tmp_path: Path) -> None:
    text = HEAD + "customer_impact: !important sellers could not list\n" + TAIL
    message = (
        "the tag !important is not supported; incident records use plain JSON values; if this value is text that "
        "starts with '!', put the whole value in quotes: customer_impact: \"!important sellers could not list\""
    )
    assert errors(tmp_path, text) == (1, [("parse-error", 3, 18, message)])
