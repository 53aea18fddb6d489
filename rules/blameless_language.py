"""blameless-language: narrative fields describe systems, not who is to blame."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._blame_context import (
    MODALS,
    People,
    counterfactual_blames,
    names_a_thing,
    negated,
    people_of,
    words_before,
    words_in,
)
from ._common import (
    get,
    in_code,
    lower_exactly,
    markdown_code,
    may_quote_code,
    pointer_of,
    responder_name,
    strings_option,
    where,
)

DEFAULT_PHRASES = (
    "human error",
    "operator error",
    "should have",
    "shouldn't have",
    "should not have",
    "careless",
    "carelessly",
    "carelessness",
    "fault of",
    "at fault",
    "negligent",
    "negligence",
    "blame",
    "blamed",
    "could have been avoided",
)
#: Words that make the subject (or the agent) of a counterfactual a person. "they" is left out: in postmortems it
#: as often means the replicas or the alerts as the people.
DEFAULT_PEOPLE = (
    "i",
    "we",
    "you",
    "he",
    "she",
    "someone",
    "somebody",
    "person",
    "people",
    "individual",
    "human",
    "engineer",
    "developer",
    "dev",
    "operator",
    "admin",
    "administrator",
    "sre",
    "on-call",
    "oncall",
    "on-caller",
    "oncaller",
    "responder",
    "reviewer",
    "approver",
    "author",
    "deployer",
    "committer",
    "owner",
    "lead",
    "manager",
    "commander",
    "team",
    "staff",
    "employee",
    "contractor",
)
# Narrative fields: the prose a reader takes the story from. Titles and timeline messages are left alone.
FIELDS: tuple[tuple[str, ...], ...] = (
    ("description",),
    ("customer_impact",),
    ("business_impact",),
    ("technical_details", "root_cause"),
)


@rule(
    code="IL118",
    name="blameless-language",
    severity="info",
    summary=(
        "Narrative fields (description, root_cause, lessons, impact) use blaming phrases "
        "such as 'human error', 'should have', 'careless' or 'fault of'."
    ),
    rationale=(
        "Postmortems are blameless so that people report what really happened: PagerDuty's postmortem guide says "
        "an individual's action is never a root cause and asks authors not to judge what should or should not "
        "have been done, and Google's SRE book asks for contributing causes without indicting any individual or "
        "team. 'Human error' ends the inquiry exactly where it should start. The `phrases` option (matched "
        "case-insensitively as whole words, the words of a phrase also joined by a hyphen as in 'a human-error "
        "incident') is checked in description, customer_impact, business_impact, "
        "technical_details.root_cause and each lessons_learned_preview item. An info rule that nags on correct "
        "records gets turned off, so a match counts only when it blames someone. Text quoted as Markdown code, in "
        "backticks or a fenced block, is not the author's prose: '`git blame` showed the change' and a log line "
        "in a fenced block or an indented code block are not read. "
        "(1) Negation: a phrase with a negator among the five words before it, in the same clause, is a blameless "
        "statement: 'nobody was at fault', 'no one is to blame', 'this was not the fault of the on-call "
        "engineer', 'not human error but a missing guard rail'. The negators are no, not, nobody, none, never, "
        "neither, nor, nothing, without, cannot, instead (of), rather than and any word ending in n't; 'not only' "
        "does not negate. A "
        "quotation mark that opens the phrase ends no clause: 'we no longer accept \"human error\" as a cause'. "
        "(2) Counterfactuals: a phrase that starts with should, shouldn't, could, would, must or ought ('should "
        "have', 'could have been avoided', or one you configure) counts only when a person is its agent. For an "
        "active phrase, that is one of the six words before it in its clause ('The on-call engineer should have "
        "checked the dashboard'); after a possessive only the words that follow it count ('the on-call "
        "engineer's dashboard should have shown the spike' is about the dashboard). For a passive phrase ('could "
        "have been avoided', 'should have been caught') it is one of the eight words after it in its sentence "
        "('could have been avoided if the engineer had checked'). A person is a word of the `people` option "
        "(case-insensitive, plurals in -s included) or a word of a name given in incident_commander or "
        "responders, as written ('Sarah should have paged'). A person word directly followed by another word "
        "names a thing ('the on-call rotation', 'the admin console', 'human review'), unless that word is a "
        "person word, a name, a verb in -ed or a word that can follow a person (who, on, of, in, at, with, by, "
        "had, was, did, ...); the pronouns I, we, you, he and she always count. 'operator' and 'manager' also "
        "name software: a Kubernetes operator, after a capitalised product name, a word with a digit or a word "
        "such as Kubernetes, cluster or database ('the Strimzi operator should have retried'), and a package, "
        "secrets, connection or config manager (but not an incident or release manager, who is a person). So "
        "expectations of systems pass "
        "('the failover should have taken 0.1 seconds', 'the alert should have fired at 14:20', 'this could have "
        "been avoided with a canary stage'), as do what should have happened to a person ('the on-call engineer "
        "should have been paged'), obligations ('no engineer should have to remember the flag') and what something "
        "should own from now on, where 'have' is followed by a determiner, a number or access ('every on-call "
        "engineer should have access to the logs', 'we should have a second region by Q3'). A clause "
        "ends at punctuation, a spaced dash or a linking word (and, but, or, so, because, that, which, when, "
        "while, if, than, as, since, although, after, before, until, once). 'we' is a person word on purpose: "
        "'we should have caught this in review' judges the team's past conduct in hindsight, which both guides "
        "warn against, where 'review did not catch this because ...' says the same about the system; a team that "
        "writes 'we should have' as a shared lesson can leave 'we' out of `people`. 'they' is not one: it means "
        "the replicas or the alerts as often as the responders. (3) Everything else ('human error', 'careless', "
        "'at fault', 'blame') is blame whoever it is said of, unless negated; but a fault that is counted, with "
        "'a' or 'an' among the three words before it ('an intermittent fault of the switch'), is a defect, not "
        "blame, and a phrase that names a thing is not blame either: followed by a noun such as log, code, rate, "
        "metric, alert, view, output or culture ('an operator error log entry', 'the human error rate', 'the "
        "blame view'), or 'blame' after git, svn or hg ('git blame showed a bot commit'). Plain 'could have' is "
        "not in the default list: lessons use it for improvements ('monitoring could have warned earlier'). The "
        "rule reads words, not grammar: a person early in a long clause can still count ('the engineer decided "
        "the failover should have run')."
    ),
    valid=[
        {"technical_details": {"root_cause": "A query without an index exhausted the connection pool"}},
        {"lessons_learned_preview": ["Connection pool monitoring should have provided earlier warning"]},
        {"description": "The failover should have taken 0.1 seconds but took 40"},
        {"description": "Nobody was at fault: the runbook did not mention the flag"},
        {"lessons_learned_preview": ["Every on-call engineer should have access to the production logs"]},
        {"description": "`git blame` showed the override came from an automated chart upgrade"},
    ],
    invalid=[
        {"technical_details": {"root_cause": "Human error during the deployment"}},
        {"lessons_learned_preview": ["The on-call engineer should have checked the dashboard"]},
        {"lessons_learned_preview": ["We should have caught this in review"]},
    ],
    options={"phrases": list(DEFAULT_PHRASES), "people": list(DEFAULT_PEOPLE)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "phrases": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Blaming words and phrases, matched case-insensitively as whole words.",
            },
            "people": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": (
                    "Words and phrases (pronouns, roles) that make a counterfactual phrase such as 'should have' "
                    "blame a person when they are its subject (or, after a passive, its agent); "
                    "case-insensitive, plurals in -s included."
                ),
            },
        },
    },
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    wanted = strings_option(options, "phrases", DEFAULT_PHRASES)
    if not wanted:
        return
    needles = _needles(wanted)
    fields = list(_narrative(record))
    if needles is not None:
        # One look at all the fields together first: most records contain none of the words. The rule reads a
        # typographic apostrophe as "'", and so does this look. The expression is compiled only past it: that is
        # 1.5 ms of a one-file run's start-up.
        lowered = lower_exactly("\n".join(text for _, text in fields).replace("\u2019", "'"))
        if lowered is not None and not any(needle in lowered for needle in needles):
            return
    pattern = _pattern(wanted)
    if pattern is None:
        return
    context = _Context(record, strings_option(options, "people", DEFAULT_PEOPLE))
    for path, text in fields:
        read = text.replace("\u2019", "'")
        if needles is not None:
            lowered = lower_exactly(read)
            if lowered is not None and not any(needle in lowered for needle in needles):
                continue  # no phrase can match: each needs its longest word somewhere in the text
        found: dict[str, str] = {}
        code: tuple[list[tuple[int, int]], list[int]] | None = None
        for match in pattern.finditer(read):
            # Shown as written but with each run of whitespace as one space: a phrase broken across the lines
            # of a block scalar reads 'human error', not 'human\x0aerror'.
            phrase = " ".join(match.group().split())
            if phrase.casefold() in found:
                continue
            if may_quote_code(read):  # quoted code ('`git blame`', a log in a fenced block) is not prose
                if code is None:
                    spans = markdown_code(read)
                    code = spans, [start for start, _ in spans]
                if in_code(*code, match.start()):
                    continue
            if not context.blames(read, match.start(), match.end(), phrase):
                continue
            found[phrase.casefold()] = phrase
        if found:
            pointer = pointer_of(path)
            phrases = ", ".join(show_value(phrase) for phrase in found.values())
            yield Finding(
                pointer,
                f"{where(pointer)} uses blaming language ({phrases}); describe what in the system let this happen "
                "(a missing check, an unclear runbook, a risky default) rather than who erred",
            )


class _Context:
    """What decides whether a match is blame: the words around it, the person words, the record's names."""

    def __init__(self, record: Mapping[str, Any], people: tuple[str, ...]) -> None:
        self.record = record
        self.people = _people(people)
        self._names: frozenset[str] | None = None

    def blames(self, text: str, start: int, end: int, phrase: str) -> bool:
        before = words_before(text, start)
        if negated(before):
            return False
        words = phrase.casefold().split()
        if words == ["fault", "of"] and any(word.lower() in ("a", "an") for word in before[-3:]):
            return False  # "an intermittent fault of the switch": a defect, counted; blame is "the fault of"
        if words[0] not in MODALS:
            # "human error", "careless", "blame": blame whoever or whatever they are said of; but not as the name
            # of a thing ("an operator error log", "the human error rate") or of git's command ("git blame").
            return not names_a_thing(text, end, words, before)
        return counterfactual_blames(text, before, end, words, self.people, self.names)

    def names(self) -> frozenset[str]:
        """The words of the names of the incident commander and the responders, read only when a counterfactual
        is found: "Sarah should have checked" blames a person the record names."""
        if self._names is None:
            people = self.record.get("responders")
            entries = [*(people if isinstance(people, list) else ()), self.record.get("incident_commander")]
            self._names = frozenset(
                word
                for name in map(responder_name, entries)
                if name is not None
                for word in words_in(name.replace("\u2019", "'"))
                if len(word) > 1
            )
        return self._names


