"""Income statements: the 2012 statement as printed, totals, variances, rendering, bad input."""

from __future__ import annotations

from decimal import Decimal

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given

from wmd.datasets import published_statement_2012
from wmd.errors import InvalidInputError, WmdError
from wmd.finance.statement import (
    Column,
    Group,
    IncomeStatement,
    Line,
    PublishedStatement,
    Total,
    Variance,
)
from wmd.i18n import format_amount
from wmd.money import amount

D = Decimal
ACTUAL, BUDGET = "Realisatie 2012", "Begroting 2012"


@pytest.fixture
def statement() -> IncomeStatement:
    """The 2012 statement built from the printed lines."""
    return published_statement_2012().to_statement()


# --- the 2012 statement, as printed ---------------------------------------------------------


def test_2012_as_printed_has_no_findings() -> None:
    """Every printed total and the printed result of 2012 agree with the printed lines."""
    assert published_statement_2012().validate() == []


def test_2012_totals_and_result_actual(statement: IncomeStatement) -> None:
    """Actual 2012: income 3.755.023, expenses 3.473.939, result 281.084."""
    # 2.987.055 + 86.500 + 446.867 - 12.920 + 247.521 = 3.755.023
    assert statement.total(Group.INCOME, ACTUAL) == D(3755023)
    # 1.657.424 + 18.726 + 179.690 + 102.985 + 211.889 + 1.053.430 + 95.514 + 136.979 + 17.302
    # = 3.473.939
    assert statement.total(Group.EXPENSES, ACTUAL) == D(3473939)
    # 3.755.023 - 3.473.939 = 281.084
    assert statement.result(ACTUAL) == D(281084)


def test_2012_totals_and_result_budget(statement: IncomeStatement) -> None:
    """Budget 2012: income 3.292.000 (the dash is nothing), expenses 3.223.200, result 68.800."""
    # 2.756.000 + 86.000 + 373.000 + 0 + 77.000 = 3.292.000
    assert statement.total(Group.INCOME, BUDGET) == D(3292000)
    # 1.716.800 + 23.100 + 216.000 + 88.900 + 247.000 + 663.900 + 107.900 + 129.600 + 30.000
    # = 3.223.200
    assert statement.total(Group.EXPENSES, BUDGET) == D(3223200)
    # 3.292.000 - 3.223.200 = 68.800
    assert statement.figure(Total.RESULT, BUDGET) == D(68800)


def test_dues_variance_2012(statement: IncomeStatement) -> None:
    """Dues were 231.055 above budget, 8,4% of the budget."""
    variance = statement.variance("Contributies", ACTUAL, BUDGET)
    # 2.987.055 - 2.756.000 = 231.055; 231.055 / 2.756.000 = 0,08384 -> 8,4%
    assert variance.absolute == D(231055)
    assert variance.percent() == D("8.4")
    assert variance.percent(2) == D("8.38")


def test_variance_against_zero_is_undefined(statement: IncomeStatement) -> None:
    """Meetings: (12.920) against a budget of nothing is -12.920 and no percentage."""
    variance = statement.variance("Bijeenkomsten/cursussen", ACTUAL, BUDGET)
    assert variance.absolute == D(-12920)
    assert variance.ratio is None
    assert variance.percent() is None


def test_variance_of_a_negative_base_keeps_the_sign() -> None:
    """A loss shrinking from 4 to 3 is 1 better: +25% of the size of the base."""
    # (-3 - -4) / |-4| = 1 / 4 = 25%
    assert Variance("x", "a", "b", D(-3), D(-4)).percent() == D("25.0")


def test_variances_in_table_order(statement: IncomeStatement) -> None:
    """Variances come per line, with the totals and the result at their places."""
    whats = [v.what for v in statement.variances(ACTUAL, BUDGET)]
    assert whats[5] is Total.INCOME
    assert whats[6] == "Personeelskosten"
    assert whats[-2:] == [Total.EXPENSES, Total.RESULT]
    # the result's variance: 281.084 less 68.800 is 212.284
    assert statement.variances(ACTUAL, BUDGET)[-1].absolute == D(212284)


