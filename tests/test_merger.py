"""Two associations: combining registries and harmonising dues for a merger decision."""

from __future__ import annotations

from decimal import Decimal

import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import given

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.finance import (
    Basis,
    DuesSchedule,
    Group,
    IncomeStatement,
    Line,
    Rate,
    combine_statements,
    harmonise,
)
from wmd.members import (
    EndReason,
    Member,
    Membership,
    Prefer,
    Registry,
    Sector,
    YearFigures,
    combine,
)
from wmd.testing import dues_schedules, roll_registries

D = Decimal


def org(  # noqa: PLR0917 - a compact builder for hand-made examples
    mid: str,
    name: str,
    kvk: str | None,
    wage_sum: str,
    sectors: tuple[str, ...] = ("LW",),
    start: str = "2010-01-01",
    end: str | None = None,
) -> Member:
    """A member with a 2014 wage sum."""
    return Member(
        mid,
        name,
        kvk=kvk,
        sectors=sectors,
        figures=(YearFigures(2014, wage_sum=D(wage_sum), headcount=20, fte=D("12")),),
        spells=(Membership(start, end, EndReason.CANCELLATION if end else None),),
    )


MO = Registry(
    (
        org("1", "Welzijn Noord", "99000001", "500000", ("LW", "MD")),
        org("2", "Stichting De Brug", None, "90000"),
        org("3", "Opvang Oost", "99000003", "2000000", ("MO",)),
    )
)
MEE = Registry(
    (
        org("1", "MEE Noord", "99000001", "520000", ("MD",), start="2012-01-01"),
        org("8", "De Brug", "99000008", "80000"),
        org("9", "MEE West", "99000009", "1500000"),
    )
)


def test_combine_matches_by_kvk_and_prefixes_ids() -> None:
    """Shared organisations (same KvK) become one member; other ids get their association's label."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"))
    assert sorted(m.id for m in combined) == ["MEE:8", "MEE:9", "MO:1", "MO:2", "MO:3"]
    assert [(m.kvk, m.a_id, m.b_id) for m in report.matches] == [("99000001", "1", "1")]
    assert report.combined_id(1, "1") == "MO:1"


def test_conflicts_are_resolved_by_the_stated_rule_and_listed() -> None:
    """A different wage sum, name and sectors are each listed with the value kept."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"), prefer=Prefer.LARGER)
    fields = {c.field: (c.a_value, c.b_value, c.resolved) for c in report.conflicts}
    assert fields["wage_sum 2014"] == ("500000", "520000", "520000")  # the larger
    assert fields["name"] == ("Welzijn Noord", "MEE Noord", "Welzijn Noord")  # names: the first
    assert fields["sectors"] == ("LW,MD", "MD", "LW,MD")
    shared = combined.member("MO:1")
    assert shared.wage_sum(2014) == D("520000")
    # member of MO since 2010 and of MEE since 2012: one spell from 2010
    assert [(s.start, s.end) for s in shared.spells] == [(pendulum.date(2010, 1, 1), None)]


def test_missing_kvk_gives_candidates_never_a_silent_merge() -> None:
    """'Stichting De Brug' without KvK and 'De Brug' are candidates, and both stay members."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"))
    assert [(c.a_id, c.b_id) for c in report.candidates] == [("2", "8")]
    assert report.candidates[0].similarity == D(
        "1.0"
    )  # 'de brug' == 'de brug' once 'Stichting' is dropped
    assert "MO:2" in combined
    assert "MEE:8" in combined


def test_combine_refuses_equal_labels_and_clashing_sectors() -> None:
    """Equal labels, and one sector code with two meanings, are errors."""
    with pytest.raises(InvalidInputError, match="labels"):
        combine(MO, MEE, labels=("X", "X"))
    other = Registry(
        (org("5", "X", None, "1", ("LW",)),),
        sectors=(Sector("LW", "Iets anders", "Something else"),),
    )
    with pytest.raises(InconsistentDataError, match="sector LW"):
        combine(MO, other)


def test_merger_successors_follow_the_renamed_ids() -> None:
    """A merger inside the second registry points at the successor's combined id."""
    successor = org("9", "MEE West", "99000009", "1500000")
    merged = Member(
        "10",
        "MEE Klein",
        kvk="99000010",
        sectors=("LW",),
        spells=(Membership("2010-01-01", "2014-01-01", EndReason.MERGER, "9"),),
    )
    combined, _ = combine(MO, Registry((successor, merged)), labels=("MO", "MEE"))
    assert combined.member("MEE:10").spells[0].successor == "MEE:9"


