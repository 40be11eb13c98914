"""Dues: every formula family and proration kind by hand, and scalar = vectorized."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import hypothesis.strategies as st
import numpy as np
import pendulum
import pytest
from hypothesis import given, settings

from wmd.errors import InvalidInputError, RuleError, WmdError
from wmd.finance.dues import Basis, DuesSchedule, MergerRule, MissingBasis, Vat, solve_rate
from wmd.finance.formulas import Band, BandLookup, Fixed, MarginalBands, Rate, Slice, SumOf
from wmd.finance.proration import MonthDay, Proration, Threshold
from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.money import WHOLE_EUROS, RoundingPolicy
from wmd.periods import Year
from wmd.testing import dues_schedules, formulas, roll_registries

D = Decimal


LONG_AGO = pendulum.date(2000, 1, 1)


def member(  # noqa: PLR0917 - a compact builder for hand-made examples
    mid: str,
    wage_sum: str | None,
    start: pendulum.Date = LONG_AGO,
    end: pendulum.Date | None = None,
    reason: EndReason | None = None,
    successor: str | None = None,
    year: int = 2011,
) -> Member:
    """A one-spell member with a wage sum in ``year`` (default 2011)."""
    figures = () if wage_sum is None else (YearFigures(year, wage_sum=D(wage_sum)),)
    return Member(
        mid,
        f"Stichting {mid}",
        sectors=("LW",),
        figures=figures,
        spells=(Membership(start, end, reason, successor),),
    )


def assess(schedule: DuesSchedule, *members: Member) -> dict[str, Decimal]:
    """Amounts due by the scalar path, after checking the roll gives the same."""
    registry = Registry(members)
    scalar = {m.id: schedule.assess(m, registry).amount for m in members}
    assert schedule.roll(registry).amounts() == scalar  # the two paths agree in every example
    return scalar


# -- formula families, by hand --------------------------------------------------------------


def test_fixed_amount_is_the_same_for_everyone() -> None:
    """A fixed amount does not depend on the basis."""
    schedule = DuesSchedule(2012, Fixed("450"), Basis(years_before=1))
    assert assess(schedule, member("A", "0"), member("B", "9000000")) == {
        "A": D("450.00"),
        "B": D("450.00"),
    }


def test_rate_with_minimum_and_maximum() -> None:
    """A rate applies between the minimum and the maximum."""
    schedule = DuesSchedule(
        2012, Rate.per_mille("2.075", minimum="250", maximum="10000"), Basis(years_before=1)
    )
    result = assess(schedule, member("S", "100000"), member("M", "1234567"), member("L", "9000000"))
    # 100.000 x 2,075‰ = 207,50 < 250 -> 250; 1.234.567 x 0,002075 = 2.561,726525 -> 2.561,73;
    # 9.000.000 x 0,002075 = 18.675 > 10.000 -> 10.000
    assert result == {"S": D("250.00"), "M": D("2561.73"), "L": D("10000.00")}


def test_band_lookup_uses_the_bracket_of_the_basis() -> None:
    """A lookup gives the fixed amount of the bracket; the lower edge belongs to the bracket."""
    table = BandLookup((Band("0", "300"), Band("250000", "900"), Band("1000000", "2500")))
    schedule = DuesSchedule(2012, table, Basis(years_before=1))
    result = assess(
        schedule, member("A", "249999.99"), member("B", "250000"), member("C", "5000000")
    )
    assert result == {"A": D("300.00"), "B": D("900.00"), "C": D("2500.00")}


def test_marginal_bands_tax_each_slice_at_its_rate() -> None:
    """Marginal bands charge every slice of the basis at its own rate, then apply the bounds."""
    bands = MarginalBands(
        (Slice("0", "0.003"), Slice("250000", "0.002"), Slice("1000000", "0.001")),
        minimum="400",
        maximum="5000",
    )
    schedule = DuesSchedule(2012, bands, Basis(years_before=1))
    result = assess(schedule, member("A", "100000"), member("B", "1200000"), member("C", "9000000"))
    # A: 100.000 x 0,3% = 300 < 400 -> 400
    # B: 250.000 x 0,3% + 750.000 x 0,2% + 200.000 x 0,1% = 750 + 1.500 + 200 = 2.450
    # C: 750 + 1.500 + 8.000.000 x 0,1% = 10.250 > 5.000 -> 5.000
    assert result == {"A": D("400.00"), "B": D("2450.00"), "C": D("5000.00")}


def test_sum_of_fixed_and_rate() -> None:
    """A sum adds its parts: a fixed amount plus a rate."""
    schedule = DuesSchedule(2012, SumOf((Fixed("150"), Rate.percent("0.1"))), Basis(years_before=1))
    # 150 + 333.333,33 x 0,1% = 150 + 333,33333 = 483,33
    assert assess(schedule, member("A", "333333.33")) == {"A": D("483.33")}


def test_headcount_and_fte_bases() -> None:
    """The basis can be the headcount or the fte of the basis year."""
    people = Member(
        "P",
        "Stichting P",
        sectors=("LW",),
        figures=(YearFigures(2012, headcount=40, fte=D("27.5")),),
        spells=(Membership(pendulum.date(2000, 1, 1)),),
    )
    per_head = DuesSchedule(2012, Rate("12.50"), Basis("headcount"))
    per_fte = DuesSchedule(2012, Rate("20"), Basis("fte"))
    # 40 x 12,50 = 500; 27,5 x 20 = 550
    assert assess(per_head, people) == {"P": D("500.00")}
    assert assess(per_fte, people) == {"P": D("550.00")}


def test_rounding_policy_whole_euros() -> None:
    """The schedule's rounding policy rounds the gross and the amount due."""
    schedule = DuesSchedule(2012, Rate.percent("0.1"), Basis(years_before=1), rounding=WHOLE_EUROS)
    # 1.234.500 x 0,1% = 1.234,50 -> half up -> 1.235
    assert assess(schedule, member("A", "1234500")) == {"A": D("1235")}


