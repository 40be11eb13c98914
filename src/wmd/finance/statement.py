"""The statement of income and expenses (staat van baten en lasten).

An :class:`IncomeStatement` holds named lines in two groups, income (baten) and
expenses (lasten), each in the order given, and any number of labelled columns
(actual 2012, budget 2012, actual 2011, budget 2013, ...). Every line has an amount
in every column; a negative income line, such as meetings run at a loss, is
ordinary. The totals and the result (income minus expenses) are computed, never
stored, so they always agree with the lines:

>>> from decimal import Decimal
>>> from wmd.finance.statement import Column, Group, IncomeStatement, Line
>>> s = IncomeStatement(
...     columns=(Column.actual(2012), Column.budget(2012)),
...     income=(
...         Line("Contributies", {"Realisatie 2012": "2.987.055", "Begroting 2012": "2.756.000"}),
...         Line("Bijeenkomsten/cursussen", {"Realisatie 2012": "(12.920)", "Begroting 2012": "-"}),
...     ),
...     expenses=(Line("Personeelskosten", {"Realisatie 2012": 1657424, "Begroting 2012": 1716800}),),
... )
>>> s.total(Group.INCOME, "Realisatie 2012"), s.result("Begroting 2012")
(Decimal('2974135'), Decimal('1039200'))

Amounts are read with :func:`wmd.money.amount` (Dutch notation, parentheses for a
negative amount, a dash for nothing) and must be whole cents.

Variance
--------
:meth:`IncomeStatement.variance` compares a line, a total or the result between two
columns, absolute and in percent of the second column; against zero the percentage
is undefined (``None``), shown as ``n.v.t.`` / ``n/a``:

>>> v = s.variance("Contributies", "Realisatie 2012", "Begroting 2012")
>>> v.absolute, v.percent()
(Decimal('231055'), Decimal('8.4'))
>>> s.variance("Bijeenkomsten/cursussen", "Realisatie 2012", "Begroting 2012").percent() is None
True

Published figures
-----------------
A statement typed over from a printed report, with its printed totals, is a
:class:`~wmd.published.statement.PublishedStatement` (the old name here still works).

Budget lines from other calculations
------------------------------------
:meth:`IncomeStatement.with_dues` sets the dues line of a column from anything
with a ``total`` amount (a dues roll), and :meth:`IncomeStatement.with_plus_dues`
sets plus-dues lines from ``(name, amount)`` pairs, so a budget agrees with the
calculation it came from.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Protocol

import attrs

from wmd.errors import InvalidInputError
from wmd.finance._checks import (
    as_items,
    check_name,
    check_unique,
    euros,
    optional_name,
    shown,
)
from wmd.i18n import format_percent, label, locale_of, resolve_lang
from wmd.money import RoundingPolicy
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

    from wmd.published.cells import PrintedLine as PrintedLine  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.statement import PublishedStatement as PublishedStatement  # noqa: PLC0414 - re-export of a moved name

__all__ = [
    "Column",
    "Group",
    "HasTotal",
    "IncomeStatement",
    "Line",
    "Total",
    "Variance",
]


class Group(enum.StrEnum):
    """The two groups of lines: income (baten) and expenses (lasten).

    >>> Group("expenses") is Group.EXPENSES
    True
    """

    INCOME = "income"
    EXPENSES = "expenses"


class Total(enum.Enum):
    """A computed figure of a statement: the total of a group, or the result.

    Not a string enum on purpose, so a total can never be mistaken for a line name.

    >>> Total.RESULT.value
    'result'
    """

    INCOME = "income"
    EXPENSES = "expenses"
    RESULT = "result"


class HasTotal(Protocol):
    """Anything with a ``total`` amount, such as a dues roll.

    >>> import attrs
    >>> @attrs.frozen
    ... class Roll:
    ...     total: Decimal
    >>> def dues_of(source: HasTotal) -> Decimal:
    ...     return source.total
    >>> dues_of(Roll(Decimal("2756000")))
    Decimal('2756000')
    """

    @property
    def total(self) -> Decimal:
        """The total amount, in euros."""


# --- columns and lines --------------------------------------------------------------------


@attrs.frozen(init=False)
class Column:
    """A labelled column of a statement; ``name`` is the key, ``name_en`` its English label.

    >>> Column.actual(2012)
    Column(name='Realisatie 2012', name_en='Actual 2012')
    >>> Column("Begroting 2013").label("en")
    'Begroting 2013'
    """

    name: str
    name_en: str | None = None

    def __init__(self, name: str, name_en: str | None = None) -> None:
        where = f"column {name!r}"
        self.__attrs_init__(
            check_name(name, field="name", where="column"),
            optional_name(name_en, field="name_en", where=where),
        )

    @classmethod
    def actual(cls, year: int) -> Column:
        """The actual figures of a year: ``Realisatie 2012`` / ``Actual 2012``.

        >>> Column.actual(2011).name
        'Realisatie 2011'
        """
        return cls(f"{label('actual').capitalize()} {year}", f"Actual {year}")

    @classmethod
    def budget(cls, year: int) -> Column:
        """The budget of a year: ``Begroting 2013`` / ``Budget 2013``.

        >>> Column.budget(2013).name_en
        'Budget 2013'
        """
        return cls(f"{label('budget').capitalize()} {year}", f"Budget {year}")

    def label(self, lang: str | None = None) -> str:
        """The header shown in ``lang``; the name when there is no English label.

        >>> Column.actual(2012).label("en")
        'Actual 2012'
        """
        locale_of(lang)
        return self.name_en if resolve_lang(lang) == "en" and self.name_en else self.name


def _column(value: Column | str) -> Column:
    return value if isinstance(value, Column) else Column(value)


def _columns(value: Iterable[Column | str]) -> tuple[Column, ...]:
    items = as_items(value, "columns", "a sequence of columns or column names")
    return tuple(_column(c) for c in items)  # type: ignore[arg-type]  # checked by Column


@attrs.frozen(init=False)
class Line:
    """One named line with an amount per column.

    ``amounts`` maps a column name to an amount (a ``Decimal``, an ``int`` or text as
    printed: ``"2.987.055"``, ``"(12.920)"``, ``"-"``); amounts are whole cents.
    ``name_en`` is the optional English name used when rendering in English.

    Raises:
        InvalidInputError: for an empty name, a column that is not text, or a value
            that is not an amount of euros.

    >>> line = Line("Contributies", {"Realisatie 2012": "2.987.055"}, name_en="Dues")
    >>> line.value("Realisatie 2012")
    Decimal('2987055')
    >>> Line("Overige", {"Realisatie 2012": 247521.004})
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: line 'Overige': Realisatie 2012: expected a whole number of cents, got Decimal('247521.004')
    """

    name: str
    amounts: tuple[tuple[str, Decimal], ...]
    name_en: str | None = None

    def __init__(
        self,
        name: str,
        amounts: Mapping[str, object] | Iterable[tuple[str, object]],
        *,
        name_en: str | None = None,
    ) -> None:
        check_name(name, field="name", where="line")
        where = f"line {name!r}"
        try:
            pairs = dict(amounts)
        except (TypeError, ValueError):
            raise InvalidInputError(
                "amounts", given=amounts, expected="a mapping of column name to amount", where=where
            ) from None
        converted = tuple(
            (
                check_name(column, field="column", where=where),
                euros(value, field=str(column), where=where),
            )
            for column, value in pairs.items()
        )
        self.__attrs_init__(name, converted, optional_name(name_en, field="name_en", where=where))

    @property
    def columns(self) -> tuple[str, ...]:
        """The column names this line has an amount for.

        >>> Line("PR", {"Realisatie 2012": 95514, "Begroting 2012": 107900}).columns
        ('Realisatie 2012', 'Begroting 2012')
        """
        return tuple(column for column, _ in self.amounts)

    def value(self, column: str) -> Decimal:
        """The amount in a column.

        Raises:
            InvalidInputError: for a column the line does not have.

        >>> Line("PR", {"Realisatie 2012": 95514}).value("Begroting 2012")
        Traceback (most recent call last):
        ...
        wmd.errors.InvalidInputError: line 'PR': column: expected one of ['Realisatie 2012'], got 'Begroting 2012'
        """
        for name, value in self.amounts:
            if name == column:
                return value
        raise InvalidInputError(
            "column",
            given=column,
            expected=f"one of {list(self.columns)}",
            where=f"line {self.name!r}",
        )

    def label(self, lang: str | None = None) -> str:
        """The name shown in ``lang``: the English name if there is one, else the name.

        >>> Line("PR", {}).label("en")
        'PR'
        """
        locale_of(lang)
        return self.name_en if resolve_lang(lang) == "en" and self.name_en else self.name


def _lines(value: Iterable[Line]) -> tuple[Line, ...]:
    return as_items(value, "lines", "a sequence of Line objects")  # type: ignore[return-value]  # checked after init


def _group(value: object) -> Group:
    if isinstance(value, str) and value in {g.value for g in Group}:
        return Group(value)
    raise InvalidInputError("group", given=value, expected=f"one of {[g.value for g in Group]}")


# --- variance -----------------------------------------------------------------------------


@attrs.frozen
class Variance:
    """The difference of one figure between two columns: ``value - base``.

    Attributes:
        what: the line name or the :class:`Total` compared.
        column, against: the two column names (``value`` is in ``column``).
        value, base: the two amounts.

    >>> v = Variance("Contributies", "Realisatie 2012", "Begroting 2012", Decimal(2987055), Decimal(2756000))
    >>> v.absolute, v.ratio
    (Decimal('231055'), Fraction(46211, 551200))
    """

    what: str | Total
    column: str
    against: str
    value: Decimal
    base: Decimal

    @property
    def absolute(self) -> Decimal:
        """``value - base``."""
        return self.value - self.base

    @property
    def ratio(self) -> Fraction | None:
        """The difference as an exact fraction of ``|base|``; ``None`` against zero.

        Dividing by the size of the base keeps the sign of the difference: a smaller
        loss is an improvement even though both amounts are negative.
        """
        if self.base == 0:
            return None
        return Fraction(self.absolute) / abs(Fraction(self.base))

    def percent(self, decimals: int = 1) -> Decimal | None:
        """The difference in percent of ``|base|``, rounded half up; ``None`` against zero.

        >>> Variance("x", "a", "b", Decimal(-3), Decimal(-4)).percent()
        Decimal('25.0')
        """
        if decimals not in (0, 1, 2):
            raise InvalidInputError("decimals", given=decimals, expected="0, 1 or 2")
        ratio = self.ratio
        if ratio is None:
            return None
        return RoundingPolicy(Decimal(1).scaleb(-decimals)).round(ratio * 100)


# --- the statement ------------------------------------------------------------------------

_GROUP_OF_TOTAL: Final = {Total.INCOME: Group.INCOME, Total.EXPENSES: Group.EXPENSES}


@attrs.frozen
class IncomeStatement(Tabular):
    """Income and expenses in labelled columns, with their totals and the result.

    Attributes:
        columns: the columns, in order (``Column`` or a name).
        income: the income lines (baten), in the order shown.
        expenses: the expense lines (lasten), in the order shown.

    Raises:
        InvalidInputError: for no columns, two columns or two lines with one name,
            or a line whose columns are not exactly the statement's.

    >>> IncomeStatement(("Realisatie 2012",), income=(Line("PR", {}),))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: line 'PR': amounts: expected an amount in every column ['Realisatie 2012'], got 'missing Realisatie 2012'
    """

    columns: tuple[Column, ...] = attrs.field(converter=_columns)
    income: tuple[Line, ...] = attrs.field(default=(), converter=_lines)
    expenses: tuple[Line, ...] = attrs.field(default=(), converter=_lines)

    def __attrs_post_init__(self) -> None:
        if not self.columns:
            raise InvalidInputError(
                "columns", given=(), expected="at least one column", where="income statement"
            )
        check_unique([c.name for c in self.columns], "columns", "income statement")
        lines = self.income + self.expenses
        for line in lines:
            if not isinstance(line, Line):
                raise InvalidInputError(
                    "lines", given=line, expected="Line objects", where="income statement"
                )
        check_unique([line.name for line in lines], "lines", "income statement")
        names = self.column_names
        for line in lines:
            missing = [c for c in names if c not in line.columns]
            extra = [c for c in line.columns if c not in names]
            if missing or extra:
                given = "; ".join(
                    part
                    for part in (
                        f"missing {', '.join(missing)}" if missing else "",
                        f"unknown {', '.join(extra)}" if extra else "",
                    )
                    if part
                )
                raise InvalidInputError(
                    "amounts",
                    given=given,
                    expected=f"an amount in every column {list(names)}",
                    where=f"line {line.name!r}",
                )

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in order.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().column_names
        ('Realisatie 2012', 'Begroting 2012')
        """
        return tuple(c.name for c in self.columns)

    def _check_column(self, column: str) -> str:
        if column not in self.column_names:
            raise InvalidInputError(
                "column",
                given=column,
                expected=f"one of {list(self.column_names)}",
                where="income statement",
            )
        return column

    def line(self, name: str) -> Line:
        """The line with a name.

        Raises:
            InvalidInputError: for a name that is not a line of the statement.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().line("Contributies").name_en
        'Dues'
        """
        for line in self.income + self.expenses:
            if line.name == name:
                return line
        raise InvalidInputError(
            "line", given=name, expected="the name of a line", where="income statement"
        )

    def group_of(self, name: str) -> Group:
        """Whether a line is income or an expense.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().group_of("PR")
        <Group.EXPENSES: 'expenses'>
        """
        line = self.line(name)
        return Group.INCOME if line in self.income else Group.EXPENSES

    def total(self, group: Group, column: str) -> Decimal:
        """The total of a group of lines in a column.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().total(Group.EXPENSES, "Begroting 2012")
        Decimal('3223200')
        """
        self._check_column(column)
        lines = self.income if _group(group) is Group.INCOME else self.expenses
        return sum((line.value(column) for line in lines), Decimal(0))

    def result(self, column: str) -> Decimal:
        """Income minus expenses in a column (saldo); positive is a surplus.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().result("Begroting 2012")
        Decimal('68800')
        """
        return self.total(Group.INCOME, column) - self.total(Group.EXPENSES, column)

    def figure(self, what: str | Total, column: str) -> Decimal:
        """The amount of a line (by name) or of a :class:`Total` in a column.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().figure(Total.INCOME, "Realisatie 2012")
        Decimal('3755023')
        """
        if isinstance(what, Total):
            if what is Total.RESULT:
                return self.result(column)
            return self.total(_GROUP_OF_TOTAL[what], column)
        self._check_column(column)
        return self.line(what).value(column)

    def variance(self, what: str | Total, column: str, against: str) -> Variance:
        """The variance of a line or total: its amount in ``column`` minus that in ``against``.

        >>> from wmd.datasets import published_statement_2012
        >>> v = published_statement_2012().to_statement().variance(Total.RESULT, "Realisatie 2012", "Begroting 2012")
        >>> v.absolute, v.percent()
        (Decimal('212284'), Decimal('308.6'))
        """
        return Variance(
            what, column, against, self.figure(what, column), self.figure(what, against)
        )

    def variances(self, column: str, against: str) -> tuple[Variance, ...]:
        """The variance of every line, both totals and the result, in table order.

        >>> from wmd.datasets import published_statement_2012
        >>> [str(v.absolute) for v in published_statement_2012().to_statement().variances("Realisatie 2012", "Begroting 2012")][-3:]
        ['-12698', '250739', '212284']
        """
        whats: list[str | Total] = [line.name for line in self.income]
        whats.append(Total.INCOME)
        whats += [line.name for line in self.expenses]
        whats += [Total.EXPENSES, Total.RESULT]
        return tuple(self.variance(what, column, against) for what in whats)

    # --- building changed copies ----------------------------------------------------------

    def with_line(
        self, name: str, column: str, value: object, *, group: Group | None = None
    ) -> IncomeStatement:
        """A copy with one amount set; a new line goes at the end of its group.

        A new line is income unless ``group`` says otherwise, and gets zero (nothing)
        in the other columns, as a report prints a dash for a line a column lacks.

        Raises:
            InvalidInputError: for an unknown column, a value that is not an amount,
                or a ``group`` that is not the existing line's group.

        >>> from wmd.datasets import published_statement_2012
        >>> s = published_statement_2012().to_statement().with_line("AMW", "Begroting 2012", 25000)
        >>> s.line("AMW").value("Realisatie 2012"), s.total(Group.INCOME, "Begroting 2012")
        (Decimal('0'), Decimal('3317000'))
        """
        self._check_column(column)
        new = euros(value, field=column, where=f"line {name!r}")
        names = [line.name for line in self.income + self.expenses]
        if name not in names:
            values = {c: (new if c == column else Decimal(0)) for c in self.column_names}
            line = Line(name, values)
            if group is None or _group(group) is Group.INCOME:
                return attrs.evolve(self, income=(*self.income, line))
            return attrs.evolve(self, expenses=(*self.expenses, line))
        current = self.group_of(name)
        if group is not None and _group(group) is not current:
            raise InvalidInputError(
                "group",
                given=group,
                expected=f"{current.value}, the line's group",
                where=f"line {name!r}",
            )

        def changed(line: Line) -> Line:
            if line.name != name:
                return line
            amounts = {c: (new if c == column else v) for c, v in line.amounts}
            return Line(name, amounts, name_en=line.name_en)

        return attrs.evolve(
            self,
            income=tuple(changed(line) for line in self.income),
            expenses=tuple(changed(line) for line in self.expenses),
        )

    def with_dues(
        self, source: HasTotal, column: str, *, name: str = "Contributies"
    ) -> IncomeStatement:
        """A copy whose dues line in ``column`` is ``source.total`` (a dues roll's total).

        >>> import attrs
        >>> @attrs.frozen
        ... class Roll:
        ...     total: Decimal
        >>> from wmd.datasets import published_statement_2012
        >>> s = published_statement_2012().to_statement().with_dues(Roll(Decimal("2800000")), "Begroting 2012")
        >>> s.result("Begroting 2012")  # 68.800 + (2.800.000 - 2.756.000)
        Decimal('112800')
        """
        total = getattr(source, "total", None)
        if total is None:
            raise InvalidInputError(
                "source", given=source, expected="an object with a total amount", where="dues"
            )
        return self.with_line(name, column, total, group=Group.INCOME)

    def with_plus_dues(self, lines: Iterable[tuple[str, Decimal]], column: str) -> IncomeStatement:
        """A copy with plus-dues income lines set in ``column`` from ``(name, amount)`` pairs.

        >>> from wmd.datasets import published_statement_2012
        >>> s = published_statement_2012().to_statement().with_plus_dues(
        ...     [("Pluscontributie AMW", Decimal(25000)), ("Pluscontributie SRW", Decimal(10000))],
        ...     "Begroting 2012")
        >>> [line.name for line in s.income][-2:], s.total(Group.INCOME, "Begroting 2012")
        (['Pluscontributie AMW', 'Pluscontributie SRW'], Decimal('3327000'))
        """
        result = self
        for pair in as_items(lines, "lines", "(name, amount) pairs", "plus dues"):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidInputError(
                    "lines", given=pair, expected="(name, amount) pairs", where="plus dues"
                )
            name, value = pair
            result = result.with_line(name, column, value, group=Group.INCOME)
        return result

    # --- rendering ------------------------------------------------------------------------

    def table(self, lang: str | None = None, *, variance: tuple[str, str] | None = None) -> Table:
        """The statement for people, in ``"nl"`` or ``"en"``.

        Group headings, then the lines with their totals, then the result; negative
        amounts in parentheses and nothing (zero) as a dash. With
        ``variance=(column, against)`` two columns are added: the difference and the
        difference in percent of ``against``.

        >>> from wmd.datasets import published_statement_2012
        >>> print(published_statement_2012().to_statement().table("en").to_text().splitlines()[0])
        Income statement
        """
        locale_of(lang)
        pair = None
        if variance is not None:
            if not isinstance(variance, tuple | list) or len(variance) != 2:
                raise InvalidInputError(
                    "variance", given=variance, expected="a pair (column, against)"
                )
            pair = (self._check_column(variance[0]), self._check_column(variance[1]))
        headers = ["", *(c.label(lang) for c in self.columns)]
        if pair is not None:
            headers += [label("variance", lang).capitalize(), "%"]

        def cells(what: str | Total) -> list[str]:
            out = [shown(self.figure(what, c), lang) for c in self.column_names]
            if pair is not None:
                v = self.variance(what, *pair)
                pct = v.percent()
                out += [
                    shown(v.absolute, lang),
                    format_percent(None if pct is None else pct.scaleb(-2), lang),
                ]
            return out

        blank = [""] * (len(headers) - 1)
        rows: list[list[str]] = []
        totals: set[int] = set()
        for group, lines, total in (
            (Group.INCOME, self.income, Total.INCOME),
            (Group.EXPENSES, self.expenses, Total.EXPENSES),
        ):
            if rows:
                rows.append(["", *blank])
            rows.append([label(group.value, lang).capitalize(), *blank])
            rows += [[line.label(lang), *cells(line.name)] for line in lines]
            totals.add(len(rows))
            title = f"{label('total', lang).capitalize()} {label(group.value, lang)}"
            rows.append([title, *cells(total)])
        totals.add(len(rows))
        rows.append([label("result", lang).capitalize(), *cells(Total.RESULT)])
        return Table(
            title=label("income statement", lang).capitalize(),
            columns=headers,
            rows=rows,
            align="l" + "r" * (len(headers) - 1),
            total_rows=frozenset(totals),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per line: group, line name, English name and a ``Decimal`` per column.

        Totals are left out so that summing a column gives them.

        >>> from wmd.datasets import published_statement_2012
        >>> published_statement_2012().to_statement().to_pandas().shape
        (14, 5)
        """
        pd_mod = require_pandas()
        records = [
            {
                "group": group.value,
                "line": line.name,
                "name_en": line.name_en,
                **{c: line.value(c) for c in self.column_names},
            }
            for group, lines in ((Group.INCOME, self.income), (Group.EXPENSES, self.expenses))
            for line in lines
        ]
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            records, columns=["group", "line", "name_en", *self.column_names]
        )
        return frame


_MOVED: Final = frozenset({"PublishedStatement"})


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The printed statement moved to :mod:`wmd.published.statement`; the old name still works."""
        if name in _MOVED:
            import importlib  # noqa: PLC0415 - wmd.published.statement imports this module

            return getattr(importlib.import_module("wmd.published.statement"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
