"""wmd.datasets: the printed 2012 figures and the synthetic sample that reproduces them.

Expected figures are typed over from DOMAIN.md (the annual report), never from the code.
"""

from __future__ import annotations

import ast
import importlib.util
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pendulum
import pytest

from wmd.datasets import (
    SOURCE,
    published_equity_2012,
    published_figures_2012,
    published_sector_table_2012,
    published_size_bands_2012,
    published_statement_2012,
    sample_governance_register,
    sample_plus_packages,
    sample_registry,
    sample_schedule,
)
from wmd.finance.dues import solve_rate
from wmd.members import EndReason, kvk, sector_table, size_bands, year_totals
from wmd.money import amount
from wmd.periods import Year

ROOT = Path(__file__).resolve().parent.parent
END_2011 = pendulum.date(2011, 12, 31)
END_2012 = pendulum.date(2012, 12, 31)

# DOMAIN.md, "Members by sector, as printed"
PRINTED_SECTORS = {
    "LW": (502, "441.864.244"),
    "MD": (297, "371.080.841"),
    "PSZ": (230, "116.455.440"),
    "MO": (62, "210.655.204"),
    "AT": (163, "112.603.034"),
    "KS": (77, "186.992.376"),
}


def test_published_figures_name_their_source() -> None:
    """The printed figures name their source, the 2012 annual report."""
    assert SOURCE == "MOgroep jaarverslag 2012"
    assert published_figures_2012().source == SOURCE


def test_published_figures_are_kept_exactly_as_printed() -> None:
    """Misprints and report notation survive: 2.44.557, (12.920), '-', '0', 'fell by 67'."""
    printed = published_figures_2012()
    assert printed.equity.total == ("Totaal", "2.44.557", "2.133.473")
    assert ("Bijeenkomsten/cursussen", "(12.920)", "-") in printed.income.rows
    assert printed.sector_table.rows[5][4] == "0"
    assert printed.members["fell_by"] == "67"
    assert printed.dues["actual"] == "2.987.055"
    assert printed.result == ("Saldo", "281.084", "68.800")


def test_published_statement_lines_add_up_to_their_printed_totals() -> None:
    """The income and expense lines add up to the printed totals (a typo in the file would not)."""
    printed = published_figures_2012()
    for part in (printed.income, printed.expenses):
        assert part.total is not None
        for column in (1, 2):
            lines = sum(amount(row[column], notation="nl", dash_is_zero=True) for row in part.rows)
            assert lines == amount(part.total[column], notation="nl")


def test_published_sector_table_finds_the_two_known_problems() -> None:
    """Validating the printed sector table reports the 0 share of Kennisinstituten and the 87,0 sum."""
    # 186.992.376 / 1.439.651.139 = 12,99% -> 13 at the printed precision, printed 0;
    # 30,7 + 25,8 + 8,1 + 14,6 + 7,8 + 0 = 87,0, printed total 100,0
    found = published_sector_table_2012().validate()
    assert [(f.what, f.printed) for f in found] == [
        ("Kennisinstituten / steunfuncties: % of wage sum", "0"),
        ("Totaal: % of wage sum", "100,0"),
    ]


def test_published_size_bands_are_consistent() -> None:
    """27 + 35 + 22 + 16 = 100: the printed size bands have no finding."""
    assert published_size_bands_2012().validate() == []


def test_published_statement_is_the_printed_text_of_the_data_file() -> None:
    """The checkable statement holds the same printed cells as the figures: one source of text."""
    printed = published_figures_2012()
    statement = published_statement_2012()
    assert [c.name for c in statement.columns] == list(printed.income.columns)
    assert [(line.name, *line.cells) for line in statement.income] == list(printed.income.rows)
    assert [(line.name, *line.cells) for line in statement.expenses] == list(printed.expenses.rows)
    assert printed.income.total is not None
    assert printed.expenses.total is not None
    assert statement.income_total == printed.income.total[1:]
    assert statement.expenses_total == printed.expenses.total[1:]
    assert statement.result == printed.result[1:]


