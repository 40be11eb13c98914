"""Members: organisations, their membership spells and yearly figures, and the registry.

>>> from wmd.members import Registry, PUBLISHED_SECTORS
>>> len(PUBLISHED_SECTORS)
6
"""

from typing import TYPE_CHECKING, Final

from wmd.members.combination import Candidate, Conflict, MatchReport, Prefer, combine
from wmd.members.io import read_csv, write_csv
from wmd.members.keyfigures import (
    SectorTable,
    SizeBands,
    YearTotals,
    sector_table,
    size_bands,
    year_totals,
)
from wmd.members.lifecycle import (
    BW_2_35_EXPULSION,
    BW_2_36,
    BW_DEFAULTS,
    DuesOnLeaving,
    MembershipRules,
    NoticeRule,
)
from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures
from wmd.members.registry import (
    Changes,
    EventKind,
    Explanation,
    MembershipEvent,
    Reconciliation,
    Registry,
)
from wmd.members.sector import PUBLISHED_SECTORS, Sector, sector_by_code

__all__ = [
    "BW_2_35_EXPULSION",
    "BW_2_36",
    "BW_DEFAULTS",
    "PUBLISHED_SECTORS",
    "Candidate",
    "Changes",
    "Conflict",
    "DuesOnLeaving",
    "EndReason",
    "EventKind",
    "Explanation",
    "LegalForm",
    "MatchReport",
    "Member",
    "Membership",
    "MembershipEvent",
    "MembershipRules",
    "NoticeRule",
    "Prefer",
    "Reconciliation",
    "Registry",
    "Sector",
    "SectorTable",
    "SizeBands",
    "YearFigures",
    "YearTotals",
    "combine",
    "read_csv",
    "sector_by_code",
    "sector_table",
    "size_bands",
    "write_csv",
    "year_totals",
]

if TYPE_CHECKING:
    from wmd.published.tables import PublishedSectorTable as PublishedSectorTable
    from wmd.published.tables import PublishedSizeBands as PublishedSizeBands
    from wmd.published.tables import PublishedTotals as PublishedTotals

_MOVED: Final = frozenset({"PublishedSectorTable", "PublishedSizeBands", "PublishedTotals"})


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The printed tables moved to :mod:`wmd.published`; the old names still work."""
        if name in _MOVED:
            import importlib  # noqa: PLC0415 - wmd.published imports wmd.members

            return getattr(importlib.import_module("wmd.published.tables"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
