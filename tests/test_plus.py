"""Plus packages: cost-covering plus dues that add up to the cost exactly."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import given

from wmd.errors import InvalidInputError, RuleError
from wmd.finance.dues import Basis, DuesSchedule
from wmd.finance.formulas import Fixed
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.members import Member, Membership, Registry, YearFigures

D = Decimal


def org(mid: str, wage_sum: str) -> Member:
    """A member since 2000 with a 2012 wage sum."""
    return Member(
        mid,
        f"Stichting {mid}",
        sectors=("MD",),
        figures=(YearFigures(2012, wage_sum=D(wage_sum)),),
        spells=(Membership(pendulum.date(2000, 1, 1)),),
    )


REGISTRY = Registry((org("A", "1000000"), org("B", "2000000"), org("C", "3000000")))


def test_equal_sharing_gives_the_odd_cent_to_the_first() -> None:
    """Equal shares of 100,00 over three: 33,34 + 33,33 + 33,33."""
    srw = PlusPackage(
        "SRW",
        "Sociaal Raadsliedenwerk",
        2012,
        "100",
        Sharing.EQUALLY,
        tuple(Subscription(m, "2011-01-01") for m in "ABC"),
    )
    assert srw.plus_dues(REGISTRY) == {"A": D("33.34"), "B": D("33.33"), "C": D("33.33")}


def test_mid_year_subscriber_pays_its_months() -> None:
    """A subscriber from 1 July weighs half: weights 1, 1, 1/2 of 25.000 -> 10.000, 10.000, 5.000."""
    package = PlusPackage(
        "AMW",
        "AMW",
        2012,
        "25000",
        Sharing.EQUALLY,
        (
            Subscription("A", "2011-01-01"),
            Subscription("B", "2011-01-01"),
            Subscription("C", "2012-07-01"),
        ),
    )
    assert package.plus_dues(REGISTRY) == {
        "A": D("10000.00"),
        "B": D("10000.00"),
        "C": D("5000.00"),
    }


def test_sharing_by_own_schedule() -> None:
    """With its own schedule, the schedule's amounts are the weights: 1:1:1 for a fixed amount."""
    schedule = DuesSchedule(2012, Fixed("10"), Basis())
    package = PlusPackage(
        "X",
        "X",
        2012,
        "90",
        Sharing.BY_SCHEDULE,
        tuple(Subscription(m, "2011-01-01") for m in "ABC"),
        schedule=schedule,
    )
    assert package.plus_dues(REGISTRY) == {"A": D("30.00"), "B": D("30.00"), "C": D("30.00")}


def test_bad_packages_are_refused() -> None:
    """A negative cost, a duplicate subscriber, a missing schedule or an unknown member is an error."""
    with pytest.raises(InvalidInputError, match="cost"):
        PlusPackage("X", "X", 2012, "-1")
    with pytest.raises(InvalidInputError, match="subscriptions"):
        PlusPackage(
            "X",
            "X",
            2012,
            "1",
            subscriptions=(Subscription("A", "2012-01-01"), Subscription("A", "2012-02-01")),
        )
    with pytest.raises(InvalidInputError, match="schedule"):
        PlusPackage("X", "X", 2012, "1", Sharing.BY_SCHEDULE)
    with pytest.raises(RuleError, match="Z is not in the registry"):
        PlusPackage(
            "X", "X", 2012, "1", subscriptions=(Subscription("Z", "2012-01-01"),)
        ).plus_dues(REGISTRY)
    with pytest.raises(RuleError, match="no subscribers"):
        PlusPackage("X", "X", 2012, "1").plus_dues(REGISTRY)


@given(
    cost_cents=st.integers(0, 10**9),
    wage_sums=st.lists(st.integers(1, 10**11), min_size=1, max_size=30),
    # every subscription starts by 1 December, so it covers at least a month
    starts=st.lists(st.integers(0, 334), min_size=30, max_size=30),
    sharing=st.sampled_from([Sharing.BY_WAGE_SUM, Sharing.EQUALLY]),
)
def test_plus_dues_add_up_to_the_cost_exactly(
    cost_cents: int, wage_sums: list[int], starts: list[int], sharing: Sharing
) -> None:
    """For any cost, wage sums and subscription dates, plus dues add up to the cost to the cent."""
    members = tuple(org(f"M{i}", str(D(w).scaleb(-2))) for i, w in enumerate(wage_sums))
    subs = tuple(
        Subscription(m.id, pendulum.date(2012, 1, 1).add(days=starts[i]))
        for i, m in enumerate(members)
    )
    cost = D(cost_cents).scaleb(-2)
    package = PlusPackage("P", "P", 2012, cost, sharing, subs)
    dues = package.plus_dues(Registry(members))
    assert sum(dues.values()) == cost
    assert all(v >= 0 for v in dues.values())
