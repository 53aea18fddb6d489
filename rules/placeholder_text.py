"""placeholder-text: no TBD, TODO, '?', [fill in], {{ name }}, ${NAME} or lorem ipsum left in a record."""

from __future__ import annotations

import functools
import itertools
import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value
from incidentlint.lazyre import lazy

from ._common import in_code, markdown_code, may_quote_code, strings_option, walk_strings_lazily, where

DEFAULT_WORDS = ("TBD", "TBC", "TBA", "TODO", "FIXME", "XXX", "N/A", "fill in", "fill me in")
#: Words of ``words`` that start a placeholder in capitals whatever follows them (see :func:`_pattern`).
_ACRONYMS = ("TBD", "TBC", "TBA", "FIXME")
# A placeholder word ends where the text does or at a character that cannot continue a word: "TBD.", "TODO: x"
# and "N/A" match, "TBDs", "todo-api" and "XXXL" do not.
_END = r"(?![\w\-/])"
_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# A word that is not the whole value must also be set off from what follows: by the end of its line, by
# punctuation ('TODO: add graphs', 'TBD - waiting on vendor', 'TBD (vendor)', 'N/A.') or by a reference to a
# ticket or a person ('TODO #123', 'TBD @sarah'). Followed by a word, it is a word of a sentence: 'TODO list
# endpoints failing' names the todo-list service, 'Fill in the gaps in monitoring' is an action item. A '.'
# counts only where no word goes on ('TBD.com' is a name).
_SET_OFF = rf"(?=[^\S{_BREAKS}]*(?:\Z|[{_BREAKS}:;,!?#@()\[\]{{}}<>\u2026\u2013\u2014\-]|\.(?!\w)))"
_TRAILING = " \t\r\n.,:;!?"
# A bracketed placeholder names what belongs there: '<service name>', '[TICKET-ID]', '<owner's name>'. So the
# text inside starts with a letter, ends with no space, and holds only letters, digits, spaces and _ - ' ’ / .
# (at most 60 of them); that leaves out comparisons ('<1% of requests ... >3s', '<p99 latency > 3s'), autolinks
# ('<https://...>', the ':'), tags with attributes and citations ('[1]').
_NAME = r"[^\W\d_](?:[\w '\u2019/.\-]{0,58}[\w'\u2019/.\-])?"
# An angle-bracket tag closed later in the value ('<b>Investigating</b>') is markup, not a placeholder.
_ANGLE = rf"<{_NAME}>(?![\s\S]*</)"
# Square brackets open status messages ('[UPDATE] Payments restored', '[x] Rolled back'), so a one-word name
# counts only as the whole value; a name of several words ('[service name] was down') counts at the start too.
# Followed by '(' or '[' it is a Markdown link ('[runbook](https://...)', '[runbook][1]'), followed by ': url' a
# link definition.
_SQUARE_WORD = rf"\[[^\W\d_][\w'\u2019/.\-]{{0,59}}\](?=[{_TRAILING}]*\Z)"
_SQUARE_PHRASE = (
    r"\[(?=[^\]\n]{1,60}\])[^\W\d_][\w'\u2019/.\-]*(?: +[\w'\u2019/.\-]+)+\]"
    r"(?![(\[]|:[^\S\n]*<?[a-z][\w+.\-]*:)"
)
# A Jinja or Mustache expression left unrendered: '{{ root_cause }}', '{{{ summary }}}', '{{#owners}}'.
_MUSTACHE = r"\{\{\{?[^{}\n]{0,100}\}\}\}?"
# A value made only of marks that stand for "nothing here yet": '?', '...', '…', '-', '—', '___', '**', and runs
# of x. Only as the whole value: '...and then the cache expired' and '- rolled back' are prose.
_MARK = r"[?.\u2026\u2010-\u2015_*\-]"
_MARKS = rf"{_MARK}+(?:[^\S\n]+{_MARK}+)*(?=\s*\Z)"
_XS = rf"x+(?=[{_TRAILING}]*\Z)"
# No sentence starts with a question mark, so '? unclear' and '??? ask the DB team' are placeholders; '?v=2' is not.
_QUESTION = r"\?+(?=\s)"
# Dummy text is filler whatever follows it, so it needs no punctuation after it, and it is not a `words` entry.
_LOREM = rf"lorem\s+ipsum{_END}"
# An unrendered template anywhere in a value: a Jinja, Mustache, Handlebars, Liquid, Go or GitHub Actions
# expression ('Impact on {{ service }}', '${{ inputs.summary }}'), a Jinja or Liquid statement ('{% if sev1 %}')
# or Jinja comment ('{# owner #}'; Pandoc's '{#anchor}' heading attribute has no closing '#}'),
# or a variable that a shell, envsubst or Compose file did not expand ('${ROOT_CAUSE}', '${REGION:-us-east-1}').
# The braces close on the same line, as the value of a template tag does. A bare '$NAME' is prose or a command
# too often ('$5 per request', 'ran $HOME/bin/x'); a dotted '${var.region}' is Terraform or JavaScript code, and
# '${n}$' is TeX maths.
_TEMPLATE = lazy(
    r"\$?\{\{\{?[^{}\n]{0,100}\}\}\}?"
    r"|\{%[^{}\n]{0,100}?%\}"
    r"|\{#[^{}\n]{0,100}?#\}"
    r"|\$\{[A-Za-z_][A-Za-z0-9_]{0,100}(?::?[-=?+][^{}$\n]{0,100})?\}(?!\$)"
)
_ADVICE = "; replace it with the real content before the record is published"
#: Where a communication_log entry names its channel, which can be X (formerly Twitter), written just "X".
_CHANNEL = lazy(r"/communication_log/[0-9]+/type")


