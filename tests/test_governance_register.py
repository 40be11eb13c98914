"""Governance code versions and the code register: construction, queries and checks by hand."""

from __future__ import annotations

from fractions import Fraction

import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import given

from wmd.errors import InconsistentDataError, InvalidInputError, WmdError
from wmd.governance import (
    CodeRegister,
    Declaration,
    GovernanceCode,
    Principle,
    RegisterEventKind,
    Registration,
    Removal,
    RemovalReason,
)
from wmd.members import EndReason, Member, Membership, Registry
from wmd.periods import Period, Year

date = pendulum.date

CODE_2008 = GovernanceCode(
    "2008",
    date(2008, 1, 1),
    (Principle("1", "Integrity"), Principle("2", "Independence"), Principle("3", "Evaluation")),
    max_term_years=4,
    max_terms=2,
)
ALL_APPLY = tuple(Declaration.apply(c) for c in CODE_2008.principle_codes)


def member(mid: str, start: pendulum.Date, end: pendulum.Date | None = None) -> Member:
    """A one-spell member; an ended spell ends by cancellation."""
    reason = None if end is None else EndReason.CANCELLATION
    return Member(
        mid, f"Stichting {mid}", sectors=("LW",), spells=(Membership(start, end, reason),)
    )


def registration(
    mid: str,
    registered: pendulum.Date,
    removal: Removal | None = None,
    review: pendulum.Date | None = None,
) -> Registration:
    """A registration under the 2008 code in which every principle applies."""
    return Registration(
        mid, CODE_2008, "RVT", registered, ALL_APPLY, review=review, removal=removal
    )


# -- code versions ----------------------------------------------------------------------------


def test_revision_drops_adds_and_replaces_principles() -> None:
    """A revision keeps the unchanged principles, drops named ones and replaces same-code ones."""
    revised = CODE_2008.revised(
        "2013",
        date(2013, 1, 1),
        add=(Principle("2", "Independence, revised"), Principle("4", "Remuneration")),
        drop=("3",),
    )
    # kept 1; 2 replaced; 3 dropped; 4 added
    assert revised.principle_codes == ("1", "2", "4")
    assert revised.principle("2").title == "Independence, revised"
    assert (revised.max_term_years, revised.max_terms) == (4, 2)


def test_revision_cannot_drop_an_unknown_principle() -> None:
    """Dropping a principle the version does not have is an error naming it."""
    with pytest.raises(InvalidInputError, match="'9'"):
        CODE_2008.revised("2013", date(2013, 1, 1), drop=("9",))


def test_code_refuses_duplicate_principles_and_bad_limits() -> None:
    """Principle codes are unique and limits are whole numbers of at least one."""
    with pytest.raises(InvalidInputError, match="each code once"):
        GovernanceCode("x", date(2008, 1, 1), (Principle("1", "a"), Principle("1", "b")))
    with pytest.raises(InvalidInputError, match="max_terms"):
        GovernanceCode("x", date(2008, 1, 1), (Principle("1", "a"),), max_terms=0)


def test_unknown_board_model_is_refused() -> None:
    """A registration must use a board model its code version knows."""
    with pytest.raises(InvalidInputError, match="board_model"):
        Registration("A", CODE_2008, "XYZ", date(2010, 1, 1))


# -- registrations ----------------------------------------------------------------------------


def test_principle_not_in_code_version_is_refused() -> None:
    """A declaration on a principle the code version lacks is an error, not a finding."""
    with pytest.raises(InvalidInputError, match="principle"):
        Registration("A", CODE_2008, "RVT", date(2010, 1, 1), (Declaration.apply("4"),))


def test_removal_before_or_on_registration_is_refused() -> None:
    """A registration must be listed for at least one day."""
    for day in (date(2009, 12, 31), date(2010, 1, 1)):
        with pytest.raises(InvalidInputError, match="removal"):
            registration("A", date(2010, 1, 1), Removal(day, RemovalReason.ON_REQUEST))


