"""Dues history: each year's dues from that year's schedule, and the reason for every change."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

from wmd.datasets import sample_registry, sample_schedule
from wmd.errors import InvalidInputError
from wmd.finance import DuesSchedule, Proration, Rate
from wmd.finance.dues import Basis
from wmd.finance.history import dues_history
from wmd.members import EndReason, Member, Membership, Registry, YearFigures

D = Decimal


def registry() -> Registry:
    """A joins on 1-7-2011; B merges into A on 1-1-2013; both with wage sums 2010-2012."""
    figures = tuple(YearFigures(y, wage_sum=D("1000000")) for y in (2010, 2011, 2012))
    a = Member("A", "Stichting A", sectors=("LW",), figures=figures,
               spells=(Membership(pendulum.date(2011, 7, 1)),))  # fmt: skip
    b = Member(
        "B", "Stichting B", sectors=("LW",),
        figures=tuple(YearFigures(y, wage_sum=D("500000")) for y in (2010, 2011, 2012)),
        spells=(Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1),
                           EndReason.MERGER, successor="A"),),
    )  # fmt: skip
    return Registry([a, b])


def schedules() -> list[DuesSchedule]:
    """2 per mille in 2011-2012, 2,5 per mille in 2013, basis the year before."""
    return [
        attrs_year(2011, "2"), attrs_year(2012, "2"), attrs_year(2013, "2.5"),
    ]  # fmt: skip


def attrs_year(year: int, per_mille: str) -> DuesSchedule:
    """A rate schedule of ``year`` on the previous year's wage sum, prorated by whole months."""
    return DuesSchedule(
        year, Rate.per_mille(per_mille), Basis(years_before=1), Proration(kind="months")
    )


def test_history_names_proration_rate_merger_and_leaving() -> None:
    """A: half of 2011, whole 2012, 2013 on both wage sums at a new rate; B leaves by merger."""
    history = dues_history(registry(), schedules())
    a = {line.year: line for line in history.member("A")}
    # 2011: 1.000.000 x 2 per mille = 2.000, months Jul-Dec = 6/12 -> 1.000
    assert a[2011].due == D("1000.00")
    assert a[2011].reasons == ()
    # 2012: the whole year: 2.000; only the part of the year changed
    assert (a[2012].due, a[2012].reasons) == (D("2000.00"), ("proration",))
    # 2013: (1.000.000 + 500.000) x 2,5 per mille = 3.750
    assert a[2013].due == D("3750.00")
    assert a[2013].reasons == ("basis", "rate", "merger")
    assert a[2013].change == D("1750.00")
    b = {line.year: line for line in history.member("B")}
    assert b[2013].reasons == ("left",)
    assert b[2013].change == D("-1000.00")  # 500.000 x 2 per mille paid in 2012


def test_history_lines_are_the_rolls_amounts() -> None:
    """Every line's due is the amount the year's roll gives the member, on the sample registry."""
    reg = sample_registry()
    chosen = [sample_schedule(2012), sample_schedule(2013)]
    history = dues_history(reg, chosen, member_id="M0001")
    for line in history.lines:
        roll = next(s for s in chosen if s.year == line.year).roll(reg)
        assert line.due == roll.amount("M0001")
    table = history.table()
    assert table.columns[-1] == "waarom"
    assert len(table.rows) == 2
    with pytest.raises(InvalidInputError, match="schedules"):
        dues_history(reg, [sample_schedule(2012), sample_schedule(2012)])
