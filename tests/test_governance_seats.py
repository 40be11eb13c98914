"""Board and supervisory seats: terms of office and the code's limits, by hand."""

from __future__ import annotations

import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import given

from wmd.errors import InvalidInputError
from wmd.governance import BreachKind, GovernanceCode, Principle, Role, Seat, Seats

date = pendulum.date

CODE = GovernanceCode(
    "2008", date(2008, 1, 1), (Principle("1", "Integrity"),), max_term_years=4, max_terms=2
)
NO_LIMITS = GovernanceCode("none", date(2008, 1, 1), (Principle("1", "Integrity"),))


def breaches(seats: Seats, day: pendulum.Date) -> list[tuple[str, BreachKind, int, int]]:
    """The breaches on a day as (person, kind, value, limit)."""
    return [(b.seat.person, b.kind, b.value, b.limit) for b in seats.exceeding(CODE, day)]


def test_term_of_exactly_the_maximum_is_fine() -> None:
    """A term from 2008-01-01 to 2012-01-01 lasts exactly four years."""
    seats = Seats((Seat("A", Role.SUPERVISORY_MEMBER, (("2008-01-01", "2012-01-01"),)),))
    assert breaches(seats, date(2011, 12, 31)) == []


def test_term_one_day_too_long_counts_as_five_years() -> None:
    """A scheduled end one day past start + 4 years exceeds; a started year counts."""
    seats = Seats((Seat("A", Role.SUPERVISORY_MEMBER, (("2008-01-01", "2012-01-02"),)),))
    # 2008-01-01 + 4 years = 2012-01-01 < 2012-01-02: 4 years and a day, shown as 5
    assert breaches(seats, date(2008, 6, 1)) == [("A", BreachKind.TERM_LENGTH, 5, 4)]


def test_open_term_exceeds_from_the_day_the_maximum_is_reached() -> None:
    """With no end set, the person exceeds once they sit on start + max years."""
    seats = Seats((Seat("A", Role.BOARD_MEMBER, (("2008-03-01", None),)),))
    # 2008-03-01 + 4 years = 2012-03-01: still fine on 2012-02-29, exceeding on 2012-03-01
    assert breaches(seats, date(2012, 2, 29)) == []
    assert breaches(seats, date(2012, 3, 1)) == [("A", BreachKind.TERM_LENGTH, 5, 4)]


def test_number_of_terms_counts_terms_begun() -> None:
    """The third term begun exceeds a maximum of two; only while sitting."""
    seat = Seat(
        "B",
        Role.SUPERVISORY_CHAIR,
        (("2004-01-01", "2008-01-01"), ("2008-01-01", "2012-01-01"), ("2012-01-01", "2014-01-01")),
    )
    seats = Seats((seat,))
    assert breaches(seats, date(2011, 12, 31)) == []  # second term: 2 terms begun
    assert breaches(seats, date(2012, 1, 1)) == [("B", BreachKind.NUMBER_OF_TERMS, 3, 2)]
    assert breaches(seats, date(2014, 1, 1)) == []  # no longer sitting


def test_director_is_not_bound_and_no_limits_means_no_breach() -> None:
    """Directors are not checked; a code version without limits reports nothing."""
    director = Seat("C", Role.DIRECTOR, (("1990-01-01", None),))
    member = Seat("D", Role.BOARD_MEMBER, (("1990-01-01", None),))
    assert breaches(Seats((director,)), date(2012, 1, 1)) == []
    assert Seats((member,)).exceeding(NO_LIMITS, date(2012, 1, 1)) == ()


def test_both_limits_at_once_and_sitting_on() -> None:
    """One person can exceed both limits; sitting_on lists the current seats."""
    seat = Seat(
        "E",
        Role.BOARD_CHAIR,
        (("2000-01-01", "2004-01-01"), ("2004-01-01", "2008-01-01"), ("2008-01-01", "2013-06-01")),
    )
    gone = Seat("F", Role.BOARD_MEMBER, (("2000-01-01", "2004-01-01"),))
    seats = Seats((seat, gone))
    assert [s.person for s in seats.sitting_on(date(2012, 1, 1))] == ["E"]
    # third term (3 > 2) and 2008-01-01..2013-06-01 is 5 years 5 months, shown as 6 (> 4)
    assert breaches(seats, date(2012, 1, 1)) == [
        ("E", BreachKind.NUMBER_OF_TERMS, 3, 2),
        ("E", BreachKind.TERM_LENGTH, 6, 4),
    ]


