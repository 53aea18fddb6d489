"""Reads the words around a blaming phrase: is it negated, and does a counterfactual name a person as its agent?

blameless-language finds its phrases with a regular expression; this module decides which of the matches are
blame. No parser and no tagger: the rule runs on every record, and its decisions must fit in its rationale. The
few grammatical facts it relies on are the ones below, each with the sentence that motivated it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import NamedTuple

from incidentlint.lazyre import lazy

#: A phrase whose first word is one of these is a counterfactual ("should have", "could have been avoided"):
#: blame only when its agent is a person. "The alert should have fired at 14:20" expects something of a system.
MODALS = frozenset({"should", "shouldn't", "could", "couldn't", "would", "wouldn't", "must", "mustn't", "ought"})

#: Words that turn what follows into a blameless statement: "nobody was at fault", "no one is to blame", "this
#: was not the fault of the on-call engineer", "instead of blaming the deployer", "rather than blame the on-call".
#: Any word ending in "n't" counts too (wasn't, isn't, didn't).
NEGATORS = frozenset(
    {"no", "not", "nobody", "none", "never", "neither", "nor", "nothing", "without", "cannot", "instead", "rather than"}
)  # fmt: skip
#: "not only human error" still says human error.
NOT_A_NEGATION = frozenset({"only", "just", "merely", "simply", "solely"})
#: How many words before a phrase a negator may stand ("no single person is to | blame").
NEGATION_REACH = 5

#: How many words before an active counterfactual make up its subject, and after a passive one its agent.
SUBJECT_REACH = 6
AGENT_REACH = 8

#: The end of a clause: punctuation, a dash, or a linking word. The subject of "the engineer noticed that the
#: cache should have expired" is "the cache", and negation does not cross "but" either. A full stop inside a
#: word ("v2.3.1", "0.1") ends nothing.
_CLAUSE_END = frozenset('.,;:!?)]}"\u201d')
_CLAUSE_START = frozenset('([{"\u201c')
#: Quotation marks that can open a quoted phrase: straight, curly, low-9 and guillemet.
_OPENING_QUOTES = '"\u201c\u201e\u00ab\u2018'
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"
LINKING_WORDS = frozenset(
    {"and", "but", "or", "so", "because", "that", "which", "when", "while", "whereas", "although", "though",
     "since", "if", "than", "as", "after", "before", "until", "once"}
)  # fmt: skip
#: The end of a sentence: the agent of a passive may follow "if" or "by" ("could have been avoided if the
#: operator had ..."), so only sentence punctuation stops the look ahead.
_SENTENCE_BREAK = lazy(r"[.;!?](?!\w)")
#: What is trimmed from each side of a word; an apostrophe stays on the right only after s ("engineers'").
_EDGES = '.,;:!?()[]{}"\u201c\u201d\u2013\u2014'
#: After a phrase ending in "have": "have to" is an obligation ("no engineer should have to remember the flag"),
#: and "have been" + a participle is a passive ("the on-call engineer should have been paged").
_AFTER_HAVE = lazy(r"\s+(?:(to)|been\s+([^\W\d_]+))\b", re.IGNORECASE)
#: After a phrase ending in "have": a determiner, a number or a noun that is never a participle makes "have" the
#: verb of possession, so the phrase says what something should own from now on, not what someone should have
#: done: "every on-call engineer should have access to the logs", "we should have a second region by Q3". A
#: perfect "should have" is followed by a participle (or an adverb, so "more" is left out: "should have more
#: carefully reviewed"; and "at least" counts only when no participle follows: "should have at least checked").
#: After "had", the same possession, missed ("each responder should have had access to the runbook" says what the
#: responders lacked, not what they did), but only with "a", a number or one of those nouns: "should have had the
#: sense to roll back" judges conduct.
_POSSESSION = lazy(
    r"\s+(?:a|an|the|no|some|any|enough|each|every|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]+"
    r"|at\s+least\s+(?P<then>[^\W\d_][\w\-]*)|at\s+least\s+[0-9]+"
    r"|its|their|our|his|her|my|your|this|these|those|access|permission|permissions|visibility"
    r"|ownership|context|training|time|guidance|documentation|tooling|support"
    r"|had\s+(?:a|an|two|three|four|five|six|seven|eight|nine|ten|[0-9]+|access|permission|permissions"
    r"|visibility|ownership|context|training|time|guidance|documentation|tooling|support))(?![\w\-])",
    re.IGNORECASE,
)
#: Irregular past participles common in postmortems; regular ones end in "ed".
_IRREGULAR_PARTICIPLES = frozenset(
    {"caught", "told", "sent", "shown", "given", "woken", "brought", "taken", "made", "seen", "done", "known", "found"}
)
#: How much text before a phrase is read for its clause: enough for SUBJECT_REACH words of any usual length.
_LOOK_BACK = 120


def is_participle(token: str) -> bool:
    lowered = token.lower()
    return lowered.endswith("ed") or lowered in _IRREGULAR_PARTICIPLES


def word(token: str) -> str:
    """A whitespace-separated token without the punctuation around it: "(see" -> "see", "engineers'" stays."""
    token = token.strip(_EDGES).lstrip("'")
    return token if not token.endswith("'") or token.endswith("s'") else token.rstrip("'")


def words_in(text: str) -> list[str]:
    """The words of ``text``, split at whitespace, punctuation trimmed."""
    return [w for w in map(word, text.split()) if w]


def words_before(text: str, start: int) -> list[str]:
    """The last :data:`SUBJECT_REACH` words of the clause that ends at ``start``. Plain string splitting: a regular
    expression over the text before every match cost more than the rest of the rule."""
    words: list[str] = []
    tail = text[max(0, start - _LOOK_BACK) : start]
    tokens = tail.split()
    if tokens and tail[-1] == tokens[-1][-1] and not tokens[-1].strip(_OPENING_QUOTES):
        tokens.pop()  # a quotation mark opening the phrase ('not "human error"') quotes it, ending no clause
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position]
        if token[-1] in _CLAUSE_END or token.strip(_DASHES) == "":
            break  # "dashboard; the alert": the clause starts after this word; a lone dash ends it too
        cleaned = word(token)
        if cleaned.lower() in LINKING_WORDS:
            if cleaned.lower() == "than" and position and word(tokens[position - 1]).lower() == "rather":
                words.append("rather than")  # a contrast that rejects what follows: one negator (NEGATORS)
            break
        if cleaned:
            words.append(cleaned)
        if token[0] in _CLAUSE_START or len(words) == SUBJECT_REACH:
            break
    words.reverse()
    return words


def words_after(text: str, end: int) -> list[str]:
    """The first :data:`AGENT_REACH` words of the rest of the sentence after ``end``."""
    tail = text[end : end + 2 * _LOOK_BACK]
    stop = _SENTENCE_BREAK.search(tail)
    return words_in(tail[: stop.start() if stop else len(tail)])[:AGENT_REACH]


def negated(before: list[str]) -> bool:
    """Whether one of the last :data:`NEGATION_REACH` words of ``before`` negates what follows."""
    window = [word.lower() for word in before[-NEGATION_REACH:]]
    for index, word in enumerate(window):
        if word in NEGATORS or word.endswith("n't"):
            following = window[index + 1] if index + 1 < len(window) else ""
            if not (word == "not" and following in NOT_A_NEGATION):
                return True
    return False


class People(NamedTuple):
    """The person words, lower-cased: single words, and entries of several words ("incident commander")."""

    words: frozenset[str]
    phrases: tuple[str, ...]


def people_of(entries: Iterable[str]) -> People:
    split = [" ".join(entry.replace("\u2019", "'").lower().split()) for entry in entries]
    return People(frozenset(e for e in split if " " not in e), tuple(e for e in split if " " in e))


def names_person(words: list[str], people: People, names: Callable[[], Collection[str]]) -> bool:
    """Whether ``words`` hold a person word (case-insensitive, or its plural in -s) or a name the record gives its
    people (as written: "Will" is a name, "will" is not). A possessive ("the engineer's dashboard") is not, and
    neither is a person word that modifies a thing (:func:`modifies_a_thing`). ``names`` is asked only when no
    person word is found: reading the responders is most of the cost of a match."""
    lowered = [word.lower() for word in words]
    # A pronoun has no plural in -s: "is" is a verb, not the plural of "I" ("the alert that is configured").
    found = [
        low in people.words or (low.endswith("s") and low[:-1] in people.words and low[:-1] not in _PRONOUNS)
        for low in lowered
    ]
    for index in range(1, len(found)):
        if found[index] and not found[index - 1] and names_software(words[index - 1], lowered[index], index == 1):
            found[index] = False
    if _holds_a_person(lowered, found):
        return True
    if people.phrases:
        joined = " " + " ".join(lowered) + " "
        if any(f" {phrase} " in joined or f" {phrase}s " in joined for phrase in people.phrases):
            return True
    given = names()
    if not given or not any(word in given for word in words):
        return False
    return _holds_a_person(lowered, [person or word in given for word, person in zip(words, found, strict=True)])


def names_software(qualifier: str, head: str, first: bool) -> bool:
    """Whether a person word ``head`` (lower-cased) after the word ``qualifier`` (as written; ``first`` when it
    opens the clause) names software: a Kubernetes operator ("the Postgres operator should have retried", "the k8s
    operators"), a package or secrets manager. For an operator, a qualifier with a digit is a product's name, and
    so is one with a capital letter, unless it opens the clause or is a determiner ("The operator should have
    checked" blames a person); a manager is software only after the words of :data:`_SOFTWARE_MANAGERS`, since
    many people are managers of something ("the Incident Manager", "the release manager")."""
    head = head[:-1] if head.endswith("s") else head
    lowered = qualifier.lower()
    if head == "operator":
        named = qualifier[:1].isupper() and not first and lowered not in _DETERMINERS
        return named or lowered in _SOFTWARE_OPERATORS or any(c.isdigit() for c in qualifier)
    return head == "manager" and lowered in _SOFTWARE_MANAGERS


_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "our", "their", "its", "his", "her", "my", "your", "each",
     "every", "one", "any", "some", "no", "all", "both", "another"}
)  # fmt: skip


#: Words before "operator" that make it a Kubernetes operator (a controller), not a person: what it manages, or
#: the kind of resource it was written for. A capitalised word does too (see :func:`names_software`).
_SOFTWARE_OPERATORS = frozenset(
    {"kubernetes", "k8s", "openshift", "helm", "cluster", "database", "postgres", "postgresql", "mysql", "mongodb",
     "redis", "kafka", "strimzi", "elasticsearch", "prometheus", "etcd", "vault", "cert-manager", "istio", "argo",
     "spark", "flink", "custom", "controller", "storage", "backup", "ingress", "cassandra", "rabbitmq", "zookeeper"}
)  # fmt: skip
#: Words before "manager" that make it a program: "the package manager", "the secrets manager", "systemd's
#: service manager" is left out, as ITIL's service managers are people.
_SOFTWARE_MANAGERS = frozenset(
    {"package", "secrets", "secret", "certificate", "cert", "cert-manager", "config", "configuration", "connection",
     "memory", "process", "session", "window", "file", "task", "resource", "dependency", "state", "lock",
     "transaction", "device", "volume", "key", "password", "credential", "credentials", "cluster", "node",
     "workload", "traffic", "download", "boot", "display", "network", "networkmanager", "pool", "buffer", "cache",
     "queue", "job", "plugin", "extension", "feature-flag", "flag", "policy", "identity", "access", "quota"}
)  # fmt: skip


def _holds_a_person(lowered: list[str], found: list[bool]) -> bool:
    for index, person in enumerate(found):
        if not person:
            continue
        last = index + 1 == len(lowered)
        if last or lowered[index] in _PRONOUNS or found[index + 1] or not modifies_a_thing(lowered[index + 1]):
            return True
    return False


def modifies_a_thing(following: str) -> bool:
    """Whether a person word followed by the (lower-cased) word ``following`` is a modifier of a thing: "the
    on-call rotation", "the admin console", "human review", "lead time". A word that can follow a person who is
    the subject or the agent ("the engineer who ...", "the engineer on call", "if the operator had ...", "if the
    operator checked ...") says it is not."""
    return following not in _AFTER_A_PERSON and not following.endswith("ed")


#: Words that follow a person word which names the person: post-modifiers and auxiliaries.
_AFTER_A_PERSON = frozenset(
    {"who", "whom", "whose", "on", "of", "in", "at", "from", "with", "for", "to", "by", "during", "responsible",
     "involved", "assigned", "alone", "also", "too", "all", "both", "himself", "herself", "themselves", "myself",
     "ourselves", "yourself", "had", "has", "have", "was", "were", "is", "are", "did", "does", "do", "would",
     "could", "should", "might", "may", "must", "will", "can", "personally", "really", "clearly", "then"}
)  # fmt: skip
#: Pronouns are never modifiers: "we all", "I personally".
_PRONOUNS = frozenset({"i", "we", "you", "he", "she"})


def counterfactual_blames(
    text: str,
    before: list[str],
    end: int,
    phrase_words: list[str],
    people: People,
    names: Callable[[], Collection[str]],
) -> bool:
    """Whether the counterfactual ending at ``end``, after the words ``before`` of its clause, blames a person: the
    subject of an active one ("the operator should have checked") or the agent after a passive one ("could have
    been avoided if the engineer had ...")."""
    passive = "been" in phrase_words[:-1] and is_participle(phrase_words[-1])
    if phrase_words[-1] == "have":
        after = _AFTER_HAVE.match(text, end)
        if after is not None and after.group(1) is not None:
            return False  # "should have to": an obligation, not hindsight
        owns = _POSSESSION.match(text, end)
        if owns is not None and not (owns["then"] and is_participle(owns["then"])):
            return False  # "should have a runbook": possession from now on, not hindsight
        if after is not None and is_participle(after.group(2)):
            passive, end = True, after.end()
    if passive:
        return names_person(words_after(text, end), people, names)
    subject = before
    for index in range(len(subject) - 1, -1, -1):
        if subject[index].lower().endswith(("'s", "s'")):
            # "the on-call engineer's dashboard": the head of the subject follows the possessive
            subject = subject[index + 1 :]
            break
    return names_person(subject, people, names)


#: Nouns that make a blaming phrase before them the name of a thing: "an operator error log entry", "operator error
#: codes", "the human error rate" (a reliability metric), "the blame view", "a blame culture".
_THINGS_NAMED = frozenset(
    {"log", "logs", "message", "messages", "code", "codes", "count", "counts", "rate", "rates", "metric", "metrics",
     "alert", "alerts", "banner", "dialog", "page", "screen", "field", "category", "label", "tag", "event", "events",
     "entry", "entries", "type", "types", "view", "output", "annotation", "annotations", "history", "culture",
     "game"}
)  # fmt: skip
#: Version-control commands named "blame": "git blame showed the change came from a bot".
_BLAME_COMMANDS = frozenset({"git", "svn", "hg", "p4", "bzr", "fossil"})
_NEXT_WORD = lazy(r"[^\S\n]+([^\W\d_][\w\-]*)")


def names_a_thing(text: str, end: int, phrase_words: list[str], before: list[str]) -> bool:
    """Whether the phrase ending at ``end`` (its lower-cased ``phrase_words``, after the words ``before``) names a
    thing rather than judging anyone: it is followed, on the same line, by one of :data:`_THINGS_NAMED`, or it is
    "blame" after git or another version-control command."""
    if phrase_words[-1] in ("blame", "blamed") and before and before[-1].lower() in _BLAME_COMMANDS:
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).lower() in _THINGS_NAMED