# -- proration kinds, by hand -----------------------------------------------------------------


JOIN = pendulum.date(2012, 7, 15)
RATE = Rate("0.001")  # 1.200.000 x 0,1% = 1.200 gross


@pytest.mark.parametrize(
    ("proration", "expected"),
    [
        (Proration("whole_year"), "1200.00"),
        # 15 July .. 31 December = 17 + 31 + 30 + 31 + 30 + 31 = 170 of 366 days: 1.200 x 170/366 = 557,377...
        (Proration("days"), "557.38"),
        # August .. December: 5/12 x 1.200 = 500
        (Proration("months"), "500.00"),
        # July counts too: 6/12 x 1.200 = 600
        (Proration("months", count_joining_period=True), "600.00"),
        # Q4 only: 1/4 x 1.200 = 300
        (Proration("quarters"), "300.00"),
        # Q3 and Q4: 2/4 x 1.200 = 600
        (Proration("quarters", count_joining_period=True), "600.00"),
        # from 1 July half: 600
        (
            Proration(
                "thresholds",
                thresholds=(Threshold(MonthDay(1, 1), "1"), Threshold(MonthDay(7, 1), "0.5")),
            ),
            "600.00",
        ),
        # joining on or after 1 July: pays from next year
        (Proration("whole_year", cutoff=MonthDay(7, 1)), "0.00"),
    ],
)
def test_joining_mid_year(proration: Proration, expected: str) -> None:
    """Each proration kind charges a member joining on 15 July 2012 its worked-out part."""
    schedule = DuesSchedule(2012, RATE, Basis(years_before=1), proration=proration)
    assert assess(schedule, member("A", "1200000", start=JOIN)) == {"A": D(expected)}


def test_leaving_whole_year_is_the_legal_default() -> None:
    """A member leaving mid-year owes the whole year unless the schedule says pro rata."""
    leaver = member("A", "1200000", end=pendulum.date(2012, 4, 1), reason=EndReason.CANCELLATION)
    assert assess(
        DuesSchedule(2012, RATE, Basis(years_before=1), proration=Proration("months")), leaver
    ) == {"A": D("1200.00")}
    # member January to March: 3/12 x 1.200 = 300
    pro_rata = Proration("months", leaving="pro_rata")
    assert assess(DuesSchedule(2012, RATE, Basis(years_before=1), proration=pro_rata), leaver) == {
        "A": D("300.00")
    }


