"""blameless-language (IL118)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import position_of, reference
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "blameless-language"


def message(where: str, *phrases: str) -> str:
    quoted = ", ".join(f"'{phrase}'" for phrase in phrases)
    return (
        f"{where} uses blaming language ({quoted}); describe what in the system let this happen "
        "(a missing check, an unclear runbook, a risky default) rather than who erred"
    )


JSON = """{
  "title": "Human error in deploy",
  "description": "The engineer should have run the canary; human error.",
  "technical_details": {"root_cause": "Careless use of the admin console"},
  "lessons_learned_preview": [
    "Monitoring could have provided earlier warning",
    "This could have been avoided if the deployer had waited"
  ]
}
"""

YAML = """customer_impact: >-
  Checkout failed for 20 minutes
  because of the operator's negligence.
business_impact: "Support blamed the release"
communication_log:
  - {timestamp: "2024-03-15T14:50:00Z", message: "human error suspected"}
"""


def test_fires_at_each_narrative_field_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (3, 18, message("description", "should have", "human error")),
        (4, 39, message("technical_details.root_cause", "Careless")),
        (7, 5, message("lessons_learned_preview[1]", "could have been avoided")),
    ]


def test_fires_at_each_narrative_field_in_yaml() -> None:
    # Titles and timeline messages are not narrative fields.
    assert lint_yaml(RULE, YAML) == [
        (1, 18, message("customer_impact", "negligence")),
        (4, 18, message("business_impact", "blamed")),
    ]


def test_the_reference_record_is_clean() -> None:
    # It says "Connection pool monitoring could have provided earlier warning": an improvement, not blame.
    assert_silent(RULE, reference())


@pytest.mark.parametrize(
    "text",
    [
        "A blameless review found three contributing factors",
        "The blame-free culture helped",
        "The database failed over as designed",
        "Alerting could have fired earlier with a lower threshold",
        "Faultless failover",
    ],
)
def test_silent_on_blameless_text(text: str) -> None:
    assert_silent(RULE, {"description": text})


def test_matching_ignores_case_spacing_and_curly_apostrophes() -> None:
    record = {"description": "We SHOULDN\u2019T  HAVE deployed on Friday"}
    expected = message("description", "SHOULDN'T HAVE")  # shown with the spacing collapsed
    assert findings_both(RULE, record) == ([expected], [expected])


BROKEN_YAML = """description: |
  First paragraph is fine.

  The outage was caused by human
  error during the deploy.
technical_details:
  root_cause: >
    The operator should
      have
    checked the flag.
