"""Calibration: the publishable rate at which dues meet a budget with a stated chance.

:func:`calibrate` answers the analyst's question "what rate do we need?" for every
projected year, twice:

* the rate for the *expected value*: the lowest rate at which the mean dues over the
  runs reach the budget;
* the rate for the *chance*: the lowest rate at which at least ``chance`` of the runs
  (for example 90%) reach the budget.

Both are on a publishable grid, multiples of ``step``, which the association
chooses: ``Decimal("0.00001")`` (0,01 per mille) for a :class:`~wmd.finance.formulas.Rate`
schedule, a step on the factor (``Decimal("0.001")``) for any other formula. For a rate
schedule only the rate moves (minimum and maximum stay); other formulas are scaled
with :meth:`~wmd.finance.dues.DuesSchedule.scaled` (``rates_only=True``). Such a
factor gives band amounts like 913,77; with ``amount_step`` (``"1"``: whole euros)
every amount of the scaled schedule is rounded up to a multiple of it
(:func:`round_amounts`) and the chance is that of the rounded schedule.

Every candidate rate is tried with a real projection on the same seed and runs: run
``i`` of every projection sees the same wage sums, cancellations and mergers (the
draws depend on the seed and the run only, never on the schedule), so the chance at
one rate and the chance one step lower are compared on identical runs. The search
starts from the linear guess (budget / dues quantile), then gallops and bisects on
the grid; a year's dues never fall as its rate grows.

>>> import pendulum
>>> from decimal import Decimal
>>> from wmd.finance import DuesSchedule, Rate
>>> from wmd.finance.projection.scenario import Normal, Scenario
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> registry = Registry(
...     Member(f"M{i}", f"Stichting {i}", sectors=("LW",),
...            figures=(YearFigures(2012, wage_sum=Decimal(wage)),),
...            spells=(Membership(pendulum.date(2000, 1, 1)),))
...     for i, wage in enumerate(["400000", "1000000", "2600000"]))
>>> scenario = Scenario(range(2013, 2015), DuesSchedule(2013, Rate.per_mille("2")),
...     change=Normal(-0.10, 0.05))
>>> result = calibrate(registry, scenario, budget="7200", chance=0.9, runs=200, seed=1)
>>> first = result.year(2013)
>>> first.expected, first.needed  # 7.200 / (4.000.000 x 0,9) = 2 per mille at the mean
(Decimal('0.00200'), Decimal('0.00211'))
>>> first.chance_needed >= 0.9 > first.chance_below
True
"""

from __future__ import annotations

import concurrent.futures
import math
from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError, RuleError
from wmd.finance.dues import DuesSchedule, lever, with_lever
from wmd.finance.formulas import Band, BandLookup, Fixed, Formula, MarginalBands, Rate, SumOf
from wmd.finance.projection.engine import project
from wmd.finance.projection.result import Projection
from wmd.finance.projection.scenario import Scenario
from wmd.i18n import format_amount, format_number, format_percent, label, resolve_lang
from wmd.members.registry import Registry
from wmd.money import CENTS, amount, from_cents, in_local_context
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = [
    "RATE_STEP",
    "CalibratedYear",
    "Calibration",
    "calibrate",
    "lever",
    "round_amounts",
    "with_lever",
]

Int64Array: TypeAlias = "npt.NDArray[np.int64]"

RATE_STEP = Decimal("0.00001")
"""The default publishable step of a rate: 0,01 per mille."""
FACTOR_STEP = Decimal("0.001")
"""The default step of a factor on a schedule that is not a single rate."""

_MAX_DOUBLINGS = 48
RATE_LIMIT = Decimal(1)
"""The highest rate calibration tries: 100% of the basis."""
FACTOR_LIMIT = Decimal(1000)
"""The highest factor calibration tries on a schedule that is not a single rate."""


def _steps_up(value: Decimal, step: Decimal) -> int:
    """The number of steps of the smallest multiple of ``step`` at or above ``value``."""
    return int((value / step).to_integral_value(rounding=ROUND_CEILING))


