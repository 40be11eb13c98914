"""Meetings, quorum, motions and voting rules (one member one vote, weighted by dues) by hand."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import given

from wmd.errors import InvalidInputError, RuleError
from wmd.governance import (
    Choice,
    DuesAmounts,
    Majority,
    Meeting,
    MeetingKind,
    MeetingLog,
    Motion,
    Quorum,
    Vote,
    VoteBand,
    VotingRule,
)

D = Decimal
date = pendulum.date

BANDS = [(0, 1), (5000, 5), (20000, 10), (50000, 25)]


class FakeRoll:
    """Stands in for wmd.finance.DuesRoll: only the amounts() method the protocol asks for."""

    def __init__(self, amounts: Mapping[str, Decimal]) -> None:
        self._amounts = dict(amounts)

    def amounts(self) -> Mapping[str, Decimal]:
        """Member id to dues due."""
        return self._amounts


def general(
    day: pendulum.Date,
    present: set[str],
    represented: set[str] | None = None,
    first: pendulum.Date | None = None,
) -> Meeting:
    """A general meeting with the given attendance."""
    return Meeting(
        day,
        MeetingKind.GENERAL,
        frozenset(present),
        frozenset(represented or set()),
        first_meeting=first,
    )


# -- meeting counts ---------------------------------------------------------------------------


def log_2012() -> MeetingLog:
    """The meetings of 2012 as reported: 9 board, 2 general, 1 interim; plus one in 2011."""
    board = [
        Meeting(date(2012, month, 15), MeetingKind.BOARD) for month in (1, 2, 3, 4, 5, 6, 9, 10, 11)
    ]
    return MeetingLog(
        [
            *board,
            general(date(2012, 6, 14), {"A"}),
            general(date(2012, 12, 6), {"A"}),
            Meeting(date(2012, 9, 20), MeetingKind.INTERIM),
            Meeting(date(2011, 12, 31), MeetingKind.BOARD),
        ]
    )


def test_counts_per_year_match_2012_report() -> None:
    """2012: 9 board meetings, 2 general meetings and 1 interim members' meeting."""
    counts = log_2012().counts(2012)
    assert counts == {MeetingKind.BOARD: 9, MeetingKind.GENERAL: 2, MeetingKind.INTERIM: 1}
    # the board meeting of 2011-12-31 belongs to 2011
    assert log_2012().counts(2011)[MeetingKind.BOARD] == 1


def test_meeting_table_has_a_column_per_year() -> None:
    """The log table shows kinds as rows and years as columns, Dutch by default."""
    table = log_2012().table()
    assert table.columns == ("vergadering", "2011", "2012")
    assert table.rows == (
        ("bestuursvergadering", "1", "9"),
        ("algemene ledenvergadering", "0", "2"),
        ("tussentijdse ledenvergadering", "0", "1"),
    )
    assert log_2012().table("en").rows[0] == ("board meeting", "1", "9")


def test_attendance_table_and_pandas() -> None:
    """The attendance table lists each meeting of the year; to_pandas one row per meeting."""
    log = MeetingLog([general(date(2012, 6, 14), {"A", "B"}, {"C"})])
    assert log.attendance_table(2012, "en").rows == (("14/06/2012", "general meeting", "2", "1"),)
    pytest.importorskip("pandas")
    frame = log.to_pandas()
    assert list(frame["attendance"]) == [3]


def test_present_and_represented_must_differ() -> None:
    """One cannot be both present and represented."""
    with pytest.raises(InvalidInputError, match="also present"):
        general(date(2012, 6, 14), {"A"}, {"A"})


def test_first_meeting_must_be_earlier() -> None:
    """A second meeting comes after the first."""
    with pytest.raises(InvalidInputError, match="first_meeting"):
        general(date(2012, 6, 14), {"A"}, first=date(2012, 6, 14))


# -- quorum -----------------------------------------------------------------------------------


def test_two_thirds_quorum_by_hand() -> None:
    """Two thirds of 9 entitled is 6 attending."""
    quorum = Quorum.two_thirds()
    five = general(date(2012, 6, 14), {"A", "B", "C", "D"}, {"E"})
    six = general(date(2012, 6, 14), {"A", "B", "C", "D"}, {"E", "F"})
    assert not quorum.is_met(five, entitled=9)  # 5 < 2/3 * 9 = 6
    assert quorum.is_met(six, entitled=9)  # 6 >= 6


def test_second_meeting_within_four_weeks_decides_regardless() -> None:
    """A second meeting at most 28 days after the first needs no quorum; later it does."""
    quorum = Quorum.two_thirds()
    # 2012-06-14 + 28 days = 2012-07-12
    within = general(date(2012, 7, 12), {"A"}, first=date(2012, 6, 14))
    too_late = general(date(2012, 7, 13), {"A"}, first=date(2012, 6, 14))
    assert quorum.is_met(within, entitled=9)
    assert not quorum.is_met(too_late, entitled=9)  # 1 < 6
    assert not Quorum.two_thirds(second_meeting_days=None).is_met(within, entitled=9)


