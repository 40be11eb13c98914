"""The equity table as printed: reserves per year and the printed total, kept as text.

The equity table of a report shows each reserve at the end of the year and of the
year before, with a printed total. :class:`PublishedEquity` keeps it as text;
:meth:`PublishedEquity.validate` recomputes the totals, and a total that cannot be
read is a finding. The 2012 table is bundled with :mod:`wmd.datasets`; its 2012
total was printed as ``2.44.557`` (the reserves add up to 2.414.557) and its 2011
total is 5 more than its reserves:

>>> from wmd.datasets import published_equity_2012
>>> for finding in published_equity_2012().validate():
...     print(finding)
total (2012): printed value cannot be read: a number in Dutch notation (1.234,56); printed 2.44.557; computed 2,414,557
total (2011): printed figure differs from the sum of its parts; printed 2.133.473; computed 2,133,468; difference 5

Moved here from :mod:`wmd.finance.equity`, where the old name still works.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.equity import Equity, Movement, Reserve, ReserveKind, _movements
from wmd.findings import Finding, check_total
from wmd.published.cells import (
    PrintedLine,
    as_items,
    check_name,
    check_unique,
    english_names,
    printed_cells,
    printed_lines,
    read_lines,
)

__all__ = ["PublishedEquity"]


def _texts(value: Iterable[str], where: str) -> tuple[str, ...]:
    items = as_items(value, "columns", "a sequence of column names")
    return tuple(check_name(c, field="columns", where=where) for c in items)


@attrs.frozen
class PublishedEquity:
    """An equity table as printed: reserves per column (``"2012"``, ``"2011"``) and the total.

    Build with :meth:`from_printed`, check with :meth:`validate`, and get the
    :class:`Equity` of a year with :meth:`to_equity`.

    >>> from wmd.datasets import published_equity_2012
    >>> published_equity_2012().columns
    ('2012', '2011')
    """

    columns: tuple[str, ...]
    reserves: tuple[PrintedLine, ...]
    total: tuple[str, ...]

    @classmethod
    def from_printed(
        cls,
        columns: Sequence[str],
        *,
        reserves: Iterable[Sequence[str]],
        total: Sequence[str],
        names_en: Mapping[str, str] | None = None,
    ) -> PublishedEquity:
        """Build from printed rows ``(reserve, cell per column)`` and the printed total row.

        Raises:
            InvalidInputError: for a row without a name and one text cell per column.

        >>> PublishedEquity.from_printed(["2012"], reserves=[("Algemeen", "10")], total=["1O"]).validate()[0].describe("en")
        'total (2012): printed value cannot be read: a number in Dutch notation (1.234,56); printed 1O; computed 10'
        """
        names = _texts(columns, "equity table")
        check_unique(names, "columns", "equity table")
        return cls(
            names,
            printed_lines(
                reserves, len(names), "equity table", english_names(names_en, "equity table")
            ),
            printed_cells(total, len(names), "equity table total"),
        )

    def validate(self) -> list[Finding]:
        """Unreadable figures and totals that are not the sum of the reserves, all at once.

        >>> from wmd.datasets import published_equity_2012
        >>> len(published_equity_2012().validate())
        2
        """
        findings: list[Finding] = []
        sums = read_lines(self.reserves, self.columns, findings)
        for column, printed in zip(self.columns, self.total, strict=True):
            finding = check_total(f"total ({column})", printed, sums[column])
            if finding is not None:
                findings.append(finding)
        return findings

    def to_equity(
        self,
        year: int,
        *,
        closing: str,
        opening: str,
        result: object,
        earmarked: Mapping[str, str] | None = None,
        movements: Iterable[Movement] = (),
    ) -> Equity:
        """The :class:`Equity` of ``year``, balances taken from the ``closing`` and ``opening`` columns.

        ``earmarked`` maps the names of the earmarked reserves to their purpose; the
        other reserves are general.

        Raises:
            InvalidInputError: for an unknown column or reserve, or a balance that
                cannot be read (:meth:`validate` lists those).

        >>> from wmd.datasets import published_equity_2012
        >>> eq = published_equity_2012().to_equity(2012, closing="2012", opening="2011", result=281084,
        ...     earmarked={"Bestemmingsreserves": "toekomstperspectief leden en andere"})
        >>> eq.change  # 2.414.557 - 2.133.468
        Decimal('281089')
        """
        for column in (closing, opening):
            if column not in self.columns:
                raise InvalidInputError(
                    "column",
                    given=column,
                    expected=f"one of {list(self.columns)}",
                    where="equity table",
                )
        purposes = english_names(earmarked, "equity table")
        names = [r.name for r in self.reserves]
        for name in purposes:
            if name not in names:
                raise InvalidInputError(
                    "earmarked", given=name, expected=f"one of {names}", where="equity table"
                )
        end, start = self.columns.index(closing), self.columns.index(opening)

        def reserve(line: PrintedLine) -> Reserve:
            kind = ReserveKind.EARMARKED if line.name in purposes else ReserveKind.GENERAL
            return Reserve(
                line.name,
                line.cells[start],
                line.cells[end],
                kind=kind,
                purpose=purposes.get(line.name),
                name_en=line.name_en,
            )

        return Equity(
            year, tuple(reserve(line) for line in self.reserves), result, _movements(movements)
        )