@rule(
    code="IL113",
    name="placeholder-text",
    severity="warning",
    summary=(
        "A string value is, or starts with, a placeholder such as TBD, TODO, '?', [fill in] or N/A, or holds an "
        "unrendered template such as {{ name }} or ${NAME}."
    ),
    rationale=(
        "Templates are filled in under pressure, and a published postmortem that still says 'TBD' or '<root cause>' "
        "tells readers nothing while looking complete; dfds's public postmortems show '?' and 'N/A' left in fields. "
        "Every string value is checked, at any depth. The `words` option (TBD, TBC, TBA, TODO, FIXME, XXX, N/A, "
        "'fill in', 'fill me in') is matched case-insensitively as the whole value, or at its start when punctuation "
        "or a line break sets the word off ('TODO: add graphs', 'TBD - waiting on vendor', '(TBD)', '[TODO: "
        "graphs]', 'TODO #123'): a word followed by another word is part of a sentence, so 'TODO list endpoints "
        "failing' (the todo-list service) and 'Fill in the gaps in monitoring' are not reported. TBD, TBC, TBA and "
        "FIXME are never words of prose: written in capitals, they start a placeholder whatever follows ('TBD "
        "pending vendor'), though not in a name ('TBD.com'). Also reported, whatever the option says: a "
        "value made only of '?', '.', '…', '-', '—', '_' or '*' marks or of x's ('?', '...', '-', 'xxx'; '...and "
        "then the cache expired' is prose, '0' is a number, and a communication_log entry's type 'X' is the "
        "channel X, formerly Twitter); a value starting with question marks and a space ('? "
        "unclear'); dummy text 'lorem ipsum ...'; and a bracketed name such as '<service name>', '[fill in]' or "
        "'[TICKET-ID]': at most 60 letters, digits, spaces and _-'/. starting with a letter, so '<1% of requests>', "
        "an autolink '<https://...>', markup closed later in the value ('<b>Investigating</b>'), a citation '[1]' "
        "and a Markdown link '[runbook](https://...)' are content. As status messages open with tags ('[UPDATE] "
        "Payments restored', '[x] Rolled back'), a one-word name in square brackets counts only as the whole value. "
        "An unrendered template is reported anywhere in a value, not only at its start: a Jinja, Mustache, "
        "Handlebars, Liquid or Go expression ('Impact on {{ service }} lasted 40 minutes', '${{ inputs.summary }}'), "
        "a Jinja or Liquid statement ('{% if sev1 %}') or comment ('{# owner #}'), or a variable a shell, envsubst "
        "or Compose file did not expand, with a name inside ('${ROOT_CAUSE}', '${REGION:-us-east-1}'); the braces "
        "close on the same line. A bare '$NAME' is not reported, as prose and commands are full of them ('$5 per "
        "request', 'ran $HOME/bin/x'), nor a dotted '${var.region}' (Terraform or JavaScript code) or TeX maths "
        "'${n}$'. A template written about, such as a Helm chart's '{{ .Values.replicas }}' quoted in "
        "technical_details, looks exactly like one a generator failed to fill in, so it is reported too unless it is "
        "quoted as Markdown code: in backticks ('`replicas: {{ .Values.replicas }}`') or in a fenced block (``` or "
        "~~~). That is how to quote code in a record, and it also renders as code. Keys are never checked, and "
        "neither is anything under an 'x-' key: those are local extensions the schema leaves alone, such as "
        "x-incidentlint or a team's working notes. Leave an unknown optional field out rather than filling it with a "
        "placeholder."
    ),
    valid=[
        {"technical_details": {"root_cause": "Inefficient query introduced in v2.3.1"}},
        {"affected_services": ["todo-api"], "x-notes": "TODO: link the dashboard"},
        {"customer_impact": "<1% of requests failed; p99 latency >3s for 40 minutes"},
        {"communication_log": [{"timestamp": "2024-03-15T14:50:00Z", "message": "TODO list endpoints failing"}]},
        {"preliminary_action_items": [{"description": "Fill in the gaps in monitoring", "owner": "Sarah Chen"}]},
        {"technical_details": {"root_cause": "The chart rendered `replicas: {{ .Values.replicas }}` as 0"}},
        {"business_impact": "Refunds of $5 per request, paid from $REFUND_BUDGET"},
    ],
    invalid=[
        {"technical_details": {"root_cause": "TBD"}},
        {"description": "TODO: write after the review"},
        {"affected_services": ["<service name>"]},
        {"detection_details": {"alert_source": "?"}},
        {"technical_details": {"root_cause": "{{ root_cause }}"}},
        {"technical_details": {"root_cause": "[fill in]"}},
        {"customer_impact": "Impact on {{ service }} lasted 40 minutes"},
        {"technical_details": {"root_cause": "Root cause: ${ROOT_CAUSE}"}},
    ],
    options={"words": list(DEFAULT_WORDS)},
    options_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "words": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": (
                    "Placeholder words and phrases, matched case-insensitively as the whole value or at its start "
                    "when set off by punctuation."
                ),
            }
        },
    },
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    words = strings_option(options, "words", DEFAULT_WORDS)
    pattern = _pattern(words)
    if not _may_have_placeholder(record, pattern, _heads(words)):
        return  # the common case, found without building the walk's pointer bookkeeping
    for locate, value in walk_strings_lazily(record):
        match = pattern.match(value)
        if match is not None:
            pointer = locate()
            if value == "X" and _CHANNEL.fullmatch(pointer):
                continue  # the channel X, the social network once called Twitter: "type": "X"
            found = match.group(1)
            if not value[match.end() :].strip(_TRAILING):
                message = f"{where(pointer)} is the placeholder {show_value(found)}"
            else:
                excerpt = show_value(value.strip(), 60)
                message = f"{where(pointer)} starts with the placeholder {show_value(found)} ({excerpt})"
            yield Finding(pointer, message + _ADVICE)
        elif "{" in value:  # every template holds one; most strings hold none, and skip the regular expression
            templates = _templates(value)
            if templates is not None:
                pointer = locate()
                yield Finding(pointer, _template_message(pointer, value, *templates))