def test_quorum_refuses_impossible_entitled() -> None:
    """Attendance above those entitled, or a negative count, is an error."""
    meeting = general(date(2012, 6, 14), {"A", "B"})
    with pytest.raises(InvalidInputError, match="entitled"):
        Quorum.two_thirds().is_met(meeting, entitled=1)
    with pytest.raises(InvalidInputError, match="entitled"):
        Quorum.two_thirds().is_met(meeting, entitled=-1)


@given(
    share=st.fractions(min_value=0, max_value=1),
    entitled=st.integers(0, 60),
    data=st.data(),
)
def test_quorum_is_monotone_in_attendance(
    share: Fraction, entitled: int, data: st.DataObject
) -> None:
    """Invariant: if a meeting has a quorum, one with more attendees has one too."""
    fewer = data.draw(st.integers(0, entitled))
    more = data.draw(st.integers(fewer, entitled))
    quorum = Quorum(share)
    day = date(2012, 6, 14)
    small = general(day, {f"M{i}" for i in range(fewer)})
    large = general(day, {f"M{i}" for i in range(more)})
    if quorum.is_met(small, entitled=entitled):
        assert quorum.is_met(large, entitled=entitled)


# -- voting rules -----------------------------------------------------------------------------


def test_one_member_one_vote() -> None:
    """Without bands every member has one vote, dues or not (BW 2:38)."""
    rule = VotingRule.one_member_one_vote()
    assert not rule.weighted
    assert rule.weight("anyone") == 1


def test_votes_by_dues_bands_and_cap() -> None:
    """Dues bands give 1, 5, 10 or 25 votes; the cap limits one member."""
    dues = {"A": D("4999.99"), "B": D("5000"), "C": D("20000.00"), "D": D("75000")}
    uncapped = VotingRule.by_dues(dues, BANDS)
    # A below 5000: 1; B at 5000: 5; C at 20000: 10; D above 50000: 25
    assert [uncapped.weight(m) for m in "ABCD"] == [1, 5, 10, 25]
    capped = VotingRule.by_dues(dues, BANDS, cap=12)
    assert [capped.weight(m) for m in "ABCD"] == [1, 5, 10, 12]


def test_dues_from_any_object_with_amounts() -> None:
    """A DuesRoll-like object is read through its amounts() method."""
    roll = FakeRoll({"A": D("6000")})
    assert isinstance(roll, DuesAmounts)
    assert VotingRule.by_dues(roll, BANDS).weight("A") == 5


def test_member_without_dues_is_a_rule_error() -> None:
    """Weighting a member missing from the dues is a RuleError naming it."""
    with pytest.raises(RuleError, match="'B'"):
        VotingRule.by_dues({"A": D(1)}, BANDS).weight("B")


@pytest.mark.parametrize(
    ("bands", "match"),
    [
        ([(100, 1)], "first band from 0"),
        ([(0, 1), (0, 2)], "an edge above"),
        ([(0, 5), (100, 1)], "votes may not fall"),
    ],
)
def test_bad_bands_are_refused(bands: list[tuple[int, int]], match: str) -> None:
    """Bands start at 0, rise, and never lower the votes."""
    with pytest.raises(InvalidInputError, match=match):
        VotingRule.by_dues({}, bands)


def test_negative_dues_and_bad_cap_are_refused() -> None:
    """Dues are amounts >= 0; the cap is at least one vote."""
    with pytest.raises(InvalidInputError, match="dues"):
        VotingRule.by_dues({"A": D(-1)}, BANDS)
    with pytest.raises(InvalidInputError, match="cap"):
        VotingRule.by_dues({}, BANDS, cap=0)
    with pytest.raises(InvalidInputError, match="votes"):
        VoteBand(D(0), 0)


MONEY = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)


@given(
    low=MONEY,
    extra=MONEY,
    cap=st.none() | st.integers(1, 30),
    increments=st.lists(st.tuples(st.integers(1, 50000), st.integers(0, 10)), max_size=5),
)
def test_weighted_votes_never_decrease_when_dues_grow(
    low: Decimal, extra: Decimal, cap: int | None, increments: list[tuple[int, int]]
) -> None:
    """Invariant: more dues never give fewer votes, for any valid bands and cap."""
    bands: list[tuple[int, int]] = [(0, 1)]
    for step, more_votes in increments:
        bands.append((bands[-1][0] + step, bands[-1][1] + more_votes))
    rule = VotingRule.by_dues({"A": low, "B": low + extra}, bands, cap=cap)
    assert rule.weight("A") <= rule.weight("B")


