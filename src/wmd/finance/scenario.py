"""Moved to :mod:`wmd.finance.projection.scenario`; this name keeps working (re-export)."""

from wmd.finance.projection.scenario import (
    Constant,
    Empirical,
    LogNormal,
    Normal,
    Scenario,
    ScheduleSpec,
    Uniform,
    WageChange,
    normal_cdf,
)

__all__ = [
    "Constant",
    "Empirical",
    "LogNormal",
    "Normal",
    "Scenario",
    "ScheduleSpec",
    "Uniform",
    "WageChange",
    "normal_cdf",
]
