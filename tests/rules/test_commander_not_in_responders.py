"""commander-not-in-responders (IL105)."""

from __future__ import annotations

import importlib
import unicodedata
from typing import Any

import pytest

from tests.rules import as_json, as_yaml, assert_silent, findings_both, lint_json, lint_yaml

RULE = "commander-not-in-responders"

JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": [
    "Sarah Chen - On-call Engineer",
    "Tom Wilson - Database Team Lead"
  ]
}
"""

YAML = """incident_commander: Mike Rodriguez   # led the bridge
responders:
  - Sarah Chen - On-call Engineer
  - name: Tom Wilson
    role: Database Team Lead
"""

ADD = (
    "incident_commander 'Mike Rodriguez' is not among the responders; "
    "add 'Mike Rodriguez - Incident Commander' to responders"
)


def test_fires_at_incident_commander_in_json() -> None:
    assert lint_json(RULE, JSON) == [(2, 25, ADD)]


def test_fires_at_incident_commander_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [(1, 21, ADD)]


def test_suggests_a_close_spelling() -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodrigues - Incident Commander"]}
    expected = (
        "incident_commander 'Mike Rodriguez' is not among the responders; did you mean 'Mike Rodrigues'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    ("commander", "responder", "shown"),
    [
        ("Mike", "Mike Rodriguez - Incident Commander", "Mike Rodriguez"),  # the first name alone
        ("Mike Rodriguez", "Mike - Incident Commander", "Mike"),  # the full name only in incident_commander
        ("Siobhán", "Siobhán Ní Bhriain - IC", "Siobhán Ní Bhriain"),  # too short for a close spelling
    ],
)
def test_names_a_responder_whose_name_holds_the_commanders_or_the_other_way_round(
    commander: str, responder: str, shown: str
) -> None:
    # Adding 'Mike - Incident Commander' would list one person twice; the names should agree instead.
    record = {"incident_commander": commander, "responders": ["Sarah Chen - On-call Engineer", responder]}
    expected = (
        f"incident_commander '{commander}' is not among the responders; '{shown}' among the responders may be "
        "them: write the same full name in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_first_name_shared_by_two_responders_names_neither() -> None:
    record = {"incident_commander": "Mike", "responders": ["Mike Rodriguez - IC", "Mike Chen - SRE"]}
    expected = "incident_commander 'Mike' is not among the responders; add 'Mike - Incident Commander' to responders"
    assert findings_both(RULE, record) == ([expected], [expected])


def test_an_empty_list_has_no_commander() -> None:
    record: dict[str, Any] = {"incident_commander": "Mike Rodriguez", "responders": []}
    assert findings_both(RULE, record) == ([ADD], [ADD])


def test_commander_text_is_quoted_safely() -> None:
    record = {"incident_commander": "Mike\x1b[31m", "responders": ["Sarah Chen"]}
    expected = (
        "incident_commander 'Mike\\x1b[31m' is not among the responders; "
        "add 'Mike\\x1b[31m - Incident Commander' to responders"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "responders",
    [
        ["Sarah Chen - On-call Engineer", "Mike Rodriguez - Incident Commander"],
        ["mike rodriguez - Incident Commander"],  # case-insensitive
        ["  Mike   Rodriguez  - IC"],  # trimmed, inner spaces collapsed
        ["Mike Rodriguez"],  # a bare name
        ["Mike Rodriguez - Incident Commander - Payments"],  # split on the first " - " only
        ["Mike Rodriguez \u2013 Incident Commander"],  # en dash, as a word processor writes " - "
        ["Mike Rodriguez \u2014 Incident Commander"],  # em dash
        ["Mike Rodriguez\u00a0\u2013\u00a0IC"],  # no-break spaces around the dash
        ["Mike Rodriguez \u2014 IC - Payments \u2013 EU"],  # the first separator of any kind
        [{"name": "MIKE RODRIGUEZ", "role": "Incident Commander"}],
        [42, None, {"role": "IC"}, "Mike Rodriguez - IC"],  # malformed entries are skipped
    ],
)
def test_silent_when_the_commander_is_listed(responders: list[Any]) -> None:
    assert_silent(RULE, {"incident_commander": " Mike Rodriguez ", "responders": responders})


@pytest.mark.parametrize(
    "record",
    [
        {"responders": ["Sarah Chen - On-call Engineer"]},
        {"incident_commander": "Mike Rodriguez"},
        {"incident_commander": "Mike Rodriguez", "responders": "Sarah Chen"},
        {"incident_commander": "Mike Rodriguez", "responders": {"name": "Sarah Chen"}},
        {"incident_commander": "", "responders": ["Sarah Chen"]},
        {"incident_commander": "   ", "responders": ["Sarah Chen"]},
        {"incident_commander": ["Mike Rodriguez"], "responders": ["Sarah Chen"]},
        {"incident_commander": None, "responders": ["Sarah Chen"]},
    ],
)
def test_silent_when_an_input_is_absent_or_malformed(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


EN_DASH_JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": [
    "Sarah Chen \u2013 On-call Engineer",
    "Mike Rodriguez \u2013 Incident Commander"
  ]
}
"""

