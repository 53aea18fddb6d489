"""placeholder-text (IL113)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.api import Options, show_value
from tests.helpers import EXAMPLE, linter, position_of, reference, run_json
from tests.rules import assert_silent, catalogue, findings_both, lint_json, lint_yaml

RULE = "placeholder-text"
ADVICE = "; replace it with the real content before the record is published"

JSON = """{
  "title": "Checkout down",
  "description": "TODO: write this after the review",
  "technical_details": {"root_cause": "tbd", "TBD": "a key is never a placeholder"},
  "affected_services": ["payments", "<service name>"],
  "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "N/A"}]
}
"""

YAML = """title: Checkout down
description: |
  Lorem ipsum dolor sit amet.
responders:
  - Sarah Chen - On-call Engineer
  - name: XXX
technical_details:
  rollback_target: "FIXME."
"""


def test_fires_at_each_placeholder_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (3, 18, "description starts with the placeholder 'TODO' ('TODO: write this after the review')" + ADVICE),
        (4, 39, "technical_details.root_cause is the placeholder 'tbd'" + ADVICE),
        (5, 37, "affected_services[1] is the placeholder '<service name>'" + ADVICE),
        (6, 74, "communication_log[0].message is the placeholder 'N/A'" + ADVICE),
    ]


def test_fires_at_each_placeholder_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (2, 14, "description starts with the placeholder 'Lorem ipsum' ('Lorem ipsum dolor sit amet.')" + ADVICE),
        (6, 11, "responders[1].name is the placeholder 'XXX'" + ADVICE),
        (8, 20, "technical_details.rollback_target is the placeholder 'FIXME'" + ADVICE),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "TBDs are gone",  # a longer word
        "todo-api",  # a service name
        "XXXL instances",
        "N/Aish",
        "The TODO list service was down",  # not at the start
        "<= 5% of requests failed",
        "< 1 minute",
        "<>",
        "",
        "Data not applicable",
    ],
)
def test_silent_on_ordinary_text(value: str) -> None:
    assert_silent(RULE, {"description": value})


def test_keys_are_never_checked() -> None:
    assert_silent(RULE, {"technical_details": {"error_metrics": {"TODO": 1, "<placeholder>": "45%"}}})


def test_values_under_extension_keys_are_skipped() -> None:
    assert_silent(RULE, {"x-notes": "TODO: link dashboards", "technical_details": {"x-draft": ["TBD", {"a": "XXX"}]}})


def test_deep_nesting_is_walked_without_recursion() -> None:
    deep: Any = "TBD"
    for _ in range(5000):
        deep = [deep]
    expected = "technical_details.error_metrics.series" + "[0]" * 5000
    # The engine's loader limits depth, so call the rule directly for a record no file could hold.
    rule = catalogue()[RULE]
    (finding,) = rule.check({"technical_details": {"error_metrics": {"series": deep}}}, Options(rule.options))
    assert finding.pointer == "/technical_details/error_metrics/series" + "/0" * 5000
    assert finding.message.startswith(expected[:119] + "… is the placeholder 'TBD'")


def test_words_option_replaces_the_list() -> None:
    record = {"title": "PENDING: name this", "description": "TBD"}
    expected = "title starts with the placeholder 'PENDING' ('PENDING: name this')" + ADVICE
    assert findings_both(RULE, record, words=["pending"]) == ([expected], [expected])


def test_angle_brackets_are_checked_even_with_no_words() -> None:
    record = {"title": "<title>", "description": "TBD"}
    expected = "title is the placeholder '<title>'" + ADVICE
    assert findings_both(RULE, record, words=[]) == ([expected], [expected])


def test_multi_word_phrases_allow_any_spacing() -> None:
    expected = "description is the placeholder 'LOREM  IPSUM'" + ADVICE
    assert findings_both(RULE, {"description": "LOREM  IPSUM"}) == ([expected], [expected])


def test_pointer_tokens_are_escaped() -> None:
    record = {"technical_details": {"error_metrics": {"a/b~c": "TBD"}}}
    messages = findings_both(RULE, record)
    expected = "technical_details.error_metrics.a/b~c is the placeholder 'TBD'" + ADVICE
    assert messages == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    ["<service name>", "<root cause>", "<TICKET-ID>", "<fill me in>", "<owner's name>", "<owner\u2019s name>"],
)
def test_angle_bracket_placeholders_name_what_belongs_there(value: str) -> None:
    expected = f"description is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_an_angle_bracket_placeholder_at_the_start_of_longer_text() -> None:
    record = {"root_cause": "<root cause> \u2013 to be written after the review"}
    expected = (
        "root_cause starts with the placeholder '<root cause>' ('<root cause> \u2013 to be written after the review')"
        + ADVICE
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "<1% of requests failed outright; p99 latency >3s for 40 minutes",  # a comparison, then another
        "<https://jira.example.com/browse/PAY-1234>",  # a Markdown autolink
        "<mailto:oncall@example.com>",
        "<b>Investigating</b> elevated errors",  # markup, closed later in the value
        "<em>Resolved</em>",
        '<a href="https://status.example.com">status page</a>',
        "<5 minutes of downtime>",  # starts with a digit
        "<_internal>",
        "<p99 latency > 3s for 40 minutes",  # a comparison: the name would end in a space
        "<" + "a" * 61 + ">",  # longer than any placeholder name
        "<x\ny>",  # a line break inside
    ],
)
def test_angle_brackets_around_content_are_not_placeholders(value: str) -> None:
    assert_silent(RULE, {"customer_impact": value})


def test_the_longest_angle_bracket_placeholder_is_sixty_characters() -> None:
    value = "<" + "a" * 60 + ">"
    expected = f"description is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


ANGLE_JSON = """{
  "customer_impact": "<1% of requests failed outright; p99 latency >3s for 40 minutes",
  "communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "<b>Investigating</b> payment issues"}],
  "preliminary_action_items": [
    {"description": "Add an index", "ticket": "<https://jira.example.com/browse/PAY-1234>"},
    {"description": "Add an alert", "ticket": "<TICKET-ID>"}
  ]
}
"""

ANGLE_YAML = """customer_impact: <1% of requests failed outright; p99 latency >3s for 40 minutes
communication_log:
  - timestamp: 2024-03-15T14:50:00Z
    message: <b>Investigating</b> payment issues
