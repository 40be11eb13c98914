"""Scenarios estimated from the registry's own history, and a backtest of the fan.

:func:`estimate` reads, per sector and over the years asked for:

* the yearly wage-sum changes of members (``w_y / w_{y-1} - 1``, both known and the
  first above zero, as :meth:`~wmd.finance.projection.scenario.Empirical.observed`
  counts them): their number, mean and standard deviation;
* the yearly rates of cancellation, termination (with expulsion), merger and joining:
  events dated in year ``y`` (a cancellation at the end of 2012 ends on 1 January 2013,
  so it counts in 2013, the year it takes effect, as in a projection) per member on the
  last day of ``y - 1``.

:meth:`Estimate.scenario` turns the estimates into a :class:`Scenario`: a normal
change per sector with the estimated mean and spread, cancellation = cancellation +
termination rate, and merger = twice the merger rate (the projection pairs members,
and one of each merging pair stops), new members per year the mean of joins.

:func:`backtest` estimates on the years up to ``Y`` from a registry as it was known at
the end of ``Y``, projects ``Y + 1 ...``, and compares the fan with the dues the
registry shows for those years: the *coverage* is the share of years whose actual
dues fall between the outer quantiles.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.dues import DuesSchedule
from wmd.finance.projection.engine import project
from wmd.finance.projection.result import Projection
from wmd.finance.projection.scenario import Normal, Scenario
from wmd.i18n import format_amount, format_percent, label, resolve_lang
from wmd.members.member import Membership
from wmd.members.registry import EventKind, Registry
from wmd.periods import Year
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Backtest",
    "BacktestYear",
    "Estimate",
    "SectorEstimate",
    "as_known_at_end_of",
    "backtest",
    "estimate",
]


@attrs.frozen
class SectorEstimate:
    """What one sector's history shows (``sector`` ``"*"`` is all sectors together).

    Attributes:
        sector: the sector code.
        changes: the observed yearly wage-sum changes, sorted.
        mean_change: their mean (``nan`` without observations).
        sd_change: their standard deviation (0 for fewer than two).
        member_years: members on the last day before each year, summed over the years.
        cancellation: cancellations per member-year.
        termination: terminations and expulsions per member-year.
        merger: members merged away per member-year.
        joining: members joining per member-year.
        joins: members joining, over all years.
    """

    sector: str
    changes: tuple[float, ...]
    mean_change: float
    sd_change: float
    member_years: int
    cancellation: float
    termination: float
    merger: float
    joining: float
    joins: int


@attrs.frozen
class Estimate(Tabular):
    """The estimates of :func:`estimate`, per sector and for all sectors together."""

    years: tuple[int, ...]
    sectors: tuple[SectorEstimate, ...]
    overall: SectorEstimate

    def sector(self, code: str) -> SectorEstimate:
        """One sector's estimate.

        Raises:
            InvalidInputError: for a sector without members in those years.
        """
        for item in self.sectors:
            if item.sector == code:
                return item
        raise InvalidInputError(
            "sector", given=code, expected=f"one of {[s.sector for s in self.sectors]}"
        )

    def scenario(
        self, years: Iterable[int], schedule: DuesSchedule, *, correlation: float = 0.0
    ) -> Scenario:
        """A scenario of these estimates (see the module docs)."""
        overall = self.overall
        if not overall.changes:
            raise InvalidInputError(
                "history", given=self.years, expected="years with wage sums of two years in a row"
            )
        sector_changes = {
            s.sector: Normal(s.mean_change, s.sd_change) for s in self.sectors if s.changes
        }
        return Scenario(
            years,
            schedule,
            change=Normal(overall.mean_change, overall.sd_change),
            sector_changes=sector_changes,
            correlation=correlation,
            cancellation=min(1.0, overall.cancellation + overall.termination),
            merger=min(1.0, 2 * overall.merger),
            new_members=round(overall.joins / len(self.years)),
        )

    def table(self, lang: str | None = None) -> Table:
        """Per sector: observations, mean and spread of the changes, and the event rates."""
        lang = resolve_lang(lang)

        def pct(value: float) -> str:
            if math.isnan(value):
                return format_percent(None, lang)
            return format_percent(Decimal(repr(value)), lang)

        rows = [
            (
                item.sector if item.sector != "*" else label("total", lang),
                str(len(item.changes)),
                pct(item.mean_change),
                pct(item.sd_change),
                str(item.member_years),
                pct(item.cancellation),
                pct(item.termination),
                pct(item.merger),
                pct(item.joining),
            )
            for item in (*self.sectors, self.overall)
        ]
        return Table(
            title=f"{label('estimated from history', lang).capitalize()} "
            f"{self.years[0]}-{self.years[-1]}",
            columns=(
                label("sector", lang),
                label("changes", lang),
                label("mean", lang),
                "sd",
                label("member-years", lang),
                label("cancellations", lang),
                label("terminations", lang),
                label("mergers", lang),
                label("joins", lang),
            ),
            rows=rows,
            total_rows=frozenset({len(rows) - 1}),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per sector (index ``sector``, ``*`` for all): the fields but the changes."""
        pd_mod = require_pandas()
        records = [
            {
                f.name: getattr(s, f.name)
                for f in attrs.fields(SectorEstimate)
                if f.name != "changes"
            }
            | {"observations": len(s.changes)}
            for s in (*self.sectors, self.overall)
        ]
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records, index="sector")
        return frame


