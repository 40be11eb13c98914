"""How a membership ends: notice rules with the law's defaults (BW 2:35, 2:36).

Where an association's articles are silent, Dutch association law decides:

* **Cancellation** by the member (*opzegging door het lid*) and **termination** by
  the association (*opzegging door de vereniging*) take effect only at the end of
  the financial year, with four weeks' notice (BW 2:36 lid 1). A notice given too
  late takes effect at the end of the *next* year. :data:`BW_2_36` is that rule.
  The articles may set another notice period (:meth:`NoticeRule.weeks_before_year_end`),
  a fixed deadline ("in writing before 1 October", :meth:`NoticeRule.before`) or
  allow a membership to end on any day (``at_year_end=False``).
* **Expulsion** (*ontzetting*) ends the membership at once (BW 2:35).
* When a membership ends during a financial year, the whole year's dues stay due
  (BW 2:35 lid 5): :attr:`MembershipRules.dues_on_leaving` is ``"whole_year"``.
  This is the same value, and the same meaning, as the dues side's
  ``wmd.finance.Proration.leaving``, whose default is also ``"whole_year"``.

The financial year is the calendar year (:class:`wmd.periods.Year`). Periods are
half-open: :meth:`NoticeRule.effective_end` returns the **first day the
organisation is no longer a member**; a membership cancelled at the end of 2012
ends on ``2013-01-01`` and the organisation is still a member on 31 December 2012.

>>> import pendulum
>>> BW_2_36.effective_end(pendulum.date(2012, 11, 15))   # 15-11 + 4 weeks = 13-12 <= 1-1-2013
Date(2013, 1, 1)
>>> BW_2_36.effective_end(pendulum.date(2012, 12, 10))   # 10-12 + 4 weeks = 7-1-2013: too late
Date(2014, 1, 1)
>>> articles = NoticeRule.before(10, 1)                   # "in writing before 1 October"
>>> articles.effective_end(pendulum.date(2012, 9, 30)), articles.effective_end(pendulum.date(2012, 10, 1))
(Date(2013, 1, 1), Date(2014, 1, 1))

The operations that use these rules are methods of :class:`~wmd.members.Registry`:
``join``, ``cancel``, ``terminate``, ``expel`` and ``merge``; each returns a new
registry and the :class:`~wmd.members.MembershipEvent`.
"""

from __future__ import annotations

import calendar
from typing import Final, Literal

import attrs
import pendulum

from wmd.errors import InvalidInputError, RuleError
from wmd.periods import Date, to_date

__all__ = [
    "BW_2_35_EXPULSION",
    "BW_2_36",
    "BW_DEFAULTS",
    "DuesOnLeaving",
    "MembershipRules",
    "NoticeRule",
]

DuesOnLeaving = Literal["whole_year", "pro_rata"]
"""What a member owes for the year in which its membership ends.

``"whole_year"`` is BW 2:35 lid 5 (the whole year's dues stay due); ``"pro_rata"``
is what articles that say otherwise usually choose. The values are those of
``wmd.finance.Proration.leaving``.
"""


def _weeks(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            "weeks", given=value, expected="a whole number of weeks >= 0", where="notice rule"
        )
    return value


def _deadline(value: object) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 1 <= value[0] <= 12
        and 1 <= value[1] <= calendar.monthrange(2001, value[0])[1]
        and value != (1, 1)
    ):
        return (value[0], value[1])
    raise InvalidInputError(
        "deadline",
        given=value,
        expected="(month, day) of a day after 1 January, such as (10, 1) for 'before 1 October'",
        where="notice rule",
    )