def _templates(value: str) -> tuple[re.Match[str], int] | None:
    """The first unrendered template in ``value`` and how many there are, leaving out those inside Markdown code
    (see :func:`markdown_code`); None when there is none."""
    first: re.Match[str] | None = None
    count = 0
    quoted = markdown_code(value) if may_quote_code(value) else []
    starts = [start for start, _ in quoted]
    for match in _TEMPLATE.finditer(value):
        if quoted and in_code(quoted, starts, match.start()):
            continue
        first = first or match
        count += 1
    return None if first is None else (first, count)


def _template_message(pointer: str, value: str, first: re.Match[str], count: int) -> str:
    text = value.strip()
    if count == 1 and first.group() == text:
        return f"{where(pointer)} is the placeholder {show_value(text)}" + _ADVICE
    # The excerpt starts where the value does, or a little before the template when it would fall outside.
    start = first.start() - (len(value) - len(value.lstrip()))
    if len(text) <= 60 or start + len(first.group()) < 60:
        excerpt = show_value(text, 60)
    else:
        excerpt = show_value("\u2026" + text[max(0, start - 20) :], 60)
    what = f"the unrendered template {show_value(first.group())}"
    if count > 1:
        what = f"{count} unrendered templates, the first {show_value(first.group())}"
    them = "it" if count == 1 else "them"
    quoted = "it is quoted code" if count == 1 else "they are quoted code"
    return (
        f"{where(pointer)} holds {what} ({excerpt}); replace {them} with the real content before the record is "
        f"published, or put {them} in backticks if {quoted}"
    )