def _up(value: Decimal | None, step: Decimal) -> Decimal | None:
    return None if value is None else _steps_up(value, step) * step


def _round_formula(formula: Formula, step: Decimal) -> Formula:
    if isinstance(formula, Fixed):
        return Fixed(_steps_up(formula.amount, step) * step)
    if isinstance(formula, BandLookup):
        bands = tuple(Band(b.lower, _steps_up(b.amount, step) * step) for b in formula.bands)
        return BandLookup(bands, _up(formula.minimum, step), _up(formula.maximum, step))
    if isinstance(formula, Rate | MarginalBands):
        return attrs.evolve(
            formula, minimum=_up(formula.minimum, step), maximum=_up(formula.maximum, step)
        )
    if isinstance(formula, SumOf):
        return SumOf(
            tuple(_round_formula(p, step) for p in formula.parts),
            _up(formula.minimum, step),
            _up(formula.maximum, step),
        )
    raise InvalidInputError(
        "amount_step",
        given=type(formula).__name__,
        expected="a schedule of Fixed, Rate, BandLookup, MarginalBands and SumOf",
    )


@in_local_context
def round_amounts(schedule: DuesSchedule, step: Decimal) -> DuesSchedule:
    """The schedule with every amount rounded *up* to a multiple of ``step``; rates stay.

    Band amounts, fixed amounts, minimums and maximums are rounded; the rates of
    :class:`~wmd.finance.formulas.Rate` and :class:`~wmd.finance.formulas.MarginalBands`
    keep their decimals. Up, not half up: the rounded schedule never asks less than the
    one calibrated, and like the factor it rounds in the direction of meeting the budget;
    rounding up is monotone, so dues still never fall as the factor grows.

    >>> sched = DuesSchedule(2013, BandLookup((Band("0", "300.40"), Band("250000", "913.01"))))
    >>> [b.amount for b in round_amounts(sched, Decimal(1)).formula.bands]
    [Decimal('301'), Decimal('914')]
    """
    return attrs.evolve(schedule, formula=_round_formula(schedule.formula, step))


@attrs.frozen
class CalibratedYear:
    """One year's calibration: the rates for the expected value and for the chance, on the grid.

    Attributes:
        year: the projected year.
        budget: the dues budget of the year.
        unit: ``"rate"`` (the schedule's rate) or ``"factor"`` (on the schedule).
        expected: the lowest grid value whose mean dues reach the budget.
        needed: the lowest grid value at which at least ``chance`` of the runs reach it.
        chance: the chance asked for.
        chance_expected: the share of runs reaching the budget at ``expected``.
        chance_needed: the share of runs reaching the budget at ``needed`` (>= ``chance``).
        chance_below: the share one step below ``needed`` (< ``chance``).
        schedule: the year's schedule at ``needed``.
        dues_mean: mean dues at ``needed``.
        dues_quantiles: ``(level, dues)`` at ``needed``: values of actual runs.
    """

    year: int
    budget: Decimal
    unit: str
    expected: Decimal
    needed: Decimal
    chance: float
    chance_expected: float
    chance_needed: float
    chance_below: float
    schedule: DuesSchedule
    dues_mean: Decimal
    dues_quantiles: tuple[tuple[float, Decimal], ...]