def test_days_pro_rata_join_and_leave() -> None:
    """Days pro rata counts the days from joining to the last day of membership."""
    spell_member = member(
        "A",
        "1200000",
        start=pendulum.date(2012, 3, 1),
        end=pendulum.date(2012, 9, 1),
        reason=EndReason.CANCELLATION,
    )
    schedule = DuesSchedule(
        2012, RATE, Basis(years_before=1), proration=Proration("days", leaving="pro_rata")
    )
    # 1 March .. 31 August = 31+30+31+30+31+31 = 184 days of 366: 1.200 x 184/366 = 603,278... -> 603,28
    assert assess(schedule, spell_member) == {"A": D("603.28")}


def test_not_a_member_in_the_year_is_not_in_the_roll() -> None:
    """A member that left before the year is not assessed and not in the roll."""
    gone = member("G", "1000", end=pendulum.date(2011, 1, 1), reason=EndReason.TERMINATION)
    schedule = DuesSchedule(2012, RATE, Basis(years_before=1))
    assert len(schedule.roll(Registry((gone,)))) == 0
    with pytest.raises(RuleError, match="member G: not a member"):
        schedule.assess(gone, Registry((gone,)))


# -- basis, mergers, VAT, provisional -----------------------------------------------------------


def test_missing_basis_is_an_error_naming_every_member() -> None:
    """With missing='error' a roll refuses and lists every member without a figure."""
    schedule = DuesSchedule(2012, RATE, Basis(years_before=1))
    registry = Registry((member("A", None), member("B", None), member("C", "10")))
    with pytest.raises(RuleError, match="2 member") as info:
        schedule.roll(registry)
    assert "member A" in str(info.value)
    assert "member B" in str(info.value)


def test_estimate_is_provisional_and_settles() -> None:
    """An estimated basis makes a provisional roll; settling gives each member's difference."""
    early = member("A", "1000000", year=2010)
    schedule = DuesSchedule(2012, RATE, Basis(years_before=1, missing=MissingBasis.ESTIMATE))
    provisional = schedule.roll(Registry((early,)))
    assert provisional.provisional
    assert schedule.assess(early, Registry((early,))).source == "estimate 2010"
    final_member = early.with_figures(YearFigures(2011, wage_sum=D("900000")))
    final = schedule.roll(Registry((final_member,)))
    assert not final.provisional
    # provisional 1.000 (on 2010), final 900 (on 2011): the member gets 100 back
    assert provisional.settle(final).differences == {"A": D("-100.00")}
    assert provisional.settle(final).total == D("-100.00")


def test_merger_successor_pays_on_the_combined_basis_after_the_merger_year() -> None:
    """After a merger the successor's basis adds the merged member's figure of the basis year."""
    successor = member("S", "1000000")
    merged = member(
        "M", "500000", end=pendulum.date(2012, 7, 1), reason=EndReason.MERGER, successor="S"
    )
    registry = Registry((successor, merged))
    # 2013, basis 2012: only S's figures of 2011 exist, so use a basis year 2011 via years_before=2
    later = DuesSchedule(2013, RATE, Basis(years_before=2))
    assert later.assess(successor, registry).amount == D("1500.00")  # (1.000.000 + 500.000) x 0,1%
    separate = DuesSchedule(2012, RATE, Basis(years_before=1), merger_rule=MergerRule.SEPARATE)
    assert assess(separate, successor, merged) == {"S": D("1000.00"), "M": D("500.00")}
    combined = DuesSchedule(2012, RATE, Basis(years_before=1), merger_rule=MergerRule.COMBINED)
    # the merged member pays nothing in the merger year and is not in the roll
    assert combined.roll(registry).amounts() == {"S": D("1500.00")}


