"""Finance: dues schedules and rolls, plus packages, income statements and equity.

>>> from wmd.finance import DuesSchedule, Rate
>>> DuesSchedule(2013, Rate.per_mille("2")).year
2013
"""

from wmd.finance.claims import AppropriationClaim, DifferenceClaim, Direction
from wmd.finance.consolidation import combine_statements
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
from wmd.finance.equity import (
    Equity,
    Movement,
    MovementKind,
    PublishedEquity,
    Reserve,
    ReserveKind,
)
from wmd.finance.formulas import Band, BandLookup, Fixed, MarginalBands, Rate, Slice, SumOf
from wmd.finance.harmonisation import Harmonisation, HarmonisedDues, harmonise
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.projection import Projection, project
from wmd.finance.projection.scenario import Scenario
from wmd.finance.proration import MonthDay, Proration, Threshold
from wmd.finance.statement import (
    Column,
    Group,
    HasTotal,
    IncomeStatement,
    Line,
    PublishedStatement,
    Total,
    Variance,
)

__all__ = [
    "AppropriationClaim",
    "Assessment",
    "Band",
    "BandLookup",
    "Basis",
    "BasisKind",
    "Column",
    "DifferenceClaim",
    "Direction",
    "DuesRoll",
    "DuesSchedule",
    "Equity",
    "Fixed",
    "Group",
    "Harmonisation",
    "HarmonisedDues",
    "HasTotal",
    "IncomeStatement",
    "Line",
    "MarginalBands",
    "MergerRule",
    "MissingBasis",
    "MonthDay",
    "Movement",
    "MovementKind",
    "PlusPackage",
    "Projection",
    "Proration",
    "PublishedEquity",
    "PublishedStatement",
    "Rate",
    "Reserve",
    "ReserveKind",
    "RollColumns",
    "Scenario",
    "Settlement",
    "Sharing",
    "Slice",
    "SolveResult",
    "Subscription",
    "SumOf",
    "Threshold",
    "Total",
    "Variance",
    "Vat",
    "combine_statements",
    "harmonise",
    "project",
    "solve_rate",
]
