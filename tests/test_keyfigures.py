"""Key figures of a registry, and the published 2012 tables checked as printed."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmd.datasets import published_sector_table_2012, published_size_bands_2012
from wmd.errors import InvalidInputError
from wmd.findings import Finding
from wmd.members import Member, Membership, Registry, YearFigures
from wmd.members.keyfigures import (
    PublishedSectorTable,
    PublishedSizeBands,
    bands_from_edges,
    sector_table,
    size_bands,
    year_totals,
)
from wmd.testing import registries, years

SINCE_2000 = (Membership(pendulum.date(2000, 1, 1)),)


def _member(
    member_id: str,
    sectors: tuple[str, ...],
    wage_sum: str | None,
    *,
    split: tuple[str, ...] | None = None,
    spells: tuple[Membership, ...] = SINCE_2000,
    headcount: int | None = None,
    fte: str | None = None,
) -> Member:
    return Member(
        member_id,
        f"Stichting {member_id}",
        sectors=sectors,
        sector_split=None if split is None else tuple(Decimal(s) for s in split),
        figures=(YearFigures(2012, wage_sum=wage_sum, headcount=headcount, fte=fte),),
        spells=spells,
    )


@pytest.fixture
def registry() -> Registry:
    """Five members, one of which left on 31 December 2012 and one that left earlier."""
    return Registry(
        (
            _member("A", ("LW",), "249999.99", headcount=5, fte="3.5"),
            _member("B", ("LW", "MD"), "250000", split=("0.6", "0.4"), headcount=10),
            _member("C", ("MD", "KS"), "2500000", headcount=40, fte="30"),
            _member("D", ("PSZ",), None),
            _member(
                "E",
                ("MO",),
                "1000000",
                # Ends on 1 January 2013: still a member on 31 December 2012.
                spells=(Membership(pendulum.date(2000, 1, 1), "2013-01-01", "cancellation"),),
            ),
            _member(
                "F",
                ("AT",),
                "5000",
                # Ends on 31 December 2012: not a member that day.
                spells=(Membership(pendulum.date(2000, 1, 1), "2012-12-31", "termination"),),
            ),
        )
    )


def test_size_bands_lower_edge_inclusive(registry: Registry) -> None:
    """A wage sum equal to an edge falls in the band above it; unknown wage sums get their own row."""
    bands = size_bands(registry, 2012)
    # Members on 31-12-2012: A B C D E (F left on 31-12).
    # A 249.999,99 < 250.000; B 250.000 -> second band; E 1.000.000 -> third band;
    # C 2.500.000 -> top band; D unknown.
    assert [row.member_ids for row in bands.rows] == [("A",), ("B",), ("E",), ("C",), ("D",)]
    assert bands.total == 5
    assert bands.share(bands.rows[0]) == Fraction(1, 5)


def test_size_bands_custom_edges(registry: Registry) -> None:
    """Configurable edges give one band more than edges."""
    bands = size_bands(registry, 2012, edges=[Decimal(1_000_000)])
    # < 1 mln: A, B; >= 1 mln: C, E; unknown: D.
    assert [row.count for row in bands.rows] == [2, 2, 1]


def test_bad_edges_raise() -> None:
    """Edges must increase and be above zero."""
    with pytest.raises(InvalidInputError):
        bands_from_edges([100, 100])
    with pytest.raises(InvalidInputError):
        bands_from_edges([0])


def test_sector_table_primary(registry: Registry) -> None:
    """Members count in each of their sectors; wage sums go to the primary sector."""
    table = sector_table(registry, 2012)
    # LW: A, B -> 2 of 5 members; wage sum A + B = 249.999,99 + 250.000 = 499.999,99.
    lw = table.row("LW")
    assert lw.member_ids == ("A", "B")
    assert lw.members_share == Fraction(2, 5)
    assert lw.wage_sum == Decimal("499999.99")
    # MD: B and C count; only C has MD as primary: 2.500.000.
    assert table.row("MD").members == 2
    assert table.row("MD").wage_sum == Decimal(2_500_000)
    # Total known: 249.999,99 + 250.000 + 2.500.000 + 1.000.000 = 3.999.999,99; D unknown.
    assert table.wage_sum == Decimal("3999999.99")
    assert table.wage_sum_unknown == ("D",)
    assert table.row("AT").members == 0  # F left on 31 December


def test_sector_table_split(registry: Registry) -> None:
    """A declared split divides the wage sum, adding up to the member's wage sum exactly."""
    table = sector_table(registry, 2012, attribution="split")
    # B: 250.000 split 0,6 / 0,4 -> LW 150.000, MD 100.000.
    # LW = A 249.999,99 + 150.000 = 399.999,99; MD = 100.000 + C 2.500.000 (no split: primary).
    assert table.row("LW").wage_sum == Decimal("399999.99")
    assert table.row("MD").wage_sum == Decimal(2_600_000)
    assert table.row("MD").wage_sum_share == Fraction(2_600_000_00, 3_999_999_99)