@attrs.frozen
class Calibration(Tabular):
    """The result of :func:`calibrate`: per year the rates and the dues and chances at them.

    Attributes:
        scenario: the scenario calibrated (its schedules are the starting point).
        calibrated: the scenario with every year's schedule at its ``needed`` rate;
            ``project(registry, calibration.calibrated, runs=..., seed=...)`` shows it.
        step: the grid step.
        runs: runs per projection.
        seed: the seed of every projection.
        years: one :class:`CalibratedYear` per projected year.
        projection: the projection at the starting schedules.
    """

    scenario: Scenario
    calibrated: Scenario
    step: Decimal
    runs: int
    seed: int
    years: tuple[CalibratedYear, ...]
    projection: Projection = attrs.field(repr=False)

    def year(self, year: int) -> CalibratedYear:
        """The calibration of one year.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        return self.years[self.scenario.index(year)]

    def table(self, lang: str | None = None) -> Table:
        """Per year: budget, dues now and their chance, the rate for the mean and for the chance."""
        lang = resolve_lang(lang)

        def show(value: Decimal, unit: str) -> str:
            if unit != "rate":
                return str(value)
            exponent = self.step.scaleb(3).normalize().as_tuple().exponent
            places = max(0, -exponent) if isinstance(exponent, int) else 0
            return format_number(value.scaleb(3), lang, min_decimals=places) + "‰"

        rows = []
        base = self.projection
        for y in self.years:
            now = base.year(y.year)
            rows.append(
                (
                    str(y.year),
                    format_amount(y.budget, lang),
                    format_amount(now.dues_mean, lang),
                    format_percent(Decimal(1 - base.shortfall_probability(y.year, y.budget)), lang),
                    show(y.expected, y.unit),
                    format_percent(Decimal(y.chance_expected), lang),
                    show(y.needed, y.unit),
                    format_amount(y.dues_mean, lang),
                    format_percent(Decimal(y.chance_needed), lang),
                )
            )
        chance = format_percent(Decimal(self.years[0].chance), lang, decimals=0)
        unit = label(self.years[0].unit, lang)
        return Table(
            title=(
                f"{label('calibrated', lang).capitalize()} {unit}: "
                f"{label('chance of meeting the budget', lang)} >= {chance} "
                f"({self.runs} {label('runs', lang)})"
            ),
            columns=(
                label("year", lang),
                label("budget", lang),
                f"{label('mean', lang)} {label('now', lang)}",
                f"{label('chance', lang)} {label('now', lang)}",
                f"{unit} {label('for the mean', lang)}",
                label("chance", lang),
                f"{unit} {label('for', lang)} {chance}",
                label("mean", lang),
                label("chance", lang),
            ),
            rows=rows,
            footnotes=(label("the chance is the share of runs whose dues reach the budget", lang),),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per year (index ``year``): the fields of :class:`CalibratedYear` but the schedule."""
        pd_mod = require_pandas()
        records = []
        for y in self.years:
            record: dict[str, object] = {
                field.name: getattr(y, field.name)
                for field in attrs.fields(CalibratedYear)
                if field.name not in ("schedule", "dues_quantiles")
            }
            record.update({f"P{round(q * 100):g}": v for q, v in y.dues_quantiles})
            records.append(record)
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records, index="year")
        return frame


def _budgets(budget: object, years: tuple[int, ...]) -> dict[int, Decimal]:
    if isinstance(budget, Mapping):
        missing = sorted(set(years) - set(budget))
        if missing:
            raise InvalidInputError(
                "budget", given=sorted(budget), expected=f"a budget for every year, also {missing}"
            )
        return {y: CENTS.round(amount(budget[y], field="budget")) for y in years}
    value = CENTS.round(amount(budget, field="budget"))
    return dict.fromkeys(years, value)


