"""Estimates from history recover the parameters that generated it; the backtest reports the fan's coverage."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pendulum
import pytest

from wmd.errors import InvalidInputError
from wmd.finance import DuesSchedule, Rate
from wmd.finance.projection.estimation import as_known_at_end_of, backtest, estimate
from wmd.members import EndReason, Member, Membership, Registry, YearFigures

D = Decimal
MEAN, SD, CANCEL = -0.05, 0.04, 0.03  # the generating parameters
FIRST, LAST = 2001, 2012


def generated(members: int = 400, seed: int = 11) -> Registry:
    """Members since 2000 with wage sums 2000-2012: w_y = w_{y-1} x (1 + N(MEAN, SD)), cancelling with CANCEL a year."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(members):
        wage = float(rng.integers(100_000, 3_000_000))
        figures = [YearFigures(2000, wage_sum=D(round(wage)))]
        end = None
        for year in range(FIRST, LAST + 1):
            if rng.random() < CANCEL:
                end = pendulum.date(year, 1, 1)  # cancelled at the end of year - 1
                break
            wage *= 1 + rng.normal(MEAN, SD)
            figures.append(YearFigures(year, wage_sum=D(round(wage))))
        spell = (
            Membership(pendulum.date(2000, 1, 1), end, EndReason.CANCELLATION)
            if end
            else Membership(pendulum.date(2000, 1, 1))
        )
        sector = ("LW", "MD")[i % 2]
        out.append(
            Member(f"M{i}", f"Stichting {i}", sectors=(sector,), figures=figures, spells=(spell,))
        )
    return Registry(out)


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The generated registry, built once."""
    return generated()


def test_estimate_recovers_mean_spread_and_cancellation_rate(registry: Registry) -> None:
    """Over 2001-2012: mean change -5% within 0,5 point, sd 4% within 0,5 point, cancellations 3% within 1 point."""
    found = estimate(registry, range(FIRST, LAST + 1))
    overall = found.overall
    assert len(overall.changes) > 3000  # about 400 members x 12 years x 0,97^k
    assert abs(overall.mean_change - MEAN) < 0.005
    assert abs(overall.sd_change - SD) < 0.005
    assert abs(overall.cancellation - CANCEL) < 0.01
    assert overall.merger == 0
    assert overall.joining == 0
    for code in ("LW", "MD"):
        assert abs(found.sector(code).mean_change - MEAN) < 0.01
    scenario = found.scenario(range(2013, 2015), DuesSchedule(2013, Rate.per_mille("2")))
    assert abs(scenario.cancellation - CANCEL) < 0.01
    assert "LW" in dict(scenario.sector_changes)


def test_estimate_table_shows_every_sector_and_the_total(registry: Registry) -> None:
    """The estimates table has a row per sector and a total row, in Dutch by default."""
    table = estimate(registry, range(FIRST, LAST + 1)).table()
    assert [row[0] for row in table.rows] == ["LW", "MD", "totaal"]
    assert table.columns[-1] == "toetredingen"


def test_registry_as_known_hides_the_future(registry: Registry) -> None:
    """At the end of 2008: no wage sums after 2008, and a cancellation effective in 2011 is not yet known."""
    known = as_known_at_end_of(registry, 2008)
    assert all(f.year <= 2008 for m in known.members for f in m.figures)
    later = [m for m in registry.members if m.spells[0].end and m.spells[0].end.year == 2011]
    assert later
    assert known.member(later[0].id).spells[0].end is None


def test_backtest_reports_coverage_of_the_fan(registry: Registry) -> None:
    """Estimated on 2001-2008, the 2009-2012 fan (P5-P95) holds the actual dues in most years."""
    schedules = [DuesSchedule(y, Rate.per_mille("2")) for y in range(2009, 2013)]
    result = backtest(
        registry, schedules, history=range(FIRST, 2009), runs=200, seed=3,
        quantiles=(0.05, 0.5, 0.95),
    )  # fmt: skip
    assert [y.year for y in result.years] == [2009, 2010, 2011, 2012]
    assert result.coverage >= 0.75
    assert "dekking" in result.table().title
    # the actual 2009 dues are the roll of the full registry
    assert result.years[0].actual == schedules[0].roll(registry).total
    with pytest.raises(InvalidInputError, match="history"):
        backtest(registry, schedules, history=range(FIRST, 2005))
