"""Finance: dues schedules and rolls, plus packages, income statements and equity.

>>> from wmd.finance import DuesSchedule, Rate
>>> DuesSchedule(2013, Rate.per_mille("2")).year
2013
"""

from typing import TYPE_CHECKING, Final

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
    Reserve,
    ReserveKind,
)
from wmd.finance.formulas import Band, BandLookup, Fixed, MarginalBands, Rate, Slice, SumOf
from wmd.finance.harmonisation import Harmonisation, HarmonisedDues, harmonise
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.proration import MonthDay, Proration, Threshold
from wmd.finance.statement import (
    Column,
    Group,
    HasTotal,
    IncomeStatement,
    Line,
    Total,
    Variance,
)

__all__ = [
    "Assessment",
    "Band",
    "BandLookup",
    "Basis",
    "BasisKind",
    "Column",
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

if TYPE_CHECKING:
    from wmd.finance import projection as projection
    from wmd.finance.projection import Projection as Projection
    from wmd.finance.projection import project as project
    from wmd.finance.projection.scenario import Scenario as Scenario
    from wmd.published.claims import AppropriationClaim as AppropriationClaim
    from wmd.published.claims import DifferenceClaim as DifferenceClaim
    from wmd.published.claims import Direction as Direction
    from wmd.published.equity import PublishedEquity as PublishedEquity
    from wmd.published.statement import PublishedStatement as PublishedStatement

_MOVED: Final = {
    "AppropriationClaim": "wmd.published.claims",
    "DifferenceClaim": "wmd.published.claims",
    "Direction": "wmd.published.claims",
    "PublishedEquity": "wmd.published.equity",
    "PublishedStatement": "wmd.published.statement",
}

# Imported on first use (issue 17, import stays light): the projection is a sixth of the
# package's code and most users of wmd.finance never project.
_ON_FIRST_USE: Final = {
    "Projection": "wmd.finance.projection",
    "Scenario": "wmd.finance.projection.scenario",
    "project": "wmd.finance.projection",
}


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The projection, imported on first use; and the printed tables and text claims.

        Those moved to :mod:`wmd.published`; the old names still work.
        """
        import importlib  # noqa: PLC0415 - only for names imported on first use

        if name == "projection":
            return importlib.import_module("wmd.finance.projection")
        if name in _ON_FIRST_USE:
            value = getattr(importlib.import_module(_ON_FIRST_USE[name]), name)
            globals()[name] = value  # later look-ups are plain
            return value
        if name in _MOVED:  # wmd.published imports wmd.finance
            return getattr(importlib.import_module(_MOVED[name]), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
