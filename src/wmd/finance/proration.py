"""Proration: which part of a year's dues a member owes when it joins or leaves mid-year.

A member's time in the dues year is the part of its spells inside the year,
``[a, b)`` in days from 1 January. The spell's ``end`` is the first day it is no
longer a member, so a member that leaves on 1 July (``end = 1 July``) was a member
until 30 June.

Joining (:class:`Proration`, ``kind``):

* ``"whole_year"`` -- any day of membership makes the whole year due;
* ``"days"`` -- remaining days / days in the year;
* ``"months"`` -- remaining months / 12; the month of joining counts when the member
  joins on the 1st, or always when ``count_joining_period`` is set;
* ``"quarters"`` -- remaining quarters / 4, the same way;
* ``"thresholds"`` -- a table of dates with fractions: for example full dues before
  1 July and half from 1 July.

A ``cutoff`` (month, day) says that a member joining on or after it starts paying
the next year. Leaving (``leaving``): ``"whole_year"`` keeps the whole year due
(the legal default, BW 2:35 lid 5) or ``"pro_rata"`` charges the same unit up to
the last day of membership.

>>> import pendulum
>>> from fractions import Fraction
>>> from wmd.finance.proration import MonthDay, Proration, Threshold
>>> from wmd.members import Membership
>>> from wmd.periods import Year
>>> july = (Membership(pendulum.date(2012, 7, 15)),)
>>> Proration("months").fraction(july, Year(2012))  # August to December
Fraction(5, 12)
>>> Proration("months", count_joining_period=True).fraction(july, Year(2012))
Fraction(1, 2)
>>> Proration("days").fraction(july, Year(2012))  # 15 July to 31 December: 170 of 366 days
Fraction(85, 183)
>>> half = Proration("thresholds", thresholds=(Threshold(MonthDay(1, 1), "1"), Threshold(MonthDay(7, 1), "0.5")))
>>> half.fraction(july, Year(2012))
Fraction(1, 2)
>>> Proration("whole_year", cutoff=MonthDay(10, 1)).fraction((Membership(pendulum.date(2012, 10, 1)),), Year(2012))
Fraction(0, 1)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import attrs
import pendulum

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError
from wmd.members.lifecycle import BW_DEFAULTS, DuesOnLeaving
from wmd.members.member import Membership
from wmd.money import amount, as_fraction
from wmd.periods import Date, Year, days_between

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = ["Leaving", "MonthDay", "Proration", "ProrationKind", "Threshold", "coverage"]

ProrationKind = Literal["whole_year", "days", "months", "quarters", "thresholds"]
Leaving = DuesOnLeaving
"""What stays due for the year a membership ends in: the membership rule of
:mod:`wmd.members.lifecycle` (one definition; the default is the law's, BW 2:35 lid 5)."""
_KINDS: Final = ("whole_year", "days", "months", "quarters", "thresholds")
Int64Array: TypeAlias = "npt.NDArray[np.int64]"


@attrs.frozen(order=True)
class MonthDay:
    """A day of the year without the year (29 February is refused: it is not in every year).

    >>> MonthDay(7, 1).in_year(2013)
    Date(2013, 7, 1)
    """

    month: int = attrs.field()
    day: int = attrs.field()

    def __attrs_post_init__(self) -> None:
        try:
            pendulum.date(2001, self.month, self.day)
        except (ValueError, TypeError):
            raise InvalidInputError(
                "month/day",
                given=(self.month, self.day),
                expected="a day that exists in every year",
                where="MonthDay",
            ) from None

    def in_year(self, year: int) -> Date:
        """This day in ``year``."""
        return pendulum.date(year, self.month, self.day)


def _to_fraction_decimal(value: object) -> Decimal:
    return amount(value, field="fraction", notation="plain")


@attrs.frozen
class Threshold:
    """From ``start`` on (a joining date on or after it), the member owes ``fraction`` of the year."""

    start: MonthDay
    fraction: Decimal = attrs.field(converter=_to_fraction_decimal)

    @fraction.validator
    def _check(self, _a: object, value: Decimal) -> None:
        if not 0 <= value <= 1:
            raise InvalidInputError(
                "fraction", given=value, expected="a fraction in [0, 1]", where="threshold"
            )


def _thresholds(value: Iterable[Threshold]) -> tuple[Threshold, ...]:
    return tuple(value)


def coverage(spells: Iterable[Membership], year: Year) -> list[tuple[int, int]]:
    """The parts of the spells inside ``year`` as day offsets ``[a, b)`` from 1 January.

    >>> coverage((Membership(pendulum.date(2012, 7, 1), pendulum.date(2013, 3, 1), "cancellation"),), Year(2012))
    [(182, 366)]
    """
    out = []
    for spell in spells:
        part = spell.period.intersection(year.period)
        if part is not None and part.end is not None:
            out.append((days_between(year.start, part.start), days_between(year.start, part.end)))
    return out


def _period_starts(year: int, months_per_period: int) -> list[int]:
    """Day offsets of the starts of months or quarters, plus the end of the year."""
    start = pendulum.date(year, 1, 1)
    offsets = [
        days_between(start, pendulum.date(year, m, 1)) for m in range(1, 13, months_per_period)
    ]
    return [*offsets, days_between(start, pendulum.date(year + 1, 1, 1))]


@attrs.frozen
class Proration:
    """How joining and leaving mid-year change the dues owed (see the module docs)."""

    kind: ProrationKind = attrs.field(default="whole_year")
    count_joining_period: bool = False
    thresholds: tuple[Threshold, ...] = attrs.field(default=(), converter=_thresholds)
    cutoff: MonthDay | None = None
    leaving: Leaving = attrs.field(default=BW_DEFAULTS.dues_on_leaving)

    def __attrs_post_init__(self) -> None:
        where = "proration"
        if self.kind not in _KINDS:
            raise InvalidInputError(
                "kind", given=self.kind, expected=f"one of {list(_KINDS)}", where=where
            )
        if self.leaving not in ("whole_year", "pro_rata"):
            raise InvalidInputError(
                "leaving", given=self.leaving, expected="'whole_year' or 'pro_rata'", where=where
            )
        if self.cutoff is not None and self.cutoff == MonthDay(1, 1):
            raise InvalidInputError(
                "cutoff", given=self.cutoff, expected="a day after 1 January", where=where
            )
        if self.kind == "thresholds":
            self._check_thresholds()
        elif self.thresholds:
            raise InvalidInputError(
                "thresholds",
                given=self.thresholds,
                expected="none unless kind is 'thresholds'",
                where=where,
            )

    def _check_thresholds(self) -> None:
        where = "proration thresholds"
        if not self.thresholds or self.thresholds[0].start != MonthDay(1, 1):
            raise InvalidInputError(
                "thresholds",
                given=self.thresholds,
                expected="a first threshold on 1 January",
                where=where,
            )
        for before, after in zip(self.thresholds, self.thresholds[1:], strict=False):
            if after.start <= before.start:
                raise InvalidInputError(
                    "thresholds",
                    given=f"{before.start} then {after.start}",
                    expected="dates in increasing order",
                    where=where,
                )
            if after.fraction > before.fraction:
                raise InvalidInputError(
                    "thresholds",
                    given=f"{before.fraction} then {after.fraction}",
                    expected="fractions that do not grow for a later joining date",
                    where=where,
                )
        if self.leaving == "pro_rata":
            raise InvalidInputError(
                "leaving",
                given="pro_rata",
                expected="'whole_year': thresholds say nothing about leaving",
                where=where,
            )

    def denominator(self, year: int) -> int:
        """The denominator of every fraction this proration gives in ``year``."""
        if self.kind == "days":
            return days_between(pendulum.date(year, 1, 1), pendulum.date(year + 1, 1, 1))
        if self.kind == "months":
            return 12
        if self.kind == "quarters":
            return 4
        if self.kind == "thresholds":
            return math.lcm(*(as_fraction(t.fraction).denominator for t in self.thresholds))
        return 1

    def fraction(self, spells: Iterable[Membership], year: Year) -> Fraction:
        """The fraction of the year's dues owed for these spells (in ``[0, 1]``); the scalar rule."""
        den = self.denominator(year.year)
        total = sum(self.numerator(a, b, year.year) for a, b in coverage(spells, year))
        return Fraction(min(total, den), den)

    def numerator(self, a: int, b: int, year: int) -> int:
        """The scalar rule: numerator over :meth:`denominator` for one piece ``[a, b)`` of the year.

        ``a`` and ``b`` are day offsets from 1 January (see :func:`coverage`).

        >>> Proration("months").numerator(182, 366, 2012)  # 1 July to 31 December
        6
        """
        ndays = days_between(pendulum.date(year, 1, 1), pendulum.date(year + 1, 1, 1))
        if self.cutoff is not None and a >= days_between(
            pendulum.date(year, 1, 1), self.cutoff.in_year(year)
        ):
            return 0
        end = ndays if self.leaving == "whole_year" else b
        if self.kind == "whole_year":
            return 1
        if self.kind == "days":
            return end - a
        if self.kind == "thresholds":
            den = self.denominator(year)
            owed = self.thresholds[0].fraction
            for threshold in self.thresholds:
                if a >= days_between(pendulum.date(year, 1, 1), threshold.start.in_year(year)):
                    owed = threshold.fraction
            return int(as_fraction(owed) * den)
        starts = _period_starts(year, 1 if self.kind == "months" else 3)
        first = max(i for i, s in enumerate(starts[:-1]) if s <= a)
        if starts[first] != a and not self.count_joining_period:
            first += 1
        last = max(i for i, s in enumerate(starts[:-1]) if s <= end - 1)
        return max(0, last - first + 1)

    def numerators(self, a: Int64Array, b: Int64Array, year: int) -> Int64Array:
        """Vectorized twin of the scalar rule: numerators for pieces ``[a, b)`` of ``year``."""
        ndays = days_between(pendulum.date(year, 1, 1), pendulum.date(year + 1, 1, 1))
        end = np.full(a.shape, ndays, dtype=np.int64) if self.leaving == "whole_year" else b
        if self.kind == "whole_year":
            num = np.ones(a.shape, dtype=np.int64)
        elif self.kind == "days":
            num = end - a
        elif self.kind == "thresholds":
            den = self.denominator(year)
            offsets = np.array(
                [
                    days_between(pendulum.date(year, 1, 1), t.start.in_year(year))
                    for t in self.thresholds
                ],
                dtype=np.int64,
            )
            owed = np.array(
                [int(as_fraction(t.fraction) * den) for t in self.thresholds], dtype=np.int64
            )
            num = owed[np.searchsorted(offsets, a, side="right") - 1]
        else:
            starts = np.array(
                _period_starts(year, 1 if self.kind == "months" else 3)[:-1], dtype=np.int64
            )
            first = np.searchsorted(starts, a, side="right") - 1
            if not self.count_joining_period:
                first = first + (starts[first] != a)
            last = np.searchsorted(starts, end - 1, side="right") - 1
            num = np.maximum(last - first + 1, 0)
        if self.cutoff is not None:
            cut = days_between(pendulum.date(year, 1, 1), self.cutoff.in_year(year))
            num = np.where(a >= cut, 0, num)
        return num.astype(np.int64)
