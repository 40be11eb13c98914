"""Reading printed cells: Dutch notation, parentheses, dashes, "circa", "1,4 miljard".

A report prints ``2.987.055`` for an amount, ``(12.920)`` for a negative one, ``-``
for nothing, ``65,6`` or ``27%`` for a share, ``circa 231.000`` or ``1,4 miljard``
in its text. Every reader here returns the value *or* a
:class:`~wmd.findings.Finding` for a cell that cannot be read, never both, so a
checker collects every unreadable cell at once:

>>> from wmd.published.cells import read_about, read_percent, read_printed
>>> read_printed("Bijeenkomsten/cursussen", "(12.920)")
(Decimal('-12920'), None)
>>> read_percent("Lokaal welzijnswerk: %", "65,6")[:2]
(Decimal('65.6'), 1)
>>> value, half, problem = read_about("loonsom", "1,4 miljard")
>>> value, half
(Decimal('1400000000.0'), Decimal('50000000.00'))
>>> read_printed("Totaal", "2.44.557")[0] is None
True

:func:`read_printed` and :func:`check_total` live in :mod:`wmd.findings`, because
the registry's reconciliation (a lower layer) reads printed figures with them too;
they are re-exported here. The helpers the income statement and the equity table
share moved here from the private ``wmd.finance._printed``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final

import attrs

from wmd.errors import InvalidInputError
from wmd.finance._checks import (
    as_items,
    check_name,
    check_unique,
    english_names,
    euros,
    optional_name,
    shown,
)
from wmd.findings import Finding, check_total, read_printed
from wmd.members.keyfigures import _percent as percent_of
from wmd.members.keyfigures import _share as share_of
from wmd.money import amount

__all__ = [
    "PrintedLine",
    "about",
    "as_items",
    "check_name",
    "check_total",
    "check_unique",
    "english_names",
    "euros",
    "optional_name",
    "percent_of",
    "printed_cells",
    "printed_lines",
    "read_about",
    "read_count",
    "read_lines",
    "read_percent",
    "read_printed",
    "share_of",
    "shown",
    "without_about",
]


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


def read_percent(what: str, printed: str) -> tuple[Decimal | None, int, Finding | None]:
    """A printed percentage (``"65,6"``, ``"27%"``), its number of decimals, or a finding."""
    text = printed.strip().removesuffix("%").strip()
    try:
        value = amount(text, notation="nl", field=what)
    except InvalidInputError as err:
        note = "printed value cannot be read: {expected}"
        return None, 0, Finding(what, printed, None, None, note, (("expected", err.expected),))
    _, _, decimals = text.partition(",")
    return value, len(decimals), None


def read_count(what: str, printed: str) -> tuple[int | None, Finding | None]:
    """A printed count of members or meetings, or a finding.

    >>> read_count("leden", "765")
    (765, None)
    """
    value, finding = read_printed(what, printed)
    if finding is not None or value is None:
        return None, finding
    if value < 0 or value != value.to_integral_value():
        return None, Finding(what, printed, None, None, "a count must be a whole number >= 0")
    return int(value), None


_IN_WORDS: Final = re.compile(r"(?P<number>[0-9.,]+)\s*(?P<unit>duizend|miljoen|miljard)")
_UNITS: Final = {"duizend": 10**3, "miljoen": 10**6, "miljard": 10**9}
_ABOUT: Final = re.compile(r"^(?:circa|ca\.|ongeveer|about)\s+", re.IGNORECASE)


def without_about(printed: str) -> str:
    """The figure of ``"circa 231.000"`` (also ``ca.``, ``ongeveer``, ``about``) without the word.

    >>> without_about("circa 231.000"), without_about("Ca. 65.100"), without_about("849")
    ('231.000', '65.100', '849')
    """
    return _ABOUT.sub("", printed.strip())


def read_about(what: str, printed: str) -> tuple[Decimal | None, Decimal, Finding | None]:
    """A printed figure, possibly in words ("1,4 miljard"), and half a unit of its last digit.

    >>> read_about("wage sum", "1,4 miljard")[:2]
    (Decimal('1400000000.0'), Decimal('50000000.00'))
    >>> read_about("dues above budget", "circa 231.000")[:2]
    (Decimal('231000'), Decimal('0.5'))
    >>> read_about("employees", "65.100")[:2]
    (Decimal('65100'), Decimal('0.5'))
    """
    text = without_about(printed)
    match = _IN_WORDS.fullmatch(text)
    number, unit = (match["number"], _UNITS[match["unit"]]) if match else (text, 1)
    value, finding = read_printed(what, number, dash_is_zero=False)
    if value is None:
        return None, Decimal(0), finding
    _, _, decimals = number.strip().partition(",")
    half_unit = Decimal(5).scaleb(-len(decimals) - 1) * unit
    return value * unit, half_unit, None


def about(printed: str) -> Decimal:
    """The tolerance of "about <printed>": half a unit of its last significant digit.

    A trailing ``%`` is ignored: "about 6%" is 6 ± 0,5 percentage points.

    Raises:
        InvalidInputError: for text that is not a number in Dutch notation.

    >>> about("231.000"), about("6%"), about("6,5%"), about("281.084")
    (Decimal('500'), Decimal('0.5'), Decimal('0.05'), Decimal('0.5'))
    """
    if not isinstance(printed, str):
        raise InvalidInputError("about", given=printed, expected="a printed number (text)")
    value = amount(without_about(printed).removesuffix("%"), notation="nl", field="about")
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # pragma: no cover - amount() returns finite numbers
        raise InvalidInputError("about", given=printed, expected="a finite number")
    half = Decimal(5).scaleb(exponent - 1)
    return half.quantize(Decimal(1)) if half >= 1 else half