"""

BROKEN_JSON = """{
  "description": "The outage was caused by human\\nerror during the deploy.",
  "technical_details": {"root_cause": "The operator should\\t\\r\\n  have checked; Human\\u00a0Error"}
}
"""


def test_a_phrase_broken_across_lines_is_shown_on_one_line_in_yaml() -> None:
    assert lint_yaml(RULE, BROKEN_YAML) == [
        (1, 14, message("description", "human error")),
        (7, 15, message("technical_details.root_cause", "should have")),
    ]


def test_a_phrase_broken_across_lines_is_shown_on_one_line_in_json() -> None:
    assert lint_json(RULE, BROKEN_JSON) == [
        (2, 18, message("description", "human error")),
        (3, 39, message("technical_details.root_cause", "should have", "Human Error")),
    ]


def test_each_phrase_is_named_once_per_field() -> None:
    record = {"description": "Human error, more human error, and HUMAN ERROR again"}
    expected = message("description", "Human error")
    assert findings_both(RULE, record) == ([expected], [expected])


def test_phrases_option_replaces_the_list() -> None:
    record = {"description": "Bob forgot the flag; human error", "technical_details": {"root_cause": "Bob forgot"}}
    expected = [message("description", "forgot"), message("technical_details.root_cause", "forgot")]
    assert findings_both(RULE, record, phrases=["forgot"]) == (expected, expected)
    assert_silent(RULE, record, phrases=[])


@pytest.mark.parametrize(
    "record",
    [
        {"description": ["human error"]},
        {"technical_details": "human error"},
        {"technical_details": {"root_cause": None}},
        {"lessons_learned_preview": "we should have known"},
        {"lessons_learned_preview": [None, 3, {"text": "human error"}]},
        {"x-notes": "human error"},
    ],
)
def test_silent_when_fields_are_absent_or_malformed(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


# -- counterfactuals blame only when a person is their agent ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # expectations about systems, from an audit of correct postmortems
        "The failover should have taken 0.1 seconds but took 40",
        "the alert should have fired at 14:20",
        "the cache should have expired after 5 minutes",
        "Connection pool monitoring should have provided earlier warning",
        "The engineer noticed that the cache should have expired",  # the subject is in its own clause
        "The engineer was paged \u2014 the alert should have fired at 14:20",  # a dash ends a clause
        "The engineer was paged - the alert should have fired at 14:20",
        "The engineer was paged; the alert should have fired at 14:20",
        "The engineer was paged (the alert should have fired at 14:20)",
        "The on-call engineer's dashboard should have shown the spike",  # a possessive is not the subject
        "The engineers' runbook should have named the flag",
        # a person word that modifies a thing names the thing
        "The on-call rotation should have had a secondary",
        "The admin console should have asked for confirmation",
        "Human review should have been enough for a one-line change",
        "Lead time should have been under an hour",
        "This could have been avoided if the on-call handbook had covered replicas",
        "They should have failed over to the replica",  # 'they' is left out: often the systems
        "Sarah should have been the first to see it",  # a name counts only when the record gives it
        # what should have happened to a person, or an obligation, is not a judgement of their conduct
        "The on-call engineer should have been paged at 14:20",
        "No engineer should have to remember the flag",
        "The operator should have to confirm a production run",
        # 'have' of possession: what something should own from now on, not what someone should have done
        "Every on-call engineer should have access to the production logs",
        "We should have a second region ready for failover by Q3",
        "Each responder should have at least read-only access to the dashboards",
        "We should have at least 10 replicas in each region",
        "We should have two people on call during promotions",
        "The on-call engineer should have the runbook link in the page",
        "Each responder should have had access to the runbook",  # possession missed, not conduct
        "The on-call engineer should have had a second pair of eyes",
        "Reviewers should have context on the services a change touches",
        "New engineers should have training on the failover tooling",
        "The on-call engineer should have time to investigate between pages",
        # hindsight about an event with no person as its agent
        "This could have been avoided",
        "This could have been avoided with a canary stage",
    ],
)
def test_silent_on_counterfactuals_without_a_person_as_agent(text: str) -> None:
    assert_silent(RULE, {"description": text, "lessons_learned_preview": [text]})


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The on-call engineer should have checked the dashboard", "should have"),
        ("the operator should not have run the script", "should not have"),
        ("we should have caught this in review", "should have"),  # the team's conduct, judged in hindsight
        ("I should have read the runbook first", "should have"),
        ("The engineer who deployed the change should have run the canary", "should have"),
        ("The SREs shouldn't have restarted every node", "shouldn't have"),  # a plural of a person word
        ("The bug should have been caught by the reviewer", "should have"),  # the agent of a passive
        ("The outage could have been avoided if the engineer had checked", "could have been avoided"),
        ("The on-call engineer should have been more careful", "should have"),  # 'been' with no participle
        ("Bob's team should have rolled back sooner", "should have"),  # the head after the possessive
        ("The engineer on call should have escalated", "should have"),
        ("We all should have known", "should have"),  # a pronoun is never a modifier
        # a participle after 'have' is hindsight, even with a word that could start a possession
        ("We should have accessed the replica instead", "should have"),
        ("We should have more carefully reviewed the query", "should have"),
        ("The engineer should have at least checked the dashboard", "should have"),
        ("The engineer should have anticipated the load", "should have"),
        ("The engineer should have had the sense to roll back", "should have"),  # 'had the ...' is conduct
        ("The SRE team should have rolled back sooner", "should have"),
        ("This could have been avoided if the operator checked the flag", "could have been avoided"),
        ("The engineer who deployed v2.3.1 should have run the canary", "should have"),  # '.' inside a word
        # words, not grammar: the documented limit
        ("the engineer decided the failover should have run", "should have"),
    ],
)
def test_fires_on_counterfactuals_about_people(text: str, phrase: str) -> None:
    expected = [message("description", phrase)]
    assert findings_both(RULE, {"description": text}) == (expected, expected)


def test_a_name_from_the_responders_or_the_commander_is_a_person() -> None:
    record = {
        "incident_commander": "Mike Rodriguez",
        "responders": ["Sarah Chen - On-call Engineer", {"name": "Lisa Park", "role": "DBA"}, 7],
        "description": "Sarah should have paged the database team",
        "customer_impact": "Rodriguez should have posted an update sooner",
        "business_impact": "Park should have been told earlier",  # passive: something owed to Lisa
        "lessons_learned_preview": ["The script should have stopped at the first error", "Lisa should have known"],
    }
    expected = [
        message("description", "should have"),
        message("customer_impact", "should have"),
        message("lessons_learned_preview[1]", "should have"),
    ]
    assert findings_both(RULE, record) == (expected, expected)


def test_a_name_is_matched_as_written() -> None:
    # "Will" is a name here; "will" is a verb.
    record = {"responders": ["Will Tran - SRE"], "description": "the job will should have been unreachable"}
    assert_silent(RULE, {**record, "description": "the scheduler that will run should have retried"})
    expected = [message("description", "should have")]
    assert findings_both(RULE, {**record, "description": "Will should have retried"}) == (expected, expected)


# -- negations are blameless statements ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nobody was at fault",
        "No one is to blame for this outage",
        "No single person is to blame",  # five words back
        "This was not the fault of the on-call engineer",
        "It was not human error but a missing guard rail",
        "We reviewed the incident without blaming individuals",
        "A blameless review",
        "The operator wasn't careless: the runbook was out of date",
        "The engineer did not know the script should have run twice",
        "Nobody should have been able to drop the table",
        "Instead of blaming the deployer, we added a guard to the pipeline",
        "Rather than blame the on-call engineer, we fixed the alert",
        "We looked at the system rather than human error",
    ],
)
def test_silent_on_negated_phrases(text: str) -> None:
    assert_silent(RULE, {"technical_details": {"root_cause": text}})


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("It was not only human error", "human error"),  # 'not only' does not negate
        ("No data was lost, but the operator was careless", "careless"),  # a negation ends with its clause
        ("Nothing alerted; human error followed", "human error"),
        ("No alert fired and nobody noticed. Human error, in short", "Human error"),
        ("There was no runbook for the failover, and the on-call engineer was negligent", "negligent"),
        ("Rather, it was human error", "human error"),  # 'rather' alone negates nothing
        ("We rolled back instead; the operator was careless", "careless"),
        ("The rollback was faster than the engineer who was careless", "careless"),  # 'than' alone still ends it
    ],
)
def test_a_negation_reaches_only_the_nearby_words_of_its_clause(text: str, phrase: str) -> None:
    expected = [message("technical_details.root_cause", phrase)]
    assert findings_both(RULE, {"technical_details": {"root_cause": text}}) == (expected, expected)


def test_a_negated_and_an_unnegated_phrase_in_one_field() -> None:
    record = {
        "description": "Nobody was at fault; John is at fault. Not human error, but the operator should have paged"
    }
    expected = [message("description", "at fault", "should have")]
    assert findings_both(RULE, record) == (expected, expected)


# -- positions of the kept findings -------------------------------------------------------------------------

KEPT_JSON = """{
  "description": "The failover should have taken 0.1 seconds; The on-call engineer should have checked the dashboard",
  "customer_impact": "Nobody was at fault for the retries. Bob was careless",
  "business_impact": "No one is to blame, but John is at fault",
  "technical_details": {"root_cause": "Not human error but a missing guard rail. Human error during the deployment"},
  "lessons_learned_preview": [
    "Connection pool monitoring should have provided earlier warning",
    "the operator should not have run the script",
    "We blame the vendor",
    "we should have caught this in review"
  ]
}
"""

KEPT_YAML = """description: >-
  The failover should have taken 0.1 seconds;
  The on-call engineer should have checked the dashboard
