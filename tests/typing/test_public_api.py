"""The public API used as a downstream app would, checked by mypy --strict (and run by pytest)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import assert_type

import pendulum

from wmd.errors import WmdError
from wmd.finance import Assessment, Basis, DuesRoll, DuesSchedule, Rate, SolveResult, solve_rate
from wmd.finance.dues import SettlementLine
from wmd.members import Member, Membership, Registry, YearFigures
from wmd.money import CENTS, allocate, amount
from wmd.periods import Date, Period, Year, parse_date


def test_public_api_types() -> None:
    """Return types of the main entry points are what the annotations promise."""
    assert_type(amount("1.234,50"), Decimal)
    assert_type(allocate(Decimal(10), [1, 2]), tuple[Decimal, ...])
    assert_type(CENTS.round(Fraction(1, 3)), Decimal)
    assert_type(parse_date("01-07-2012"), Date)
    assert_type(Year(2012).period, Period)
    member = Member(
        "M1",
        "Stichting",
        sectors=("LW",),
        figures=(YearFigures(2011, wage_sum=Decimal(100_000)),),
        spells=(Membership(pendulum.date(2000, 1, 1)),),
    )
    registry = Registry((member,))
    assert_type(registry.member("M1"), Member)
    assert_type(registry.count_on(pendulum.date(2012, 1, 1)), int)
    schedule = DuesSchedule(2012, Rate.per_mille("2"), Basis(years_before=1))
    assert_type(schedule.assess(member, registry), Assessment)
    roll = schedule.roll(registry)
    assert_type(roll, DuesRoll)
    assert_type(roll.total, Decimal)
    assert_type(solve_rate(schedule, registry, Decimal(300)), SolveResult)
    assert roll.total == Decimal("200.00")
    assert_type(roll.total_including_vat, Decimal)
    assert_type(roll.payer("M1"), str)
    assert_type(roll.settle(roll).line("M1"), SettlementLine)
    assert_type(solve_rate(schedule, schedule.columns(registry), Decimal(300)), SolveResult)
    assert issubclass(WmdError, Exception)


def test_published_api_types() -> None:
    """The report audit's entry points return the types a downstream app relies on."""
    from wmd.datasets import published_report_2012  # noqa: PLC0415 - kept local to this test
    from wmd.finance.statement import PublishedStatement as OldPath  # noqa: PLC0415
    from wmd.published.findings import Culprit, ReportFinding  # noqa: PLC0415
    from wmd.published.report import Report  # noqa: PLC0415
    from wmd.published.statement import PublishedStatement  # noqa: PLC0415

    report = published_report_2012()
    assert_type(report, Report)
    found = report.audit()
    assert_type(found, list[ReportFinding])
    culprit = found[0].culprit
    assert_type(culprit, Culprit | None)
    assert culprit is not None
    assert_type(culprit.needed, Fraction | None)
    assert OldPath is PublishedStatement