preliminary_action_items:
  - description: Add an index
    ticket: <https://jira.example.com/browse/PAY-1234>
  - description: Add an alert
    ticket: <TICKET-ID>
"""


def test_only_the_real_angle_bracket_placeholder_fires_in_json() -> None:
    assert lint_json(RULE, ANGLE_JSON) == [
        (6, 47, "preliminary_action_items[1].ticket is the placeholder '<TICKET-ID>'" + ADVICE)
    ]


def test_only_the_real_angle_bracket_placeholder_fires_in_yaml() -> None:
    assert lint_yaml(RULE, ANGLE_YAML) == [
        (9, 13, "preliminary_action_items[1].ticket is the placeholder '<TICKET-ID>'" + ADVICE)
    ]


KINDS_JSON = """{
  "description": "FILL ME IN",
  "customer_impact": "? unclear how many users",
  "business_impact": "(TBD)",
  "detection_details": {"alert_source": "{{ alert_source }}"},
  "technical_details": {"root_cause": "?", "rollback_target": "...", "resolution_method": "[fill in]"},
  "affected_services": ["[service name]", "TBC", "\\u2014", "xxx-large"],
  "communication_log": [
    {"message": "TBD - waiting on vendor"},
    {"message": "TODO list endpoints failing for onboarding cohort, rolling back."},
    {"message": "[UPDATE] Payments restored"}
  ]
}
"""

KINDS_YAML = """description: FILL ME IN
business_impact: (TBD)
detection_details:
  alert_source: "{{ alert_source }}"
technical_details:
  root_cause: "?"
  rollback_target: ...
  resolution_method: [fill in]
affected_services:
  - "[service name] was down"
  - tba
  - "-"
  - "[1] https://example.com/postmortem-guide"
communication_log:
  - message: "TODO: add graphs"
  - message: Fill in the gaps in monitoring for checkout
  - message: "[runbook](https://example.com/runbook) updated"
