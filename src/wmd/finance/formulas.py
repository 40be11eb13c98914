"""Dues formulas: how a basis (wage sum, headcount, fte) becomes a gross amount.

Every formula has two paths that give the same cents:

* :meth:`~Formula.gross` -- the readable scalar rule on exact fractions;
* :meth:`~Formula.kernel` -- the numpy rule on ``int64`` basis units, returning an
  exact numerator over one common denominator (no floats anywhere).

The families:

=======================  ====================================================
:class:`Fixed`           the same amount for everyone
:class:`Rate`            a rate (percent or per mille) of the basis, with an
                         optional minimum and maximum
:class:`BandLookup`      bands as a lookup: a fixed amount per bracket
:class:`MarginalBands`   bands as slices: a rate per slice of the basis, like
                         income tax, with optional minimum and maximum
:class:`SumOf`           a sum of parts, e.g. a fixed amount plus a rate
=======================  ====================================================

>>> from fractions import Fraction
>>> from wmd.finance.formulas import Fixed, Rate, MarginalBands, Slice, SumOf
>>> rate = Rate.per_mille("2.075", minimum="250", maximum="25000")
>>> rate.gross(Fraction(1_000_000))  # 1.000.000 x 2,075 promille
Fraction(2075, 1)
>>> rate.gross(Fraction(50_000))  # 103,75 is below the minimum
Fraction(250, 1)
>>> bands = MarginalBands((Slice("0", "0.003"), Slice("250000", "0.002"), Slice("1000000", "0.001")))
>>> bands.gross(Fraction(1_200_000))  # 250.000 x 0,3% + 750.000 x 0,2% + 200.000 x 0,1%
Fraction(2450, 1)
>>> SumOf((Fixed("100"), Rate.percent("0.1"))).gross(Fraction(10_000))
Fraction(110, 1)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError, RuleError
from wmd.money import CENTS, amount, as_fraction, round_places

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = [
    "RATE_PLACES",
    "Band",
    "BandLookup",
    "Fixed",
    "Formula",
    "MarginalBands",
    "Rate",
    "Slice",
    "SumOf",
]

Int64Array: TypeAlias = "npt.NDArray[np.int64]"
_LIMIT: Final = 2**62  # headroom below int64's 2**63 for sums of a few terms
_I64_MAX: Final = 2**63 - 1  # np.iinfo(np.int64).max and .min, without importing numpy
_I64_MIN: Final = -(2**63)


def _to_amount(value: object) -> Decimal:
    return amount(value, field="amount", notation="plain")


def _to_optional_amount(value: object) -> Decimal | None:
    return None if value is None else amount(value, field="amount", notation="plain")


def _to_rate(value: object) -> Decimal:
    return amount(value, field="rate", notation="plain")


def _check_nonnegative(
    instance: object, attribute: attrs.Attribute[Any], value: Decimal | None
) -> None:
    if value is not None and value < 0:
        raise InvalidInputError(
            attribute.name,
            given=value,
            expected="a value >= 0",
            where=f"dues formula {type(instance).__name__}",
        )


RATE_PLACES: Final = 9
"""Scaled rates keep 9 decimals (0,0000001%), so the int64 kernel stays exact for real wage sums."""


def _rate_times(rate: Decimal, factor: Decimal) -> Decimal:
    """A rate times a factor, to :data:`RATE_PLACES` decimals (half up)."""
    return round_places(rate * factor, RATE_PLACES)


def _times(value: Decimal, factor: Decimal) -> Decimal:
    """An amount times a factor, rounded to the cent by the money policy."""
    return CENTS.round(as_fraction(value) * as_fraction(factor))


def _optional_times(value: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if value is None else _times(value, factor)


def _lcm(values: Iterable[int]) -> int:
    result = 1
    for v in values:
        result = math.lcm(result, v)
    return result


def _check_range(name: str, *arrays: tuple[int, int]) -> None:
    """Refuse a computation whose products could overflow int64."""
    for bound_a, bound_b in arrays:
        if abs(bound_a) * abs(bound_b) >= _LIMIT:
            raise RuleError(
                f"dues formula {name}: basis {bound_b} units x coefficient {bound_a} is too large for exact "
                "int64 arithmetic; use fewer decimals in rates or smaller bases"
            )


def _clamp(
    value: Fraction, minimum: Decimal | None, maximum: Decimal | None
) -> tuple[Fraction, str | None]:
    if minimum is not None and value < as_fraction(minimum):
        return as_fraction(minimum), "minimum"
    if maximum is not None and value > as_fraction(maximum):
        return as_fraction(maximum), "maximum"
    return value, None


def _clamp_array(
    num: Int64Array, den: int, minimum: Decimal | None, maximum: Decimal | None
) -> Int64Array:
    if minimum is not None:
        low = int(as_fraction(minimum) * den)
        if low > _I64_MAX:
            raise RuleError(
                f"dues formula: minimum {minimum} x {den} is too large for exact int64 arithmetic"
            )
        if low > _I64_MIN:
            num = np.maximum(num, np.int64(low))
    if maximum is not None:
        high = int(as_fraction(maximum) * den)
        if high < _I64_MAX:  # a maximum beyond int64 cannot bind
            num = np.minimum(num, np.int64(max(high, _I64_MIN)))
    return num


class Formula(Protocol):
    """A dues formula: a scalar rule and its vectorized twin."""

    kind: ClassVar[str]

    @property
    def uses_basis(self) -> bool:
        """Whether the amount depends on the basis (a fixed amount does not)."""
        ...

    def gross(self, basis: Fraction) -> Fraction:
        """The exact gross amount in euros for a basis value (in euros, people or fte)."""
        ...

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:
        """The gross amounts for ``units / scale`` as ``(numerator, denominator)`` euros."""
        ...

    def denominator(self, scale: int) -> int:
        """The common denominator :meth:`kernel` uses (a multiple of every term's)."""
        ...

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> Formula:
        """The same formula with every rate (and, unless ``rates_only``, every amount) times ``factor``.

        Rates keep :data:`RATE_PLACES` decimals and amounts whole cents, so a scaled
        formula is one a person could write down.
        """
        ...

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:
        """The steps of :meth:`gross` as message ids with values, for explanations."""
        ...


@attrs.frozen
class Fixed:
    """A fixed amount, whatever the basis.

    >>> Fixed("450").gross(Fraction(0))
    Fraction(450, 1)
    """

    kind: ClassVar[str] = "fixed"
    amount: Decimal = attrs.field(converter=_to_amount, validator=_check_nonnegative)

    @property
    def uses_basis(self) -> bool:
        """A fixed amount does not depend on the basis."""
        return False

    def gross(self, basis: Fraction) -> Fraction:  # noqa: ARG002 - the protocol's signature
        """The fixed amount."""
        return as_fraction(self.amount)

    def denominator(self, scale: int) -> int:  # noqa: ARG002 - the protocol's signature
        """The denominator of the amount."""
        return as_fraction(self.amount).denominator

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:  # noqa: ARG002
        """The fixed amount for every element."""
        frac = as_fraction(self.amount)
        return np.full(units.shape, frac.numerator, dtype=np.int64), frac.denominator

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> Fixed:
        """The amount times ``factor`` (unchanged when ``rates_only``)."""
        return self if rates_only else Fixed(_times(self.amount, factor))

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:  # noqa: ARG002
        """One step: the fixed amount."""
        return [("fixed amount {amount}", {"amount": self.amount})]


@attrs.frozen
class Rate:
    """A rate of the basis (``rate`` as a fraction: 0,2075% is ``Decimal("0.002075")``).

    Use :meth:`percent` or :meth:`per_mille` to give it as printed.

    >>> Rate("-0.1")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: dues formula Rate: rate: expected a value >= 0, got Decimal('-0.1')
    >>> Rate("0.01", minimum="500", maximum="100")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: dues formula Rate: maximum: expected a maximum >= the minimum 500, got Decimal('100')
    """

    kind: ClassVar[str] = "rate"
    rate: Decimal = attrs.field(converter=_to_rate, validator=_check_nonnegative)
    minimum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )
    maximum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )

    def __attrs_post_init__(self) -> None:
        _check_min_max(self, self.minimum, self.maximum)

    @classmethod
    def percent(cls, value: object, *, minimum: object = None, maximum: object = None) -> Rate:
        """A rate given in percent (``"0.2075"`` is 0,2075%)."""
        return cls(_to_rate(value) / 100, minimum, maximum)

    @classmethod
    def per_mille(cls, value: object, *, minimum: object = None, maximum: object = None) -> Rate:
        """A rate given per mille (``"2.075"`` is 2,075‰)."""
        return cls(_to_rate(value) / 1000, minimum, maximum)

    @property
    def uses_basis(self) -> bool:
        """The amount depends on the basis."""
        return True

    def gross(self, basis: Fraction) -> Fraction:
        """``basis x rate``, then the minimum and maximum."""
        return _clamp(basis * as_fraction(self.rate), self.minimum, self.maximum)[0]

    def _coefficient(self, scale: int) -> Fraction:
        return as_fraction(self.rate) / scale

    def denominator(self, scale: int) -> int:
        """Denominator of ``rate / scale`` and of the minimum and maximum."""
        parts = [self._coefficient(scale).denominator]
        parts += [as_fraction(v).denominator for v in (self.minimum, self.maximum) if v is not None]
        return _lcm(parts)

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:
        """``units x rate / scale`` over a common denominator, clamped."""
        den = self.denominator(scale)
        coef = self._coefficient(scale) * den
        _check_range("Rate", (int(coef), int(np.abs(units).max(initial=0))))
        num = units * np.int64(int(coef))
        return _clamp_array(num, den, self.minimum, self.maximum), den

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> Rate:
        """The rate (and, unless ``rates_only``, minimum and maximum) times ``factor``."""
        if rates_only:
            return attrs.evolve(self, rate=_rate_times(self.rate, factor))
        return Rate(
            _rate_times(self.rate, factor),
            _optional_times(self.minimum, factor),
            _optional_times(self.maximum, factor),
        )

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:
        """Basis x rate, then which bound applied."""
        raw = basis * as_fraction(self.rate)
        value, bound = _clamp(raw, self.minimum, self.maximum)
        out: list[tuple[str, dict[str, object]]] = [
            ("{basis} × {rate} = {raw}", {"basis": basis, "rate": self.rate, "raw": raw})
        ]
        out += _bound_steps(bound, value, self.minimum, self.maximum)
        return out