# --- rendering ------------------------------------------------------------------------------

EXPECTED_NL = """\
Staat van baten en lasten
                                           Realisatie 2012   Begroting 2012
---------------------------------------------------------------------------
Baten
Contributies                                     2.987.055        2.756.000
Bijdrage FCB                                        86.500           86.000
Subsidies                                          446.867          373.000
Bijeenkomsten/cursussen                           (12.920)                -
Overige                                            247.521           77.000
---------------------------------------------------------------------------
Totaal baten                                     3.755.023        3.292.000

Lasten
Personeelskosten                                 1.657.424        1.716.800
Afschrijvingen op materiële vaste activa            18.726           23.100
Verenigingskosten                                  179.690          216.000
Huisvestingskosten                                 102.985           88.900
Bureaukosten                                       211.889          247.000
Ledenactiviteiten                                1.053.430          663.900
PR                                                  95.514          107.900
Allianties                                         136.979          129.600
Voorzieningen                                       17.302           30.000
---------------------------------------------------------------------------
Totaal lasten                                    3.473.939        3.223.200
---------------------------------------------------------------------------
Saldo                                              281.084           68.800"""


def test_dutch_text_table_2012(statement: IncomeStatement) -> None:
    """The Dutch text table of 2012, laid out by hand.

    The name column is as wide as its longest name (40 characters, "Afschrijvingen op
    materiële vaste activa"), the amount columns as wide as their headers (15 and 14);
    columns are three spaces apart, so a rule is 40 + 3 + 15 + 3 + 14 = 75 dashes.
    """
    assert statement.table().to_text() == EXPECTED_NL


def test_english_table_with_variance(statement: IncomeStatement) -> None:
    """English uses English names, commas, "n/a" against zero, and capitalised headers."""
    lines = statement.table("en", variance=(ACTUAL, BUDGET)).to_text().splitlines()
    assert lines[0] == "Income statement"
    assert lines[1].split() == ["Actual", "2012", "Budget", "2012", "Variance", "%"]
    # meetings: (12.920) against nothing: -12.920, percentage undefined
    assert lines[7].split() == ["Meetings", "and", "courses", "(12,920)", "-", "(12,920)", "n/a"]
    # dues: 231.055 above budget; 231.055 / 2.756.000 = 8,4%
    assert lines[4].split() == ["Dues", "2,987,055", "2,756,000", "231,055", "8.4%"]
    # result: 212.284 / 68.800 = 308,55...% -> 308,6%
    assert lines[-1].split() == ["Result", "281,084", "68,800", "212,284", "308.6%"]


def test_dutch_variance_against_zero_is_nvt(statement: IncomeStatement) -> None:
    """In Dutch an undefined percentage shows as n.v.t."""
    text = statement.table(variance=(ACTUAL, BUDGET)).to_text()
    assert "Bijeenkomsten/cursussen" in text
    meetings = next(line for line in text.splitlines() if line.startswith("Bijeenkomsten"))
    assert meetings.split()[-1] == "n.v.t."


def test_markdown_marks_totals_in_bold(statement: IncomeStatement) -> None:
    """Markdown shows the totals and the result in bold."""
    markdown = statement.table().to_markdown().splitlines()
    assert "| **Totaal baten** | **3.755.023** | **3.292.000** |" in markdown
    assert markdown[-1] == "| **Saldo** | **281.084** | **68.800** |"


def test_html_for_jupyter_is_escaped() -> None:
    """The HTML repr escapes line names."""
    s = IncomeStatement(["2012"], income=[Line("A & B <c>", {"2012": 1})])
    assert "A &amp; B &lt;c&gt;" in s._repr_html_()