# -- motions ----------------------------------------------------------------------------------

ALV = general(date(2012, 6, 14), {"A", "B", "C", "D"}, {"E"})


def test_vote_by_member_not_present_is_an_error() -> None:
    """Only members present or represented may vote."""
    with pytest.raises(InvalidInputError, match="present or represented"):
        Motion("Budget 2013", ALV, (Vote("Z", Choice.FOR),))


def test_two_votes_by_one_member_is_an_error() -> None:
    """Each member votes once."""
    with pytest.raises(InvalidInputError, match="one vote per member"):
        Motion("Budget 2013", ALV, (Vote("A", Choice.FOR), Vote("A", Choice.AGAINST)))


def test_motion_at_a_board_meeting_is_refused() -> None:
    """Members vote at members' meetings, not board meetings."""
    board = Meeting(date(2012, 6, 1), MeetingKind.BOARD, frozenset({"A"}))
    with pytest.raises(InvalidInputError, match="members' meeting"):
        Motion("x", board, (Vote("A", Choice.FOR),))


def test_simple_majority_one_member_one_vote() -> None:
    """A tie is not a majority; abstentions are not votes cast."""
    tie = Motion(
        "Budget 2013",
        ALV,
        (
            Vote("A", "for"),
            Vote("B", "for"),
            Vote("C", "against"),
            Vote("D", "against"),
            Vote("E", "abstain"),
        ),
    ).outcome(VotingRule.one_member_one_vote())
    # 2 for, 2 against, 4 cast: 2 * 2 > 4 is false
    assert (tie.votes_for, tie.votes_against, tie.cast, tie.abstained, tie.carried) == (
        2,
        2,
        4,
        1,
        False,
    )


def test_changing_the_articles_needs_two_thirds_of_votes_cast() -> None:
    """BW 2:42: at least two thirds of the votes cast; weights change the outcome."""
    votes = (Vote("A", "for"), Vote("B", "for"), Vote("C", "against"), Vote("D", "against"))
    motion = Motion("Change of the articles", ALV, votes, Majority.TWO_THIRDS)
    heads = motion.outcome(VotingRule.one_member_one_vote())
    # 2 of 4: 3 * 2 >= 2 * 4 is false
    assert not heads.carried
    dues = {"A": D("60000"), "B": D("6000"), "C": D("100"), "D": D("100")}
    weighted = motion.outcome(VotingRule.by_dues(dues, BANDS))
    # for: A 25 + B 5 = 30; against: C 1 + D 1 = 2; 3 * 30 >= 2 * 32
    assert (weighted.votes_for, weighted.votes_against, weighted.carried) == (30, 2, True)
    capped = motion.outcome(VotingRule.by_dues(dues, BANDS, cap=1))
    # every member capped at 1 vote: back to 2 of 4
    assert not capped.carried


def test_nobody_voting_carries_nothing() -> None:
    """With no votes cast no motion is carried."""
    outcome = Motion("x", ALV, (Vote("A", "abstain"),)).outcome(VotingRule.one_member_one_vote())
    assert outcome.cast == 0
    assert not outcome.carried


def test_outcome_table() -> None:
    """The outcome renders its count and verdict in Dutch and English."""
    outcome = Motion("Budget 2013", ALV, (Vote("A", "for"),)).outcome(
        VotingRule.one_member_one_vote()
    )
    nl = outcome.table()
    assert nl.rows[0] == ("voor", "1")
    assert nl.footnotes == ("aangenomen",)
    assert outcome.table("en").title == "Budget 2013 (simple majority)"
    pytest.importorskip("pandas")
    assert bool(outcome.to_pandas()["carried"].iloc[0])


@pytest.mark.parametrize(
    "build",
    [
        lambda: Meeting(date(2012, 1, 1), "tea party"),
        lambda: Vote("A", "maybe"),
        lambda: Motion("x", ALV, (), "unanimous"),
        lambda: Quorum("two thirds"),
        lambda: Quorum(None),
        lambda: Quorum(Decimal("NaN")),
        lambda: VotingRule.by_dues({}, [(0, 1, 2)]),  # type: ignore[list-item]  # deliberately wrong
        lambda: VotingRule.by_dues([("A",)], BANDS),  # type: ignore[arg-type]  # deliberately wrong
        lambda: Meeting(date(2012, 1, 1), MeetingKind.GENERAL, present="AB"),
    ],
    ids=[
        "kind",
        "choice",
        "majority",
        "share-text",
        "share-none",
        "share-nan",
        "band",
        "dues",
        "text",
    ],
)
def test_bad_input_raises_invalid_input_error(build: object) -> None:
    """Bad values are InvalidInputError (a WmdError), never ValueError or TypeError."""
    assert callable(build)
    with pytest.raises(InvalidInputError):
        build()
