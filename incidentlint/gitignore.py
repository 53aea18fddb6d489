"""Git's ignore files for directory walks: which entries of a git work tree ``.gitignore`` hides from the lint.

Read inside a repository (the nearest directory at or above the walk holding a ``.git`` entry) and only there:
``.git/info/exclude`` (lowest precedence), then ``.gitignore`` in every directory from the repository root down.
As in git, a deeper file wins over a shallower one and, within a file, the last matching pattern decides, a
negation (``!``) re-including. The user's global ``core.excludesFile`` is not read (it lives in git's
configuration). The patterns are translated by pathspec, imported only when a walk meets an ignore file.

pathspec's regular expressions match a path *or anything below it* (``build`` matches ``build/x.json``), the
right answer for one path checked alone. A walk checks every entry itself and never enters an ignored directory,
so here a pattern must match the entry itself only: a deeper negation of a directory (``!b/``) must not re-include
the files in it that a shallower ``*.json`` ignores. :func:`_entry_regex` makes each expression exact.

An ignore file that cannot be used (unreadable, not UTF-8, not a regular file, over 1 MiB) is skipped as if
absent, without a message: incidentlint then lints more files, never fewer without a reason (a ``.gitignore``
that is a symbolic link is not followed, as git does not follow it). A pattern pathspec
rejects is skipped as git skips it (it matches nothing), and so is a pattern with more than three runs of ``*``
(two of them ``**``): Python's regular expressions backtrack, and such a pattern can take minutes on one long path.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field

from incidentlint.loader import read_bytes

IGNORE_FILE = ".gitignore"
#: The largest ignore file read: real ones are a few KiB, and each pattern is tried on every entry of the walk.
MAX_IGNORE_BYTES = 1024 * 1024
#: Runs of ``*`` (``**`` counted too) that keep one match within milliseconds on a 4,096-character path.
MAX_STAR_RUNS, MAX_DOUBLE_STAR_RUNS = 3, 2

_STAR_RUNS = re.compile(r"\*+")
#: How pathspec ends the expression of a pattern that names an entry (``foo``, ``foo/``, ``*/``): with the entry's
#: own directory marker or the end of the path, after which it would accept anything below the entry.
_EXACT_ENDINGS = ("(?P<ps_d>/)", "(?:(?P<ps_d>/)|$)")


#: What a pattern that names entries outright is made of: no glob character, bracket, escape or white space.
_NAMING = re.compile(r"[^*?\[\]\\\s]+")

Newest = tuple[int, bool]  # (the pattern's line in its file, whether a match ignores the entry)


@dataclass
class Literals:
    """The patterns of one ignore file that name what they match outright, found by dictionary lookups.

    Generated ignore files run to thousands of lines, nearly all of them a name or a path ('build/', '/dist',
    'src/gen/x.json') or a name's ending ('*.log'). Compiled into the layer's one expression, 31,000 such lines
    took ~5 s to parse and compile (20,000 '*.ext' lines ~3.5 s; 2,000 lines of a realistic mix ~0.2 s), on every
    directory walk. Here they cost a dictionary entry each, and an entry of the walk a few lookups. Each table
    keeps the newest pattern (its line and whether it ignores) for a key; :meth:`Layer.decide` weighs that against
    the newest match of the expression by line. A Hypothesis test holds a layer read this way to the patterns
    matched one by one.
    """

    names: dict[str, Newest] = field(default_factory=dict)  # 'name': an entry so named, at any depth
    dir_names: dict[str, Newest] = field(default_factory=dict)  # 'name/': a directory so named
    paths: dict[str, Newest] = field(default_factory=dict)  # 'a/b', '/a': the entry at that path
    dir_paths: dict[str, Newest] = field(default_factory=dict)  # 'a/b/', '/a/': the directory at that path
    suffixes: dict[str, Newest] = field(default_factory=dict)  # '*.log': an entry whose name ends so
    dir_suffixes: dict[str, Newest] = field(default_factory=dict)  # '*.d/': a directory whose name ends so
    suffix_lengths: set[int] = field(default_factory=set)

    def add(self, line: str, position: int) -> bool:
        """Take the pattern ``line`` (at ``position`` in its file) if it names entries outright; False otherwise,
        for the expression to take it (globs, escapes, comments, blank lines, anything unusual)."""
        text, ignores = (line[1:], False) if line.startswith("!") else (line, True)
        if text.startswith("#"):
            return False  # a comment ("!#a" is the pattern "#a", which the expression takes as well)
        directory = text.endswith("/")
        text = text[:-1] if directory else text
        anchored = text.startswith("/")
        text = text[1:] if anchored else text
        ending = text.startswith("*")
        text = text[1:] if ending else text
        if _NAMING.fullmatch(text) is None:
            return False  # '', '*', '**/x', 'a?', '[ab]', '\\#x', 'a b': the expression's
        # Taken as written, as pathspec takes it: '.', '..' and '' components ('./a', 'a//b') match no entry of a walk
        # either way.
        nested = "/" in text
        if ending:
            if anchored or nested:
                return False
            table = self.dir_suffixes if directory else self.suffixes
            self.suffix_lengths.add(len(text))
        elif anchored or nested:
            table = self.dir_paths if directory else self.paths
        else:
            table = self.dir_names if directory else self.names
        table[text] = (position, ignores)
        return True

    def __bool__(self) -> bool:
        return bool(self.names or self.dir_names or self.paths or self.dir_paths or self.suffixes or self.dir_suffixes)

    def newest(self, local: str) -> Newest | None:
        """The newest of these patterns that matches ``local`` (a path below the file's directory, a directory's
        ending in "/"), or None."""
        directory = local.endswith("/")
        path = local[:-1] if directory else local
        cut = path.rfind("/") + 1
        name = path[cut:]
        found = [self.paths.get(path), self.dir_paths.get(path) if directory else None]
        # pathspec's '(?:.+/)?' in front of a name does not cross a line break, so a directory named with one hides
        # the names below it from such a pattern; as in the expression, so that both kinds of pattern agree.
        if "\n" not in path[:cut]:
            found += [self.names.get(name), self.dir_names.get(name) if directory else None]
            for length in self.suffix_lengths:
                if length <= len(name):
                    found += [
                        self.suffixes.get(name[-length:]),
                        self.dir_suffixes.get(name[-length:]) if directory else None,
                    ]
        return max((entry for entry in found if entry is not None), default=None)


@dataclass(frozen=True)
class Layer:
    """The patterns of one ignore file: those that name entries outright as :class:`Literals`, the rest as one
    expression that finds the last of them matching an entry.

    Every pattern's expression is anchored at the start of the path (see :func:`_entry_regex`), so trying them
    newest first at that one position, as alternatives of one expression each followed by an empty group, finds
    the newest match in a single ``match``: the empty group that took part names the pattern. That is one
    compile per ignore file, where a compile per pattern cost ~0.3 ms each (30 ms for a common Python
    ``.gitignore``, on every directory walk), and one test per entry instead of a loop over the patterns.
    """

    base: str  # the file's directory, relative to the repository root: "" or "a/b/"
    newest_first: re.Pattern[str] | None
    #: Whether a match of the pattern whose empty group has this number ignores the entry (index 0 unused).
    ignores_by_group: tuple[bool, ...]
    #: The line of the pattern whose empty group has this number, to weigh against the literals' (index 0 unused).
    line_by_group: tuple[int, ...] = ()
    literals: Literals | None = None

    @classmethod
    def of(
        cls,
        base: str,
        rules: list[tuple[str, bool]],
        literals: Literals | None = None,
        lines: list[int] | None = None,
    ) -> Layer | None:
        """A layer of ``rules`` (expression, whether a match ignores) in file order, at ``lines`` in the file (by
        default 0, 1, 2, ...), and of ``literals``; None when it has neither a pattern that compiles nor a literal."""
        numbered = list(zip(rules, lines if lines is not None else range(len(rules)), strict=True))
        try:
            return cls._joined(base, numbered, literals)
        except re.error:  # one of them is malformed: keep the others, as git skips a pattern it cannot read
            usable = [(rule, line) for rule, line in numbered if _compiles(rule[0])]
            return cls._joined(base, usable, literals) if usable or literals else None

    @classmethod
    def _joined(cls, base: str, numbered: list[tuple[tuple[str, bool], int]], literals: Literals | None) -> Layer:
        newest = numbered[::-1]
        # pathspec's one named group ("ps_d") would be named once per pattern: it is not needed here.
        joined = "|".join(f"(?:{source})()" for (source, _), _ in newest).replace("(?P<ps_d>", "(?:")
        return cls(
            base,
            _compile(joined) if newest else None,
            (False, *(ignores for (_, ignores), _ in newest)),
            (-1, *(line for _, line in newest)),
            literals or None,
        )

    def decide(self, local: str) -> bool | None:
        """Whether the last matching pattern ignores ``local`` (relative to ``base``, a directory ending in "/");
        None when no pattern matches, so that a shallower file decides."""
        found = self.newest_first.match(local) if self.newest_first is not None else None
        named = self.literals.newest(local) if self.literals is not None else None
        if found is None:
            return None if named is None else named[1]
        group = found.lastindex or 0
        if named is not None and named[0] > self.line_by_group[group]:
            return named[1]
        return self.ignores_by_group[group]


def _compile(source: str) -> re.Pattern[str]:
    # A bracket expression such as [[]x] compiles to a class that Python warns "may change meaning" (a nested set):
    # it means what git means today, and the warning would reach the user's terminal as a Python FutureWarning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return re.compile(source)


def _compiles(source: str) -> bool:
    try:
        _compile(source)
    except re.error:
        return False
    return True


@dataclass(frozen=True)
class Rules:
    """The ignore files that apply in one directory of a walk, shallowest first."""

    where: str  # the directory, relative to the repository root: "" or "a/b/"
    layers: tuple[Layer, ...]

    def ignores(self, name: str, is_dir: bool) -> bool:
        """Whether the entry ``name`` of this directory is ignored (a deeper ignore file decides first)."""
        path = self.where + name + ("/" if is_dir else "")
        for layer in reversed(self.layers):
            decision = layer.decide(path[len(layer.base) :])
            if decision is not None:
                return decision
        return False

    def below(self, directory: str, name: str, listing: list[str]) -> Rules:
        """The rules inside the entry ``name`` (at ``directory`` on disk), given its listing: its own ignore file
        is added, and a nested repository (a ``.git`` entry) starts afresh, as git does not look into it."""
        if ".git" in listing:
            return start_at_root(directory).with_file(directory, listing)
        return Rules(self.where + name + "/", self.layers).with_file(directory, listing)

    def with_file(self, directory: str, listing: list[str]) -> Rules:
        """These rules plus ``directory``'s own ignore file, if its listing has one that can be used."""
        path = os.path.join(directory, IGNORE_FILE)
        if IGNORE_FILE not in listing or os.path.islink(path):  # git does not follow a symlinked .gitignore either
            return self
        layer = read_layer(path, self.where)
        return self if layer is None else Rules(self.where, (*self.layers, layer))


