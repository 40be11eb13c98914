"""Equity: the 2012 table as printed, movements of reserves, and the checks that they agree."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
import pytest
from hypothesis import given

from wmd.datasets import published_equity_2012
from wmd.errors import InvalidInputError
from wmd.finance.equity import (
    Equity,
    Movement,
    MovementKind,
    PublishedEquity,
    Reserve,
    ReserveKind,
    transfer,
)
from wmd.findings import Finding

D = Decimal
EARMARKED, GENERAL = "Bestemmingsreserves", "Algemene reserves"
PURPOSE = "toekomstperspectief leden: projecten voor krimp en innovatie"


def equity_2012(*movements: Movement) -> Equity:
    """The 2012 equity from the printed table, with the 2012 result 281.084."""
    return published_equity_2012().to_equity(
        2012,
        closing="2012",
        opening="2011",
        result="281.084",
        earmarked={EARMARKED: PURPOSE},
        movements=movements,
    )


def test_printed_2012_table_findings() -> None:
    """The 2012 total cannot be read and the 2011 total is 5 more than its reserves."""
    # 2012: 1.437.468 + 977.089 = 2.414.557, printed "2.44.557"
    # 2011: 1.166.884 + 966.584 = 2.133.468, printed 2.133.473: 5 more
    findings = published_equity_2012().validate()
    assert [(f.what, f.printed, f.computed, f.difference) for f in findings] == [
        ("total (2012)", "2.44.557", D(2414557), None),
        ("total (2011)", "2.133.473", D(2133468), D(5)),
    ]
    assert findings[0].note.startswith("printed value cannot be read")


def test_2012_balances() -> None:
    """Opening 2.133.468 and closing 2.414.557 make a change of 281.089."""
    eq = equity_2012()
    assert (eq.opening, eq.closing) == (D(2133468), D(2414557))
    # 2.414.557 - 2.133.468 = 281.089
    assert eq.change == D(281089)
    assert eq.reserve(EARMARKED).kind is ReserveKind.EARMARKED
    assert eq.reserve(GENERAL).purpose is None


def test_2012_change_is_5_more_than_the_result() -> None:
    """Without movements the only check is change = result + other: 281.089 vs 281.084."""
    assert equity_2012().validate() == [
        Finding(
            "change in equity",
            "281.089",
            D(281084),
            D(5),
            "the change in equity is not the result plus the other movements",
        )
    ]


def test_2012_with_the_surplus_appropriated_to_the_earmarked_reserve() -> None:
    """Recording the report's appropriation shows neither reserve moved as recorded."""
    findings = equity_2012(Movement.appropriation(EARMARKED, "281.084")).validate()
    # change 281.089 vs 281.084 + 0: 5
    # earmarked: 1.437.468 - 1.166.884 = 270.584 vs 281.084: -10.500
    # general: 977.089 - 966.584 = 10.505 vs 0: 10.505
    assert [(f.what, f.printed, f.computed, f.difference) for f in findings] == [
        ("change in equity", "281.089", D(281084), D(5)),
        ("Bestemmingsreserves: change", "270.584", D(281084), D(-10500)),
        ("Algemene reserves: change", "10.505", D(0), D(10505)),
    ]


def test_2012_with_a_transfer_isolates_the_difference_of_5() -> None:
    """With 10.500 moved to the general reserve, only the general reserve is 5 off."""
    findings = equity_2012(
        Movement.appropriation(EARMARKED, 281084), *transfer(EARMARKED, GENERAL, 10500)
    ).validate()
    # earmarked: 281.084 - 10.500 = 270.584, as printed
    # general: 10.505 vs 10.500: 5; change 281.089 vs 281.084 + (-10.500 + 10.500): 5
    assert [(f.what, f.difference) for f in findings] == [
        ("change in equity", D(5)),
        ("Algemene reserves: change", D(5)),
    ]


def test_appropriation_must_add_up_to_the_result() -> None:
    """Appropriating 100 of a result of 150 is a finding of -50 (and the reserve is 50 short)."""
    eq = Equity(
        2013, [Reserve.general("Algemeen", 0, 150)], 150, [Movement.appropriation("Algemeen", 100)]
    )
    # appropriated 100 vs result 150: -50; reserve change 150 vs movements 100: 50
    assert [(f.what, f.difference) for f in eq.validate()] == [
        ("appropriation of the result", D(-50)),
        ("Algemeen: change", D(50)),
    ]


def test_dutch_table_2012() -> None:
    """The Dutch equity table, laid out by hand: name 19 wide, then the four headers."""
    # widths: "Bestemmingsreserves" 19, "Bij begin" 9, "Resultaatbestemming" 19,
    # "Overige mutaties" 16, "Bij einde" 9; rule 19 + 9 + 19 + 16 + 9 + 4 * 3 = 84
    rule = "-" * 84
    expected = "\n".join(
        [
            "Eigen vermogen 2012",
            "                      Bij begin   Resultaatbestemming   Overige mutaties   Bij einde",
            rule,
            "Bestemmingsreserves   1.166.884               281.084                  -   1.437.468",
            "Algemene reserves       966.584                     -                  -     977.089",
            rule,
            "Totaal                2.133.468               281.084                  -   2.414.557",
            f"Bestemmingsreserves: {PURPOSE}",
        ]
    )
    assert equity_2012(Movement.appropriation(EARMARKED, 281084)).table().to_text() == expected


