"""``--timing``: how long each rule took over the run, to find the one that makes a run slow (a plugin's, usually).

The rules' functions are wrapped once, at the start of a run that asks for it, so a run without ``--timing``
pays nothing. A rule's time is its prefilter, its check, and every step of the findings it yields (they are
computed as they are read), and for a repository rule its ``collect`` too. The run lints without worker processes,
so the times are those of one process and add up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from time import perf_counter
from typing import Any, TextIO

from incidentlint.engine import Linter
from incidentlint.textsafe import visible


class RuleTimes:
    """Seconds spent in each rule, by name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def _add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def called(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function``, timed under ``name``."""

        def timed(*args: Any) -> Any:
            start = perf_counter()
            try:
                return function(*args)
            finally:
                self._add(name, perf_counter() - start)

        return timed

    def iterated(self, name: str, function: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Any]]:
        """``function``, whose call and every step of what it returns are timed under ``name``. Lazy like the
        rule's own generator, so the engine still stops an endless one at its cap."""

        def timed(*args: Any) -> Iterator[Any]:
            start = perf_counter()
            try:
                items = iter(function(*args))
            finally:
                self._add(name, perf_counter() - start)
            while True:
                start = perf_counter()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self._add(name, perf_counter() - start)
                yield item

        return timed

    def report(self, files: int, out: TextIO) -> None:
        """The table, slowest rule first, on ``out``."""
        total = sum(self.seconds.values())
        noun = "file" if files == 1 else "files"
        lines = [
            f"incidentlint: time in each rule over {files:,} {noun} (--timing lints without worker processes):",
            f"  {'rule':32s} {'total':>10s} {'per file':>10s} {'share':>6s}",
        ]
        for name, seconds in sorted(self.seconds.items(), key=lambda item: (-item[1], item[0])):
            per_file = seconds / files if files else 0.0
            share = seconds / total if total else 0.0
            lines.append(f"  {visible(name):32s} {_duration(seconds):>10s} {_duration(per_file):>10s} {share:6.1%}")
        out.write("\n".join(lines) + "\n")


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.001:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1_000_000:.0f} us"


def install(linter: Linter) -> RuleTimes:
    """Wrap every rule of ``linter`` in timers; returns where the times go."""
    times = RuleTimes()
    for plan in (linter.plan, linter.plugin_plan):
        plan[:] = [
            (
                name,
                rule,
                times.iterated(name, check),
                options,
                None if prefilter is None else times.called(name, prefilter),
            )
            for name, rule, check, options, prefilter in plan
        ]
    for index, check in enumerate(linter.repository_rules):
        rule = check.rule
        if rule is None:
            continue
        collect = None if rule.collect is None else times.called(check.name, rule.collect)
        timed = replace(check, rule=replace(rule, check=times.iterated(check.name, rule.check), collect=collect))
        linter.repository_rules[index] = timed
        linter.checks[check.name] = timed
    for name in [step[0] for step in (*linter.plan, *linter.plugin_plan)] + [c.name for c in linter.repository_rules]:
        times.seconds.setdefault(name, 0.0)  # a rule that never ran (every prefilter said no) is listed at 0
    return times