def test_harmonise_compares_old_and_new_dues_per_member() -> None:
    """Shared members' old dues are summed over both associations; changes add up to the total change."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"))
    old = report.combine_amounts(
        {"1": D("1000.00"), "2": D("250.00"), "3": D("4000.00")},
        {"1": D("900.00"), "8": D("200.00"), "9": D("3500.00")},
    )
    assert old["MO:1"] == D("1900.00")
    schedule = DuesSchedule(2015, Rate.per_mille("2", minimum="250"), Basis(years_before=1))
    result = harmonise(combined, old, schedule)
    new = {r.member_id: r.new for r in result.rows}
    # MO:1 500.000 x 2 promille = 1.000; MO:2 90.000 -> 180 < 250 -> 250; MO:3 4.000; MEE:8 250; MEE:9 3.000
    assert new == {
        "MO:1": D("1000.00"),
        "MO:2": D("250.00"),
        "MO:3": D("4000.00"),
        "MEE:8": D("250.00"),
        "MEE:9": D("3000.00"),
    }
    assert result.total_old == D("9850.00")
    assert result.total_new == D("8500.00")
    assert result.total_change == D("-1350.00") == sum(r.change for r in result.rows)
    assert result.counts() == {"more": 1, "less": 2, "same": 2}
    assert result.largest_changes(1)[0].member_id == "MO:1"  # -900


def test_harmonise_calibrated_keeps_income_as_close_as_rounding_allows() -> None:
    """With calibrate=True the new income equals the old income up to rounding."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"))
    old = report.combine_amounts(
        {"1": D("1000"), "2": D("250"), "3": D("4000")}, {"8": D("200"), "9": D("3500")}
    )
    result = harmonise(
        combined,
        old,
        DuesSchedule(2015, Rate.per_mille("1"), Basis(years_before=1)),
        calibrate=True,
    )
    assert result.calibrated
    assert abs(result.total_change) <= D("0.05")  # five members, at most a cent each


def test_harmonise_refuses_unknown_ids() -> None:
    """Old dues for an id not in the combined registry are an error, not silently dropped."""
    combined, _ = combine(MO, MEE)
    with pytest.raises(InvalidInputError, match="old"):
        harmonise(
            combined, {"Z:1": D("1")}, DuesSchedule(2015, Rate("0.001"), Basis(years_before=1))
        )


@given(
    registry=roll_registries(year=2012, max_members=10, gaps=False),
    schedule=dues_schedules(year=2012),
    old_cents=st.lists(st.integers(0, 10**8), min_size=10, max_size=10),
)
def test_changes_add_up_to_the_total_change_exactly(
    registry: Registry, schedule: DuesSchedule, old_cents: list[int]
) -> None:
    """For any registry, schedule and old dues, the members' changes add up to the change in income."""
    old = {m.id: D(c).scaleb(-2) for m, c in zip(registry, old_cents, strict=False)}
    result = harmonise(registry, old, schedule)
    assert sum((r.change for r in result.rows), D(0)) == result.total_change
    assert result.total_old == sum(old.values(), D(0))
    assert result.total_new == schedule.roll(registry).total


# -- combined income statement -------------------------------------------------------------------


def _statements() -> tuple[IncomeStatement, IncomeStatement]:
    mo = IncomeStatement(
        ("2014",),
        income=(Line("Contributies", {"2014": 2_600_000}), Line("Subsidies", {"2014": 400_000})),
        expenses=(Line("Personeelskosten", {"2014": 1_500_000}),),
    )
    mee = IncomeStatement(
        ("Realisatie 2014",),
        income=(Line("Contributie leden", {"Realisatie 2014": 900_000}),),
        expenses=(
            Line("Personeel", {"Realisatie 2014": 700_000}),
            Line("Huisvesting", {"Realisatie 2014": 80_000}),
        ),
    )
    return mo, mee