def _bound_steps(
    bound: str | None, value: Fraction, minimum: Decimal | None, maximum: Decimal | None
) -> list[tuple[str, dict[str, object]]]:
    if bound == "minimum":
        return [("minimum {minimum} applied", {"minimum": minimum})]
    if bound == "maximum":
        return [("maximum {maximum} applied", {"maximum": maximum})]
    out: list[tuple[str, dict[str, object]]] = []
    if minimum is not None:
        out.append(("minimum {minimum} not applied", {"minimum": minimum, "value": value}))
    if maximum is not None:
        out.append(("maximum {maximum} not applied", {"maximum": maximum, "value": value}))
    return out


def _check_min_max(instance: object, minimum: Decimal | None, maximum: Decimal | None) -> None:
    if minimum is not None and maximum is not None and maximum < minimum:
        raise InvalidInputError(
            "maximum",
            given=maximum,
            expected=f"a maximum >= the minimum {minimum}",
            where=f"dues formula {type(instance).__name__}",
        )


def _to_edge(value: object) -> Decimal:
    return amount(value, field="lower", notation="plain")


@attrs.frozen
class Band:
    """A bracket of a :class:`BandLookup`: from ``lower`` (inclusive) the amount is ``amount``."""

    lower: Decimal = attrs.field(converter=_to_edge, validator=_check_nonnegative)
    amount: Decimal = attrs.field(converter=_to_amount, validator=_check_nonnegative)