def test_declaration_twice_for_one_principle_is_refused() -> None:
    """Each principle is declared on at most once."""
    with pytest.raises(InvalidInputError, match="each principle once"):
        Registration(
            "A",
            CODE_2008,
            "RVT",
            date(2010, 1, 1),
            (Declaration.apply("1"), Declaration.apply("1")),
        )


def test_unknown_removal_reason_is_refused() -> None:
    """A removal reason outside the list is an error naming the allowed ones."""
    with pytest.raises(InvalidInputError, match="on request"):
        Removal(date(2012, 1, 1), "bored")


def test_listed_period_is_half_open() -> None:
    """Listed on the registration day and up to, not including, the removal day."""
    r = registration("A", date(2010, 3, 1), Removal(date(2012, 6, 1), RemovalReason.LAPSED))
    assert r.is_listed_on(date(2010, 3, 1))
    assert r.is_listed_on(date(2012, 5, 31))
    assert not r.is_listed_on(date(2012, 6, 1))
    assert not r.is_listed_on(date(2010, 2, 28))


def test_removed_copy_and_second_removal() -> None:
    """removed() returns a removed copy; removing again is an error."""
    r = registration("A", date(2010, 1, 1)).removed(date(2012, 1, 1), RemovalReason.ON_REQUEST)
    assert r.removal == Removal(date(2012, 1, 1), RemovalReason.ON_REQUEST)
    with pytest.raises(InvalidInputError, match="not yet removed"):
        r.removed(date(2013, 1, 1), RemovalReason.LAPSED)


def test_explained_and_undeclared_principles() -> None:
    """Explanations and missing declarations are told apart."""
    r = Registration(
        "A",
        CODE_2008,
        "TB",
        date(2010, 1, 1),
        (Declaration.apply("1"), Declaration.explain("3", "Too small for a yearly evaluation")),
    )
    assert [d.principle for d in r.explained] == ["3"]
    assert r.undeclared == ("2",)
    assert r.model.code == "TB"


def test_overlapping_registrations_of_one_member_are_inconsistent() -> None:
    """One member cannot be listed twice at the same time."""
    first = registration("A", date(2010, 1, 1), Removal(date(2012, 1, 1), RemovalReason.REPLACED))
    with pytest.raises(InconsistentDataError, match="overlap"):
        CodeRegister((first, registration("A", date(2011, 6, 1))))
    # back to back is fine: the first ends on 2012-01-01, the second starts that day
    assert len(CodeRegister((first, registration("A", date(2012, 1, 1))))) == 2


# -- queries ----------------------------------------------------------------------------------

# Ten members on 2012-12-31; M01..M10, M11 left mid-2012 and M12 joined in 2013.
REGISTRY = Registry(
    (
        *(member(f"M{i:02}", date(2000, 1, 1)) for i in range(1, 11)),
        member("M11", date(2000, 1, 1), date(2012, 7, 1)),
        member("M12", date(2013, 1, 1)),
    )
)

REGISTER = CodeRegister(
    (
        registration("M01", date(2009, 1, 1), review=date(2013, 1, 1)),
        registration("M02", date(2010, 5, 1), review=date(2012, 5, 1)),
        registration("M03", date(2010, 1, 1), Removal(date(2012, 3, 1), RemovalReason.ON_REQUEST)),
        registration(
            "M11", date(2010, 1, 1), Removal(date(2012, 7, 1), RemovalReason.MEMBERSHIP_ENDED)
        ),
        registration("M04", date(2012, 12, 31)),
        registration("M05", date(2013, 1, 1)),
    )
)