EN_DASH_YAML = """incident_commander: Mike Rodriguez
responders:
  - Sarah Chen \u2014 On-call Engineer
  - Mike Rodriguez \u2014 Incident Commander
"""


def test_a_dash_between_name_and_role_is_read_as_the_separator_in_json_and_yaml() -> None:
    """A responder line auto-corrected by a word processor (' - ' became an en or em dash) names the same person:
    the rule used to ask for a line that looked identical to the one already there."""
    assert lint_json(RULE, EN_DASH_JSON) == []
    assert lint_yaml(RULE, EN_DASH_YAML) == []


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "-"])
def test_a_dash_without_spaces_is_part_of_the_name(dash: str) -> None:
    # "Mike Rodriguez–IC" has no separator: the whole line is the name, so the commander is not found, and the
    # advice offers the closest name spelt as written.
    record = {"incident_commander": "Mike Rodriguez", "responders": [f"Mike Rodriguez{dash}IC"]}
    expected = (
        f"incident_commander 'Mike Rodriguez' is not among the responders; did you mean 'Mike Rodriguez{dash}IC'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_dash_in_the_role_still_leaves_a_different_name_reported() -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen \u2013 On-call Engineer"]}
    assert lint_json(RULE, as_json(record)) == [(2, 25, ADD)]
    assert lint_yaml(RULE, as_yaml(record)) == [(1, 21, ADD)]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


ZOE_NFD = nfd("Zo\u00eb Hartmann")


# Text pasted on macOS often arrives decomposed: "e" followed by U+0308 instead of U+00EB; it looks the same.
NFD_JSON = """{
  "incident_commander": "Zo\u00eb Hartmann",
  "responders": [
    "Sarah Chen - On-call Engineer",
    "ZOE"
  ]
}
""".replace("ZOE", nfd("Zo\u00eb Hartmann - Observability (IC)"))

NFD_YAML = """incident_commander: Zo\u00eb Hartmann
responders:
  - Sarah Chen - On-call Engineer
  - ZOE
""".replace("ZOE", nfd("Zo\u00eb Hartmann - Observability (IC)"))


def test_a_decomposed_name_is_the_same_name_in_json_and_yaml() -> None:
    assert nfd("Zo\u00eb") != "Zo\u00eb"
    assert lint_json(RULE, NFD_JSON) == []
    assert lint_yaml(RULE, NFD_YAML) == []


