"""Plus packages, quorum, motions and the rotation schedule used as an app would, under mypy --strict."""

from __future__ import annotations

from decimal import Decimal
from typing import assert_type

import pendulum

from wmd.finance import PlusPackage, Sharing, Subscription
from wmd.finance.plus import PlusAssessment
from wmd.governance import (
    Choice,
    GovernanceCode,
    Meeting,
    MeetingKind,
    Motion,
    Outcome,
    Principle,
    Quorum,
    QuorumCount,
    Role,
    RotationSchedule,
    Seat,
    Seats,
    Vote,
    VotingRule,
)
from wmd.members import Member, Membership, Registry, YearFigures


def test_plus_and_governance_api_types() -> None:
    """Return types of the plus-dues and meeting entry points are what the annotations promise."""
    member = Member(
        "A",
        "Stichting A",
        sectors=("MD",),
        figures=(YearFigures(2013, wage_sum=Decimal(100_000)),),
        spells=(Membership(pendulum.date(2000, 1, 1)),),
    )
    registry = Registry((member,))
    package = PlusPackage(
        "AMW", "AMW", 2013, Decimal(100), Sharing.BY_WAGE_SUM, (Subscription("A", "2012-01-01"),)
    )
    assert_type(package.assessments(registry), tuple[PlusAssessment, ...])
    assert_type(package.assess(registry, "A").explain("en"), str)
    assert_type(package.plus_dues(registry), dict[str, Decimal])
    assert_type(package.not_charged(registry), tuple[str, ...])

    meeting = Meeting(pendulum.date(2013, 6, 13), MeetingKind.GENERAL, frozenset({"A"}))
    quorum = Quorum.two_thirds()
    assert_type(quorum.count(meeting, entitled=1), QuorumCount)
    outcome = Motion("Budget", meeting, (Vote("A", Choice.FOR),)).outcome(
        VotingRule.one_member_one_vote(), quorum, entitled=["A"]
    )
    assert_type(outcome, Outcome)
    assert outcome.carried

    code = GovernanceCode(
        "2008", "2008-01-01", (Principle("1", "One"),), max_term_years=4, max_terms=2
    )
    seats = Seats((Seat("B", Role.BOARD_MEMBER, (("2012-01-01", "2016-01-01"),)),))
    schedule = seats.rotation(code, pendulum.date(2013, 1, 1))
    assert_type(schedule, RotationSchedule)
    assert [r.steps_down for r in schedule] == [pendulum.date(2016, 1, 1)]
