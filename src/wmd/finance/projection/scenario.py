"""Scenarios for dues projections: what may happen to members' wage sums and membership.

A :class:`Scenario` says, for the years to project:

* how each member's wage sum changes from one year to the next, per sector: a fixed
  rate (:class:`Constant`, or just a number) or a distribution (:class:`Normal`,
  :class:`LogNormal`, :class:`Empirical`, :class:`Uniform` for "10 to 15%");
* how strongly the changes of members of one sector move together (``correlation``);
* the yearly probabilities of a cancellation and of a merger, and how many new
  members join each year;
* the dues schedule of every year (it may change, for example a re-calibrated rate).

Every distribution is driven by one standard normal number per member and year,

    x = sqrt(correlation) * z_sector + sqrt(1 - correlation) * e_member,

where ``z_sector`` is shared by the members of a sector in that year and run and
``e_member`` is the member's own. Two members of one sector have latent numbers with
correlation ``correlation``. A distribution turns ``x`` into a change:

=======================  =============================================  =================
distribution             change for latent ``x``                        central value
=======================  =============================================  =================
:class:`Constant`        ``rate`` (``x`` is ignored)                    ``rate``
:class:`Normal`          ``mean + sd * x``                              ``mean``
:class:`LogNormal`       ``(1 + median) * exp(sigma * x) - 1``          ``median``
:class:`Uniform`         ``low + (high - low) * Phi(x)``                the midpoint
:class:`Empirical`       the data's quantile at ``Phi(x)``              the data's median
=======================  =============================================  =================

A distribution gives the *factor* ``1 + change`` by which a wage sum is multiplied.
The *central value* is the change at ``x = 0``; the deterministic path of a
projection uses it. A change below -100% would make a wage sum negative: the
projection clips it at zero and counts the clips.

>>> from wmd.finance import DuesSchedule, Rate
>>> from wmd.finance.scenario import Normal, Scenario
>>> scenario = Scenario(
...     years=range(2013, 2015),
...     schedule=DuesSchedule(2013, Rate.per_mille("2")),
...     change=Normal(-0.10, 0.03),
...     sector_changes={"PSZ": -0.15},
...     correlation=0.5,
...     cancellation=0.02,
... )
>>> scenario.years, scenario.base_year
((2013, 2014), 2012)
>>> scenario.change_for("PSZ"), scenario.change_for("LW").central
(Constant(rate=-0.15), -0.1)
>>> scenario.schedule_for(2014).year  # one schedule is used for every year
2014
>>> Normal(-0.1, -0.02)
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: Normal: sd: expected a spread >= 0, got -0.02
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError
from wmd.finance.dues import BasisKind, DuesSchedule
from wmd.members.registry import Registry
from wmd.periods import Year

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = [
    "Constant",
    "Empirical",
    "LogNormal",
    "Normal",
    "Scenario",
    "ScheduleSpec",
    "Uniform",
    "WageChange",
]

FloatArray: TypeAlias = "npt.NDArray[np.float64]"


def _finite(name: str, where: str, value: object) -> float:
    """A finite float from an int, float or Decimal (never a bool or text)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInputError(name, given=value, expected="a number", where=where)
    result = float(value)
    if not math.isfinite(result):
        raise InvalidInputError(name, given=value, expected="a finite number", where=where)
    return result


def _spread(name: str, where: str, value: object) -> float:
    result = _finite(name, where, value)
    if result < 0:
        raise InvalidInputError(name, given=value, expected="a spread >= 0", where=where)
    return result


def _probability(name: str, value: object) -> float:
    result = _finite(name, "scenario", value)
    if not 0 <= result <= 1:
        raise InvalidInputError(
            name, given=value, expected="a probability in [0, 1]", where="scenario"
        )
    return result


def _rate(value: object) -> float:
    return _finite("rate", "Constant", value)


def _mean(value: object) -> float:
    return _finite("mean", "Normal", value)


def _sd(value: object) -> float:
    return _spread("sd", "Normal", value)


def _median(value: object) -> float:
    return _finite("median", "LogNormal", value)


def _sigma(value: object) -> float:
    return _spread("sigma", "LogNormal", value)


def _correlation(value: object) -> float:
    return _probability("correlation", value)


def _cancellation(value: object) -> float:
    return _probability("cancellation", value)


def _merger(value: object) -> float:
    return _probability("merger", value)


