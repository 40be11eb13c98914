"""Exact money: reading amounts, the rounding policy (scalar and vectorized), allocate."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmd.errors import InvalidInputError, RuleError, WmdError
from wmd.money import CENTS, Notation, RoundingPolicy, allocate, allocate_units, amount
from wmd.testing import amounts


@pytest.mark.parametrize(
    ("text", "notation", "expected"),
    [
        ("1.439.651.139", "auto", Decimal(1439651139)),  # Dutch thousands separators
        ("2.987.055,50", "auto", Decimal("2987055.50")),  # decimal comma
        ("€ 1.234", "nl", Decimal(1234)),  # euro sign stripped
        ("(12.920)", "nl", Decimal(-12920)),  # parentheses: negative, as in the income statement
        ("1234.56", "auto", Decimal("1234.56")),  # not valid Dutch, read as plain
        ("86.500", "nl", Decimal(86500)),  # one dot and three digits, stated Dutch: thousands
        ("86.500", "plain", Decimal("86.5")),  # the same text, stated plain
    ],
)
def test_amount_reads_printed_text(text: str, notation: Notation, expected: Decimal) -> None:
    """Printed amounts are read exactly in the notation stated (or the only one they fit)."""
    assert amount(text, notation=notation) == expected


@pytest.mark.parametrize("text", ["1.000", "0.050", "€ 86.500", "(12.920)", "-1.234"])
def test_amount_refuses_to_guess_a_thousandfold(text: str) -> None:
    """One dot with three digits after it is a thousandfold apart in the two notations: refused."""
    # "1.000" is 1000 in Dutch notation and 1 in plain notation; "0.050" is 50 or 0.05.
    with pytest.raises(InvalidInputError, match="notation is stated"):
        amount(text)


@pytest.mark.parametrize("text", ["2.44.557", "1,234.56", "12,3,4", "abc", "", "(-5)"])
def test_amount_is_strict(text: str) -> None:
    """Misplaced separators are errors, never a different number (babel strict mode)."""
    # Non-strict babel reads "2.44.557" as 244557 and "1,234.56" as 1.23456.
    with pytest.raises(InvalidInputError):
        amount(text)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, None, [1]])
def test_amount_refuses_non_amounts(value: object) -> None:
    """NaN, infinity, booleans and other types raise a WmdError."""
    with pytest.raises(WmdError):
        amount(value)


def test_dash_only_when_asked() -> None:
    """A dash is zero only where the caller says so."""
    assert amount("-", dash_is_zero=True) == 0
    with pytest.raises(InvalidInputError):
        amount("-")


def test_float_by_shortest_repr() -> None:
    """0.1 is read as Decimal('0.1'), not the binary expansion."""
    assert amount(0.1) == Decimal("0.1")


_MODES = st.sampled_from(["half_up", "half_even", "down", "up"])
_QUANTA = st.sampled_from([Decimal("0.01"), Decimal("0.05"), Decimal(1), Decimal(100)])


@given(
    st.lists(st.integers(-(10**12), 10**12), min_size=1, max_size=20),
    st.integers(1, 1000),
    _MODES,
    _QUANTA,
)
def test_scalar_rounding_equals_vectorized(
    numerators: list[int], denominator: int, mode: str, quantum: Decimal
) -> None:
    """Invariant: round_ratio_array gives the same cents as round() on each Fraction."""
    policy = RoundingPolicy(quantum, mode)  # type: ignore[arg-type]
    vectorized = policy.round_ratio_array(np.array(numerators, dtype=np.int64), denominator)
    scalar = [policy.round(Fraction(n, denominator * 100)) for n in numerators]
    assert [int(c) for c in vectorized] == [int(s * 100) for s in scalar]


@given(
    st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=20),
    st.integers(1, 2**62),
    _MODES,
)
def test_vectorized_rounding_is_exact_over_the_whole_int64_range(
    numerators: list[int], denominator: int, mode: str
) -> None:
    """Invariant: round_ratio_array equals round() for any int64 numerator (floor x den may wrap)."""
    policy = RoundingPolicy(mode=mode)  # type: ignore[arg-type]
    vectorized = policy.round_ratio_array(np.array(numerators, dtype=np.int64), denominator)
    scalar = [policy.round(Fraction(n, denominator * 100)) for n in numerators]
    assert [int(c) for c in vectorized] == [int(s * 100) for s in scalar]


def test_rounding_modes_on_ties() -> None:
    """Ties: half up goes away from zero, half even to the even cent."""
    # 0.125 -> 0.13 half up, 0.12 half even; -0.125 -> -0.13 half up.
    assert CENTS.round(Decimal("0.125")) == Decimal("0.13")
    assert RoundingPolicy(mode="half_even").round(Decimal("0.125")) == Decimal("0.12")
    assert CENTS.round(Decimal("-0.125")) == Decimal("-0.13")


@given(
    amounts(-1_000_000, 1_000_000),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=12).filter(any),
)
def test_allocate_conserves_the_total(total: Decimal, weights: list[int]) -> None:
    """Invariant: the parts of allocate add up to the total exactly, for any weights."""
    parts = allocate(total, weights)
    assert sum(parts, Decimal(0)) == total
    assert len(parts) == len(weights)
    assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)


@given(
    amounts(0, 1_000_000),
    st.lists(st.decimals(0, 100, places=3), min_size=1, max_size=8).filter(any),
)
def test_allocate_conserves_with_decimal_weights(total: Decimal, weights: list[Decimal]) -> None:
    """Invariant: Decimal weights conserve the total too, and no part is off by a cent or more."""
    parts = allocate(total, weights)
    assert sum(parts, Decimal(0)) == total
    whole = sum(weights, Decimal(0))
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(total) * Fraction(weight) / Fraction(whole)
        assert abs(Fraction(part) - exact) < Fraction(1, 100)


def test_allocate_example() -> None:
    """100,00 in three: 33,34 + 33,33 + 33,33, the leftover cent to the first (tie)."""
    assert allocate(Decimal("100.00"), [1, 1, 1]) == (
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    )


@given(
    st.lists(st.one_of(amounts(-1_000_000, 1_000_000), st.just(Decimal(10**15))), max_size=12),
    st.lists(st.decimals(0, 100, places=3), min_size=1, max_size=5).filter(any),
)
def test_allocate_units_is_allocate_of_each(totals: list[Decimal], weights: list[Decimal]) -> None:
    """Property: row k of allocate_units is allocate(totals[k]) in cents, also where int64 products overflow."""
    cents = np.array([int(total * 100) for total in totals], dtype=np.int64)
    got = allocate_units(cents, weights)
    assert got.shape == (len(totals), len(weights))
    for row, total in zip(got.tolist(), totals, strict=True):
        assert row == [int(part * 100) for part in allocate(total, weights)]


def test_allocate_units_refuses_what_allocate_refuses() -> None:
    """A negative weight, and all-zero weights for a non-zero total, are refused as by allocate."""
    with pytest.raises(InvalidInputError, match="weight >= 0"):
        allocate_units(np.array([100]), [Decimal(1), Decimal(-1)])
    with pytest.raises(RuleError, match="all zero"):
        allocate_units(np.array([100]), [0, 0])
    assert allocate_units(np.array([0, 0]), [0, 0]).tolist() == [[0, 0], [0, 0]]