def test_vat_split() -> None:
    """A share of the dues is liable to VAT; the VAT is computed on that share."""
    schedule = DuesSchedule(2012, Fixed("1000"), vat=Vat("0.25", "0.21"))
    a = schedule.assess(member("A", "1"), Registry((member("A", "1"),)))
    # 25% of 1.000 = 250 liable; 21% of 250 = 52,50
    assert (a.vat_base, a.vat) == (D("250.00"), D("52.50"))
    roll = schedule.roll(Registry((member("A", "1"),)))
    assert roll.total_vat == D("52.50")


def test_explain_in_dutch() -> None:
    """The explanation states basis, rate, bound, proration and amount in Dutch."""
    schedule = DuesSchedule(
        2012,
        Rate.per_mille("2", minimum="250"),
        Basis(years_before=1),
        proration=Proration("months"),
    )
    joined = member("A", "100000", start=pendulum.date(2012, 10, 1))
    text = schedule.assess(joined, Registry((joined,))).explain()
    assert text.splitlines() == [
        "A, contributie 2012",
        "loonsom 2011: €\xa0100.000,00",
        "€\xa0100.000,00 × 2‰ = €\xa0200,00",
        "minimum €\xa0250,00 toegepast",
        "bruto contributie: €\xa0250,00",
        "deel van het jaar: 3/12",
        "verschuldigd bedrag: €\xa0250,00 × 3/12 = €\xa062,50",
    ]


# -- invalid schedules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: Rate("-0.01"),
        lambda: Rate("0.01", minimum="100", maximum="50"),
        lambda: BandLookup((Band("0", "1"), Band("0", "2"))),
        lambda: BandLookup((Band("10", "1"),)),
        lambda: MarginalBands(()),
        lambda: Proration("thresholds", thresholds=(Threshold(MonthDay(7, 1), "0.5"),)),
        lambda: Proration(
            "thresholds",
            thresholds=(Threshold(MonthDay(1, 1), "0.5"), Threshold(MonthDay(7, 1), "1")),
        ),
        lambda: Proration("weeks"),  # type: ignore[arg-type]
        lambda: MonthDay(2, 29),
        lambda: Vat("1.5"),
        lambda: Basis(years_before=-1),
    ],
)
def test_invalid_schedule_parts_raise_a_wmd_error(build: object) -> None:
    """Unsorted or overlapping bands, min above max, negative rates, bad thresholds are refused."""
    with pytest.raises(WmdError):
        build()  # type: ignore[operator]


def test_solve_rate_meets_the_target_as_closely_as_rounding_allows() -> None:
    """solve_rate finds the factor whose roll total is nearest the target."""
    registry = Registry(tuple(member(f"M{i}", str(100_000 * (i + 1))) for i in range(10)))
    schedule = DuesSchedule(2012, Rate("0.001"), Basis(years_before=1))
    # total wage sum 5.500.000; target 11.000 needs a 0,2% rate: factor 2
    result = solve_rate(schedule, registry, D("11000"))
    assert result.total == D("11000.00")
    assert result.factor == D("2")
    assert result.schedule.formula == Rate("0.002")


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(schedule=dues_schedules(year=2012), registry=roll_registries(year=2012, gaps=False))
def test_scalar_and_vectorized_paths_agree_to_the_cent(
    schedule: DuesSchedule, registry: Registry
) -> None:
    """For generated members and schedules, roll() gives exactly the cents of assess(), VAT and payer too."""
    roll = schedule.roll(registry)
    frame = {mid: i for i, mid in enumerate(roll.member_ids)}
    for mid, due in roll.amounts().items():
        assessment = schedule.assess(registry.member(mid), registry)
        assert assessment.amount == due
        i = frame[mid]
        assert assessment.vat_base * 100 == int(roll.vat_base_cents[i])
        assert assessment.vat * 100 == int(roll.vat_cents[i])
        assert assessment.payer == roll.payer_ids[i]
    year = Year(2012).period

    def billed(spell: Membership) -> bool:
        merged_this_year = (
            spell.end_reason is EndReason.MERGER
            and spell.end is not None
            and spell.end.year == 2012
        )
        merged_on_new_year = spell.end_reason is EndReason.MERGER and spell.end == Year(2012).start
        if schedule.merger_rule is MergerRule.SEPARATE and merged_on_new_year:
            return True  # assessed for the year, owed by the successor
        return spell.period.overlaps(year) and not (
            schedule.merger_rule is MergerRule.CONTINUES and merged_this_year
        )

    # every member with a billable day in the year is in the roll, no other
    assert set(roll.member_ids) == {m.id for m in registry if any(billed(s) for s in m.spells)}


