"""wmd.testing: strategies are valid by construction and registered with hypothesis."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.money import to_cents
from wmd.periods import Period
from wmd.testing import amounts, members, periods, registries, spells, year_figures


@given(st.from_type(Member))
def test_from_type_member(member: Member) -> None:
    """st.from_type(Member) works through the entry point and gives valid members."""
    assert isinstance(member, Member)
    assert member.sectors


@given(st.from_type(Registry), st.from_type(Membership), st.from_type(Period))
def test_from_type_other_types(registry: Registry, spell: Membership, period: Period) -> None:
    """Registry, Membership and Period are registered too."""
    assert isinstance(registry, Registry)
    assert isinstance(spell, Membership)
    assert isinstance(period, Period)


@given(amounts(-5, 5))
def test_amounts_are_whole_cents_in_range(value: Decimal) -> None:
    """Amounts are Decimals in whole cents within the bounds."""
    assert -500 <= to_cents(value) <= 500


@given(year_figures())
def test_year_figures_fte_within_headcount(figures: YearFigures) -> None:
    """Fte never exceeds the headcount when both are known."""
    if figures.fte is not None and figures.headcount is not None:
        assert figures.fte <= figures.headcount


@given(spells())
def test_spells_do_not_overlap(result: tuple[Membership, ...]) -> None:
    """Generated spells are ordered and never overlap; only the last may be open."""
    for before, after in itertools.pairwise(result):
        assert before.end is not None
        assert before.end <= after.start


@given(members())
def test_members_sector_split_adds_up(member: Member) -> None:
    """A declared split has one fraction per sector, adding up to exactly 1."""
    if member.sector_split is not None:
        assert len(member.sector_split) == len(member.sectors)
        assert sum(member.sector_split) == 1


@given(registries(max_members=8))
def test_registries_are_valid(registry: Registry) -> None:
    """Successors exist and come earlier (no cycles); no KvK number is held twice at once."""
    for member in registry:
        for spell in member.spells:
            if spell.end_reason is EndReason.MERGER:
                assert spell.successor in registry
                assert registry.successors(member.id)  # no cycle: the chain ends
    assert len(registry) <= 8


@given(periods(open_ended=False))
def test_closed_periods(period: Period) -> None:
    """periods(open_ended=False) gives periods with an end after the start."""
    assert period.end is not None
    assert period.start < period.end


ORDERS = [
    ("wmd.finance._strategies",),
    ("wmd.testing",),
    ("wmd.testing._register",),
    ("hypothesis", "wmd.finance._strategies"),
    ("wmd.finance._strategies", "wmd.testing"),
    ("wmd.testing", "wmd.finance._strategies"),
    ("wmd.finance.dues", "wmd.testing", "hypothesis"),
]


@pytest.mark.parametrize("modules", ORDERS, ids=" then ".join)
def test_testing_imports_on_its_own_in_any_order(modules: tuple[str, ...]) -> None:
    """In a fresh interpreter the strategies import in any order, and st.from_type(Member) then works."""
    code = "\n".join(
        [
            *(f"import {m}" for m in modules),
            "from hypothesis import strategies as st",
            "from wmd.members import Member",
            "from wmd.finance.dues import DuesSchedule",
            "assert isinstance(st.from_type(Member).example(), Member)",
            "assert isinstance(st.from_type(DuesSchedule).example(), DuesSchedule)",
        ]
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
