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

The tables compute on the registry's columns (:attr:`~wmd.members.Registry.columns`),
not member by member: the members on 31 December are selected over the spell columns
(:meth:`~wmd.members.Registry.member_rows_on`), wage sums are added as ``int64`` cents
(in Python integers when the sum could pass ``int64``) and made a ``Decimal`` once,
with the digits the sum of the Decimals shows (``Decimal('200000')`` stays so), whatever
the caller's decimal context. A declared split is allocated for all members with the
same split at once (:func:`wmd.money.allocate_units`, the rule of ``allocate``). The
property tests hold every table to the rule member by member.

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

import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.i18n import format_amount, format_percent, label
from wmd.members.registry import Registry, _ids_at
from wmd.members.sector import Sector
from wmd.money import CENTS, allocate, allocate_units, amount
from wmd.periods import Year
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from wmd.members.columns import RegistryColumns

    Int64Array = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

    from wmd.published.tables import PublishedSectorRow as PublishedSectorRow  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedSectorTable as PublishedSectorTable  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedSizeBands as PublishedSizeBands  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.tables import PublishedTotals as PublishedTotals  # noqa: PLC0414 - re-export of a moved name
else:
    np = lazy_module("numpy")

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


# --- the members on 31 December, as columns ------------------------------------------------
# Every table computes on the registry's columns (wmd.members.columns): the members on
# 31 December are rows, their figures of the year are figure rows, and sums are taken in
# int64 units (cents) with a bound that rules out overflow, then made a Decimal once.

_INT64_MAX: Final = 2**63 - 1
_SCALE: Final = {"wage_sum": 100, "headcount": 1, "fte": 100}
"""The units each figure is summed in when its exponent allows (cents; people; 0,01 fte)."""
_EXPONENT: Final = operator.attrgetter("exponent")
_UNIT_LIMIT: Final = 2**62  # figure_units() keeps every unit below this, in size


@attrs.frozen
class _YearEnd:
    """The members on 31 December of a year as rows, with their figure rows of that year."""

    columns: RegistryColumns
    rows: Int64Array  # member rows, in registry order
    figures: Int64Array  # per member row, its figure row of the year, or -1 when it has none

    @classmethod
    def of(cls, registry: Registry, year: int) -> _YearEnd:
        cols = registry.columns

        def make() -> Int64Array:
            found = np.full(len(cols), -1, dtype=np.int64)
            hit = np.flatnonzero(cols.figure_year == year)
            found[cols.figure_member[hit]] = hit
            found.flags.writeable = False
            return found

        by_member: Int64Array = cols.derived(("keyfigures", "figure rows", year), make)  # type: ignore[assignment]
        rows = registry.member_rows_on(Year(year).last_day)
        return cls(cols, rows, by_member[rows])

    def ids(self, where: BoolArray | None = None) -> tuple[str, ...]:
        """The ids of the members (those where ``where`` holds), in registry order."""
        return _ids_at(self.columns, self.rows if where is None else self.rows[where])

    def figure(self, kind: str, scale: int) -> tuple[Int64Array, BoolArray, BoolArray]:
        """Per member, its figure of the year in units of ``1/scale``: ``(units, known, exact)``.

        As :meth:`~wmd.members.columns.RegistryColumns.figure_units`: ``exact`` is false
        for a known figure that is not a whole number of units below ``2**62``.
        """
        units, known, exact = self.columns.figure_units(kind, scale)
        has = self.figures >= 0
        at = np.where(has, self.figures, 0)
        if len(units) == 0:
            none = np.zeros(len(self.rows), dtype=bool)
            return np.zeros(len(self.rows), dtype=np.int64), none, none
        return np.where(has, units[at], 0), has & known[at], has & exact[at]

    def values(self, kind: str) -> Sequence[Decimal | int | None]:
        """The exact figures by figure row (``None`` when unknown): for the rare, scalar path."""
        if kind == "wage_sum":
            return self.columns.wage_sums
        if kind == "headcount":
            return self.columns.headcounts
        return self.columns.ftes

    def exponent(self, kind: str, where: BoolArray) -> int:
        """The exponent of a Decimal sum of the members' figures (``where`` holds), from 0.

        ``sum(values, Decimal(0))`` keeps the smallest exponent of its terms (and 0), so
        the sum in units is shown as the scalar sum would be: ``Decimal('200000')`` stays
        so, ``Decimal('100.10')`` gives two decimals.
        """
        cols = self.columns

        def make() -> Int64Array:
            column: Sequence[Decimal] = cols.wage_sums if kind == "wage_sum" else cols.ftes  # type: ignore[assignment] # compress() keeps the known ones
            _, known, _ = cols.figure_units(kind, _SCALE[kind])
            at = np.flatnonzero(known)
            exponents = np.zeros(len(column), dtype=np.int64)
            # map, compress and attrgetter run in C: no Python statement per figure
            tuples = map(Decimal.as_tuple, itertools.compress(column, known.tolist()))
            exponents[at] = np.fromiter(map(_EXPONENT, tuples), dtype=np.int64, count=len(at))
            exponents.flags.writeable = False
            return exponents

        exponents: Int64Array = cols.derived(("keyfigures", "exponents", kind), make)  # type: ignore[assignment]
        chosen = self.figures[where]
        return min(0, int(exponents[chosen].min())) if len(chosen) else 0

    def total(self, kind: str, where: BoolArray, exponent: int) -> int:
        """The exact sum of the known figures where ``where`` holds, in units of ``10**exponent``."""
        units, _, exact = self.figure(kind, 10**-exponent)
        fast = where & exact
        total = _sum_units(units[fast])
        column = self.values(kind)
        for r in self.figures[where & ~exact].tolist():
            total += _units(column[r], -exponent)
        return total