@attrs.frozen
class Slice:
    """A slice of :class:`MarginalBands`: the part of the basis above ``lower`` pays ``rate``."""

    lower: Decimal = attrs.field(converter=_to_edge, validator=_check_nonnegative)
    rate: Decimal = attrs.field(converter=_to_rate, validator=_check_nonnegative)


def _band_tuple(value: Iterable[Band]) -> tuple[Band, ...]:
    return tuple(value)


def _slice_tuple(value: Iterable[Slice]) -> tuple[Slice, ...]:
    return tuple(value)


def _formula_tuple(value: Iterable[Formula]) -> tuple[Formula, ...]:
    return tuple(value)


def _check_edges(name: str, lowers: list[Decimal]) -> None:
    if not lowers:
        raise InvalidInputError(
            "bands", given=[], expected="at least one band", where=f"dues formula {name}"
        )
    if lowers[0] != 0:
        raise InvalidInputError(
            "bands",
            given=lowers[0],
            expected="a first band starting at 0",
            where=f"dues formula {name}",
        )
    for before, after in itertools.pairwise(lowers):
        if after <= before:
            raise InvalidInputError(
                "bands",
                given=f"{before} then {after}",
                expected="lower edges in strictly increasing order, without overlap",
                where=f"dues formula {name}",
            )


