"""Dues projections: the deterministic path is a dues roll, runs are reproducible, bad input raises."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import hypothesis.strategies as st
import numpy as np
import pendulum
import pytest
from hypothesis import given, settings

from wmd.errors import InvalidInputError, MissingExtraError, RuleError, WmdError
from wmd.finance import DuesSchedule, Fixed, Projection, Rate, Scenario, project
from wmd.finance.dues import Basis
from wmd.finance.scenario import Constant, Empirical, LogNormal, Normal, normal_cdf
from wmd.members import Member, Membership, Registry, YearFigures

D = Decimal
BASE = 2012
WAGES = {  # whole euros, so every -10% step stays exact in cents
    "LW": ["180000", "420000", "950000", "2600000", "75000"],
    "MD": ["1300000", "310000", "5400000"],
    "PSZ": ["90000", "140000", "260000", "33000"],
}


def registry(wages: dict[str, list[str]] = WAGES, year: int = BASE) -> Registry:
    """Members with a wage sum in ``year``, members since 2000, one primary sector each."""
    return Registry(
        Member(
            f"{code}{i}",
            f"Stichting {code} {i}",
            sectors=(code,),
            figures=(YearFigures(year, wage_sum=D(wage)),),
            spells=(Membership(pendulum.date(2000, 1, 1)),),
        )
        for code, items in wages.items()
        for i, wage in enumerate(items)
    )


def shocked(base: Registry, factors: dict[str, list[Decimal]], years: range) -> Registry:
    """The registry with wage sums of ``years`` by exact Decimal arithmetic: w_y = w_{y-1} x factor."""
    out = []
    for member in base.members:
        wage = member.wage_sum(BASE)
        assert wage is not None
        figures = [YearFigures(BASE, wage_sum=wage)]
        for k, year in enumerate(years):
            wage = (wage * factors[member.primary_sector][k]).quantize(D("0.01"))
            figures.append(YearFigures(year, wage_sum=wage))
        out.append(
            Member(
                member.id,
                member.name,
                sectors=member.sectors,
                figures=figures,
                spells=member.spells,
            )
        )
    return Registry(out)


PLAIN = DuesSchedule(BASE + 1, Rate.per_mille("2"))
RANDOM = Scenario(
    range(2013, 2016),
    PLAIN,
    change=Normal(-0.10, 0.05),
    sector_changes={"PSZ": LogNormal(-0.15, 0.1)},
    correlation=0.5,
    cancellation=0.05,
    merger=0.1,
    new_members=2,
)


# -- the deterministic path is the dues roll of the shocked registry --------------------------


def test_zero_variance_projection_equals_the_roll_of_the_shocked_registry() -> None:
    """Without randomness every run, and the deterministic path, is the roll of the shocked registry."""
    schedules = {
        2013: DuesSchedule(
            2013, Rate.per_mille("2", minimum="250", maximum="9000"), Basis(years_before=1)
        ),
        2014: DuesSchedule(
            2014, Rate.per_mille("2.2", minimum="250", maximum="9000"), Basis(years_before=1)
        ),
        2015: DuesSchedule(2015, Rate.per_mille("2.4", minimum="300")),  # basis: the year itself
    }
    scenario = Scenario(range(2013, 2016), schedules, change=-0.10, sector_changes={"MD": -0.15})
    base = registry()
    projection = project(base, scenario, runs=3, seed=1)
    # LW and PSZ: x 0,90 a year; MD: x 0,85 a year
    ninety, eighty_five = [D("0.90")] * 3, [D("0.85")] * 3
    expected = shocked(base, {"LW": ninety, "PSZ": ninety, "MD": eighty_five}, range(2013, 2016))
    for year, schedule in schedules.items():
        roll = schedule.roll(expected)
        summary = projection.year(year)
        assert summary.dues_deterministic == roll.total
        assert summary.dues_quantiles == ((0.1, roll.total), (0.5, roll.total), (0.9, roll.total))
        assert summary.dues_mean == roll.total
        assert dict(summary.sectors_deterministic) == roll.by_sector(expected)
        assert schedule.roll_columns(projection.columns(year)).total == roll.total
        assert summary.members_deterministic == len(base)


def test_deterministic_path_uses_central_values_and_no_events() -> None:
    """The deterministic path takes the mean, the medians and no cancellations, mergers or joins."""
    data = Empirical([-0.3, -0.2, -0.1, 0.5])  # median -0,15
    scenario = Scenario(
        range(2013, 2014),
        PLAIN,
        change=Normal(-0.10, 0.3),
        sector_changes={"MD": LogNormal(-0.2, 0.4), "PSZ": data},
        cancellation=0.5,
        merger=0.5,
        new_members=3,
    )
    base = registry()
    projection = project(base, scenario, runs=5, seed=3)
    factors = {"LW": [D("0.90")], "MD": [D("0.80")], "PSZ": [D("0.85")]}
    expected = PLAIN.roll(shocked(base, factors, range(2013, 2014))).total
    assert projection.year(2013).dues_deterministic == expected
    assert projection.year(2013).members_deterministic == len(base)


def test_a_uniform_ten_percent_fall_gives_ten_percent_less_dues() -> None:
    """On a plain rate without minimum or maximum, -10% wage sums give -10% dues, to a cent a member."""
    schedule = DuesSchedule(BASE, Rate.per_mille("2.075"))
    base = registry()
    before = schedule.roll(base).due_cents.sum()
    projection = project(base, Scenario(range(2013, 2014), schedule, change=-0.10), runs=2, seed=0)
    after = projection.dues_cents(2013)
    # each member's dues are rounded to the cent once before and once after: |error| <= 1 cent each
    assert np.all(np.abs(after * 10 - before * 9) <= 10 * len(base))


# -- randomness: ordered, reproducible, independent of chunks and workers ---------------------


def test_quantiles_are_ordered_and_within_the_runs() -> None:
    """Any list of quantile levels gives quantiles in the order of the levels, between min and max."""
    levels = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    projection = project(registry(), RANDOM, runs=60, seed=11, quantiles=levels)
    for year in projection.years:
        summary = projection.year(year)
        dues = [v for _q, v in summary.dues_quantiles]
        assert dues == sorted(dues)
        cents = projection.dues_cents(year)
        assert dues[0] * 100 == int(cents.min())
        assert dues[-1] * 100 == int(cents.max())
        assert [m for _q, m in summary.members_quantiles] == sorted(
            m for _q, m in summary.members_quantiles
        )
        wage = [v for _q, v in summary.wage_sum_quantiles]
        assert wage == sorted(wage)


def test_same_seed_same_result_whatever_the_chunking() -> None:
    """A seed fixes every run: chunk sizes change nothing, and a run does not depend on the run count."""
    base = registry()
    one = project(base, RANDOM, runs=40, seed=7, chunk_size=40)
    many = project(base, RANDOM, runs=40, seed=7, chunk_size=3)
    assert one == many
    fewer = project(base, RANDOM, runs=25, seed=7, chunk_size=11)
    assert np.array_equal(fewer.paths.dues_cents, one.paths.dues_cents[:25])
    other = project(base, RANDOM, runs=40, seed=8)
    assert not np.array_equal(other.paths.dues_cents, one.paths.dues_cents)


def test_a_seed_repeats_its_runs_from_version_to_version() -> None:
    """Seed 2013 gives the runs recorded before the engine was made faster (issue 17): no figure moved."""
    rate = Rate.per_mille("2", minimum="250", maximum="9000")
    schedules = {  # bases of last year, of two years before, and of the year itself
        2013: DuesSchedule(2013, rate, Basis(years_before=1)),
        2014: DuesSchedule(2014, rate, Basis(years_before=2)),
        2015: DuesSchedule(2015, Rate.per_mille("2.2", minimum="250", maximum="9000")),
    }
    scenario = Scenario(
        range(2013, 2016),
        schedules,
        change=Normal(-0.10, 0.05),
        sector_changes={"PSZ": LogNormal(-0.15, 0.1)},
        correlation=0.5,
        cancellation=0.05,
        merger=0.1,
        new_members=2,
    )
    projection = project(registry(), scenario, runs=4, seed=2013)
    # recorded, not computed by hand: a change here changes users' projections (say so in CHANGELOG)
    assert projection.paths.dues_cents.tolist() == [
        [1_395_000, 1_482_000, 1_428_254],
        [2_420_000, 3_024_000, 1_740_799],
        [1_685_000, 1_524_000, 1_541_869],
        [2_275_000, 2_700_000, 2_470_172],
    ]
    assert projection.paths.members.tolist() == [
        [13, 15, 16],
        [12, 14, 13],
        [12, 12, 14],
        [12, 13, 14],
    ]


SMALL = registry({"LW": ["100000", "250000", "700000"], "MD": ["50000", "1800000"]})
SMALL_SERIAL = {seed: project(SMALL, RANDOM, runs=9, seed=seed) for seed in (0, 1, 2**40)}


@settings(max_examples=25, deadline=None)
@given(seed=st.sampled_from(sorted(SMALL_SERIAL)), chunk=st.integers(1, 10))
def test_chunking_never_changes_the_result(seed: int, chunk: int) -> None:
    """Invariant: for every seed and chunk size, the projection equals the one-chunk projection."""
    assert project(SMALL, RANDOM, runs=9, seed=seed, chunk_size=chunk) == SMALL_SERIAL[seed]


@settings(max_examples=25, deadline=None)
@given(levels=st.lists(st.floats(0, 1), min_size=1, max_size=6).map(sorted))
def test_quantiles_follow_their_levels(levels: list[float]) -> None:
    """Invariant: for any sorted levels, dues, members and wage-sum quantiles are sorted too."""
    projection = project(SMALL, RANDOM, runs=9, seed=0, quantiles=levels)
    summary = projection.year(2015)
    for values in (summary.dues_quantiles, summary.members_quantiles, summary.wage_sum_quantiles):
        assert [v for _q, v in values] == sorted(v for _q, v in values)


def test_a_process_pool_gives_the_serial_result() -> None:
    """Chunks run in two worker processes give results identical to the serial run."""
    base = registry()
    serial = project(base, RANDOM, runs=30, seed=5)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = project(base, RANDOM, runs=30, seed=5, chunk_size=4, executor=pool)
    assert parallel == serial


def test_no_seed_picks_one_that_repeats_the_projection() -> None:
    """Without a seed the projection keeps the one it picked; passing it back repeats the result."""
    first = project(registry(), RANDOM, runs=10)
    assert project(registry(), RANDOM, runs=10, seed=first.seed) == first


# -- events -----------------------------------------------------------------------------------


def test_mergers_keep_the_combined_wage_sum() -> None:
    """A merger moves the wage sum to the successor: the total wage sum stays, members fall."""
    base = registry()
    scenario = Scenario(range(2013, 2015), PLAIN, merger=1.0)
    projection = project(base, scenario, runs=4, seed=2)
    total = sum(m.wage_sum(BASE) or 0 for m in base.members)
    first = projection.year(2013)
    # every sector pairs all its members: LW 5 -> 3, MD 3 -> 2, PSZ 4 -> 2; then 3 -> 2, 2 -> 1, 2 -> 1
    assert first.members_quantiles == ((0.1, 7), (0.5, 7), (0.9, 7))
    assert projection.year(2014).members_quantiles == ((0.1, 4), (0.5, 4), (0.9, 4))
    assert first.wage_sum_quantiles == ((0.1, total), (0.5, total), (0.9, total))
    # 2 promille of every sector's total wage sum, to the cent per (combined) member
    assert abs(projection.year(2014).dues_mean - total * D("0.002")) <= D("0.04")


def test_cancellation_of_everyone_leaves_no_dues() -> None:
    """With cancellation probability 1 every member leaves on 1 January: no members, no dues."""
    projection = project(registry(), Scenario(range(2013, 2014), PLAIN, cancellation=1), runs=3)
    summary = projection.year(2013)
    assert summary.dues_mean == 0
    assert summary.members_mean == 0


def test_new_members_join_with_sizes_of_the_registry() -> None:
    """New members add their count each year, with wage sums copied from the starting members."""
    one = registry({"LW": ["100000"]})
    projection = project(one, Scenario(range(2013, 2016), PLAIN, new_members=2), runs=5, seed=4)
    assert [projection.year(y).members_mean for y in projection.years] == [3, 5, 7]
    # every member has 100.000: 2 promille = 200 each
    assert projection.year(2015).dues_mean == D("1400.00")
    assert projection.year(2015).dues_deterministic == D("200.00")  # no joins on that path


def test_a_fall_beyond_minus_one_hundred_percent_clips_at_zero_and_says_so() -> None:
    """A factor below zero makes the wage sum zero, counted per member-year over all runs."""
    base = registry()
    projection = project(base, Scenario(range(2013, 2015), PLAIN, change=Constant(-1.5)), runs=3)
    assert projection.year(2013).clipped == 3 * len(base)
    assert projection.year(2013).wage_sum_mean == 0
    assert projection.year(2013).dues_mean == 0
    assert "clipped" in projection.table("en").to_text()


# -- budget questions -------------------------------------------------------------------------


def test_shortfall_probability_counts_runs_below_the_budget() -> None:
    """The probability of a shortfall is the share of runs strictly below the budget."""
    projection = project(registry(), RANDOM, runs=50, seed=9)
    cents = projection.dues_cents(2014)
    assert projection.shortfall_probability(2014, D(int(cents.max()) + 1) / 100) == 1.0
    assert projection.shortfall_probability(2014, D(int(cents.min())) / 100) == 0.0
    median = projection.year(2014).dues_quantiles[1][1]
    assert projection.shortfall_probability(2014, median) == np.mean(cents < int(median * 100))


def test_solve_rate_reaches_the_target_on_the_deterministic_path() -> None:
    """The solved factor brings the deterministic path's dues of that year to the target."""
    projection = project(registry(), Scenario(range(2013, 2015), PLAIN, change=-0.15), runs=2)
    target = D("30000")
    result = projection.solve_rate(2014, target)
    assert abs(result.gap) <= D("0.01") * len(registry())
    assert result.schedule.roll_columns(projection.columns(2014)).total == result.total
    # wage sums fell to 0,85^2 = 0,7225, so the rate must rise
    assert result.factor > 1


