"""The registry: construction rules, counting on boundary days, changes and reconciliation."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.members import EndReason, EventKind, Member, Membership, Registry
from wmd.periods import Period, Year
from wmd.testing import registries, years

D = pendulum.date


def _member(member_id: str, *spells: Membership, kvk: str | None = None) -> Member:
    return Member(member_id, f"Stichting {member_id}", kvk=kvk, sectors=("LW",), spells=spells)


def test_duplicate_ids_are_refused() -> None:
    """Two members with one id cannot form a registry."""
    with pytest.raises(InconsistentDataError, match="id: expected each member id once, got 'A'"):
        Registry((_member("A"), _member("A")))


def test_kvk_held_twice_at_the_same_time_is_refused() -> None:
    """One KvK number cannot belong to two members on the same day."""
    # A: [2000-01-01, 2010-01-01); B from 2009-12-31: both members on 31-12-2009.
    first = _member("A", Membership(D(2000, 1, 1), D(2010, 1, 1), "cancellation"), kvk="41234567")
    second = _member("B", Membership(D(2009, 12, 31)), kvk="41234567")
    with pytest.raises(InconsistentDataError, match="41234567"):
        Registry((first, second))


def test_kvk_passes_on_when_spells_touch() -> None:
    """A KvK number may pass to a member starting on the day the other stopped (half-open)."""
    first = _member("A", Membership(D(2000, 1, 1), D(2010, 1, 1), "cancellation"), kvk="41234567")
    second = _member("B", Membership(D(2010, 1, 1)), kvk="41234567")
    assert len(Registry((first, second))) == 2


def test_missing_successor_is_refused() -> None:
    """A merger into a member that is not in the registry is refused."""
    merged = _member("A", Membership(D(2000, 1, 1), D(2012, 7, 1), EndReason.MERGER, "Z"))
    with pytest.raises(InconsistentDataError, match="'Z'"):
        Registry((merged,))


def test_unknown_member_raises_wmd_error() -> None:
    """Looking up an unknown id raises InvalidInputError, not KeyError."""
    with pytest.raises(InvalidInputError):
        Registry(()).member("nope")


def test_members_on_boundary_days() -> None:
    """A member is counted from its start day up to, not including, its end day."""
    reg = Registry((_member("A", Membership(D(2012, 3, 1), D(2013, 1, 1), "cancellation")),))
    # [2012-03-01, 2013-01-01): in on 1 March and 31 December, out on 29 February and 1 January.
    assert [reg.count_on(d) for d in (D(2012, 2, 29), D(2012, 3, 1))] == [0, 1]
    assert [reg.count_on(d) for d in (D(2012, 12, 31), D(2013, 1, 1))] == [1, 0]
    assert [m.id for m in reg.members_at_end_of(2012)] == ["A"]


def test_changes_buckets() -> None:
    """changes() puts each join and departure in its own bucket, with the merger's successor."""
    reg = Registry(
        (
            _member("A", Membership(D(2000, 1, 1))),
            _member("B", Membership(D(2012, 5, 1))),
            _member("C", Membership(D(2000, 1, 1), D(2012, 6, 1), EndReason.CANCELLATION)),
            _member("D", Membership(D(2000, 1, 1), D(2012, 7, 1), EndReason.TERMINATION)),
            _member("E", Membership(D(2000, 1, 1), D(2012, 8, 1), EndReason.MERGER, "A")),
            # Ends on 1 January 2013: a departure of 2013, not of 2012.
            _member("F", Membership(D(2000, 1, 1), D(2013, 1, 1), EndReason.CANCELLATION)),
        )
    )
    changes = reg.changes(Year(2012).period)
    assert [e.member_id for e in changes.joined] == ["B"]
    assert [e.member_id for e in changes.cancelled] == ["C"]
    assert [e.member_id for e in changes.terminated] == ["D"]
    assert [(e.member_id, e.successor) for e in changes.merged] == [("E", "A")]
    assert {e.kind for e in changes.left} == {
        EventKind.CANCELLED,
        EventKind.TERMINATED,
        EventKind.MERGED,
    }
    # Opening (31-12-2011): A C D E F = 5; +1 joined (B) -3 left (C D E) = 3 = A B F.
    rec = reg.reconcile(Year(2012).period)
    assert (rec.opening, rec.closing, rec.holds) == (5, 3, True)


def test_changes_needs_a_closed_period() -> None:
    """An open-ended period cannot be reconciled."""
    with pytest.raises(InvalidInputError):
        Registry(()).changes(Period(D(2012, 1, 1)))


@given(registries(), years())
def test_reconciliation_holds_for_generated_registries(registry: Registry, year: int) -> None:
    """Invariant: opening + joined - left == closing for every year of a valid registry."""
    rec = registry.reconcile(Year(year).period)
    assert rec.holds
    assert rec.findings() == []


def test_successor_must_be_a_member_on_the_merger_day() -> None:
    """Case 2: a registry whose merger successor is no member that day is refused, naming both."""
    # A cancelled in 2010 (last day 31-12-2010); B merges into A on 2013-01-01: nobody carries B.
    a = _member("A", Membership(D(2000, 1, 1), D(2011, 1, 1), EndReason.CANCELLATION))
    b = _member("B", Membership(D(2005, 1, 1), D(2013, 1, 1), EndReason.MERGER, "A"))
    with pytest.raises(
        InconsistentDataError,
        match=r"member B: successor: expected a successor that is a member on the merger date 2013-01-01, to carry the membership of B, got .A.",
    ):
        Registry((a, b))