@attrs.frozen
class NoticeRule:
    """How notice ends a membership (by the member or by the association).

    Attributes:
        weeks: the notice period: at least this many weeks between the notice and
            the first day no longer a member (BW 2:36 lid 1: four).
        deadline: ``(month, day)``: the notice must be given *before* this day of
            the year to take effect at the end of that year ("before 1 October"
            is ``(10, 1)``); ``None`` for no deadline.
        at_year_end: ``True`` (the law): the membership ends only at the end of a
            financial year; ``False``: the articles let it end on any day, once the
            notice period has passed.
        law: where the rule comes from, for explanations.

    >>> NoticeRule(weeks=13).effective_end(pendulum.date(2012, 10, 1))  # 1-10 + 13 weeks = 31-12
    Date(2013, 1, 1)
    >>> NoticeRule(weeks=4, at_year_end=False).effective_end(pendulum.date(2012, 5, 3))
    Date(2012, 5, 31)
    """

    weeks: int = attrs.field(default=4, converter=_weeks)
    deadline: tuple[int, int] | None = attrs.field(default=None, converter=_deadline)
    at_year_end: bool = attrs.field(default=True)
    law: str = attrs.field(default="BW 2:36 lid 1")

    @classmethod
    def before(cls, month: int, day: int, *, law: str = "articles") -> NoticeRule:
        """Notice in writing before ``day``-``month`` of a year, effective at that year's end.

        >>> NoticeRule.before(10, 1).effective_end(pendulum.date(2013, 2, 1))
        Date(2014, 1, 1)
        """
        return cls(weeks=0, deadline=(month, day), law=law)

    @classmethod
    def weeks_before_year_end(cls, weeks: int, *, law: str = "articles") -> NoticeRule:
        """Notice at least ``weeks`` weeks before the end of the financial year.

        >>> NoticeRule.weeks_before_year_end(8).effective_end(pendulum.date(2012, 11, 15))
        Date(2014, 1, 1)
        """
        return cls(weeks=weeks, law=law)

    def _in_time(self, notice: Date, end: Date) -> bool:
        """Whether a notice given on ``notice`` can end the membership on ``end``."""
        if notice.add(weeks=self.weeks) > end:
            return False
        if self.deadline is not None:
            month, day = self.deadline
            return notice < pendulum.date(end.year - 1, month, day)
        return True

    def effective_end(self, notice_date: Date) -> Date:
        """The earliest first day **no longer a member** for a notice given on ``notice_date``.

        With the law's rule that is 1 January after the year end the notice
        reaches in time: notice on 2012-11-15 gives ``2013-01-01`` (a member
        up to and including 31 December 2012); a notice given too late takes
        effect at the end of the next year.

        >>> BW_2_36.effective_end(pendulum.date(2012, 12, 4))   # 4-12 + 28 days = 1-1-2013
        Date(2013, 1, 1)
        >>> BW_2_36.effective_end(pendulum.date(2012, 12, 5))
        Date(2014, 1, 1)
        """
        notice = to_date(notice_date, field="notice_date")
        if not self.at_year_end:
            return notice.add(weeks=self.weeks)
        end = pendulum.date(notice.year + 1, 1, 1)
        while not self._in_time(notice, end):
            end = pendulum.date(end.year + 1, 1, 1)
        return end

    def end_for(self, notice_date: Date, end: Date | None = None, *, where: str = "") -> Date:
        """The end a notice gives: ``end`` when it is allowed, else the earliest end.

        Args:
            notice_date: the day the notice is given.
            end: the first day no longer a member that the notice asks for, or
                ``None`` for the earliest the rule allows.
            where: the member, for messages.

        Raises:
            RuleError: for an ``end`` before the earliest the rule allows, or an
                end during a financial year when the rule ends memberships only at
                a year end.

        >>> BW_2_36.end_for(pendulum.date(2012, 11, 15), pendulum.date(2012, 12, 1), where="member A")
        Traceback (most recent call last):
        ...
        wmd.errors.RuleError: member A: a membership ends only at the end of a financial year (BW 2:36 lid 1); the notice of 2012-11-15 cannot end it on 2012-12-01 (first day no longer a member); the earliest is 2013-01-01
        """
        earliest = self.effective_end(notice_date)
        if end is None:
            return earliest
        wanted = to_date(end, field="end")
        prefix = f"{where}: " if where else ""
        if self.at_year_end and (wanted.month, wanted.day) != (1, 1):
            raise RuleError(
                f"{prefix}a membership ends only at the end of a financial year ({self.law}); "
                f"the notice of {to_date(notice_date).isoformat()} cannot end it on "
                f"{wanted.isoformat()} (first day no longer a member); "
                f"the earliest is {earliest.isoformat()}"
            )
        if wanted < earliest:
            raise RuleError(
                f"{prefix}the notice of {to_date(notice_date).isoformat()} is too late to end the "
                f"membership on {wanted.isoformat()} ({self.law}); the earliest is "
                f"{earliest.isoformat()} (first day no longer a member)"
            )
        return wanted


BW_2_36: Final = NoticeRule()
"""The law's default notice rule: four weeks, effective at the end of the financial year."""

BW_2_35_EXPULSION: Final = NoticeRule(weeks=0, at_year_end=False, law="BW 2:35")
"""Expulsion (*ontzetting*): at once; the day of the decision is the first day no longer a member."""


@attrs.frozen
class MembershipRules:
    """What the articles say about ending a membership; the law where they are silent.

    Attributes:
        cancellation: notice by the member (BW 2:36 lid 1).
        termination: notice by the association (BW 2:36 lid 1).
        dues_on_leaving: what stays due for the year a membership ends in
            (BW 2:35 lid 5: ``"whole_year"``); the dues side's
            ``Proration.leaving`` means the same.

    >>> BW_DEFAULTS.cancellation == BW_2_36, BW_DEFAULTS.dues_on_leaving
    (True, 'whole_year')
    """

    cancellation: NoticeRule = BW_2_36
    termination: NoticeRule = BW_2_36
    dues_on_leaving: DuesOnLeaving = attrs.field(default="whole_year")

    @dues_on_leaving.validator
    def _check_leaving(self, _a: object, value: str) -> None:
        if value not in ("whole_year", "pro_rata"):
            raise InvalidInputError(
                "dues_on_leaving",
                given=value,
                expected="'whole_year' or 'pro_rata'",
                where="membership rules",
            )


BW_DEFAULTS: Final = MembershipRules()
"""The law's defaults: BW 2:36 lid 1 for both kinds of notice, BW 2:35 lid 5 for dues."""
