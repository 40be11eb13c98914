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
    first: Meeting | None = None,
    agenda: frozenset[str] = frozenset(),
) -> Meeting:
    """A general meeting with the given attendance."""
    return Meeting(
        day,
        MeetingKind.GENERAL,
        frozenset(present),
        frozenset(represented or set()),
        first_meeting=first,
        agenda=agenda,
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


def test_first_meeting_must_be_an_earlier_meeting_of_the_same_kind() -> None:
    """A second meeting comes after a first of its kind, given as the Meeting itself."""
    first = general(date(2012, 6, 14), {"A"})
    with pytest.raises(InvalidInputError, match="first_meeting"):
        general(date(2012, 6, 14), {"A"}, first=first)
    with pytest.raises(InvalidInputError, match="same kind"):
        Meeting(date(2012, 7, 1), MeetingKind.INTERIM, first_meeting=first)
    with pytest.raises(InvalidInputError, match="so that its quorum can be checked"):
        Meeting(
            date(2012, 7, 1), MeetingKind.GENERAL, first_meeting=date(2012, 6, 14)
        )  # a date, not the meeting
    second = general(date(2012, 7, 1), {"A"}, first=first)
    with pytest.raises(InvalidInputError, match="not itself a second meeting"):
        general(date(2012, 7, 8), {"A"}, first=second)


# -- quorum -----------------------------------------------------------------------------------


def test_two_thirds_quorum_by_hand() -> None:
    """Two thirds of 9 entitled is 6 attending."""
    quorum = Quorum.two_thirds()
    five = general(date(2012, 6, 14), {"A", "B", "C", "D"}, {"E"})
    six = general(date(2012, 6, 14), {"A", "B", "C", "D"}, {"E", "F"})
    assert not quorum.is_met(five, entitled=9)  # 5 < 2/3 * 9 = 6
    assert quorum.is_met(six, entitled=9)  # 6 >= 6


def test_second_meeting_within_four_weeks_decides_regardless() -> None:
    """A second meeting at most 28 days after an inquorate first needs no quorum; later is refused."""
    quorum = Quorum.two_thirds()
    first = general(date(2012, 6, 14), {"A", "B"})  # 2 of 9 < 6: no quorum
    # 2012-06-14 + 28 days = 2012-07-12
    within = general(date(2012, 7, 12), {"A"}, first=first)
    too_late = general(date(2012, 7, 13), {"A"}, first=first)
    assert quorum.is_met(within, entitled=9)
    assert quorum.count(within, entitled=9).second_meeting
    with pytest.raises(RuleError, match="more than 28 days"):
        quorum.is_met(too_late, entitled=9)
    with pytest.raises(RuleError, match="no second meeting"):
        Quorum.two_thirds(second_meeting_days=None).is_met(within, entitled=9)


def test_second_meeting_after_a_quorate_first_is_refused() -> None:
    """A 'second meeting' after a first that had its quorum is no second meeting (case 8)."""
    # first: 6 of 9 attend, 6 >= 2/3 x 9 = 6: quorate; it could decide itself.
    # (main accepted the second meeting and let 1 of 9 decide.)
    first = general(date(2012, 6, 14), {"A", "B", "C", "D", "E", "F"})
    second = general(date(2012, 7, 5), {"A"}, first=first)
    with pytest.raises(RuleError, match="had its quorum"):
        Quorum.two_thirds().is_met(second, entitled=9)


def test_quorum_refuses_impossible_entitled() -> None:
    """Attendance above those entitled, or a negative count, is an error."""
    meeting = general(date(2012, 6, 14), {"A", "B"})
    with pytest.raises(InvalidInputError, match="entitled"):
        Quorum.two_thirds().is_met(meeting, entitled=1)
    with pytest.raises(InvalidInputError, match="entitled"):
        Quorum.two_thirds().is_met(meeting, entitled=-1)
    with pytest.raises(InvalidInputError, match="every attendee among those entitled"):
        Quorum.two_thirds().is_met(meeting, entitled={"A", "C"})
    with pytest.raises(InvalidInputError, match="ids of those entitled"):
        Quorum.two_thirds(by_votes=True).is_met(meeting, entitled=9)
    with pytest.raises(InvalidInputError, match="voting rule"):
        Quorum.two_thirds(by_votes=True).is_met(meeting, entitled={"A", "B"})


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
HEADS = VotingRule.one_member_one_vote()
NO_QUORUM = Quorum.none()


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
    ).outcome(HEADS, NO_QUORUM, entitled=5)
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
    heads = motion.outcome(HEADS, NO_QUORUM, entitled=5)
    # 2 of 4: 3 * 2 >= 2 * 4 is false
    assert not heads.carried
    dues = {"A": D("60000"), "B": D("6000"), "C": D("100"), "D": D("100")}
    weighted = motion.outcome(VotingRule.by_dues(dues, BANDS), NO_QUORUM, entitled=5)
    # for: A 25 + B 5 = 30; against: C 1 + D 1 = 2; 3 * 30 >= 2 * 32
    assert (weighted.votes_for, weighted.votes_against, weighted.carried) == (30, 2, True)
    capped = motion.outcome(VotingRule.by_dues(dues, BANDS, cap=1), NO_QUORUM, entitled=5)
    # every member capped at 1 vote: back to 2 of 4
    assert not capped.carried


