"""Errors raised by :mod:`wmd`.

Every exception the library raises is a :class:`WmdError`, so callers can catch
one class. The subclasses say what kind of trouble it is:

* :class:`InvalidInputError` -- an argument or a record is not what was expected.
  It names the object (a member id, a row number), the field, what was given and
  what was expected.
* :class:`InconsistentDataError` -- records are each valid but contradict each
  other (two members with one KvK number at the same time, a merger successor
  that does not exist).
* :class:`RuleError` -- a rule cannot be applied to a case (no wage sum for the
  basis year and the schedule says that is an error).
* :class:`BadFileError` -- a file has bad rows; it carries *all* of them.
* :class:`MissingExtraError` -- an optional dependency is not installed.
* :class:`LimitError` -- an input lies beyond a documented limit of :mod:`wmd.limits`
  (an amount above 10^15 euros, a number of more than 40 digits, nesting deeper than
  32, a file over 200 MB); a subclass of :class:`InvalidInputError`.

Bad *data* always raises a :class:`WmdError`. Passing a wrong Python type in code
(a list where a ``Date`` is expected) may raise Python's own ``TypeError``.

A message shows at most a couple of hundred characters of the value given, so a
100.000-digit number or a 200 MB string gives a short, readable line:

>>> str(InvalidInputError("amount", given="9" * 100_000, expected="a number"))[-40:]
"99999999'... (100000 characters), 1 line"

>>> from wmd.errors import InvalidInputError, WmdError
>>> err = InvalidInputError("wage_sum", given=-1, expected="an amount >= 0", where="member M001")
>>> str(err)
'member M001: wage_sum: expected an amount >= 0, got -1'
>>> isinstance(err, WmdError)
True
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TypeVar

import attrs

E = TypeVar("E", bound=enum.Enum)

__all__ = [
    "BadFileError",
    "BadRow",
    "FieldProblem",
    "InconsistenciesError",
    "InconsistentDataError",
    "InvalidInputError",
    "LimitError",
    "MissingExtraError",
    "ProblemsError",
    "RuleError",
    "WmdError",
    "raise_problems",
    "shown",
    "to_enum",
]


class WmdError(Exception):
    """Base class of every error raised by :mod:`wmd`."""


class InvalidInputError(WmdError):
    """An input value is not what was expected.

    Args:
        field: the field, column or argument that is wrong.
        given: the value that was given.
        expected: what was expected, in words.
        where: the object it belongs to ("member M001", "row 7"), if any.
    """

    def __init__(self, field: str, *, given: object, expected: str, where: str = "") -> None:
        self.field = field
        self.given = given
        self.expected = expected
        self.where = where
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}{field}: expected {expected}, got {shown(given)}")


class LimitError(InvalidInputError):
    """An input lies beyond a documented limit of :mod:`wmd.limits`; refused before any work."""


_SHOWN_CHARS = 160


def shown(value: object) -> str:
    """A short ``repr`` of a value for an error message: huge numbers and text are cut.

    >>> shown("abc")
    "'abc'"
    >>> shown(10**5000)
    '<an integer of 5001 digits>'
    >>> shown("x" * 1000)[-30:]
    "'... (1000 characters), 1 line"
    """
    if (
        isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 512
    ):  # about 154 digits
        return f"<an integer of {_digits(value)} digits>"
    if isinstance(value, str) and len(value) > _SHOWN_CHARS:
        lines = value.count("\n") + 1
        return f"{value[:_SHOWN_CHARS]!r}... ({len(value)} characters), {lines} line" + (
            "s" if lines != 1 else ""
        )
    if isinstance(value, bytes) and len(value) > _SHOWN_CHARS:
        return f"{value[:_SHOWN_CHARS]!r}... ({len(value)} bytes)"
    try:
        text = repr(value)
    except ValueError:  # a container holding an int beyond str()'s digit limit
        return f"<a {type(value).__name__} too large to show>"
    if len(text) > 2 * _SHOWN_CHARS:
        return f"{text[:_SHOWN_CHARS]}... ({len(text)} characters)"
    return text


def _digits(value: int) -> int:
    """Decimal digits of a large ``int`` without converting it to text."""
    magnitude = abs(value)
    estimate = int(magnitude.bit_length() * 0.30102999566398120) + 1
    return estimate if magnitude >= 10 ** (estimate - 1) else estimate - 1


class InconsistentDataError(WmdError):
    """Records that are each valid contradict each other."""


class RuleError(WmdError):
    """A rule cannot be applied to a case; the message names the case and the rule."""


class MissingExtraError(WmdError):
    """An optional dependency is needed for this function.

    >>> str(MissingExtraError("pandas", "pandas"))
    "this needs the optional dependency 'pandas': pip install 'wmd[pandas]'"
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"this needs the optional dependency {module!r}: pip install 'wmd[{extra}]'"
        )