def _check_chance(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInputError("chance", given=value, expected="a probability in (0, 1]")
    result = float(value)
    if not 0 < result <= 1:
        raise InvalidInputError("chance", given=value, expected="a probability in (0, 1]")
    return result


def _search(
    guesses: dict[int, int],
    passes: Callable[[dict[int, int]], dict[int, bool]],
    limit: int,
    where: str,
) -> dict[int, int]:
    """Per year the smallest grid index that passes, all years searched together.

    Starts at the guess, gallops (1, 2, 4, ... steps) to a bracket, then bisects;
    ``passes`` evaluates one index per year in one projection. No index above ``limit``.
    """
    low: dict[int, int | None] = dict.fromkeys(guesses)  # largest index known to fail
    high: dict[int, int | None] = dict.fromkeys(guesses)  # smallest index known to pass
    width = dict.fromkeys(guesses, 1)
    trial = {y: min(g, limit) for y, g in guesses.items()}
    for _ in range(4 * _MAX_DOUBLINGS):
        results = passes(trial)
        for year, ok in results.items():
            if ok:
                high[year] = trial[year]
            else:
                low[year] = trial[year]
        if all(h is not None and (h == 0 or low[y] == h - 1) for y, h in high.items()):
            return {y: h for y, h in high.items() if h is not None}
        for year in guesses:
            lo, hi = low[year], high[year]
            if hi is not None and (hi == 0 or lo == hi - 1):
                trial[year] = hi
            elif hi is None:
                assert lo is not None  # noqa: S101 - one of them was just set
                if lo >= limit:
                    raise RuleError(f"{where} {year}: no rate up to the limit reaches the budget")
                trial[year] = min(limit, lo + width[year])
                width[year] *= 2
            elif lo is None:
                trial[year] = max(0, hi - width[year])
                width[year] *= 2
            else:
                trial[year] = (lo + hi) // 2
    raise RuleError(f"{where}: the search did not settle")  # pragma: no cover - bounded above


@in_local_context
def calibrate(  # noqa: C901 - two searches; the projection's keywords
    registry: Registry,
    scenario: Scenario,
    budget: Decimal | int | str | Mapping[int, Decimal | int | str],
    *,
    chance: float = 0.9,
    step: Decimal | str | None = None,
    amount_step: Decimal | str | None = None,
    runs: int = 1000,
    seed: int = 0,
    quantiles: tuple[float, ...] = (0.1, 0.5, 0.9),
    chunk_size: int = 100,
    executor: concurrent.futures.Executor | None = None,
) -> Calibration:
    """The rate (on a grid of ``step``) that meets ``budget`` with probability ``chance``, per year.

    Args:
        registry: the members, as for :func:`~wmd.finance.projection.engine.project`.
        scenario: the scenario; its schedules are the starting point.
        budget: the dues budget: one amount for every year, or a mapping year -> amount.
        chance: the probability of meeting the budget, in (0, 1].
        step: the publishable step: of the rate for a rate schedule (default
            0,01 per mille), else of the factor (default 0,001).
        amount_step: for a schedule that is not a single rate: every amount of the
            scaled schedule is rounded up to a multiple of it (``"1"``: whole euros;
            see :func:`round_amounts`); each candidate is judged, and every chance and
            amount reported, at the rounded schedule. ``None``: amounts to the cent.
        runs: runs per projection (every projection uses the same runs).
        seed: the seed of every projection.
        quantiles: the dues quantiles reported at the needed rate.
        chunk_size: as for :func:`~wmd.finance.projection.engine.project`.
        executor: as for :func:`~wmd.finance.projection.engine.project`.

    Raises:
        InvalidInputError: for a bad budget, chance, step or amount step (also an amount
            step for a rate schedule: its step is on the rate), and as ``project``.
        RuleError: when no rate up to 100% (no factor up to 1000) reaches the budget, for
            example when every member pays its maximum.
    """
    wanted = _check_chance(chance)
    budgets = _budgets(budget, scenario.years)
    unit, _value = lever(scenario.schedules[0])
    grid = Decimal(step) if step is not None else (RATE_STEP if unit == "rate" else FACTOR_STEP)
    if not grid.is_finite() or grid <= 0:
        raise InvalidInputError("step", given=step, expected="a step above zero")
    rounding = Decimal(amount_step) if amount_step is not None else None
    if rounding is not None and (unit == "rate" or not rounding.is_finite() or rounding <= 0):
        raise InvalidInputError(
            "amount_step",
            given=amount_step,
            expected="a step above zero, for a schedule that is not a single rate",
        )

    def schedule_at(year: int, index: int) -> DuesSchedule:
        scaled = with_lever(scenario.schedule_for(year), index * grid)
        return scaled if rounding is None else round_amounts(scaled, rounding)

    budget_cents = {y: int(b * 100) for y, b in budgets.items()}
    dues: dict[tuple[int, int], Int64Array] = {}

    def run(schedules: Mapping[int, DuesSchedule]) -> Projection:
        changed = attrs.evolve(scenario, schedule=dict(schedules))
        return project(
            registry,
            changed,
            runs=runs,
            seed=seed,
            quantiles=quantiles,
            chunk_size=chunk_size,
            executor=executor,
        )

    def at(index: dict[int, int]) -> dict[int, Int64Array]:
        todo = {y: k for y, k in index.items() if (y, k) not in dues}
        if todo:
            schedules = {y: schedule_at(y, index.get(y, 0)) for y in scenario.years}
            projection = run(schedules)
            for y, k in todo.items():
                dues[y, k] = projection.dues_cents(y)
        return {y: dues[y, k] for y, k in index.items()}

    base = run({y: scenario.schedule_for(y) for y in scenario.years})
    guess_mean: dict[int, int] = {}
    guess_chance: dict[int, int] = {}
    for y in scenario.years:
        _unit, value = lever(scenario.schedule_for(y))
        cents = base.dues_cents(y)
        mean = Fraction(int(cents.sum()), len(cents))
        low = int(np.quantile(cents, 1 - wanted, method="inverted_cdf"))
        goal = budget_cents[y]
        guess_mean[y] = _guess(value, goal, mean, grid)
        guess_chance[y] = _guess(value, goal, Fraction(low), grid)

    def mean_passes(index: dict[int, int]) -> dict[int, bool]:
        return {y: Fraction(int(v.sum()), len(v)) >= budget_cents[y] for y, v in at(index).items()}

    def share(values: Int64Array, goal: int) -> float:
        return int(np.count_nonzero(values >= goal)) / len(values)

    def chance_passes(index: dict[int, int]) -> dict[int, bool]:
        return {y: share(v, budget_cents[y]) >= wanted for y, v in at(index).items()}

    limit = int((RATE_LIMIT if unit == "rate" else FACTOR_LIMIT) / grid)
    expected = _search(guess_mean, mean_passes, limit, "calibrate")
    needed = _search(guess_chance, chance_passes, limit, "calibrate")
    below = at({y: max(0, k - 1) for y, k in needed.items()})
    at_needed = at(needed)
    at_expected = at(expected)
    years = []
    for y in scenario.years:
        values = at_needed[y]
        goal = budget_cents[y]
        levels = [int(v) for v in np.quantile(values, quantiles, method="inverted_cdf")]
        years.append(
            CalibratedYear(
                year=y,
                budget=budgets[y],
                unit=unit,
                expected=(expected[y] * grid).quantize(grid),
                needed=(needed[y] * grid).quantize(grid),
                chance=wanted,
                chance_expected=share(at_expected[y], goal),
                chance_needed=share(values, goal),
                chance_below=share(below[y], goal) if needed[y] > 0 else math.nan,
                schedule=schedule_at(y, needed[y]),
                dues_mean=CENTS.round(Fraction(int(values.sum()), len(values)) / 100),
                dues_quantiles=tuple(zip(quantiles, map(from_cents, levels), strict=True)),
            )
        )
    calibrated = attrs.evolve(scenario, schedule={c.year: c.schedule for c in years})
    return Calibration(
        scenario=scenario,
        calibrated=calibrated,
        step=grid,
        runs=runs,
        seed=seed,
        years=tuple(years),
        projection=base,
    )


@in_local_context
def _guess(value: Decimal, goal: int, reached: Fraction, grid: Decimal) -> int:
    """The grid index of ``value x goal / reached``: where a linear schedule would meet the goal."""
    if reached <= 0:
        return max(1, _steps_up(value, grid))
    wanted = Fraction(value) * goal / reached
    return max(0, _steps_up(Decimal(wanted.numerator) / Decimal(wanted.denominator), grid))
