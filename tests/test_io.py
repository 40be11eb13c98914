"""Reading and writing registries: CSV and JSON round trips, every bad row reported."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from hypothesis import given

from wmd.convert import StructureError
from wmd.errors import BadFileError, BadRow
from wmd.members import (
    EndReason,
    Member,
    Membership,
    Registry,
    Sector,
    YearFigures,
    read_csv,
    write_csv,
)
from wmd.members.io import COLUMNS
from wmd.testing import registries

HEADER = ",".join(COLUMNS)


def _row(**cells: str) -> str:
    if cells.get("record") == "member":
        cells.setdefault("legal_form", "stichting")
    return ",".join(cells.get(column, "") for column in COLUMNS)


def _csv(*rows: str) -> io.StringIO:
    return io.StringIO("\n".join([HEADER, *rows]) + "\n")


def _text(registry: Registry) -> str:
    out = io.StringIO()
    write_csv(registry, out)
    return out.getvalue()


@pytest.fixture
def registry() -> Registry:
    """Two members: one merged into the other, one without figures."""
    return Registry(
        (
            Member(
                "A",
                "Stichting A",
                kvk="41234567",
                sectors=("LW", "MD"),
                sector_split=(Decimal("0.75"), Decimal("0.25")),
                figures=(YearFigures(2012, Decimal("812000.50"), 21, Decimal("14.5")),),
                spells=(Membership(pendulum.date(2001, 1, 1)),),
            ),
            Member(
                "B",
                "Stichting B",
                sectors=("PSZ",),
                spells=(
                    Membership(
                        pendulum.date(2005, 1, 1), pendulum.date(2012, 7, 1), EndReason.MERGER, "A"
                    ),
                ),
            ),
        )
    )


def test_csv_round_trip(registry: Registry) -> None:
    """What write_csv writes, read_csv reads back equal."""
    assert read_csv(io.StringIO(_text(registry))) == registry


def test_csv_round_trip_through_a_file(registry: Registry, tmp_path: Path) -> None:
    """Registry.to_csv / from_csv work with a path."""
    path = tmp_path / "leden.csv"
    registry.to_csv(path)
    assert Registry.from_csv(path) == registry


def test_csv_rows(registry: Registry) -> None:
    """One member row per member (also without figures), one row per member-year and spell."""
    rows = list(csv.DictReader(io.StringIO(_text(registry))))
    assert [(r["record"], r["id"]) for r in rows] == [
        ("member", "A"),
        ("figures", "A"),
        ("spell", "A"),
        ("member", "B"),
        ("spell", "B"),
    ]
    assert rows[0]["sectors"] == "LW;MD"
    assert rows[0]["sector_split"] == "0.75;0.25"
    assert rows[1]["wage_sum"] == "812000.50"
    assert rows[4]["successor"] == "A"


def test_custom_sector_catalog_round_trips() -> None:
    """A registry with its own sectors writes sector rows and reads them back."""
    youth = Sector("JZ", "Jeugdzorg", "Youth care")
    reg = Registry((Member("A", "Stichting A", sectors=("JZ",)),), sectors=(youth,))
    text = _text(reg)
    assert "sector,JZ,Jeugdzorg,Youth care" in text
    assert read_csv(io.StringIO(text)) == reg


def test_formula_cells_are_neutralised_and_read_back() -> None:
    """Cells starting with = + - @ tab CR or ' get a quote; reading removes it exactly."""
    names = ["=HYPERLINK(1)", "+31", "-x", "@SUM", "\tTab", "\rCR", "'quoted", "plain"]
    reg = Registry(tuple(Member(f"-{i}", name, sectors=("LW",)) for i, name in enumerate(names)))
    rows = list(csv.DictReader(io.StringIO(_text(reg))))
    # Every name but "plain" starts with a trigger (or a quote) and gets one quote in front.
    assert [r["name"] for r in rows] == [f"'{n}" for n in names[:-1]] + ["plain"]
    assert rows[0]["id"] == "'-0"
    assert read_csv(io.StringIO(_text(reg))) == reg


def test_numeric_columns_are_not_quoted() -> None:
    """Number columns are never prefixed, so a spreadsheet still sees numbers."""
    reg = Registry(
        (Member("A", "A", sectors=("LW",), figures=(YearFigures(2012, Decimal("0.5")),)),)
    )
    rows = list(csv.DictReader(io.StringIO(_text(reg))))
    assert rows[1]["wage_sum"] == "0.5"


def test_every_bad_row_is_reported() -> None:
    """Import collects every bad cell (row, column, value, reason) and loads nothing."""
    source = _csv(
        _row(
            record="member",
            id="A",
            name="Stichting A",
            kvk="1234",
            legal_form="stichting",
            sectors="LW",
        ),
        _row(record="member", id="B", name="Stichting B", legal_form="nv", sectors="XX"),
        _row(record="figures", id="A", year="2012", wage_sum="86.500", headcount="-1"),
        _row(record="spell", id="C", start="31-12-2012"),
        _row(record="lid", id="D"),
    )
    with pytest.raises(BadFileError) as caught:
        read_csv(source)
    found = [(r.row, r.column, r.value) for r in caught.value.rows]
    assert found == [
        (1, "kvk", "1234"),
        (2, "legal_form", "nv"),
        (2, "sectors", "XX"),
        (3, "wage_sum", "86.500"),
        (3, "headcount", "-1"),
        (4, "id", "C"),  # no member row for C
        (5, "record", "lid"),
    ]
    assert "nothing loaded" in str(caught.value)


