"""Plus packages: cost-covering plus dues that add up to the cost exactly."""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import hypothesis.strategies as st
import pendulum
import pytest
from babel.numbers import parse_decimal
from hypothesis import given

from wmd.datasets import sample_plus_packages, sample_registry
from wmd.errors import InvalidInputError, RuleError
from wmd.finance.dues import Basis, DuesSchedule
from wmd.finance.formulas import Fixed
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.proration import Proration
from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.periods import Year

D = Decimal
date = pendulum.date


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
    with pytest.raises(RuleError, match="B is not charged"):
        PlusPackage("X", "X", 2012, "1", subscriptions=(Subscription("A", "2012-01-01"),)).assess(
            REGISTRY, "B"
        )


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


# -- only members are charged, for the days they are both member and subscriber (issue 13, case 4)


def member_2013(mid: str, wage_sum: str, *spells: Membership) -> Member:
    """A member with a 2013 wage sum and the given spells (default: member since 2000)."""
    return Member(
        mid,
        f"Stichting {mid}",
        sectors=("MD",),
        figures=(YearFigures(2013, wage_sum=D(wage_sum)),),
        spells=spells or (Membership(date(2000, 1, 1)),),
    )


def package_2013(
    cost: str, subscribers: str, sharing: Sharing = Sharing.EQUALLY, since: str = "2011-01-01"
) -> PlusPackage:
    """A 2013 package with every subscriber subscribed since ``since``, no end."""
    return PlusPackage(
        "AMW", "AMW", 2013, cost, sharing, tuple(Subscription(m, since) for m in subscribers)
    )


def test_subscriber_whose_membership_ended_before_the_year_is_not_charged() -> None:
    """A subscriber that stopped being a member on 1 January 2013 pays nothing of the 2013 package."""
    # C's membership ended 2013-01-01 (last day 31 December 2012); its subscription runs on.
    # Members charged: A and B, 12 months each: 300,00 x 12/24 = 150,00 each.
    # (main charged C a third: 100,00 each for A, B and C.)
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1"),
            member_2013(
                "C", "1", Membership(date(2000, 1, 1), date(2013, 1, 1), EndReason.CANCELLATION)
            ),
        )
    )
    package = package_2013("300", "ABC")
    assert package.plus_dues(registry) == {"A": D("150.00"), "B": D("150.00")}
    assert package.not_charged(registry) == ("C",)
    assert package.total(registry) == D("300.00")


def test_mid_year_leaver_pays_its_months_as_member() -> None:
    """A member that leaves on 1 July is charged 6 of 12 months, by wage sum."""
    # C's membership ends 2013-07-01 (last day 30 June): January to June = 6 months.
    # weights: A 1.000.000 x 12 = 12.000.000; B 2.000.000 x 12 = 24.000.000;
    #          C 3.000.000 x 6 = 18.000.000; total 54.000.000
    # 540,00 x 12/54 = 120,00; x 24/54 = 240,00; x 18/54 = 180,00
    # (main charged C a full year: 90,00, 180,00, 270,00.)
    registry = Registry(
        (
            member_2013("A", "1000000"),
            member_2013("B", "2000000"),
            member_2013(
                "C",
                "3000000",
                Membership(date(2000, 1, 1), date(2013, 7, 1), EndReason.TERMINATION),
            ),
        )
    )
    package = package_2013("540", "ABC", Sharing.BY_WAGE_SUM)
    assert package.plus_dues(registry) == {"A": D("120.00"), "B": D("240.00"), "C": D("180.00")}


def test_mid_year_joiner_pays_from_the_day_it_is_a_member() -> None:
    """A subscriber from 1 January that joins on 1 April is charged 9 of 12 months."""
    # C subscribes from 2013-01-01 but is a member only from 2013-04-01: April-December = 9.
    # weights 12, 12, 9 (total 33): 300 x 12/33 = 109,0909.. -> 109,09 (twice);
    # 300 x 9/33 = 81,8181.. -> 81,82; 109,09 + 109,09 + 81,82 = 300,00
    # (main charged C the full 12 months: 100,00 each.)
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1"),
            member_2013("C", "1", Membership(date(2013, 4, 1))),
        )
    )
    package = PlusPackage(
        "SRW",
        "SRW",
        2013,
        "300",
        Sharing.EQUALLY,
        (
            Subscription("A", "2011-01-01"),
            Subscription("B", "2011-01-01"),
            Subscription("C", "2013-01-01"),
        ),
    )
    assert package.plus_dues(registry) == {
        "A": D("109.09"),
        "B": D("109.09"),
        "C": D("81.82"),
    }