def test_english_table_uses_english_names() -> None:
    """In English the reserves take their English names."""
    text = equity_2012().table("en").to_text()
    assert "Earmarked reserves" in text
    assert text.splitlines()[0] == "Equity 2012"


def test_to_pandas() -> None:
    """One row per reserve with Decimal balances and movements."""
    frame = equity_2012(Movement.appropriation(EARMARKED, 281084)).to_pandas()
    assert list(frame["reserve"]) == [EARMARKED, GENERAL]
    assert frame["appropriation"].tolist() == [D(281084), D(0)]
    assert sum(frame["closing"], D(0)) == D(2414557)


# --- bad input ------------------------------------------------------------------------------


def test_duplicate_reserves_are_refused() -> None:
    """Two reserves with one name are refused."""
    with pytest.raises(InvalidInputError, match="unique names"):
        Equity(2012, [Reserve.general("A", 0, 0), Reserve.general("A", 0, 0)], 0)


def test_a_movement_on_an_unknown_reserve_is_refused() -> None:
    """A movement must be on a reserve of the equity."""
    with pytest.raises(InvalidInputError, match="one of \\['A'\\]"):
        Equity(2012, [Reserve.general("A", 0, 0)], 0, [Movement.other("B", 1)])


def test_purpose_rules() -> None:
    """An earmarked reserve needs a purpose; a general one has none."""
    with pytest.raises(InvalidInputError, match="purpose"):
        Reserve("A", 0, 0, kind=ReserveKind.EARMARKED)
    with pytest.raises(InvalidInputError, match="no purpose"):
        Reserve("A", 0, 0, purpose="iets")


@pytest.mark.parametrize("value", ["USD 5", float("inf"), D("0.005"), [1]])
def test_non_euro_balances_are_refused(value: object) -> None:
    """A balance that is not an amount of euros in whole cents is refused, naming the reserve."""
    with pytest.raises(InvalidInputError, match="reserve 'A'"):
        Reserve.general("A", value, 0)


def test_bad_kinds_and_years_are_refused() -> None:
    """An unknown kind of movement or a year that is not an int raises a WmdError."""
    with pytest.raises(InvalidInputError, match="kind"):
        Movement("A", 1, "transfer")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="year"):
        Equity("2012", [], 0)


def test_to_equity_refuses_unknown_columns_and_reserves() -> None:
    """to_equity names a column or earmarked reserve that the table does not have."""
    published = published_equity_2012()
    with pytest.raises(InvalidInputError, match="column"):
        published.to_equity(2012, closing="2013", opening="2012", result=0)
    with pytest.raises(InvalidInputError, match="earmarked"):
        published.to_equity(2012, closing="2012", opening="2011", result=0, earmarked={"X": "y"})


def test_to_equity_refuses_an_unreadable_balance() -> None:
    """A reserve whose balance cannot be read cannot become Equity; validate reports it."""
    published = PublishedEquity.from_printed(
        ["2012", "2011"], reserves=[("A", "1.00.0", "5")], total=["1", "5"]
    )
    assert [f.what for f in published.validate()] == ["A (2012)", "total (2012)"]
    with pytest.raises(InvalidInputError, match="reserve 'A'"):
        published.to_equity(2012, closing="2012", opening="2011", result=0)


# --- property -------------------------------------------------------------------------------

_MONEY = st.integers(-(10**10), 10**10).map(lambda cents: D(cents).scaleb(-2))


@st.composite
def rolled_equities(draw: st.DrawFn) -> Equity:
    """Equity whose closing balances are the opening plus recorded movements."""
    names = draw(
        st.lists(st.text("abcde", min_size=1, max_size=4), min_size=1, max_size=5, unique=True)
    )
    movements = [
        Movement(
            draw(st.sampled_from(names)), draw(_MONEY), draw(st.sampled_from(list(MovementKind)))
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    reserves = []
    for name in names:
        opening = draw(_MONEY)
        closing = opening + sum((m.amount for m in movements if m.reserve == name), D(0))
        reserves.append(Reserve.general(name, opening, closing))
    result = sum((m.amount for m in movements if m.kind is MovementKind.APPROPRIATION), D(0))
    return Equity(2012, reserves, result, movements)


@given(rolled_equities())
def test_rolled_forward_equity_has_no_findings(eq: Equity) -> None:
    """Balances rolled forward by their movements, with the result appropriated, validate clean."""
    assert eq.validate() == []
    assert eq.change == eq.result + eq.moved(MovementKind.OTHER)


def test_malformed_to_equity_arguments_raise_wmd_errors() -> None:
    """Earmarked reserves that are not a mapping, or no movements sequence, raise a WmdError."""
    published = published_equity_2012()
    with pytest.raises(InvalidInputError, match="mapping"):
        published.to_equity(2012, closing="2012", opening="2011", result=0, earmarked=5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="movements"):
        published.to_equity(2012, closing="2012", opening="2011", result=0, movements=None)  # type: ignore[arg-type]