def test_nobody_voting_carries_nothing() -> None:
    """With no votes cast no motion is carried."""
    outcome = Motion("x", ALV, (Vote("A", "abstain"),)).outcome(HEADS, NO_QUORUM, entitled=5)
    assert outcome.cast == 0
    assert not outcome.carried


def test_outcome_table() -> None:
    """The outcome renders its count and verdict in Dutch and English."""
    outcome = Motion("Budget 2013", ALV, (Vote("A", "for"),)).outcome(
        HEADS, Quorum.two_thirds(), entitled=7
    )
    nl = outcome.table()
    assert nl.rows[0] == ("voor", "1")
    # 5 of 7 attend; two thirds of 7 is 4,67
    assert nl.footnotes == (
        "quorum: 5 van 7 aanwezig of vertegenwoordigd, twee derde vereist (4,67): gehaald",
        "aangenomen",
    )
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


# -- a motion carries only at a meeting that may decide (issue 13, case 8) ---------------------

NINE = {f"M{i}" for i in range(1, 10)}  # nine members entitled


def budget_votes(*voters: str) -> tuple[Vote, ...]:
    """Everyone named votes for."""
    return tuple(Vote(v, Choice.FOR) for v in voters)


def test_motion_carries_at_a_meeting_with_quorum() -> None:
    """6 of 9 attend (two thirds of 9 is 6): the meeting decides; 6 for of 6 carries."""
    meeting = general(date(2012, 6, 14), {"M1", "M2", "M3", "M4", "M5"}, {"M6"})
    outcome = Motion("Budget 2013", meeting, budget_votes("M1", "M2", "M3", "M4", "M5", "M6"))
    result = outcome.outcome(HEADS, Quorum.two_thirds(), entitled=NINE)
    assert (result.quorum.attending, result.quorum.entitled, result.quorum.met) == (6, 9, True)
    assert result.carried


def test_motion_does_not_carry_at_a_meeting_without_quorum() -> None:
    """5 of 9 attend (< 6): unanimous votes for do not carry the motion."""
    # 5 < 2/3 x 9 = 6. (main said carried: 5 for of 5 cast, quorum never asked.)
    meeting = general(date(2012, 6, 14), {"M1", "M2", "M3", "M4", "M5"})
    motion = Motion("Budget 2013", meeting, budget_votes("M1", "M2", "M3", "M4", "M5"))
    result = motion.outcome(HEADS, Quorum.two_thirds(), entitled=NINE)
    assert result.majority_reached
    assert not result.quorum.decides
    assert not result.carried
    assert result.table("en").footnotes[-1] == "not carried: the meeting lacks its quorum"