def test_proration_by_days_counts_days_both_member_and_subscriber() -> None:
    """With proration by days, the overlap of a subscription and two spells is counted in days."""
    # 2013 has 365 days. C: member [1 Jan, 1 Mar) and [1 Jun, ...); subscribed [1 Feb, 1 Jul).
    # both: [1 Feb, 1 Mar) = 28 days and [1 Jun, 1 Jul) = 30 days: 58 days. A: 365 days.
    # 423,00 x 365/423 = 365,00 and 423,00 x 58/423 = 58,00
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013(
                "C",
                "1",
                Membership(date(2000, 1, 1), date(2013, 3, 1), EndReason.CANCELLATION),
                Membership(date(2013, 6, 1)),
            ),
        )
    )
    package = PlusPackage(
        "X",
        "X",
        2013,
        "423",
        Sharing.EQUALLY,
        (Subscription("A", "2011-01-01"), Subscription("C", "2013-02-01", "2013-07-01")),
        proration=Proration("days", leaving="pro_rata"),
    )
    assert package.plus_dues(registry) == {"A": D("365.00"), "C": D("58.00")}
    assert package.assess(registry, "C").units == 58
    assert (
        "lid en abonnee van 1 februari 2013 tot en met 28 februari 2013,"
        " van 1 juni 2013 tot en met 30 juni 2013: 58 van 365 dagen"
    ) in package.assess(registry, "C").explain()


# -- a merger passes the subscription to the successor (BW 2:34 lid 2) --------------------------


def merged(start: str, end: str, successor: str) -> Membership:
    """A spell ended by a merger into ``successor``."""
    return Membership(start, end, EndReason.MERGER, successor)


def test_subscription_passes_to_the_successor_in_a_merger_on_1_january() -> None:
    """B subscribed and merged into A on 1 January 2013: A pays B's 2013 share, B nothing."""
    # 2013: B is no longer a member; its subscription passes to A from 2013-01-01.
    # A 12 months, C 12 months: 300,00 x 12/24 = 150,00 each.
    # (main charged B 150,00 and left the successor A out.)
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-01-01", "A")),
            member_2013("C", "1"),
        )
    )
    package = package_2013("300", "BC")
    assert package.plus_dues(registry) == {"A": D("150.00"), "C": D("150.00")}
    assert package.not_charged(registry) == ("B",)
    assert package.assess(registry, "A").taken_over_from == ("B",)


def test_mid_year_merger_splits_the_year_between_merged_member_and_successor() -> None:
    """B merges into A on 1 July: B pays January-June, A July-December, nothing is lost."""
    # B 6 months, A 6 months (taken over), C 12 months: total 24.
    # 240,00 x 6/24 = 60,00 (B), 60,00 (A), 240,00 x 12/24 = 120,00 (C)
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-07-01", "A")),
            member_2013("C", "1"),
        )
    )
    package = package_2013("240", "BC")
    assert package.plus_dues(registry) == {"A": D("60.00"), "B": D("60.00"), "C": D("120.00")}


def test_successor_that_subscribed_itself_counts_each_day_once() -> None:
    """A subscriber absorbing another subscriber holds one subscription: 12 months, not 18."""
    # A subscribed; B (subscribed) merges into A on 1 July. A: own 12 months, B's July-December
    # overlaps them, so still 12. B: 6. Total 18: 180,00 x 12/18 = 120,00 and x 6/18 = 60,00
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-07-01", "A")),
        )
    )
    package = package_2013("180", "AB")
    assert package.plus_dues(registry) == {"A": D("120.00"), "B": D("60.00")}


def test_subscription_follows_a_chain_of_mergers() -> None:
    """C merged into B in 2012, B into A on 1 January 2013: A carries C's subscription in 2013."""
    # A 12 months (from C via B), D 12 months: 100,00 x 12/24 = 50,00 each
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-01-01", "A")),
            member_2013("C", "1", merged("2000-01-01", "2012-07-01", "B")),
            member_2013("D", "1"),
        )
    )
    package = package_2013("100", "CD")
    assert package.plus_dues(registry) == {"A": D("50.00"), "D": D("50.00")}
    assert package.assess(registry, "A").taken_over_from == ("B", "C")


def test_subscription_that_ended_before_the_merger_does_not_pass() -> None:
    """Only the rest of a running subscription passes: one ended before the merger passes nothing."""
    # B subscribed [2011-01-01, 2012-01-01) and merged into A on 2013-01-01: A is not charged.
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-01-01", "A")),
            member_2013("C", "1"),
        )
    )
    package = PlusPackage(
        "X",
        "X",
        2013,
        "100",
        Sharing.EQUALLY,
        (Subscription("B", "2011-01-01", "2012-01-01"), Subscription("C", "2011-01-01")),
    )
    assert package.plus_dues(registry) == {"C": D("100.00")}