"""


def test_fires_at_each_new_kind_of_placeholder_in_json() -> None:
    assert lint_json(RULE, KINDS_JSON) == [
        (2, 18, "description is the placeholder 'FILL ME IN'" + ADVICE),
        (3, 22, "customer_impact starts with the placeholder '?' ('? unclear how many users')" + ADVICE),
        (4, 22, "business_impact is the placeholder '(TBD)'" + ADVICE),
        (5, 41, "detection_details.alert_source is the placeholder '{{ alert_source }}'" + ADVICE),
        (6, 39, "technical_details.root_cause is the placeholder '?'" + ADVICE),
        (6, 63, "technical_details.rollback_target is the placeholder '...'" + ADVICE),
        (6, 91, "technical_details.resolution_method is the placeholder '[fill in]'" + ADVICE),
        (7, 25, "affected_services[0] is the placeholder '[service name]'" + ADVICE),
        (7, 43, "affected_services[1] is the placeholder 'TBC'" + ADVICE),
        (7, 50, "affected_services[2] is the placeholder '\u2014'" + ADVICE),
        (
            9,
            17,
            "communication_log[0].message starts with the placeholder 'TBD' ('TBD - waiting on vendor')" + ADVICE,
        ),
    ]


def test_fires_at_each_new_kind_of_placeholder_in_yaml() -> None:
    assert lint_yaml(RULE, KINDS_YAML) == [
        (1, 14, "description is the placeholder 'FILL ME IN'" + ADVICE),
        (2, 18, "business_impact is the placeholder '(TBD)'" + ADVICE),
        (4, 17, "detection_details.alert_source is the placeholder '{{ alert_source }}'" + ADVICE),
        (6, 15, "technical_details.root_cause is the placeholder '?'" + ADVICE),
        (7, 20, "technical_details.rollback_target is the placeholder '...'" + ADVICE),
        # Unquoted, YAML reads '[fill in]' as a list holding 'fill in': the word is still the whole value.
        (8, 23, "technical_details.resolution_method[0] is the placeholder 'fill in'" + ADVICE),
        (
            10,
            5,
            "affected_services[0] starts with the placeholder '[service name]' ('[service name] was down')" + ADVICE,
        ),
        (11, 5, "affected_services[1] is the placeholder 'tba'" + ADVICE),
        (12, 5, "affected_services[2] is the placeholder '-'" + ADVICE),
        (15, 14, "communication_log[0].message starts with the placeholder 'TODO' ('TODO: add graphs')" + ADVICE),
    ]


REFERENCE_FIELDS = {"root_cause": "technical_details.root_cause", "alert_source": "detection_details.alert_source"}


@pytest.mark.parametrize("key", sorted(REFERENCE_FIELDS))
@pytest.mark.parametrize("value", ["?", "???", "TBC", "{{ root_cause }}", "[fill in]", "FILL ME IN", "..."])
def test_the_audited_placeholders_in_the_reference_record(key: str, value: str) -> None:
    # The audit's finding: each of these, written into the reference record, passed without a word from any rule.
    text = EXAMPLE.read_text("utf-8")
    before = f'"{key}": "'
    start = text.index(before) + len(before) - 1
    end = text.index('"', start + 1) + 1
    text = text[:start] + json.dumps(value) + text[end:]
    line, column = position_of(text, before)
    result = linter().lint_text(EXAMPLE.name, text)
    expected = f"{REFERENCE_FIELDS[key]} is the placeholder {show_value(value)}" + ADVICE
    assert [(d.rule, d.line, d.column, d.message) for d in result.diagnostics] == [
        (RULE, line, column + len(before) - 1, expected)
    ]


def test_the_reference_record_stays_clean() -> None:
    assert linter().lint_text(EXAMPLE.name, EXAMPLE.read_text("utf-8")).diagnostics == []
    assert_silent(RULE, reference())


@pytest.mark.parametrize("word", ["TBC", "tba", "Fill In", "fill  me in", "FILL ME IN."])
def test_the_new_default_words(word: str) -> None:
    expected = f"description is the placeholder '{word.rstrip('.')}'" + ADVICE
    assert findings_both(RULE, {"description": word}) == ([expected], [expected])


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("TODO: add graphs", "TODO"),
        ("TBD - waiting on vendor", "TBD"),
        ("TBD \u2014 waiting on vendor", "TBD"),
        ("TBD\u2014waiting on vendor", "TBD"),
        ("TBD (vendor)", "TBD"),
        ("TBD, vendor to confirm", "TBD"),
        ("TBD; vendor to confirm", "TBD"),
        ("TBD. Vendor to confirm", "TBD"),
        ("TBD\nVendor to confirm", "TBD"),
        ("N/A - no customer impact", "N/A"),
        ("Fill in: the root cause", "Fill in"),
        ("tbc [vendor]", "tbc"),
        ("TODO #123 add graphs", "TODO"),
        ("TBD @sarah.chen to confirm", "TBD"),
    ],
)
def test_a_word_set_off_by_punctuation_starts_a_placeholder(value: str, found: str) -> None:
    excerpt = value.replace("\n", "\\x0a")
    expected = f"description starts with the placeholder '{found}' ('{excerpt}')" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "TODO list endpoints failing for onboarding cohort, rolling back.",  # the todo-list service
        "Fill in the gaps in monitoring for the checkout path",  # an action item
        "Fill me in later",  # a sentence too
        "Tbd pending vendor",  # an acronym needs capitals to start a placeholder with a word after it
        "TBD.com checkout outage",  # the '.' goes on into a name
        "TBDs were resolved",
        "Todo app deploy rolled back",
    ],
)
def test_a_word_followed_by_another_word_is_prose(value: str) -> None:
    assert_silent(RULE, {"description": value})


@pytest.mark.parametrize(
    "value",
    ["?", "??", "???", "...", "\u2026", "-", "--", "\u2013", "\u2014", "_", "___", "***", ". . .", "x", "XXXX"],
)
def test_a_value_of_marks_alone_is_a_placeholder(value: str) -> None:
    expected = f"technical_details.root_cause is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"technical_details": {"root_cause": value}}) == ([expected], [expected])


def test_marks_alone_are_found_with_spaces_around_and_with_no_words() -> None:
    expected = "detection_details.alert_source is the placeholder '...'" + ADVICE
    record = {"detection_details": {"alert_source": "  ...  "}}
    assert findings_both(RULE, record, words=[]) == ([expected], [expected])


@pytest.mark.parametrize("value", ["? unclear", "?? unclear", "??? ask the DB team"])
def test_question_marks_then_text_start_a_placeholder(value: str) -> None:
    found = value.split()[0]
    expected = f"customer_impact starts with the placeholder '{found}' ('{value}')" + ADVICE
    assert findings_both(RULE, {"customer_impact": value}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "0",
        "-1",
        "0.1%",
        "...and then the cache expired",
        "\u2026and then the cache expired",
        "- rolled back to v2.2.9",
        "\u2014 see the timeline above",
        "?v=2 requests failed",
        "x86 hosts only",
        "xlarge instances",
        "X-Request-ID headers were dropped",
        "**Bold** claims",
        "_internal queue",
        "Unclear?",
    ],
)
def test_marks_and_xs_in_longer_text_are_content(value: str) -> None:
    assert_silent(RULE, {"customer_impact": value})


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("{{ root_cause }}", "{{ root_cause }}"),
        ("{{root_cause}}", "{{root_cause}}"),
        ("{{{ summary }}}", "{{{ summary }}}"),
        ("{{#owners}}", "{{#owners}}"),
        ("{{ incident.root_cause | default('') }}", "{{ incident.root_cause | default('') }}"),
    ],
)
def test_an_unrendered_template_is_a_placeholder(value: str, found: str) -> None:
    expected = f"technical_details.root_cause is the placeholder '{found}'" + ADVICE
    assert findings_both(RULE, {"technical_details": {"root_cause": value}}) == ([expected], [expected])


def test_an_unrendered_template_at_the_start_of_longer_text() -> None:
    record = {"technical_details": {"root_cause": "{{ root_cause }} (see PAY-1234)"}}
    expected = (
        "technical_details.root_cause starts with the placeholder '{{ root_cause }}' "
        "('{{ root_cause }} (see PAY-1234)')" + ADVICE
    )
    assert findings_both(RULE, record) == ([expected], [expected])


@pytest.mark.parametrize("value", ['{"pool": 200}', "{pool exhausted}", "{{ never closed", "{{\n}}"])
def test_braces_that_are_not_a_template_at_the_start_are_content(value: str) -> None:
    # 'Root cause: {{ root_cause }}' was here while only the start of a value was looked at: see the tests of
    # templates anywhere in a value, below.
    assert_silent(RULE, {"technical_details": {"root_cause": value}})


@pytest.mark.parametrize(
    "value",
    ["[fill in]", "[TBD]", "[service name]", "[Service Name]", "[TICKET-ID]", "[owner's name]", "[date]", "(TBD)"],
)
def test_a_bracketed_placeholder_alone(value: str) -> None:
    expected = f"affected_services[0] is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"affected_services": [value]}) == ([expected], [expected])


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("[service name] was down for 40 minutes", "[service name]"),
        ("[TBD] waiting on vendor", "[TBD]"),
        ("[TODO: add graphs]", "[TODO: add graphs]"),
        ("(fill in) minutes of downtime", "(fill in)"),
        ("(N/A - no customer impact)", "(N/A - no customer impact)"),
    ],
)
def test_a_bracketed_placeholder_at_the_start_of_longer_text(value: str, found: str) -> None:
    expected = f"customer_impact starts with the placeholder '{found}' ('{value}')" + ADVICE
    if found == value:
        expected = f"customer_impact is the placeholder '{found}'" + ADVICE
    assert findings_both(RULE, {"customer_impact": value}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "[1]",  # a citation
        "[1] https://example.com/postmortem-guide",
        "[runbook](https://example.com/runbook)",  # a Markdown link
        "[Payments runbook](https://example.com/runbook) was updated",
        "[service name](https://example.com/services/payments)",
        "[runbook][1] was updated",  # a reference-style link
        "[service runbook]: https://example.com/runbook",  # a link definition
        "[UPDATE] Payments restored",  # a status tag
        "[Resolved] Checkout is back",
        "[x] Rolled back the deploy",  # a task-list box
        "[ ] Add an alert",
        "[" + "a " * 30 + "b]",  # longer than any placeholder name
        "[service\nname]",
        "[p99 > 3s] for 40 minutes",
        "(see the runbook)",
        "(TODO list service) endpoints failing",
    ],
)
def test_brackets_around_content_are_not_placeholders(value: str) -> None:
    assert_silent(RULE, {"customer_impact": value})


def test_dummy_text_is_reported_whatever_the_words() -> None:
    expected = "description starts with the placeholder 'Lorem ipsum' ('Lorem ipsum dolor sit amet.')" + ADVICE
    assert findings_both(RULE, {"description": "Lorem ipsum dolor sit amet."}, words=[]) == ([expected], [expected])
    assert findings_both(RULE, {"description": "Lorem ipsum dolor sit amet."}, words=["TBD"]) == (
        [expected],
        [expected],
    )


TEMPLATE_ADVICE = (
    "; replace it with the real content before the record is published, or put it in backticks if it is quoted code"
)
TEMPLATES_ADVICE = (
    "; replace them with the real content before the record is published, or put them in backticks if they are "
    "quoted code"
)

TEMPLATES_JSON = """{
  "description": "Impact on {{ service }} lasted 40 minutes",
  "customer_impact": "Roughly $5 per request; ran $HOME/bin/refund for each",
  "technical_details": {
    "root_cause": "Root cause: ${ROOT_CAUSE}",
    "resolution_method": "The chart rendered `replicas: {{ .Values.replicas }}` as 0",
    "rollback_target": "${VERSION:-v2.2.9}"
  },
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "{% if sev1 %}Paging the DBA{% endif %}"},
    {"timestamp": "2024-03-15T15:00:00Z", "message": "Terraform read ${var.region} as empty"}
  ],
  "x-draft": "Root cause: {{ root_cause }}"
}
"""

TEMPLATES_YAML = """description: "Impact on {{ service }} lasted 40 minutes"
customer_impact: Roughly $5 per request; ran $HOME/bin/refund for each
technical_details:
  root_cause: "Root cause: ${ROOT_CAUSE}"
  resolution_method: |
    The chart rendered this:
    ```yaml
    replicas: {{ .Values.replicas }}
    ```
  rollback_target: ${VERSION:-v2.2.9}
