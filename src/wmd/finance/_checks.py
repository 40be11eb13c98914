"""The small checks of names and amounts the finance tables share.

Private to :mod:`wmd.finance` (and the printed tables of :mod:`wmd.published`,
which check their rows the same way). Printed rows are read by
:mod:`wmd.published.cells`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from wmd.errors import InvalidInputError
from wmd.i18n import format_amount
from wmd.money import amount, to_cents

__all__ = [
    "as_items",
    "check_name",
    "check_unique",
    "english_names",
    "euros",
    "optional_name",
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


def shown(value: Decimal, lang: str | None) -> str:
    """An amount in report style: whole euros, negatives in parentheses, nothing as a dash."""
    return "-" if value == 0 else format_amount(value, lang)