def test_overlapping_terms_and_empty_name_are_refused() -> None:
    """Terms of one seat do not overlap; a seat needs a name and a term."""
    with pytest.raises(InvalidInputError, match="do not overlap"):
        Seat("A", Role.BOARD_MEMBER, (("2008-01-01", "2012-01-01"), ("2011-01-01", None)))
    with pytest.raises(InvalidInputError, match="person"):
        Seat(" ", Role.BOARD_MEMBER, (("2008-01-01", None),))
    with pytest.raises(InvalidInputError, match="at least one term"):
        Seat("A", Role.BOARD_MEMBER, ())


def test_breach_reads_as_a_sentence() -> None:
    """str() of a breach names person, role, value and limit."""
    seats = Seats((Seat("G", Role.SUPERVISORY_MEMBER, (("2008-01-01", "2013-01-01"),)),))
    (breach,) = seats.exceeding(CODE, date(2010, 1, 1))
    assert str(breach) == (
        "G (supervisory board member): term from 2008-01-01 runs 5 years, the code allows 4"
    )


def test_seats_table_all_terms_or_on_a_day() -> None:
    """The table lists every term, or with on= only the terms running that day."""
    seats = Seats(
        (
            Seat("H", Role.SUPERVISORY_CHAIR, (("2004-01-01", "2008-01-01"), ("2008-01-01", None))),
            Seat("I", Role.DIRECTOR, (("2010-01-01", None),)),
        )
    )
    assert len(seats.table().rows) == 3
    assert seats.table(on=date(2012, 12, 31)).rows == (
        ("H", "voorzitter raad van toezicht", "01-01-2008", "", "2"),
        ("I", "directeur-bestuurder", "01-01-2010", "", "1"),
    )
    # the first term's last day is 2007-12-31 (the end day is excluded)
    assert seats.table("en").rows[0] == (
        "H",
        "supervisory board chair",
        "01/01/2004",
        "31/12/2007",
        "1",
    )
    assert "<table" in seats._repr_html_()
    pytest.importorskip("pandas")
    assert len(seats.to_pandas()) == 3


@pytest.mark.parametrize(
    "build",
    [
        lambda: Seat("A", "janitor", (("2008-01-01", None),)),
        lambda: Seat("A", Role.BOARD_MEMBER, (("2008-01-01",),)),  # type: ignore[arg-type]  # deliberately wrong
        lambda: Seat("A", Role.BOARD_MEMBER, ("2008-01-01",)),  # type: ignore[arg-type]  # deliberately wrong
    ],
    ids=["role", "short-pair", "bare-date"],
)
def test_bad_input_raises_invalid_input_error(build: object) -> None:
    """A bad role or term is InvalidInputError, never ValueError or TypeError."""
    assert callable(build)
    with pytest.raises(InvalidInputError):
        build()


# -- the rotation schedule (rooster van aftreden) ----------------------------------------------


def board_of_five() -> Seats:
    """A board of five on 1 June 2013, plus a director and someone who already left."""
    return Seats(
        (
            Seat(
                "A. de Boer",
                Role.BOARD_CHAIR,
                (("2007-01-01", "2011-01-01"), ("2011-01-01", "2015-01-01")),
            ),
            Seat("B. Claes", Role.BOARD_MEMBER, (("2010-07-01", "2014-07-01"),)),
            Seat("C. Dekker", Role.BOARD_MEMBER, (("2012-01-01", "2016-01-01"),)),
            Seat("D. Evers", Role.BOARD_MEMBER, (("2013-01-01", None),)),
            Seat(
                "E. Faber",
                Role.BOARD_MEMBER,
                (("2009-03-01", "2013-03-01"), ("2013-03-01", "2017-03-01")),
            ),
            Seat("K. Bakker", Role.DIRECTOR, (("1999-01-01", None),)),
            Seat("Z. Oud", Role.BOARD_MEMBER, (("2005-01-01", "2009-01-01"),)),
        )
    )


def test_rotation_schedule_of_a_board_of_five() -> None:
    """Who steps down when and may be reappointed, under 4-year terms and at most 2 terms."""
    # on 2013-06-01, code: terms of at most 4 years, at most 2 terms:
    # B. Claes   term 1, ends 2014-07-01; 1 term left: at the latest 2014-07-01 + 4 = 2018-07-01
    # A. de Boer term 2, ends 2015-01-01; none left: steps down for good on 2015-01-01
    # C. Dekker  term 1, ends 2016-01-01; at the latest 2020-01-01
    # D. Evers   term 1 without an end: 2013-01-01 + 4 = 2017-01-01; at the latest 2021-01-01
    # E. Faber   term 2, ends 2017-03-01; none left
    # K. Bakker is a director (no limits), Z. Oud no longer sits: neither is on it.
    schedule = board_of_five().rotation(CODE, date(2013, 6, 1))
    assert [
        (r.seat.person, r.term_number, r.steps_down, r.reappointable, r.last_day_possible)
        for r in schedule
    ] == [
        ("B. Claes", 1, date(2014, 7, 1), True, date(2018, 7, 1)),
        ("A. de Boer", 2, date(2015, 1, 1), False, date(2015, 1, 1)),
        ("C. Dekker", 1, date(2016, 1, 1), True, date(2020, 1, 1)),
        ("D. Evers", 1, date(2017, 1, 1), True, date(2021, 1, 1)),
        ("E. Faber", 2, date(2017, 3, 1), False, date(2017, 3, 1)),
    ]
    assert [r.seat.person for r in schedule.stepping_down(2017)] == ["D. Evers", "E. Faber"]


