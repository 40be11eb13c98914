"""The membership lifecycle: notice rules by law (BW 2:35, 2:36) and the registry's operations."""

from __future__ import annotations

import pendulum
import pytest

from wmd.errors import InconsistentDataError, RuleError
from wmd.members import EventKind, Member, Membership, Registry
from wmd.members.lifecycle import BW_2_36, BW_DEFAULTS, NoticeRule
from wmd.periods import Year

D = pendulum.date


def _registry() -> Registry:
    return Registry(
        (
            Member("A", "Stichting A", sectors=("LW",), spells=(Membership(D(2001, 1, 1)),)),
            Member("B", "Stichting B", sectors=("MD",), spells=(Membership(D(2005, 3, 1)),)),
        )
    )


@pytest.mark.parametrize(
    ("notice", "end"),
    [
        # 2012-11-15 + 28 days = 2012-12-13 <= 2013-01-01: in time for the end of 2012.
        (D(2012, 11, 15), D(2013, 1, 1)),
        # 2012-12-04 + 28 days = 2013-01-01: just in time.
        (D(2012, 12, 4), D(2013, 1, 1)),
        # 2012-12-05 + 28 days = 2013-01-02 > 2013-01-01: too late, end of the next year.
        (D(2012, 12, 5), D(2014, 1, 1)),
        # 1 January: a whole year ahead, still the end of that same year.
        (D(2013, 1, 1), D(2014, 1, 1)),
    ],
)
def test_law_notice_is_four_weeks_to_the_year_end(
    notice: pendulum.Date, end: pendulum.Date
) -> None:
    """BW 2:36 lid 1: four weeks' notice, effective at the end of the financial year."""
    assert BW_2_36.effective_end(notice) == end


def test_deadline_in_the_articles() -> None:
    """'In writing before 1 October': 30 September ends the year, 1 October the next."""
    rule = NoticeRule.before(10, 1)
    assert rule.effective_end(D(2012, 9, 30)) == D(2013, 1, 1)
    assert rule.effective_end(D(2012, 10, 1)) == D(2014, 1, 1)


def test_cancel_with_the_law_default() -> None:
    """A cancellation on 2012-11-15 makes 2013-01-01 the first day no longer a member."""
    reg, event = _registry().cancel("A", D(2012, 11, 15))
    assert (event.member_id, event.date, event.kind) == ("A", D(2013, 1, 1), EventKind.CANCELLED)
    assert reg.is_member("A", D(2012, 12, 31))
    assert not reg.is_member("A", D(2013, 1, 1))
    assert event in reg.changes(Year(2013).period).events


def test_mid_year_cancellation_is_refused_unless_the_rule_allows() -> None:
    """An end on 1 July is refused under BW 2:36; articles allowing any day accept it."""
    with pytest.raises(RuleError, match=r"member A: .*end of a financial year.*2013-07-01"):
        _registry().cancel("A", D(2013, 3, 1), end=D(2013, 7, 1))
    anyday = NoticeRule(weeks=4, at_year_end=False, law="articles")
    reg, event = _registry().cancel("A", D(2013, 3, 1), rule=anyday, end=D(2013, 7, 1))
    assert event.date == D(2013, 7, 1)
    assert reg.is_member("A", D(2013, 6, 30))


def test_cancellation_cannot_end_before_the_notice_allows() -> None:
    """Asking to leave at the end of 2012 with a notice of 20 December 2012 is too late."""
    with pytest.raises(RuleError, match="too late"):
        _registry().cancel("A", D(2012, 12, 20), end=D(2013, 1, 1))


def test_terminate_uses_the_same_rule() -> None:
    """Termination by the association follows BW 2:36 too: notice in December 2012 ends 2013."""
    _, event = _registry().terminate("B", D(2012, 12, 20))
    assert (event.date, event.kind) == (D(2014, 1, 1), EventKind.TERMINATED)


def test_expel_at_once() -> None:
    """Expulsion ends the membership on the day given (first day no longer a member)."""
    reg, event = _registry().expel("B", D(2012, 6, 14))
    assert event.kind is EventKind.EXPELLED
    assert reg.is_member("B", D(2012, 6, 13))
    assert not reg.is_member("B", D(2012, 6, 14))
    assert reg.changes(Year(2012).period).expelled == (event,)


def test_cannot_end_a_membership_twice() -> None:
    """A member without an open spell cannot cancel again."""
    reg, _ = _registry().cancel("A", D(2012, 11, 15))
    with pytest.raises(RuleError, match="member A: has no open membership"):
        reg.cancel("A", D(2013, 2, 1))


def test_join_and_join_again() -> None:
    """A new member joins; a former member joins again with a second spell."""
    reg, event = _registry().join(Member("C", "Stichting C", sectors=("LW",)), D(2013, 4, 1))
    assert (event.kind, reg.count_on(D(2013, 4, 1))) == (EventKind.JOINED, 3)
    reg, _ = reg.cancel("C", D(2013, 5, 1))
    reg, _ = reg.join("C", D(2015, 1, 1))
    assert [s.start for s in reg.member("C").spells] == [D(2013, 4, 1), D(2015, 1, 1)]


def test_merge_on_1_january() -> None:
    """B merges into A on 2013-01-01: B counts on 31-12-2012, A carries the membership after."""
    reg, event = _registry().merge("B", "A", D(2013, 1, 1))
    assert (event.kind, event.successor) == (EventKind.MERGED, "A")
    assert reg.count_on(D(2012, 12, 31)) == 2
    assert reg.count_on(D(2013, 1, 1)) == 1
    assert reg.predecessors("A")[0][0].id == "B"


def test_merge_into_a_non_member_is_refused_naming_both() -> None:
    """Case 2: a merger into an organisation that is no member that day is an error naming both."""
    # A's membership ended on 2011-01-01 (cancelled in 2010); B merges into A on 2013-01-01.
    reg, _ = _registry().cancel("A", D(2010, 6, 1))
    with pytest.raises(InconsistentDataError, match=r"member B: merger on 2013-01-01 into A"):
        reg.merge("B", "A", D(2013, 1, 1))


def test_merge_may_admit_the_successor() -> None:
    """With admit=True the successor becomes a member from the merger day: nobody is lost."""
    reg, _ = _registry().cancel("A", D(2010, 6, 1))
    reg, _ = reg.merge("B", "A", D(2013, 1, 1), admit=True)
    # 31-12-2012: B only (A left on 2011-01-01); 1-1-2013: A only.
    assert [m.id for m in reg.members_on(D(2012, 12, 31))] == ["B"]
    assert [m.id for m in reg.members_on(D(2013, 1, 1))] == ["A"]


def test_law_defaults_say_the_whole_year_stays_due() -> None:
    """BW 2:35 lid 5 as data: the whole year's dues stay due on leaving."""
    assert BW_DEFAULTS.dues_on_leaving == "whole_year"
