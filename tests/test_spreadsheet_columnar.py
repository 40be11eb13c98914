"""A member list read column by column: the same registry as row by row, or none at all."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmd.errors import WmdError
from wmd.members import PUBLISHED_SECTORS, EndReason, Member, Registry
from wmd.members import spreadsheet as sheet
from wmd.members.spreadsheet_columnar import read_columns
from wmd.notation import DUTCH
from wmd.testing import registries


def _printable(name: str) -> str:
    return " ".join("".join(ch for ch in name if ch.isprintable()).split()) or "Stichting"


def _wide(registry: Registry) -> Registry:
    """The registry as the wide layout holds it: one spell, no split, no all-unknown year."""
    members = tuple(
        attrs.evolve(
            m,
            name=_printable(m.name),
            sector_split=None,
            spells=m.spells[:1],
            figures=tuple(f for f in m.figures if (f.wage_sum, f.headcount, f.fte) != (None,) * 3),
        )
        for m in registry
    )
    try:
        return Registry(members, sectors=registry.sectors)
    except WmdError:  # a successor cut to its first spell is no member on the merger day
        return Registry(
            tuple(
                attrs.evolve(
                    m,
                    spells=tuple(
                        attrs.evolve(s, end_reason=EndReason.CANCELLATION, successor=None)
                        if s.end_reason is EndReason.MERGER
                        else s
                        for s in m.spells
                    ),
                )
                for m in members
            ),
            sectors=registry.sectors,
        )


def _csv(registry: Registry, notation: str) -> sheet._Table:
    out = io.StringIO()
    sheet.write_sheet(registry, out, notation=notation)
    return sheet._csv_table(out.getvalue(), "CSV", None)


def _typed(value: object) -> sheet.Cell:
    """A value as openpyxl reads it back from the .xlsx write_sheet makes."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        # Excel dates are read as naive date-times
        return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001
    return value  # type: ignore[return-value]


def _xlsx(registry: Registry) -> sheet._Table:
    """The cells of write_sheet's .xlsx as the reader sees them (without the file)."""
    header, rows = sheet._wide_rows(registry, DUTCH, typed=True)
    body = []
    for line, row in enumerate(rows, start=2):
        cells = [_typed(v) for v in row]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        body.append((line, tuple(cells)))
    return sheet._Table("X", tuple(header), tuple(body), letters=True, delimiter="")


def _both(table: sheet._Table) -> tuple[Registry | None, Registry, list[sheet.CellProblem]]:
    """The column reader's registry (or None) and the row reader's members and problems."""
    problems: list[sheet.CellProblem] = []
    layout = sheet._layout_of(table, sheet.ColumnMap(), problems)
    assert problems == []
    chosen = sheet._notation_of(None, table)
    catalog = PUBLISHED_SECTORS
    by_name = sheet._sector_names(catalog)
    fast = read_columns(table, layout, chosen, catalog, by_name)
    good, bad = sheet._read_rows(table, layout, chosen, catalog, by_name)
    return fast, Registry(good, sectors=catalog), bad


@given(registries(min_members=1, max_members=6), st.sampled_from(["dutch", "plain", "xlsx"]))
def test_columns_give_the_registry_of_the_rows(registry: Registry, how: str) -> None:
    """Property: a written member list read by columns equals the row reader's, which finds nothing."""
    registry = _wide(registry)
    table = _xlsx(registry) if how == "xlsx" else _csv(registry, how)
    fast, slow, bad = _both(table)
    assert bad == []
    assert slow == registry
    quoted = any(str(cell).startswith("'") for _, row in table.rows for cell in row)
    assert fast is not None or quoted or how == "xlsx"
    if fast is not None:
        assert fast == registry
        assert fast.columns.ids == tuple(m.id for m in registry)


# cells a person or a program really writes wrong, and some that are right elsewhere
_TEXT_CELLS: list[sheet.Cell] = [
    "",
    " ",
    "x",
    "-1",
    "0",
    "2012",
    "812.000",
    "812.000,5",
    "812.000,505",
    "812000.5",
    "1.5",
    "2.44.557",
    "1 234",
    "1e5",
    "12,0",
    "3,5",
    "30-02-2013",
    "01-07-2012",
    "1-1-2013",
    "2013-01-01",
    "2014-01-01",
    "merger",
    "cancellation",
    "Opzegging",
    "M000",
    "M001",
    "M999",
    "LW",
    "lw",
    "LW, LW",
    "Lokaal welzijnswerk",
    "XX",
    "vereniging",
    "41234567",
    "4123 4567",
    "4123",
    "=1+1",
    "'M000",
    " M001 ",
    "\udce9",
    "1" * 50,
    "0," + "0" * 45,
]
_TYPED_CELLS: list[sheet.Cell] = [
    None,
    0,
    1,
    -1,
    12,
    2.5,
    1e-50,
    float("nan"),
    1e20,
    True,
    dt.datetime(2013, 1, 1),  # noqa: DTZ001 - as openpyxl reads a date
    dt.datetime(2013, 1, 1, 12),  # noqa: DTZ001 - a date with a time
    Decimal("1.005"),
]


def _changed(table: sheet._Table, data: st.DataObject, cells: list[sheet.Cell]) -> sheet._Table:
    rows = list(table.rows)
    k = data.draw(st.integers(0, len(rows) - 1))
    line, row = rows[k]
    # in an .xlsx a value may stand past the last header (the readers do not read it)
    width = max(len(row), len(table.header) + (1 if table.letters else 0))
    column = data.draw(st.integers(0, width - 1))
    padded: list[sheet.Cell] = [*row, *([None if table.letters else ""] * (width - len(row)))]
    padded[column] = data.draw(st.sampled_from(cells))
    rows[k] = (line, tuple(padded))
    return attrs.evolve(table, rows=tuple(rows))


