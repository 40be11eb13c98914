"""Numbers and dates in plain and Dutch notation: wmd.notation."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmd.errors import InvalidInputError
from wmd.notation import DUTCH, PLAIN, format_date, notation, parse_date, parse_number

D = Decimal


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12
    )
)
def test_format_then_parse_is_the_same_number_in_both_notations(value: Decimal) -> None:
    """format() then parse() gives the same Decimal back, in plain and in Dutch notation."""
    for chosen in (PLAIN, DUTCH):
        assert chosen.parse(chosen.format(value)) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,89", D("1234567.89")),  # groups and a decimal comma
        ("1234567,89", D("1234567.89")),  # no groups
        ("-12.920", D(-12920)),  # a minus
        ("1 234,5", D("1234.5")),  # a space is ignored
        ("0,050", D("0.050")),  # leading zero and trailing zero kept
    ],
)
def test_dutch_numbers_are_read_exactly(text: str, expected: Decimal) -> None:
    """Dutch notation, on the fast path and through babel, gives the exact Decimal."""
    assert DUTCH.parse(text) == expected


@pytest.mark.parametrize("text", ["2.44.557", "1,234.56", "12,3,4", "", ",5", "1.2345", "abc"])
def test_dutch_notation_refuses_misplaced_separators(text: str) -> None:
    """A misplaced separator is an error, never another number."""
    assert not DUTCH.is_valid(text)
    with pytest.raises(InvalidInputError, match="dutch notation"):
        DUTCH.validate(text, field="Loonsom 2012")


@pytest.mark.parametrize("text", ["1.000", "0.050", "999.999"])
def test_unstated_notation_refuses_a_thousandfold(text: str) -> None:
    """Text that is a thousandfold apart in the two notations needs a stated notation."""
    with pytest.raises(InvalidInputError, match="is stated"):
        parse_number(text)
    # Stated, each reads its own number: "1.000" is 1000 (Dutch) or 1 (plain).
    assert DUTCH.parse(text) == PLAIN.parse(text) * 1000


def test_unstated_notation_reads_what_is_unambiguous() -> None:
    """Digits, a decimal comma, two groups or a non-three-digit fraction read without a notation."""
    assert parse_number("812000") == D(812000)
    assert parse_number("812000,5") == D("812000.5")  # a comma is Dutch only
    assert parse_number("1.234.567") == D(1234567)  # two dots are Dutch only
    assert parse_number("1234.5") == D("1234.5")  # one decimal is plain only


def test_notation_by_name() -> None:
    """'nl' and 'dutch' name the Dutch notation; another name is an error."""
    assert notation("nl") is DUTCH
    assert notation("plain") is PLAIN
    with pytest.raises(InvalidInputError, match="'plain' or 'dutch'"):
        notation("us")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2012-07-01", (2012, 7, 1)), ("01-07-2012", (2012, 7, 1)), ("1-7-2012", (2012, 7, 1))],
)
def test_dates_in_iso_and_dutch(text: str, expected: tuple[int, int, int]) -> None:
    """ISO and Dutch day-month-year dates are read to the same pendulum Date."""
    assert parse_date(text) == pendulum.date(*expected)


@pytest.mark.parametrize("text", ["30-02-2013", "2013-02-30", "07/01/2012", "2012-7-1", "1-7-12"])
def test_dates_that_do_not_exist_or_read_two_ways_are_refused(text: str) -> None:
    """A day that does not exist, or a form that could be month-first, is an error."""
    with pytest.raises(InvalidInputError, match="jjjj-mm-dd or dd-mm-jjjj"):
        parse_date(text, field="Lid sinds", where="line 3")


def test_dates_are_written_in_either_notation() -> None:
    """format_date writes ISO (plain) and dd-mm-jjjj (Dutch), which parse_date reads back."""
    day = pendulum.date(2013, 1, 1)
    assert format_date(day) == "2013-01-01"
    assert format_date(day, "dutch") == "01-01-2013"
    assert parse_date(format_date(day, "dutch")) == day


_NUMBER_TEXTS = st.one_of(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, max_value=10**9, min_value=-1
    ).flatmap(lambda d: st.sampled_from([DUTCH.format(d), PLAIN.format(d)])),
    st.sampled_from(["", " 1", "1 ", "1.2.3", "2.44.557", "1,234.5", ",5", "1\n2", "€ 1", "1e5"]),
    st.text(alphabet="0123456789.,- \n", max_size=8),
)


@given(st.lists(_NUMBER_TEXTS, max_size=6))
def test_a_column_parsed_at_once_is_each_text_parsed_or_none(texts: list[str]) -> None:
    """Property: parse_column(texts) is None or [parse(t) for t in texts], in both notations."""
    for chosen in (PLAIN, DUTCH):
        numbers = chosen.parse_column(texts)
        if numbers is not None:
            assert numbers == [chosen.parse(t) for t in texts]
            assert [str(n) for n in numbers] == [str(chosen.parse(t)) for t in texts]


def test_a_column_in_the_common_form_is_parsed_at_once() -> None:
    """Well-formed Dutch and plain columns are parsed by the column form (not left to each text)."""
    assert DUTCH.parse_column(["1.200.000,00", "812.000", "14,5"]) == [
        D("1200000.00"),
        D("812000"),
        D("14.5"),
    ]
    assert PLAIN.parse_column(["1200000.00", "14.5"]) == [D("1200000.00"), D("14.5")]
    # a space, a misplaced group or a newline inside a text: parse text by text
    assert DUTCH.parse_column(["1.200", " 5"]) is None
    assert DUTCH.parse_column(["2.44.557"]) is None
    assert PLAIN.parse_column(["1\n2"]) is None