@attrs.frozen
class Constant:
    """A fixed yearly change: ``Constant(-0.1)`` is a 10% fall every year, for every member."""

    rate: float = attrs.field(converter=_rate)

    @property
    def central(self) -> float:
        """The change itself."""
        return self.rate

    @property
    def random(self) -> bool:
        """A fixed rate has no spread."""
        return False

    def factors(self, latent: FloatArray) -> FloatArray:
        """``1 + rate`` for every element of ``latent``."""
        return np.full(latent.shape, 1 + self.rate)


@attrs.frozen
class Normal:
    """A normally distributed yearly change with ``mean`` and standard deviation ``sd``.

    A change below -1 (a wage sum below zero) is clipped by the projection.
    """

    mean: float = attrs.field(converter=_mean)
    sd: float = attrs.field(converter=_sd)

    @property
    def central(self) -> float:
        """The mean."""
        return self.mean

    @property
    def random(self) -> bool:
        """Whether there is a spread."""
        return self.sd > 0

    def factors(self, latent: FloatArray) -> FloatArray:
        """``(1 + mean) + sd * latent``."""
        result: FloatArray = (1 + self.mean) + self.sd * latent
        return result


@attrs.frozen
class LogNormal:
    """A change whose factor ``1 + change`` is lognormal: ``(1 + median) * exp(sigma * x)``.

    The factor never goes below zero, so a wage sum never needs clipping.
    ``median`` must be above -1.
    """

    median: float = attrs.field(converter=_median)
    sigma: float = attrs.field(converter=_sigma)

    @median.validator
    def _check_median(self, _a: object, value: float) -> None:
        if value <= -1:
            raise InvalidInputError(
                "median", given=value, expected="a change above -1", where="LogNormal"
            )

    @property
    def central(self) -> float:
        """The median change."""
        return self.median

    @property
    def random(self) -> bool:
        """Whether there is a spread."""
        return self.sigma > 0

    def factors(self, latent: FloatArray) -> FloatArray:
        """``(1 + median) * exp(sigma * latent)``."""
        result: FloatArray = (1 + self.median) * np.exp(self.sigma * latent)
        return result


def _sorted_changes(values: Iterable[object]) -> tuple[float, ...]:
    try:
        items = list(values)
    except TypeError:
        raise InvalidInputError(
            "changes", given=values, expected="a sequence of numbers", where="Empirical"
        ) from None
    if not items:
        raise InvalidInputError(
            "changes", given=items, expected="at least one observed change", where="Empirical"
        )
    return tuple(sorted(_finite("changes", "Empirical", v) for v in items))


# Abramowitz & Stegun 7.1.26: erf to within 1.5e-7, plenty for a copula over data.
_AS_P: Final = 0.3275911
_AS_A: Final = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def normal_cdf(x: FloatArray) -> FloatArray:
    """The standard normal distribution function, vectorized (absolute error below 1e-7).

    >>> normal_cdf(np.array([-1.0, 0.0, 1.96])).round(4).tolist()
    [0.1587, 0.5, 0.975]
    """
    z = np.abs(x) / math.sqrt(2)
    t = 1 / (1 + _AS_P * z)
    poly = t * (_AS_A[0] + t * (_AS_A[1] + t * (_AS_A[2] + t * (_AS_A[3] + t * _AS_A[4]))))
    erf = 1 - poly * np.exp(-z * z)
    result: FloatArray = 0.5 * (1 + np.sign(x) * erf)
    return result


@attrs.frozen
class Empirical:
    """Changes drawn from observed data (for example last years' wage-sum changes).

    The change for latent ``x`` is the data's quantile (linear between observations)
    at ``Phi(x)``: a Gaussian copula, so the scenario's correlation applies.

    >>> Empirical([0.02, -0.08, -0.03]).central  # the median
    -0.03
    """

    data: tuple[float, ...] = attrs.field(converter=_sorted_changes)

    @classmethod
    def observed(cls, registry: Registry, years: Iterable[int] | None = None) -> Empirical:
        """The year-on-year wage-sum changes of the registry's members (in ``years``, if given).

        A change from year ``y - 1`` to ``y`` counts when both wage sums are known and
        the first is above zero.

        Raises:
            InvalidInputError: when the registry has no such pair of wage sums.
        """
        wanted = None if years is None else set(years)
        found: list[float] = []
        for member in registry.members:
            for figures in member.figures:
                before = member.wage_sum(figures.year - 1)
                now = figures.wage_sum
                if wanted is not None and figures.year not in wanted:
                    continue
                if before is not None and now is not None and before > 0:
                    found.append(float(now / before - 1))
        return cls(found)

    @property
    def central(self) -> float:
        """The median of the data."""
        return float(np.median(self.data))

    @property
    def random(self) -> bool:
        """Whether the data vary."""
        return self.data[0] != self.data[-1]

    def factors(self, latent: FloatArray) -> FloatArray:
        """``1 +`` the data's quantile at ``Phi(latent)``."""
        data = 1 + np.asarray(self.data)
        position = normal_cdf(latent) * (len(data) - 1)
        result: FloatArray = np.interp(position, np.arange(len(data), dtype=np.float64), data)
        return result


