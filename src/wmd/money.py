"""Exact money: amounts, the one rounding policy, and splits that add up.

Amounts are :class:`decimal.Decimal` euros. Inside numpy kernels they are ``int64``
cents. Binary floats never carry money; a float given by a caller is read by its
shortest ``repr`` (so ``0.1`` is ``Decimal("0.1")``, not ``0.1000000000000000055...``).

Reading amounts
---------------
:func:`amount` accepts an ``int``, a ``Decimal``, a finite ``float``, or text in
plain or Dutch notation, as printed in annual reports:

>>> from wmd.money import amount
>>> amount("1.439.651.139")
Decimal('1439651139')
>>> amount("2.987.055,50")
Decimal('2987055.50')
>>> amount("€ 1.234", notation="nl")
Decimal('1234')
>>> amount("(12.920)", notation="nl")
Decimal('-12920')
>>> amount("-", dash_is_zero=True)
Decimal('0')
>>> amount("1234.56")  # not valid Dutch, so read as plain notation
Decimal('1234.56')

A misplaced thousands separator is an error, never a different number:

>>> amount("2.44.557")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: amount: expected a number in Dutch notation ...

Text with one dot and three digits after it (``"86.500"``, ``"0.050"``) is 86500
in Dutch notation and 86,5 in plain notation, so without a stated notation it is
an error that says why; pass ``notation="nl"`` for printed figures and
``notation="plain"`` for machine-written text (see :mod:`wmd.notation`):

>>> amount("1.000")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: amount: expected a number whose notation is stated ...

Rounding
--------
Every rounding in the library goes through a :class:`RoundingPolicy`. The default,
:data:`CENTS`, rounds half up (away from zero) to the cent:

>>> from decimal import Decimal
>>> from wmd.money import CENTS, WHOLE_EUROS
>>> CENTS.round(Decimal("2.345"))
Decimal('2.35')
>>> WHOLE_EUROS.round(Decimal("-2.5"))
Decimal('-3')

The same policy rounds integer numpy arrays of cents (see :meth:`RoundingPolicy.round_ratio_array`),
so the scalar path and the vectorized path give the same cents.

Splitting
---------
:func:`allocate` splits an amount by weights; the parts always add up to the total:

>>> from wmd.money import allocate
>>> allocate(Decimal("100.00"), [1, 1, 1])
(Decimal('33.34'), Decimal('33.33'), Decimal('33.33'))

Arithmetic context
------------------
All decimal arithmetic of the library runs in its own context, :data:`CONTEXT`
(60 digits, half up; invalid operations, division by zero and overflow trap),
entered as a fresh copy with :func:`local_context` or the :func:`in_local_context`
decorator. The caller's context is neither changed nor flagged:

>>> import decimal
>>> caller = decimal.getcontext()
>>> caller.clear_flags()
>>> CENTS.round(Decimal("0.3333"))
Decimal('0.33')
>>> [flag.__name__ for flag, raised in caller.flags.items() if raised]
[]

Library code writes::

    with local_context():
        share = basis * rate / 100

or decorates a whole function with ``@in_local_context``.
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal, ParamSpec, TypeVar

import attrs

from wmd import limits
from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError, LimitError, RuleError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = [
    "CENTS",
    "CONTEXT",
    "WHOLE_EUROS",
    "Money",
    "Notation",
    "RoundingMode",
    "RoundingPolicy",
    "allocate",
    "allocate_units",
    "amount",
    "as_fraction",
    "from_cents",
    "in_local_context",
    "local_context",
    "round_places",
    "to_cents",
]

Money = Decimal
"""Type alias: an amount of euros."""

Notation = Literal["auto", "nl", "plain"]
RoundingMode = Literal["half_up", "half_even", "down", "up"]

_DECIMAL_MODES: Final[dict[str, str]] = {
    "half_up": decimal.ROUND_HALF_UP,
    "half_even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

CONTEXT: Final = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The library's decimal context: 60 significant digits (far beyond :mod:`wmd.limits`),
half up, trapping invalid operations, division by zero and overflow. Never installed
as is: :func:`local_context` enters a fresh copy, so its flags stay clear too."""