@pytest.mark.parametrize(
    ("commander", "responder"),
    [
        (nfd("Zo\u00eb Hartmann"), "Zo\u00eb Hartmann - IC"),  # either side may be the decomposed one
        ("Ren\u00e9e O'Connor", "Ren\u00e9e O\u2019Connor - Incident Commander"),  # a word processor's apostrophe
        ("Ren\u00e9e O\u2019Connor", "Ren\u00e9e O'Connor - IC"),
        ("Ren\u00e9e O'Connor", "Ren\u00e9e O\u02bcConnor - IC"),  # modifier letter apostrophe
        ("Ren\u00e9e O'Connor", "Ren\u00e9e O\uff07Connor - IC"),  # full-width apostrophe (NFKC)
        ("Gerard 't Hooft", "Gerard \u2018t Hooft - IC"),  # an apostrophe that starts a word becomes U+2018
        ("Sarah Chen-Lee", "Sarah Chen\u2011Lee - IC"),  # a non-breaking hyphen inside the name
        ("Mike Rodriguez", "\uff2d\uff49\uff4b\uff45 \uff32\uff4f\uff44\uff52\uff49\uff47\uff55\uff45\uff5a - IC"),
        ("\u5c71\u7530 \uff80\uff9b\uff73", "\u5c71\u7530 \u30bf\u30ed\u30a6 - IC"),  # half-width katakana
        ("Jan Gri\ufb03n", "Jan Griffin - IC"),  # a ligature
        ("Hans Stra\u00dfer", "HANS STRASSER - IC"),  # case folding, not lower(): \u00df is ss
        ("Zo\u00eb\u00a0Hartmann", "zo\u00eb  hartmann - IC"),
    ],
)
def test_silent_for_the_same_name_in_another_unicode_form(commander: str, responder: str) -> None:
    assert_silent(RULE, {"incident_commander": commander, "responders": ["Sarah Chen - SRE", responder]})


def test_an_accent_is_not_dropped() -> None:
    # Normalisation keeps letters as written: "Zoe" and "Zo\u00eb" are spelt differently, and the author should
    # pick one. The suggestion is the responder's name as written, decomposed.
    record = {"incident_commander": "Zoe Hartmann", "responders": [ZOE_NFD + " - IC"]}
    expected = (
        "incident_commander 'Zoe Hartmann' is not among the responders; "
        f"did you mean '{ZOE_NFD}'? Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "responder",
    [
        "Mike Rodriguez (Incident Commander)",
        "Mike Rodriguez -- Incident Commander",
        "Mike Rodriguez --- IC",
        "Mike Rodriguez \u2212 IC",  # minus sign
        "Mike Rodriguez \u2015 IC",  # horizontal bar
        "Mike Rodriguez - Incident Commander (acting)",  # the dash comes first
        "Mike Rodriguez (IC) - Payments",
        "Mike Rodriguez (IC (acting))",  # the bracket that the last one closes
        "Mike Rodriguez\u00a0(IC)",
        "  Mike Rodriguez (IC)  ",
        "Mike Rodriguez <mike@example.com> - Incident Commander",  # an email address, as git and mail write it
        "Mike Rodriguez <mike@example.com> (IC)",
        "Mike Rodriguez <mike@example.com>",
    ],
)
def test_silent_for_other_ways_of_writing_name_and_role(responder: str) -> None:
    assert_silent(RULE, {"incident_commander": "Mike Rodriguez", "responders": [responder]})


def test_an_email_address_after_the_commanders_name_names_the_same_person() -> None:
    record = {"incident_commander": "Mike Rodriguez <mike@example.com>", "responders": ["Mike Rodriguez - IC"]}
    assert_silent(RULE, record)


@pytest.mark.parametrize(
    ("responder", "shown"),
    [
        ("<mike@example.com> - IC", "<mike@example.com>"),  # an address alone is what the entry names
        ("Mike Rodriguez <mike> - IC", "Mike Rodriguez <mike>"),  # no '@': not an address
    ],
)
def test_only_an_email_address_after_a_name_is_cut(responder: str, shown: str) -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": [responder]}
    assert findings_both(RULE, record)[0][0].startswith("incident_commander 'Mike Rodriguez' is not among the")
    common = importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping
    assert common.responder_name(responder) == shown


PARENS_JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": ["Mike Rodriguez (Incident Commander)", "Yuki Sato -- API"]
}
"""

PARENS_YAML = """incident_commander: Mike Rodriguez
responders:
  - Mike Rodriguez -- Incident Commander
  - Yuki Sato (API)