def test_combined_statement_adds_mapped_lines_and_keeps_the_rest() -> None:
    """Mapped lines are added; unmapped lines keep their names; totals are the sums of both."""
    mo, mee = _statements()
    combined = combine_statements(
        mo,
        "2014",
        mee,
        "Realisatie 2014",
        mapping={"Contributie leden": "Contributies", "Personeel": "Personeelskosten"},
        labels=("MO", "MEE"),
    )
    # income 2.600.000 + 400.000 + 900.000 = 3.900.000; expenses 1.500.000 + 700.000 + 80.000 = 2.280.000
    assert combined.total(Group.INCOME, "Gecombineerd") == D("3900000")
    assert combined.result("Gecombineerd") == D("1620000")
    assert combined.result("Gecombineerd") == combined.result("MO") + combined.result("MEE")
    assert [line.name for line in combined.expenses] == ["Personeelskosten", "Huisvesting"]


def test_combined_statement_with_harmonised_dues_column() -> None:
    """The harmonised column takes its dues line from the harmonised roll, other lines as combined."""
    mo, mee = _statements()
    combined_registry, _report = combine(MO, MEE, labels=("MO", "MEE"))
    schedule = DuesSchedule(2015, Rate.per_mille("2"), Basis(years_before=1))
    roll = schedule.roll(combined_registry)
    statement = combine_statements(
        mo,
        "2014",
        mee,
        "Realisatie 2014",
        mapping={"Contributie leden": "Contributies"},
        dues=roll,
        labels=("MO", "MEE"),
    )
    assert statement.line("Contributies").value("Geharmoniseerd") == roll.total
    assert statement.line("Subsidies").value("Geharmoniseerd") == D("400000")


def test_combined_statement_refuses_bad_mappings() -> None:
    """A mapping from an unknown line, or from income onto an expense line, is an error."""
    mo, mee = _statements()
    with pytest.raises(InvalidInputError, match="mapping"):
        combine_statements(
            mo, "2014", mee, "Realisatie 2014", mapping={"Bestaat niet": "Contributies"}
        )
    with pytest.raises(InvalidInputError, match="same group"):
        combine_statements(
            mo, "2014", mee, "Realisatie 2014", mapping={"Contributie leden": "Personeelskosten"}
        )


def test_harmonised_dues_are_explained_in_words_and_the_footnote_counts_in_words() -> None:
    """Each member's old and new dues explain by hand; the table says how many pay more, less, the same."""
    combined, report = combine(MO, MEE, labels=("MO", "MEE"))
    old = report.combine_amounts(
        {"1": D("1000.00"), "2": D("250.00"), "3": D("4000.00")},
        {"1": D("900.00"), "8": D("200.00"), "9": D("3500.00")},
    )
    schedule = DuesSchedule(2015, Rate.per_mille("2", minimum="250"), Basis(years_before=1))
    result = harmonise(combined, old, schedule)
    # MO:1 paid 1.000 + 900 = 1.900, now 500.000 x 2 promille = 1.000: 900 less, -47,4%
    lines = result.explain("MO:1", registry=combined).splitlines()
    assert lines[:6] == [
        "MO:1, contributie oud en nieuw",
        "oude contributie: €\xa01.900,00",
        "nieuwe contributie volgens de regeling 2015: €\xa01.000,00",
        "verschil: €\xa01.000,00 - €\xa01.900,00 = €\xa0-900,00",
        "verandering: €\xa0-900,00 / €\xa01.900,00 = -47,4%",
        "betaalt minder",
    ]
    assert lines[6] == "MO:1, contributie 2015"  # the new dues' own explanation follows
    # main printed "+ 1  - 2  = 2", which reads as a sum that is wrong
    assert result.table().footnotes == ("leden die meer betalen: 1, minder: 2, hetzelfde: 2",)
    calibrated = harmonise(combined, old, schedule, calibrate=True)
    assert calibrated.factor is not None
    assert any("maal" in line for line in calibrated.explain("MO:1").splitlines())