# -- rendering --------------------------------------------------------------------------------


def test_to_pandas_has_a_row_per_year() -> None:
    """to_pandas gives one row per projected year with quantile and sector columns."""
    frame = project(registry(), RANDOM, runs=20, seed=1).to_pandas()
    assert list(frame.index) == [2013, 2014, 2015]
    assert {"deterministic", "mean", "P10", "P50", "P90", "dues_LW", "clipped"} <= set(frame)


def test_plot_draws_a_fan_chart() -> None:
    """Plot draws the fan chart: the bands, the median, the mean and the path, in the default language."""
    plt = pytest.importorskip("matplotlib.pyplot")
    figure = project(registry(), RANDOM, runs=20, seed=1).plot(lang="en")
    (axes,) = figure.axes
    legend = axes.get_legend()
    assert legend is not None
    labels = {text.get_text() for text in legend.get_texts()}
    assert labels == {"P10-P90", "P50", "mean", "deterministic"}
    plt.close(figure)


def test_plot_without_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, plot raises MissingExtraError naming the 'plot' extra."""
    projection = project(registry(), RANDOM, runs=5, seed=1)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingExtraError, match="plot"):
        projection.plot()


def test_progress_bar_can_be_shown_or_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """progress=True shows a bar on stderr; without tqdm it names the 'progress' extra."""
    pytest.importorskip("tqdm")
    project(registry(), RANDOM, runs=6, seed=1, chunk_size=2, progress=True)
    assert "6/6" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(MissingExtraError, match="progress"):
        project(registry(), RANDOM, runs=6, seed=1, progress=True)


# -- scenario pieces --------------------------------------------------------------------------


def test_normal_cdf_matches_known_values() -> None:
    """The vectorized normal distribution function is within 1e-7 of tabulated values."""
    x = np.array([-3.0, -1.0, 0.0, 0.5, 1.6448536269514722, 3.0])
    expected = [
        0.0013498980316301,
        0.1586552539314571,
        0.5,
        0.6914624612740131,
        0.95,
        0.9986501019683699,
    ]
    assert np.allclose(normal_cdf(x), expected, atol=1e-7, rtol=0)


def test_empirical_changes_come_from_the_data() -> None:
    """Observed changes are read from the registry; drawn changes stay within the data's range."""
    history = Registry(
        [
            Member(
                "A",
                "Stichting A",
                sectors=("LW",),
                spells=(Membership(pendulum.date(2000, 1, 1)),),
                figures=(
                    YearFigures(2011, wage_sum=D("100000")),
                    YearFigures(2012, wage_sum=D("90000")),
                ),
            ),
            Member(
                "B",
                "Stichting B",
                sectors=("LW",),
                spells=(Membership(pendulum.date(2000, 1, 1)),),
                figures=(
                    YearFigures(2011, wage_sum=D("200000")),
                    YearFigures(2012, wage_sum=D("210000")),
                ),
            ),
        ]
    )
    data = Empirical.observed(history)
    assert data.data == pytest.approx((-0.1, 0.05))
    factors = data.factors(np.linspace(-4, 4, 101))
    assert factors.min() >= 0.9 - 1e-12
    assert factors.max() <= 1.05 + 1e-12


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: Scenario(range(2013, 2014), PLAIN, cancellation=1.5),
        lambda: Scenario(range(2013, 2014), PLAIN, merger=-0.1),
        lambda: Scenario(range(2013, 2014), PLAIN, correlation=2),
        lambda: Scenario(range(2013, 2014), PLAIN, new_members=-1),
        lambda: Scenario((2013, 2015), PLAIN),
        lambda: Scenario((), PLAIN),
        lambda: Scenario(range(2013, 2014), PLAIN, change="ten percent"),
        lambda: Scenario(range(2013, 2014), {2013: PLAIN, 2016: PLAIN}),
        lambda: Scenario(range(2013, 2015), {2013: PLAIN}),
        lambda: Scenario(range(2013, 2014), DuesSchedule(2013, Rate("10"), Basis("headcount"))),
        lambda: Scenario(
            range(2013, 2014), DuesSchedule(2013, Rate("0.002"), Basis(years_before=2))
        ),
        lambda: Normal(-0.1, -0.01),
        lambda: LogNormal(-0.1, -0.01),
        lambda: LogNormal(-1, 0.1),
        lambda: Empirical([]),
        lambda: Constant(float("nan")),
        lambda: project(registry(), RANDOM, runs=0),
        lambda: project(registry(), RANDOM, runs=5, chunk_size=0),
        lambda: project(registry(), RANDOM, runs=5, seed=-1),
        lambda: project(registry(), RANDOM, runs=5, quantiles=(0.5, 1.5)),
        lambda: project(
            registry(), Scenario(range(2013, 2014), PLAIN, sector_changes={"XX": -0.1})
        ),
        lambda: project(registry(), RANDOM, runs=5).year(2016),
        lambda: project(registry(), RANDOM, runs=5).shortfall_probability(2012, D("1000")),
        lambda: project(registry(), RANDOM, runs=5).solve_rate(2020, D("1000")),
    ],
)
def test_bad_input_raises_a_wmd_error(make: object) -> None:
    """Probabilities outside [0, 1], negative spreads, years outside the scenario, zero runs: WmdError."""
    with pytest.raises(WmdError):
        make()  # type: ignore[operator]