"""


def test_bracketed_and_double_hyphen_roles_are_read_in_json_and_yaml() -> None:
    assert lint_json(RULE, PARENS_JSON) == []
    assert lint_yaml(RULE, PARENS_YAML) == []


@pytest.mark.parametrize(
    ("responder", "shown"),
    [
        ("Mike Rodriguez(IC)", "Mike Rodriguez(IC)"),  # no space before the bracket: part of the name
        ("Mike Rodriguez (IC))", "Mike Rodriguez (IC))"),  # unbalanced
        ("Mike Rodriguez (IC) x", "Mike Rodriguez (IC) x"),  # the bracket does not end the line
    ],
)
def test_a_bracket_that_does_not_end_the_line_after_a_space_is_part_of_the_name(responder: str, shown: str) -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": [responder]}
    expected = (
        f"incident_commander 'Mike Rodriguez' is not among the responders; did you mean '{shown}'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


ROLE_JSON = """{
  "incident_commander": "Mike Rodriguez - Incident Commander",
  "responders": ["Sarah Chen - SRE", "Mike Rodriguez - Incident Commander"]
}
"""

ROLE_YAML = """responders:
  - Sarah Chen - SRE
  - Mike Rodriguez (IC)
incident_commander: Mike Rodriguez (IC)
"""


def test_a_role_in_incident_commander_asks_for_the_name_only_in_json() -> None:
    assert lint_json(RULE, ROLE_JSON) == [
        (
            2,
            25,
            "incident_commander 'Mike Rodriguez - Incident Commander' holds a role as well as a name; "
            "write the name only: 'Mike Rodriguez'",
        )
    ]


def test_a_role_in_incident_commander_asks_for_the_name_only_in_yaml() -> None:
    assert lint_yaml(RULE, ROLE_YAML) == [
        (
            4,
            21,
            "incident_commander 'Mike Rodriguez (IC)' holds a role as well as a name; "
            "write the name only: 'Mike Rodriguez'",
        )
    ]


def test_a_role_in_incident_commander_is_reported_even_with_another_name_form() -> None:
    record = {"incident_commander": "mike rodriguez \u2013 IC", "responders": [{"name": "Mike Rodriguez"}]}
    expected = (
        "incident_commander 'mike rodriguez \u2013 IC' holds a role as well as a name; "
        "write the name only: 'mike rodriguez'"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize("commander", ["Mike Rodriguez - Incident Commander", "Mike Rodriguez (Incident Commander)"])
def test_a_missing_commander_with_a_role_gets_the_role_once(commander: str) -> None:
    record = {"incident_commander": commander, "responders": ["Sarah Chen - SRE"]}
    expected = (
        f"incident_commander '{commander}' is not among the responders; add 'Mike Rodriguez - Incident Commander' "
        "to responders, and write the name only in incident_commander: 'Mike Rodriguez'"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_misspelt_commander_with_a_role_is_offered_the_responders_name() -> None:
    record = {"incident_commander": "Mike Rodrigues - IC", "responders": ["Mike Rodriguez - IC"]}
    expected = (
        "incident_commander 'Mike Rodrigues - IC' is not among the responders; did you mean 'Mike Rodriguez'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


NO_COMMA = "a comma does not separate a name from a role, as names such as 'Smith, Jr.' hold one"

COMMA_JSON = """{
  "incident_commander": "Mike Rodriguez",
  "responders": ["Mike Rodriguez, Incident Commander", "Yuki Sato, Search"]
}
"""

COMMA_YAML = """incident_commander: Mike Rodriguez
responders:
  - Mike Rodriguez, Incident Commander
  - Yuki Sato, Search
