"""KvK-nummer: the Dutch Chamber of Commerce number (Kamer van Koophandel).

An organisation is identified by an 8-digit KvK number. There is no check digit.
The module follows python-stdnum's verbs (python-stdnum has no KvK module):

>>> from wmd.members import kvk
>>> kvk.compact(" 4123 4567 ")
'41234567'
>>> kvk.validate("41234567")
'41234567'
>>> kvk.is_valid("4123456")
False
>>> kvk.format("41234567")
'4123 4567'
>>> kvk.validate("4123456A", where="member M1")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: member M1: kvk: expected 8 digits, got '4123456A'
"""

from __future__ import annotations

__all__ = ["compact", "format", "is_valid", "validate"]

from wmd.errors import InvalidInputError


def compact(number: str) -> str:
    """Remove spaces, dots and dashes."""
    return "".join(ch for ch in number if ch not in " .-\u00a0").strip()


def validate(number: str, *, where: str = "") -> str:
    """Return the compact number, or raise :class:`~wmd.errors.InvalidInputError`."""
    if not isinstance(number, str):
        raise InvalidInputError("kvk", given=number, expected="8 digits as text", where=where)
    value = compact(number)
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise InvalidInputError("kvk", given=number, expected="8 digits", where=where)
    return value


def is_valid(number: str) -> bool:
    """Whether the number is a valid KvK number."""
    try:
        validate(number)
    except InvalidInputError:
        return False
    return True


def format(number: str) -> str:  # noqa: A001 - python-stdnum's verb
    """Format as printed on letterheads: two groups of four digits."""
    value = validate(number)
    return f"{value[:4]} {value[4:]}"
