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
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.proration import MonthDay, Proration, Threshold

__all__ = [
    "Assessment",
    "Band",
    "BandLookup",
    "Basis",
    "BasisKind",
    "DuesRoll",
    "DuesSchedule",
    "Fixed",
    "MarginalBands",
    "MergerRule",
    "MissingBasis",
    "MonthDay",
    "PlusPackage",
    "Proration",
    "Rate",
    "RollColumns",
    "Settlement",
    "Sharing",
    "Slice",
    "SolveResult",
    "Subscription",
    "SumOf",
    "Threshold",
    "Vat",
    "solve_rate",
]