"""


def test_a_comma_is_not_a_separator_but_the_advice_names_the_entry_in_json_and_yaml() -> None:
    expected = (
        "incident_commander 'Mike Rodriguez' is not among the responders; if responders[0] "
        f"'Mike Rodriguez, Incident Commander' is them, write 'Mike Rodriguez - Incident Commander' ({NO_COMMA})"
    )
    assert lint_json(RULE, COMMA_JSON) == [(2, 25, expected)]
    assert lint_yaml(RULE, COMMA_YAML) == [(1, 21, expected)]


def test_a_comma_in_incident_commander_is_not_a_separator_either() -> None:
    record = {"incident_commander": "Mike Rodriguez, IC", "responders": ["Mike Rodriguez - IC"]}
    expected = (
        "incident_commander 'Mike Rodriguez, IC' is not among the responders; "
        f"if it means 'Mike Rodriguez', write the name only ({NO_COMMA})"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    ("responder", "spelt", "mark"),
    [
        ("Mike Rodriguez: Incident Commander", "Mike Rodriguez - Incident Commander", "':'"),
        ("Mike Rodriguez / IC", "Mike Rodriguez - IC", "'/'"),
        ("Mike Rodriguez | IC", "Mike Rodriguez - IC", "'|'"),
    ],
)
def test_a_colon_slash_or_bar_gets_the_dash_advice_not_a_spelling_to_copy(
    responder: str, spelt: str, mark: str
) -> None:
    # Before, 'Mike Rodriguez / IC' was offered as the spelling to use in incident_commander too, which would put
    # the role into the name in both places.
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen - SRE", responder]}
    expected = (
        f"incident_commander 'Mike Rodriguez' is not among the responders; if responders[1] '{responder}' is them, "
        f"write '{spelt}' ({mark} does not separate a name from a role; a dash with a space either side does)"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_colon_in_incident_commander_gets_the_name_only_advice() -> None:
    record = {"incident_commander": "Mike Rodriguez: IC", "responders": ["Mike Rodriguez - IC"]}
    expected = (
        "incident_commander 'Mike Rodriguez: IC' is not among the responders; if it means 'Mike Rodriguez', write "
        "the name only (':' does not separate a name from a role; a dash with a space either side does)"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    ("commander", "responders"),
    [
        ("Smith, Jr.", ["Smith, Jr. - SRE"]),
        ("Smith, Jr.", ["Smith, Jr. (SRE)"]),
        ("Ann Lee, Ph.D.", ["Ann Lee, Ph.D. -- IC"]),
    ],
)
def test_a_name_with_a_comma_is_found(commander: str, responders: list[str]) -> None:
    assert_silent(RULE, {"incident_commander": commander, "responders": responders})


@pytest.mark.parametrize(
    ("commander", "responder"),
    [
        ("Smith, Jr.", "Smith - SRE"),  # a name suffix after the comma: not a role, and maybe the father
        ("Smith", "Smith, Jr."),
        ("Smith", "Smith, Jr. - SRE"),  # a dash already separates the role: the comma is in the name
        ("Ann Lee", "Ann Lee, Ph.D."),
        # every suffix of the list, as people write them
        ("Smith", "Smith, Sr."),
        ("Smith", "Smith, II"),
        ("Smith", "Smith, III"),
        ("Smith", "Smith, iv"),
        ("Smith", "Smith, M.D."),
        ("Smith", "Smith, Esq."),
    ],
)
def test_a_name_suffix_after_a_comma_gets_no_comma_advice(commander: str, responder: str) -> None:
    record = {"incident_commander": commander, "responders": [responder]}
    expected = (
        f"incident_commander '{commander}' is not among the responders; "
        f"add '{commander} - Incident Commander' to responders"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_text_too_long_for_a_name_is_offered_no_spelling() -> None:
    # difflib takes seconds over two long, similar texts; no name is 200 characters long.
    record = {"incident_commander": "a" * 201, "responders": ["a" * 200 + "b"]}
    shown = "'" + "a" * 79 + "\u2026'"
    expected = f"incident_commander {shown} is not among the responders; add {shown} to responders"
    assert findings_both(RULE, record) == ([expected], [expected])
    record = {"incident_commander": "a" * 200, "responders": ["a" * 199 + "b"]}
    expected = f"incident_commander {shown} is not among the responders; did you mean {shown}? "
    assert findings_both(RULE, record) == (
        [expected + "Use the same spelling in both places"],
        [expected + "Use the same spelling in both places"],
    )


TARO = "\u5c71\u7530\u592a\u90ce"  # Yamada Taro
COMMANDER = "\u30a4\u30f3\u30b7\u30c7\u30f3\u30c8\u30b3\u30de\u30f3\u30c0\u30fc"  # incident commander, in katakana


@pytest.mark.parametrize(
    "responder",
    [
        f"{TARO}\uff08IC\uff09",  # full-width brackets, with no space before them, as Japanese text writes them
        f"{TARO} \uff08{COMMANDER}\uff09",
        f"{TARO}\u3000\uff08IC\uff09",  # an ideographic space
        f"{TARO}(IC)",  # ASCII brackets straight after a CJK character
        f"{TARO}\uff08IC\uff08\u4ee3\u884c\uff09\uff09",  # a bracket inside the role: 'acting'
        f"{TARO}\uff08IC\uff09 - Payments",
    ],
)
def test_silent_for_a_role_in_brackets_after_a_cjk_name(responder: str) -> None:
    assert_silent(RULE, {"incident_commander": TARO, "responders": [responder]})


@pytest.mark.parametrize("responder", ["\u5c71\uff08IC\uff08\u4ee3\u884c\uff09\uff09", "\u5c71(IC (acting))"])
def test_a_one_character_cjk_name_keeps_a_role_with_a_bracket_inside_it_apart(responder: str) -> None:
    # The bracket that opens the role is the second character: the search for it must reach it.
    assert_silent(RULE, {"incident_commander": "\u5c71", "responders": [responder]})


@pytest.mark.parametrize(
    "responder",
    [
        f"{TARO}\uff08IC\uff09\u62c5\u5f53",  # the bracket does not end the entry
        f"{TARO}\uff08IC)",  # a full-width bracket closed by an ASCII one: no pair
    ],
)
def test_full_width_brackets_that_do_not_end_the_entry_in_a_pair_are_part_of_the_name(responder: str) -> None:
    # Read as one name, too far from the commander's for difflib to offer it as a spelling.
    record = {"incident_commander": TARO, "responders": [responder]}
    expected = (
        f"incident_commander '{TARO}' is not among the responders; add '{TARO} - Incident Commander' to responders"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


CJK_ROLE_JSON = f"""{{
  "incident_commander": "{TARO}\uff08IC\uff09",
  "responders": ["{TARO} - {COMMANDER}"]
}}
"""

CJK_ROLE_YAML = f"""responders:
  - {TARO} \uff08{COMMANDER}\uff09