def find_root(directory: str) -> str | None:
    """The repository root: ``directory`` or its nearest ancestor holding a ``.git`` directory or file (a work
    tree or a submodule has a file). None outside a repository."""
    current = os.path.realpath(directory)
    while True:
        marker = os.path.join(current, ".git")
        if os.path.isdir(marker) or os.path.isfile(marker):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def start_at_root(root: str) -> Rules:
    """The rules at a repository root, before its own ``.gitignore``: ``.git/info/exclude`` if ``.git`` is a
    directory (its patterns are relative to the root)."""
    exclude = os.path.join(root, ".git", "info", "exclude")
    layer = read_layer(exclude, "") if os.path.isdir(os.path.join(root, ".git")) else None
    return Rules("", () if layer is None else (layer,))


def start(directory: str) -> Rules | None:
    """The rules for a walk of ``directory`` named on the command line, before its own ``.gitignore`` (the walk
    adds it with its listing); None outside a repository.

    The ignore files from the root down to ``directory`` apply to it, unless they ignore ``directory`` itself or
    a directory it lies in: it was named, so it is linted as a named file is, and their patterns would match every
    entry below it. Then only the ignore files inside it apply.
    """
    root = find_root(directory)
    if root is None:
        return None
    rules = start_at_root(root)
    relative = os.path.relpath(os.path.realpath(directory), root)
    parts = [] if relative == os.curdir else relative.split(os.sep)
    current = root
    for part in parts:
        rules = rules.with_file(current, _listing_of_ignore_file(current))
        if rules.ignores(part, is_dir=True):
            return Rules("/".join(parts) + "/", ())
        rules = Rules(rules.where + part + "/", rules.layers)
        current = os.path.join(current, part)
    return rules