def _may_have_placeholder(record: object, pattern: re.Pattern[str], heads: Heads | None) -> bool:
    """False only when no string under ``record`` starts with a placeholder or holds a template; the quick
    question asked first.

    Strings under ``x-`` keys are looked at too (a placeholder there only sends the record to the exact walk,
    which skips them), so no key needs testing. With ``heads``, a string whose first characters are ASCII
    letters or digits that start no placeholder is passed over without a regular expression: that is most
    strings, and the regular expression was most of this rule's cost. Every other string (one that starts with
    a mark, a bracket, a space or a non-ASCII letter) gets the exact test.
    """
    harmless, size, starts, clear = heads if heads is not None else (frozenset(), 0, None, frozenset())
    stack: list[Any] = [record]
    while stack:
        current = stack.pop()
        for item in current.values() if isinstance(current, dict) else current:
            if isinstance(item, str):
                # A template can be anywhere in the string; one test for its "{" passes over nearly every string.
                if "{" in item and _TEMPLATE.search(item) is not None:
                    return True  # perhaps quoted in backticks: the exact walk decides
                # A one-character slice is one of CPython's cached strings, with its hash: no allocation, unlike
                # the two-character start below.
                first = item[:1]
                if first in clear:
                    continue  # '2024-03-15T...', 'Database ...', 'sev2': most strings
                if item[:size] in harmless:
                    continue
                if starts is not None and first in _ALNUM_SET and starts.match(item) is None:
                    continue  # 'Fix the index', 'Load test', 'Tom Wilson': no word, lorem or x at the start
                # (pattern.match, not a local bound once: the lazy pattern is compiled only when a string gets here)
                if pattern.match(item) is not None:
                    return True
            elif isinstance(item, (dict, list)):
                stack.append(item)
    return False


#: The starts a string can have and still hold no placeholder, and how many characters that start is: for a string
#: whose first character is not clear (see the fourth), a letter or digit after it, or nothing, except the first
#: characters of a placeholder word, of 'lorem' and of a run of x's, in any case.
#: Third, for a string that starts with an ASCII letter or digit but not harmlessly ('Fix the index' shares 'Fi'
#: with 'fill in'): what it must start with to hold a placeholder at all, a whole word (in any case, the words of
#: a phrase apart by any white space), 'lorem' or an x. Every other kind starts with a mark, a bracket or a space.
#: That small expression compiles in a tenth of the time of the full one (~4 ms), which a clean run then never
#: compiles at all.
#: Fourth, the ASCII letters and digits no placeholder starts with: a string that starts with one holds none, whatever
#: follows (harmless by its two first characters, or turned away by the third), found with one lookup of its first.
Heads = tuple[frozenset[str], int, re.Pattern[str], frozenset[str]]

