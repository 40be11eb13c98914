"""Strategies for dues formulas, prorations, schedules and registries to roll (public through :mod:`wmd.testing`)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

import hypothesis.strategies as st
import pendulum

from wmd.finance.dues import Basis, BasisKind, DuesSchedule, MergerRule, MissingBasis, Vat
from wmd.finance.formulas import Band, BandLookup, Fixed, Formula, MarginalBands, Rate, Slice, SumOf
from wmd.finance.proration import MonthDay, Proration, ProrationKind, Threshold
from wmd.members.member import EndReason, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.money import CENTS, WHOLE_EUROS, RoundingPolicy, allocate
from wmd.testing._members import dates, year_figures

__all__ = [
    "bases",
    "dues_schedules",
    "formulas",
    "prorations",
    "roll_registries",
    "roundings",
    "vats",
]


def _money(max_cents: int = 1_000_000) -> st.SearchStrategy[Decimal]:
    return st.integers(0, max_cents).map(lambda c: Decimal(c).scaleb(-2))


def _rates() -> st.SearchStrategy[Decimal]:
    """Rates with up to six decimals, up to 5%."""
    return st.integers(0, 50_000).map(lambda n: Decimal(n).scaleb(-6))


@st.composite
def _bounds(draw: st.DrawFn) -> tuple[Decimal | None, Decimal | None]:
    low = draw(st.none() | _money(500_000))
    high = draw(st.none() | _money(5_000_000))
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, high


@st.composite
def _edges(draw: st.DrawFn, count: int) -> list[Decimal]:
    cuts = draw(
        st.lists(st.integers(1, 10_000_000), min_size=count - 1, max_size=count - 1, unique=True)
    )
    return [Decimal(0), *(Decimal(c) for c in sorted(cuts))]


@st.composite
def _simple_formulas(draw: st.DrawFn) -> Formula:
    family = draw(st.sampled_from(["fixed", "rate", "lookup", "marginal"]))
    low, high = draw(_bounds())
    if family == "fixed":
        return Fixed(draw(_money()))
    if family == "rate":
        return Rate(draw(_rates()), low, high)
    count = draw(st.integers(1, 4))
    edges = draw(_edges(count))
    if family == "lookup":
        amounts = sorted(draw(st.lists(_money(), min_size=count, max_size=count)))
        return BandLookup(tuple(Band(e, a) for e, a in zip(edges, amounts, strict=True)), low, high)
    rates = draw(st.lists(_rates(), min_size=count, max_size=count))
    return MarginalBands(tuple(Slice(e, r) for e, r in zip(edges, rates, strict=True)), low, high)


def formulas() -> st.SearchStrategy[Formula]:
    """Any dues formula: fixed, rate, lookup, marginal bands, or a sum of two of them.

    Lookup amounts grow with the bracket, so every formula is non-decreasing in the basis.
    """
    return st.one_of(
        _simple_formulas(),
        st.tuples(_simple_formulas(), _simple_formulas()).map(SumOf),
    )


@st.composite
def prorations(draw: st.DrawFn) -> Proration:
    """Any valid proration rule."""
    kind: ProrationKind = draw(
        st.sampled_from(["whole_year", "days", "months", "quarters", "thresholds"])
    )
    cutoff = draw(st.none() | st.builds(MonthDay, st.integers(2, 12), st.integers(1, 28)))
    if kind == "thresholds":
        months = sorted(draw(st.lists(st.integers(2, 12), max_size=3, unique=True)))
        fractions = sorted(
            draw(
                st.lists(
                    st.sampled_from(["0", "0.25", "0.5", "0.75"]),
                    min_size=len(months),
                    max_size=len(months),
                )
            ),
            reverse=True,
        )
        thresholds = (
            Threshold(MonthDay(1, 1), "1"),
            *(Threshold(MonthDay(m, 1), f) for m, f in zip(months, fractions, strict=True)),
        )
        return Proration("thresholds", thresholds=thresholds, cutoff=cutoff)
    return Proration(
        kind,
        count_joining_period=draw(st.booleans()),
        cutoff=cutoff,
        leaving=draw(st.sampled_from(["whole_year", "pro_rata"])),
    )


_MODES: Final = ("half_up", "half_even", "down", "up")


def roundings() -> st.SearchStrategy[RoundingPolicy]:
    """Every rounding policy: cents, whole euros or another quantum, by each rounding mode.

    >>> from hypothesis import find
    >>> find(roundings(), lambda r: r.mode == "down").quantum
    Decimal('0.01')
    """
    return st.sampled_from([CENTS, WHOLE_EUROS]) | st.builds(
        RoundingPolicy,
        st.sampled_from([Decimal("0.01"), Decimal("0.05"), Decimal(1), Decimal(10)]),
        st.sampled_from(_MODES),
    )


def vats() -> st.SearchStrategy[Vat]:
    """VAT splits: a share of the dues (0 to 1, in hundredths) liable at 0%, 9% or 21%.

    >>> from hypothesis import find
    >>> find(vats(), lambda v: v.share == 1 and v.rate > 0)
    Vat(share=Decimal('1'), rate=Decimal('0.09'))
    """
    return st.builds(
        Vat,
        st.sampled_from([Decimal(0), Decimal("0.2"), Decimal(1)])
        | st.integers(0, 100).map(lambda n: Decimal(n).scaleb(-2)),
        st.sampled_from([Decimal(0), Decimal("0.09"), Decimal("0.21")]),
    )


@st.composite
def bases(draw: st.DrawFn, year: int = 2012) -> Basis:
    """Every basis: wage sum, headcount or fte, 0 to 3 years before ``year`` or a reference date, each missing-basis rule.

    >>> from hypothesis import find
    >>> find(bases(2012), lambda b: b.reference_date is not None).reference_date
    Date(2009, 1, 1)
    """
    reference = draw(st.none() | dates(pendulum.date(year - 3, 1, 1), pendulum.date(year, 12, 31)))
    return Basis(
        kind=draw(st.sampled_from(list(BasisKind))),
        years_before=draw(st.integers(0, 3)),
        reference_date=reference,
        missing=draw(st.sampled_from(list(MissingBasis))),
    )


@st.composite
def dues_schedules(
    draw: st.DrawFn, year: int = 2012, *, basis: st.SearchStrategy[Basis] | None = None
) -> DuesSchedule:
    """A dues schedule for ``year`` over the whole domain.

    Any formula, basis (:func:`bases`: every kind and missing-basis rule, a basis
    year up to three years back or by a reference date), proration, merger rule,
    rounding policy (:func:`roundings`) and VAT split (:func:`vats`, or none).
    Pass ``basis`` to narrow the basis (a projection, for one, needs a wage sum).

    >>> from hypothesis import find
    >>> from wmd.finance.dues import BasisKind
    >>> find(dues_schedules(2013), lambda s: s.basis.kind is BasisKind.FTE).year
    2013
    """
    return DuesSchedule(
        year,
        draw(formulas()),
        draw(bases(year) if basis is None else basis),
        draw(prorations()),
        draw(st.sampled_from(list(MergerRule))),
        draw(roundings()),
        draw(st.none() | vats()),
    )


_FIGURE_YEARS: Final = 4
"""Figures go this many years back before the roll's year (a basis of 3 years before and one more)."""