_EXACT: Final = decimal.Context(
    prec=250,
    rounding=decimal.ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# Wide enough that rounding any value within wmd.limits (40 digits before the point, up to
# 120 after, to up to 40 places) is exact; entered as a copy, like CONTEXT.

_CTX: Final = CONTEXT  # the old private name, kept for code not yet moved to local_context

_P = ParamSpec("_P")
_R = TypeVar("_R")


def local_context() -> AbstractContextManager[decimal.Context]:
    """A ``with`` block whose decimal arithmetic runs in a fresh copy of :data:`CONTEXT`.

    Flags raised inside (``Inexact``, ``Rounded``) stay in the copy; the caller's
    context is as it was when the block ends.

    >>> import decimal
    >>> decimal.getcontext().clear_flags()
    >>> with local_context():
    ...     third = Decimal(1) / 3
    >>> decimal.getcontext().flags[decimal.Inexact]
    False
    >>> len(str(third))  # 60 significant digits
    62
    """
    return decimal.localcontext(CONTEXT)


def in_local_context(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: run ``func`` in :func:`local_context`.

    >>> @in_local_context
    ... def third(x: Decimal) -> Decimal:
    ...     return x / 3
    >>> import decimal
    >>> decimal.getcontext().clear_flags()
    >>> third(Decimal(1)).quantize(Decimal("0.001"), context=CONTEXT.copy())
    Decimal('0.333')
    >>> decimal.getcontext().flags[decimal.Inexact]
    False
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(CONTEXT):
            return func(*args, **kwargs)

    return wrapper


_PLAIN: Final = re.compile(r"[+-]?\d+(\.\d+)?")
_DUTCH: Final = re.compile(r"[+-]?\d{1,3}(\.\d{3})*(,\d+)?|[+-]?\d+(,\d+)?")
_SPACES: Final = re.compile(r"[\s\u00a0\u202f]+")
_AMBIGUOUS: Final = re.compile(r"[+-]?\d{1,3}\.\d{3}")


def amount(
    value: object,
    *,
    notation: Notation = "auto",
    dash_is_zero: bool = False,
    field: str = "amount",
    where: str = "",
) -> Decimal:
    """Read an amount of euros exactly.

    Args:
        value: an ``int``, ``Decimal``, finite ``float`` (read by its shortest repr)
            or text. Text may carry a euro sign, thousands separators, a decimal
            comma, and parentheses for a negative amount.
        notation: ``"nl"`` reads text as Dutch (``1.234,50``), ``"plain"`` as
            machine notation (``1234.50``); ``"auto"`` tries Dutch first and falls
            back to plain when the text is not valid Dutch.
        dash_is_zero: read ``"-"`` (and an en or em dash) as zero, as report tables
            print an empty cell.
        field: the field name used in an error message.
        where: the object used in an error message (``"member M001"``, ``"row 3"``).

    Returns:
        The amount as a ``Decimal``.

    Raises:
        InvalidInputError: for NaN, infinity, booleans, other types and text that is
            not a number in the notation asked for.
        LimitError: for an amount beyond 10^15 euros, more than 40 decimals or text of
            more than 100 characters (:mod:`wmd.limits`), refused before it is parsed.

    >>> amount(12)
    Decimal('12')
    >>> amount(0.1)
    Decimal('0.1')
    >>> amount("1.234,5", notation="nl")
    Decimal('1234.5')
    >>> amount(float("nan"), field="wage_sum", where="member M7")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: member M7: wage_sum: expected a finite amount, got nan
    """
    if isinstance(value, bool):
        raise InvalidInputError(
            field, given=value, expected="an amount, not a boolean", where=where
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if not -limits.MAX_AMOUNT_INT <= value <= limits.MAX_AMOUNT_INT:
            raise LimitError(
                field, given=value, expected="an amount of at most 10^15 euros", where=where
            )
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        with local_context():
            result = _parse_text(
                value, notation=notation, dash_is_zero=dash_is_zero, field=field, where=where
            )
    else:
        raise InvalidInputError(
            field, given=value, expected="an int, Decimal, float or text amount", where=where
        )
    if not result.is_finite():
        raise InvalidInputError(field, given=value, expected="a finite amount", where=where)
    limits.check_amount(result, field=field, where=where)
    return result


def _check_number_text(text: str, *, field: str, where: str) -> None:
    """Refuse number text too long to be an amount, before any regex or parser sees it."""
    if len(text) > limits.MAX_NUMBER_CHARS:
        raise LimitError(
            field,
            given=text,
            expected=f"a number of at most {limits.MAX_NUMBER_CHARS} characters",
            where=where,
        )
    if sum(char.isdigit() for char in text) > 2 * limits.MAX_DIGITS:
        raise LimitError(
            field,
            given=text,
            expected=f"a number of at most {2 * limits.MAX_DIGITS} digits",
            where=where,
        )


def _dutch(cleaned: str) -> Decimal | None:
    """Dutch notation read strictly by babel, or ``None`` when babel refuses it."""
    # babel is imported on first use so that ``import wmd`` stays light (issue 17).
    from babel.numbers import NumberFormatError, parse_decimal  # noqa: PLC0415

    try:
        with decimal.localcontext(_EXACT):  # babel's strict check re-formats the number
            return parse_decimal(cleaned, locale="nl_NL", strict=True)
    except NumberFormatError:
        return None


def _parse_text(
    text: str, *, notation: Notation, dash_is_zero: bool, field: str, where: str
) -> Decimal:
    _check_number_text(text, field=field, where=where)
    cleaned = _SPACES.sub("", text.strip()).replace("€", "").replace("EUR", "")
    if dash_is_zero and cleaned in {"-", "\u2013", "\u2014"}:
        return Decimal(0)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    if notation == "auto" and _AMBIGUOUS.fullmatch(cleaned):
        raise InvalidInputError(
            field,
            given=text,
            expected=(
                f"a number whose notation is stated (notation='nl' or 'plain'): {cleaned!r} "
                "is a thousandfold in Dutch notation what it is in plain notation"
            ),
            where=where,
        )
    value: Decimal | None = None
    if notation in {"auto", "nl"} and _DUTCH.fullmatch(cleaned):
        value = _dutch(cleaned)
    if value is None and notation in {"auto", "plain"} and _PLAIN.fullmatch(cleaned):
        value = Decimal(cleaned)
    if value is None:
        expected = {
            "nl": "a number in Dutch notation (1.234,56)",
            "plain": "a number in plain notation (1234.56)",
            "auto": "a number in Dutch notation (1.234,56) or plain notation (1234.56)",
        }[notation]
        raise InvalidInputError(field, given=text, expected=expected, where=where)
    if negative:
        if value < 0:
            raise InvalidInputError(
                field,
                given=text,
                expected="one sign: parentheses or a minus, not both",
                where=where,
            )
        value = -value
    return value


def _quantum(value: object) -> Decimal:
    return amount(value, field="quantum")


@attrs.frozen
class RoundingPolicy:
    """How amounts are rounded: to a multiple of ``quantum`` euros, by ``mode``.

    ``mode`` is one of ``"half_up"`` (0.5 away from zero, the Dutch bookkeeping
    habit), ``"half_even"`` (banker's rounding), ``"down"`` (towards zero) and
    ``"up"`` (away from zero). ``quantum`` is a positive whole number of cents.

    >>> from decimal import Decimal
    >>> RoundingPolicy(Decimal("0.05")).round(Decimal("1.024"))
    Decimal('1.00')
    >>> RoundingPolicy(Decimal("0.05")).round(Decimal("1.025"))
    Decimal('1.05')
    >>> RoundingPolicy(Decimal("0.001"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: RoundingPolicy: quantum: expected a positive whole number of cents, got Decimal('0.001')
    """

    quantum: Decimal = attrs.field(default=Decimal("0.01"), converter=_quantum)
    mode: RoundingMode = attrs.field(default="half_up")

    @quantum.validator
    def _check_quantum(self, _attribute: object, value: Decimal) -> None:
        cents = value.scaleb(2, context=CONTEXT.copy())
        if value <= 0 or cents != cents.to_integral_value(context=CONTEXT.copy()):
            raise InvalidInputError(
                "quantum",
                given=value,
                expected="a positive whole number of cents",
                where="RoundingPolicy",
            )

    @mode.validator
    def _check_mode(self, _attribute: object, value: str) -> None:
        if value not in _DECIMAL_MODES:
            raise InvalidInputError(
                "mode",
                given=value,
                expected=f"one of {sorted(_DECIMAL_MODES)}",
                where="RoundingPolicy",
            )

    @property
    def quantum_cents(self) -> int:
        """The quantum in whole cents (1 for cents, 100 for whole euros)."""
        return int(self.quantum.scaleb(2, context=CONTEXT.copy()))

    def round(self, value: Decimal | Fraction | int) -> Decimal:
        """Round an exact value (``Decimal``, ``Fraction`` or ``int`` euros) by this policy.

        >>> from fractions import Fraction
        >>> CENTS.round(Fraction(100, 3))
        Decimal('33.33')
        """
        frac = as_fraction(value)
        units = _round_fraction(frac / as_fraction(self.quantum), self.mode)
        with decimal.localcontext(_EXACT):
            return (Decimal(units) * self.quantum).quantize(self.quantum)

    def round_ratio_array(
        self, numerator: npt.NDArray[np.int64], denominator: int
    ) -> npt.NDArray[np.int64]:
        """Vectorized: round ``numerator / denominator`` cents to this policy, in cents.

        ``numerator`` is an ``int64`` array of cents scaled by ``denominator`` (a
        positive ``int``); the result is ``int64`` cents, a multiple of
        :attr:`quantum_cents`, exactly as :meth:`round` would give for each element.

        >>> import numpy as np
        >>> CENTS.round_ratio_array(np.array([5, -5, 4], dtype=np.int64), 2).tolist()
        [3, -3, 2]
        """
        den = denominator * self.quantum_cents
        if den > _INT64_MAX:
            # Every int64 numerator is smaller than den: each ratio lies in (-1, 1) units,
            # beyond what an int64 divisor can hold; round each exactly instead.
            flat = [_round_fraction(Fraction(int(n), den), self.mode) for n in numerator.ravel()]
            units = np.array(flat, dtype=np.int64).reshape(numerator.shape)
        else:
            units = _round_int_ratio(numerator, den, self.mode)
        return units * np.int64(self.quantum_cents)


def _round_fraction(value: Fraction, mode: str) -> int:  # noqa: PLR0911 - one return per mode reads best
    """Round a fraction to an integer by ``mode`` (exact integer arithmetic)."""
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest == 0:
        return floor
    negative = value < 0
    if mode == "down":
        return floor + 1 if negative else floor
    if mode == "up":
        return floor if negative else floor + 1
    half = Fraction(1, 2)
    if rest > half:
        return floor + 1
    if rest < half:
        return floor
    if mode == "half_even":
        return floor if floor % 2 == 0 else floor + 1
    return floor if negative else floor + 1  # half_up: away from zero


def _round_int_ratio(num: npt.NDArray[np.int64], den: int, mode: str) -> npt.NDArray[np.int64]:
    """Vectorized twin of :func:`_round_fraction` for ``num / den`` with ``den > 0``."""
    d = np.int64(den)
    # `//` by one divisor is about ten times faster than np.divmod; the rest is exact in
    # [0, den) even where `floor * d` wraps around, as int64 arithmetic is modular.
    floor = num // d
    rest = num - floor * d
    if mode == "down":
        floor += (rest != 0) & (num < 0)
        return floor
    if mode == "up":
        floor += (rest != 0) & (num >= 0)
        return floor
    twice = rest
    twice *= 2
    up_on_tie = (floor & 1) != 0 if mode == "half_even" else num >= 0
    floor += (twice > d) | ((twice == d) & up_on_tie)
    return floor


_INT64_MAX: Final = 2**63 - 1  # np.iinfo(np.int64).max, without importing numpy

CENTS: Final = RoundingPolicy()
"""The default policy: to the cent, half up."""

WHOLE_EUROS: Final = RoundingPolicy(Decimal(1))
"""To whole euros, half up."""


def _decimal_of(value: object, where: str) -> Decimal:
    """A ``Decimal`` or an ``int`` as a ``Decimal``; another Python type is a ``TypeError``."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(limits.check_number(value, field="value"))
    msg = f"{where}: expected a Decimal, got {type(value).__name__}"
    raise TypeError(msg)


def round_places(value: Decimal | int, places: int) -> Decimal:
    """Round half up to ``places`` decimals, for showing a figure (a percentage, a rate).

    Amounts of money are rounded by a :class:`RoundingPolicy`; this is for other figures.

    >>> round_places(Decimal("65.625"), 1), round_places(Decimal("0.20755"), 4)
    (Decimal('65.6'), Decimal('0.2076'))
    """
    value = _decimal_of(value, "round_places")
    limits.check_figure(value)
    if not -limits.MAX_DIGITS <= places <= limits.MAX_DIGITS:
        raise InvalidInputError(
            "places", given=places, expected=f"at most {limits.MAX_DIGITS} decimal places"
        )
    return value.quantize(Decimal(1).scaleb(-places), context=_EXACT.copy())


def as_fraction(value: Decimal | Fraction | int) -> Fraction:
    """The exact fraction of an amount, for arithmetic without rounding.

    >>> as_fraction(Decimal("0.25"))
    Fraction(1, 4)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    limits.check_figure(value)
    return Fraction(value)


def to_cents(value: Decimal, *, field: str = "amount", where: str = "") -> int:
    """Whole cents of an amount that is a whole number of cents.

    >>> to_cents(Decimal("12.34"))
    1234
    >>> to_cents(Decimal("0.005"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: amount: expected a whole number of cents, got Decimal('0.005')
    """
    limits.check_amount(value, field=field, where=where)
    cents = value.scaleb(2, context=CONTEXT.copy())  # exact: an amount has at most 55 digits
    if cents != cents.to_integral_value(context=CONTEXT.copy()):
        raise InvalidInputError(field, given=value, expected="a whole number of cents", where=where)
    return int(cents)


def from_cents(cents: int | np.integer[npt.NBitBase]) -> Decimal:
    """The amount of a whole number of cents.

    >>> from_cents(123456)
    Decimal('1234.56')
    """
    whole = int(cents)
    limits.check_number(whole, field="cents")
    # exact from its text, with no context at all (a copy of one per call took 3x as long)
    return Decimal(f"{whole}e-2")


def allocate(
    total: Decimal, weights: Sequence[Decimal | int], *, policy: RoundingPolicy = CENTS
) -> tuple[Decimal, ...]:
    """Split ``total`` in proportion to ``weights`` so the parts add up to ``total`` exactly.

    Largest remainder method on units of ``policy.quantum``: every part first gets
    the whole units of its exact share (rounded towards zero), then the units left
    over go one each to the parts with the largest remainders; ties go to the
    earlier part. Parts with weight zero get zero.

    Raises:
        InvalidInputError: for a negative weight, all weights zero while the total
            is not zero, or a total that is not a whole number of quanta.

    >>> allocate(Decimal("10"), [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")])
    (Decimal('5.00'), Decimal('2.50'), Decimal('2.50'))
    >>> allocate(Decimal("-0.05"), [1, 1])
    (Decimal('-0.03'), Decimal('-0.02'))
    >>> sum(allocate(Decimal("1000"), [3, 7, 11, 13], policy=WHOLE_EUROS))
    Decimal('1000')
    """
    limits.check_amount(total, field="total", where="allocate")
    weight_fracs = _weight_fractions(weights)
    units_exact = as_fraction(total) / as_fraction(policy.quantum)
    if units_exact.denominator != 1:
        raise InvalidInputError(
            "total", given=total, expected=f"a whole multiple of {policy.quantum}", where="allocate"
        )
    units = units_exact.numerator
    if not weight_fracs:
        if units != 0:
            raise InvalidInputError(
                "weights", given=[], expected="at least one weight", where="allocate"
            )
        return ()
    weight_sum = sum(weight_fracs, Fraction(0))
    if weight_sum == 0:
        if units == 0:
            zero = Decimal(0).quantize(policy.quantum, context=CONTEXT.copy())
            return tuple(zero for _ in weight_fracs)
        raise RuleError(f"allocate: {_ALL_ZERO}")
    sign = -1 if units < 0 else 1
    parts = _largest_remainder(abs(units), weight_fracs)
    with local_context():
        return tuple((Decimal(sign * p) * policy.quantum).quantize(policy.quantum) for p in parts)


_ALL_ZERO: Final = (
    "weights: expected at least one weight > 0 to share a non-zero total, got all zero"
)


def _weight_fractions(weights: Sequence[Decimal | int]) -> list[Fraction]:
    """The weights as exact fractions, each an amount >= 0."""
    weight_fracs = []
    for index, weight in enumerate(weights):
        frac = as_fraction(amount(weight, field="weight", where=f"weights[{index}]"))
        if frac < 0:
            raise InvalidInputError(
                "weight", given=weight, expected="a weight >= 0", where=f"weights[{index}]"
            )
        weight_fracs.append(frac)
    return weight_fracs


def _largest_remainder(magnitude: int, weights: Sequence[Fraction]) -> list[int]:
    """The rule of :func:`allocate` on ``magnitude >= 0`` units and weights of a positive sum."""
    weight_sum = sum(weights, Fraction(0))
    shares = [magnitude * w / weight_sum for w in weights]
    parts = [s.numerator // s.denominator for s in shares]
    left = magnitude - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def allocate_units(
    units: npt.NDArray[np.int64], weights: Sequence[Decimal | int]
) -> npt.NDArray[np.int64]:
    """:func:`allocate` of each of many totals at once, in whole units: one row per total.

    ``units`` are totals in whole quanta (``int64`` cents, say); row ``k`` of the result
    holds the parts of ``units[k]``, one column per weight, exactly as :func:`allocate`
    gives them (largest remainder, ties to the earlier part), so each row adds up to its
    total. With the weights as ``p_i / q`` over a common denominator, a part first gets
    ``u p_i // P`` (``P`` the sum of the ``p_i``), then the units left over go to the
    largest remainders ``u p_i mod P``, in numpy; a total whose products could overflow
    ``int64`` takes the scalar rule.

    Raises:
        InvalidInputError: for a negative weight, or no weights while a total is not zero.
        RuleError: for all weights zero while a total is not zero.

    >>> import numpy as np
    >>> allocate_units(np.array([1000, 1, -5]), [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]).tolist()
    [[500, 250, 250], [1, 0, 0], [-3, -1, -1]]
    >>> [int(c * 100) for c in allocate(Decimal("-0.05"), [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")])]
    [-3, -1, -1]
    """
    fractions = _weight_fractions(weights)
    units = np.asarray(units, dtype=np.int64)
    out = np.zeros((len(units), len(fractions)), dtype=np.int64)
    weight_sum = sum(fractions, Fraction(0))
    if weight_sum == 0:
        if np.any(units != 0):
            if not fractions:
                raise InvalidInputError(
                    "weights", given=[], expected="at least one weight", where="allocate"
                )
            raise RuleError(f"allocate: {_ALL_ZERO}")
        return out
    q = math.lcm(*(f.denominator for f in fractions))
    p = np.array([int(f * q) for f in fractions], dtype=np.int64)
    whole = int(p.sum())
    sign = np.where(units < 0, -1, 1)
    magnitude = np.abs(units)  # an int64 total of -2**63 has no magnitude: the scalar rule
    fits = (magnitude >= 0) & (magnitude <= _INT64_MAX // int(p.max()))
    product = magnitude[fits, None] * p[None, :]
    parts = product // whole
    left = magnitude[fits] - parts.sum(axis=1)
    order = np.argsort(-(product % whole), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(len(p)), order.shape), axis=1)
    parts += rank < left[:, None]
    out[fits] = parts * sign[fits, None]
    for k in np.flatnonzero(~fits).tolist():
        total = int(units[k])
        rest = _largest_remainder(abs(total), fractions)
        out[k] = [part if total >= 0 else -part for part in rest]
    return out
