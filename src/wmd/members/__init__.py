"""Members: organisations, their membership spells and yearly figures, and the registry.

>>> from wmd.members import Registry, PUBLISHED_SECTORS
>>> len(PUBLISHED_SECTORS)
6
"""

from wmd.members.combination import Candidate, Conflict, MatchReport, Prefer, combine
from wmd.members.io import read_csv, write_csv
from wmd.members.keyfigures import (
    PublishedSectorTable,
    PublishedSizeBands,
    PublishedTotals,
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
    "PublishedSectorTable",
    "PublishedSizeBands",
    "PublishedTotals",
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
