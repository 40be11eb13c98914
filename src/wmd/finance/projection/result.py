"""The result of a projection: every run's dues per year, summaries, tables and the fan chart.

:class:`Projection` holds the runs' figures and the deterministic path;
:class:`ProjectedYear` summarises one year. :meth:`Projection.plot` draws the fan
chart of :mod:`wmd.finance.projection.chart`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.finance.dues import RollColumns, SolveResult, solve_rate
from wmd.finance.projection.scenario import Scenario
from wmd.i18n import format_amount, label
from wmd.money import CENTS, amount, from_cents, round_places
from wmd.periods import Year, days_between
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = ["ProjectedYear", "Projection"]

Int64Array: TypeAlias = "npt.NDArray[np.int64]"
_array_eq = attrs.cmp_using(eq=lambda a, b: np.array_equal(a, b))  # noqa: PLW0108 - numpy is read on first use, not at import


@attrs.frozen
class _Paths:
    """Per run and year: dues, dues per sector, members and wage sum; clips per year."""

    dues_cents: Int64Array = attrs.field(eq=_array_eq)
    sector_cents: Int64Array = attrs.field(eq=_array_eq)
    members: Int64Array = attrs.field(eq=_array_eq)
    wage_cents: Int64Array = attrs.field(eq=_array_eq)
    clipped: Int64Array = attrs.field(eq=_array_eq)

    @classmethod
    def join(cls, parts: Sequence[_Paths]) -> _Paths:
        return cls(
            np.concatenate([p.dues_cents for p in parts]),
            np.concatenate([p.sector_cents for p in parts]),
            np.concatenate([p.members for p in parts]),
            np.concatenate([p.wage_cents for p in parts]),
            np.sum([p.clipped for p in parts], axis=0, dtype=np.int64),
        )


def _mean(values: Int64Array) -> Fraction:
    return Fraction(int(values.sum()), len(values))


def _exact_quantiles(values: Int64Array, levels: Sequence[float]) -> list[int]:
    """Quantiles that are values of actual runs (the inverted distribution function)."""
    return [int(v) for v in np.quantile(values, levels, method="inverted_cdf")]


@attrs.frozen
class ProjectedYear:
    """One projected year: dues income, members and wage sum over the runs.

    Quantiles are the values of actual runs (the inverted distribution function),
    so dues quantiles are exact cents; means are rounded to the cent (members to
    two decimals).

    Attributes:
        year: the projected year.
        dues_mean: mean dues income.
        dues_quantiles: ``(level, dues)`` per requested quantile.
        dues_deterministic: dues on the deterministic path.
        members_mean: mean number of members.
        members_quantiles: ``(level, members)`` per quantile.
        members_deterministic: members on the deterministic path.
        wage_sum_mean: mean total wage sum of the members.
        wage_sum_quantiles: ``(level, wage sum)`` per quantile.
        wage_sum_deterministic: total wage sum on the deterministic path.
        sectors_mean: ``(sector code, mean dues)`` per sector (primary sector).
        sectors_deterministic: ``(sector code, dues)`` on the deterministic path.
        clipped: member-years over all runs whose wage sum was clipped at zero.
    """

    year: int
    dues_mean: Decimal
    dues_quantiles: tuple[tuple[float, Decimal], ...]
    dues_deterministic: Decimal
    members_mean: Decimal
    members_quantiles: tuple[tuple[float, int], ...]
    members_deterministic: int
    wage_sum_mean: Decimal
    wage_sum_quantiles: tuple[tuple[float, Decimal], ...]
    wage_sum_deterministic: Decimal
    sectors_mean: tuple[tuple[str, Decimal], ...]
    sectors_deterministic: tuple[tuple[str, Decimal], ...]
    clipped: int


def _quantile_label(level: float) -> str:
    return f"P{round_places(Decimal(repr(level * 100)), 1).normalize():f}"


@attrs.frozen
class Projection(Tabular):
    """The result of :func:`project`: every run's figures per year, and the deterministic path.

    Use :meth:`year` for one year's summary, :meth:`shortfall_probability` and
    :meth:`solve_rate` for budget questions, :meth:`table`, :meth:`to_pandas` and
    :meth:`plot` (a fan chart) to show it.

    Attributes:
        scenario: the scenario projected.
        seed: the seed; ``project(..., seed=projection.seed)`` repeats it exactly.
        quantiles: the quantile levels reported.
        sectors: the sector codes, in the registry's order.
        start: the starting members as kernel columns, bases of the base year
            (:func:`base_columns`).
        bases: the deterministic path's bases in cents, one row per projected year
            (the wage sums of that year's basis year), one column per starting member.
    """

    scenario: Scenario
    seed: int
    quantiles: tuple[float, ...]
    sectors: tuple[str, ...]
    paths: _Paths = attrs.field(repr=False)
    deterministic: _Paths = attrs.field(repr=False)
    start: RollColumns = attrs.field(repr=False)
    bases: Int64Array = attrs.field(repr=False, eq=_array_eq)

    @property
    def years(self) -> tuple[int, ...]:
        """The projected years."""
        return self.scenario.years

    @property
    def runs(self) -> int:
        """The number of runs."""
        return len(self.paths.dues_cents)

    def dues_cents(self, year: int) -> Int64Array:
        """Every run's dues income in ``year``, in cents (a copy).

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        return self.paths.dues_cents[:, self.scenario.index(year)].copy()

    def year(self, year: int) -> ProjectedYear:
        """The summary of one projected year.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        t = self.scenario.index(year)
        p, d, levels = self.paths, self.deterministic, self.quantiles
        dues, wage, members = p.dues_cents[:, t], p.wage_cents[:, t], p.members[:, t]
        return ProjectedYear(
            year=year,
            dues_mean=CENTS.round(_mean(dues) / 100),
            dues_quantiles=tuple(
                zip(levels, map(from_cents, _exact_quantiles(dues, levels)), strict=True)
            ),
            dues_deterministic=from_cents(int(d.dues_cents[0, t])),
            members_mean=round_places(Decimal(int(members.sum())) / len(members), 2),
            members_quantiles=tuple(zip(levels, _exact_quantiles(members, levels), strict=True)),
            members_deterministic=int(d.members[0, t]),
            wage_sum_mean=CENTS.round(_mean(wage) / 100),
            wage_sum_quantiles=tuple(
                zip(levels, map(from_cents, _exact_quantiles(wage, levels)), strict=True)
            ),
            wage_sum_deterministic=from_cents(int(d.wage_cents[0, t])),
            sectors_mean=tuple(
                (code, CENTS.round(_mean(p.sector_cents[:, t, k]) / 100))
                for k, code in enumerate(self.sectors)
            ),
            sectors_deterministic=tuple(
                (code, from_cents(int(d.sector_cents[0, t, k])))
                for k, code in enumerate(self.sectors)
            ),
            clipped=int(p.clipped[t]),
        )

    def shortfall_probability(self, year: int, budget: Decimal | int | str) -> float:
        """The share of runs whose dues income in ``year`` is below ``budget``.

        Raises:
            InvalidInputError: for a year outside the scenario or a budget that is not an amount.
        """
        t = self.scenario.index(year)
        cents = CENTS.round(amount(budget, field="budget")) * 100
        short = int(np.count_nonzero(self.paths.dues_cents[:, t] < int(cents)))
        return short / self.runs

    def columns(self, year: int) -> RollColumns:
        """The deterministic path of ``year`` as the kernel's columns: the shocked bases of its schedule's basis year.

        ``scenario.schedule_for(year).roll_columns(projection.columns(year))`` gives
        the deterministic dues of ``year`` to the cent.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        t = self.scenario.index(year)
        start = self.start
        keep = np.ones(len(start.member_ids), dtype=bool)
        if t > 0:  # a carried member was assessed in the first year only
            keep = np.array([p == m for m, p in zip(start.member_ids, start.payers, strict=True)])
        days = days_between(Year(year).start, Year(year + 1).start)
        columns = start.select(keep).with_basis(self.bases[t][keep])
        return attrs.evolve(columns, piece_b=np.full(int(keep.sum()), days, dtype=np.int64))

    def solve_rate(
        self, year: int, target: Decimal | int | str, *, rates_only: bool = True
    ) -> SolveResult:
        """The factor on ``year``'s schedule that brings the deterministic path's dues to ``target``.

        This is :func:`wmd.finance.dues.solve_rate` on :meth:`columns`: the rate
        needed if wage sums follow their central values and no member leaves, merges
        or joins. It ignores the spread of the runs: check the solved schedule's risk
        with a new projection and :meth:`shortfall_probability`.

        Raises:
            InvalidInputError: for a year outside the scenario.
            RuleError: when no factor reaches the target.
        """
        schedule = self.scenario.schedule_for(year)
        return solve_rate(
            schedule, self.columns(year), amount(target, field="target"), rates_only=rates_only
        )

    def table(self, lang: str | None = None) -> Table:
        """Per year: deterministic dues, mean, the quantiles and mean members."""
        levels = [_quantile_label(q) for q in self.quantiles]
        rows = []
        notes = []
        for year in self.years:
            summary = self.year(year)
            rows.append(
                (
                    str(year),
                    format_amount(summary.dues_deterministic, lang),
                    format_amount(summary.dues_mean, lang),
                    *(format_amount(v, lang) for _q, v in summary.dues_quantiles),
                    format_amount(summary.members_mean, lang),
                )
            )
            if summary.clipped:
                notes.append(
                    f"{year}: {summary.clipped} {label('wage sums clipped at zero', lang)}"
                )
        return Table(
            title=f"{label('projected dues', lang).capitalize()} ({self.runs} {label('runs', lang)})",
            columns=(
                label("year", lang),
                label("deterministic", lang),
                label("mean", lang),
                *levels,
                label("members", lang),
            ),
            rows=rows,
            footnotes=tuple(notes),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per projected year (index ``year``), Decimal money columns.

        Columns: ``deterministic``, ``mean``, one per quantile (``P10``, ``P50``, ...),
        ``members_mean``, ``members_deterministic``, ``wage_sum_mean``,
        ``wage_sum_deterministic``, ``clipped`` and ``dues_<sector>`` (mean dues per
        sector).
        """
        pd_mod = require_pandas()
        records = []
        for year in self.years:
            s = self.year(year)
            record: dict[str, object] = {
                "year": year,
                "deterministic": s.dues_deterministic,
                "mean": s.dues_mean,
            }
            record.update({_quantile_label(q): v for q, v in s.dues_quantiles})
            record.update(
                {
                    "members_mean": s.members_mean,
                    "members_deterministic": s.members_deterministic,
                    "wage_sum_mean": s.wage_sum_mean,
                    "wage_sum_deterministic": s.wage_sum_deterministic,
                    "clipped": s.clipped,
                }
            )
            record.update({f"dues_{code}": v for code, v in s.sectors_mean})
            records.append(record)
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records, index="year")
        return frame

    def plot(
        self,
        ax: Axes | None = None,
        *,
        lang: str | None = None,
        budget: Decimal | int | str | None = None,
        name: str | None = None,
    ) -> Figure:
        """Draw the fan chart (:func:`~wmd.finance.projection.chart.fan_chart`); returns the figure.

        The scenario in the title, the y axis in € from zero, every quantile band,
        the mean over the median, the deterministic path, and with ``budget`` the
        budget line and each year's chance of meeting it. ``lang=None`` is the
        current default language. Needs matplotlib (``pip install 'wmd[plot]'``).

        Raises:
            MissingExtraError: without matplotlib.
        """
        from wmd.finance.projection.chart import fan_chart  # noqa: PLC0415 - chart imports this

        return fan_chart(self, budget=budget, ax=ax, lang=lang, name=name)
