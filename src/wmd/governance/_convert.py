"""Helpers shared by the governance modules: enum values read with a clear error.

>>> from wmd.governance._convert import to_enum
>>> from wmd.governance import Choice
>>> to_enum(Choice, "maybe", "choice", "vote")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: vote: choice: expected one of ['for', 'against', 'abstain'], got 'maybe'
"""

from __future__ import annotations

import enum
from typing import TypeVar

from wmd.errors import InvalidInputError

__all__ = ["to_enum"]

E = TypeVar("E", bound=enum.StrEnum)


def to_enum(kind: type[E], value: object, field: str, where: str) -> E:
    """``value`` as a member of ``kind``; anything else is an :class:`~wmd.errors.InvalidInputError`.

    >>> from wmd.governance import Role
    >>> to_enum(Role, "director", "role", "seat")
    <Role.DIRECTOR: 'director'>
    """
    if isinstance(value, kind):
        return value
    try:
        return kind(str(value))
    except ValueError:
        raise InvalidInputError(
            field, given=value, expected=f"one of {[k.value for k in kind]}", where=where
        ) from None
