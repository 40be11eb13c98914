"""Hypothesis strategies for dues formulas, schedules and registries to roll; public through :mod:`wmd.testing`."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
import pendulum

from wmd.finance.dues import Basis, DuesSchedule, MergerRule, MissingBasis, Vat
from wmd.finance.formulas import Band, BandLookup, Fixed, Formula, MarginalBands, Rate, Slice, SumOf
from wmd.finance.proration import MonthDay, Proration, ProrationKind, Threshold
from wmd.members.member import EndReason, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.money import CENTS, WHOLE_EUROS, RoundingPolicy

__all__ = ["dues_schedules", "formulas", "prorations", "roll_registries"]


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


@st.composite
def dues_schedules(draw: st.DrawFn, year: int = 2012) -> DuesSchedule:
    """A dues schedule on the wage sum of the year or the year before (always known in :func:`roll_registries`)."""
    rounding: RoundingPolicy = draw(
        st.sampled_from([CENTS, WHOLE_EUROS, RoundingPolicy(Decimal("0.05"), "half_even")])
    )
    return DuesSchedule(
        year,
        draw(formulas()),
        Basis(years_before=draw(st.integers(0, 1)), missing=MissingBasis.ERROR),
        draw(prorations()),
        draw(st.sampled_from(list(MergerRule))),
        rounding,
        draw(
            st.none()
            | st.builds(Vat, st.sampled_from(["0", "0.3", "1"]), st.sampled_from(["0.09", "0.21"]))
        ),
    )


@st.composite
def roll_registries(draw: st.DrawFn, year: int = 2012, max_members: int = 12) -> Registry:
    """Registries whose members have wage sums for ``year - 2 .. year`` and spells in and around ``year``.

    Some members merge into an earlier member, so merger rules are exercised.
    """
    count = draw(st.integers(1, max_members))
    start_of = pendulum.date(year, 1, 1)
    members = []
    for i in range(count):
        figures = tuple(
            YearFigures(
                y, wage_sum=draw(st.integers(0, 10**10).map(lambda c: Decimal(c).scaleb(-2)))
            )
            for y in range(year - 2, year + 1)
        )
        start = start_of.add(days=draw(st.integers(-800, 365)))
        end = None
        reason = None
        successor = None
        if draw(st.booleans()):
            end = start.add(days=draw(st.integers(1, 900)))
            merge = i > 0 and draw(st.booleans())
            reason = (
                EndReason.MERGER
                if merge
                else draw(st.sampled_from([EndReason.CANCELLATION, EndReason.TERMINATION]))
            )
            successor = f"M{draw(st.integers(0, i - 1))}" if merge else None
        members.append(
            Member(
                f"M{i}",
                f"Stichting {i}",
                sectors=("LW",),
                figures=figures,
                spells=(Membership(start, end, reason, successor),),
            )
        )
    return Registry(members)