def _low(value: object) -> float:
    return _finite("low", "Uniform", value)


def _high(value: object) -> float:
    return _finite("high", "Uniform", value)


@attrs.frozen
class Uniform:
    """A yearly change anywhere between ``low`` and ``high``, every value as likely.

    "Wage sums shrink 10 to 15% a year" is ``Uniform(-0.15, -0.10)``. The change for
    latent ``x`` is ``low + (high - low) * Phi(x)``, so the scenario's correlation
    applies; the central value is the midpoint.

    >>> Uniform(-0.15, -0.10).central
    -0.125
    >>> Uniform(-0.10, -0.15)
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: Uniform: high: expected a change >= low -0.1, got -0.15
    """

    low: float = attrs.field(converter=_low)
    high: float = attrs.field(converter=_high)

    @high.validator
    def _check_high(self, _a: object, value: float) -> None:
        if value < self.low:
            raise InvalidInputError(
                "high", given=value, expected=f"a change >= low {self.low}", where="Uniform"
            )

    @property
    def central(self) -> float:
        """The midpoint."""
        return (self.low + self.high) / 2

    @property
    def random(self) -> bool:
        """Whether the range has a width."""
        return self.high > self.low

    def factors(self, latent: FloatArray) -> FloatArray:
        """``1 + low + (high - low) * Phi(latent)``."""
        result: FloatArray = 1 + self.low + (self.high - self.low) * normal_cdf(latent)
        return result


WageChange: TypeAlias = Constant | Normal | LogNormal | Empirical | Uniform
"""A yearly wage-sum change: a fixed rate or a distribution."""

ScheduleSpec: TypeAlias = DuesSchedule | Mapping[int, DuesSchedule] | Callable[[int], DuesSchedule]
"""The dues schedule per year: one for every year, a mapping year -> schedule, or a function."""

_CHANGES: Final = (Constant, Normal, LogNormal, Empirical, Uniform)


def _to_change(value: object) -> WageChange:
    if isinstance(value, _CHANGES):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInputError(
            "change",
            given=value,
            expected="a rate (a number) or Constant, Normal, LogNormal, Empirical or Uniform",
            where="scenario",
        )
    return Constant(value)


def _to_sector_changes(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, WageChange], ...]:
    try:
        pairs = list(value.items() if isinstance(value, Mapping) else value)
        return tuple(sorted((str(code), _to_change(change)) for code, change in pairs))
    except (TypeError, ValueError):
        raise InvalidInputError(
            "sector_changes", given=value, expected="a mapping sector code -> change"
        ) from None


def _to_years(value: Iterable[int]) -> tuple[int, ...]:
    try:
        years = tuple(value)
    except TypeError:
        raise InvalidInputError(
            "years", given=value, expected="consecutive years, e.g. range(2013, 2015)"
        ) from None
    for year in years:
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidInputError("years", given=year, expected="whole years", where="scenario")
        Year(year)
    if not years or any(b != a + 1 for a, b in itertools.pairwise(years)):
        raise InvalidInputError(
            "years", given=years, expected="one or more consecutive years", where="scenario"
        )
    return years


def _check_new_members(_i: object, _a: object, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            "new_members", given=value, expected="a whole number >= 0", where="scenario"
        )


