"""Claims in a report's text, stated explicitly and checked against the figures.

An annual report's text says things about its tables: "dues were about 231.000
above budget", "compared with 2011, dues fell by about 6%", "the surplus was added
to the earmarked reserve". Each such sentence can be written down as a small claim
object and checked the same way as a printed table: :meth:`check` returns a list of
:class:`~wmd.findings.Finding` records, empty when the claim holds.

* :class:`DifferenceClaim` -- a figure of an income statement (a line, a total or
  the result) in one column is some amount, or some percentage, above or below the
  same figure in another column.
* :class:`AppropriationClaim` -- the year's result was added to a reserve.

"About" is explicit: a claim's ``tolerance`` is how far the true figure may be from
the printed one. Left out, it is half a unit of the last significant digit printed,
the reading of a rounded number (see :func:`about`): "about 231.000" allows 500 either
way, "about 6%" half a percentage point.

>>> from wmd.published.claims import DifferenceClaim, Direction
>>> from wmd.datasets import published_statement_2012
>>> statement = published_statement_2012().to_statement()
>>> claim = DifferenceClaim("dues were about 231.000 above budget", "Contributies",
...                         "Realisatie 2012", "Begroting 2012", Direction.UP, "231.000")
>>> claim.check(statement)  # 2.987.055 - 2.756.000 = 231.055, within 500 of 231.000
[]
>>> wrong = DifferenceClaim("dues were about 213.000 above budget", "Contributies",
...                         "Realisatie 2012", "Begroting 2012", Direction.UP, "213.000")
>>> print(wrong.check(statement)[0])
dues were about 213.000 above budget: the claim is off by more than 500; printed 213.000; computed 231,055; difference -18,055

Moved here from :mod:`wmd.finance.claims`, where the old names still work.

A number in a claim that cannot be read is a finding, not an error; a line, column or
reserve that does not exist is a wrong argument and raises
:class:`~wmd.errors.InvalidInputError`.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.equity import Equity, MovementKind
from wmd.finance.statement import IncomeStatement, Total
from wmd.findings import Finding, read_printed
from wmd.i18n import format_amount
from wmd.money import CENTS, amount
from wmd.published.cells import about

__all__ = ["AppropriationClaim", "DifferenceClaim", "Direction", "about"]


class Direction(enum.StrEnum):
    """Which way a claim says a figure moved: ``UP`` (above, rose) or ``DOWN`` (below, fell).

    >>> Direction("down") is Direction.DOWN
    True
    """

    UP = "up"
    DOWN = "down"


def _tolerance(value: object) -> Decimal:
    result = amount(value, field="tolerance", where="claim")
    if result < 0:
        raise InvalidInputError("tolerance", given=value, expected="an amount >= 0", where="claim")
    return result


def _optional_tolerance(value: object) -> Decimal | None:
    return None if value is None else _tolerance(value)


def _exact(value: Fraction) -> Decimal:
    """An exact figure for a finding: whole euros as they are, anything else to the cent."""
    rounded = CENTS.round(value)
    return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral_value() else rounded


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("text", given=value, expected="text", where="claim")
    return value


def _direction(value: object) -> Direction:
    if isinstance(value, str) and value in {d.value for d in Direction}:
        return Direction(value)
    raise InvalidInputError(
        "direction", given=value, expected="Direction.UP or Direction.DOWN", where="claim"
    )


def _off(
    text: str,
    printed: str,
    claimed: Fraction,
    computed: Fraction,
    tolerance: Decimal,
    *,
    percent: bool,
) -> list[Finding]:
    """A finding when ``claimed`` is further than ``tolerance`` from ``computed``; else none."""
    difference = claimed - computed
    if abs(difference) <= tolerance:
        return []
    note = "the claim is off by more than {tolerance}"
    args: tuple[tuple[str, object], ...] = (("tolerance", tolerance),)
    if computed < 0 < claimed:
        note, args = "the figure moved the other way", ()
    exact = _exact(computed), _exact(difference)
    return [Finding(text, printed, *exact, note, args, percent=percent)]


@attrs.frozen
class DifferenceClaim:
    """A claim that a figure is (about) some amount or percentage above or below another column.

    In words: "<what> in <column> was about <printed> above/below <against>".

    ``printed`` is the size of the difference as printed: an amount (``"231.000"``)
    or, ending in ``%``, a percentage of the figure in ``against`` (``"6%"``).

    Attributes:
        text: the claim in words, as in the report (used in findings).
        what: a line name, or a :class:`~wmd.finance.statement.Total`.
        column: the column the claim is about (``"Realisatie 2012"``).
        against: the column it is compared with (``"Begroting 2012"``).
        direction: :attr:`Direction.UP` for above/rose, :attr:`Direction.DOWN` for below/fell.
        printed: the size of the difference, as printed.
        tolerance: how far off the claim may be, in euros or percentage points;
            ``None`` reads "about" from the printed digits (:func:`about`).

    >>> from wmd.finance.statement import Column, IncomeStatement, Line
    >>> s = IncomeStatement([Column.actual(2012), Column.actual(2011)],
    ...     income=[Line("Contributies", {"Realisatie 2012": 2987055, "Realisatie 2011": 3180000})])
    >>> fell = DifferenceClaim("dues fell by about 6%", "Contributies", "Realisatie 2012", "Realisatie 2011",
    ...                        Direction.DOWN, "6%")
    >>> fell.check(s)  # (3.180.000 - 2.987.055) / 3.180.000 = 6,07%
    []
    """

    text: str
    what: str | Total
    column: str
    against: str
    direction: Direction = attrs.field(converter=_direction)
    printed: str = attrs.field(converter=_text)
    tolerance: Decimal | None = attrs.field(default=None, converter=_optional_tolerance)

    def check(self, statement: IncomeStatement) -> list[Finding]:
        """Findings when the claim does not hold within its tolerance; ``[]`` when it does.

        In a finding, ``computed`` is the difference in the claim's direction (in euros
        or percent, rounded to the cent), and ``difference`` is printed minus computed.

        Raises:
            InvalidInputError: for a line or column the statement does not have.

        >>> from wmd.datasets import published_statement_2012
        >>> s = published_statement_2012().to_statement()
        >>> DifferenceClaim("meetings were below budget", "Bijeenkomsten/cursussen",
        ...                 "Realisatie 2012", "Begroting 2012", Direction.DOWN, "1%").check(s)[0].note
        'cannot be recomputed: the figure compared with is zero'
        """
        variance = statement.variance(self.what, self.column, self.against)
        percent = self.printed.strip().endswith("%")
        number = self.printed.strip().removesuffix("%")
        claimed, unreadable = read_printed(self.text, number, dash_is_zero=False)
        if unreadable is not None or claimed is None:
            return [attrs.evolve(unreadable, printed=self.printed)] if unreadable else []
        tolerance = self.tolerance if self.tolerance is not None else about(number)
        sign = 1 if self.direction is Direction.UP else -1
        if percent:
            ratio = variance.ratio
            if ratio is None:
                note = "cannot be recomputed: the figure compared with is zero"
                return [Finding(self.text, self.printed, None, None, note)]
            computed = sign * ratio * 100
        else:
            computed = sign * Fraction(variance.absolute)
        return _off(
            self.text, self.printed, Fraction(claimed), computed, tolerance, percent=percent
        )


@attrs.frozen
class AppropriationClaim:
    """A claim that the year's result was added to a reserve.

    It holds when the reserve's change over the year, less its *other* movements,
    equals the year's result within ``tolerance`` (default: exactly). Checked
    against the balances, so recording the claimed appropriation as a movement does
    not make it true.

    Attributes:
        text: the claim in words, as in the report.
        reserve: the name of the reserve in the equity table.
        tolerance: how far off, in euros, the claim may be.

    >>> from wmd.datasets import published_equity_2012
    >>> equity = published_equity_2012().to_equity(2012, closing="2012", opening="2011",
    ...     result=281084, earmarked={"Bestemmingsreserves": "toekomstperspectief leden"})
    >>> claim = AppropriationClaim("the surplus was added to the earmarked reserve", "Bestemmingsreserves")
    >>> print(claim.check(equity)[0])  # 1.437.468 - 1.166.884 = 270.584; 281.084 - 270.584 = 10.500
    the surplus was added to the earmarked reserve: the reserve did not grow by the result; printed 281.084; computed 270,584; difference 10,500
    """

    text: str
    reserve: str
    tolerance: Decimal = attrs.field(default=Decimal(0), converter=_tolerance)

    def check(self, equity: Equity) -> list[Finding]:
        """Findings when the reserve did not take the result; ``[]`` when it did.

        ``printed`` is the result, ``computed`` what the reserve took from it.

        Raises:
            InvalidInputError: for a reserve the equity does not have.

        >>> from wmd.finance.equity import Reserve
        >>> eq = Equity(2012, (Reserve.general("Algemeen", 100, 250),), result=150)
        >>> AppropriationClaim("the result went to the general reserve", "Algemeen").check(eq)
        []
        """
        reserve = equity.reserve(self.reserve)
        took = reserve.change - equity.moved(MovementKind.OTHER, reserve.name)
        difference = equity.result - took
        if abs(difference) <= self.tolerance:
            return []
        note = "the reserve did not grow by the result"
        printed = format_amount(equity.result)  # in the report's notation
        return [Finding(self.text, printed, took, difference, note)]