@functools.lru_cache(maxsize=8)
def _people(entries: tuple[str, ...]) -> People:
    return people_of(entries)


def _narrative(record: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for path in FIELDS:
        value = get(record, *path)
        if isinstance(value, str):
            yield path, value
    lessons = record.get("lessons_learned_preview")
    if isinstance(lessons, list):
        for index, value in enumerate(lessons):
            if isinstance(value, str):
                yield ("lessons_learned_preview", index), value


@functools.lru_cache(maxsize=8)
def _needles(phrases: tuple[str, ...]) -> tuple[str, ...] | None:
    """The longest word of each phrase, lower-cased: a match needs it in the text. Running the regex over every
    narrative field was most of this rule's cost, and most fields contain none of the words. Only for ASCII
    phrases, looked for in text that :func:`lower_exactly` lower-cases; None turns the shortcut off."""
    words = []
    for phrase in phrases:
        phrase = phrase.replace("\u2019", "'")
        if not phrase.isascii() or not phrase.split():
            return None
        words.append(max(phrase.split(), key=len).lower())
    # A word that contains another needs no test of its own: "carelessly" is found wherever "careless" is.
    return tuple(sorted({w for w in words if not any(o != w and o in w for o in words)}))


@functools.lru_cache(maxsize=8)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)  # longest first, so "carelessness" wins over "careless"
    alternatives = "|".join(_spelled(phrase.replace("\u2019", "'").split()) for phrase in ordered)
    # Whole words only: "blame" must not match "blameless" or "blame-free".
    return re.compile(rf"(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)


def _spelled(words: list[str]) -> str:
    """The expression for a phrase of ``words``: its words apart, or joined by a hyphen as a compound adjective
    writes them ('a human-error incident', 'the at-fault change'). A counterfactual is never written so, and its
    words are read one by one to find its agent."""
    between = r"\s+" if words[0].casefold() in MODALS else r"(?:\s+|[\-\u2010\u2011])"
    return between.join(map(re.escape, words))