def test_rotation_schedule_table_in_dutch_and_english() -> None:
    """The schedule renders as a table with Dutch words and dates in Dutch, English in English."""
    schedule = board_of_five().rotation(CODE, date(2013, 6, 1))
    nl = schedule.table()
    assert nl.title == "Rooster van aftreden 1 juni 2013"
    assert nl.columns == (
        "persoon",
        "rol",
        "in functie sinds",
        "termijn",
        "treedt af per",
        "herbenoembaar",
        "uiterlijk in functie tot",
    )
    assert nl.rows[1] == (
        "A. de Boer",
        "voorzitter bestuur",
        "01-01-2007",
        "2 van 2",
        "01-01-2015",
        "nee",
        "01-01-2015",
    )
    assert nl.footnotes[1:] == (
        "code 2008: een termijn duurt ten hoogste 4 jaar",
        "code 2008: ten hoogste 2 termijnen",
    )
    en = schedule.table("en")
    assert en.rows[0][3:6] == ("1 of 2", "01/07/2014", "yes")
    assert "rooster" not in en.to_html().lower()
    pytest.importorskip("pandas")
    frame = schedule.to_pandas()
    assert list(frame["reappointable"]) == [True, False, True, True, False]


def test_rotation_without_limits_leaves_the_end_open() -> None:
    """Without limits in the code, an open term has no step-down day and stays reappointable."""
    seats = Seats((Seat("A", Role.BOARD_MEMBER, (("2012-01-01", None),)),))
    (only,) = seats.rotation(NO_LIMITS, date(2013, 1, 1))
    assert (only.steps_down, only.reappointable, only.last_day_possible) == (None, True, None)
    assert only.terms_left is None
    assert seats.rotation(NO_LIMITS, date(2013, 1, 1)).table().rows[0][3:] == ("1", "", "ja", "")


@given(
    starts=st.lists(st.integers(0, 3000), min_size=1, max_size=4, unique=True),
    lengths=st.lists(st.integers(200, 1800), min_size=4, max_size=4),
    open_last=st.booleans(),
    max_years=st.none() | st.integers(1, 6),
    max_terms=st.none() | st.integers(1, 4),
    on=st.integers(0, 5000),
)
def test_rotation_schedule_invariants(
    *,
    starts: list[int],
    lengths: list[int],
    open_last: bool,
    max_years: int | None,
    max_terms: int | None,
    on: int,
) -> None:
    """Invariant: reappointable iff terms are left; the last day possible is never before stepping down."""
    base = date(2005, 1, 1)
    terms: list[tuple[object, object]] = []
    cursor = 0
    for gap, length in zip(sorted(starts), lengths, strict=False):
        start = cursor + gap % 400
        terms.append((base.add(days=start), base.add(days=start + length)))
        cursor = start + length
    if open_last:
        terms[-1] = (terms[-1][0], None)
    code = GovernanceCode(
        "x",
        date(2004, 1, 1),
        (Principle("1", "One"),),
        max_term_years=max_years,
        max_terms=max_terms,
    )
    seats = Seats((Seat("A", Role.BOARD_MEMBER, terms), Seat("D", Role.DIRECTOR, terms)))
    day = base.add(days=on)
    schedule = seats.rotation(code, day)
    assert all(r.seat.role is Role.BOARD_MEMBER for r in schedule)
    assert len(schedule) == (1 if seats.seats[0].sits_on(day) else 0)
    for r in schedule:
        assert r.reappointable == (r.terms_left is None or r.terms_left > 0)
        assert r.term_number == seats.seats[0].terms_begun_by(day)
        if r.steps_down is not None and r.term.end is not None:
            assert r.steps_down > day  # a set end is after a day the term runs
        if r.last_day_possible is not None and r.steps_down is not None:
            assert r.last_day_possible >= r.steps_down
        if not r.reappointable:
            assert r.last_day_possible == r.steps_down