def _sum_units(units: Int64Array) -> int:
    """The exact sum of int64 units: in numpy when it cannot overflow, else in Python ints."""
    if len(units) == 0:
        return 0
    if int(np.abs(units).max()) * len(units) <= _INT64_MAX:  # each unit is below 2**62
        return int(units.sum())
    exact: list[int] = units.tolist()
    return sum(exact)


def _units(value: Decimal | int, places: int) -> int:
    """``value`` in whole units of ``10**-places`` (it is a whole number of them)."""
    numerator, denominator = value.as_integer_ratio()
    scale: int = 10**places  # places >= 0
    return numerator * scale // denominator


def _decimal(units: int, exponent: int) -> Decimal:
    """``units × 10**exponent`` as a Decimal with that exponent, exactly (no context)."""
    return Decimal(f"{units}E{exponent}")


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
    end = _YearEnd.of(registry, year)
    cents, known, exact = end.figure("wage_sum", 100)
    # a whole number of cents c is >= an edge x exactly when c >= ceil(100 x); every c is
    # below 2**62, so edges above it can stand at 2**62
    lowers = [b.lower for b in bands[1:] if b.lower is not None]
    cut = np.array(
        [min(math.ceil(Fraction(edge) * 100), _UNIT_LIMIT) for edge in lowers], dtype=np.int64
    )
    home = np.full(len(end.rows), len(bands), dtype=np.int64)  # the last row: unknown
    home[exact] = np.searchsorted(cut, cents[exact], side="right")
    wage_sums = end.values("wage_sum")
    for k in np.flatnonzero(known & ~exact).tolist():  # no whole cents below 2**62: rare
        wage_sum = wage_sums[int(end.figures[k])]
        home[k] = next(n for n, b in enumerate(bands) if wage_sum in b)
    rows = tuple(BandCount(band, end.ids(home == n)) for n, band in enumerate((*bands, None)))
    return SizeBands(year, rows)


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
        parts = _add([row.wage_sum for row in self.rows])
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
    end = _YearEnd.of(registry, year)
    group, keys = _groups(end.columns)
    mine = group[end.rows]
    codes = [sector.code for sector in registry.sectors]
    has = {code: [g for g, (sectors, _) in enumerate(keys) if code in sectors] for code in codes}
    ids = {code: end.ids(np.isin(mine, has[code])) for code in codes}
    if attribution == "primary":
        sums = _primary_sums(end, mine, keys, codes)
    else:
        sums = _split_sums(end, mine, keys, codes, year)
    total = _add(list(sums.values()))
    _, known, _ = end.figure("wage_sum", _SCALE["wage_sum"])
    count = len(end.rows)
    rows = tuple(
        SectorRow(
            sector,
            ids[sector.code],
            sums[sector.code],
            _share(len(ids[sector.code]), count),
            _share(sums[sector.code], total),
        )
        for sector in registry.sectors
    )
    return SectorTable(year, attribution, rows, count, total, end.ids(~known))


_Key = tuple[tuple[str, ...], tuple[Decimal, ...] | None]


def _groups(cols: RegistryColumns) -> tuple[Int64Array, list[_Key]]:
    """Per member row, the number of its (sectors, declared split) among the distinct ones.

    Made once per registry, without a Python statement per member (``dict`` and ``map``
    do the work); the tables then loop over the few distinct sector lists only.
    """

    def make() -> tuple[Int64Array, list[_Key]]:
        pairs = list(zip(cols.sectors, cols.splits, strict=True))
        distinct = list(dict.fromkeys(pairs))
        number = {key: g for g, key in enumerate(distinct)}
        group = np.fromiter(map(number.__getitem__, pairs), dtype=np.int64, count=len(pairs))
        group.flags.writeable = False
        return group, distinct

    return cols.derived(("keyfigures", "sector groups"), make)  # type: ignore[return-value]