# -- explanations that a member can check with a pocket calculator ------------------------------


def _number(text: str) -> Decimal:
    """A number as printed in Dutch: '€ 1.234,56' -> 1234.56 (strict parsing)."""
    cleaned = text.replace("€", "").replace("\xa0", "").replace(" ", "").replace("+", "")
    return Decimal(parse_decimal(cleaned, locale="nl_NL", strict=True))


def _check_explanation(text: str) -> None:
    """Recompute the weight, share and amount lines of a Dutch explanation from the printed numbers."""
    lines = dict(line.split(": ", 1) for line in text.splitlines()[1:])
    base_units, weight = lines["gewicht"].rsplit(" = ", 1)
    base, units = base_units.removeprefix("loonsom ").split(" × ")
    if "contributie volgens" in base:
        base = base.rsplit(" pakket ", 1)[1]
    assert _number(base) * _number(units) == _number(weight)
    product, share = lines["aandeel"].rsplit(" = ", 1)
    cost, rest = product.split(" × ")
    mine, total = rest.split(" / ")
    assert _number(weight) == _number(mine)
    exact = _number(cost) * _number(mine) / _number(total)
    assert abs(exact - _number(share)) <= D("0.005")
    rounding = next((v for k, v in lines.items() if k.startswith("afronding")), "0")
    assert _number(share) + _number(rounding) == _number(lines["pluscontributie"])


def test_explanation_of_a_mid_year_joiner_by_hand() -> None:
    """The Dutch explanation names cost, weight, proration, share, rounding cent and amount."""
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1"),
            member_2013("C", "1", Membership(date(2013, 4, 1))),
        )
    )
    package = PlusPackage(
        "SRW",
        "SRW",
        2013,
        "100",
        Sharing.EQUALLY,
        tuple(Subscription(m, "2011-01-01") for m in "ABC"),
    )
    # weights 12, 12, 9 = 33; 100 x 12/33 = 36,3636.. -> 36,36 (A and B); 100 x 9/33 = 27,2727..
    # -> 27,27; 36,36 + 36,36 + 27,27 = 99,99: the cent left goes to the largest remainder,
    # 0,36.. cent for A and B (a tie: the earlier, A): A 36,37, B 36,36, C 27,27
    assert package.plus_dues(registry) == {"A": D("36.37"), "B": D("36.36"), "C": D("27.27")}
    text = package.assess(registry, "A").explain().replace("\xa0", " ")
    assert text.splitlines() == [
        "A, pluscontributie SRW 2013",
        "kosten van het pakket: € 100,00, gelijk verdeeld over 3 leden",
        "lid en abonnee van 1 januari 2013 tot en met 31 december 2013: 12 van 12 maanden",
        "gewicht: 1 × 12 = 12",
        "totaal gewicht van de 3 leden: 33",
        "aandeel: € 100,00 × 12 / 33 = € 36,36",
        "afronding zodat de pluscontributies samen precies € 100,00 zijn: +€ 0,01",
        "pluscontributie: € 36,37",
    ]
    # C is a member from 1 April: April to December
    assert (
        "lid en abonnee van 1 april 2013 tot en met 31 december 2013: 9 van 12 maanden"
        in package.assess(registry, "C").explain()
    )
    _check_explanation(text)
    english = package.assess(registry, "C").explain("en")
    assert "member and subscriber from 1 April 2013 up to and including" in english


def test_explanation_with_a_cent_taken_off_reads_the_same_in_english_and_dutch() -> None:
    """A share rounded down a cent explains it with a minus sign, in English and in Dutch."""
    # 200,00 x 12/36 = 66,666.. -> 66,67 for A, B and C: 200,01, one cent too much; the
    # smallest remainders are equal, the last (C) gives the cent back: 66,67 - 0,01 = 66,66
    package = PlusPackage(
        "SRW",
        "SRW",
        2012,
        "200",
        Sharing.EQUALLY,
        tuple(Subscription(m, "2011-01-01") for m in "ABC"),
    )
    assert package.plus_dues(REGISTRY) == {"A": D("66.67"), "B": D("66.67"), "C": D("66.66")}
    assert package.assess(REGISTRY, "C").explain("en").splitlines() == [
        "C, plus dues SRW 2012",
        "cost of the package: €200.00, shared equally over 3 members",
        (
            "member and subscriber from 1 January 2012 up to and including 31 December 2012:"
            " 12 of 12 months"
        ),
        "weight: 1 × 12 = 12",
        "total weight of the 3 members: 36",
        "share: €200.00 × 12 / 36 = €66.67",
        "rounding so that the plus dues add up to €200.00 exactly: -€0.01",
        "plus dues: €66.66",
    ]
    dutch = package.assess(REGISTRY, "C").explain("nl").replace("\xa0", " ")
    assert dutch.splitlines()[-2:] == [
        "afronding zodat de pluscontributies samen precies € 200,00 zijn: € -0,01",
        "pluscontributie: € 66,66",
    ]
    _check_explanation(dutch)