def test_published_statement_and_equity_carry_english_names() -> None:
    """Lines, columns and reserves of the printed 2012 tables have English names for tables in English."""
    statement = published_statement_2012()
    assert [c.name_en for c in statement.columns] == ["Actual 2012", "Budget 2012"]
    assert all(line.name_en for line in (*statement.income, *statement.expenses))
    assert statement.income[0].name_en == "Dues"
    equity = published_equity_2012()
    assert [r.name_en for r in equity.reserves] == ["Earmarked reserves", "General reserves"]


def test_published_equity_is_the_printed_text_of_the_data_file() -> None:
    """The checkable equity table holds the printed cells, misprint 2.44.557 included."""
    # DOMAIN.md: Bestemmingsreserves 1.437.468 / 1.166.884, Algemene reserves 977.089 / 966.584,
    # Totaal 2.44.557 / 2.133.473
    equity = published_equity_2012()
    assert equity.columns == ("2012", "2011")
    assert [(r.name, *r.cells) for r in equity.reserves] == [
        ("Bestemmingsreserves", "1.437.468", "1.166.884"),
        ("Algemene reserves", "977.089", "966.584"),
    ]
    assert equity.total == ("2.44.557", "2.133.473")


def _imported(node: ast.AST) -> list[str]:
    """The dotted names an import statement brings in (``from a import b`` gives ``a.b``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return []


@pytest.mark.parametrize("package", ["members", "finance", "governance"])
def test_lower_layers_do_not_import_the_datasets(package: str) -> None:
    """members, finance and governance never import wmd.datasets (doctests may: they are text)."""
    for path in sorted((ROOT / "src" / "wmd" / package).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            assert not any(name.startswith("wmd.datasets") for name in _imported(node)), path


def test_sample_counts_members_as_published() -> None:
    """849 members on 31 December 2011 and 765 on 31 December 2012."""
    registry = sample_registry()
    assert registry.count_on(END_2011) == 849
    assert registry.count_on(END_2012) == 765


def test_sample_reproduces_the_printed_sector_table() -> None:
    """Members per sector and primary-sector wage sums equal the printed table to the cent."""
    table = sector_table(sample_registry(), 2012)
    for code, (members, wage_sum) in PRINTED_SECTORS.items():
        row = table.row(code)
        assert row.members == members
        assert row.wage_sum == amount(wage_sum, notation="nl")
    assert table.wage_sum == Decimal(1_439_651_139)
    assert table.member_count == 765


def test_sample_size_bands_round_to_the_printed_shares() -> None:
    """207/765 = 27,1%, 268/765 = 35,0%, 168/765 = 22,0%, 122/765 = 15,9%: 27/35/22/16 as printed."""
    bands = size_bands(sample_registry(), 2012)
    counts = [row.count for row in bands.rows]
    assert counts == [207, 268, 168, 122, 0]
    shares = [round(Decimal(100 * c) / 765) for c in counts[:4]]
    assert shares == [27, 35, 22, 16]


def test_sample_headcount_and_fte_match_the_report() -> None:
    """About 65.100 people and 42.700 fte: the sample has exactly those totals and no unknowns."""
    totals = year_totals(sample_registry(), 2012)
    assert (totals.headcount, totals.fte) == (65_100, Decimal("42700.00"))
    assert totals.headcount_unknown == totals.fte_unknown == totals.wage_sum_unknown == ()


def test_sample_history_of_2012() -> None:
    """46 cancellations on 1 January, 28 terminations, 17 mergers, 7 joins: 849 + 7 - 91 = 765."""
    registry = sample_registry()
    rec = registry.reconcile(Year(2012).period)
    assert rec.holds
    changes = rec.changes
    on_new_year = [e for e in changes.cancelled if e.date == pendulum.date(2012, 1, 1)]
    assert len(on_new_year) == 46
    assert len(changes.cancelled) == 46
    assert len(changes.terminated) == 28
    assert len(changes.merged) == 17
    assert len(changes.joined) == 7
    for event in changes.merged:
        assert event.successor is not None
        assert registry.member(event.successor).is_member_on(END_2012)


def test_printed_fall_of_67_is_reported_against_the_sample() -> None:
    """The printed 'fell by 67' differs from 849 - 765 = 84 by -17 and is a finding."""
    rec = sample_registry().reconcile(Year(2012).period)
    found = rec.findings(printed_opening="849", printed_closing="765", printed_net_change="67")
    assert [(f.what, f.difference) for f in found] == [("change in members", Decimal(-17))]


def test_sample_kvk_numbers_are_clearly_fake_and_unique() -> None:
    """Every KvK number is 8 digits starting with 99, and no two organisations share one."""
    numbers = [m.kvk for m in sample_registry()]
    assert all(n is not None and kvk.is_valid(n) and n.startswith("99") for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_sample_wage_sums_are_whole_cents_for_2011_and_2012() -> None:
    """Every member of 2011 has a 2011 wage sum and every member at the end of 2012 a 2012 one, in cents."""
    registry = sample_registry()
    for member in registry.members_on(END_2011):
        wage_sum = member.wage_sum(2011)
        assert wage_sum is not None
        assert wage_sum == wage_sum.quantize(Decimal("0.01"))
    assert all(m.wage_sum(2012) is not None for m in registry.members_on(END_2012))


def test_sample_schedule_is_calibrated_to_the_published_dues() -> None:
    """The 2012 roll of the sample comes to 2.987.055 within 0,05 (the file records a gap of 0,04)."""
    roll = sample_schedule().roll(sample_registry())
    assert abs(roll.total - Decimal(2_987_055)) <= Decimal("0.05")


def test_sample_schedule_is_what_solve_rate_finds() -> None:
    """Re-solving the rate on the sample gives the shipped schedule: the calibration is reproducible."""
    shipped = sample_schedule()
    solved = solve_rate(shipped, sample_registry(), Decimal(2_987_055))
    assert solved.schedule.formula == shipped.formula


def test_cancellations_of_2012_lost_about_68000_of_dues() -> None:
    """Had the 46 cancelled members stayed, the sample schedule would have charged them 68.000 (to within 0,05)."""
    import attrs  # noqa: PLC0415 - only this test rebuilds members

    from wmd.members import Membership, Registry  # noqa: PLC0415

    cancelled = [
        attrs.evolve(m, spells=(Membership(m.spells[0].start),))
        for m in sample_registry()
        if m.spells[-1].end == pendulum.date(2012, 1, 1)
        and m.spells[-1].end_reason is EndReason.CANCELLATION
    ]
    assert len(cancelled) == 46
    lost = sample_schedule().roll(Registry(cancelled)).total
    assert abs(lost - Decimal(68_000)) <= Decimal("0.05")


def test_sample_schedule_for_another_year_moves_the_basis_year() -> None:
    """The 2013 schedule bases dues on 2012 wage sums; the 38 cancellations of 1-1-2013 pay nothing."""
    roll = sample_schedule(2013).roll(sample_registry())
    assert len(roll) == 765 - 38


def test_plus_packages_charge_their_cost_exactly() -> None:
    """AMW and SRW plus dues add up to each package's cost to the cent."""
    registry = sample_registry()
    packages = sample_plus_packages()
    assert [p.code for p in packages] == ["AMW", "SRW"]
    for package in packages:
        assert sum(package.plus_dues(registry).values()) == package.cost


def test_governance_register_holds_15_percent_of_members() -> None:
    """115 of 765 members (15,0%) are listed, each a member at the end of 2012, once."""
    registry = sample_registry()
    entries = sample_governance_register()
    assert len(entries) == 115
    assert len({e.member_id for e in entries}) == 115
    for entry in entries:
        member = registry.member(entry.member_id)
        assert member.is_member_on(END_2012)
        assert entry.registered >= member.spells[0].start
    assert set(Counter(e.board_model for e in entries)) <= {"RVT", "TB", "BB"}


def _generator() -> ModuleType:
    path = ROOT / "scripts" / "make_sample_registry.py"
    spec = importlib.util.spec_from_file_location("make_sample_registry", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "name",
    [
        "sample_registry.json",
        "sample_schedule_2012.toml",
        "sample_plus.toml",
        "sample_governance_register.csv",
    ],
)
def test_shipped_sample_is_what_the_seeded_generator_writes(tmp_path: Path, name: str) -> None:
    """Running scripts/make_sample_registry.py again writes byte-identical files."""
    _generator().main(tmp_path)
    shipped = ROOT / "src" / "wmd" / "datasets" / name
    assert (tmp_path / name).read_bytes() == shipped.read_bytes()
