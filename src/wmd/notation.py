"""Numbers and dates in *plain* and *Dutch* notation, read and written explicitly.

A spreadsheet kept in Dutch Excel writes ``1.234.567,89`` and ``01-07-2012``; a
program writes ``1234567.89`` and ``2012-07-01``. This module reads and writes both
with the same verbs for each notation, in the style of python-stdnum:

* ``parse(text)`` gives the ``Decimal`` (or raises :class:`~wmd.errors.InvalidInputError`),
* ``validate(text)`` gives the text without spaces when it is valid (or raises),
* ``is_valid(text)`` says whether it is valid,
* ``format(value)`` writes a ``Decimal`` back so that ``parse`` reads the same number.

>>> from decimal import Decimal
>>> from wmd.notation import DUTCH, PLAIN, parse_number
>>> DUTCH.parse("1.234.567,89"), PLAIN.parse("1234567.89")
(Decimal('1234567.89'), Decimal('1234567.89'))
>>> DUTCH.format(Decimal("1234567.89")), PLAIN.format(Decimal("1234567.89"))
('1.234.567,89', '1234567.89')
>>> DUTCH.is_valid("2.44.557"), PLAIN.is_valid("1,5")
(False, False)

Dutch notation is read with babel's *strict* parser (``parse_decimal(..., strict=True)``),
which refuses a misplaced thousands separator instead of reading another number.
The common cell (digits, a decimal separator, well-placed groups) is recognised by
a regular expression first, so a file of a hundred thousand figures does not pay
one babel call per cell.

Without a stated notation, :func:`parse_number` reads only what cannot be read
two ways. ``"1.000"`` is a thousand in Dutch and one in plain notation, so it is
refused with the reason:

>>> parse_number("1234567,89"), parse_number("1.234.567"), parse_number("1234.5")
(Decimal('1234567.89'), Decimal('1234567'), Decimal('1234.5'))
>>> parse_number("0.050", field="wage_sum")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: wage_sum: expected a number whose notation is stated: '0.050' is 50 in Dutch notation but 0.050 in plain notation, got '0.050'

Dates are ISO (``2012-07-01``) or Dutch day-month-year (``01-07-2012``, ``1-7-2012``):
nothing that could be read two ways, such as ``07/01/2012``.

>>> from wmd.notation import format_date, parse_date
>>> parse_date("1-7-2012"), parse_date("2012-07-01")
(Date(2012, 7, 1), Date(2012, 7, 1))
>>> format_date(parse_date("1-7-2012"), "dutch")
'01-07-2012'
>>> parse_date("30-02-2013", field="Lid sinds")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: Lid sinds: expected an existing date as jjjj-mm-dd or dd-mm-jjjj, got '30-02-2013'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Final, Literal

import attrs
import pendulum

from wmd.errors import InvalidInputError
from wmd.periods import Date

__all__ = [
    "DUTCH",
    "PLAIN",
    "Notation",
    "NotationName",
    "format_date",
    "is_valid_date",
    "notation",
    "parse_date",
    "parse_number",
]

NotationName = Literal["plain", "dutch"]
"""The two notations by name (``"nl"`` is accepted as another name for ``"dutch"``)."""

_SPACES: Final = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS: Final = re.compile(r"-?\d+")
_PLAIN_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")
_DUTCH_FAST: Final = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_AMBIGUOUS: Final = re.compile(r"-?\d{1,3}\.\d{3}")

_FAST: Final = {"plain": _PLAIN_NUMBER, "dutch": _DUTCH_FAST}


@attrs.frozen
class Notation:
    """One notation of numbers: its name, decimal separator and thousands separator.

    Use the two instances :data:`PLAIN` and :data:`DUTCH`; :func:`notation` finds one
    by name.
    """

    name: NotationName
    decimal: str
    group: str
    example: str

    @property
    def expected(self) -> str:
        """What a valid number looks like, in words (used in error messages)."""
        return f"a number in {self.name} notation ({self.example})"

    def validate(self, text: str, *, field: str = "number", where: str = "") -> str:
        """``text`` without spaces when it is a number in this notation; raises otherwise.

        >>> DUTCH.validate(" 1.234,5 ")
        '1.234,5'
        """
        self.parse(text, field=field, where=where)
        return _SPACES.sub("", text)

    def is_valid(self, text: str) -> bool:
        """Whether ``text`` is a number in this notation.

        >>> PLAIN.is_valid("-12.5"), PLAIN.is_valid("12,5")
        (True, False)
        """
        try:
            self.parse(text)
        except InvalidInputError:
            return False
        return True

    def parse(self, text: str, *, field: str = "number", where: str = "") -> Decimal:
        """The number ``text`` stands for in this notation.

        Raises:
            InvalidInputError: naming ``field`` and ``where``, for text that is not a
                number in this notation (``2.44.557`` is not a Dutch number).

        >>> DUTCH.parse("-12.920")
        Decimal('-12920')
        >>> DUTCH.parse("2.44.557", field="wage_sum", where="line 3")
        Traceback (most recent call last):
        ...
        wmd.errors.InvalidInputError: line 3: wage_sum: expected a number in dutch notation (1.234.567,89), got '2.44.557'
        """
        if not isinstance(text, str):
            raise InvalidInputError(field, given=text, expected=self.expected, where=where)
        cleaned = _SPACES.sub("", text)
        if _DIGITS.fullmatch(cleaned):
            return Decimal(cleaned)
        if self.name == "plain":
            if _PLAIN_NUMBER.fullmatch(cleaned):
                return Decimal(cleaned)
        elif _DUTCH_FAST.fullmatch(cleaned):
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        elif cleaned and cleaned[0] not in ".,":
            from babel.numbers import NumberFormatError, parse_decimal  # noqa: PLC0415 - light import

            try:
                return parse_decimal(cleaned, locale="nl_NL", strict=True)
            except (NumberFormatError, InvalidOperation):
                pass
        raise InvalidInputError(field, given=text, expected=self.expected, where=where)

    def parse_column(self, texts: Sequence[str]) -> list[Decimal] | None:
        """The numbers of a whole column, when every text is in the common form; else ``None``.

        The common form is the one :meth:`parse` reads by its regular expression
        (digits, a sign, well-placed groups and the decimal separator, no spaces).
        Here the expression is matched over the column first, and each number is the one
        :meth:`parse` gives. With any other text (spaces, babel's forms, no number)
        nothing is parsed: ``None`` says to parse the column text by text.

        >>> DUTCH.parse_column(["1.234.567,89", "812000", "-3,5"])
        [Decimal('1234567.89'), Decimal('812000'), Decimal('-3.5')]
        >>> DUTCH.parse_column(["1.234", " 5"]) is None, PLAIN.parse_column(["1,5"]) is None
        (True, True)
        """
        if not all(map(_FAST[self.name].fullmatch, texts)):
            return None
        joined = "\n".join(texts)  # no text holds a newline: each matched the pattern
        if self.name == "dutch":
            joined = joined.replace(".", "").replace(",", ".")
        return list(map(Decimal, joined.split("\n"))) if texts else []

    def format(self, value: Decimal | int, *, places: int | None = None) -> str:
        """``value`` in this notation, exactly (no rounding) unless ``places`` is given.

        ``places`` quantizes half up first, in a local context (the caller's is untouched).

        >>> DUTCH.format(Decimal("-12920")), DUTCH.format(Decimal("2.5"), places=2)
        ('-12.920', '2,50')
        >>> PLAIN.format(Decimal("1E+3"))
        '1000'
        """
        number = Decimal(value)
        if places is not None:
            from wmd.money import round_places  # noqa: PLC0415 - money reads through this module

            number = round_places(number, places)
        text = format(number, "f")
        if self.name == "plain":
            return text
        sign = "-" if text.startswith("-") else ""
        whole, _, fraction = text.lstrip("-").partition(".")
        grouped = f"{int(whole):,}".replace(",", ".")
        return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


PLAIN: Final = Notation("plain", ".", "", "1234567.89")
"""Machine notation: a decimal point, no thousands separators."""

DUTCH: Final = Notation("dutch", ",", ".", "1.234.567,89")
"""Dutch notation: a decimal comma and dots between thousands."""


def notation(name: str | Notation) -> Notation:
    """The notation called ``name`` (``"plain"``, ``"dutch"`` or ``"nl"``).

    >>> notation("nl") is DUTCH
    True
    """
    if isinstance(name, Notation):
        return name
    found = {"plain": PLAIN, "dutch": DUTCH, "nl": DUTCH}.get(name)
    if found is None:
        raise InvalidInputError("notation", given=name, expected="'plain' or 'dutch'")
    return found


def parse_number(
    text: str, notation_: str | Notation | None = None, *, field: str = "number", where: str = ""
) -> Decimal:
    """The number ``text`` stands for; without a notation only when that is unambiguous.

    Args:
        text: the text of the number.
        notation_: ``"plain"``, ``"dutch"`` or ``None`` to read only text that means
            the same in both or is valid in just one of them.
        field: the field named in an error.
        where: the object named in an error (``"line 3"``).

    Raises:
        InvalidInputError: for text that is no number, and for text that is a
            different number in each notation (``1.000``), with the reason.
    """
    if notation_ is not None:
        return notation(notation_).parse(text, field=field, where=where)
    cleaned = _SPACES.sub("", text) if isinstance(text, str) else text
    if isinstance(cleaned, str) and _AMBIGUOUS.fullmatch(cleaned):
        dutch, plain = DUTCH.parse(cleaned), PLAIN.parse(cleaned)
        raise InvalidInputError(
            field,
            given=text,
            expected=(
                f"a number whose notation is stated: {cleaned!r} is {dutch} in Dutch "
                f"notation but {plain} in plain notation"
            ),
            where=where,
        )
    if DUTCH.is_valid(text):
        return DUTCH.parse(text)
    if PLAIN.is_valid(text):
        return PLAIN.parse(text)
    raise InvalidInputError(
        field,
        given=text,
        expected=f"{DUTCH.expected} or {PLAIN.expected}",
        where=where,
    )


_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DUTCH_DATE: Final = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
DATE_EXPECTED: Final = "an existing date as jjjj-mm-dd or dd-mm-jjjj"


def parse_date(text: str, *, field: str = "date", where: str = "") -> Date:
    """The date ``text`` stands for: ISO ``2012-07-01`` or Dutch ``01-07-2012``/``1-7-2012``.

    Raises:
        InvalidInputError: for other forms and for days that do not exist.
    """
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _ISO_DATE.fullmatch(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DUTCH_DATE.fullmatch(cleaned)
        if match is None:
            raise InvalidInputError(field, given=text, expected=DATE_EXPECTED, where=where)
        day, month, year = (int(g) for g in match.groups())
    try:
        return pendulum.date(year, month, day)
    except ValueError:
        raise InvalidInputError(field, given=text, expected=DATE_EXPECTED, where=where) from None


def is_valid_date(text: str) -> bool:
    """Whether ``text`` is an existing date in ISO or Dutch notation.

    >>> is_valid_date("29-02-2012"), is_valid_date("29-02-2013"), is_valid_date("02/29/2012")
    (True, False, False)
    """
    try:
        parse_date(text)
    except InvalidInputError:
        return False
    return True


def format_date(day: Date, notation_: str | Notation = "plain") -> str:
    """``day`` as ISO text (plain) or as ``dd-mm-jjjj`` (Dutch).

    >>> format_date(pendulum.date(2013, 1, 1))
    '2013-01-01'
    """
    if notation(notation_) is DUTCH:
        return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"
    return day.isoformat()
