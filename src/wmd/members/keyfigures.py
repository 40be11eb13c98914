"""Key figures (kerncijfers) of the registry for a year, and checks of published ones.

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
The same tables as printed in a report are kept as text and checked with
``validate()``, which recomputes every share and total from the parts and
returns :class:`~wmd.findings.Finding` objects, all of them at once. A number
that cannot be read is a finding too. The 2012 tables are bundled with the data
set :mod:`wmd.datasets`:

>>> from wmd.datasets import published_sector_table_2012, published_size_bands_2012
>>> for finding in published_sector_table_2012().validate():
...     print(finding)
Kennisinstituten / steunfuncties: % of wage sum: printed share differs from the share recomputed from the parts; printed 0; computed 13%; difference -13%
Totaal: % of wage sum: the printed shares add up to 87.0%, not to the printed total; printed 100,0; computed 87.0%; difference 13.0%
>>> published_size_bands_2012().validate()
[]

A printed share is compared after rounding the recomputed share (half up) to the
number of decimals printed: ``65,6`` is compared with 502 / 765 = 65,62...% → 65,6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

import attrs

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.findings import Finding, check_total, read_printed
from wmd.i18n import format_amount, format_percent, label
from wmd.members.registry import Registry
from wmd.members.sector import Sector
from wmd.money import CENTS, allocate, amount
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_BAND_EDGES",
    "Attribution",
    "Band",
    "BandCount",
    "PublishedSectorRow",
    "PublishedSectorTable",
    "PublishedSizeBands",
    "PublishedTotals",
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


# --- published tables, as printed ---------------------------------------------------------


def _read_percent(what: str, printed: str) -> tuple[Decimal | None, int, Finding | None]:
    """A printed percentage (``"65,6"``, ``"27%"``), its number of decimals, or a finding."""
    text = printed.strip().removesuffix("%").strip()
    try:
        value = amount(text, notation="nl", field=what)
    except InvalidInputError as err:
        note = "printed value cannot be read: {expected}"
        return None, 0, Finding(what, printed, None, None, note, (("expected", err.expected),))
    _, _, decimals = text.partition(",")
    return value, len(decimals), None


def _read_count(what: str, printed: str) -> tuple[int | None, Finding | None]:
    value, finding = read_printed(what, printed)
    if finding is not None or value is None:
        return None, finding
    if value < 0 or value != value.to_integral_value():
        return None, Finding(what, printed, None, None, "a count must be a whole number >= 0")
    return int(value), None


def _check_share(
    what: str, printed: str, part: int | Decimal | None, whole: int | Decimal | None
) -> list[Finding]:
    """Compare a printed share with ``part / whole`` at the printed precision."""
    value, decimals, problem = _read_percent(what, printed)
    if problem is not None:
        return [problem]
    if part is None or whole is None or whole == 0:
        note = "cannot be recomputed: a part or the total is unreadable or zero"
        return [Finding(what, printed, None, None, note)]
    share = _share(part, whole)
    assert share is not None  # noqa: S101 - whole is not zero
    computed = _percent(share, decimals)
    assert value is not None  # noqa: S101 - no problem means a value
    if value != computed:
        note = "printed share differs from the share recomputed from the parts"
        return [Finding(what, printed, computed, value - computed, note, percent=True)]
    return []


def _check_shares_add_up(
    what: str, printed_total: str, printed_parts: Sequence[str]
) -> list[Finding]:
    """Whether printed shares add up to the printed total, within their rounding."""
    total, _, problem = _read_percent(what, printed_total)
    if problem is not None:
        return [problem]
    parts: list[Decimal] = []
    slack = Decimal(0)
    for text in printed_parts:
        value, decimals, bad = _read_percent(what, text)
        if bad is not None or value is None:
            note = "cannot be recomputed: a printed share is unreadable"
            return [Finding(what, printed_total, None, None, note)]
        parts.append(value)
        slack += Decimal(5).scaleb(-decimals - 1)
    computed = sum(parts, Decimal(0))
    assert total is not None  # noqa: S101 - no problem means a value
    if abs(total - computed) > slack:
        note = "the printed shares add up to {total}, not to the printed total"
        args = (("total", computed),)
        return [Finding(what, printed_total, computed, total - computed, note, args, percent=True)]
    return []


def _cells(row: Sequence[str], count: int, where: str) -> tuple[str, ...]:
    cells = tuple(row)
    if len(cells) != count or not all(isinstance(c, str) for c in cells):
        raise InvalidInputError(
            "row", given=row, expected=f"{count} cells of printed text", where=where
        )
    return cells


@attrs.frozen
class PublishedSectorRow:
    """One printed line of a sector table: every cell as printed text."""

    sector: str
    members: str
    members_percent: str
    wage_sum: str
    wage_sum_percent: str


@attrs.frozen
class PublishedSectorTable(Tabular):
    """A sector table as printed in a report, kept as text; :meth:`validate` checks it.

    Build it with :meth:`from_printed`; cells are Dutch-notation text exactly as printed.
    """

    rows: tuple[PublishedSectorRow, ...]
    total: PublishedSectorRow
    title: str = ""

    @classmethod
    def from_printed(
        cls, rows: Iterable[Sequence[str]], *, total: Sequence[str], title: str = ""
    ) -> PublishedSectorTable:
        """Build from printed rows ``(sector, members, %, wage sum, %)`` and the total row.

        Raises:
            InvalidInputError: for a row without exactly five text cells.

        >>> t = PublishedSectorTable.from_printed(
        ...     [("A", "2", "66,7", "300", "75,0"), ("B", "1", "33,3", "100", "25,0")],
        ...     total=("Totaal", "3", "100,0", "400", "100,0"))
        >>> t.validate()
        []
        """
        parsed = tuple(
            PublishedSectorRow(*_cells(row, 5, f"printed row {index + 1}"))
            for index, row in enumerate(rows)
        )
        return cls(parsed, PublishedSectorRow(*_cells(total, 5, "printed total row")), title)

    def validate(self) -> list[Finding]:
        """Recompute every share and total from the parts; return what does not agree.

        Checks: every number can be read; each member share is the count over the
        printed member total; each wage-sum share is the wage sum over the printed
        wage-sum total; the wage sums add up to the total; the printed wage-sum
        shares add up to the printed total share (within rounding); the total
        shares are 100. Member shares need not add up to 100: a member can be
        active in several sectors.
        """
        found: list[Finding] = []
        total_members, problem = _read_count(f"{self.total.sector}: members", self.total.members)
        found += [problem] if problem else []
        total_wage, problem = read_printed(f"{self.total.sector}: wage sum", self.total.wage_sum)
        found += [problem] if problem else []
        wage_sums: list[Decimal | None] = []
        for row in self.rows:
            count, problem = _read_count(f"{row.sector}: members", row.members)
            found += [problem] if problem else []
            if count is not None and total_members is not None and count > total_members:
                found.append(
                    Finding(
                        f"{row.sector}: members",
                        row.members,
                        Decimal(total_members),
                        Decimal(count - total_members),
                        "more members in one sector than members in all",
                    )
                )
            found += _check_share(
                f"{row.sector}: % of members", row.members_percent, count, total_members
            )
            wage, problem = read_printed(f"{row.sector}: wage sum", row.wage_sum)
            found += [problem] if problem else []
            wage_sums.append(wage)
            found += _check_share(
                f"{row.sector}: % of wage sum", row.wage_sum_percent, wage, total_wage
            )
        if total_wage is not None:
            parts = None if None in wage_sums else sum(filter(None, wage_sums), Decimal(0))
            finding = check_total(f"{self.total.sector}: wage sum", self.total.wage_sum, parts)
            found += [finding] if finding else []
        found += _check_share(
            f"{self.total.sector}: % of members", self.total.members_percent, 1, 1
        )
        found += _check_share(
            f"{self.total.sector}: % of wage sum", self.total.wage_sum_percent, 1, 1
        )
        found += _check_shares_add_up(
            f"{self.total.sector}: % of wage sum",
            self.total.wage_sum_percent,
            [row.wage_sum_percent for row in self.rows],
        )
        return found

    def table(self, lang: str | None = None) -> Table:
        """The table exactly as printed (cells are not reformatted)."""
        rows = [attrs.astuple(row) for row in (*self.rows, self.total)]
        return Table(
            title=self.title,
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
        )

    def to_pandas(self) -> pd.DataFrame:
        """The printed cells as text, one row per line including the total."""
        return self.table("en").to_pandas()


@attrs.frozen
class PublishedSizeBands(Tabular):
    """Members by wage-sum band as printed: ``(band, share)`` text pairs and an optional total."""

    rows: tuple[tuple[str, str], ...]
    total: str | None = None
    title: str = ""

    @classmethod
    def from_printed(
        cls, rows: Iterable[Sequence[str]], *, total: str | None = None, title: str = ""
    ) -> PublishedSizeBands:
        """Build from printed ``(band, share)`` rows, e.g. ``("< 250.000", "27%")``.

        Raises:
            InvalidInputError: for a row without exactly two text cells.

        >>> print(PublishedSizeBands.from_printed([("klein", "60%"), ("groot", "30%")]).validate()[0])
        total: % of members: the printed shares add up to 90%, not to the printed total; printed 100; computed 90%; difference 10%
        """
        parsed = tuple(
            _pair(_cells(row, 2, f"printed row {index + 1}")) for index, row in enumerate(rows)
        )
        return cls(parsed, total, title)

    def validate(self) -> list[Finding]:
        """Every share can be read and lies in 0 to 100, and the shares add up to the total (100)."""
        found: list[Finding] = []
        for band, share in self.rows:
            value, _, problem = _read_percent(f"{band}: % of members", share)
            if problem is not None:
                found.append(problem)
            elif value is not None and not Decimal(0) <= value <= Decimal(100):
                found.append(
                    Finding(f"{band}: % of members", share, None, None, "a share must be 0 to 100")
                )
        found += _check_shares_add_up(
            "total: % of members", self.total or "100", [share for _, share in self.rows]
        )
        return found

    def table(self, lang: str | None = None) -> Table:
        """The table exactly as printed."""
        rows = [*self.rows]
        if self.total is not None:
            rows.append((label("total", lang), self.total))
        return Table(
            title=self.title,
            columns=(label("wage sum", lang), label("share of members", lang)),
            rows=rows,
            align="lr",
            total_rows=frozenset({len(rows) - 1}) if self.total is not None else frozenset(),
        )

    def to_pandas(self) -> pd.DataFrame:
        """The printed cells as text."""
        return self.table("en").to_pandas()


_IN_WORDS: Final = re.compile(r"(?P<number>[0-9.,]+)\s*(?P<unit>duizend|miljoen|miljard)")
_UNITS: Final = {"duizend": 10**3, "miljoen": 10**6, "miljard": 10**9}


def _read_about(what: str, printed: str) -> tuple[Decimal | None, Decimal, Finding | None]:
    """A printed figure, possibly in words ("1,4 miljard"), and half a unit of its last digit.

    >>> _read_about("wage sum", "1,4 miljard")[:2]
    (Decimal('1400000000.0'), Decimal('50000000.00'))
    >>> _read_about("employees", "65.100")[:2]
    (Decimal('65100'), Decimal('0.5'))
    """
    match = _IN_WORDS.fullmatch(printed.strip())
    number, unit = (match["number"], _UNITS[match["unit"]]) if match else (printed, 1)
    value, finding = read_printed(what, number, dash_is_zero=False)
    if value is None:
        return None, Decimal(0), finding
    _, _, decimals = number.strip().partition(",")
    half_unit = Decimal(5).scaleb(-len(decimals) - 1) * unit
    return value * unit, half_unit, None


@attrs.frozen
class PublishedTotals(Tabular):
    """Totals as printed in a report's text: employees, fte and the wage sum (maybe in words).

    ``wage_sum_exact`` is the exact total of a table, when one is printed as well.
    A printed figure is read as "about": it agrees with an exact figure when that
    rounds to it at the printed precision (``"1,4 miljard"`` covers 1,35 to 1,45 billion).

    >>> printed = PublishedTotals("65.100", "42.700", "1,4 miljard", "1.439.651.139")
    >>> printed.validate()
    []
    >>> [f.what for f in PublishedTotals("40.000", "42.700", "1,5 miljard", "1.439.651.139").validate()]
    ['fte', 'wage sum']
    """

    headcount: str
    fte: str
    wage_sum: str
    wage_sum_exact: str | None = None
    title: str = ""

    def _read(self) -> tuple[dict[str, tuple[Decimal | None, Decimal]], list[Finding]]:
        found: list[Finding] = []
        values: dict[str, tuple[Decimal | None, Decimal]] = {}
        for what, printed in (
            ("headcount", self.headcount),
            ("fte", self.fte),
            ("wage sum", self.wage_sum),
        ):
            value, half, problem = _read_about(what, printed)
            values[what] = (value, half)
            if problem is not None:
                found.append(problem)
        return values, found

    def validate(self) -> list[Finding]:
        """Check that each figure reads, fte <= employees, and the wage sum in words fits the exact one."""
        values, found = self._read()
        headcount, fte = values["headcount"][0], values["fte"][0]
        if headcount is not None and fte is not None and fte > headcount:
            found.append(
                Finding("fte", self.fte, headcount, fte - headcount, "more fte than employees")
            )
        if self.wage_sum_exact is not None:
            exact, problem = read_printed("wage sum", self.wage_sum_exact, dash_is_zero=False)
            if problem is not None:
                found.append(problem)
            found += self._about("wage sum", self.wage_sum, values["wage sum"], exact)
        return found

    def compare(self, computed: YearTotals) -> list[Finding]:
        """Compare with totals computed from a registry, each at its printed precision."""
        values, found = self._read()
        found += self._about(
            "headcount", self.headcount, values["headcount"], Decimal(computed.headcount)
        )
        found += self._about("fte", self.fte, values["fte"], computed.fte)
        found += self._about("wage sum", self.wage_sum, values["wage sum"], computed.wage_sum)
        return found

    @staticmethod
    def _about(
        what: str, printed: str, read: tuple[Decimal | None, Decimal], exact: Decimal | None
    ) -> list[Finding]:
        value, half = read
        if value is None or exact is None or abs(exact - value) <= half:
            return []
        note = "printed figure is not the exact figure at the printed precision"
        return [Finding(what, printed, exact, value - exact, note)]

    def table(self, lang: str | None = None) -> Table:
        """The totals exactly as printed."""
        rows = [
            (label("headcount", lang), self.headcount),
            (label("fte", lang), self.fte),
            (label("wage sum", lang), self.wage_sum),
        ]
        if self.wage_sum_exact is not None:
            rows.append((label("wage sum", lang), self.wage_sum_exact))
        return Table(title=self.title, columns=("", label("printed", lang)), rows=rows, align="lr")


def _pair(cells: tuple[str, ...]) -> tuple[str, str]:
    return cells[0], cells[1]