@attrs.frozen
class BandLookup:
    """Bands as a lookup: the amount of the bracket the basis falls in.

    >>> table = BandLookup((Band("0", "300"), Band("250000", "900"), Band("1000000", "2500")))
    >>> table.gross(Fraction(250_000)), table.gross(Fraction(249_999))
    (Fraction(900, 1), Fraction(300, 1))
    """

    kind: ClassVar[str] = "lookup"
    bands: tuple[Band, ...] = attrs.field(converter=_band_tuple)
    minimum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )
    maximum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )

    def __attrs_post_init__(self) -> None:
        _check_edges("BandLookup", [b.lower for b in self.bands])
        _check_min_max(self, self.minimum, self.maximum)

    def band_index(self, basis: Fraction) -> int:
        """Index of the band the basis falls in."""
        index = 0
        for i, band in enumerate(self.bands):
            if basis >= as_fraction(band.lower):
                index = i
        return index

    @property
    def uses_basis(self) -> bool:
        """The amount depends on the basis."""
        return True

    def gross(self, basis: Fraction) -> Fraction:
        """The amount of the basis's band, then the minimum and maximum."""
        value = as_fraction(self.bands[self.band_index(basis)].amount)
        return _clamp(value, self.minimum, self.maximum)[0]

    def denominator(self, scale: int) -> int:  # noqa: ARG002 - the protocol's signature
        """Denominator of every amount."""
        values = [b.amount for b in self.bands] + [
            v for v in (self.minimum, self.maximum) if v is not None
        ]
        return _lcm(as_fraction(v).denominator for v in values)

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:
        """Look every basis up in the sorted edges."""
        den = self.denominator(scale)
        # an edge that is not a whole number of units: a basis reaches it at the next whole unit
        edges = np.array(
            [math.ceil(as_fraction(b.lower) * scale) for b in self.bands], dtype=np.int64
        )
        amounts = np.array([int(as_fraction(b.amount) * den) for b in self.bands], dtype=np.int64)
        index = np.searchsorted(edges, units, side="right") - 1
        num = amounts[np.clip(index, 0, None)]
        return _clamp_array(num, den, self.minimum, self.maximum), den

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> BandLookup:
        """Every amount times ``factor``; a lookup has no rates, so ``rates_only`` scales the amounts too."""
        del rates_only
        return BandLookup(
            tuple(Band(b.lower, _times(b.amount, factor)) for b in self.bands),
            _optional_times(self.minimum, factor),
            _optional_times(self.maximum, factor),
        )

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:
        """Which band the basis falls in, then which bound applied."""
        band = self.bands[self.band_index(basis)]
        raw = as_fraction(band.amount)
        value, bound = _clamp(raw, self.minimum, self.maximum)
        out: list[tuple[str, dict[str, object]]] = [
            (
                "{basis} falls in the band from {lower}: {amount}",
                {"basis": basis, "lower": band.lower, "amount": band.amount},
            )
        ]
        return out + _bound_steps(bound, value, self.minimum, self.maximum)


