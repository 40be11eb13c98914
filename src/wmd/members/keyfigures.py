"""Key figures (kerncijfers) of the registry for a year.

The annual report counts the members on **31 December** of the year
(:meth:`~wmd.members.Registry.members_at_end_of`) and shows three tables:

* :func:`size_bands` -- members by wage-sum band (loonsomklasse). A band holds
  wage sums from its lower edge (included) up to its upper edge (excluded). Members
  whose wage sum is unknown get a row of their own, so the rows always partition
  the members.
* :func:`sector_table` -- members per sector and their share of all members (a
  member active in several sectors counts in each, so the counts add up to more
  than the members), and the wage sum per sector with its share of the total. The
  wage sum goes to the primary sector (``attribution="primary"``) or is split as
  the member declared (``"split"``, :meth:`~wmd.members.Member.sector_weights`)
  with :func:`wmd.money.allocate`, so the parts of a member add up to its wage sum
  to the cent.
* :func:`year_totals` -- total headcount, fte and wage sum, with the members whose
  figure is unknown (left out of the total, never guessed).

>>> import pendulum
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> from wmd.members.keyfigures import sector_table, size_bands, year_totals
>>> spell = (Membership(pendulum.date(2010, 1, 1)),)
>>> reg = Registry((
...     Member("A", "Stichting A", sectors=("LW", "PSZ"), spells=spell,
...            figures=(YearFigures(2012, wage_sum=Decimal("200000"), headcount=6, fte=Decimal("4")),)),
...     Member("B", "Stichting B", sectors=("MD",), spells=spell,
...            figures=(YearFigures(2012, wage_sum=Decimal("3000000"), headcount=60),)),
...     Member("C", "Stichting C", sectors=("LW",), spells=spell),
... ))
>>> [row.count for row in size_bands(reg, 2012).rows]
[1, 0, 0, 1, 1]
>>> lw = sector_table(reg, 2012).rows[0]
>>> lw.sector.code, lw.members, lw.wage_sum, lw.members_share
('LW', 2, Decimal('200000'), Fraction(2, 3))
>>> t = year_totals(reg, 2012)
>>> t.headcount, t.fte, t.fte_unknown
(66, Decimal('4'), ('B', 'C'))
>>> print(size_bands(reg, 2012).table("en"))
Members by wage sum 2012
wage sum                 members    share
-----------------------------------------
< 250,000                      1    33.3%
250,000 to 1,000,000           0     0.0%
1,000,000 to 2,500,000         0     0.0%
≥ 2,500,000                    1    33.3%
unknown                        1    33.3%
-----------------------------------------
total                          3   100.0%

Published tables
----------------
The same tables as printed in a report, kept as text and checked, are in
:mod:`wmd.published.tables` (the old names here still work).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

import attrs

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.i18n import format_amount, format_percent, label
from wmd.members.registry import Registry
from wmd.members.sector import Sector
from wmd.money import CENTS, allocate, amount
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

    from wmd.published.tables import PublishedSectorRow as PublishedSectorRow  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedSectorTable as PublishedSectorTable  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedSizeBands as PublishedSizeBands  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedTotals as PublishedTotals  # noqa: PLC0414 - re-export of a moved name

__all__ = [
    "DEFAULT_BAND_EDGES",
    "Attribution",
    "Band",
    "BandCount",
    "SectorRow",
    "SectorTable",
    "SizeBands",
    "YearTotals",
    "bands_from_edges",
    "sector_table",
    "size_bands",
    "year_totals",
]

Attribution = Literal["primary", "split"]

DEFAULT_BAND_EDGES: Final[tuple[Decimal, ...]] = (
    Decimal(250_000),
    Decimal(1_000_000),
    Decimal(2_500_000),
)
"""The edges of the four published bands: < 250.000, 250.000 to 1 mln, 1 to 2,5 mln, > 2,5 mln."""


def _share(part: int | Decimal, whole: int | Decimal) -> Fraction | None:
    """``part / whole`` exactly, or ``None`` when ``whole`` is zero."""
    return None if whole == 0 else Fraction(part) / Fraction(whole)


def _percent(share: Fraction, decimals: int) -> Decimal:
    """``share`` as a percentage rounded half up to ``decimals`` places (via the cents policy)."""
    scaled = CENTS.round(share * 100 * Fraction(10) ** (decimals - 2))
    return scaled.scaleb(2 - decimals)


def _shown(share: Fraction | None, lang: str | None) -> str:
    return format_percent(None if share is None else _percent(share, 1).scaleb(-2), lang)


# --- members by wage-sum band -------------------------------------------------------------


@attrs.frozen
class Band:
    """Wage sums from ``lower`` (included) up to ``upper`` (excluded); ``None`` is no edge.

    >>> Band(Decimal(250000), Decimal(1000000)).label("nl")
    '250.000 tot 1.000.000'
    >>> Decimal(1000000) in Band(Decimal(250000), Decimal(1000000))
    False
    """

    lower: Decimal | None
    upper: Decimal | None

    def __attrs_post_init__(self) -> None:
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise InvalidInputError(
                "upper", given=self.upper, expected=f"an edge above {self.lower}", where="band"
            )

    def __contains__(self, wage_sum: object) -> bool:
        if not isinstance(wage_sum, Decimal | int):
            return False
        above = self.lower is None or wage_sum >= self.lower
        below = self.upper is None or wage_sum < self.upper
        return above and below

    def label(self, lang: str | None = None) -> str:
        """The band as shown in a table: ``< 250.000``, ``250.000 to 1.000.000``, ``≥ 2.500.000``."""
        if self.lower is None and self.upper is None:
            return label("all", lang)
        if self.lower is None:
            assert self.upper is not None  # noqa: S101 - both None handled above
            return f"< {format_amount(self.upper, lang)}"
        if self.upper is None:
            return f"≥ {format_amount(self.lower, lang)}"
        upto = label("to", lang)
        return f"{format_amount(self.lower, lang)} {upto} {format_amount(self.upper, lang)}"


def bands_from_edges(edges: Iterable[Decimal | int]) -> tuple[Band, ...]:
    """The bands between increasing positive edges (one more band than edges).

    Raises:
        InvalidInputError: for an edge that is not above zero and the edge before it.

    >>> [b.label("en") for b in bands_from_edges([100, 200])]
    ['< 100', '100 to 200', '≥ 200']
    """
    values = [amount(edge, field="edges", where="size bands") for edge in edges]
    previous = Decimal(0)
    for value in values:
        if value <= previous:
            raise InvalidInputError(
                "edges",
                given=values,
                expected="increasing edges above zero",
                where="size bands",
            )
        previous = value
    lowers: list[Decimal | None] = [None, *values]
    uppers: list[Decimal | None] = [*values, None]
    return tuple(Band(lo, up) for lo, up in zip(lowers, uppers, strict=True))


@attrs.frozen
class BandCount:
    """The members of one band; ``band`` is ``None`` for the members with an unknown wage sum."""

    band: Band | None
    member_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of members in the band."""
        return len(self.member_ids)


