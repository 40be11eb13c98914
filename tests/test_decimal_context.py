"""The library neither changes nor depends on the caller's decimal context."""

from __future__ import annotations

import decimal
from decimal import Decimal

from wmd.datasets import sample_registry, sample_schedule
from wmd.i18n import format_amount
from wmd.money import CENTS, allocate, amount


def _work() -> tuple[object, ...]:
    registry = sample_registry()
    schedule = sample_schedule(2013)
    roll = schedule.roll(registry)
    first = registry.member(roll.member_ids[0])
    return (
        roll.total,
        schedule.assess(first, registry).explain(),
        allocate(Decimal("1439651139.00"), [502, 297, 230, 62, 163, 77]),
        CENTS.round(amount("2.987.055,555")),
        format_amount(Decimal("2987055.5")),
    )


def test_results_do_not_depend_on_the_callers_rounding() -> None:
    """A caller whose context rounds down, or half even, gets exactly the same figures.

    Every rounding in wmd names its mode; only the precision (28 digits by default)
    is taken from the context, which is ample for any amount of euros.
    """
    expected = _work()
    for rounding in (decimal.ROUND_DOWN, decimal.ROUND_HALF_EVEN, decimal.ROUND_CEILING):
        with decimal.localcontext(rounding=rounding):
            assert _work() == expected


def test_the_callers_context_is_left_alone() -> None:
    """After a roll, an assessment and formatting, the caller's context is what it was."""
    before = decimal.getcontext().copy()
    _work()
    after = decimal.getcontext()
    assert (after.prec, after.rounding, after.Emin, after.Emax) == (
        before.prec,
        before.rounding,
        before.Emin,
        before.Emax,
    )
    assert after.traps == before.traps