incident_commander: {TARO}\uff08{COMMANDER}\uff09
"""


def test_a_role_in_full_width_brackets_in_incident_commander_asks_for_the_name_only_in_json() -> None:
    assert lint_json(RULE, CJK_ROLE_JSON) == [
        (
            2,
            25,
            f"incident_commander '{TARO}\uff08IC\uff09' holds a role as well as a name; write the name only: '{TARO}'",
        )
    ]


def test_a_role_in_full_width_brackets_in_incident_commander_asks_for_the_name_only_in_yaml() -> None:
    assert lint_yaml(RULE, CJK_ROLE_YAML) == [
        (
            3,
            21,
            f"incident_commander '{TARO}\uff08{COMMANDER}\uff09' holds a role as well as a name; "
            f"write the name only: '{TARO}'",
        )
    ]


def test_a_mark_with_nothing_after_it_is_not_a_role_separator() -> None:
    # 'Mike Rodriguez:' has no role after the colon: a misspelling to correct, not a name and a role to split.
    record = {"incident_commander": "Mike Rodriguez:", "responders": ["Mike Rodriguez - IC"]}
    expected = (
        "incident_commander 'Mike Rodriguez:' is not among the responders; did you mean 'Mike Rodriguez'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_name_with_no_separator_mark_gets_the_spelling_advice() -> None:
    # No ',', ':', '|' or '/' in 'Sarah Chenn': its last letter is not read as a mark between a name and a role.
    record = {"incident_commander": "Sarah Chenn", "responders": ["Sarah Chen - SRE"]}
    expected = (
        "incident_commander 'Sarah Chenn' is not among the responders; did you mean 'Sarah Chen'? "
        "Use the same spelling in both places"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


def test_a_mark_with_no_space_after_it_still_gives_the_whole_role() -> None:
    record = {"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen - SRE", "Mike Rodriguez/IC"]}
    expected = (
        "incident_commander 'Mike Rodriguez' is not among the responders; if responders[1] 'Mike Rodriguez/IC' is "
        "them, write 'Mike Rodriguez - IC' ('/' does not separate a name from a role; a dash with a space either "
        "side does)"
    )
    assert findings_both(RULE, record) == ([expected], [expected])


# Paging tools (PagerDuty, Opsgenie) name people by email address, and teams copy that into incident_commander.
ADDRESS_JSON = """{
  "incident_commander": "priya.shah@example.com",
  "responders": [
    "Priya Shah <priya.shah@example.com> - Incident Commander",
    "Marco Rossi <marco.rossi@example.com> - Identity on-call"
  ]
}
"""

ADDRESS_YAML = """incident_commander: Priya.Shah@Example.com
responders:
  - Marco Rossi - Identity on-call
  - Priya Shah <priya.shah@example.com>
