"""Claims from a report's text, checked against the statement and equity with a tolerance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wmd.datasets import published_equity_2012, published_statement_2012
from wmd.errors import InvalidInputError
from wmd.finance.claims import AppropriationClaim, DifferenceClaim, Direction, about
from wmd.finance.equity import Equity, Movement, transfer
from wmd.finance.statement import Column, IncomeStatement, Line, Total

D = Decimal
ACTUAL, BUDGET, ACTUAL_2011 = "Realisatie 2012", "Begroting 2012", "Realisatie 2011"
STATEMENT = published_statement_2012().to_statement()


def dues(
    text: str, direction: Direction, printed: str, tolerance: object = None
) -> DifferenceClaim:
    """A claim about dues against the 2012 budget."""
    return DifferenceClaim(text, "Contributies", ACTUAL, BUDGET, direction, printed, tolerance)


def with_2011() -> IncomeStatement:
    """Dues of 2012 with an invented 2011 figure of 3.180.000 (the report prints none)."""
    return IncomeStatement(
        [Column.actual(2012), Column.actual(2011)],
        income=[Line("Contributies", {ACTUAL: "2.987.055", ACTUAL_2011: "3.180.000"})],
    )


def equity_2012(*movements: Movement) -> Equity:
    """The printed 2012 equity with the 2012 result."""
    return published_equity_2012().to_equity(
        2012,
        closing="2012",
        opening="2011",
        result=281084,
        earmarked={"Bestemmingsreserves": "toekomstperspectief leden"},
        movements=movements,
    )


def test_about_reads_the_printed_precision() -> None:
    """About 231.000 is within 500; about 6% within half a point; about 6,5% within 0,05."""
    assert about("231.000") == D(500)
    assert about("6%") == D("0.5")
    assert about("6,5%") == D("0.05")
    assert about("281.084") == D("0.5")
    with pytest.raises(InvalidInputError):
        about("zes")


def test_dues_about_231000_above_budget_holds() -> None:
    """The report's claim holds: 231.055 is within 500 of 231.000."""
    # 2.987.055 - 2.756.000 = 231.055; |231.000 - 231.055| = 55 <= 500
    assert dues("about 231.000 above budget", Direction.UP, "231.000").check(STATEMENT) == []


def test_dues_exactly_231000_does_not_hold() -> None:
    """With no tolerance, 231.000 is 55 short of 231.055."""
    findings = dues("exactly 231.000 above budget", Direction.UP, "231.000", 0).check(STATEMENT)
    assert [(f.printed, f.computed, f.difference) for f in findings] == [
        ("231.000", D(231055), D(-55))
    ]


def test_wrong_direction_is_reported() -> None:
    """Saying dues were below budget: they moved the other way, 462.055 off."""
    [finding] = dues("about 231.000 below budget", Direction.DOWN, "231.000").check(STATEMENT)
    # in the claimed direction the change is -231.055; 231.000 - -231.055 = 462.055
    assert (finding.computed, finding.difference) == (D(-231055), D(462055))
    assert finding.note == "the figure moved the other way"


def test_dues_fell_about_6_percent_from_2011() -> None:
    """From 3.180.000 to 2.987.055 is a fall of 6,07%: about 6% holds, about 5% does not."""
    # (3.180.000 - 2.987.055) / 3.180.000 = 192.945 / 3.180.000 = 6,0674%
    fell_6 = DifferenceClaim(
        "fell by about 6%", "Contributies", ACTUAL, ACTUAL_2011, Direction.DOWN, "6%"
    )
    assert fell_6.check(with_2011()) == []
    fell_5 = DifferenceClaim(
        "fell by about 5%", "Contributies", ACTUAL, ACTUAL_2011, Direction.DOWN, "5%"
    )
    # 5 - 6,0674 = -1,0674 -> -1,07 (beyond 0,5)
    [finding] = fell_5.check(with_2011())
    assert (finding.computed, finding.difference) == (D("6.07"), D("-1.07"))