def test_motion_carries_at_a_proper_second_meeting_regardless_of_attendance() -> None:
    """After an inquorate first on the subject, a second within 28 days decides with 2 of 9."""
    first = general(date(2012, 6, 14), {"M1", "M2", "M3"}, agenda=frozenset({"Budget 2013"}))
    second = general(date(2012, 7, 5), {"M1", "M2"}, first=first)  # 21 days later
    result = Motion("Budget 2013", second, budget_votes("M1", "M2")).outcome(
        HEADS, Quorum.two_thirds(), entitled=NINE
    )
    # 2 < 6, but 3 < 6 at the first meeting makes this a proper second meeting
    assert not result.quorum.met
    assert result.quorum.second_meeting
    assert result.carried
    assert result.table().footnotes[0] == (
        "quorum: 2 van 9 aanwezig of vertegenwoordigd, twee derde vereist (6):"
        " tweede vergadering: besluit ongeacht de opkomst"
    )


def test_second_meeting_decides_only_the_subjects_of_the_first() -> None:
    """A motion that was not on the first meeting's agenda cannot be put to the second."""
    first = general(date(2012, 6, 14), {"M1"}, agenda=frozenset({"Budget 2013"}))
    second = general(date(2012, 7, 5), {"M1"}, first=first)
    with pytest.raises(InvalidInputError, match="agenda of the first meeting"):
        Motion("Change of the articles", second, budget_votes("M1"))


def test_motion_at_a_second_meeting_after_a_quorate_first_is_refused() -> None:
    """The outcome of a motion at an improper second meeting is refused, not counted."""
    first = general(
        date(2012, 6, 14),
        {"M1", "M2", "M3", "M4", "M5", "M6"},
        agenda=frozenset({"Budget 2013"}),
    )
    second = general(date(2012, 7, 5), {"M1"}, first=first)
    with pytest.raises(RuleError, match="had its quorum"):
        Motion("Budget 2013", second, budget_votes("M1")).outcome(
            HEADS, Quorum.two_thirds(), entitled=NINE
        )


def test_quorum_in_weighted_votes() -> None:
    """Where the articles count the quorum in votes, two big members can make it alone."""
    # votes by dues (bands 0:1, 5000:5, 20000:10, 50000:25, cap 20):
    # A 60000 -> 25 capped at 20; B 25000 -> 10; C, D, E 100 -> 1 each: 33 votes entitled.
    # A and B attend: 30 votes >= 2/3 x 33 = 22: met. Per head: 2 of 5 < 3,33: not met.
    dues = {"A": D("60000"), "B": D("25000"), "C": D("100"), "D": D("100"), "E": D("100")}
    rule = VotingRule.by_dues(dues, BANDS, cap=20)
    meeting = general(date(2012, 6, 14), {"A"}, {"B"})
    motion = Motion("Budget 2013", meeting, budget_votes("A", "B"))
    by_votes = motion.outcome(rule, Quorum.two_thirds(by_votes=True), entitled=dues)
    assert (by_votes.quorum.attending, by_votes.quorum.entitled) == (30, 33)
    assert by_votes.quorum.required == 22
    assert by_votes.carried
    per_head = motion.outcome(rule, Quorum.two_thirds(), entitled=dues)
    assert (per_head.quorum.attending, per_head.quorum.entitled) == (2, 5)
    assert not per_head.carried
    assert by_votes.quorum.describe("en") == (
        "quorum: 30 of 33 votes, two thirds required (22): met"
    )