customer_impact: "Nobody was at fault for the retries. Bob was careless"
business_impact: No one is to blame, but John is at fault
technical_details:
  root_cause: |
    Not human error but a missing guard rail.
    Human error during the deployment
lessons_learned_preview:
  - Connection pool monitoring should have provided earlier warning
  - 'the operator should not have run the script'
  - We blame the vendor
  - we should have caught this in review
"""


def test_kept_findings_in_json_at_their_values() -> None:
    assert lint_json(RULE, KEPT_JSON) == [
        (*position_of(KEPT_JSON, '"The failover'), message("description", "should have")),
        (*position_of(KEPT_JSON, '"Nobody'), message("customer_impact", "careless")),
        (*position_of(KEPT_JSON, '"No one'), message("business_impact", "at fault")),
        (*position_of(KEPT_JSON, '"Not human'), message("technical_details.root_cause", "Human error")),
        (*position_of(KEPT_JSON, '"the operator'), message("lessons_learned_preview[1]", "should not have")),
        (*position_of(KEPT_JSON, '"We blame'), message("lessons_learned_preview[2]", "blame")),
        (*position_of(KEPT_JSON, '"we should'), message("lessons_learned_preview[3]", "should have")),
    ]


def test_kept_findings_in_yaml_at_their_values() -> None:
    assert lint_yaml(RULE, KEPT_YAML) == [
        (*position_of(KEPT_YAML, ">-"), message("description", "should have")),
        (*position_of(KEPT_YAML, '"Nobody'), message("customer_impact", "careless")),
        (*position_of(KEPT_YAML, "No one"), message("business_impact", "at fault")),
        (*position_of(KEPT_YAML, "|"), message("technical_details.root_cause", "Human error")),
        (*position_of(KEPT_YAML, "'the operator"), message("lessons_learned_preview[1]", "should not have")),
        (*position_of(KEPT_YAML, "We blame"), message("lessons_learned_preview[2]", "blame")),
        (*position_of(KEPT_YAML, "we should"), message("lessons_learned_preview[3]", "should have")),
    ]


# -- the people option -------------------------------------------------------------------------------------


def test_people_option_replaces_the_person_words() -> None:
    record = {
        "description": "The vendor should have renewed the certificate",
        "lessons_learned_preview": ["we should have caught this in review", "The release manager should have waited"],
    }
    expected = [message("description", "should have"), message("lessons_learned_preview[1]", "should have")]
    # A team that writes "we should have" as a shared lesson drops "we"; entries may be several words.
    assert findings_both(RULE, record, people=["vendor", "release manager"]) == (expected, expected)
    default = [
        message("lessons_learned_preview[0]", "should have"),
        message("lessons_learned_preview[1]", "should have"),
    ]
    assert findings_both(RULE, record) == (default, default)


def test_people_option_is_case_insensitive_and_takes_plurals() -> None:
    record = {"description": "The Vendors should have renewed the certificate"}
    expected = [message("description", "should have")]
    assert findings_both(RULE, record, people=["VENDOR"]) == (expected, expected)
    assert_silent(RULE, record, people=[])


def test_configured_modal_phrases_are_counterfactuals() -> None:
    record = {"description": "The cache ought to have expired; the operator ought to have waited"}
    expected = [message("description", "ought to have")]
    assert findings_both(RULE, record, phrases=["ought to have"]) == (expected, expected)
    assert_silent(RULE, {"description": "The cache ought to have expired"}, phrases=["ought to have"])


# -- the default vocabulary, word by word: each entry is documented behaviour ----------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "human error",
        "operator error",
        "careless",
        "carelessly",
        "carelessness",
        "fault of",
        "at fault",
        "negligent",
        "negligence",
        "blame",
        "blamed",
    ],
)
def test_every_default_phrase_that_is_not_a_counterfactual_is_reported(phrase: str) -> None:
    expected = [message("description", phrase)]
    assert findings_both(RULE, {"description": f"It was {phrase} in the end"}) == (expected, expected)


@pytest.mark.parametrize(
    "person",
    [
        "i", "we", "you", "he", "she", "someone", "somebody", "person", "people", "individual", "human", "engineer",
        "developer", "dev", "operator", "admin", "administrator", "sre", "on-call", "oncall", "on-caller", "oncaller",
        "responder", "reviewer", "approver", "author", "deployer", "committer", "owner", "lead", "manager",
        "commander", "team", "staff", "employee", "contractor",
    ],
)  # fmt: skip
def test_every_default_person_word_is_the_agent_of_a_counterfactual(person: str) -> None:
    expected = [message("description", "should have")]
    record = {"description": f"The {person} should have checked the dashboard"}
    assert findings_both(RULE, record) == (expected, expected)
    assert_silent(RULE, record, people=[])


def test_a_one_letter_initial_in_a_name_is_not_a_person() -> None:
    # "A. Patel" gives the name word "Patel" only: "Plan A" is a plan.
    record = {"responders": [{"name": "A. Patel"}], "lessons_learned_preview": ["Plan A should have failed over"]}
    assert_silent(RULE, record)
    expected = [message("lessons_learned_preview[0]", "should have")]
    record["lessons_learned_preview"] = ["Patel should have failed over"]
    assert findings_both(RULE, record) == (expected, expected)


def test_a_configured_phrase_with_a_typographic_apostrophe_matches_either_apostrophe() -> None:
    expected = [message("description", "didn't check")]
    for text in ("The engineer didn\u2019t check the dashboard", "The engineer didn't check the dashboard"):
        assert findings_both(RULE, {"description": text}, phrases=["didn\u2019t check"]) == (expected, expected)


def test_a_non_ascii_phrase_is_matched_case_insensitively_without_the_ascii_shortcut() -> None:
    # Under IGNORECASE the long s matches "s": the quick look for the phrase's longest word, lower-cased, would
    # miss "sloppy", so it is not taken for a phrase that is not ASCII.
    expected = [message("description", "Sloppy")]
    record = {"description": "Sloppy work by the deployer"}
    assert findings_both(RULE, record, phrases=["\u017floppy"]) == (expected, expected)


# -- rules/_blame_context.py: its word lists, word by word ---------------------------------------------------


@pytest.mark.parametrize(
    "modal", ["should", "shouldn't", "could", "couldn't", "would", "wouldn't", "must", "mustn't", "ought to"]
)
def test_every_modal_makes_a_configured_phrase_a_counterfactual(modal: str) -> None:
    phrase = f"{modal} have"
    assert_silent(RULE, {"description": f"The cache {phrase} expired"}, phrases=[phrase])
    expected = [message("description", phrase)]
    record = {"description": f"The engineer {phrase} checked"}
    assert findings_both(RULE, record, phrases=[phrase]) == (expected, expected)


@pytest.mark.parametrize(
    "negator",
    ["no", "not", "nobody", "none", "never", "neither", "nor", "nothing", "without", "cannot", "wasn't", "instead of",
     "rather than"],
)  # fmt: skip
def test_every_negator_makes_a_phrase_blameless(negator: str) -> None:
    assert_silent(RULE, {"description": f"There was {negator} human error here"})


@pytest.mark.parametrize("word", ["only", "just", "merely", "simply", "solely"])
def test_not_before_these_words_negates_nothing(word: str) -> None:
    expected = [message("description", "human error")]
    assert findings_both(RULE, {"description": f"It was not {word} human error"}) == (expected, expected)


def test_a_negator_six_words_back_is_out_of_reach() -> None:
    # Five words is the reach: "No" here is the sixth word before "blame".
    expected = [message("description", "blame")]
    assert findings_both(RULE, {"description": "No payments team member was to blame"}) == (expected, expected)
    assert_silent(RULE, {"description": "No payments team was to blame"})


@pytest.mark.parametrize(
    "link",
    ["and", "but", "or", "so", "because", "that", "which", "when", "while", "whereas", "although", "though", "since",
     "if", "than", "as", "after", "before", "until", "once"],
)  # fmt: skip
def test_a_negation_does_not_reach_past_any_linking_word(link: str) -> None:
    expected = [message("description", "human error")]
    assert findings_both(RULE, {"description": f"Nothing changed {link} human error"}) == (expected, expected)


@pytest.mark.parametrize(
    "participle",
    ["caught", "told", "sent", "shown", "given", "woken", "brought", "taken", "made", "seen", "done", "known", "found"],
)
def test_every_irregular_participle_makes_should_have_been_a_passive(participle: str) -> None:
    # Passive: what should have happened to the engineer, whose agent (none here) is what counts.
    assert_silent(RULE, {"description": f"The engineer should have been {participle} earlier"})


@pytest.mark.parametrize(
    "following",
    ["who", "whom", "whose", "on", "of", "in", "at", "from", "with", "for", "to", "by", "during", "responsible",
     "involved", "assigned", "alone", "also", "too", "all", "both", "himself", "herself", "themselves", "myself",
     "ourselves", "yourself", "had", "has", "have", "was", "were", "is", "are", "did", "does", "do", "would",
     "could", "should", "might", "may", "must", "will", "can", "personally", "really", "clearly", "then", "paged"],
)  # fmt: skip
def test_a_person_word_followed_by_a_word_that_follows_people_is_a_person(following: str) -> None:
    expected = [message("description", "should have")]
    record = {"description": f"The operator {following} should have checked"}
    assert findings_both(RULE, record) == (expected, expected)
    assert_silent(RULE, {"description": "The operator console should have checked"})


@pytest.mark.parametrize("pronoun", ["I", "we", "you", "he", "she"])
def test_a_pronoun_is_a_person_whatever_follows_it(pronoun: str) -> None:
    expected = [message("description", "should have")]
    record = {"description": f"Then {pronoun} probably should have checked the logs"}
    assert findings_both(RULE, record) == (expected, expected)


def test_a_person_word_in_single_quotes_is_still_a_person() -> None:
    expected = [message("description", "should have")]
    assert findings_both(RULE, {"description": "The 'engineer' should have checked"}) == (expected, expected)


def test_a_person_phrase_is_found_at_the_start_of_the_clause_and_in_the_plural() -> None:
    expected = [message("description", "should have")]
    for text in ("Release manager should have waited", "The release managers should have waited"):
        assert findings_both(RULE, {"description": text}, people=["release manager"]) == (expected, expected)


@pytest.mark.parametrize(
    "text",
    [
        "The alert that is configured should have fired",
        "What is needed should have been obvious",
    ],
)
def test_is_is_not_the_plural_of_the_pronoun_i(text: str) -> None:
    # Plurals in -s are person words ("engineers", "devs"), but a pronoun has none: before, "is" was read as "I"s,
    # a person, and "the alert that is configured should have fired" was reported as blame.
    assert_silent(RULE, {"description": text})
    expected = [message("description", "should have")]
    assert findings_both(RULE, {"description": "The devs should have checked"}) == (expected, expected)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("Careleſs deploy", "Careleſs"), ("The \u0130zmir deploy was human error", "human error")],
)
def test_text_with_a_lookalike_of_an_ascii_letter_is_still_searched(text: str, phrase: str) -> None:
    # Under IGNORECASE the long s matches "s", and the dotted capital I lower-cases to two characters: the quick
    # look for each phrase's longest word cannot answer for such text, so it is skipped and the pattern decides.
    expected = [message("description", phrase)]
    assert findings_both(RULE, {"description": text}) == (expected, expected)


def test_a_two_letter_name_is_a_name_and_a_curly_apostrophe_in_it_matches_a_straight_one() -> None:
    expected = [message("description", "should have")]
    record = {"responders": ["Bo Chen - SRE", "Sean O\u2019Brien - DBA"], "description": "Bo should have paged"}
    assert findings_both(RULE, record) == (expected, expected)
    record["description"] = "O'Brien should have paged"
    assert findings_both(RULE, record) == (expected, expected)


def test_the_subject_is_the_six_words_before_an_active_counterfactual() -> None:
    expected = [message("description", "should have")]
    six = "The operator started one big batch job should have stopped"  # 'operator' is the sixth word back
    assert findings_both(RULE, {"description": six}) == (expected, expected)
    assert_silent(RULE, {"description": "The operator started one big slow batch job should have stopped"})


def test_the_agent_is_among_the_eight_words_after_a_passive_counterfactual() -> None:
    expected = [message("description", "could have been avoided")]
    eight = "This could have been avoided with one more quick check by the engineer"  # 'engineer' is the eighth
    assert findings_both(RULE, {"description": eight}) == (expected, expected)
    assert_silent(RULE, {"description": "This could have been avoided with one more very quick check by the engineer"})


def test_the_agent_of_a_passive_is_looked_for_in_its_own_sentence_only() -> None:
    assert_silent(RULE, {"description": "This could have been avoided. The engineer then paged the DB team"})


@pytest.mark.parametrize("owner", ["team's", "teams'"])
def test_after_a_possessive_only_the_words_that_follow_it_are_the_subject(owner: str) -> None:
    # The alert should have fired; the engineer before the possessive is not its subject.
    assert_silent(RULE, {"description": f"The engineer who owns the {owner} alert should have fired"})
    expected = [message("description", "should have")]
    assert findings_both(RULE, {"description": "The engineer who owns the alert should have fired"}) == (
        expected,
        expected,
    )


def test_a_configured_counterfactual_ending_in_a_participle_without_been_is_active() -> None:
    expected = [message("description", "should have noticed")]
    record = {"description": "The engineer should have noticed"}
    assert findings_both(RULE, record, phrases=["should have noticed"]) == (expected, expected)


# Quoted code is not the author's prose: a command, a log line or a config key says nothing about who erred.
CODE_YAML = """description: |
  We ran `git blame` on the values file: an automated chart upgrade set the override.
