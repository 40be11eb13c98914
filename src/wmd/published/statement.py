"""An income statement as printed: every figure kept as text, with its printed totals.

A statement typed over from a printed report is kept as text in a
:class:`PublishedStatement`, *with* its printed totals and result.
:meth:`PublishedStatement.validate` recomputes every total and returns
:class:`~wmd.findings.Finding` records, all at once; a figure that cannot be read is
a finding too. The 2012 statement is bundled with :mod:`wmd.datasets`:

>>> from wmd.datasets import published_statement_2012
>>> published_statement_2012().validate()
[]
>>> print(published_statement_2012().to_statement().result("Realisatie 2012"))
281084

Moved here from :mod:`wmd.finance.statement`, where the old name still works.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from wmd.finance.statement import Column, IncomeStatement, Line, _columns
from wmd.findings import Finding, check_total
from wmd.published.cells import (
    PrintedLine,
    english_names,
    printed_cells,
    printed_lines,
    read_lines,
)

__all__ = ["PublishedStatement"]


@attrs.frozen
class PublishedStatement:
    """An income statement as printed, every figure kept as text, with its printed totals.

    Build it with :meth:`from_printed`, check it with :meth:`validate`, and get the
    :class:`IncomeStatement` of its lines with :meth:`to_statement`.

    >>> from wmd.datasets import published_statement_2012
    >>> published_statement_2012().expenses_total
    ('3.473.939', '3.223.200')
    """

    columns: tuple[Column, ...]
    income: tuple[PrintedLine, ...]
    income_total: tuple[str, ...]
    expenses: tuple[PrintedLine, ...]
    expenses_total: tuple[str, ...]
    result: tuple[str, ...]

    @classmethod
    def from_printed(
        cls,
        columns: Iterable[Column | str],
        *,
        income: Iterable[Sequence[str]],
        income_total: Sequence[str],
        expenses: Iterable[Sequence[str]],
        expenses_total: Sequence[str],
        result: Sequence[str],
        names_en: Mapping[str, str] | None = None,
    ) -> PublishedStatement:
        """Build from printed rows ``(name, cell per column)`` and the printed totals and result.

        Raises:
            InvalidInputError: for a row without a name and one text cell per column.

        >>> p = PublishedStatement.from_printed(
        ...     ["2012"], income=[("Contributies", "100"), ("Overige", "2.44.5")],
        ...     income_total=["102"], expenses=[("PR", "-")], expenses_total=["0"], result=["102"])
        >>> [str(f) for f in p.validate()]
        ['Overige (2012): printed value cannot be read: a number in Dutch notation (1.234,56); printed 2.44.5',
         'total income (2012): cannot be recomputed: a part is unreadable; printed 102',
         'result (2012): cannot be recomputed: a part is unreadable; printed 102']
        """
        cols = _columns(columns)
        count = len(cols)
        english = english_names(names_en, "printed statement")
        return cls(
            cols,
            printed_lines(income, count, "income", english),
            printed_cells(income_total, count, "income total"),
            printed_lines(expenses, count, "expenses", english),
            printed_cells(expenses_total, count, "expenses total"),
            printed_cells(result, count, "result"),
        )

    def validate(self) -> list[Finding]:
        """Every problem at once: unreadable figures, and totals or a result that do not add up.

        Totals and the result are recomputed from the printed lines (nl names).

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().validate()
        []
        """
        names = [c.name for c in self.columns]
        findings: list[Finding] = []
        income = read_lines(self.income, names, findings)
        expenses = read_lines(self.expenses, names, findings)
        for index, column in enumerate(names):
            got_in, got_ex = income[column], expenses[column]
            result = None if got_in is None or got_ex is None else got_in - got_ex
            for what, printed, computed in (
                ("total income", self.income_total[index], got_in),
                ("total expenses", self.expenses_total[index], got_ex),
                ("result", self.result[index], result),
            ):
                finding = check_total(f"{what} ({column})", printed, computed)
                if finding is not None:
                    findings.append(finding)
        return findings

    def to_statement(self) -> IncomeStatement:
        """The :class:`IncomeStatement` of the printed lines (printed totals are not used).

        Raises:
            InvalidInputError: when a line's figure cannot be read; :meth:`validate`
                lists every such figure.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().result("Realisatie 2012")
        Decimal('281084')
        """
        names = [c.name for c in self.columns]

        def line(printed: PrintedLine) -> Line:
            return Line(
                printed.name, zip(names, printed.cells, strict=True), name_en=printed.name_en
            )

        return IncomeStatement(
            self.columns,
            income=tuple(line(p) for p in self.income),
            expenses=tuple(line(p) for p in self.expenses),
        )
