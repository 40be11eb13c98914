"""Dates and periods: half-open ``[start, end)`` spans of pendulum dates.

A :class:`Period` contains ``start`` and every day up to, **not including**,
``end``. A membership that ends at the end of 2012 is ``Period(2012-…, 2013-01-01)``:
the member is a member on 31 December 2012 and no longer on 1 January 2013.
``end=None`` means open-ended.

>>> from wmd.periods import Period, Year, parse_date
>>> p = Period(parse_date("01-07-2012"), parse_date("2013-01-01"))
>>> p.days
184
>>> parse_date("2012-12-31") in p, parse_date("2013-01-01") in p
(True, False)
>>> Year(2012).period.days
366

Whole months and days between dates (the building blocks of proration):

>>> whole_months_between(parse_date("2012-07-01"), parse_date("2013-01-01"))
6
>>> whole_months_between(parse_date("2012-07-15"), parse_date("2013-01-01"))
5
"""

from __future__ import annotations

import re
from typing import Final

import attrs
import pendulum
from pendulum import Date

from wmd.errors import InvalidInputError

__all__ = [
    "Date",
    "Period",
    "Year",
    "days_between",
    "parse_date",
    "to_date",
    "whole_months_between",
]

_DUTCH_DATE: Final = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(text: str, *, field: str = "date", where: str = "") -> Date:
    """Parse an ISO date (``2012-07-01``) or a Dutch date (``1-7-2012``, ``01-07-2012``).

    Raises:
        InvalidInputError: for anything else, naming ``field`` and ``where``.

    >>> parse_date("1-7-2012")
    Date(2012, 7, 1)
    >>> parse_date("2012/07/01", field="start", where="member M1")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: member M1: start: expected a date as jjjj-mm-dd or dd-mm-jjjj, got '2012/07/01'
    """
    cleaned = text.strip() if isinstance(text, str) else text
    expected = "a date as jjjj-mm-dd or dd-mm-jjjj"
    if not isinstance(cleaned, str):
        raise InvalidInputError(field, given=text, expected=expected, where=where)
    try:
        if _ISO_DATE.fullmatch(cleaned):
            # the calendar checks the day (2013-02-30 raises); 40x faster than pendulum.parse
            return pendulum.date(int(cleaned[:4]), int(cleaned[5:7]), int(cleaned[8:]))
        match = _DUTCH_DATE.fullmatch(cleaned)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return pendulum.date(year, month, day)
    except ValueError:
        pass
    raise InvalidInputError(field, given=text, expected=expected, where=where)


def to_date(value: object, *, field: str = "date", where: str = "") -> Date:
    """Convert a ``datetime.date``, a pendulum ``Date`` or date text to a pendulum ``Date``.

    Datetimes are refused: a membership starts on a day, not at an instant.

    >>> import datetime
    >>> to_date(datetime.date(2012, 1, 1))
    Date(2012, 1, 1)
    """
    import datetime as dt  # noqa: PLC0415 - only for the isinstance checks below

    if isinstance(value, str):
        return parse_date(value, field=field, where=where)
    if isinstance(value, dt.datetime):
        raise InvalidInputError(field, given=value, expected="a date without a time", where=where)
    if isinstance(value, Date):
        return value
    if isinstance(value, dt.date):
        return pendulum.date(value.year, value.month, value.day)
    raise InvalidInputError(field, given=value, expected="a date", where=where)


def _start_date(value: object) -> Date:
    return to_date(value, field="start")


def _optional_date(value: object) -> Date | None:
    return None if value is None else to_date(value, field="end")


def days_between(start: Date, end: Date) -> int:
    """Whole days from ``start`` to ``end`` (negative when ``end`` is earlier).

    >>> days_between(pendulum.date(2012, 1, 1), pendulum.date(2012, 3, 1))
    60
    """
    # date ordinals, not ``end - start``: pendulum builds an Interval per subtraction,
    # which was a third of a dues roll's time (issue 17)
    return end.toordinal() - start.toordinal()


def whole_months_between(start: Date, end: Date) -> int:
    """Whole calendar months in ``[start, end)``, counting a month only when all of it lies inside.

    >>> whole_months_between(pendulum.date(2012, 1, 1), pendulum.date(2013, 1, 1))
    12
    >>> whole_months_between(pendulum.date(2012, 1, 2), pendulum.date(2012, 2, 1))
    0
    """
    if end <= start:
        return 0
    # the first whole month starts on the first 1st of a month from start on (integer
    # arithmetic: no date beyond 9999-12-31 is built)
    first = start.year * 12 + start.month - 1 + (start.day != 1)
    months = end.year * 12 + end.month - 1 - first
    return max(months, 0)


@attrs.frozen(order=False)
class Period:
    """A half-open span of days ``[start, end)``; ``end=None`` is open-ended.

    The last day inside the period is ``end - 1 day``.

    >>> Period(pendulum.date(2012, 3, 1), pendulum.date(2012, 1, 1))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: Period: end: expected a date after start 2012-03-01, got Date(2012, 1, 1)
    """

    start: Date = attrs.field(converter=_start_date)
    end: Date | None = attrs.field(default=None, converter=_optional_date)

    @end.validator
    def _check_end(self, _attribute: object, value: Date | None) -> None:
        if value is not None and value <= self.start:
            raise InvalidInputError(
                "end",
                given=value,
                expected=f"a date after start {self.start.isoformat()}",
                where="Period",
            )

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, Date):
            return False
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def days(self) -> int:
        """Number of days in the period.

        Raises:
            InvalidInputError: for an open-ended period.
        """
        if self.end is None:
            raise InvalidInputError(
                "end", given=None, expected="a closed period to count days", where="Period"
            )
        return days_between(self.start, self.end)

    @property
    def last_day(self) -> Date | None:
        """The last day inside the period (``end - 1 day``), or ``None`` when open-ended."""
        return None if self.end is None else self.end.subtract(days=1)

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day.

        >>> a = Period(pendulum.date(2012, 1, 1), pendulum.date(2013, 1, 1))
        >>> a.overlaps(Period(pendulum.date(2013, 1, 1)))
        False
        """
        starts_before_other_ends = other.end is None or self.start < other.end
        other_starts_before_end = self.end is None or other.start < self.end
        return starts_before_other_ends and other_starts_before_end

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None``."""
        if not self.overlaps(other):
            return None
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        return Period(start, min(ends) if ends else None)

    def __str__(self) -> str:
        end = "" if self.end is None else self.end.isoformat()
        return f"[{self.start.isoformat()}, {end})"


@attrs.frozen(order=True)
class Year:
    """A calendar year, the association's financial year.

    >>> Year(2012).start, Year(2012).end
    (Date(2012, 1, 1), Date(2013, 1, 1))
    >>> Year(2012).last_day
    Date(2012, 12, 31)
    """

    year: int = attrs.field()

    @year.validator
    def _check_year(self, _attribute: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            raise InvalidInputError(
                "year", given=value, expected="a year between 1900 and 2200", where="Year"
            )

    @property
    def start(self) -> Date:
        """1 January of the year."""
        return pendulum.date(self.year, 1, 1)

    @property
    def end(self) -> Date:
        """1 January of the next year (excluded)."""
        return pendulum.date(self.year + 1, 1, 1)

    @property
    def last_day(self) -> Date:
        """31 December of the year."""
        return pendulum.date(self.year, 12, 31)

    @property
    def period(self) -> Period:
        """The year as a :class:`Period`."""
        return Period(self.start, self.end)

    def __str__(self) -> str:
        return str(self.year)