@attrs.frozen
class Scenario:
    """What may happen in the projected years (see the module docs).

    Events take effect on 1 January of a projected year, the day a cancellation with
    notice takes effect (BW 2:36):

    * each member cancels with probability ``cancellation`` and pays nothing from that
      year on;
    * each year the members of a sector are paired at random, and each pair merges
      with probability ``merger``: the member with the larger wage sum continues and
      carries the combined wage sum, including for earlier basis years (BW 2:34 lid 2;
      the outcome of :attr:`~wmd.finance.dues.MergerRule.COMBINED`, as the merger year
      starts with the merger);
    * ``new_members`` join, each a copy of the wage sum and sector of a member drawn
      at random from the registry at the start (its own size distribution), paying
      the whole year.

    Attributes:
        years: the years to project, consecutive; the base year is the year before.
        schedule: the dues schedule: one (re-dated to every year), a mapping
            year -> schedule, or a function of the year.
        change: the yearly wage-sum change of every sector not in ``sector_changes``
            (a number is a fixed rate: ``-0.1`` is a 10% fall).
        sector_changes: sector code -> yearly change, for sectors that differ.
        correlation: in [0, 1]: how strongly the changes of one sector's members move
            together (0: independent, 1: one shock for the whole sector).
        cancellation: yearly probability that a member cancels.
        merger: yearly probability that a pair of members of one sector merges.
        new_members: members joining each year.
    """

    years: tuple[int, ...] = attrs.field(converter=_to_years)
    schedule: ScheduleSpec = attrs.field(eq=False)
    change: WageChange = attrs.field(default=Constant(0), converter=_to_change)
    sector_changes: tuple[tuple[str, WageChange], ...] = attrs.field(
        factory=tuple, converter=_to_sector_changes
    )
    correlation: float = attrs.field(default=0.0, converter=_correlation)
    cancellation: float = attrs.field(default=0.0, converter=_cancellation)
    merger: float = attrs.field(default=0.0, converter=_merger)
    new_members: int = attrs.field(default=0, validator=_check_new_members)
    schedules: tuple[DuesSchedule, ...] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "schedules", tuple(self._resolve(y) for y in self.years))

    @property
    def base_year(self) -> int:
        """The year before the first projected year: the registry's last known year."""
        return self.years[0] - 1

    @property
    def random(self) -> bool:
        """Whether anything in the scenario is random."""
        return (
            any(c.random for c in (self.change, *(c for _s, c in self.sector_changes)))
            or self.cancellation > 0
            or self.merger > 0
            or self.new_members > 0
        )

    def index(self, year: int) -> int:
        """The position of ``year`` in :attr:`years`.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        if isinstance(year, bool) or not isinstance(year, int) or year not in self.years:
            raise InvalidInputError(
                "year",
                given=year,
                expected=f"a projected year from {self.years[0]} to {self.years[-1]}",
                where="scenario",
            )
        return self.years.index(year)

    def change_for(self, sector: str) -> WageChange:
        """The yearly change of a sector's members."""
        return dict(self.sector_changes).get(sector, self.change)

    def schedule_for(self, year: int) -> DuesSchedule:
        """The dues schedule of a projected year.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        return self.schedules[self.index(year)]

    def _resolve(self, year: int) -> DuesSchedule:
        spec: Any = self.schedule
        where = f"scenario, schedule for {year}"
        if isinstance(spec, DuesSchedule):
            schedule = attrs.evolve(spec, year=year)
        elif isinstance(spec, Mapping):
            extra = sorted(set(spec) - set(self.years), key=str)
            if extra:
                raise InvalidInputError(
                    "schedule",
                    given=extra,
                    expected=f"schedules only for the years {self.years[0]}-{self.years[-1]}",
                    where="scenario",
                )
            if year not in spec:
                raise InvalidInputError(
                    "schedule", given=sorted(spec), expected=f"a schedule for {year}", where=where
                )
            schedule = spec[year]
        elif callable(spec):
            schedule = spec(year)
        else:
            raise InvalidInputError(
                "schedule",
                given=spec,
                expected="a DuesSchedule, a mapping year -> schedule, or a function",
                where="scenario",
            )
        self._check_schedule(year, schedule, where)
        return schedule

    def _check_schedule(self, year: int, schedule: object, where: str) -> None:
        if not isinstance(schedule, DuesSchedule) or schedule.year != year:
            raise InvalidInputError(
                "schedule", given=schedule, expected=f"a DuesSchedule for {year}", where=where
            )
        if schedule.formula.uses_basis and schedule.basis.kind is not BasisKind.WAGE_SUM:
            raise InvalidInputError(
                "basis",
                given=schedule.basis.kind.value,
                expected="a wage-sum basis: a projection changes wage sums only",
                where=where,
            )
        basis_year = schedule.basis.year_for(year)
        if not self.base_year <= basis_year <= year:
            raise InvalidInputError(
                "basis",
                given=basis_year,
                expected=f"a basis year from the base year {self.base_year} to {year}",
                where=where,
            )