@attrs.frozen
class BadRow:
    """One bad cell of an imported file: row number (1 = first data row), column, value, reason."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.reason} (value {shown(self.value)})"


class BadFileError(WmdError):
    """A file could not be imported; :attr:`rows` lists every bad row, not just the first."""

    def __init__(self, source: str, rows: Sequence[BadRow]) -> None:
        self.source = source
        self.rows = tuple(rows)
        lines = "\n".join(f"  {row}" for row in self.rows)
        super().__init__(f"{source}: {len(self.rows)} bad row(s), nothing loaded:\n{lines}")


def to_enum(kind: type[E], value: object, field: str, where: str = "") -> E:
    """``value`` as a member of the enum ``kind``, or an :class:`InvalidInputError` listing the choices.

    >>> import enum
    >>> class Colour(enum.StrEnum):
    ...     RED = "red"
    >>> to_enum(Colour, "red", "colour")
    <Colour.RED: 'red'>
    >>> to_enum(Colour, "blue", "colour", "member M1")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: member M1: colour: expected one of ['red'], got 'blue'
    """
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        choices = [member.value for member in kind]
        raise InvalidInputError(
            field, given=value, expected=f"one of {choices}", where=where
        ) from None


@attrs.frozen
class FieldProblem:
    """One thing wrong with a value or a record: where, which field, what was given and expected.

    Domain types report their rules as lists of these (``YearFigures.problems``,
    ``Member.problems``, ``Registry.problems``); constructors raise them with
    :func:`raise_problems`, readers collect them so a row reports *all* its problems.

    Attributes:
        field: the field, column or argument.
        given: the value as given (readers pass the text as the user wrote it).
        expected: what was expected, in words.
        where: the object it belongs to ("member M001", "figures 2012").
        inconsistent: ``True`` when records that are each valid contradict each
            other (raised as :class:`InconsistentDataError`).
        at: where inside the checked object the problem sits, for readers that
            point at a row: ``("spells", 1)`` for a member's second spell,
            ``(3, "spells", 1)`` for that spell of the fourth member of a registry.

    >>> print(FieldProblem("fte", "12", "an fte between 0 and the headcount 10", "figures 2012"))
    figures 2012: fte: expected an fte between 0 and the headcount 10, got '12'
    """

    field: str
    given: object
    expected: str
    where: str = ""
    inconsistent: bool = False
    at: tuple[int | str, ...] = ()

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.field}: expected {self.expected}, got {shown(self.given)}"

    def error(self) -> WmdError:
        """This problem as the error a constructor raises."""
        if self.inconsistent:
            return InconsistentDataError(str(self))
        return InvalidInputError(
            self.field, given=self.given, expected=self.expected, where=self.where
        )


class ProblemsError(InvalidInputError):
    """Several problems found at once; :attr:`problems` lists every one.

    ``field``, ``given``, ``expected`` and ``where`` are those of the first problem.
    When every problem is an inconsistency, :func:`raise_problems` raises an
    :class:`InconsistenciesError` instead.
    """

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        first = problems[0]
        super().__init__(first.field, given=first.given, expected=first.expected, where=first.where)
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        self.args = (f"{len(self.problems)} problems:\n{lines}",)


class InconsistenciesError(InconsistentDataError):
    """Several inconsistencies found at once; :attr:`problems` lists every one."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problems:\n{lines}")


def raise_problems(problems: Sequence[FieldProblem]) -> None:
    """Raise one error listing every problem; nothing when there are none.

    One problem raises the error it names (an :class:`InvalidInputError`, or an
    :class:`InconsistentDataError` for an inconsistency); several raise one
    :class:`ProblemsError` (an :class:`InvalidInputError`) listing all, or an
    :class:`InconsistentDataError` when every one of them is an inconsistency.

    >>> raise_problems([])
    >>> raise_problems([FieldProblem("headcount", -1, "a number >= 0", "figures 2012"),
    ...                 FieldProblem("fte", "-2", "an fte >= 0", "figures 2012")])
    Traceback (most recent call last):
    ...
    wmd.errors.ProblemsError: 2 problems:
      figures 2012: headcount: expected a number >= 0, got -1
      figures 2012: fte: expected an fte >= 0, got '-2'
    """
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0].error()
    if all(p.inconsistent for p in problems):
        raise InconsistenciesError(problems)
    raise ProblemsError(problems)