def _summary(
    code: str, changes: list[float], exposure: int, counts: dict[EventKind, int]
) -> SectorEstimate:
    def rate(*kinds: EventKind) -> float:
        return sum(counts.get(k, 0) for k in kinds) / exposure if exposure else math.nan

    return SectorEstimate(
        sector=code,
        changes=tuple(sorted(changes)),
        mean_change=statistics.fmean(changes) if changes else math.nan,
        sd_change=statistics.stdev(changes) if len(changes) > 1 else 0.0,
        member_years=exposure,
        cancellation=rate(EventKind.CANCELLED),
        termination=rate(EventKind.TERMINATED, EventKind.EXPELLED),
        merger=rate(EventKind.MERGED),
        joining=rate(EventKind.JOINED),
        joins=counts.get(EventKind.JOINED, 0),
    )


def estimate(registry: Registry, years: Iterable[int]) -> Estimate:
    """Per sector (a member's primary sector) and overall: wage-sum changes and event rates in ``years``.

    Raises:
        InvalidInputError: for no years.
    """
    chosen = tuple(sorted(set(years)))
    if not chosen:
        raise InvalidInputError("years", given=chosen, expected="one or more years")
    codes = [s.code for s in registry.sectors]
    changes: dict[str, list[float]] = {c: [] for c in codes}
    exposure = dict.fromkeys(codes, 0)
    counts: dict[str, dict[EventKind, int]] = {c: {} for c in codes}
    for year in chosen:
        eve = Year(year).start.subtract(days=1)
        for member in registry.members_on(eve):
            exposure[member.primary_sector] += 1
        for event in registry.changes(Year(year).period).events:
            sector = registry.member(event.member_id).primary_sector
            counts[sector][event.kind] = counts[sector].get(event.kind, 0) + 1
        for member in registry.members:
            before, now = member.wage_sum(year - 1), member.wage_sum(year)
            if before is not None and now is not None and before > 0:
                changes[member.primary_sector].append(float(now / before - 1))
    sectors = tuple(
        _summary(c, changes[c], exposure[c], counts[c]) for c in codes if exposure[c] or changes[c]
    )
    total: dict[EventKind, int] = {}
    for c in codes:
        for kind, n in counts[c].items():
            total[kind] = total.get(kind, 0) + n
    overall = _summary("*", [x for c in codes for x in changes[c]], sum(exposure.values()), total)
    return Estimate(chosen, sectors, overall)