def test_bad_input_messages_name_the_field() -> None:
    """The error names the field, what was given and what was expected."""
    with pytest.raises(
        InvalidInputError, match=r"cancellation: expected a probability in \[0, 1\], got 1.5"
    ):
        Scenario(range(2013, 2014), PLAIN, cancellation=1.5)
    with pytest.raises(
        InvalidInputError, match="year: expected a projected year from 2013 to 2015"
    ):
        project(registry(), RANDOM, runs=2).year(2016)


def test_a_member_without_a_wage_sum_is_named() -> None:
    """A starting member without any wage sum up to the base year is named in a RuleError."""
    late = registry({"LW": ["100000"]}, year=2013)
    with pytest.raises(RuleError, match="LW0"):
        project(late, Scenario(range(2013, 2014), PLAIN), runs=1)


def test_projection_is_a_value() -> None:
    """A projection compares by value, so equal seeds give equal projections."""
    a = project(registry(), RANDOM, runs=4, seed=1)
    assert isinstance(a, Projection)
    assert a == project(registry(), RANDOM, runs=4, seed=1)


def test_projection_resolves_the_basis_by_the_schedules_own_rule() -> None:
    """A member with only a 2011 wage sum: the roll refuses it under missing=error, and so does project()."""
    # main: schedule.roll() raised, project() silently used the 2011 wage sum (1.000.000 x 0,9)
    old = registry({"LW": ["1000000"]}, year=2011)
    strict = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1))
    with pytest.raises(RuleError, match="LW0"):
        strict.roll(old)
    with pytest.raises(RuleError, match="wage_sum 2012 is not known"):
        project(old, Scenario(range(2013, 2014), strict, change=-0.10), runs=1)
    # with missing=last_known both take 2011's 1.000.000 as the 2012 basis: x 2 per mille = 2.000,00
    # (2013 dues rest on the base year 2012, which the projection does not shock)
    lenient = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1, missing="last_known"))
    assert lenient.roll(old).total == D("2000.00")
    projection = project(old, Scenario(range(2013, 2014), lenient, change=-0.10), runs=1)
    assert projection.year(2013).dues_deterministic == D("2000.00")


