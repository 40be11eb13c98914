"""Scenarios people can state: a uniform range of changes, and ends already in the registry honoured."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
import numpy as np
import pendulum
import pytest
from hypothesis import assume, given, settings

from wmd.errors import InvalidInputError
from wmd.finance import DuesSchedule, MergerRule, Rate, Scenario, project
from wmd.finance.projection.engine import base_columns, known_ends
from wmd.finance.scenario import Uniform
from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.testing import roll_registries

D = Decimal


def member(mid: str, wage: str, *spells: Membership) -> Member:
    """A LW member with a 2012 wage sum and the given spells (member since 2000 by default)."""
    return Member(
        mid,
        f"Stichting {mid}",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D(wage)),),
        spells=spells or (Membership(pendulum.date(2000, 1, 1)),),
    )


def test_uniform_changes_stay_within_the_range_and_centre_on_the_midpoint() -> None:
    """Uniform(-0.15, -0.10): every run's wage sum falls 10-15%; the deterministic path takes -12,5%."""
    registry = Registry([member("A", "1000000")])
    scenario = Scenario(
        range(2013, 2014), DuesSchedule(2013, Rate.per_mille("2")), change=Uniform(-0.15, -0.10)
    )
    projection = project(registry, scenario, runs=400, seed=3)
    cents = projection.dues_cents(2013)
    # dues = 1.000.000 x (1 + change) x 2 per mille: between 1.700,00 and 1.800,00
    assert cents.min() >= 170_000
    assert cents.max() <= 180_000
    assert projection.year(2013).dues_deterministic == D("1750.00")  # 875.000 x 2 per mille
    low, high = np.quantile(cents, [0.25, 0.75])
    assert 171_500 < low < 173_500  # a flat spread: quartiles near 1.712,50 and 1.737,50
    assert 176_500 < high < 178_500
    with pytest.raises(InvalidInputError, match="high"):
        Uniform(-0.10, -0.15)


def test_a_notice_already_given_stops_the_dues_from_that_year() -> None:
    """A member whose cancellation takes effect on 1-1-2015 pays 2013 and 2014 only, in every run."""
    leaving = Membership(
        pendulum.date(2000, 1, 1), pendulum.date(2015, 1, 1), EndReason.CANCELLATION
    )
    registry = Registry([member("A", "1000000"), member("B", "500000", leaving)])
    scenario = Scenario(range(2013, 2017), DuesSchedule(2013, Rate.per_mille("2")), change=0)
    projection = project(registry, scenario, runs=5, seed=1)
    # 2013-2014: (1.000.000 + 500.000) x 2 per mille = 3.000; from 2015: 1.000.000 x 2 = 2.000
    assert [projection.year(y).dues_deterministic for y in range(2013, 2017)] == [
        D("3000.00"),
        D("3000.00"),
        D("2000.00"),
        D("2000.00"),
    ]
    assert set(projection.dues_cents(2016).tolist()) == {200_000}
    assert projection.year(2016).members_deterministic == 1


def test_an_agreed_merger_hands_the_wage_sum_to_the_successor() -> None:
    """B merges into A on 1-1-2014: from 2015 (basis 2014) A pays on both wage sums, B pays nothing."""
    merging = Membership(
        pendulum.date(2000, 1, 1), pendulum.date(2014, 1, 1), EndReason.MERGER, successor="A"
    )
    registry = Registry([member("A", "1000000"), member("B", "500000", merging)])
    schedule = DuesSchedule(2013, Rate.per_mille("2"))
    scenario = Scenario(range(2013, 2016), schedule, change=-0.1)
    projection = project(registry, scenario, runs=3, seed=1)
    # 2013: 1.500.000 x 0,9 x 2 = 2.700 (basis 2013 = 2012 x 0,9 under the schedule's own year)
    # 2014: A alone a member, carrying B: 1.500.000 x 0,81 x 2 = 2.430
    dues = [projection.year(y).dues_deterministic for y in range(2013, 2016)]
    assert dues == [D("2700.00"), D("2430.00"), D("2187.00")]
    assert projection.year(2014).members_deterministic == 1


@settings(max_examples=200, deadline=None)
@given(
    registry=roll_registries(2013, max_members=8, gaps=False),
    rule=st.sampled_from(list(MergerRule)),
)
def test_known_ends_over_the_columns_follow_each_members_own_rule(
    registry: Registry, rule: MergerRule
) -> None:
    """Invariant: the year a starting member stops and its heir are those of Member.is_member_on, day by day."""
    scenario = Scenario(
        range(2013, 2017), DuesSchedule(2013, Rate.per_mille("2"), merger_rule=rule)
    )
    assume(registry.count_on(pendulum.date(2013, 1, 1)) > 0)  # else no one starts
    start = base_columns(registry, scenario)
    stops, heirs = known_ends(registry, scenario, start)
    slots = {mid: k for k, mid in enumerate(start.member_ids)}
    days = [pendulum.date(year, 1, 1) for year in scenario.years]
    for k, (mid, payer) in enumerate(zip(start.member_ids, start.payers, strict=True)):
        member = registry.member(mid)
        gone = [t for t, day in enumerate(days) if not member.is_member_on(day)]
        stop = gone[0] if gone and payer == mid else len(days)  # a carried member never stops
        heir = -1
        if stop < len(days):
            ended = [s for s in member.spells if s.end is not None and s.end <= days[stop]]
            last = max(ended, key=lambda s: s.start) if ended else None
            if last is not None and last.end_reason is EndReason.MERGER and last.successor:
                heir = slots.get(last.successor, -1)
        assert (int(stops[k]), int(heirs[k])) == (stop, heir)