def test_to_pandas_sums_to_the_totals(statement: IncomeStatement) -> None:
    """The frame holds one Decimal per line and column; income lines sum to the total."""
    frame = statement.to_pandas()
    assert list(frame.columns) == ["group", "line", "name_en", ACTUAL, BUDGET]
    income = frame[frame["group"] == "income"]
    assert sum(income[ACTUAL], D(0)) == D(3755023)
    assert frame.loc[frame["line"] == "Contributies", "name_en"].item() == "Dues"


# --- published figures with mistakes --------------------------------------------------------


def test_a_wrong_printed_total_is_a_finding() -> None:
    """A total printed as 3.755.032 is 9 more than its lines; the result is still right."""
    finding = attrs.evolve(
        published_statement_2012(), income_total=("3.755.032", "3.292.000")
    ).validate()
    # 3.755.032 - 3.755.023 = 9
    assert [(f.what, f.printed, f.computed, f.difference) for f in finding] == [
        ("total income (Realisatie 2012)", "3.755.032", D(3755023), D(9))
    ]


def test_an_unreadable_line_is_a_finding_not_an_error() -> None:
    """An unreadable line is reported, and so are the totals that need it; nothing raises."""
    published = published_statement_2012()
    lines = list(published.expenses)
    lines[6] = attrs.evolve(lines[6], cells=("95.5l4", "107.900"))  # a letter l for a 1
    findings = attrs.evolve(published, expenses=tuple(lines)).validate()
    assert [f.what for f in findings] == [
        "PR (Realisatie 2012)",
        "total expenses (Realisatie 2012)",
        "result (Realisatie 2012)",
    ]
    assert findings[0].note.startswith("printed value cannot be read")
    assert findings[1].computed is None


def test_an_unreadable_line_cannot_become_a_statement() -> None:
    """to_statement refuses a figure it cannot read, naming the line."""
    published = published_statement_2012()
    lines = list(published.income)
    lines[0] = attrs.evolve(lines[0], cells=("2.98.7055", "2.756.000"))
    with pytest.raises(InvalidInputError, match="Contributies"):
        attrs.evolve(published, income=tuple(lines)).to_statement()


def test_from_printed_refuses_a_row_of_the_wrong_width() -> None:
    """A printed row needs a name and one cell per column."""
    with pytest.raises(InvalidInputError, match="income, row 1"):
        PublishedStatement.from_printed(
            ["2012"],
            income=[("Contributies", "1", "2")],
            income_total=["1"],
            expenses=[],
            expenses_total=["0"],
            result=["1"],
        )


# --- bad input ------------------------------------------------------------------------------


def test_duplicate_line_names_are_refused() -> None:
    """One name in income and in expenses is refused."""
    with pytest.raises(InvalidInputError, match="unique names"):
        IncomeStatement(
            ["2012"], income=[Line("Overige", {"2012": 1})], expenses=[Line("Overige", {"2012": 1})]
        )


def test_duplicate_columns_are_refused() -> None:
    """Two columns with one name are refused."""
    with pytest.raises(InvalidInputError, match="columns"):
        IncomeStatement(["2012", "2012"])


def test_a_statement_needs_a_column() -> None:
    """No columns at all is refused; so is a bare string, which would be split in letters."""
    with pytest.raises(InvalidInputError, match="at least one column"):
        IncomeStatement([])
    with pytest.raises(InvalidInputError, match="columns"):
        IncomeStatement("2012")


def test_a_line_missing_a_column_is_refused() -> None:
    """A line without the budget column is refused, naming the line and the column."""
    with pytest.raises(InvalidInputError, match=r"line 'PR'.*missing Begroting 2012"):
        IncomeStatement([ACTUAL, BUDGET], expenses=[Line("PR", {ACTUAL: 95514})])


def test_a_line_with_an_unknown_column_is_refused() -> None:
    """A line with a column the statement does not have is refused."""
    with pytest.raises(InvalidInputError, match="unknown Begroting 2013"):
        IncomeStatement([ACTUAL], expenses=[Line("PR", {ACTUAL: 1, "Begroting 2013": 2})])