def test_members_registered_on_a_day() -> None:
    """Only registrations listed that day count."""
    # 2012-12-31: M01, M02 (review date passed but not removed), M04 (registered that day);
    # M03 removed 2012-03-01, M11 removed 2012-07-01, M05 not yet registered
    assert REGISTER.members_registered_on(date(2012, 12, 31)) == ("M01", "M02", "M04")
    # 2012-01-01: M01, M02, M03, M11
    assert REGISTER.members_registered_on(date(2012, 1, 1)) == ("M01", "M02", "M03", "M11")


def test_share_registered_at_end_of_2012() -> None:
    """The share is listed members over members on the day."""
    # 3 listed (M01, M02, M04) of 10 members on 2012-12-31 (M11 left, M12 not yet joined)
    assert REGISTER.share_registered_on(REGISTRY, date(2012, 12, 31)) == Fraction(3, 10)
    # 2012-01-01: 4 listed (M01, M02, M03, M11) of 11 members
    assert REGISTER.share_registered_on(REGISTRY, date(2012, 1, 1)) == Fraction(4, 11)


def test_share_of_fifteen_percent_as_in_2012() -> None:
    """A register of 3 among 20 members gives the 15% printed for 2012."""
    # 3 / 20 = 0.15
    registry = Registry(tuple(member(f"N{i}", date(2000, 1, 1)) for i in range(20)))
    register = CodeRegister(tuple(registration(f"N{i}", date(2011, 1, 1)) for i in range(3)))
    assert register.share_registered_on(registry, Year(2012).last_day) == Fraction(15, 100)


def test_share_ignores_listed_non_members_and_is_none_without_members() -> None:
    """A listed organisation that is not a member that day does not count; no members gives None."""
    register = CodeRegister((registration("M12", date(2012, 1, 1)),))
    # M12 joins only in 2013: 0 of 11 members
    assert register.share_registered_on(REGISTRY, date(2012, 6, 1)) == 0
    assert register.share_registered_on(REGISTRY, date(1999, 1, 1)) is None


def test_lapsing_within_a_period() -> None:
    """Registrations with a review date in the period and still listed that day."""
    # M02 review 2012-05-01 in 2012; M01 review 2013-01-01 is outside 2012 (half-open)
    assert [r.member_id for r in REGISTER.lapsing(Year(2012).period)] == ["M02"]
    assert [r.member_id for r in REGISTER.lapsing(Year(2013).period)] == ["M01"]


def test_registration_removed_before_review_does_not_lapse() -> None:
    """A registration already removed on its review date is not lapsing."""
    r = registration(
        "A",
        date(2010, 1, 1),
        Removal(date(2011, 1, 1), RemovalReason.ON_REQUEST),
        review=date(2012, 1, 1),
    )
    assert CodeRegister((r,)).lapsing(Year(2012).period) == ()


def test_changes_over_a_period() -> None:
    """Registrations and removals dated in the period, in date order."""
    events = REGISTER.changes(Year(2012).period)
    # M03 removed 03-01, M11 removed 07-01, M04 registered 12-31; M05 (2013-01-01) is outside
    assert [(e.member_id, e.date, e.kind, e.reason) for e in events] == [
        ("M03", date(2012, 3, 1), RegisterEventKind.REMOVED, RemovalReason.ON_REQUEST),
        ("M11", date(2012, 7, 1), RegisterEventKind.REMOVED, RemovalReason.MEMBERSHIP_ENDED),
        ("M04", date(2012, 12, 31), RegisterEventKind.REGISTERED, None),
    ]


def test_register_adds_only_members() -> None:
    """register() refuses an organisation that is not a member on its first day."""
    with pytest.raises(InvalidInputError, match="a member on 2012-08-01"):
        REGISTER.register(registration("M11", date(2012, 8, 1)), REGISTRY)
    with pytest.raises(InvalidInputError, match="member_id"):
        REGISTER.register(registration("NOPE", date(2012, 8, 1)), REGISTRY)
    added = REGISTER.register(registration("M06", date(2012, 8, 1)), REGISTRY)
    assert len(added) == len(REGISTER) + 1