def test_inquorate_first_in_votes_allows_a_second_meeting() -> None:
    """The first meeting's quorum is counted the same way, here in votes: 3 of 33 < 22."""
    dues = {"A": D("60000"), "B": D("25000"), "C": D("100"), "D": D("100"), "E": D("100")}
    rule = VotingRule.by_dues(dues, BANDS, cap=20)
    quorum = Quorum.two_thirds(by_votes=True)
    first = general(date(2012, 6, 14), {"C", "D", "E"}, agenda=frozenset({"Budget 2013"}))
    second = general(date(2012, 7, 10), {"C"}, first=first)
    result = Motion("Budget 2013", second, budget_votes("C")).outcome(rule, quorum, entitled=dues)
    assert result.carried
    # with A and B at the first meeting it had 30 votes >= 22, so no second meeting
    quorate_first = general(date(2012, 6, 14), {"A", "B"}, agenda=frozenset({"Budget 2013"}))
    with pytest.raises(RuleError, match="had its quorum"):
        quorum.count(
            general(date(2012, 7, 10), {"C"}, first=quorate_first), entitled=dues, rule=rule
        )


IDS = [f"M{i}" for i in range(12)]


@given(
    attending=st.sets(st.sampled_from(IDS)),
    share=st.fractions(min_value=0, max_value=1),
)
def test_quorum_in_votes_with_one_vote_each_is_the_quorum_per_head(
    attending: set[str], share: Fraction
) -> None:
    """Invariant: when every member has one vote, counting in votes and per head agree."""
    rule = VotingRule.by_dues(dict.fromkeys(IDS, D(0)), [(0, 1)])
    meeting = general(date(2012, 6, 14), attending)
    in_votes = Quorum(share, by_votes=True).count(meeting, entitled=IDS, rule=rule)
    per_head = Quorum(share).count(meeting, entitled=len(IDS))
    assert (in_votes.attending, in_votes.entitled, in_votes.met) == (
        per_head.attending,
        per_head.entitled,
        per_head.met,
    )


@given(
    fewer=st.sets(st.sampled_from(IDS)),
    extra=st.sets(st.sampled_from(IDS)),
    dues=st.lists(st.integers(0, 80000), min_size=len(IDS), max_size=len(IDS)),
    share=st.fractions(min_value=0, max_value=1),
)
def test_weighted_quorum_is_monotone_in_attendance(
    fewer: set[str], extra: set[str], dues: list[int], share: Fraction
) -> None:
    """Invariant: in weighted votes too, more attendees never lose a quorum that was met."""
    rule = VotingRule.by_dues(dict(zip(IDS, map(D, dues), strict=True)), BANDS, cap=20)
    quorum = Quorum(share, by_votes=True)
    day = date(2012, 6, 14)
    if quorum.is_met(general(day, fewer), entitled=IDS, rule=rule):
        assert quorum.is_met(general(day, fewer | extra), entitled=IDS, rule=rule)


@given(
    first_attending=st.none() | st.sets(st.sampled_from(IDS)),
    attending=st.sets(st.sampled_from(IDS), min_size=1),
    days_later=st.integers(1, 60),
    choices=st.lists(st.sampled_from(list(Choice)), min_size=len(IDS), max_size=len(IDS)),
    by_votes=st.booleans(),
)
def test_a_motion_carries_only_when_the_meeting_may_decide(
    first_attending: set[str] | None,
    attending: set[str],
    days_later: int,
    choices: list[Choice],
    by_votes: bool,
) -> None:
    """Invariant: carried implies quorum met or a proper second meeting; improper ones are refused."""
    rule = VotingRule.by_dues({m: D(1000 * i) for i, m in enumerate(IDS)}, BANDS)
    quorum = Quorum.two_thirds(by_votes=by_votes)
    first = (
        None
        if first_attending is None
        else general(date(2012, 6, 14), first_attending, agenda=frozenset({"Budget"}))
    )
    meeting = general(date(2012, 6, 14).add(days=days_later), attending, first=first)
    votes = tuple(Vote(m, c) for m, c in zip(sorted(attending), choices, strict=False))
    motion = Motion("Budget", meeting, votes)
    try:
        result = motion.outcome(rule, quorum, entitled=IDS)
    except RuleError:
        assert first is not None
        first_count = quorum.count(first, entitled=IDS, rule=rule)
        assert days_later > 28 or first_count.met
        return
    if result.carried:
        assert result.quorum.met or result.quorum.second_meeting
        assert result.majority_reached
    if result.quorum.second_meeting:
        assert days_later <= 28
