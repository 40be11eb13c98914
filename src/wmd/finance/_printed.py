"""Lines of a report as printed, and the small checks the finance tables share.

Private to :mod:`wmd.finance`: the income statement and the equity table read
printed rows the same way through these helpers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from wmd.errors import InvalidInputError
from wmd.findings import Finding, read_printed
from wmd.i18n import format_amount
from wmd.money import amount, to_cents

__all__ = [
    "PrintedLine",
    "as_items",
    "check_name",
    "check_unique",
    "english_names",
    "euros",
    "optional_name",
    "printed_cells",
    "printed_lines",
    "read_lines",
    "shown",
]


def check_name(value: object, *, field: str, where: str) -> str:
    """Return ``value`` if it is non-empty text, else raise (shared by the finance tables).

    >>> check_name("Contributies", field="name", where="line")
    'Contributies'
    >>> check_name("  ", field="name", where="line")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: line: name: expected non-empty text, got '  '
    """
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(field, given=value, expected="non-empty text", where=where)
    return value


def euros(value: object, *, field: str, where: str) -> Decimal:
    """Read an amount of whole cents (text as printed, a dash for nothing), or raise.

    >>> euros("(12.920)", field="Realisatie 2012", where="line 'Bijeenkomsten'")
    Decimal('-12920')
    >>> euros("$ 5", field="Realisatie 2012", where="line 'Overige'")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: line 'Overige': Realisatie 2012: expected a number in Dutch notation (1.234,56), got '$ 5'
    """
    result = amount(value, notation="nl", dash_is_zero=True, field=field, where=where)
    to_cents(result, field=field, where=where)
    return result


def optional_name(value: object, *, field: str, where: str) -> str | None:
    return None if value is None else check_name(value, field=field, where=where)


def as_items(
    value: object, field: str, expected: str, where: str = "income statement"
) -> tuple[object, ...]:
    """The items of a collection argument; text or a non-collection raises."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidInputError(field, given=value, expected=expected, where=where)
    return tuple(value)


def english_names(value: object, where: str) -> dict[str, str]:
    """An optional mapping of names to English names (or purposes), as a dict."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            "names", given=value, expected="a mapping of name to text", where=where
        )
    return dict(value)


def check_unique(names: Sequence[str], field: str, where: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InvalidInputError(field, given=name, expected="unique names", where=where)
        seen.add(name)


def shown(value: Decimal, lang: str) -> str:
    """An amount in report style: whole euros, negatives in parentheses, nothing as a dash."""
    return "-" if value == 0 else format_amount(value, lang)


@attrs.frozen
class PrintedLine:
    """One printed line: its name and every cell as printed text.

    >>> PrintedLine("Overige", ("247.521", "77.000")).cells
    ('247.521', '77.000')
    """

    name: str
    cells: tuple[str, ...]
    name_en: str | None = None


def printed_lines(
    rows: Iterable[Sequence[str]], count: int, where: str, names_en: Mapping[str, str]
) -> tuple[PrintedLine, ...]:
    """Printed rows ``(name, cell, ...)`` with ``count`` cells each, as :class:`PrintedLine`.

    >>> printed_lines([("PR", "95.514")], 1, "expenses", {"PR": "PR"})
    (PrintedLine(name='PR', cells=('95.514',), name_en='PR'),)
    """
    out = []
    for index, row in enumerate(as_items(rows, "rows", "a sequence of printed rows", where)):
        cells = tuple(row) if isinstance(row, Sequence) and not isinstance(row, str) else ()
        if len(cells) != count + 1 or not all(isinstance(c, str) for c in cells):
            raise InvalidInputError(
                "row",
                given=row,
                expected=f"a name and {count} cells of printed text",
                where=f"{where}, row {index + 1}",
            )
        name = check_name(cells[0], field="name", where=f"{where}, row {index + 1}")
        out.append(PrintedLine(name, cells[1:], names_en.get(name)))
    return tuple(out)


def printed_cells(cells: Sequence[str], count: int, where: str) -> tuple[str, ...]:
    """A printed total row of ``count`` text cells.

    >>> printed_cells(["3.755.023", "3.292.000"], 2, "Totaal baten")
    ('3.755.023', '3.292.000')
    """
    out = tuple(cells) if isinstance(cells, Sequence) and not isinstance(cells, str) else ()
    if len(out) != count or not all(isinstance(c, str) for c in out):
        raise InvalidInputError(
            "cells", given=cells, expected=f"{count} cells of printed text", where=where
        )
    return out


def read_lines(
    lines: Sequence[PrintedLine], columns: Sequence[str], findings: list[Finding]
) -> dict[str, Decimal | None]:
    """The sum of each column of printed lines; ``None`` where a cell is unreadable.

    Every unreadable cell is added to ``findings``.

    >>> found: list[Finding] = []
    >>> read_lines([PrintedLine("a", ("1.000",)), PrintedLine("b", ("(250)",))], ["2012"], found)
    {'2012': Decimal('750')}
    """
    sums: dict[str, Decimal | None] = dict.fromkeys(columns, Decimal(0))
    for line in lines:
        for column, text in zip(columns, line.cells, strict=True):
            value, finding = read_printed(f"{line.name} ({column})", text)
            if finding is not None:
                findings.append(finding)
            current = sums[column]
            sums[column] = None if value is None or current is None else current + value
    return sums