def test_sector_table_unknown_attribution(registry: Registry) -> None:
    """An unknown attribution is refused."""
    with pytest.raises(InvalidInputError):
        sector_table(registry, 2012, attribution="equal")  # type: ignore[arg-type]


def test_year_totals(registry: Registry) -> None:
    """Totals leave unknown figures out and list who they belong to."""
    totals = year_totals(registry, 2012)
    # Headcount: A 5 + B 10 + C 40 = 55; unknown D, E. Fte: 3,5 + 30 = 33,5; unknown B D E.
    assert (totals.members, totals.headcount, totals.fte) == (5, 55, Decimal("33.5"))
    assert totals.headcount_unknown == ("D", "E")
    assert totals.fte_unknown == ("B", "D", "E")
    assert totals.wage_sum_unknown == ("D",)


def test_tables_render(registry: Registry) -> None:
    """Each result renders as a Table in Dutch with Dutch number formats."""
    text = sector_table(registry, 2012).table("nl").to_text()
    # LW share 2/5 = 40,0%; total wage sum 3.999.999,99 shown to the euro: 4.000.000.
    assert "40,0%" in text
    assert "4.000.000" in text
    assert "loonsom onbekend: 1 (D)" in text
    assert "<table" in size_bands(registry, 2012)._repr_html_()
    assert "33,50" in year_totals(registry, 2012).table().to_text()


def test_to_pandas(registry: Registry) -> None:
    """to_pandas gives numbers, with wage sums as Decimal."""
    pytest.importorskip("pandas")
    frame = sector_table(registry, 2012).to_pandas()
    assert list(frame["members"])[:2] == [2, 2]
    assert frame["wage_sum"].iloc[0] == Decimal("499999.99")


# --- properties -----------------------------------------------------------------------------


@given(registries(), years())
def test_size_bands_partition_the_members(registry: Registry, year: int) -> None:
    """Invariant: every member at the end of the year is in exactly one row of the size bands."""
    bands = size_bands(registry, year)
    ids = [member_id for row in bands.rows for member_id in row.member_ids]
    assert sorted(ids) == sorted(m.id for m in registry.members_at_end_of(year))


@given(registries(), years(), st.sampled_from(["primary", "split"]))
def test_sector_wage_sums_add_up_to_the_total(
    registry: Registry, year: int, attribution: str
) -> None:
    """Invariant: attributed sector wage sums add up exactly to the known wage sums of the year."""
    table = sector_table(registry, year, attribution=attribution)  # type: ignore[arg-type]
    known = [m.wage_sum(year) for m in registry.members_at_end_of(year)]
    assert sum((r.wage_sum for r in table.rows), Decimal(0)) == sum(
        (w for w in known if w is not None), Decimal(0)
    )


# --- the 2012 tables as printed ---------------------------------------------------------------


def test_2012_sector_table_findings() -> None:
    """The printed 2012 sector table has exactly two problems, both in the wage-sum shares."""
    findings = published_sector_table_2012().validate()
    # Member shares, count / 765, to one decimal:
    #   502/765 = 65,62 -> 65,6   297/765 = 38,82 -> 38,8   230/765 = 30,07 -> 30,1
    #    62/765 =  8,10 ->  8,1   163/765 = 21,31 -> 21,3    77/765 = 10,07 -> 10,1   all as printed.
    # Wage sums by hand:
    #   441.864.244 + 371.080.841 = 812.945.085
    #   + 116.455.440 = 929.400.525;  + 210.655.204 = 1.140.055.729
    #   + 112.603.034 = 1.252.658.763;  + 186.992.376 = 1.439.651.139 = the printed total.
    # Wage-sum shares of 1.439.651.139:
    #   441.864.244 -> 30,69 -> 30,7   371.080.841 -> 25,78 -> 25,8   116.455.440 -> 8,09 -> 8,1
    #   210.655.204 -> 14,63 -> 14,6   112.603.034 ->  7,82 ->  7,8   all as printed;
    #   186.992.376 -> 12,99 -> printed "0" has no decimals, so compared as 13: difference -13.
    # Printed wage-sum shares add up to 30,7 + 25,8 + 8,1 + 14,6 + 7,8 + 0 = 87,0, not 100,0.
    assert findings == [
        Finding(
            "Kennisinstituten / steunfuncties: % of wage sum",
            "0",
            Decimal(13),
            Decimal(-13),
            "printed share differs from the share recomputed from the parts",
            percent=True,
        ),
        Finding(
            "Totaal: % of wage sum",
            "100,0",
            Decimal("87.0"),
            Decimal("13.0"),
            "the printed shares add up to {total}, not to the printed total",
            (("total", Decimal("87.0")),),
            percent=True,
        ),
    ]