def _listing_of_ignore_file(directory: str) -> list[str]:
    """As much of a listing as :meth:`Rules.with_file` needs, without listing a directory the walk never enters."""
    return [IGNORE_FILE] if os.path.isfile(os.path.join(directory, IGNORE_FILE)) else []


def read_layer(path: str, base: str) -> Layer | None:
    """The usable patterns of the ignore file at ``path``, or None if it has none or cannot be used."""
    raw = read_bytes(path, MAX_IGNORE_BYTES)  # regular files only, opened without blocking (a FIFO cannot hang us)
    if not isinstance(raw, bytes):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return layer_of(text.removeprefix("\ufeff").split("\n"), base)


def layer_of(patterns: list[str], base: str) -> Layer | None:
    """The layer of an ignore file's lines: each that names entries outright among the :class:`Literals`, the rest
    in the expression; None if no line is a usable pattern."""
    literals = Literals()
    rules: list[tuple[str, bool]] = []
    lines: list[int] = []
    for number, line in enumerate(patterns):
        if literals.add(line, number):
            continue
        rule = _entry_regex(line)
        if rule is not None:
            rules.append(rule)
            lines.append(number)
    return Layer.of(base, rules, literals, lines) if rules or literals else None


def _entry_regex(line: str) -> tuple[str, bool] | None:
    """One pattern line as (expression matching an entry's own path from its start, whether it ignores), not yet
    compiled; None for a blank line, a comment, or a pattern that is skipped (malformed, or too costly to match)."""
    runs = _STAR_RUNS.findall(line)
    if len(runs) > MAX_STAR_RUNS or sum(len(run) > 1 for run in runs) > MAX_DOUBLE_STAR_RUNS:
        return None
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern  # only once an ignore file is met

    try:
        source, include = GitIgnoreSpecPattern.pattern_to_regex(line)
    except ValueError:  # "!" alone, a trailing backslash, a range such as [z-a]
        return None
    if include is None or not isinstance(source, str):
        return None  # a comment or a blank line
    if source.endswith(_EXACT_ENDINGS):
        source += r"\Z"  # the entry itself, not something below it
    elif source.endswith("/"):
        source += "."  # "dir/**": whatever lies inside the directory, not the directory itself
    if not source.startswith("^"):
        # pathspec writes a few patterns to be found anywhere in the path ("*" as ".", "*/" as a "/" at its
        # end): from the start, skipping whatever comes first, they match where a search would (see Layer).
        source = "(?s:.*?)" + source
    return source, include
