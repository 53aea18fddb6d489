"""Reads the words around a blaming phrase: is it negated, and does a counterfactual name a person as its agent?

blameless-language finds its phrases with a regular expression; this module decides which of the matches are
blame. No parser and no tagger: the rule runs on every record, and its decisions must fit in its rationale. The
few grammatical facts it relies on are the ones below, each with the sentence that motivated it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import NamedTuple

#: A phrase whose first word is one of these is a counterfactual ("should have", "could have been avoided"):
#: blame only when its agent is a person. "The alert should have fired at 14:20" expects something of a system.
MODALS = frozenset({"should", "shouldn't", "could", "couldn't", "would", "wouldn't", "must", "mustn't", "ought"})

#: Words that turn what follows into a blameless statement: "nobody was at fault", "no one is to blame", "this
#: was not the fault of the on-call engineer". Any word ending in "n't" counts too (wasn't, isn't, didn't).
NEGATORS = frozenset({"no", "not", "nobody", "none", "never", "neither", "nor", "nothing", "without", "cannot"})
#: "not only human error" still says human error.
NOT_A_NEGATION = frozenset({"only", "just", "merely", "simply", "solely"})
#: How many words before a phrase a negator may stand ("no one is to | blame").
NEGATION_REACH = 4

#: How many words before an active counterfactual make up its subject, and after a passive one its agent.
SUBJECT_REACH = 6
AGENT_REACH = 8

#: The end of a clause: punctuation, a spaced dash, or a linking word. The subject of "the engineer noticed that
#: the cache should have expired" is "the cache", and negation does not cross "but" either.
_CLAUSE_BREAK = re.compile(
    r"[.;:!?,()\[\]{}\"\u201c\u201d]|\s[-\u2010-\u2015]+\s|[\u2013\u2014]"
    r"|\b(?:and|but|or|so|because|that|which|when|while|whereas|although|though|since|if|than|as|after|before"
    r"|until|once)\b",
    re.IGNORECASE,
)
#: The end of a sentence: the agent of a passive may follow "if" or "by" ("could have been avoided if the
#: operator had ..."), so only sentence punctuation stops the look ahead.
_SENTENCE_BREAK = re.compile(r"[.;!?]")
#: A word: letters first, with inner apostrophes and hyphens ("on-call", "didn't", "engineer's"), and the
#: apostrophe of a plural possessive ("engineers'").
_WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?(?:(?<=s)')?")
#: After a phrase ending in "have": "have to" is an obligation ("no engineer should have to remember the flag"),
#: and "have been" + a participle is a passive ("the on-call engineer should have been paged").
_AFTER_HAVE = re.compile(r"\s+(?:(to)|been\s+([^\W\d_]+))\b", re.IGNORECASE)
#: Irregular past participles common in postmortems; regular ones end in "ed".
_IRREGULAR_PARTICIPLES = frozenset(
    {"caught", "told", "sent", "shown", "given", "woken", "brought", "taken", "made", "seen", "done", "known", "found"}
)
#: How much text before a phrase is read for its clause: more than SUBJECT_REACH words need.
_LOOK_BACK = 200


def is_participle(word: str) -> bool:
    word = word.lower()
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


def words_in(text: str) -> list[str]:
    return _WORD.findall(text)


def words_before(text: str, start: int) -> list[str]:
    """The words of the clause that ends at ``start``."""
    head = text[max(0, start - _LOOK_BACK) : start]
    cut = 0
    for cut_at in _CLAUSE_BREAK.finditer(head):
        cut = cut_at.end()
    return _WORD.findall(head, cut)


def words_after(text: str, end: int) -> list[str]:
    """The first :data:`AGENT_REACH` words of the rest of the sentence after ``end``."""
    tail = text[end : end + _LOOK_BACK]
    stop = _SENTENCE_BREAK.search(tail)
    return _WORD.findall(tail, 0, stop.start() if stop else len(tail))[:AGENT_REACH]


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


def names_person(words: list[str], people: People, names: Collection[str]) -> bool:
    """Whether ``words`` hold a person word (case-insensitive, or its plural in -s) or a name the record gives its
    people (as written: "Will" is a name, "will" is not). A possessive ("the engineer's dashboard") is not, and
    neither is a person word that modifies a thing (:func:`modifies_a_thing`)."""
    lowered = [word.lower() for word in words]
    found = [
        low in people.words or (low.endswith("s") and low[:-1] in people.words) or word in names
        for word, low in zip(words, lowered, strict=True)
    ]
    for index, person in enumerate(found):
        if not person:
            continue
        last = index + 1 == len(words)
        if last or lowered[index] in _PRONOUNS or found[index + 1] or not modifies_a_thing(lowered[index + 1]):
            return True
    if people.phrases:
        joined = " " + " ".join(lowered) + " "
        return any(f" {phrase} " in joined or f" {phrase}s " in joined for phrase in people.phrases)
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
    text: str, start: int, end: int, phrase_words: list[str], people: People, names: Collection[str]
) -> bool:
    """Whether the counterfactual ``text[start:end]`` blames a person: the subject of an active one ("the operator
    should have checked") or the agent after a passive one ("could have been avoided if the engineer had ...")."""
    passive = "been" in phrase_words[:-1] and is_participle(phrase_words[-1])
    if phrase_words[-1] == "have":
        after = _AFTER_HAVE.match(text, end)
        if after is not None and after.group(1) is not None:
            return False  # "should have to": an obligation, not hindsight
        if after is not None and is_participle(after.group(2)):
            passive, end = True, after.end()
    if passive:
        return names_person(words_after(text, end), people, names)
    subject = words_before(text, start)[-SUBJECT_REACH:]
    for index in range(len(subject) - 1, -1, -1):
        if subject[index].lower().endswith(("'s", "s'")):
            # "the on-call engineer's dashboard": the head of the subject follows the possessive
            subject = subject[index + 1 :]
            break
    return names_person(subject, people, names)
