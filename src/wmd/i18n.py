r"""Showing numbers, dates and domain words to a person, in Dutch or English.

Everything shown to a person goes through babel here; calculations never see a
string. Amounts are rounded with :mod:`wmd.money`'s policy *before* babel sees
them (babel would round half-even by the caller's decimal context), and a
negative zero is shown as zero.

>>> from decimal import Decimal
>>> from wmd.i18n import format_amount, format_percent, label
>>> format_amount(Decimal("1439651139"))
'1.439.651.139'
>>> format_amount(Decimal("-12920"))
'(12.920)'
>>> format_amount(Decimal("2.5"))  # half up, not babel's half even
'3'
>>> format_amount(Decimal("1234.5"), lang="en", decimals=2)
'1,234.50'
>>> format_amount(Decimal("-1234.5"), currency=True, decimals=2)
'€\xa0-1.234,50'
>>> format_percent(Decimal("0.656"))
'65,6%'
>>> format_percent(None)
'n.v.t.'
>>> label("wage sum"), label("wage sum", "en")
('loonsom', 'wage sum')

Labels come from the message catalog ``wmd/locale/nl/LC_MESSAGES/wmd.po``; the
English label is the message id itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

from wmd.errors import InvalidInputError
from wmd.limits import check_figure
from wmd.money import local_context, round_places
from wmd.periods import Date

# babel (and its locale data) is imported inside the functions that format, so that
# ``import wmd.finance`` stays light (issue 17); it is loaded on the first label or amount.
if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = [
    "LANGUAGES",
    "Lang",
    "current_language",
    "format_amount",
    "format_date",
    "format_exact_amount",
    "format_number",
    "format_percent",
    "format_quantity",
    "format_rate",
    "label",
    "language",
    "locale_of",
    "reset_language",
    "resolve_lang",
    "set_language",
]

Lang = Literal["nl", "en"]
LANGUAGES: Final[dict[str, str]] = {"nl": "nl_NL", "en": "en_GB"}
_UNDEFINED: Final[dict[str, str]] = {"nl": "n.v.t.", "en": "n/a"}

# The default language of everything shown to a person, per thread and per asyncio task.
_LANGUAGE: Final[contextvars.ContextVar[str]] = contextvars.ContextVar("wmd_language", default="nl")


def _checked(lang: object) -> str:
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise InvalidInputError("lang", given=lang, expected=f"one of {sorted(LANGUAGES)}")
    return lang


def current_language() -> str:
    """The default language: ``"nl"`` unless :func:`set_language` or :func:`language` changed it.

    >>> current_language()
    'nl'
    """
    return _LANGUAGE.get()


def resolve_lang(lang: str | None = None) -> str:
    """``lang`` itself, or the current default language for ``None``.

    Every public function that shows text takes ``lang=None`` to mean this default.

    >>> resolve_lang(None), resolve_lang("en")
    ('nl', 'en')
    """
    return current_language() if lang is None else lang


def set_language(lang: str) -> contextvars.Token[str]:
    """Make ``lang`` the default language from now on, in this context (a notebook, a process).

    Returns a token; ``_LANGUAGE.reset(token)`` is what :func:`language` does on exit.
    A context variable, so threads and asyncio tasks started later inherit it and
    nothing global is patched.

    >>> token = set_language("en")
    >>> label("wage sum")
    'wage sum'
    >>> reset_language(token)
    >>> label("wage sum")
    'loonsom'
    """
    return _LANGUAGE.set(_checked(lang))


def reset_language(token: contextvars.Token[str]) -> None:
    """Undo the :func:`set_language` call that returned ``token``."""
    _LANGUAGE.reset(token)


@contextlib.contextmanager
def language(lang: str) -> Iterator[str]:
    """Within the ``with`` block, ``lang`` is the default language.

    >>> with language("en"):
    ...     format_amount(Decimal("1234"))
    '1,234'
    >>> format_amount(Decimal("1234"))
    '1.234'
    """
    token = set_language(lang)
    try:
        yield lang
    finally:
        _LANGUAGE.reset(token)


def locale_of(lang: str | None = None) -> str:
    """The babel locale of a language code (``"nl"`` → ``"nl_NL"``).

    >>> locale_of("en")
    'en_GB'
    >>> locale_of("de")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: lang: expected one of ['en', 'nl'], got 'de'
    """
    try:
        return LANGUAGES[resolve_lang(lang)]
    except KeyError:
        raise InvalidInputError(
            "lang", given=lang, expected=f"one of {sorted(LANGUAGES)}"
        ) from None


def _rounded(value: Decimal, decimals: int) -> Decimal:
    result = round_places(_as_decimal(value), decimals)
    return result.copy_abs() if result.is_zero() else result


def format_amount(
    value: Decimal,
    lang: str | None = None,
    *,
    decimals: int = 0,
    currency: bool = False,
    parentheses: bool = True,
) -> str:
    """Format an amount of euros, rounded half up to ``decimals`` places.

    Report style (the default) groups thousands and shows a negative amount in
    parentheses; ``parentheses=False`` shows a minus sign; ``currency=True`` adds
    the euro sign as babel does for the locale.

    >>> format_amount(Decimal("-0.001"), decimals=2)
    '0,00'
    >>> format_amount(Decimal("-12920"), parentheses=False)
    '-12.920'
    """
    from babel.numbers import format_currency, format_decimal  # noqa: PLC0415 - light import

    if decimals not in (0, 2):
        raise InvalidInputError("decimals", given=decimals, expected="0 or 2")
    locale = locale_of(lang)
    with local_context():
        rounded = _rounded(value, decimals)
        if currency:
            return str(
                format_currency(
                    rounded, "EUR", locale=locale, format_type="standard", decimal_quantization=True
                )
            )
        digits = "#,##0" + ("." + "0" * decimals if decimals else "")
        pattern = f"{digits};({digits})" if parentheses else digits
        return str(format_decimal(rounded, format=pattern, locale=locale))


def format_percent(value: Decimal | None, lang: str | None = None, *, decimals: int = 1) -> str:
    """Format a fraction (``0.656``) as a percentage (``65,6%``); ``None`` shows as undefined.

    >>> format_percent(Decimal("-0.0605"), "en")
    '-6.1%'
    """
    from babel.numbers import format_decimal  # noqa: PLC0415 - light import

    locale = locale_of(lang)
    if value is None:
        return _UNDEFINED[resolve_lang(lang)]
    if not 0 <= decimals <= MAX_PERCENT_DECIMALS:
        raise InvalidInputError(
            "decimals", given=decimals, expected=f"0 to {MAX_PERCENT_DECIMALS} decimal places"
        )
    with local_context():
        rounded = _rounded(_as_decimal(value).scaleb(2), decimals)
        digits = "#,##0" + ("." + "0" * decimals if decimals else "")
        return str(format_decimal(rounded, format=digits, locale=locale)) + "%"


MAX_PERCENT_DECIMALS: Final = 10
"""The most decimals :func:`format_percent` shows."""


def _as_decimal(value: Decimal | int) -> Decimal:
    if isinstance(value, Decimal):
        return check_figure(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    msg = f"expected a Decimal, got {type(value).__name__}"
    raise TypeError(msg)


_EXACT: Final = decimal.Context(prec=60, traps=[decimal.InvalidOperation, decimal.Inexact])


def _places(value: Decimal) -> int:
    """The decimals ``value`` needs to be shown exactly (trailing zeros dropped)."""
    exponent = value.normalize(_EXACT).as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite amounts only
    return max(0, -exponent)


def format_number(value: Decimal, lang: str | None = None, *, min_decimals: int = 0) -> str:
    """A number with all its digits, never rounded, thousands grouped (for explanations).

    >>> format_number(Decimal("21.7500"))
    '21,75'
    >>> format_number(Decimal("1234567.5"), "en", min_decimals=2)
    '1,234,567.50'
    >>> format_number(Decimal("-3"))
    '-3'
    """
    from babel.numbers import format_decimal  # noqa: PLC0415 - light import

    decimals = max(min_decimals, _places(value))
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    shown = value.copy_abs() if value.is_zero() else value
    return str(format_decimal(shown, format=pattern, locale=locale_of(lang)))


def format_exact_amount(value: Decimal, lang: str | None = None) -> str:
    r"""An amount of euros with at least two decimals and all the digits it has (a rate per person).

    >>> format_exact_amount(Decimal("35"))
    '€\xa035,00'
    >>> format_exact_amount(Decimal("35.125"), "en")
    '€35.125'
    """
    from babel.numbers import format_currency  # noqa: PLC0415 - light import

    shown = value.copy_abs() if value.is_zero() else value
    return str(format_currency(shown, "EUR", locale=locale_of(lang), decimal_quantization=False))


def format_rate(value: Decimal, lang: str | None = None) -> str:
    """A rate with all its digits: per mille below 1%, else a percentage.

    A person can multiply with the number shown and get the amount to the cent.

    >>> format_rate(Decimal("0.002162388"))
    '2,162388‰'
    >>> format_rate(Decimal("0.21"), "en")
    '21%'
    >>> format_rate(Decimal("0.0125"))
    '1,25%'
    """
    if value < Decimal("0.01") and not value.is_zero():
        return format_number(value.scaleb(3, _EXACT), lang) + "‰"
    return format_number(value.scaleb(2, _EXACT), lang) + "%"


def format_quantity(value: Decimal, unit: str, lang: str | None = None) -> str:
    """A count or fte with its unit, all its digits: ``21,75 fte``, ``12 werknemers``.

    ``unit`` is an English term of the catalog (``"fte"``, ``"employees"``).

    >>> format_quantity(Decimal("21.7500"), "fte")
    '21,75 fte'
    >>> format_quantity(Decimal("12"), "employees")
    '12 werknemers'
    """
    return f"{format_number(value, lang)} {label(unit, lang)}"


def format_date(
    value: Date, lang: str | None = None, *, length: Literal["short", "medium", "long"] = "long"
) -> str:
    """Format a date for a person.

    >>> import pendulum
    >>> format_date(pendulum.date(2012, 7, 1))
    '1 juli 2012'
    >>> format_date(pendulum.date(2012, 7, 1), "en")
    '1 July 2012'
    >>> format_date(pendulum.date(2012, 7, 1), length="short")
    '01-07-2012'
    """
    from babel.dates import format_date as _babel_format_date  # noqa: PLC0415 - light import

    return str(_babel_format_date(value, format=length, locale=locale_of(lang)))


@cache
def _catalog(lang: str) -> Catalog:
    from babel.messages.pofile import read_po  # noqa: PLC0415 - light import

    source = resources.files("wmd").joinpath("locale", lang, "LC_MESSAGES", "wmd.po")
    with source.open("rb") as handle:
        return read_po(handle, locale=lang)


def label(term: str, lang: str | None = None) -> str:
    """The label of a domain term in a language; the English term is the key.

    Unknown terms are shown as given rather than failing a report.

    >>> label("general meeting")
    'algemene ledenvergadering'
    """
    locale_of(lang)
    lang = resolve_lang(lang)
    if lang == "en":
        return term
    message = _catalog(lang).get(term)
    if message is None or not message.string:
        return term
    return str(message.string)