# -- checks -----------------------------------------------------------------------------------


def test_check_of_a_clean_register_finds_nothing() -> None:
    """A register consistent with the membership gives no findings."""
    assert REGISTER.check(REGISTRY) == []


def test_check_reports_every_inconsistency_at_once() -> None:
    """Non-members, early starts, registrations outliving membership and wrong reasons."""
    registry = Registry(
        (
            member("A", date(2005, 1, 1), date(2012, 1, 1)),
            member("B", date(2011, 1, 1)),
            member("C", date(2000, 1, 1)),
        )
    )
    register = CodeRegister(
        (
            registration("A", date(2010, 1, 1)),  # still listed after membership ended 2012-01-01
            registration("B", date(2010, 6, 1)),  # starts before the membership (2011-01-01)
            registration("C", date(2010, 1, 1), Removal(date(2012, 1, 1), RemovalReason.MERGER)),
            registration("X", date(2010, 1, 1)),  # not in the registry
            Registration("C", CODE_2008, "BB", date(2012, 2, 1), (Declaration.apply("1"),)),
        )
    )
    notes = [f.describe("en") for f in register.check(registry)]
    assert notes == [
        (
            "registration A from 2010-01-01: registration outlives the membership,"
            " which ended 1 January 2012"
        ),
        (
            "registration B from 2010-06-01: registered while not a member"
            " (membership starts 1 January 2011)"
        ),
        (
            "registration C from 2010-01-01: removed for 'merger' on 1 January 2012"
            " while still a member"
        ),
        "registration C from 2012-02-01: no declaration for principle 2 of code 2008",
        "registration C from 2012-02-01: no declaration for principle 3 of code 2008",
        "registration X from 2010-01-01: the organisation is not in the member registry",
    ]


def test_check_removed_when_membership_ended_is_clean() -> None:
    """Removal on the day the membership ends does not outlive it."""
    registry = Registry((member("A", date(2005, 1, 1), date(2012, 1, 1)),))
    removal = Removal(date(2012, 1, 1), RemovalReason.MEMBERSHIP_ENDED)
    assert CodeRegister((registration("A", date(2010, 1, 1), removal),)).check(registry) == []


def test_check_review_passed_as_of() -> None:
    """With as_of, a listed registration past its review date is reported."""
    # M02's review date 2012-05-01 is before 2012-12-31 and M02 is still listed
    found = REGISTER.check(REGISTRY, as_of=date(2012, 12, 31))
    assert [f.what for f in found] == ["registration M02 from 2010-05-01"]
    assert found[0].note == "review date {review} passed, still listed on {as_of}"
    assert found[0].args == (("review", date(2012, 5, 1)), ("as_of", date(2012, 12, 31)))


# -- rendering --------------------------------------------------------------------------------


def test_table_in_both_languages() -> None:
    """The register table has Dutch labels by default and English ones on request."""
    nl = REGISTER.table()
    en = REGISTER.table("en")
    assert nl.title == "Register Governancecode W&MD"
    assert nl.columns[:3] == ("lid", "codeversie", "bestuursmodel")
    assert en.columns[-2:] == ("applies", "explains")
    row = next(r for r in nl.rows if r[0] == "M03")
    # registered 01-01-2010, removed 01-03-2012 on request, 3 principles applied, 0 explained
    assert row == ("M03", "2008", "RVT", "01-01-2010", "", "01-03-2012", "op verzoek", "3", "0")
    assert "<table" in REGISTER._repr_html_()


def test_to_pandas_has_one_row_per_registration() -> None:
    """to_pandas gives one row per registration with dates as dates."""
    pytest.importorskip("pandas")
    frame = REGISTER.to_pandas()
    assert len(frame) == len(REGISTER)
    assert frame.loc[frame["member_id"] == "M03", "removed"].iloc[0] == date(2012, 3, 1)