def test_explanation_of_a_successor_names_the_merger() -> None:
    """A successor's explanation says whose subscription it took over."""
    registry = Registry(
        (
            member_2013("A", "1"),
            member_2013("B", "1", merged("2000-01-01", "2013-01-01", "A")),
        )
    )
    text = package_2013("10", "B").assess(registry, "A").explain()
    assert "abonnement overgenomen bij de fusie met B" in text


def test_sample_plus_dues_explanations_recompute_from_their_printed_numbers() -> None:
    """Every explanation of the sample's packages, for 2012 and moved to 2013, checks by hand."""
    registry = sample_registry()
    english_words = ("wage sum", "member", "weight", "share", "cost", "rounding", "months")
    for package in sample_plus_packages():
        for year_package in (package, attrs.evolve(package, year=2013, basis_year_offset=1)):
            assessments = year_package.assessments(registry)
            assert sum(a.amount for a in assessments) == package.cost
            for assessment in assessments:
                text = assessment.explain()
                _check_explanation(text)
                assert not any(word in text for word in english_words), text
                assert "." not in text.split("\n")[2], text  # no decimal point in counts


def test_schedule_sharing_explanation_checks() -> None:
    """Sharing by the package's own schedule explains the schedule amount as the base."""
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
    text = package.assess(REGISTRY, "A").explain()
    assert "contributie volgens het schema van het pakket" in text
    _check_explanation(text)


@given(
    cost_cents=st.integers(0, 10**9),
    ends=st.lists(st.none() | st.integers(1, 364), min_size=8, max_size=8),
    starts=st.lists(st.integers(-400, 364), min_size=8, max_size=8),
    sharing=st.sampled_from([Sharing.BY_WAGE_SUM, Sharing.EQUALLY]),
    kind=st.sampled_from(["days", "months", "quarters"]),
)
def test_plus_dues_charge_only_members_and_add_up(
    cost_cents: int,
    ends: list[int | None],
    starts: list[int],
    sharing: Sharing,
    kind: str,
) -> None:
    """Invariant: only members of the year are charged, never more than their days; sum = cost."""
    start_2013 = date(2013, 1, 1)
    members = [member_2013("M0", "1000")]  # one member all year, so someone is always charged
    for i, end in enumerate(ends):
        spell = (
            Membership(date(2000, 1, 1))
            if end is None
            else Membership(date(2000, 1, 1), start_2013.add(days=end), EndReason.CANCELLATION)
        )
        members.append(member_2013(f"M{i + 1}", str(1000 * (i + 2)), spell))
    subs = [Subscription("M0", "2012-01-01")] + [
        Subscription(f"M{i + 1}", start_2013.add(days=s)) for i, s in enumerate(starts)
    ]
    cost = D(cost_cents).scaleb(-2)
    package = PlusPackage(
        "P",
        "P",
        2013,
        cost,
        sharing,
        subs,
        proration=Proration(kind, leaving="pro_rata"),  # type: ignore[arg-type]
    )
    registry = Registry(members)
    assessments = package.assessments(registry)
    assert sum(a.amount for a in assessments) == cost
    for a in assessments:
        member = registry.member(a.member_id)
        assert any(spell.period.overlaps(Year(2013).period) for spell in member.spells)
        assert 0 < a.units <= a.units_in_year
        assert abs(a.amount - a.share) <= D("0.01")


def test_plus_dues_leave_the_callers_decimal_context_alone() -> None:
    """Sharing and explaining compute in a local context: no flag is raised in the caller's."""
    registry = Registry(
        (
            member_2013("A", "1000000.01"),
            member_2013("B", "2000000"),
            member_2013("C", "3000000", Membership(date(2013, 4, 1))),
        )
    )
    package = package_2013("100000", "ABC", Sharing.BY_WAGE_SUM)
    with decimal.localcontext(decimal.Context(prec=4)) as context:
        context.clear_flags()
        dues = package.plus_dues(registry)
        texts = [a.explain() for a in package.assessments(registry)]
        assert not any(context.flags.values())
    # 1.000.000,01 x 12 = 12.000.000,12 is exact, not rounded to the caller's 4 digits
    assert "12.000.000,12" in texts[0]
    assert sum(dues.values()) == D("100000.00")