def test_projection_carries_a_new_year_merger_like_the_roll() -> None:
    """A member merged on 1 January of the first projected year is in its successor's basis."""
    a = Member(
        "A",
        "Stichting A",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("600000")),),
        spells=(Membership(pendulum.date(2000, 1, 1)),),
    )
    b = Member(
        "B",
        "Stichting B",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("400000")),),
        spells=(Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), "merger", "A"),),
    )
    merged = Registry((a, b))
    schedule = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1))
    projection = project(merged, Scenario(range(2013, 2014), schedule), runs=1)
    # no change: (600.000 + 400.000) x 2 per mille = 2.000,00, the roll's total
    assert projection.year(2013).dues_deterministic == schedule.roll(merged).total == D("2000.00")
    assert projection.start.member_ids == ("A",)


def test_projection_assesses_a_new_year_merger_separately_like_the_roll() -> None:
    """Under the separate rule the first projected year charges the merged member on its own, as the roll does."""
    a = Member(
        "A",
        "Stichting A",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("600000")),),
        spells=(Membership(pendulum.date(2009, 1, 1)),),
    )
    b = Member(
        "B",
        "Stichting B",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("400000")),),
        spells=(Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), "merger", "A"),),
    )
    merged = Registry((a, b))
    rate = Rate.per_mille("2", minimum="1000")
    schedules = {
        2013: DuesSchedule(2013, rate, Basis(years_before=1), merger_rule="separate"),
        2014: DuesSchedule(2014, rate, Basis(years_before=1), merger_rule="separate"),
    }
    projection = project(merged, Scenario(range(2013, 2015), schedules), runs=3, seed=1)
    # 2013: A 600.000 x 2 promille = 1.200; B 400.000 x 2 promille = 800 < 1.000 -> 1.000; 2.200
    roll_2013 = schedules[2013].roll(merged)
    assert roll_2013.total == D("2200.00") == projection.year(2013).dues_deterministic
    assert projection.year(2013).dues_quantiles[1][1] == D("2200.00")
    assert projection.year(2013).members_deterministic == 1  # B is assessed, not a member
    # 2014 on 2013: A's own figures hold B (1.000.000 unchanged) x 2 promille = 2.000
    assert projection.year(2014).dues_deterministic == D("2000.00")
    assert schedules[2014].roll_columns(projection.columns(2014)).total == D("2000.00")
    assert schedules[2013].roll_columns(projection.columns(2013)).payer_ids == ("A", "A")


def test_projection_takes_the_registry_as_known_on_its_first_new_year() -> None:
    """A merger later in the first projected year is not applied: both members start as members."""
    a = Member(
        "A",
        "Stichting A",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("600000")),),
        spells=(Membership(pendulum.date(2009, 1, 1)),),
    )
    b = Member(
        "B",
        "Stichting B",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=D("400000")),),
        spells=(Membership(pendulum.date(2009, 1, 1), pendulum.date(2013, 1, 2), "merger", "A"),),
    )
    schedule = DuesSchedule(2013, Fixed("100"), Basis(years_before=1))
    projection = project(Registry((a, b)), Scenario(range(2013, 2015), schedule), runs=1)
    # two members on 1 January 2013, each 100,00 a year; events after that day are simulated
    assert projection.year(2013).dues_deterministic == D("200.00")
    assert projection.start.member_ids == ("A", "B")