"""


def test_a_commander_named_by_email_address_is_the_responder_with_that_address() -> None:
    assert lint_json(RULE, ADDRESS_JSON) == []
    assert lint_yaml(RULE, ADDRESS_YAML) == []


@pytest.mark.parametrize(
    "commander",
    ["<priya.shah@example.com>", "PRIYA.SHAH@EXAMPLE.COM", " priya.shah@example.com "],
)
def test_a_commanders_address_matches_in_brackets_in_any_case_and_trimmed(commander: str) -> None:
    record = {"incident_commander": commander, "responders": ["Priya Shah <priya.shah@example.com> (IC)"]}
    assert_silent(RULE, record)


MISSING_ADDRESS_JSON = """{
  "incident_commander": "priya.shah@example.com",
  "responders": [
    "Priya Shah <priya@example.com> - Incident Commander",
    "Marco Rossi - IC backup, pages <priya.shah@example.com>"
  ]
}
"""


def test_an_address_no_responder_gives_after_their_name_is_still_reported() -> None:
    # Another address of hers, and this one only in a role: neither says she is the one listed.
    assert lint_json(RULE, MISSING_ADDRESS_JSON) == [
        (
            2,
            25,
            "incident_commander 'priya.shah@example.com' is not among the responders; add "
            "'priya.shah@example.com - Incident Commander' to responders",
        )
    ]


OBJECT_ADDRESS_YAML = """incident_commander: Priya Shah
responders:
  - name: Priya Shah <priya.shah@example.com>
    role: Incident Commander
"""


def test_an_email_address_after_a_responder_objects_name_is_not_part_of_it() -> None:
    assert lint_yaml(RULE, OBJECT_ADDRESS_YAML) == []
    by_address = {
        "incident_commander": "priya.shah@example.com",
        "responders": [{"name": "Priya Shah <priya.shah@example.com>"}],
    }
    assert_silent(RULE, by_address)


def test_a_responder_object_under_another_name_is_still_missing() -> None:
    record = {"incident_commander": "Priya Shah", "responders": [{"name": "Marco Rossi <priya.shah@example.com>"}]}
    expected = "incident_commander 'Priya Shah' is not among the responders; add 'Priya Shah - Incident Commander' to "
    expected += "responders"
    assert findings_both(RULE, record) == ([expected], [expected])


HANDLE_JSON = """{
  "incident_commander": "@alex.kim",
  "responders": ["Sofia Rossi (@sofia) - Streaming", "Alex Kim (@Alex.Kim) - Incident Commander"]
}
"""


def test_a_commander_named_by_chat_handle_is_the_responder_with_that_handle() -> None:
    assert lint_json(RULE, HANDLE_JSON) == []
    assert_silent(RULE, {"incident_commander": "(@alex.kim)", "responders": [{"name": "Alex Kim (@alex.kim)"}]})


def test_a_handle_no_responder_gives_after_their_name_is_still_reported() -> None:
    record = {
        "incident_commander": "@alex",
        "responders": ["Alex Kim (@alex.kim) - IC", "Sofia Rossi - IC, pages @alex"],
    }
    expected = "incident_commander '@alex' is not among the responders; add '@alex - Incident Commander' to responders"
    assert findings_both(RULE, record) == ([expected], [expected])
