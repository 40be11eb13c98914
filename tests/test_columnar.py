"""The registry CSV read column by column: the same registry as row by row, or none at all."""

from __future__ import annotations

import csv
import io

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from wmd.datasets import sample_registry
from wmd.members import Member, Membership, Registry, YearFigures
from wmd.members import io as wio
from wmd.members.columnar import read_columns
from wmd.members.columns import RegistryColumns
from wmd.testing import registries


def _table(registry: Registry) -> tuple[list[str], list[list[str]]]:
    out = io.StringIO()
    wio.write_csv(registry, out)
    header, *body = list(csv.reader(io.StringIO(out.getvalue())))
    return header, body


@given(registries(max_members=8))
def test_columns_give_the_registry_of_the_rows(registry: Registry) -> None:
    """Property: a written registry read by columns equals the row reader's, which finds nothing."""
    header, body = _table(registry)
    fast = read_columns(header, body)
    slow, bad = wio._read_rows(header, body)
    assert bad == ()
    escaped = any(cell[:1] == "'" for row in body for cell in row)
    assert fast is not None or escaped  # only an escaped cell is left to the row reader
    if fast is not None:
        assert fast == slow == registry
        assert fast.columns.ids == tuple(m.id for m in registry)


# cells a person or a program really writes wrong, and some that are right elsewhere
_CELLS = st.sampled_from(
    [
        "",
        " ",
        "x",
        "-1",
        "0",
        "2012",
        "1899",
        "2201",
        "812000.5",
        "812000.505",
        "2.44.557",
        "1e5",
        "30-02-2013",
        "2013-02-28",
        "01-07-2012",
        "2000-01-01",
        "2013-01-01",
        "2014-01-01",
        "merger",
        "cancellation",
        "termination",
        "expulsion",
        "M000",
        "M001",
        "M999",
        "LW",
        "LW;LW",
        "XX",
        "0.6;0.4",
        "1",
        "12",
        "3.5",
        "41234567",
        "4123",
        "member",
        "figures",
        "spell",
        "sector",
        "stichting",
        "=1+1",
        "'M000",
        " 2012",
        "\udce9",
    ]
)


@given(registries(min_members=1, max_members=6), st.data())
def test_a_changed_cell_is_read_the_same_or_left_to_the_rows(
    registry: Registry, data: st.DataObject
) -> None:
    """Property: after any one cell changes, the column reader gives the row reader's registry, or nothing.

    When it gives one, the row reader finds no bad row and loads the same registry;
    every file with a problem goes to the row reader, which reports it on its line.
    """
    header, body = _table(registry)
    row = data.draw(st.integers(0, len(body) - 1))
    cell = data.draw(st.integers(0, len(header) - 1))
    body[row][cell] = data.draw(_CELLS)
    fast = read_columns(header, body)
    slow, bad = wio._read_rows(header, body)
    if fast is not None:
        assert bad == ()
        assert fast == slow


def test_the_sample_registry_is_read_by_columns() -> None:
    """The bundled sample (mergers, shared KvK numbers, leavers) takes the column path."""
    registry = sample_registry()
    header, body = _table(registry)
    fast = read_columns(header, body)
    assert fast is not None
    # its members are made only when asked for
    assert fast._members is None
    assert fast.member(registry.members[5].id) == registry.members[5]
    assert fast == registry


def test_a_problem_is_still_reported_on_its_row() -> None:
    """A file with a bad cell is read row by row and the cell reported (header = row 0)."""
    registry = sample_registry()
    header, body = _table(registry)
    body[3][header.index("id")] = ""
    assert read_columns(header, body) is None


@given(registries(max_members=8))
def test_columns_from_members_make_the_members_again(registry: Registry) -> None:
    """Property: RegistryColumns.from_members(m).member(k) == m[k] for every member."""
    cols = RegistryColumns.from_members(registry.members)
    assert [cols.member(k) for k in range(len(cols))] == list(registry.members)


def test_columns_hold_dates_as_ordinals_and_open_ends() -> None:
    """A spell ending 2013-01-01 is stored as that day's ordinal, an open one as OPEN."""
    from decimal import Decimal  # noqa: PLC0415

    from wmd.members.columns import OPEN  # noqa: PLC0415

    member = Member(
        "A",
        "Stichting A",
        sectors=("LW",),
        figures=(YearFigures(2012, wage_sum=Decimal("1.50")),),
        spells=(
            Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), "cancellation"),
            Membership(pendulum.date(2014, 1, 1)),
        ),
    )
    cols = RegistryColumns.from_members((member,))
    assert cols.spell_end.tolist() == [pendulum.date(2013, 1, 1).toordinal(), OPEN]
    # 1,50 euro = 150 cents
    assert cols.figure_units("wage_sum", 100)[0].tolist() == [150]
