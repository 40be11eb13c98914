"""Published member tables as printed: the sector table, the size bands and the totals.

Every cell is kept as the printed text; ``validate()`` recomputes every share and
total from the parts and returns :class:`~wmd.findings.Finding` records, all at once.
A number that cannot be read is a finding too. The 2012 tables are bundled with
:mod:`wmd.datasets`:

>>> from wmd.datasets import published_sector_table_2012, published_size_bands_2012
>>> for finding in published_sector_table_2012().validate():
...     print(finding)
Kennisinstituten / steunfuncties: % of wage sum: printed share differs from the share recomputed from the parts; printed 0; computed 13%; difference -13%
Totaal: % of wage sum: the printed shares add up to 87.0%, not to the printed total; printed 100,0; computed 87.0%; difference 13.0%
>>> published_size_bands_2012().validate()
[]

A printed share is compared after rounding the recomputed share (half up) to the
number of decimals printed: ``65,6`` is compared with 502 / 765 = 65,62...% → 65,6.
These classes moved here from :mod:`wmd.members.keyfigures`, where the old names
still work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InvalidInputError
from wmd.findings import Finding, check_total, read_printed
from wmd.i18n import label
from wmd.members.keyfigures import YearTotals
from wmd.published.cells import percent_of, read_about, read_count, read_percent, share_of
from wmd.tables import Table, Tabular

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PublishedSectorRow", "PublishedSectorTable", "PublishedSizeBands", "PublishedTotals"]


def _check_share(
    what: str, printed: str, part: int | Decimal | None, whole: int | Decimal | None
) -> list[Finding]:
    """Compare a printed share with ``part / whole`` at the printed precision."""
    value, decimals, problem = read_percent(what, printed)
    if problem is not None:
        return [problem]
    if part is None or whole is None or whole == 0:
        note = "cannot be recomputed: a part or the total is unreadable or zero"
        return [Finding(what, printed, None, None, note)]
    share = share_of(part, whole)
    assert share is not None  # noqa: S101 - whole is not zero
    computed = percent_of(share, decimals)
    assert value is not None  # noqa: S101 - no problem means a value
    if value != computed:
        note = "printed share differs from the share recomputed from the parts"
        return [Finding(what, printed, computed, value - computed, note, percent=True)]
    return []


def _check_shares_add_up(
    what: str, printed_total: str, printed_parts: Sequence[str]
) -> list[Finding]:
    """Whether printed shares add up to the printed total, within their rounding."""
    total, _, problem = read_percent(what, printed_total)
    if problem is not None:
        return [problem]
    parts: list[Decimal] = []
    slack = Decimal(0)
    for text in printed_parts:
        value, decimals, bad = read_percent(what, text)
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
    cells = tuple(row) if isinstance(row, Sequence) and not isinstance(row, str) else ()
    if len(cells) != count or not all(isinstance(c, str) for c in cells):
        raise InvalidInputError(
            "row", given=row, expected=f"{count} cells of printed text", where=where
        )
    return cells


def _title(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("title", given=value, expected="text", where="printed table")
    return value


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
        return cls(
            parsed, PublishedSectorRow(*_cells(total, 5, "printed total row")), _title(title)
        )

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
        total_members, problem = read_count(f"{self.total.sector}: members", self.total.members)
        found += [problem] if problem else []
        total_wage, problem = read_printed(f"{self.total.sector}: wage sum", self.total.wage_sum)
        found += [problem] if problem else []
        wage_sums: list[Decimal | None] = []
        for row in self.rows:
            count, problem = read_count(f"{row.sector}: members", row.members)
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

        >>> PublishedSizeBands.from_printed([("klein", "40%")], total=5)
        Traceback (most recent call last):
        ...
        wmd.errors.InvalidInputError: size bands: total: expected the printed share as text, got 5
        >>> print(PublishedSizeBands.from_printed([("klein", "60%"), ("groot", "30%")]).validate()[0])
        total: % of members: the printed shares add up to 90%, not to the printed total; printed 100; computed 90%; difference 10%
        """
        parsed = tuple(
            _pair(_cells(row, 2, f"printed row {index + 1}")) for index, row in enumerate(rows)
        )
        if total is not None and not isinstance(total, str):
            raise InvalidInputError(
                "total", given=total, expected="the printed share as text", where="size bands"
            )
        return cls(parsed, total, _title(title))

    def validate(self) -> list[Finding]:
        """Every share can be read and lies in 0 to 100, and the shares add up to the total (100)."""
        found: list[Finding] = []
        for band, share in self.rows:
            value, _, problem = read_percent(f"{band}: % of members", share)
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
            value, half, problem = read_about(what, printed)
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
