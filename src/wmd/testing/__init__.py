"""Hypothesis strategies for wmd's values, for your tests and for ours.

Every strategy is a public function returning a ``SearchStrategy`` and builds
values that are valid by construction: amounts in whole cents, fte never above
the headcount, spells that never overlap, registries whose merger successors
are members on the merger date and whose KvK numbers are never held by two
members at the same time. Registries are small by default (``max_members``) so
property tests stay fast.

The strategies cover the whole domain, not its easy corner: dates often fall on
1 January, members work in several sectors with declared splits, figures are
sometimes unknown, spells are cancelled, terminated and merged (in chains), and
schedules use every basis kind, missing-basis rule, basis year, proration,
merger rule, rounding policy and VAT split.

Installing ``wmd[testing]`` registers the types with hypothesis through its
entry point, so ``st.from_type(Member)`` just works:

>>> from hypothesis import given, settings, strategies as st
>>> from wmd.finance.dues import DuesSchedule
>>> from wmd.members import Member, Registry
>>> from wmd.testing import registries
>>> @settings(max_examples=10)
... @given(st.from_type(Member), registries(max_members=4), st.from_type(DuesSchedule))
... def test_shapes(member, registry, schedule):
...     assert member.sectors and all(m.id in registry for m in registry)
>>> test_shapes()

A property over the dues roll, on a registry and a schedule for the same year:

>>> from wmd.errors import RuleError
>>> from wmd.testing import dues_schedules, roll_registries
>>> @settings(max_examples=10)
... @given(roll_registries(2013, max_members=4), dues_schedules(2013))
... def test_roll_is_never_negative(registry, schedule):
...     try:
...         roll = schedule.roll(registry)
...     except RuleError:  # a basis the schedule requires is unknown
...         return
...     assert roll.total >= 0
>>> test_roll_is_never_negative()

This package imports hypothesis; ``import wmd`` never imports it. It imports on
its own in any order with :mod:`hypothesis` (whose entry point only registers
lazy look-ups, see :mod:`wmd.testing._register`).
"""

from __future__ import annotations

from wmd.testing._finance import (
    bases,
    dues_schedules,
    formulas,
    prorations,
    roll_registries,
    roundings,
    vats,
)
from wmd.testing._members import (
    amounts,
    dates,
    kvk_numbers,
    member_ids,
    members,
    memberships,
    periods,
    registries,
    sector_codes,
    spells,
    year_figures,
    years,
)

__all__ = [
    "amounts",
    "bases",
    "dates",
    "dues_schedules",
    "formulas",
    "kvk_numbers",
    "member_ids",
    "members",
    "memberships",
    "periods",
    "prorations",
    "registries",
    "roll_registries",
    "roundings",
    "sector_codes",
    "spells",
    "vats",
    "year_figures",
    "years",
]
