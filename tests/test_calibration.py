"""Calibration: the rate on the publishable grid meets the budget with the stated chance, one step lower does not."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pendulum
import pytest

from wmd.datasets import sample_registry, sample_schedule
from wmd.errors import InvalidInputError, RuleError
from wmd.finance import DuesSchedule, Rate, Scenario, project
from wmd.finance.dues import solve_rate, with_lever
from wmd.finance.formulas import Band, BandLookup
from wmd.finance.projection.calibration import Calibration, calibrate
from wmd.finance.scenario import Constant, Normal
from wmd.members import Member, Membership, Registry, YearFigures

D = Decimal
WAGES = ["180000", "420000", "950000", "2600000", "75000", "1300000", "310000", "5400000"]


def registry() -> Registry:
    """Eight members with a 2012 wage sum, members since 2000, all in LW."""
    return Registry(
        Member(
            f"M{i}",
            f"Stichting {i}",
            sectors=("LW",),
            figures=(YearFigures(2012, wage_sum=D(wage)),),
            spells=(Membership(pendulum.date(2000, 1, 1)),),
        )
        for i, wage in enumerate(WAGES)
    )


SCENARIO = Scenario(
    range(2013, 2016),
    DuesSchedule(2013, Rate.per_mille("2", minimum="250")),
    change=Normal(-0.125, 0.05),
    correlation=0.5,
    cancellation=0.05,
    merger=0.02,
)
BUDGET = D("20000")
RUNS, SEED = 300, 7


@pytest.fixture(scope="module")
def result() -> Calibration:
    """One calibration at 90%, shared by the tests of this module."""
    return calibrate(registry(), SCENARIO, BUDGET, chance=0.9, runs=RUNS, seed=SEED)


def share_meeting(rate: Decimal, year: int) -> float:
    """The share of runs reaching the budget in ``year`` when every year's rate is ``rate``."""
    schedule = with_lever(SCENARIO.schedule_for(2013), rate)
    projection = project(
        registry(), Scenario(SCENARIO.years, schedule, change=SCENARIO.change,
                             correlation=0.5, cancellation=0.05, merger=0.02),
        runs=RUNS, seed=SEED,
    )  # fmt: skip
    cents = projection.dues_cents(year)
    return float(np.count_nonzero(cents >= int(BUDGET * 100)) / len(cents))


@pytest.mark.parametrize("year", [2013, 2015])
def test_needed_rate_meets_the_chance_and_one_step_lower_does_not(
    result: Calibration, year: int
) -> None:
    """Re-projected on the same seed, the needed rate reaches the budget in >= 90% of runs; a step lower in < 90%."""
    needed = result.year(year).needed
    assert needed == needed.quantize(D("0.00001"))  # on the 0,01 per mille grid
    assert share_meeting(needed, year) >= 0.9
    assert share_meeting(needed - D("0.00001"), year) < 0.9
    assert result.year(year).chance_needed == share_meeting(needed, year)


def test_expected_rate_meets_the_mean_and_is_below_the_needed_rate(result: Calibration) -> None:
    """The rate for the expected value reaches the budget on average, and asks less than the 90% rate."""
    for year in result.years:
        assert year.expected < year.needed
        assert year.chance_expected < 0.9 <= year.chance_needed < 1 or year.chance_needed == 1
        assert year.chance_below < 0.9


def test_calibrated_schedule_amounts_equal_a_roll_on_the_rounded_schedule(
    result: Calibration,
) -> None:
    """The deterministic dues at the published rate are the roll of the schedule with that rate, to the cent."""
    again = project(registry(), result.calibrated, runs=20, seed=1)
    for year in result.scenario.years:
        schedule = result.calibrated.schedule_for(year)
        assert schedule.formula == Rate(result.year(year).needed, minimum="250")
        roll = schedule.roll_columns(again.columns(year))
        assert roll.total == again.year(year).dues_deterministic
    # 2013 by hand for the largest member: 5.400.000 x 0,875 = 4.725.000 x rate, rounded to the cent
    roll_2013 = result.calibrated.schedule_for(2013).roll_columns(again.columns(2013))
    rate = result.year(2013).needed
    assert roll_2013.amount("M7") == (D("4725000") * rate).quantize(D("0.01"))


