"""Finance: dues schedules and rolls, plus packages, income statements and equity.

>>> from wmd.finance import DuesSchedule, Rate
>>> DuesSchedule(2013, Rate.per_mille("2")).year
2013
"""

from wmd.finance.dues import (
    Assessment,
    Basis,
    BasisKind,
    DuesRoll,
    DuesSchedule,
    MergerRule,
    MissingBasis,
    RollColumns,
    Settlement,
    SolveResult,
    Vat,
    solve_rate,
)
from wmd.finance.formulas import Band, BandLookup, Fixed, MarginalBands, Rate, Slice, SumOf
from wmd.finance.harmonisation import Harmonisation, HarmonisedDues, harmonise
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.projection import Projection, project
from wmd.finance.proration import MonthDay, Proration, Threshold
from wmd.finance.scenario import Scenario

__all__ = [
    "Assessment",
    "Band",
    "BandLookup",
    "Basis",
    "BasisKind",
    "DuesRoll",
    "DuesSchedule",
    "Fixed",
    "Harmonisation",
    "HarmonisedDues",
    "MarginalBands",
    "MergerRule",
    "MissingBasis",
    "MonthDay",
    "PlusPackage",
    "Projection",
    "Proration",
    "Rate",
    "RollColumns",
    "Scenario",
    "Settlement",
    "Sharing",
    "Slice",
    "SolveResult",
    "Subscription",
    "SumOf",
    "Threshold",
    "Vat",
    "harmonise",
    "project",
    "solve_rate",
]