communication_log:
  - timestamp: 2024-03-15T14:50:00Z
    message: "{% if sev1 %}Paging the DBA{% endif %}"
  - timestamp: 2024-03-15T15:00:00Z
    message: Terraform read ${var.region} as empty
x-draft: "Root cause: {{ root_cause }}"
"""

SERVICE = (
    "description holds the unrendered template '{{ service }}' ('Impact on {{ service }} lasted 40 minutes')"
    + TEMPLATE_ADVICE
)
ROOT_CAUSE = (
    "technical_details.root_cause holds the unrendered template '${ROOT_CAUSE}' ('Root cause: ${ROOT_CAUSE}')"
    + TEMPLATE_ADVICE
)
VERSION = "technical_details.rollback_target is the placeholder '${VERSION:-v2.2.9}'" + ADVICE
SEV1 = (
    "communication_log[0].message holds 2 unrendered templates, the first '{% if sev1 %}' "
    "('{% if sev1 %}Paging the DBA{% endif %}')" + TEMPLATES_ADVICE
)


def test_templates_anywhere_in_a_value_are_reported_in_json() -> None:
    assert lint_json(RULE, TEMPLATES_JSON) == [
        (2, 18, SERVICE),
        (5, 19, ROOT_CAUSE),
        (7, 24, VERSION),
        (10, 54, SEV1),
    ]


def test_templates_anywhere_in_a_value_are_reported_in_yaml() -> None:
    assert lint_yaml(RULE, TEMPLATES_YAML) == [
        (1, 14, SERVICE),
        (4, 15, ROOT_CAUSE),
        (10, 20, VERSION),
        (13, 14, SEV1),
    ]


@pytest.mark.parametrize(
    ("value", "found", "count"),
    [
        ("Root cause: {{ root_cause }}", "{{ root_cause }}", 1),
        ("Impact on {{service}} lasted 40 minutes", "{{service}}", 1),
        ("Owners: {{{ owners }}}", "{{{ owners }}}", 1),
        ("Owners: {{#owners}}{{name}}{{/owners}}", "{{#owners}}", 3),
        ("Paged the DBA {% if sev1 %}at once{% endif %}", "{% if sev1 %}", 2),
        ("Paged the DBA {%- if sev1 -%}", "{%- if sev1 -%}", 1),
        ("Owner: {# fill in from the rota #} (paged at 14:40)", "{# fill in from the rota #}", 1),
        ("Root cause: ${ROOT_CAUSE}", "${ROOT_CAUSE}", 1),
        ("Failed over to ${REGION:-us-east-1} at 14:40", "${REGION:-us-east-1}", 1),
        ("Failed over to ${REGION-us-east-1}", "${REGION-us-east-1}", 1),
        ("Summary: ${{ inputs.summary }}", "${{ inputs.summary }}", 1),
        # A Go or Helm template in prose reads like one a generator left unfilled; backticks quote it (below).
        ("The config had replicas: {{ .Values.replicas }}", "{{ .Values.replicas }}", 1),
        # An unpaired backtick quotes nothing, as in Markdown.
        ("The ` key, then {{ root_cause }}", "{{ root_cause }}", 1),
        ("`a` and {{ root_cause }}", "{{ root_cause }}", 1),
    ],
)
def test_a_template_inside_a_value_is_reported(value: str, found: str, count: int) -> None:
    if count == 1:
        expected = f"technical_details.root_cause holds the unrendered template '{found}' ('{value}')" + TEMPLATE_ADVICE
    else:
        expected = (
            f"technical_details.root_cause holds {count} unrendered templates, the first '{found}' ('{value}')"
            + TEMPLATES_ADVICE
        )
    assert findings_both(RULE, {"technical_details": {"root_cause": value}}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value", ["${ROOT_CAUSE}", "  ${ROOT_CAUSE}  ", "{% raw %}", "${{ inputs.summary }}", "{# root cause #}"]
)
def test_a_value_that_is_only_a_template_is_a_placeholder(value: str) -> None:
    expected = f"technical_details.root_cause is the placeholder '{value.strip()}'" + ADVICE
    assert findings_both(RULE, {"technical_details": {"root_cause": value}}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "Refunds of $5 per request",  # a bare $NAME or $number is prose or a command
        "Ran $HOME/bin/restart on each host",
        "Set $ROOT_CAUSE in the runbook",
        "Terraform read ${var.region} as empty",  # dotted: Terraform or JavaScript code
        "JS logged `${user.id}` and ${user.id}",
        "The ratio ${n}$ grew",  # TeX maths
        "${ not a name }",
        "${1}",
        "${}",
        "The chart rendered `replicas: {{ .Values.replicas }}` as 0",  # quoted as code
        "Rendered ``{{ a }} and `b` `` as text",  # a code span of two backticks holds a lone one
        "```yaml\nreplicas: {{ .Values.replicas }}\n```",  # a fenced block
        "Before:\n```\n{% if sev1 %}page{% endif %}\n```\nafter: fine",
        "The chart had:\n\n    image: {{ .Values.image }}\n\n    tag: {{ .Values.tag }}\n\nso it broke",  # indented
        "    image: {{ .Values.image }}",  # an indented block may open the value
        "{{ spans\nlines }} are not a template tag",
        "Braces {pool exhausted} and {{ unclosed",
        '{"pool": {"size": 200}}',  # JSON pasted in
        "x{%y",
        "## Timeline {#timeline}",  # a Pandoc heading attribute: no closing '#}'
        "Tagged {#} and #} apart",
        "printf('%d{%s}')",
    ],
)
def test_text_that_only_looks_like_a_template_is_content(value: str) -> None:
    assert_silent(RULE, {"technical_details": {"root_cause": value}})


def test_a_long_value_is_quoted_around_its_template() -> None:
    value = "The checkout service returned errors for every request in the region, and " + "{{ region }} was empty"
    expected = (
        "description holds the unrendered template '{{ region }}' "
        "('\u2026 in the region, and {{ region }} was empty')" + TEMPLATE_ADVICE
    )
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_templates_are_reported_whatever_the_words_and_never_under_extension_keys() -> None:
    record = {"description": "Impact on {{ service }}", "x-notes": ["Impact on {{ service }}"]}
    expected = "description holds the unrendered template '{{ service }}' ('Impact on {{ service }}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, record, words=[]) == ([expected], [expected])


def test_a_placeholder_at_the_start_is_reported_once_even_with_templates_after_it() -> None:
    expected = "description starts with the placeholder 'TBD' ('TBD: {{ service }} owner')" + ADVICE
    assert findings_both(RULE, {"description": "TBD: {{ service }} owner"}) == ([expected], [expected])


def test_many_unpaired_backtick_runs_still_quote_what_pairs() -> None:
    module = importlib.import_module("incidentlint.rules.placeholder_text")
    # Runs of 2 to 201 backticks with no partner, then a pair around a template, then one outside.
    value = " ".join("`" * size for size in range(2, 202)) + " `{{ a }}` {{ b }}"
    first, count = module._templates(value)
    assert (first.group(), first.start(), count) == ("{{ b }}", value.rindex("{{ b }}"), 1)
    opening = value.index("`{{")
    common = importlib.import_module("incidentlint.rules._common")  # mypy cannot follow the package-dir mapping
    assert common.markdown_code(value) == [(opening, opening + len("`{{ a }}`"))]


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("`{{a}}`{{b}}" * 3000, 3000),  # every other template quoted: each is tested against one span, not all
        ("{{a}} " * 20000, 20000),
        ("``{{a}}` {{b}}" + "`" * 5000, 2),  # a run of two pairs with nothing: both templates are outside code
    ],
)
def test_templates_are_counted_outside_code_in_long_values(value: str, count: int) -> None:
    module = importlib.import_module("incidentlint.rules.placeholder_text")
    first, found = module._templates(value)
    assert found == count
    assert first.group() == ("{{b}}" if value.startswith("`{{a}}`") else "{{a}}")


def test_a_placeholder_the_schema_refuses_is_the_schema_finding_alone(tmp_path: Path) -> None:
    # end_time: TBD fails the schema, whose error says what belongs there and fails the run; a second finding on
    # the same value would say the same mistake twice. A placeholder the schema accepts (a title) is still reported.
    record = reference()
    record.update(end_time="TBD", title="TBD")
    text = json.dumps(record, indent=2)
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(text, "utf-8")
    code, report = run_json("--now", "2026-11-27T00:00:00Z", str(path))
    found = [(d["rule"], d["pointer"]) for d in report["diagnostics"]]
    assert (code, found) == (1, [("placeholder-text", "/title"), ("schema", "/end_time")])


def test_a_value_of_sixty_characters_is_quoted_whole_around_its_template() -> None:
    value = "The checkout service returned errors in th {{ region_name }}"
    assert len(value) == 60
    expected = f"description holds the unrendered template '{{{{ region_name }}}}' ('{value}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


@pytest.mark.parametrize(
    ("head", "excerpt"),
    [
        # The template ends at character 59: the first 59 characters, which show it whole, are quoted.
        ("a" * 41, "a" * 41 + " {{ region_name }}\u2026"),
        # It ends at character 60, past them: the excerpt starts a little before the template instead.
        ("a" * 42, "\u2026" + "a" * 19 + " {{ region_name }} and then some more t\u2026"),
    ],
)
def test_a_long_value_is_quoted_from_its_start_only_when_that_shows_the_whole_template(head: str, excerpt: str) -> None:
    value = head + " {{ region_name }} and then some more text"
    expected = f"description holds the unrendered template '{{{{ region_name }}}}' ('{excerpt}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_xxx_set_off_by_punctuation_starts_a_placeholder() -> None:
    expected = "description starts with the placeholder 'XXX' ('XXX: link the dashboards')" + ADVICE
    assert findings_both(RULE, {"description": "XXX: link the dashboards"}) == ([expected], [expected])


@pytest.mark.parametrize(("value", "shown"), [("x.", "x"), ("X ", "X"), ("x!", "x")])
def test_a_single_x_with_trailing_punctuation_is_a_placeholder(value: str, shown: str) -> None:
    # One letter and a mark: the quick look that passes most strings over must not pass these.
    expected = f"technical_details.root_cause is the placeholder '{shown}'" + ADVICE
    assert findings_both(RULE, {"technical_details": {"root_cause": value}}) == ([expected], [expected])


def test_a_value_of_sixty_one_characters_ending_in_its_template_is_quoted_around_it() -> None:
    value = "The checkout service returned errors in all {{ region_name }}"
    assert len(value) == 61
    excerpt = "\u2026urned errors in all {{ region_name }}"
    expected = f"description holds the unrendered template '{{{{ region_name }}}}' ('{excerpt}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


@pytest.mark.parametrize(("word", "value"), [("\u017ftub", "STUB"), ("\u0130nc", "inc"), ("\u0130nc", "INC")])
def test_a_configured_word_starting_with_a_non_ascii_lookalike_still_finds_ascii_text(word: str, value: str) -> None:
    # Under IGNORECASE the long s matches "s" and the dotted capital I matches "i": the quick look at a string's
    # first two ASCII characters cannot rule such strings out, so it is not taken for such words.
    expected = f"description is the placeholder '{value}'" + ADVICE
    assert findings_both(RULE, {"description": value}, words=[word]) == ([expected], [expected])


def test_leading_spaces_do_not_move_the_excerpt_around_a_template() -> None:
    # The excerpt is cut from the stripped value: three leading spaces change nothing in it.
    value = "   " + "a" * 42 + " {{ region_name }} and then some more text"
    excerpt = "\u2026" + "a" * 19 + " {{ region_name }} and then some more t\u2026"
    expected = f"description holds the unrendered template '{{{{ region_name }}}}' ('{excerpt}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


@pytest.mark.parametrize(
    "value",
    [
        "Set `{{ region }}` in the template",  # the only pair is the last two runs
        "Run ``x then `{{ region }}` done",  # an unpaired run of two, then a pair of one
    ],
)
def test_a_template_in_backticks_after_any_unpaired_run_is_quoted_code(value: str) -> None:
    assert_silent(RULE, {"description": value})


def test_a_lone_backtick_after_a_pair_quotes_nothing() -> None:
    value = "Use `a` then {{ region }} `"
    expected = f"description holds the unrendered template '{{{{ region }}}}' ('{value}')" + TEMPLATE_ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_a_placeholder_at_the_start_is_quoted_with_up_to_sixty_characters() -> None:
    whole, longer = "TODO: " + "b" * 54, "TODO: " + "b" * 55
    expected = [
        f"description starts with the placeholder 'TODO' ('{whole}')" + ADVICE,
        "customer_impact starts with the placeholder 'TODO' ('TODO: " + "b" * 53 + "\u2026')" + ADVICE,
    ]
    record = {"description": whole, "customer_impact": longer}
    assert findings_both(RULE, record) == (expected, expected)


# A fenced block may be written with tildes as well as backticks (CommonMark), as in a YAML block scalar:
TILDE_FENCE_YAML = """technical_details:
  root_cause: |
    The chart rendered this as 0:

    ~~~yaml
    replicas: {{ .Values.replicas }}
    ~~~