# the guard of the fast path: more examples than the quick profile's 40, all of the thorough one's
@settings(max_examples=max(200, settings().max_examples))
@given(
    registries(min_members=1, max_members=5), st.sampled_from(["dutch", "plain", "xlsx"]), st.data()
)
def test_a_changed_cell_is_read_the_same_or_left_to_the_rows(
    registry: Registry, how: str, data: st.DataObject
) -> None:
    """Property: after any one cell changes, the column reader gives the row reader's registry, or nothing.

    When it gives one, the row reader finds no problem and loads the same registry;
    every list with a problem goes to the row reader, which reports it on its line.
    """
    registry = _wide(registry)
    table = _xlsx(registry) if how == "xlsx" else _csv(registry, how)
    cells: list[sheet.Cell] = [*_TEXT_CELLS, *(_TYPED_CELLS if how == "xlsx" else [])]
    table = _changed(table, data, cells)
    try:
        fast, slow, bad = _both(table)
    except WmdError:
        # the row reader refuses a cell outright (an .xlsx NaN): the columns must not take it
        problems: list[sheet.CellProblem] = []
        layout = sheet._layout_of(table, sheet.ColumnMap(), problems)
        chosen = sheet._notation_of(None, table)
        catalog = PUBLISHED_SECTORS
        assert read_columns(table, layout, chosen, catalog, sheet._sector_names(catalog)) is None
        return
    if fast is not None:
        assert bad == []
        assert fast == slow


def test_a_dutch_excel_list_takes_the_column_path() -> None:
    """The Dutch CSV of the module docs is read by columns, its members made only when asked for."""
    text = (
        "Lidnummer;Naam;KvK-nummer;Deelsector;Loonsom 2011;Loonsom 2012;Lid sinds;Opgezegd per\n"
        "1001;Stichting De Brug;41234567;LW;1.200.000,00;1.234.567,89;01-01-2001;\n"
        "1002;Welzijn Oost;;MD, LW;;812.000;1-7-2012;01-01-2013\n"
    )
    table = sheet._csv_table(text, "CSV", None)
    fast, slow, bad = _both(table)
    assert bad == []
    assert fast is not None
    assert fast._members is None
    assert fast == slow == sheet.read_sheet(io.StringIO(text))
    # 1.234.567,89 in Dutch notation is 1234567.89 euros; the spell ends on 1 January 2013
    first = fast.member("1001")
    assert first.wage_sum(2012) == Decimal("1234567.89")
    assert first.wage_sum(2011) == Decimal("1200000.00")
    second = fast.member("1002")
    assert second.sectors == ("MD", "LW")
    assert second.wage_sum(2011) is None
    assert str(second.spells[0].end) == "2013-01-01"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("1.234.567,89", "1.234.567,899"),  # not whole cents
        ("01-01-2001", "30-02-2001"),  # no such day
        ("MD, LW", "MD, MD"),  # a sector twice
        ("1002", "1001"),  # an id twice
    ],
)
def test_a_problem_is_still_reported_on_its_line(old: str, new: str) -> None:
    """A list with a bad cell is left to the row reader, which reports the cell on its line."""
    text = (
        "Lidnummer;Naam;Deelsector;Loonsom 2012;Lid sinds\n"
        "1001;Stichting De Brug;LW;1.234.567,89;01-01-2001\n"
        "1002;Welzijn Oost;MD, LW;812.000;1-7-2012\n"
    ).replace(old, new)
    table = sheet._csv_table(text, "CSV", None)
    fast, _, bad = _both(table)
    assert fast is None
    assert len(bad) == 1
    assert bad[0].line in (2, 3)
    with pytest.raises(sheet.BadSheetError):
        sheet.read_sheet(io.StringIO(text))


def test_members_made_from_the_columns_are_the_members_read() -> None:
    """Property check on one list: each member made from the columns equals its row's member."""
    registry = Registry(
        (
            Member("A", "Stichting A", kvk="41234567", sectors=("LW",)),
            Member("B", "Stichting B", sectors=("MD", "LW")),
        )
    )
    fast, slow, _ = _both(_csv(registry, "dutch"))
    assert fast is not None
    assert [fast.member(m.id) for m in slow] == list(slow) == list(registry)


_FIGURE = st.tuples(
    st.none() | st.decimals(min_value=-2, max_value=10**6, places=3, allow_nan=False),
    st.none() | st.integers(-2, 40),
    st.none() | st.decimals(min_value=-2, max_value=60, places=2, allow_nan=False),
)


@given(st.lists(_FIGURE, max_size=6))
def test_figures_pass_is_every_row_without_problems(rows: list[tuple[object, ...]]) -> None:
    """Property: figures_pass(columns) == no row has YearFigures.problems (the column form of the rule)."""
    from wmd.members.member import YearFigures, figures_pass  # noqa: PLC0415

    wages = [r[0] for r in rows]
    counts = [r[1] for r in rows]
    ftes = [r[2] for r in rows]
    expected = not any(YearFigures.problems(2012, *row) for row in rows)  # type: ignore[arg-type]
    assert figures_pass(wages, counts, ftes) == expected  # type: ignore[arg-type]