@given(formula=formulas(), low=st.integers(0, 10**11), step=st.integers(0, 10**10))
def test_dues_never_decrease_when_the_basis_grows(formula: object, low: int, step: int) -> None:
    """For every formula, a larger basis never gives a smaller gross amount, scalar and vectorized."""
    f = formula  # a Formula
    a, b = Fraction(low, 100), Fraction(low + step, 100)
    assert f.gross(a) <= f.gross(b)  # type: ignore[attr-defined]
    num, den = f.kernel(np.array([low, low + step], dtype=np.int64), 100)  # type: ignore[attr-defined]
    assert num[0] <= num[1]
    assert Fraction(int(num[0]), den) == f.gross(a)  # type: ignore[attr-defined]


@given(schedule=dues_schedules(year=2012), registry=roll_registries(year=2012, gaps=False))
def test_proration_fraction_is_in_unit_interval_and_one_all_year(
    schedule: DuesSchedule, registry: Registry
) -> None:
    """The fraction owed is in [0, 1], and 1 for a member all year (unless nothing is charged)."""
    year = Year(2012)
    for m in registry:
        frac = schedule.proration.fraction(m.spells, year)
        assert 0 <= frac <= 1
        if m.is_member_on(year.start) and m.is_member_on(year.last_day) and len(m.spells) == 1:
            assert frac == 1


def test_rounding_policy_is_the_schedules() -> None:
    """A custom policy (to 5 cents) is used by both paths."""
    schedule = DuesSchedule(
        2012, Rate("0.001"), Basis(years_before=1), rounding=RoundingPolicy(D("0.05"))
    )
    # 123.456 x 0,1% = 123,456 -> nearest 0,05 -> 123,45
    assert assess(schedule, member("A", "123456")) == {"A": D("123.45")}


def test_unknown_member_in_roll_is_a_clear_error() -> None:
    """Asking a roll for a member it does not hold names the member."""
    roll = DuesSchedule(2012, Fixed("1")).roll(Registry((member("A", "1"),)))
    with pytest.raises(InvalidInputError, match="member_id"):
        roll.amount("Z")


# -- the roll's views ---------------------------------------------------------------------------


def _sectors_registry() -> Registry:
    def org(mid: str, sector: str, wage_sum: str) -> Member:
        return Member(
            mid,
            f"Stichting {mid}",
            sectors=(sector,),
            figures=(YearFigures(2011, wage_sum=D(wage_sum)),),
            spells=(Membership(LONG_AGO),),
        )

    return Registry(
        (org("A", "LW", "100000"), org("B", "LW", "2000000"), org("C", "MO", "3000000"))
    )


def test_roll_totals_by_sector_and_size_band() -> None:
    """Per-sector and per-band totals add the members' amounts; the parts add up to the total."""
    registry = _sectors_registry()
    roll = DuesSchedule(2012, Rate("0.001"), Basis(years_before=1)).roll(registry)
    # A 100, B 2.000 (LW); C 3.000 (MO)
    by_sector = roll.by_sector(registry)
    assert by_sector["LW"] == D("2100.00")
    assert by_sector["MO"] == D("3000.00")
    assert sum(by_sector.values()) == roll.total == D("5100.00")
    bands = roll.by_size_band()
    # A below 250.000; B in 1 mln - 2,5 mln; C above 2,5 mln
    assert list(bands.values()) == [D("100.00"), D("0.00"), D("2000.00"), D("3000.00")]