@attrs.frozen
class SizeBands(Tabular):
    """Members on 31 December of ``year`` by wage sum; the rows partition the members.

    Attributes:
        year: the year (members on 31 December, wage sums of that year).
        rows: one :class:`BandCount` per band in order, then one for unknown wage sums.
    """

    year: int
    rows: tuple[BandCount, ...]

    @property
    def total(self) -> int:
        """All members counted."""
        return sum(row.count for row in self.rows)

    def share(self, row: BandCount) -> Fraction | None:
        """The row's share of all members (``None`` when there are none)."""
        return _share(row.count, self.total)

    def table(self, lang: str | None = None) -> Table:
        """The table for people, in ``"nl"`` or ``"en"``."""
        rows = [
            (
                label("unknown", lang) if row.band is None else row.band.label(lang),
                str(row.count),
                _shown(self.share(row), lang),
            )
            for row in self.rows
        ]
        rows.append((label("total", lang), str(self.total), _shown(_share(1, 1), lang)))
        return Table(
            title=f"{label('members by wage sum', lang).capitalize()} {self.year}",
            columns=(label("wage sum", lang), label("members", lang), label("share", lang)),
            rows=rows,
            align="lrr",
            total_rows=frozenset({len(rows) - 1}),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per band: lower and upper edge (``Decimal``), members, share (float)."""
        pd_mod = require_pandas()
        records = [
            {
                "lower": None if row.band is None else row.band.lower,
                "upper": None if row.band is None else row.band.upper,
                "unknown": row.band is None,
                "members": row.count,
                "share": _float(self.share(row)),
            }
            for row in self.rows
        ]
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records)
        return frame


def _float(share: Fraction | None) -> float | None:
    return None if share is None else float(share)


def size_bands(
    registry: Registry, year: int, *, edges: Iterable[Decimal | int] = DEFAULT_BAND_EDGES
) -> SizeBands:
    """Members on 31 December of ``year`` by their wage sum of ``year``.

    >>> size_bands(Registry(()), 2012).total
    0
    """
    bands = bands_from_edges(edges)
    found: dict[Band | None, list[str]] = {band: [] for band in bands}
    found[None] = []
    for member in registry.members_at_end_of(year):
        wage_sum = member.wage_sum(year)
        home = None if wage_sum is None else next(b for b in bands if wage_sum in b)
        found[home].append(member.id)
    return SizeBands(year, tuple(BandCount(band, tuple(ids)) for band, ids in found.items()))


# --- the sector table ---------------------------------------------------------------------


@attrs.frozen
class SectorRow:
    """One sector's line: its members (counted in each of their sectors) and attributed wage sum."""

    sector: Sector
    member_ids: tuple[str, ...]
    wage_sum: Decimal
    members_share: Fraction | None
    wage_sum_share: Fraction | None

    @property
    def members(self) -> int:
        """Number of members active in the sector."""
        return len(self.member_ids)


@attrs.frozen
class SectorTable(Tabular):
    """Members and wage sum per sector on 31 December of ``year``.

    Attributes:
        year: the year.
        attribution: ``"primary"`` or ``"split"``: how a wage sum was attributed.
        rows: one row per sector of the registry's catalog, in catalog order.
        member_count: the members (each once); the denominator of the member shares.
        wage_sum: the total of the known wage sums; the rows add up to it exactly.
        wage_sum_unknown: ids of members whose wage sum is unknown (left out).
    """

    year: int
    attribution: Attribution
    rows: tuple[SectorRow, ...]
    member_count: int
    wage_sum: Decimal
    wage_sum_unknown: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        parts = sum((row.wage_sum for row in self.rows), Decimal(0))
        if parts != self.wage_sum:
            raise InconsistentDataError(
                f"sector table {self.year}: sector wage sums add up to {parts}, not {self.wage_sum}"
            )

    def row(self, code: str) -> SectorRow:
        """The row of a sector code.

        Raises:
            InvalidInputError: for a code not in the table.
        """
        for row in self.rows:
            if row.sector.code == code:
                return row
        raise InvalidInputError(
            "code", given=code, expected=f"one of {[r.sector.code for r in self.rows]}"
        )

    def table(self, lang: str | None = None) -> Table:
        """The table for people, laid out as in the annual report."""
        rows = [
            (
                row.sector.name(lang),
                str(row.members),
                _shown(row.members_share, lang),
                format_amount(row.wage_sum, lang),
                _shown(row.wage_sum_share, lang),
            )
            for row in self.rows
        ]
        whole = _share(1, 1) if self.member_count else None
        rows.append(
            (
                label("total", lang),
                str(self.member_count),
                _shown(whole, lang),
                format_amount(self.wage_sum, lang),
                _shown(whole if self.wage_sum else None, lang),
            )
        )
        notes: tuple[str, ...] = ()
        if self.wage_sum_unknown:
            more = ", …" if len(self.wage_sum_unknown) > 10 else ""
            ids = ", ".join(self.wage_sum_unknown[:10])
            notes = (
                f"{label('wage sum unknown', lang)}: {len(self.wage_sum_unknown)} ({ids}{more})",
            )
        return Table(
            title=f"{label('members by sector', lang).capitalize()} {self.year}",
            columns=(
                label("sector", lang),
                label("members", lang),
                "%",
                label("wage sum", lang),
                "%",
            ),
            rows=rows,
            align="lrrrr",
            total_rows=frozenset({len(rows) - 1}),
            footnotes=notes,
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per sector: code, members, member share, wage sum (``Decimal``), wage-sum share."""
        pd_mod = require_pandas()
        records = [
            {
                "sector": row.sector.code,
                "members": row.members,
                "members_share": _float(row.members_share),
                "wage_sum": row.wage_sum,
                "wage_sum_share": _float(row.wage_sum_share),
            }
            for row in self.rows
        ]
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records)
        return frame


def sector_table(
    registry: Registry, year: int, *, attribution: Attribution = "primary"
) -> SectorTable:
    """Members and wage sum per sector on 31 December of ``year``.

    With ``attribution="split"`` a member's wage sum is split by its declared
    :attr:`~wmd.members.Member.sector_split` (members without one give all to the
    primary sector), in cents, with the parts adding up to the wage sum exactly.

    Raises:
        InvalidInputError: for an unknown ``attribution``, or (when splitting) a
            wage sum that is not a whole number of cents.

    >>> import pendulum
    >>> from wmd.members import Member, Membership, YearFigures
    >>> m = Member("A", "Stichting A", sectors=("LW", "MD", "KS"),
    ...            sector_split=(Decimal("0.5"), Decimal("0.25"), Decimal("0.25")),
    ...            spells=(Membership(pendulum.date(2010, 1, 1)),),
    ...            figures=(YearFigures(2012, wage_sum=Decimal("100.01")),))
    >>> split = sector_table(Registry((m,)), 2012, attribution="split")
    >>> [str(split.row(code).wage_sum) for code in ("LW", "MD", "KS")]
    ['50.01', '25.00', '25.00']
    """
    if attribution not in ("primary", "split"):
        raise InvalidInputError("attribution", given=attribution, expected="'primary' or 'split'")
    members = registry.members_at_end_of(year)
    ids: dict[str, list[str]] = {sector.code: [] for sector in registry.sectors}
    sums: dict[str, Decimal] = {sector.code: Decimal(0) for sector in registry.sectors}
    unknown: list[str] = []
    for member in members:
        for code in member.sectors:
            ids[code].append(member.id)
        wage_sum = member.wage_sum(year)
        if wage_sum is None:
            unknown.append(member.id)
            continue
        if attribution == "primary":
            sums[member.primary_sector] += wage_sum
            continue
        weights = member.sector_weights()
        try:
            parts = allocate(wage_sum, [weight for _, weight in weights])
        except InvalidInputError:
            raise InvalidInputError(
                "wage_sum",
                given=wage_sum,
                expected="a whole number of cents to split over sectors",
                where=f"member {member.id}, {year}",
            ) from None
        for (code, _), part in zip(weights, parts, strict=True):
            sums[code] += part
    total = sum(sums.values(), Decimal(0))
    rows = tuple(
        SectorRow(
            sector,
            tuple(ids[sector.code]),
            sums[sector.code],
            _share(len(ids[sector.code]), len(members)),
            _share(sums[sector.code], total),
        )
        for sector in registry.sectors
    )
    return SectorTable(year, attribution, rows, len(members), total, tuple(unknown))


# --- totals -------------------------------------------------------------------------------


@attrs.frozen
class YearTotals(Tabular):
    """Totals over the members on 31 December of ``year``; unknown figures are left out and listed.

    Attributes:
        year: the year.
        members: number of members.
        headcount, fte, wage_sum: totals of the known figures.
        headcount_unknown, fte_unknown, wage_sum_unknown: ids of members whose figure is unknown.
    """

    year: int
    members: int
    headcount: int
    fte: Decimal
    wage_sum: Decimal
    headcount_unknown: tuple[str, ...] = ()
    fte_unknown: tuple[str, ...] = ()
    wage_sum_unknown: tuple[str, ...] = ()

    def table(self, lang: str | None = None) -> Table:
        """The totals for people, with the number of members whose figure is unknown."""
        rows = (
            (label("members", lang), str(self.members), ""),
            (label("headcount", lang), str(self.headcount), str(len(self.headcount_unknown))),
            (
                label("fte", lang),
                format_amount(self.fte, lang, decimals=2),
                str(len(self.fte_unknown)),
            ),
            (
                label("wage sum", lang),
                format_amount(self.wage_sum, lang),
                str(len(self.wage_sum_unknown)),
            ),
        )
        return Table(
            title=f"{label('key figures', lang).capitalize()} {self.year}",
            columns=("", label("total", lang), label("members with figure unknown", lang)),
            rows=rows,
            align="lrr",
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per figure: total (``int`` or ``Decimal``) and the number unknown."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {"figure": "members", "total": self.members, "unknown": 0},
                {
                    "figure": "headcount",
                    "total": self.headcount,
                    "unknown": len(self.headcount_unknown),
                },
                {"figure": "fte", "total": self.fte, "unknown": len(self.fte_unknown)},
                {
                    "figure": "wage_sum",
                    "total": self.wage_sum,
                    "unknown": len(self.wage_sum_unknown),
                },
            ]
        )
        return frame


def year_totals(registry: Registry, year: int) -> YearTotals:
    """Headcount, fte and wage sum of the members on 31 December of ``year``.

    >>> year_totals(Registry(()), 2012).wage_sum
    Decimal('0')
    """
    members = registry.members_at_end_of(year)
    headcount, fte, wage_sum = 0, Decimal(0), Decimal(0)
    no_headcount: list[str] = []
    no_fte: list[str] = []
    no_wage_sum: list[str] = []
    for member in members:
        figures = member.figures_for(year)
        if figures is None or figures.headcount is None:
            no_headcount.append(member.id)
        else:
            headcount += figures.headcount
        if figures is None or figures.fte is None:
            no_fte.append(member.id)
        else:
            fte += figures.fte
        if figures is None or figures.wage_sum is None:
            no_wage_sum.append(member.id)
        else:
            wage_sum += figures.wage_sum
    return YearTotals(
        year,
        len(members),
        headcount,
        fte,
        wage_sum,
        tuple(no_headcount),
        tuple(no_fte),
        tuple(no_wage_sum),
    )


_MOVED: Final = frozenset(
    {"PublishedSectorRow", "PublishedSectorTable", "PublishedSizeBands", "PublishedTotals"}
)


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The printed tables moved to :mod:`wmd.published.tables`; the old names still work."""
        if name in _MOVED:
            import importlib  # noqa: PLC0415 - wmd.published.tables imports this module

            return getattr(importlib.import_module("wmd.published.tables"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