@pytest.mark.parametrize(
    "value", ["USD 100", "$ 100", "12 euro", float("nan"), D("0.001"), True, None, object()]
)
def test_non_euro_values_are_refused(value: object) -> None:
    """A value that is not an amount of euros in whole cents raises a WmdError."""
    with pytest.raises(InvalidInputError, match="line 'Overige'"):
        Line("Overige", {ACTUAL: value})


def test_line_amounts_must_be_a_mapping() -> None:
    """Amounts given as something other than a mapping raise a WmdError, not a TypeError."""
    with pytest.raises(InvalidInputError, match="mapping"):
        Line("Overige", 5)  # type: ignore[arg-type]


def test_unknown_line_column_and_group_raise_wmd_errors(statement: IncomeStatement) -> None:
    """Asking for a line, column or group that is not there raises a WmdError."""
    with pytest.raises(WmdError):
        statement.line("Contributie")
    with pytest.raises(WmdError):
        statement.result("Realisatie 2013")
    with pytest.raises(WmdError):
        statement.total("baten", ACTUAL)  # type: ignore[arg-type]
    with pytest.raises(WmdError):
        statement.table(variance=(ACTUAL, "Begroting 2013"))


# --- budget lines from calculations ---------------------------------------------------------


@attrs.frozen
class _Roll:
    """Stands in for a dues roll: anything with a total."""

    total: Decimal


def test_dues_line_from_a_roll_total(statement: IncomeStatement) -> None:
    """The budget dues line takes the roll's total; the actual column is untouched."""
    budget = statement.with_dues(_Roll(D("2987055.04")), BUDGET)
    assert budget.line("Contributies").value(BUDGET) == D("2987055.04")
    assert budget.line("Contributies").value(ACTUAL) == D(2987055)
    # 68.800 + (2.987.055,04 - 2.756.000) = 299.855,04
    assert budget.result(BUDGET) == D("299855.04")


def test_plus_dues_lines_are_added_then_replaced(statement: IncomeStatement) -> None:
    """New plus-dues lines are appended to income with nothing in other columns; known ones are set."""
    once = statement.with_plus_dues([("Pluscontributie AMW", D(25000))], BUDGET)
    twice = once.with_plus_dues([("Pluscontributie AMW", D(30000))], BUDGET)
    assert [line.name for line in twice.income][-1] == "Pluscontributie AMW"
    assert twice.line("Pluscontributie AMW").value(ACTUAL) == D(0)
    # 3.292.000 + 30.000 = 3.322.000
    assert twice.total(Group.INCOME, BUDGET) == D(3322000)


def test_with_line_refuses_a_different_group_and_bad_pairs(statement: IncomeStatement) -> None:
    """Setting an expense line as income, or a pair that is not (name, amount), raises."""
    with pytest.raises(InvalidInputError, match="line's group"):
        statement.with_line("PR", BUDGET, 1, group=Group.INCOME)
    with pytest.raises(InvalidInputError, match="pairs"):
        statement.with_plus_dues([("AMW",)], BUDGET)  # type: ignore[list-item]


def test_with_line_adds_an_expense_line(statement: IncomeStatement) -> None:
    """A new expense line goes at the end of the expenses."""
    changed = statement.with_line("Reorganisatie", BUDGET, 500000, group=Group.EXPENSES)
    assert changed.expenses[-1].name == "Reorganisatie"
    # 68.800 - 500.000 = -431.200
    assert changed.result(BUDGET) == D(-431200)


# --- properties -----------------------------------------------------------------------------

_MONEY = st.integers(-(10**11), 10**11).map(lambda cents: D(cents).scaleb(-2))