_ALNUM = string.ascii_letters + string.digits
_ALNUM_SET = frozenset(_ALNUM)
#: The letters the built-in placeholders can start with: dummy text, and a value of x's ('x', 'xx', 'xxxx').
_BUILT_IN_STARTS = ("lorem", "xx", "x")


@functools.lru_cache(maxsize=8)
def _heads(words: tuple[str, ...]) -> Heads | None:
    """Harmless starts (see :data:`Heads`): one set lookup per string instead of three tests. None when a word
    starts with a non-ASCII character: under IGNORECASE some of those match ASCII letters ('ſ' matches 's'), so
    a string's ASCII start would no longer rule them out."""
    starts = [word.split()[0] for word in words]
    size = min(2, *map(len, starts)) if starts else 2
    if not all(start[:size].isascii() for start in starts):
        return None
    taken = {
        "".join(letters)
        for start in (*starts, *_BUILT_IN_STARTS)
        for letters in itertools.product(*((char.lower(), char.upper()) for char in start[:size]))
    }
    # A letter or digit no placeholder starts with rules a string out whatever comes next: '0.1%', '5 m', 'Dé'.
    firsts = {head[0] for head in taken}
    clear = frozenset(_ALNUM) - firsts
    if size == 2:
        # Only a string whose first character is not clear gets this far: of the two-character starts, only its
        # are kept (~1,000, where all of them were ~5,700 and took ~3 ms of every run to build). A string of one
        # letter or digit is too short to hold a word of two or more characters.
        led = [first for first in _ALNUM if first in firsts]
        harmless = frozenset([*(first + then for first in led for then in _ALNUM), *led]) - taken
    else:
        harmless = clear  # one-character starts: the letters and digits that start no placeholder
    starts_like = re.compile("|".join([*_spelled(words), "lorem", "x"]), re.IGNORECASE)  # the flag of _pattern
    return harmless, size, starts_like, clear


def _spelled(words: tuple[str, ...]) -> list[str]:
    """Each word as an expression, longest first, the words of a phrase apart by any white space ('fill  in')."""
    return [r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len, reverse=True)]


@functools.lru_cache(maxsize=8)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One expression for every kind of placeholder; group 1 is the placeholder found."""
    kinds = [_LOREM, _ANGLE, _SQUARE_WORD, _SQUARE_PHRASE, _MUSTACHE, _MARKS, _XS, _QUESTION]
    if words:
        word = rf"(?:{'|'.join(_spelled(words))}){_END}{_SET_OFF}"
        # A word in brackets is a placeholder with whatever else the brackets hold: '(TBD)', '[TODO: graphs]'.
        bracketed = rf"[\[(][^\S\n]*{word}[^\[\]()\n]{{0,60}}[\])](?!\()"
        kinds[:0] = [word, bracketed]
        # An acronym that is never a word of prose, written in capitals, needs nothing to set it off: 'TBD pending
        # vendor'. Not TODO or XXX ('TODO list endpoints' names the todo-list service), nor 'TBD.com'.
        configured = {configured_word.casefold() for configured_word in words}
        acronyms = [acronym for acronym in _ACRONYMS if acronym.casefold() in configured]
        if acronyms:
            kinds.insert(1, rf"(?-i:{'|'.join(acronyms)})(?![\w\-/]|\.\w)")
    # Every kind is tried in turn; the first character, tested once, turns most strings away before any is.
    first = "".join(sorted({re.escape(word.split()[0][0]) for word in words}))
    return lazy(rf"\s*(?=[{first}lx<\[({{{_MARK[1:-1]}])({'|'.join(kinds)})", re.IGNORECASE)