def test_lenient_mode_loads_the_good_rows() -> None:
    """With strict=False the good rows load and the bad ones come back; none silently dropped."""
    source = _csv(
        _row(record="member", id="A", name="Stichting A", sectors="LW"),
        _row(record="member", id="B", name="Stichting B", kvk="1234", sectors="LW"),
        _row(record="figures", id="B", year="2012", wage_sum="1000"),
        _row(record="figures", id="A", year="2012", wage_sum="1000"),
        _row(record="spell", id="A", start="01-01-2001"),
    )
    loaded, bad = read_csv(source, strict=False)
    assert [m.id for m in loaded] == ["A"]
    assert loaded.member("A").wage_sum(2012) == Decimal(1000)
    assert loaded.member("A").spells[0].start == pendulum.date(2001, 1, 1)  # Dutch date read
    # Row 2 is bad (KvK); row 3 depends on member B, so it is listed too.
    assert [(r.row, r.column) for r in bad] == [(2, "kvk"), (3, "id")]


def test_cross_row_rules() -> None:
    """Overlapping spells, a KvK held twice at once and a missing successor point at rows."""
    source = _csv(
        _row(record="member", id="A", name="A", kvk="41234567", sectors="LW"),
        _row(record="member", id="B", name="B", kvk="41234567", sectors="LW"),
        _row(record="spell", id="A", start="2001-01-01"),
        _row(
            record="spell", id="A", start="2005-01-01", end="2006-01-01", end_reason="cancellation"
        ),
        _row(record="spell", id="B", start="2004-01-01"),
        _row(record="member", id="C", name="C", sectors="LW"),
        _row(
            record="spell",
            id="C",
            start="2001-01-01",
            end="2002-01-01",
            end_reason="merger",
            successor="Z",
        ),
        _row(record="member", id="A", name="A again", sectors="LW"),
        _row(record="figures", id="C", year="2012", headcount="2", fte="3"),
    )
    with pytest.raises(BadFileError) as caught:
        read_csv(source)
    found = [(r.row, r.column) for r in caught.value.rows]
    # Row 4 overlaps row 3 (open since 2001); B holds A's KvK while A is a member;
    # C merges into Z, which does not exist; A occurs twice; fte 3 > headcount 2.
    assert found == [(2, "kvk"), (4, "start"), (5, "id"), (7, "successor"), (8, "id"), (9, "fte")]


def test_bad_header_is_always_an_error() -> None:
    """A missing or unknown column cannot be loaded leniently."""
    with pytest.raises(BadFileError) as caught:
        read_csv(io.StringIO("record,id,wagesum\n"), strict=False)
    assert BadRow(0, "wagesum", "wagesum", "unknown column") in caught.value.rows


def test_short_row_is_bad() -> None:
    """A row with too few cells is reported, not padded."""
    with pytest.raises(BadFileError) as caught:
        read_csv(_csv("member,A,Stichting A"))
    assert caught.value.rows[0].value == "3 cells"


def test_cell_in_a_foreign_column_is_bad() -> None:
    """A figures cell on a member row is reported rather than ignored."""
    with pytest.raises(BadFileError) as caught:
        read_csv(_csv(_row(record="member", id="A", name="A", sectors="LW", wage_sum="5")))
    assert [(r.row, r.column) for r in caught.value.rows] == [(1, "wage_sum")]


def test_byte_order_mark_is_accepted(registry: Registry, tmp_path: Path) -> None:
    """A UTF-8 file with a byte-order mark (as Excel writes) reads the same."""
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + _text(registry), encoding="utf-8")
    assert read_csv(path) == registry


def test_json_round_trip(registry: Registry) -> None:
    """Registry.to_json / from_json are lossless; amounts are strings."""
    text = registry.to_json()
    assert '"wage_sum": "812000.50"' in text
    assert Registry.from_json(text) == registry


def test_json_errors_list_every_path(registry: Registry) -> None:
    """Bad JSON data raises one StructureError naming every bad path."""
    text = registry.to_json().replace('"41234567"', '"4123"').replace('"2005-01-01"', '"x"')
    with pytest.raises(StructureError) as caught:
        Registry.from_json(text)
    # Member 0 fails its own check (KvK), member 1 a field (spell start): both are listed.
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == ["$.members[0]", "$.members[1].spells[0].start"]
    assert "kvk: expected 8 digits" in str(caught.value)


@given(registries())
def test_csv_round_trip_is_lossless(registry: Registry) -> None:
    """Invariant: read_csv(write_csv(r)) == r for any valid registry."""
    assert read_csv(io.StringIO(_text(registry))) == registry


@given(registries())
def test_json_round_trip_is_lossless(registry: Registry) -> None:
    """Invariant: Registry.from_json(r.to_json()) == r for any valid registry."""
    assert Registry.from_json(registry.to_json()) == registry