def test_2012_size_bands_add_up() -> None:
    """The printed 2012 size bands add up to 100%: 27 + 35 + 22 + 16 = 100."""
    assert published_size_bands_2012().validate() == []


def test_unreadable_printed_numbers_are_findings() -> None:
    """A number that cannot be read is a finding, and what depends on it cannot be recomputed."""
    table = PublishedSectorTable.from_printed(
        # "2.44.557" has a misplaced thousands separator (as in the 2012 equity total).
        [("A", "2", "66,7", "2.44.557", "x"), ("B", "1", "33,3", "100", "25,0")],
        total=("Totaal", "3", "100,0", "400", "100,0"),
    )
    notes = [(f.what, f.note.split(":")[0]) for f in table.validate()]
    assert ("A: wage sum", "printed value cannot be read") in notes
    assert ("A: % of wage sum", "printed value cannot be read") in notes
    assert ("Totaal: wage sum", "cannot be recomputed") in notes
    assert ("Totaal: % of wage sum", "cannot be recomputed") in notes


def test_sector_count_above_total_is_a_finding() -> None:
    """A sector cannot have more members than all members together."""
    table = PublishedSectorTable.from_printed(
        [("A", "4", "133,3", "100", "100,0")], total=("Totaal", "3", "100,0", "100", "100,0")
    )
    # 4 members in A but 3 in all: difference 4 - 3 = 1; share 4/3 = 133,3% as printed.
    [finding] = table.validate()
    assert (finding.computed, finding.difference) == (Decimal(3), Decimal(1))


def test_size_bands_that_do_not_add_up() -> None:
    """Shares adding up to 90% are reported; an unreadable share too."""
    bands = PublishedSizeBands.from_printed([("klein", "50%"), ("groot", "40%")])
    # 50 + 40 = 90; rounding slack 2 x 0,5 = 1; 100 - 90 = 10 > 1.
    [finding] = bands.validate()
    assert (finding.computed, finding.difference) == (Decimal(90), Decimal(10))
    bad = PublishedSizeBands.from_printed([("klein", "5O%"), ("groot", "50%")])
    assert [f.note.split(":")[0] for f in bad.validate()] == [
        "printed value cannot be read",
        "cannot be recomputed",
    ]


def test_rounding_slack_accepts_rounded_shares() -> None:
    """Three thirds printed as 33,3 add up to 99,9, within the slack of 3 x 0,05."""
    table = PublishedSectorTable.from_printed(
        [(name, "1", "33,3", "1", "33,3") for name in "ABC"],
        total=("Totaal", "3", "100,0", "3", "100,0"),
    )
    assert table.validate() == []


def test_malformed_printed_row_raises() -> None:
    """A printed row with the wrong number of cells is bad input, not a finding."""
    with pytest.raises(InvalidInputError):
        PublishedSectorTable.from_printed([("A", "1")], total=("T", "1", "100", "1", "100"))


def test_published_table_renders_as_printed() -> None:
    """The printed table is shown with its cells unchanged."""
    text = published_sector_table_2012().table().to_text()
    assert "186.992.376" in text
    assert "Totaal" in text


def test_published_totals_2012_agree_at_their_printed_precision() -> None:
    """'1,4 miljard' covers the table's 1.439.651.139 (1,35 to 1,45 billion); 42.700 fte <= 65.100."""
    from wmd.datasets import published_totals_2012  # noqa: PLC0415 - data sits above members

    assert published_totals_2012().validate() == []


def test_published_totals_find_a_wrong_rounding_and_too_many_fte() -> None:
    """'1,5 miljard' is 60.348.861 above 1.439.651.139; 42.700 fte is 2.700 above 40.000 employees."""
    from wmd.members import PublishedTotals  # noqa: PLC0415

    found = PublishedTotals("40.000", "42.700", "1,5 miljard", "1.439.651.139").validate()
    assert [(f.what, f.computed, f.difference) for f in found] == [
        ("fte", Decimal(40000), Decimal(2700)),
        ("wage sum", Decimal(1439651139), Decimal(1500000000) - Decimal(1439651139)),
    ]


def test_published_totals_compared_with_the_sample() -> None:
    """The synthetic sample reproduces 65.100 employees, 42.700 fte and a wage sum of 1,4 miljard."""
    from wmd.datasets import published_totals_2012, sample_registry  # noqa: PLC0415
    from wmd.members import year_totals  # noqa: PLC0415

    assert published_totals_2012().compare(year_totals(sample_registry(), 2012)) == []
    # 65.000 employees would be 100 off a printed 65.100 (half a unit of the last digit: 0,5)
    from wmd.members import PublishedTotals  # noqa: PLC0415

    off = PublishedTotals("65.000", "42.700", "1,4 miljard").compare(
        year_totals(sample_registry(), 2012)
    )
    assert [(f.what, f.difference) for f in off] == [("headcount", Decimal(-100))]