technical_details:
  root_cause: |
    The operator logged, in its own words:

    ```
    ERROR operator error: topic orders.v2 not in desired state
    ```

    ~~~
    WARN reconcile: human error suspected, deleting
    ~~~
lessons_learned_preview:
  - "`git blame` is not a root cause: the reviewer should have checked the defaults, and blame is useless"
"""


def test_phrases_quoted_as_markdown_code_are_not_read_and_prose_beside_them_still_is() -> None:
    # The lesson's code span is skipped; 'should have' (a reviewer as its subject) and 'blame' outside it are not.
    assert lint_yaml(RULE, CODE_YAML) == [
        (15, 5, message("lessons_learned_preview[0]", "should have", "blame")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The `blame` view pointed at a bot commit",
        "Log: ``operator error`` (the vendor's wording)",
        "Output:\n~~~~\nhuman error\n~~~~\n",
        "The reconciler logged:\n\n    WARN human error suspected\n\n    WARN blame: operator\n\nand stopped.",
        "\tERROR human error",  # an indented block may open the value
    ],
)
def test_silent_on_phrases_in_code_spans_and_fences(text: str) -> None:
    assert_silent(RULE, {"description": text})


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("An unpaired ` backtick quotes nothing: human error", "human error"),
        ("Unclosed fence:\n~~~\nhuman error\n", "human error"),
        # Indented, but not an indented code block: a paragraph's next line, and a list item's continuation.
        ("The reconciler logged\n    human error suspected", "human error"),
        ("- Step one\n\n    then human error", "human error"),
        ("`git` shows the blame lies with the operator", "blame"),
    ],
)
def test_phrases_outside_closed_code_are_still_read(text: str, phrase: str) -> None:
    expected = message("description", phrase)
    assert findings_both(RULE, {"description": text}) == ([expected], [expected])


@pytest.mark.parametrize(
    "text",
    [
        'We no longer accept "human error" as a root cause',
        "We don't write \u201chuman error\u201d in root causes any more",
        'Nobody was "at fault"',
        "Personne n'a commis d'\u00aberreur\u00bb: no one is \u00abat fault\u00bb",
    ],
)
def test_a_quotation_mark_opening_the_phrase_does_not_cut_off_its_negation(text: str) -> None:
    assert_silent(RULE, {"description": text})


QUOTED_JSON = """{
  "description": "The root cause was \\"human error\\"",
  "lessons_learned_preview": ["The engineer \\u201cshould have\\u201d checked", "We don't write \\" human error\\""]
}
"""


def test_a_quoted_phrase_without_a_negation_is_still_blame_and_its_subject_still_counts() -> None:
    # A mark set apart by a space quotes nothing attached to the phrase, so it still ends the clause.
    assert lint_json(RULE, QUOTED_JSON) == [
        (2, 18, message("description", "human error")),
        (3, 31, message("lessons_learned_preview[0]", "should have")),
        (3, 79, message("lessons_learned_preview[1]", "human error")),
    ]


HYPHEN_JSON = """{
  "description": "A classic human-error incident",
  "technical_details": {"root_cause": "The at-fault change was a config push; not an operator\\u2011error"},
  "lessons_learned_preview": ["The human-error-proof design held", "Sarah should-have paged"]
}
"""


def test_a_phrase_written_as_a_hyphenated_compound_is_found_and_still_negated() -> None:
    # A counterfactual is never a compound ('should-have' is left alone), and a longer compound is another word.
    assert lint_json(RULE, HYPHEN_JSON) == [
        (2, 18, message("description", "human-error")),
        (3, 39, message("technical_details.root_cause", "at-fault")),
    ]


FAULT_YAML = """technical_details:
  root_cause: An intermittent hardware fault of the top-of-rack switch dropped 4% of packets.