def test_roll_renders_and_exports() -> None:
    """The roll renders as a Dutch table with a total and exports Decimal columns to pandas."""
    roll = DuesSchedule(2012, Rate("0.001"), Basis(years_before=1)).roll(_sectors_registry())
    text = roll.table().to_text()
    assert text.splitlines()[0] == "Contributie 2012"
    assert text.splitlines()[-1].endswith("5.100,00")
    assert "<table" in roll._repr_html_()
    frame = roll.to_pandas()
    assert list(frame["due"]) == [D("100.00"), D("2000.00"), D("3000.00")]


# -- issue 13: mergers never lose dues, VAT in cents -----------------------------------------


def _merger_on_new_year() -> Registry:
    """B (2012 wage sum 400.000) merges into A (2012 wage sum 600.000) on 2013-01-01."""
    a = member("A", "600000", year=2012)
    b = member(
        "B",
        "400000",
        end=pendulum.date(2013, 1, 1),
        reason=EndReason.MERGER,
        successor="A",
        year=2012,
    )
    return Registry((a, b))


def test_default_merger_rule_puts_a_new_year_merger_in_the_successors_basis() -> None:
    """By default the successor continues: A's 2013 basis holds B's 2012 wage sum (no loss)."""
    registry = _merger_on_new_year()
    schedule = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1))
    # (600.000 + 400.000) x 0,002 = 2.000,00; on main B's 800,00 vanished: {'A': 1200.00}
    assert schedule.roll(registry).amounts() == {"A": D("2000.00")}
    assert schedule.assess(registry.member("A"), registry).amount == D("2000.00")
    assert schedule.merger_rule is MergerRule.CONTINUES


def test_separate_rule_still_assesses_a_new_year_merger_and_the_successor_pays() -> None:
    """Under the separate rule B, merged on 1 January, is assessed for the year and A owes it."""
    registry = _merger_on_new_year()
    schedule = DuesSchedule(
        2013, Rate.per_mille("2"), Basis(years_before=1), merger_rule=MergerRule.SEPARATE
    )
    roll = schedule.roll(registry)
    # A: 600.000 x 0,002 = 1.200,00; B: 400.000 x 0,002 = 800,00, owed by A; together 2.000,00
    assert roll.amounts() == {"A": D("1200.00"), "B": D("800.00")}
    assert (roll.payer("A"), roll.payer("B")) == ("A", "A")
    assert roll.by_payer() == {"A": D("2000.00")}
    b = schedule.assess(registry.member("B"), registry)
    assert (b.amount, b.payer) == (D("800.00"), "A")


def test_merger_year_figures_of_the_merged_member_reach_the_successor() -> None:
    """A member merged mid-2012 still existed in 2012: its 2012 figure counts in 2013, chains followed."""
    a = member("A", "600000", year=2012)
    b = member(
        "B",
        "300000",
        end=pendulum.date(2012, 7, 1),
        reason=EndReason.MERGER,
        successor="A",
        year=2012,
    )
    c = member(
        "C",
        "100000",
        end=pendulum.date(2012, 3, 1),
        reason=EndReason.MERGER,
        successor="B",
        year=2012,
    )
    registry = Registry((a, b, c))
    for rule in MergerRule:
        schedule = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1), merger_rule=rule)
        # (600.000 + 300.000 + 100.000) x 0,002 = 2.000,00; on main A paid 1.200,00 alone
        assert schedule.roll(registry).amounts() == {"A": D("2000.00")}
    # a merger on 1 January 2012 is already in A's own 2012 figures: nothing added for 2013
    d = member(
        "D",
        "500000",
        end=pendulum.date(2012, 1, 1),
        reason=EndReason.MERGER,
        successor="A",
        year=2012,
    )
    later = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1))
    assert later.roll(Registry((member("A", "600000", year=2012), d))).amounts() == {
        "A": D("1200.00")
    }


def test_old_merger_rule_name_still_reads() -> None:
    """``combined`` (the old name) is the rule that the successor continues."""
    schedule = DuesSchedule(2013, Rate("0.001"), merger_rule="combined")
    assert schedule.merger_rule is MergerRule.CONTINUES
    assert MergerRule("combined") is MergerRule.CONTINUES
    assert MergerRule.COMBINED.value == "continues"


