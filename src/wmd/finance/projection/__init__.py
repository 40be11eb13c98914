"""Dues projections: scenarios, the Monte Carlo engine, the result with its fan chart, and calibration.

The package's rooms, each named after what it holds:

* :mod:`~wmd.finance.projection.scenario`: what may happen (:class:`Scenario`, the
  wage-change distributions);
* :mod:`~wmd.finance.projection.engine`: :func:`project`, the runs year by year on the
  dues kernel;
* :mod:`~wmd.finance.projection.result`: :class:`Projection` and :class:`ProjectedYear`;
* :mod:`~wmd.finance.projection.chart`: :func:`fan_chart`, a chart that stands alone;
* :mod:`~wmd.finance.projection.calibration`: :func:`calibrate`, the publishable rate
  that meets a budget with a stated chance;
* :mod:`~wmd.finance.projection.estimation`: scenarios estimated from the registry's
  history, and a backtest of the fan.

Everything public is importable from here; ``wmd.finance.scenario`` still works.
"""

from wmd.finance.projection.calibration import CalibratedYear, Calibration, calibrate
from wmd.finance.projection.chart import describe_change, describe_scenario, fan_chart
from wmd.finance.projection.engine import base_columns, known_ends, project
from wmd.finance.projection.estimation import (
    Backtest,
    BacktestYear,
    Estimate,
    SectorEstimate,
    as_known_at_end_of,
    backtest,
    estimate,
)
from wmd.finance.projection.result import ProjectedYear, Projection
from wmd.finance.projection.scenario import (
    Constant,
    Empirical,
    LogNormal,
    Normal,
    Scenario,
    ScheduleSpec,
    Uniform,
    WageChange,
)

__all__ = [
    "Backtest",
    "BacktestYear",
    "CalibratedYear",
    "Calibration",
    "Constant",
    "Empirical",
    "Estimate",
    "LogNormal",
    "Normal",
    "ProjectedYear",
    "Projection",
    "Scenario",
    "ScheduleSpec",
    "SectorEstimate",
    "Uniform",
    "WageChange",
    "as_known_at_end_of",
    "backtest",
    "base_columns",
    "calibrate",
    "describe_change",
    "describe_scenario",
    "estimate",
    "fan_chart",
    "known_ends",
    "project",
]