def as_known_at_end_of(registry: Registry, year: int) -> Registry:
    """The registry as it was known on 31 December of ``year``: later figures, joins and ends unknown.

    Wage sums of later years are dropped; a spell starting on or after 1 January of the
    next year is dropped (a member with no spell left is dropped); an end on or after
    that day is not known, so the spell is open. A cancellation that takes effect on
    1 January of the next year is left to the projection, which draws that year's
    cancellations on its 1 January, as :func:`estimate` counts them.
    """
    cutoff = Year(year + 1).start
    kept = []
    for member in registry.members:
        spells = tuple(
            s if s.end is None or s.end < cutoff else Membership(s.start)
            for s in member.spells
            if s.start < cutoff
        )
        if not spells:
            continue
        figures = tuple(f for f in member.figures if f.year <= year)
        kept.append(attrs.evolve(member, spells=spells, figures=figures))
    return Registry(kept, sectors=registry.sectors)


@attrs.frozen
class BacktestYear:
    """One year of a backtest: the fan's outer quantiles, its median and what happened."""

    year: int
    actual: Decimal
    low: Decimal
    median: Decimal
    high: Decimal

    @property
    def inside(self) -> bool:
        """Whether the actual dues lie within the outer quantiles."""
        return self.low <= self.actual <= self.high


@attrs.frozen
class Backtest(Tabular):
    """The result of :func:`backtest`."""

    up_to: int
    estimate: Estimate
    projection: Projection = attrs.field(repr=False)
    years: tuple[BacktestYear, ...]

    @property
    def coverage(self) -> float:
        """The share of years whose actual dues lie within the fan's outer quantiles."""
        return sum(y.inside for y in self.years) / len(self.years)

    def table(self, lang: str | None = None) -> Table:
        """Per year: actual dues, the fan's quantiles and whether the actual lies inside."""
        lang = resolve_lang(lang)
        levels = self.projection.quantiles
        rows = [
            (
                str(y.year),
                format_amount(y.actual, lang),
                format_amount(y.low, lang),
                format_amount(y.median, lang),
                format_amount(y.high, lang),
                label("yes" if y.inside else "no", lang),
            )
            for y in self.years
        ]
        low, high = min(levels), max(levels)
        return Table(
            title=f"{label('backtest', lang).capitalize()}: {label('estimated from history', lang)} "
            f"{self.estimate.years[0]}-{self.up_to}, "
            f"{label('coverage', lang)} {format_percent(Decimal(repr(self.coverage)), lang)}",
            columns=(
                label("year", lang),
                label("actual", lang),
                f"P{round(low * 100)}",
                "P50",
                f"P{round(high * 100)}",
                label("inside", lang),
            ),
            rows=rows,
        )


def backtest(
    registry: Registry,
    schedules: Sequence[DuesSchedule],
    *,
    history: Iterable[int],
    runs: int = 1000,
    seed: int = 0,
    quantiles: tuple[float, float, float] = (0.1, 0.5, 0.9),
    correlation: float = 0.0,
) -> Backtest:
    """Estimate on ``history`` (years up to Y), project the schedules' years, compare with the registry.

    ``schedules`` are the schedules of the years after Y, consecutive; the actual dues
    of a year are its schedule's roll on the full registry.

    Raises:
        InvalidInputError: for no schedules, or history that does not end the year before.
    """
    if not schedules:
        raise InvalidInputError("schedules", given=schedules, expected="one or more schedules")
    years = [s.year for s in schedules]
    past = sorted(set(history))
    if not past or past[-1] != years[0] - 1:
        raise InvalidInputError("history", given=past, expected=f"years ending with {years[0] - 1}")
    known = as_known_at_end_of(registry, past[-1])
    found = estimate(known, past)
    by_year = {s.year: s for s in schedules}
    scenario = found.scenario(years, schedules[0], correlation=correlation)
    scenario = attrs.evolve(scenario, schedule=by_year)
    projection = project(known, scenario, runs=runs, seed=seed, quantiles=quantiles)
    rows = []
    for year in years:
        summary = projection.year(year)
        low, median, high = (v for _q, v in summary.dues_quantiles)
        actual = by_year[year].roll(registry).total
        rows.append(BacktestYear(year, actual, low, median, high))
    return Backtest(past[-1], found, projection, tuple(rows))