lessons_learned_preview:
  - A fault of the power supply took the rack down
  - A big part of it was the fault of the deployer
"""


def test_a_counted_fault_is_a_defect_and_the_fault_of_someone_is_still_blame() -> None:
    # 'a' or 'an' among the three words before 'fault of' counts a fault (a defect); 'the fault of' assigns one.
    assert lint_yaml(RULE, FAULT_YAML) == [(5, 5, message("lessons_learned_preview[1]", "fault of"))]


@pytest.mark.parametrize(
    "text",
    [
        "The Kubernetes operator should have retried the reconcile",
        "Our Strimzi operator should have requeued the topic",
        "The k8s operators should have backed off",
        "Kubernetes operator should have retried",  # a known kind of operator may open the clause
        "The cluster operator should have drained the node",
        "The package manager should have pinned the version",
        "The secrets managers should have rotated the key",
    ],
)
def test_an_operator_or_manager_that_is_software_is_not_a_person(text: str) -> None:
    assert_silent(RULE, {"description": text})


@pytest.mark.parametrize(
    "text",
    [
        "The operator should have checked the dashboard",  # a capital that opens the clause names nothing
        "Operators should have checked the dashboard",
        "The on-call operator should have checked",  # a person word before it: a person
        "Then The operator should have checked",  # a capitalised determiner is not a product's name
        "The Incident Manager should have paged the database team",  # a manager is software only after its words
        "The release manager should have waited",
    ],
)
def test_operators_and_managers_that_are_people_are_still_people(text: str) -> None:
    expected = [message("description", "should have")]
    assert findings_both(RULE, {"description": text}) == (expected, expected)


@pytest.mark.parametrize(
    "text",
    [
        "An operator error log entry appeared at 14:02",
        "Operator error codes were returned by the vendor API",
        "The human error rate metric stayed flat",
        "The human-error alerts were muted",  # a compound too
        "git blame showed the override came from a bot",  # the command, without backticks
        "We ran svn blame on the file",
        "The blame view pointed at an automated commit",
        "Moving away from a blame culture took a year",
    ],
)
def test_a_phrase_that_names_a_thing_or_a_command_is_not_blame(text: str) -> None:
    assert_silent(RULE, {"description": text})


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The operator error was caught late", "operator error"),
        ("Human error. Logs show the rest", "Human error"),  # a full stop ends the name
        ("It was human error\nlog rotation is unrelated", "human error"),  # so does a line break
        ("We blame the deploy tool and git", "blame"),
        ("Legit blame lies with the reviewer", "blame"),  # 'Legit' is not git
    ],
)
def test_a_phrase_followed_by_a_word_that_names_no_thing_is_still_blame(text: str, phrase: str) -> None:
    expected = [message("description", phrase)]
    assert findings_both(RULE, {"description": text}) == (expected, expected)
