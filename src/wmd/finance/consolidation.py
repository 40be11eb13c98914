"""A combined income statement of two associations (consolidatie), for a merger decision.

:func:`combine_statements` takes one column of each association's statement and a
mapping of the second association's line names onto the first's (or onto new
names), and returns a statement with a column per association and a combined
column. Lines the mapping does not name keep their own name. A line can only be
mapped onto a line of the same group (income onto income). With ``dues``, a
harmonised column replaces the combined dues line by the harmonised roll's total.

>>> from wmd.finance.statement import IncomeStatement, Line
>>> mo = IncomeStatement(("2014",), income=(Line("Contributies", {"2014": 2600000}),),
...     expenses=(Line("Personeelskosten", {"2014": 1500000}),))
>>> mee = IncomeStatement(("2014",), income=(Line("Contributie leden", {"2014": 900000}),),
...     expenses=(Line("Personeel", {"2014": 700000}), Line("Huisvesting", {"2014": 80000})))
>>> combined = combine_statements(mo, "2014", mee, "2014",
...     mapping={"Contributie leden": "Contributies", "Personeel": "Personeelskosten"},
...     labels=("MOgroep", "MEE"))
>>> combined.column_names
('MOgroep', 'MEE', 'Gecombineerd')
>>> [(line.name, line.value("Gecombineerd")) for line in combined.expenses]
[('Personeelskosten', Decimal('2200000')), ('Huisvesting', Decimal('80000'))]
>>> combined.result("Gecombineerd")
Decimal('1220000')
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from wmd.errors import InvalidInputError
from wmd.finance.statement import Group, HasTotal, IncomeStatement, Line

__all__ = ["COMBINED", "HARMONISED", "combine_statements"]

COMBINED = "Gecombineerd"
"""Name of the combined column."""
HARMONISED = "Geharmoniseerd"
"""Name of the column with the harmonised dues."""

_ZERO = Decimal(0)


def _gather(
    first: IncomeStatement,
    first_column: str,
    second: IncomeStatement,
    second_column: str,
    mapping: Mapping[str, str],
) -> dict[Group, dict[str, list[Decimal]]]:
    """Per group and combined line: the first's and the second's amounts."""
    rows: dict[Group, dict[str, list[Decimal]]] = {Group.INCOME: {}, Group.EXPENSES: {}}
    for group, lines in ((Group.INCOME, first.income), (Group.EXPENSES, first.expenses)):
        for line in lines:
            rows[group][line.name] = [line.value(first_column), _ZERO]
    for group, lines in ((Group.INCOME, second.income), (Group.EXPENSES, second.expenses)):
        for line in lines:
            target = mapping.get(line.name, line.name)
            other = Group.EXPENSES if group is Group.INCOME else Group.INCOME
            if target in rows[other]:
                raise InvalidInputError(
                    "mapping",
                    given=f"{line.name} -> {target}",
                    expected=f"a line of the same group ({group.value})",
                )
            row = rows[group].setdefault(target, [_ZERO, _ZERO])
            row[1] += line.value(second_column)
    return rows


def combine_statements(
    first: IncomeStatement,
    first_column: str,
    second: IncomeStatement,
    second_column: str,
    *,
    mapping: Mapping[str, str],
    labels: tuple[str, str] = ("A", "B"),
    dues: HasTotal | None = None,
    dues_line: str = "Contributies",
) -> IncomeStatement:
    """Combine one column of each statement into one statement.

    Args:
        first: the first association's statement.
        first_column: which of its columns.
        second: the second association's statement.
        second_column: which of its columns.
        mapping: a line name of ``second`` → the combined line it goes into (a line
            of ``first`` or a new name).
        labels: the names of the two associations' columns.
        dues: a harmonised dues roll (anything with a ``total``); adds a column in
            which ``dues_line`` is that total.
        dues_line: the combined dues line.

    Raises:
        InvalidInputError: for a mapping from a line ``second`` does not have, onto
            a line of the other group, for equal labels, or for a ``dues_line`` that
            is not an income line of the result.
    """
    if labels[0] == labels[1] or COMBINED in labels or HARMONISED in labels:
        raise InvalidInputError(
            "labels", given=labels, expected="two different names for the columns"
        )
    unknown = sorted(set(mapping) - {line.name for line in second.income + second.expenses})
    if unknown:
        raise InvalidInputError(
            "mapping", given=unknown, expected="line names of the second statement"
        )
    rows = _gather(first, first_column, second, second_column, mapping)
    columns = [labels[0], labels[1], COMBINED]
    if dues is not None:
        if dues_line not in rows[Group.INCOME]:
            raise InvalidInputError(
                "dues_line", given=dues_line, expected="an income line of the combined statement"
            )
        columns.append(HARMONISED)

    def make(group: Group) -> tuple[Line, ...]:
        out = []
        for name, (a, b) in rows[group].items():
            amounts = {labels[0]: a, labels[1]: b, COMBINED: a + b}
            if dues is not None:
                amounts[HARMONISED] = (
                    dues.total if name == dues_line and group is Group.INCOME else a + b
                )
            out.append(Line(name, amounts))
        return tuple(out)

    return IncomeStatement(tuple(columns), income=make(Group.INCOME), expenses=make(Group.EXPENSES))