@attrs.frozen
class MarginalBands:
    """Bands as slices: each slice of the basis pays its own rate, like income tax.

    >>> MarginalBands((Slice("0", "0.003"), Slice("0", "0.002")))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: dues formula MarginalBands: bands: expected lower edges in strictly increasing order, without overlap, got '0 then 0'
    """

    kind: ClassVar[str] = "marginal"
    slices: tuple[Slice, ...] = attrs.field(converter=_slice_tuple)
    minimum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )
    maximum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )

    def __attrs_post_init__(self) -> None:
        _check_edges("MarginalBands", [s.lower for s in self.slices])
        _check_min_max(self, self.minimum, self.maximum)

    def _parts(self, basis: Fraction) -> list[tuple[Slice, Fraction]]:
        parts = []
        for i, piece in enumerate(self.slices):
            lower = as_fraction(piece.lower)
            upper = as_fraction(self.slices[i + 1].lower) if i + 1 < len(self.slices) else None
            top = basis if upper is None else min(basis, upper)
            if top > lower:
                parts.append((piece, top - lower))
        return parts

    @property
    def uses_basis(self) -> bool:
        """The amount depends on the basis."""
        return True

    def gross(self, basis: Fraction) -> Fraction:
        """The sum of rate x slice over the slices the basis reaches, then minimum and maximum."""
        raw = sum(
            (part * as_fraction(piece.rate) for piece, part in self._parts(basis)), Fraction(0)
        )
        return _clamp(raw, self.minimum, self.maximum)[0]

    def denominator(self, scale: int) -> int:
        """Denominator of every ``rate / scale``, edge x rate, minimum and maximum."""
        parts = [(as_fraction(s.rate) / scale).denominator for s in self.slices]
        parts += [
            (as_fraction(edge.lower) * as_fraction(piece.rate)).denominator
            for piece in self.slices
            for edge in self.slices
        ]
        parts += [as_fraction(v).denominator for v in (self.minimum, self.maximum) if v is not None]
        return _lcm(parts)

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:
        """Sum of rate x slice per element, over one denominator, clamped."""
        den = self.denominator(scale)
        biggest = int(np.abs(units).max(initial=0))
        num = np.zeros(units.shape, dtype=np.int64)
        for i, piece in enumerate(self.slices):
            lower_units = as_fraction(piece.lower) * scale
            coef = as_fraction(piece.rate) / scale * den
            _check_range("MarginalBands", (int(coef), biggest + int(lower_units) + 1))
            # slice above `lower` in units, as a fraction of units: (units - lower_units)
            # lower_units may be fractional; multiply through by its denominator via coef * lower
            lower_num = int(
                coef * lower_units
            )  # whole: den is a multiple of (lower x rate)'s denominator
            part = units * np.int64(int(coef)) - np.int64(lower_num)
            if i + 1 < len(self.slices):
                upper_units = as_fraction(self.slices[i + 1].lower) * scale
                cap = int(coef * upper_units) - lower_num
                part = np.minimum(part, np.int64(cap))
            num += np.maximum(part, np.int64(0))
        return _clamp_array(num, den, self.minimum, self.maximum), den

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> MarginalBands:
        """Every rate (and, unless ``rates_only``, minimum and maximum) times ``factor``."""
        slices = tuple(Slice(s.lower, _rate_times(s.rate, factor)) for s in self.slices)
        if rates_only:
            return attrs.evolve(self, slices=slices)
        return MarginalBands(
            slices,
            _optional_times(self.minimum, factor),
            _optional_times(self.maximum, factor),
        )

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:
        """One step per slice reached, then which bound applied."""
        out: list[tuple[str, dict[str, object]]] = [
            (
                "slice from {lower}: {part} × {rate} = {value}",
                {
                    "lower": piece.lower,
                    "part": part,
                    "rate": piece.rate,
                    "value": part * as_fraction(piece.rate),
                },
            )
            for piece, part in self._parts(basis)
        ]
        values = tuple(part * as_fraction(piece.rate) for piece, part in self._parts(basis))
        raw = sum(values, Fraction(0))
        if len(values) > 1:
            out.append(("sum of the slices: {terms} = {raw}", {"terms": values, "raw": raw}))
        value, bound = _clamp(raw, self.minimum, self.maximum)
        return out + _bound_steps(bound, value, self.minimum, self.maximum)