def test_vat_is_rounded_to_the_cent_whatever_the_dues_rounding() -> None:
    """With whole-euro dues the taxable part and the VAT are still exact cents, half up."""
    schedule = DuesSchedule(2013, Fixed("520"), rounding=WHOLE_EUROS, vat=Vat("0.20", "0.21"))
    registry = Registry((member("A", "1"), member("B", "1")))
    # 520,00 x 20% = 104,00 taxable, 416,00 exempt; 104,00 x 21% = 21,84 VAT (main gave 22,00)
    a = schedule.assess(registry.member("A"), registry)
    assert (a.amount, a.vat_base, a.vat) == (D("520.00"), D("104.00"), D("21.84"))
    assert (a.amount, a.vat_base, a.exempt, a.vat, a.total) == (
        D("520.00"),
        D("104.00"),
        D("416.00"),
        D("21.84"),
        D("541.84"),
    )
    roll = schedule.roll(registry)
    assert roll.total_taxable == D("208.00")
    assert roll.total_exempt == D("832.00")
    assert roll.total_vat == D("43.68")
    assert roll.total_including_vat == D("1083.68")  # 2 x 541,84
    frame = roll.to_pandas()
    assert list(frame["taxable"]) == [D("104.00")] * 2
    assert list(frame["exempt"]) == [D("416.00")] * 2
    assert list(frame["including_vat"]) == [D("541.84")] * 2
    assert list(frame["payer"]) == ["A", "B"]
    assert list(frame["name"]) == ["Stichting A", "Stichting B"]
    table = roll.table("en")
    assert table.columns[:2] == ("member", "name")
    assert table.rows[0][:2] == ("A", "Stichting A")
    assert table.columns[-4:] == ("taxable", "exempt", "VAT", "amount including VAT")
    assert table.rows[-1][-4:] == ("208.00", "832.00", "43.68", "1,083.68")


def test_settlement_has_vat_differences_a_table_and_an_explanation() -> None:
    """A settlement gives per member the difference excluding and including VAT, as table and words."""
    schedule = DuesSchedule(
        2012, Rate("0.001"), Basis(years_before=1, missing="estimate"), vat=Vat("0.2", "0.21")
    )
    early = member("A", "1000000", year=2010)
    late = early.with_figures(YearFigures(2011, wage_sum=D("1234567")))
    settlement = schedule.roll(Registry((early,))).settle(schedule.roll(Registry((late,))))
    # provisional 1.000,00: taxable 200,00, VAT 42,00; final 1.234,57: taxable 246,91, VAT 51,85
    # difference 234,57, VAT 9,85, together 244,42 to pay
    line = settlement.line("A")
    assert (line.difference, line.vat_difference, line.total_difference) == (
        D("234.57"),
        D("9.85"),
        D("244.42"),
    )
    assert line.estimated
    assert settlement.total_including_vat == D("244.42")
    assert settlement.differences == {"A": D("234.57")}
    assert settlement.rows == (("A", D("1000.00"), D("1234.57")),)
    text = settlement.explain("A").splitlines()
    assert text[0] == "A, verrekening contributie 2012"
    assert text[3] == "verschil: €\xa01.234,57 - €\xa01.000,00 = €\xa0234,57"
    assert text[-1] == "A betaalt €\xa0244,42 bij"
    table = settlement.table("en")
    assert table.rows[-1] == ("Total", "1,000.00", "1,234.57", "234.57", "9.85", "244.42")
    frame = settlement.to_pandas()
    assert list(frame["total_difference"]) == [D("244.42")]


def test_a_maximum_of_ten_to_the_fifteen_euros_rolls() -> None:
    """A maximum beyond int64 cents cannot bind: the roll works (it overflowed in numpy before)."""
    schedule = DuesSchedule(
        2012, Rate("0.002", minimum="250", maximum="1000000000000000"), Basis(years_before=1)
    )
    registry = Registry((member("A", "1000000"),))
    # 1.000.000 x 0,2% = 2.000,00, far below the maximum of 10^15
    assert schedule.roll(registry).amounts() == {"A": D("2000.00")} == assess(schedule, *registry)
