"""Day counting in wmd.periods: the fast ordinal form agrees with calendar subtraction."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from wmd.periods import days_between

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)).map(
    lambda d: pendulum.date(d.year, d.month, d.day)
)


@given(DAYS, DAYS)
def test_days_between_is_calendar_subtraction(start: pendulum.Date, end: pendulum.Date) -> None:
    """days_between equals pendulum's whole days of the interval, negative when end is earlier."""
    interval = (end - start).in_days() if end >= start else -(start - end).in_days()
    assert days_between(start, end) == interval


def test_days_between_across_a_leap_day() -> None:
    """2012 is a leap year: 1 January to 1 March is 31 + 29 = 60 days, and back is -60."""
    assert days_between(pendulum.date(2012, 1, 1), pendulum.date(2012, 3, 1)) == 60
    assert days_between(pendulum.date(2012, 3, 1), pendulum.date(2012, 1, 1)) == -60