def test_result_claim_on_a_total() -> None:
    """The result was about 212.000 above budget: 281.084 - 68.800 = 212.284, within 500."""
    claim = DifferenceClaim(
        "result about 212.000 above budget", Total.RESULT, ACTUAL, BUDGET, Direction.UP, "212.000"
    )
    assert claim.check(STATEMENT) == []


def test_percentage_against_zero_is_a_finding() -> None:
    """A percentage of a budget of nothing cannot be recomputed: a finding, not an error."""
    claim = DifferenceClaim(
        "meetings 10% below budget",
        "Bijeenkomsten/cursussen",
        ACTUAL,
        BUDGET,
        Direction.DOWN,
        "10%",
    )
    [finding] = claim.check(STATEMENT)
    assert finding.computed is None
    assert finding.note.startswith("cannot be recomputed")


def test_an_unreadable_number_in_a_claim_is_a_finding() -> None:
    """A claimed figure that cannot be read is reported with the text as printed."""
    [finding] = dues("about 23.10.00 above", Direction.UP, "23.10.00").check(STATEMENT)
    assert (finding.what, finding.printed) == ("about 23.10.00 above", "23.10.00")
    assert finding.note.startswith("printed value cannot be read")


def test_claims_about_missing_figures_raise() -> None:
    """A line or column the statement does not have is a wrong argument."""
    with pytest.raises(InvalidInputError):
        DifferenceClaim("x", "Contributie", ACTUAL, BUDGET, Direction.UP, "1").check(STATEMENT)
    with pytest.raises(InvalidInputError):
        DifferenceClaim("x", "Contributies", ACTUAL, ACTUAL_2011, Direction.UP, "1").check(
            STATEMENT
        )


def test_bad_direction_and_tolerance_are_refused() -> None:
    """A direction that is not up or down, or a negative tolerance, is refused."""
    with pytest.raises(InvalidInputError, match="direction"):
        DifferenceClaim("x", "Contributies", ACTUAL, BUDGET, "above", "1")
    with pytest.raises(InvalidInputError, match="tolerance"):
        dues("x", Direction.UP, "1", -1)


def test_surplus_added_to_earmarked_reserve_does_not_match_the_balances() -> None:
    """The earmarked reserves grew by 270.584, 10.500 less than the surplus of 281.084."""
    claim = AppropriationClaim(
        "the surplus was added to the earmarked reserve", "Bestemmingsreserves"
    )
    # 1.437.468 - 1.166.884 = 270.584; 281.084 - 270.584 = 10.500
    [finding] = claim.check(equity_2012())
    assert (finding.printed, finding.computed, finding.difference) == (
        "281.084",  # the result in the report's notation
        D(270584),
        D(10500),
    )


def test_recording_the_claim_does_not_make_it_true() -> None:
    """An appropriation movement is not evidence: the balances still show 270.584."""
    claim = AppropriationClaim("added to the earmarked reserve", "Bestemmingsreserves")
    assert len(claim.check(equity_2012(Movement.appropriation("Bestemmingsreserves", 281084)))) == 1


def test_a_recorded_transfer_explains_the_difference() -> None:
    """With 10.500 transferred to the general reserve, the earmarked reserve took the whole surplus."""
    claim = AppropriationClaim("added to the earmarked reserve", "Bestemmingsreserves")
    # 270.584 - (-10.500) = 281.084
    assert (
        claim.check(equity_2012(*transfer("Bestemmingsreserves", "Algemene reserves", 10500))) == []
    )


def test_appropriation_claim_tolerance_and_unknown_reserve() -> None:
    """A tolerance of 10.500 accepts the 2012 claim; an unknown reserve raises."""
    assert AppropriationClaim("x", "Bestemmingsreserves", D(10500)).check(equity_2012()) == []
    with pytest.raises(InvalidInputError):
        AppropriationClaim("x", "Toekomstperspectief leden").check(equity_2012())


def test_printed_figures_must_be_text() -> None:
    """A claimed figure or an "about" that is not text raises a WmdError, not an AttributeError."""
    with pytest.raises(InvalidInputError, match="text"):
        dues("x", Direction.UP, 231000)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="about"):
        about(231000)  # type: ignore[arg-type]
