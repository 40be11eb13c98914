"""The backtest on the bundled sample: its 2008-2011 history recovers the generator's sector means."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from wmd.datasets import sample_registry, sample_schedule
from wmd.finance.projection.estimation import as_known_at_end_of, backtest, estimate

ROOT = Path(__file__).resolve().parent.parent
HISTORY = (2009, 2010, 2011)  # yearly changes 2008->2009, 2009->2010, 2010->2011
# The generator draws each member-year change as its sector's mean plus noise with a spread
# of 0.01; every sector has at least 100 observations, so 3 standard errors of the mean are
# at most 0.003 (0.01 / sqrt(100) * 3): the tolerance.
TOLERANCE = 0.003


def _sector_means() -> dict[str, float]:
    path = ROOT / "scripts" / "make_sample_registry.py"
    spec = importlib.util.spec_from_file_location("make_sample_registry", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    means: dict[str, float] = module.sector_mean_changes()
    return means


def test_sample_has_figures_from_2008_for_members_of_those_years() -> None:
    """Every member of 2008-2010 has that year's figures; nobody has figures before 2008."""
    registry = sample_registry()
    for year in (2008, 2009, 2010):
        members = registry.members_on(pendulum.date(year, 12, 31))
        assert members
        assert all(m.wage_sum(year) is not None for m in members)
    assert all(f.year >= 2008 for m in registry.members for f in m.figures)


def test_estimate_on_the_sample_history_recovers_the_generator_sector_means() -> None:
    """Per primary sector, the estimated mean wage-sum change is within 0.003 of the drawn mean."""
    found = estimate(as_known_at_end_of(sample_registry(), 2011), HISTORY)
    means = _sector_means()
    assert {s.sector for s in found.sectors} == set(means)
    for item in found.sectors:
        assert len(item.changes) >= 100, item.sector
        assert item.mean_change == pytest.approx(means[item.sector], abs=TOLERANCE), item.sector
        assert item.sd_change == pytest.approx(0.01, abs=TOLERANCE), item.sector


def test_backtest_of_2012_on_the_sample_compares_the_published_roll() -> None:
    """Estimated on 2009-2011, the 2012 fan is compared with the sample's 2012 roll 2.987.055,04."""
    result = backtest(sample_registry(), [sample_schedule(2012)], history=HISTORY, runs=200, seed=1)
    (year,) = result.years
    assert year.year == 2012
    assert year.actual == Decimal("2987055.04")  # the calibrated 2012 roll of the sample
    assert year.low <= year.median <= year.high
    assert 0 <= result.coverage <= 1
    assert result.coverage == (1.0 if year.inside else 0.0)