def test_amount_step_calibrates_whole_euro_bands_judged_at_the_rounded_schedule() -> None:
    """With amount_step 1 the band amounts are whole euros, rounded up, and the chance is the rounded schedule's."""

    # bands 100 / 300 / 700 for 400.000 / 800.000 / 2.600.000: 1.100 at factor 1, budget 1.500.
    # factor 1,362: 136,20 -> 137, 408,60 -> 409, 953,40 -> 954: 1.500, meets the budget;
    # factor 1,361: 136,10 -> 137, 408,30 -> 409, 952,70 -> 953: 1.499, does not.
    # Without rounding 1,364 is needed (1,363 gives 136,30 + 408,90 + 954,10 = 1.499,30).
    def members(*years: int) -> Registry:
        return Registry(
            Member(f"M{i}", f"Stichting {i}", sectors=("LW",),
                   figures=tuple(YearFigures(y, wage_sum=D(wage)) for y in years),
                   spells=(Membership(pendulum.date(2000, 1, 1)),))
            for i, wage in enumerate(["400000", "800000", "2600000"])
        )  # fmt: skip

    bands = BandLookup((Band("0", "100"), Band("500000", "300"), Band("1000000", "700")))
    scenario = Scenario(range(2013, 2014), DuesSchedule(2013, bands), change=Constant(0.0))
    whole = calibrate(members(2012), scenario, "1500", chance=0.9, amount_step="1", runs=5, seed=3)
    year = whole.year(2013)
    assert year.unit == "factor"
    assert year.needed == D("1.362")
    assert isinstance(year.schedule.formula, BandLookup)
    assert [b.amount for b in year.schedule.formula.bands] == [D(137), D(409), D(954)]
    assert all(b.amount == b.amount.to_integral_value() for b in year.schedule.formula.bands)
    # a change of 0: the wage sums of 2013 are those of 2012
    assert year.schedule.roll(members(2013)).total == year.dues_mean == D("1500")
    assert year.chance_needed == 1.0
    assert year.chance_below == 0.0
    assert whole.calibrated.schedule_for(2013) == year.schedule
    cents = calibrate(members(2012), scenario, "1500", chance=0.9, runs=5, seed=3).year(2013)
    assert cents.needed == D("1.364")
    with pytest.raises(InvalidInputError, match="amount_step"):
        calibrate(members(2012), scenario, "1500", amount_step="0", runs=5, seed=3)
    with pytest.raises(InvalidInputError, match="amount_step"):
        calibrate(registry(), SCENARIO, "1500", amount_step="1", runs=5, seed=3)


def test_mapping_budget_and_band_lookup_use_a_factor_grid() -> None:
    """A band schedule is calibrated by a factor on the 0,001 grid; budgets may differ per year."""
    bands = BandLookup((Band("0", "300"), Band("500000", "1500"), Band("2000000", "6000")))
    scenario = Scenario(range(2013, 2015), DuesSchedule(2013, bands), change=Normal(-0.1, 0.05))
    result = calibrate(registry(), scenario, {2013: "20000", 2014: "18000"}, runs=100, seed=3)
    assert result.year(2013).unit == "factor"
    assert result.year(2013).needed == result.year(2013).needed.quantize(D("0.001"))
    assert result.year(2014).budget == D("18000")
    assert result.year(2013).chance_needed >= 0.9 > result.year(2013).chance_below


def test_bad_chance_budget_and_unreachable_budget_raise() -> None:
    """A chance outside (0, 1], a missing year's budget or a budget above every maximum are refused."""
    with pytest.raises(InvalidInputError, match="chance"):
        calibrate(registry(), SCENARIO, BUDGET, chance=1.5, runs=10)
    with pytest.raises(InvalidInputError, match="budget"):
        calibrate(registry(), SCENARIO, {2013: "1"}, runs=10)
    capped = Scenario(range(2013, 2014), DuesSchedule(2013, Rate.per_mille("2", maximum="1000")))
    with pytest.raises(RuleError, match="no rate up to the limit"):
        calibrate(registry(), capped, "9000", runs=10)  # 8 members x 1.000 at most


def test_table_names_the_chance_in_dutch_and_english(result: Calibration) -> None:
    """The table's title states the chance; Dutch by default, English on request."""
    assert "kans" in result.table().title
    assert "chance" in result.table("en").title
    assert len(result.table().rows) == 3


def test_solve_rate_on_a_step_gives_a_published_rate_whose_explanation_multiplies_out() -> None:
    """solve_rate(step=0,01 per mille) on the sample: the lowest grid rate reaching 2.756.000; a step lower misses."""
    registry, schedule = sample_registry(), sample_schedule(2013)
    solved = solve_rate(schedule, registry, D("2756000"), step=D("0.00001"))
    rate = solved.schedule.formula
    assert isinstance(rate, Rate)
    assert rate.rate == D("0.00213")  # 2,13 per mille; unrounded the solve gives 2,126864
    assert (rate.minimum, rate.maximum) == (D("250"), D("25000"))  # bounds stay
    assert solved.total == with_lever(schedule, D("0.00213")).roll(registry).total
    assert solved.total >= D("2756000")
    assert with_lever(schedule, D("0.00212")).roll(registry).total < D("2756000")
    # M0001: 136.351,13 x 2,13 per mille = 290,428 -> 290,43, as its explanation shows
    explanation = solved.schedule.assess(registry.member("M0001"), registry).explain()
    assert "€ 136.351,13 × 2,13‰ = € 290,43" in explanation.replace("\xa0", " ")