@st.composite
def statements(draw: st.DrawFn) -> IncomeStatement:
    """Statements with one to three columns and up to six lines per group."""
    columns = draw(
        st.lists(
            st.sampled_from(["R2012", "B2012", "R2011", "B2013"]),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    names = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=6), max_size=12, unique=True))
    cut = draw(st.integers(0, len(names)))

    def line(name: str) -> Line:
        return Line(name, {c: draw(_MONEY) for c in columns})

    return IncomeStatement(
        columns, income=[line(n) for n in names[:cut]], expenses=[line(n) for n in names[cut:]]
    )


@given(statements())
def test_totals_equal_the_sum_of_their_lines(s: IncomeStatement) -> None:
    """Each group's total is the sum of its lines, in every column."""
    for column in s.column_names:
        assert s.total(Group.INCOME, column) == sum((line.value(column) for line in s.income), D(0))
        assert s.total(Group.EXPENSES, column) == sum(
            (line.value(column) for line in s.expenses), D(0)
        )


@given(statements())
def test_result_is_income_minus_expenses(s: IncomeStatement) -> None:
    """The result is total income minus total expenses, in every column."""
    for column in s.column_names:
        assert s.result(column) == s.total(Group.INCOME, column) - s.total(Group.EXPENSES, column)


@given(statements())
def test_variance_percent_is_undefined_exactly_against_zero(s: IncomeStatement) -> None:
    """A variance has a percentage unless its base is zero, and the percentage has the sign of the difference."""
    first, last = s.column_names[0], s.column_names[-1]
    for v in s.variances(first, last):
        assert v.absolute == v.value - v.base
        assert (v.ratio is None) == (v.base == 0)
        if v.ratio is not None:
            assert (v.ratio > 0) == (v.absolute > 0)


@given(statements())
def test_a_statement_printed_in_dutch_validates_clean(s: IncomeStatement) -> None:
    """Printing a statement's lines and totals in Dutch and reading them back finds nothing."""
    columns = s.column_names

    def cells(what: str | Total) -> tuple[str, ...]:
        return tuple(format_amount(s.figure(what, c), decimals=2) for c in columns)

    published = PublishedStatement.from_printed(
        [Column(c) for c in columns],
        income=[(line.name, *cells(line.name)) for line in s.income],
        income_total=cells(Total.INCOME),
        expenses=[(line.name, *cells(line.name)) for line in s.expenses],
        expenses_total=cells(Total.EXPENSES),
        result=cells(Total.RESULT),
    )
    assert published.validate() == []
    assert published.to_statement() == s


@given(st.integers(-(10**12), 10**12))
def test_whole_euros_survive_format_and_parse(euros: int) -> None:
    """format_amount then amount gives the same whole-euro amount back (negatives in parentheses)."""
    assert amount(format_amount(D(euros)), notation="nl") == D(euros)


@given(st.integers(-(10**12), 10**12))
def test_cents_survive_format_and_parse(cents: int) -> None:
    """format_amount with two decimals then amount gives the same amount back."""
    value = D(cents).scaleb(-2)
    assert amount(format_amount(value, decimals=2), notation="nl") == value


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.table(variance=("Realisatie 2012",)),
        lambda s: s.with_dues(object(), BUDGET),
        lambda s: s.with_plus_dues(None, BUDGET),
        lambda _s: PublishedStatement.from_printed(
            ["a"],
            income=None,  # type: ignore[arg-type]
            income_total=["1"],
            expenses=[],
            expenses_total=["1"],
            result=["1"],
        ),
        lambda _s: PublishedStatement.from_printed(
            ["a"],
            income=[],
            income_total=["1"],
            expenses=[],
            expenses_total=["1"],
            result=["1"],
            names_en=5,  # type: ignore[arg-type]
        ),
    ],
    ids=["short variance pair", "no total", "no pairs", "no rows", "names not a mapping"],
)
def test_malformed_arguments_raise_wmd_errors(statement: IncomeStatement, call: object) -> None:
    """Malformed arguments raise a WmdError, never a TypeError or IndexError."""
    assert callable(call)
    with pytest.raises(InvalidInputError):
        call(statement)