def _add(parts: list[Decimal]) -> Decimal:
    """``sum(parts, Decimal(0))`` exactly, whatever the decimal context."""
    exponent = min([0, *(int(part.as_tuple().exponent) for part in parts)])
    return _decimal(sum(_units(part, -exponent) for part in parts), exponent)


def _primary_sums(
    end: _YearEnd, mine: Int64Array, keys: list[_Key], codes: list[str]
) -> dict[str, Decimal]:
    """The known wage sums added up per primary sector, as the scalar sum of Decimals."""
    primary = np.array([codes.index(sectors[0]) for sectors, _ in keys], dtype=np.int64)
    _, known, _ = end.figure("wage_sum", _SCALE["wage_sum"])
    at = primary[mine] if len(keys) else np.zeros(0, dtype=np.int64)
    sums = {}
    for n, code in enumerate(codes):
        where = known & (at == n)
        exponent = end.exponent("wage_sum", where)
        sums[code] = _decimal(end.total("wage_sum", where, exponent), exponent)
    return sums


def _split_sums(
    end: _YearEnd, mine: Int64Array, keys: list[_Key], codes: list[str], year: int
) -> dict[str, Decimal]:
    """The known wage sums split over sectors by :func:`~wmd.money.allocate`, in cents.

    The members of one (sectors, split) are split at once (:func:`~wmd.money.allocate_units`); a
    wage sum outside the whole cents up to 10^15 euros goes through ``allocate`` itself,
    which says what is wrong with it, in registry order. Every part is a Decimal in
    cents, so a sector that got a part shows two decimals, as the scalar sum does.
    """
    cents, known, exact = end.figure("wage_sum", 100)
    scalar = known & (~exact | (cents < 0) | (cents > _MAX_CENTS))
    sums = dict.fromkeys(codes, 0)
    touched: set[str] = set()
    wage_sums = end.values("wage_sum")
    for k in np.flatnonzero(scalar).tolist():
        sectors, split = keys[int(mine[k])]
        wage_sum = wage_sums[int(end.figures[k])]
        assert isinstance(wage_sum, Decimal)  # noqa: S101 - known figures only
        weights = [Decimal(1)] if split is None else list(split)
        try:
            parts = allocate(wage_sum, weights)
        except InvalidInputError:
            raise InvalidInputError(
                "wage_sum",
                given=wage_sum,
                expected="a whole number of cents to split over sectors",
                where=f"member {end.columns.ids[int(end.rows[k])]}, {year}",
            ) from None
        for code, part in zip(sectors, parts, strict=False):
            sums[code] += _units(part, 2)
            touched.add(code)
    fast = known & ~scalar
    split_groups = np.array([split is not None for _, split in keys], dtype=bool)
    primary = np.array([codes.index(sectors[0]) for sectors, _ in keys], dtype=np.int64)
    declared = split_groups[mine] if len(keys) else np.zeros(0, dtype=bool)
    whole = fast & ~declared  # all to the primary sector
    at = primary[mine] if len(keys) else np.zeros(0, dtype=np.int64)
    for n, code in enumerate(codes):
        chosen = cents[whole & (at == n)]
        if len(chosen):
            sums[code] += _sum_units(chosen)
            touched.add(code)
    # the members with a declared split, by (sectors, split): one slice per group
    picked = np.flatnonzero(fast & declared)
    order = np.argsort(mine[picked], kind="stable")
    by_group, amounts = mine[picked][order], cents[picked][order]
    cuts = np.flatnonzero(np.diff(by_group)) + 1
    for first, last in zip([0, *cuts.tolist()], [*cuts.tolist(), len(by_group)], strict=True):
        if first == last:
            continue
        sectors, split = keys[int(by_group[first])]
        assert split is not None  # noqa: S101 - declared splits only
        shared = allocate_units(amounts[first:last], split)
        for n, code in enumerate(sectors):
            sums[code] += _sum_units(shared[:, n])
            touched.add(code)
    return {code: _decimal(sums[code], -2) if code in touched else Decimal(0) for code in codes}


_MAX_CENTS: Final = 10**17  # 10^15 euros, the most an amount may be (wmd.limits.MAX_AMOUNT)


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
    end = _YearEnd.of(registry, year)
    _, headcount_known, _ = end.figure("headcount", 1)
    headcount = end.total("headcount", headcount_known, 0)
    decimals: dict[str, tuple[Decimal, tuple[str, ...]]] = {}
    for kind in ("fte", "wage_sum"):
        _, known, _ = end.figure(kind, _SCALE[kind])
        exponent = end.exponent(kind, known)
        total = _decimal(end.total(kind, known, exponent), exponent)
        decimals[kind] = (total, end.ids(~known))
    (fte, no_fte), (wage_sum, no_wage_sum) = decimals["fte"], decimals["wage_sum"]
    return YearTotals(
        year,
        len(end.rows),
        headcount,
        fte,
        wage_sum,
        end.ids(~headcount_known),
        no_fte,
        no_wage_sum,
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