# -- properties -------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2016, 12, 31)).map(
    lambda d: date(d.year, d.month, d.day)
)


@st.composite
def registers(draw: st.DrawFn) -> tuple[Registry, CodeRegister]:
    """A small registry and a register of one-spell registrations, some for non-members."""
    ids = [f"M{i}" for i in range(draw(st.integers(1, 8)))]
    members = []
    for mid in ids:
        start = draw(DAYS)
        ends = draw(st.booleans())
        end = start.add(days=draw(st.integers(1, 3000))) if ends else None
        members.append(member(mid, start, end))
    registrations = []
    for mid in [*ids, "X1"]:
        if draw(st.booleans()):
            start = draw(DAYS)
            removal = (
                Removal(start.add(days=draw(st.integers(1, 3000))), RemovalReason.ON_REQUEST)
                if draw(st.booleans())
                else None
            )
            registrations.append(registration(mid, start, removal))
    return Registry(tuple(members)), CodeRegister(tuple(registrations))


@given(registers(), DAYS)
def test_registered_share_is_within_zero_and_one(
    data: tuple[Registry, CodeRegister], day: pendulum.Date
) -> None:
    """Invariant: the registered share is None (no members) or within [0, 1]."""
    registry, register = data
    share = register.share_registered_on(registry, day)
    assert share is None or 0 <= share <= 1
    assert (share is None) == (registry.count_on(day) == 0)


@given(registers())
def test_check_never_raises_on_historical_data(data: tuple[Registry, CodeRegister]) -> None:
    """Invariant: checking history returns findings and raises nothing."""
    registry, register = data
    try:
        found = register.check(registry, as_of=date(2020, 1, 1))
    except WmdError as err:  # pragma: no cover - the assertion explains
        pytest.fail(f"check raised {err}")
    # the non-member X1, when registered, is always reported
    if register.of_member("X1"):
        assert any("not in the member registry" in f.note for f in found)


def test_period_query_with_open_period() -> None:
    """changes() and lapsing() accept an open-ended period."""
    open_period = Period(date(2013, 1, 1))
    # M05 registered 2013-01-01; M01 review 2013-01-01
    assert [e.member_id for e in REGISTER.changes(open_period)] == ["M05"]
    assert [r.member_id for r in REGISTER.lapsing(open_period)] == ["M01"]


def test_share_table_rounds_half_up_to_a_tenth_of_a_percent() -> None:
    """The share table shows members, listed members and the share per day."""
    table = REGISTER.share_table(REGISTRY, [date(2012, 1, 1), date(2012, 12, 31)])
    assert table.title == "Register Governancecode W&MD"
    # 4 / 11 = 36.3636...% -> 36,4%; 3 / 10 = 30,0%
    assert table.rows == (
        ("01-01-2012", "11", "4", "36,4%"),
        ("31-12-2012", "10", "3", "30,0%"),
    )


def test_share_table_half_way_rounds_up_and_no_members_is_undefined() -> None:
    """1/16 = 6.25% is shown as 6.3% (half up); a day without members shows n/a."""
    registry = Registry(tuple(member(f"N{i:02}", date(2000, 1, 1)) for i in range(16)))
    register = CodeRegister((registration("N00", date(2010, 1, 1)),))
    table = register.share_table(registry, [date(2012, 1, 1), date(1999, 1, 1)], "en")
    assert [row[3] for row in table.rows] == ["6.3%", "n/a"]


def test_check_registration_before_the_code_took_effect() -> None:
    """A registration dated before its code version's effective date is reported."""
    registry = Registry((member("A", date(2000, 1, 1)),))
    # the 2008 code takes effect 2008-01-01; registered 2007-12-31
    found = CodeRegister((registration("A", date(2007, 12, 31)),)).check(registry)
    assert [f.describe("en") for f in found] == [
        "registration A from 2007-12-31: registered before code 2008 took effect on 1 January 2008"
    ]
