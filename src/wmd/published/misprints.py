"""Locate the misprint: which printed figures, corrected, make the failing relations hold.

:func:`locate` reads every figure of a :class:`~wmd.published.report.Report`,
solves an unreadable figure from the relations that name it, evaluates every
relation, and for each failing one tries every figure it names: the value that
figure would need (solved from the relation), kept only when it breaks no relation
that held. Candidates are ranked by the most failing relations restored, then the
most plausible kind of misprint (:func:`kind_of`), then a claim of the text before
a figure of a table. Failing relations are then covered greedily by the best
candidates, so a wrong total is reported once, not once per share. A claim of the
text that no figure can fix is its own culprit. Arithmetic is exact.

>>> kind_of("2.44.557", 2414557)
'a digit dropped'
>>> kind_of("966.584", 966589), kind_of("2.133.437", 2133473), kind_of("(12.920)", 12920)
('one digit wrong', 'two digits swapped', 'wrong sign')
>>> kind_of("281.084", 270584)
'a round difference'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from wmd.published.cells import without_about
from wmd.published.findings import Certainty, Culprit, ReportFinding
from wmd.published.relations import AnyRelation

if TYPE_CHECKING:
    from wmd.published.report import Report

__all__ = ["KINDS", "kind_of", "locate"]

_DIGITS: Final = "0123456789"
KINDS: Final = (
    "a digit dropped",
    "a digit doubled or added",
    "two digits swapped",
    "one digit wrong",
    "wrong sign",
    "a round difference",
    "another difference",
)
"""Kinds of misprint, most plausible first."""


def _digits(value: Fraction, decimals: int) -> str:
    scaled = abs(value) * 10**decimals
    return str(round(scaled)) if scaled.denominator == 1 else ""


def kind_of(printed: str, needed: Fraction | int, unit: Fraction | int = 1) -> str:
    """The kind of misprint that turns ``needed`` into the ``printed`` text.

    ``unit`` is the precision of a rounded figure ("circa 213.000": 1.000); ``needed`` is
    compared at that precision:

    >>> kind_of("circa 213.000", 231055, unit=1000)
    'two digits swapped'
    """
    needed = Fraction(needed)
    if unit > 1:
        needed = Fraction(round(needed / unit)) * unit
    text = without_about(printed).removesuffix("%")
    decimals = len(text.partition(",")[2])
    got = "".join(c for c in text if c in _DIGITS)
    want = _digits(needed, decimals)
    negative = text.startswith(("(", "-"))
    if want and got.lstrip("0") == want.lstrip("0") and negative != (needed < 0):
        return KINDS[4]
    for kind, (short, long) in ((KINDS[0], (got, want)), (KINDS[1], (want, got))):
        if (
            want
            and len(long) == len(short) + 1
            and any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
        ):
            return kind
    if want and len(got) == len(want):
        diff = [i for i in range(len(got)) if got[i] != want[i]]
        if (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and got[diff[0]] == want[diff[1]]
            and got[diff[1]] == want[diff[0]]
        ):
            return KINDS[2]
        if len(diff) == 1:
            return KINDS[3]
    if want and got:
        difference = abs(int(got) - int(want))
        if difference and difference % 100 == 0:
            return KINDS[5]
    return KINDS[6]


def _off(relation: AnyRelation, values: Mapping[str, Fraction]) -> Fraction:
    """How far a relation is from holding: 0 when it holds, else how far its sides are apart."""
    sides = relation.sides(values)
    if sides is None or relation.holds(values):
        return Fraction(0)
    return abs(sides[0] - sides[1])


def _read(report: Report) -> tuple[dict[str, Fraction], list[ReportFinding], set[str]]:
    values: dict[str, Fraction] = {}
    unreadable: dict[str, object] = {}
    for name, figure in report.figures.items():
        value, _, problem = figure.read()
        if problem is not None:
            unreadable[name] = problem
        elif value is not None:
            values[name] = value
    found: list[ReportFinding] = []
    for name in unreadable:
        figure = report.figures[name]
        solved = [
            (r, v)
            for r in report.relations
            if name in r.figures
            and all(n in values for n in r.figures if n != name)
            and (v := r.solve(name, values)) is not None
        ]
        needed = solved[0][1] if solved else None
        agree = tuple(r for r, v in solved if v == needed)
        culprit = Culprit.of(
            figure, needed, kind_of(figure.printed, needed) if needed is not None else ""
        )
        if needed is not None:
            values[name] = needed
        found.append(
            ReportFinding("unreadable", agree, culprit, certainty="unreadable", values=dict(values))
        )
    return values, found, set(unreadable)


def _candidates(
    report: Report,
    values: Mapping[str, Fraction],
    failing: list[AnyRelation],
    holding: list[AnyRelation],
) -> list[tuple[tuple[int, int, int, str], Culprit, frozenset[int]]]:
    index = {id(r): i for i, r in enumerate(failing)}
    out = []
    seen: set[tuple[str, Fraction]] = set()
    for relation in failing:
        for name in relation.figures:
            needed = relation.solve(name, values)
            if needed is None or (name, needed) in seen or needed == values.get(name):
                continue
            seen.add((name, needed))
            trial = {**values, name: needed}
            if any(r.holds(trial) is False for r in holding if name in r.figures):
                continue  # a correction breaks no relation that holds
            if any(_off(r, trial) > _off(r, values) for r in failing if name in r.figures):
                continue  # nor takes a failing one further from holding
            restored = frozenset(
                index[id(r)] for r in failing if name in r.figures and r.holds(trial)
            )
            if not restored:
                continue
            figure = report.figures[name]
            _, half, _ = figure.read()
            kind = kind_of(figure.printed, needed, 2 * half if half >= 1 else 1)
            key = (-len(restored), KINDS.index(kind), 0 if figure.claim else 1, name)
            out.append((key, Culprit.of(figure, needed, kind), restored))
    for relation in failing:
        if relation.claim:
            key = (-1, len(KINDS), 0, "~" + relation.claim)
            out.append((key, Culprit.claim(relation), frozenset({index[id(relation)]})))
    return sorted(out, key=lambda c: c[0])


def locate(report: Report) -> Iterable[ReportFinding]:
    """The findings of a report: unreadable figures, then failing relations grouped by culprit."""
    values, found, _ = _read(report)
    failing = [r for r in report.relations if r.holds(values) is False]
    holding = [r for r in report.relations if r.holds(values) is True]
    candidates = _candidates(report, values, failing, holding)
    open_ = set(range(len(failing)))
    while open_:
        best = [c for c in candidates if c[2] <= open_ and c[2]]
        if not best:
            for i in sorted(open_):
                found.append(
                    ReportFinding(
                        "failing", (failing[i],), None, certainty="none", values=dict(values)
                    )
                )
            break
        key, culprit, restored = best[0]
        same = [c for c in best[1:] if c[2] == restored]
        equal = [c for c in same if c[0][:3] == key[:3]]
        certainty: Certainty
        if not culprit.figure:
            certainty = "claim"
        elif equal:
            certainty = "equal"
        elif same:
            certainty = "likely"
        else:
            certainty = "only"
        found.append(
            ReportFinding(
                "failing",
                tuple(failing[i] for i in sorted(restored)),
                culprit,
                tuple(c[1] for c in same),
                certainty,
                dict(values),
            )
        )
        open_ -= restored
    return found