@attrs.frozen
class SumOf:
    """A sum of formulas (for example a fixed amount plus a rate), with optional bounds on the sum."""

    kind: ClassVar[str] = "sum"
    parts: tuple[Formula, ...] = attrs.field(converter=_formula_tuple)
    minimum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )
    maximum: Decimal | None = attrs.field(
        default=None, converter=_to_optional_amount, validator=_check_nonnegative
    )

    def __attrs_post_init__(self) -> None:
        if not self.parts:
            raise InvalidInputError(
                "parts", given=(), expected="at least one part", where="dues formula SumOf"
            )
        _check_min_max(self, self.minimum, self.maximum)

    @property
    def uses_basis(self) -> bool:
        """Whether any part depends on the basis."""
        return any(p.uses_basis for p in self.parts)

    def gross(self, basis: Fraction) -> Fraction:
        """The sum of the parts, then the minimum and maximum."""
        raw = sum((p.gross(basis) for p in self.parts), Fraction(0))
        return _clamp(raw, self.minimum, self.maximum)[0]

    def denominator(self, scale: int) -> int:
        """A multiple of every part's denominator."""
        values = [p.denominator(scale) for p in self.parts]
        values += [
            as_fraction(v).denominator for v in (self.minimum, self.maximum) if v is not None
        ]
        return _lcm(values)

    def kernel(self, units: Int64Array, scale: int) -> tuple[Int64Array, int]:
        """The parts' kernels brought to one denominator and added."""
        den = self.denominator(scale)
        num = np.zeros(units.shape, dtype=np.int64)
        for part in self.parts:
            part_num, part_den = part.kernel(units, scale)
            factor = den // part_den
            _check_range("SumOf", (factor, int(np.abs(part_num).max(initial=0))))
            num += part_num * np.int64(factor)
        return _clamp_array(num, den, self.minimum, self.maximum), den

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> SumOf:
        """Every part scaled; the bounds too unless ``rates_only``."""
        parts = tuple(p.scaled(factor, rates_only=rates_only) for p in self.parts)
        if rates_only:
            return attrs.evolve(self, parts=parts)
        return SumOf(
            parts,
            _optional_times(self.minimum, factor),
            _optional_times(self.maximum, factor),
        )

    def steps(self, basis: Fraction) -> list[tuple[str, dict[str, object]]]:
        """The steps of every part, their sum, then which bound applied."""
        out: list[tuple[str, dict[str, object]]] = []
        for part in self.parts:
            out += part.steps(basis)
        terms = tuple(p.gross(basis) for p in self.parts)
        raw = sum(terms, Fraction(0))
        out.append(("sum of the parts: {terms} = {raw}", {"terms": terms, "raw": raw}))
        value, bound = _clamp(raw, self.minimum, self.maximum)
        return out + _bound_steps(bound, value, self.minimum, self.maximum)