customer_impact: |
  ~~~
  not closed, so not code: {{ service }}
"""


def test_a_template_in_a_tilde_fenced_block_is_quoted_code_and_an_unclosed_fence_quotes_nothing() -> None:
    unclosed = "~~~\nnot closed, so not code: {{ service }}\n"
    excerpt = show_value(unclosed.strip(), 60)
    assert lint_yaml(RULE, TILDE_FENCE_YAML) == [
        (8, 18, f"customer_impact holds the unrendered template '{{{{ service }}}}' ({excerpt})" + TEMPLATE_ADVICE)
    ]


@pytest.mark.parametrize(
    "value",
    [
        "Rendered:\n~~~~\nreplicas: {{ .Values.replicas }}\n~~~\nstill code\n~~~~\n",  # closed by as many tildes
        "Rendered:\n   ~~~ yaml\nreplicas: {{ .Values.replicas }}\n   ~~~   \n",  # indented, info string, spaces
        "~~~\n{{ a }}\n~~~\nand `{{ b }}`",
    ],
)
def test_templates_in_closed_tilde_fences_are_not_reported(value: str) -> None:
    assert_silent(RULE, {"description": value})


def test_a_backtick_inside_a_tilde_fence_does_not_open_a_code_span_outside_it() -> None:
    # Without the fence, the backtick of `date would pair with the one before `ok` and hide {{ region }}.
    value = "~~~\necho `date\n~~~\n{{ region }} is down `ok`"
    expected = f"description holds the unrendered template '{{{{ region }}}}' ({show_value(value, 60)})"
    assert findings_both(RULE, {"description": value}) == ([expected + TEMPLATE_ADVICE], [expected + TEMPLATE_ADVICE])


def test_the_channel_x_is_not_a_placeholder_but_an_x_elsewhere_in_the_entry_is() -> None:
    entry = {"timestamp": "2024-03-15T15:40:00Z", "type": "X", "message": "Posted the all-clear on X"}
    assert_silent(RULE, {"communication_log": [entry]})
    expected = [
        "communication_log[0].audience is the placeholder 'X'" + ADVICE,
        "communication_log[1].type is the placeholder 'x'" + ADVICE,
    ]
    record = {"communication_log": [{**entry, "audience": "X"}, {**entry, "type": "x"}]}
    assert findings_both(RULE, record) == (expected, expected)


@pytest.mark.parametrize(
    "value",
    [
        "Impact:\n    {{ service }} was down",  # a paragraph's next line, indented: prose (no blank line before)
        "1. Page the owner of\n\n    {{ service }}",  # the indent continues a list item
        "- Owner:\n  named in\n\n    {{ service }}",  # after the item's lazy continuation line too
    ],
)
def test_an_indented_line_that_is_not_a_code_block_is_read(value: str) -> None:
    expected = f"description holds the unrendered template '{{{{ service }}}}' ({show_value(value.strip(), 60)})"
    assert findings_both(RULE, {"description": value}) == ([expected + TEMPLATE_ADVICE], [expected + TEMPLATE_ADVICE])


def test_a_list_ends_at_a_paragraph_after_a_blank_line_and_an_indented_block_after_it_is_code() -> None:
    value = "- Step one\n\nThen:\n\n    {{ a }}\n\nand {{ b }}"
    module = importlib.import_module("incidentlint.rules.placeholder_text")
    first, count = module._templates(value)
    assert (first.group(), count) == ("{{ b }}", 1)
    common = importlib.import_module("incidentlint.rules._common")
    start = value.index("    {{ a }}")
    assert common.markdown_code(value) == [(start, start + len("    {{ a }}"))]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("TBD pending vendor", "TBD"),
        ("TBC by Friday", "TBC"),
        ("TBA once the review is done", "TBA"),
        ("FIXME describe the impact", "FIXME"),
        ("  TBD after the retro", "TBD"),
    ],
)
def test_an_acronym_in_capitals_starts_a_placeholder_whatever_follows(value: str, found: str) -> None:
    expected = f"description starts with the placeholder '{found}' ('{value.strip()}')" + ADVICE
    assert findings_both(RULE, {"description": value}) == ([expected], [expected])


def test_an_acronym_left_out_of_words_is_not_looked_for() -> None:
    assert_silent(RULE, {"description": "TBD pending vendor"}, words=["TODO"])
    expected = "description starts with the placeholder 'TBC' ('TBC by Friday')" + ADVICE
    assert findings_both(RULE, {"description": "TBC by Friday"}, words=["tbc"]) == ([expected], [expected])