@st.composite
def _roll_figures(draw: st.DrawFn, year: int, *, gappy: bool) -> tuple[YearFigures, ...]:
    result = []
    for y in range(year - _FIGURE_YEARS, year + 1):
        if gappy and draw(st.integers(0, 2)) == 0:
            result.append(draw(year_figures(y)))  # each figure may be unknown
            continue
        headcount = draw(st.integers(0, 500))
        fte = Decimal(draw(st.integers(0, headcount * 100))).scaleb(-2)
        wage_sum = Decimal(draw(st.integers(0, 10**10))).scaleb(-2)
        result.append(YearFigures(y, wage_sum=wage_sum, headcount=headcount, fte=fte))
    return tuple(result)


@st.composite
def _roll_spells(draw: st.DrawFn, year: int) -> tuple[Membership, ...]:
    """One or two spells in and around ``year``, often starting or ending on 1 January."""
    first = draw(dates(pendulum.date(year - 3, 1, 1), pendulum.date(year, 12, 31)))
    if draw(st.booleans()):
        return (Membership(first),)
    end = draw(dates(first.add(days=1), pendulum.date(year + 2, 1, 1)))
    reason = draw(
        st.sampled_from([EndReason.CANCELLATION, EndReason.TERMINATION, EndReason.EXPULSION])
    )
    spells = [Membership(first, end, reason)]
    if end.year <= year and draw(st.integers(0, 3)) == 0:  # rejoins
        again = draw(dates(end, pendulum.date(year + 1, 1, 1)))
        spells.append(Membership(again))
    return tuple(spells)


@st.composite
def roll_registries(
    draw: st.DrawFn,
    year: int = 2012,
    max_members: int = 12,
    *,
    gaps: bool = True,
    sectors: Sequence[Sector] = PUBLISHED_SECTORS,
) -> Registry:
    """Registries to roll for ``year``, valid by construction, over the whole domain.

    * every member has a wage sum, headcount and fte for each of the years
      ``year - 4 .. year``; with ``gaps`` (the default) about half of the
      registries have members with some figures unknown, so every missing-basis
      rule meets a missing figure (and ``missing=error`` refuses the roll);
    * members work in one to three sectors, some with a declared split;
    * spells start from ``year - 3`` and end (cancelled or terminated) up to
      1 January ``year + 2``, often on 1 January; some members rejoin;
    * a member's last closed spell may end in a merger into an earlier member that
      is a member on the merger date (BW 2:34 lid 2), so chains of mergers occur,
      also on 1 January of ``year``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(roll_registries(2012, max_members=5))
    ... def test_successors_are_members_on_the_merger_date(registry):
    ...     for member in registry:
    ...         for spell in member.spells:
    ...             if spell.successor is not None:
    ...                 assert registry.member(spell.successor).is_member_on(spell.end)
    >>> test_successors_are_members_on_the_merger_date()
    """
    count = draw(st.integers(1, max_members))
    gappy = gaps and draw(st.booleans())
    codes = [s.code for s in sectors]
    built: list[Member] = []
    for i in range(count):
        chosen = draw(
            st.lists(st.sampled_from(codes), min_size=1, max_size=min(3, len(codes)), unique=True)
        )
        split = None
        if len(chosen) > 1 and draw(st.booleans()):
            weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
            split = allocate(Decimal(1), weights, policy=CENTS)
        spells = draw(_roll_spells(year))
        last = spells[-1]
        if last.end is not None and draw(st.booleans()):
            end = last.end
            candidates = [m.id for m in built if m.is_member_on(end)]
            if candidates:
                successor = draw(st.sampled_from(candidates))
                spells = (*spells[:-1], Membership(last.start, end, EndReason.MERGER, successor))
        built.append(
            Member(
                f"M{i}",
                f"Stichting {i}",
                sectors=tuple(chosen),
                sector_split=split,
                figures=draw(_roll_figures(year, gappy=gappy and draw(st.integers(0, 2)) == 0)),
                spells=spells,
            )
        )
    return Registry(built, sectors=tuple(sectors))
