"""Case 7: each validation rule once, in the domain type; readers report every problem of a row."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pendulum
import pytest

from wmd.convert import StructureError
from wmd.errors import BadFileError, InconsistentDataError, InvalidInputError, ProblemsError
from wmd.members import EndReason, Member, Membership, Registry, YearFigures, read_csv
from wmd.members.io import COLUMNS

D = pendulum.date


def _csv(*rows: dict[str, str]) -> io.StringIO:
    lines = [",".join(COLUMNS)]
    for given in rows:
        cells = {"legal_form": "stichting", **given} if given.get("record") == "member" else given
        lines.append(",".join(cells.get(column, "") for column in COLUMNS))
    return io.StringIO("\n".join(lines) + "\n")


def test_year_figures_refuse_sub_cent_wage_sums() -> None:
    """A wage sum of 100,005 euros is not a whole number of cents: YearFigures refuses it."""
    with pytest.raises(InvalidInputError, match=r"wage_sum: .*whole cents.*got '100.005'$"):
        YearFigures(2012, wage_sum="100.005")


def test_json_sub_cent_wage_sum_is_refused_at_load_as_written() -> None:
    """Case 7: JSON wage sum "100.005" is refused on loading, shown as written, not a Fraction."""
    data = {
        "members": [
            {
                "id": "A",
                "name": "Stichting A",
                "sectors": ["LW"],
                "figures": [{"year": 2012, "wage_sum": "100.005", "headcount": 2, "fte": "3"}],
            }
        ]
    }
    with pytest.raises(StructureError) as caught:
        Registry.from_json(json.dumps(data))
    message = str(caught.value)
    # Both problems of the one year are listed: 100.005 has half a cent; fte 3 > headcount 2.
    assert "$.members[0].figures[0]: wage_sum:" in message
    assert "got '100.005'" in message
    assert "fte: expected an fte between 0 and the headcount 2, got '3'" in message
    assert "Fraction" not in message


def test_csv_row_reports_all_its_problems() -> None:
    """Case 7: a figures row with a bad wage sum AND an fte above the headcount reports both."""
    source = _csv(
        {"record": "member", "id": "A", "name": "Stichting A", "sectors": "LW"},
        # wage sum 86.500 is ambiguous (three decimals); fte 3 > headcount 2.
        {
            "record": "figures",
            "id": "A",
            "year": "2012",
            "wage_sum": "86.500",
            "headcount": "2",
            "fte": "3",
        },
    )
    with pytest.raises(BadFileError) as caught:
        read_csv(source)
    assert [(r.row, r.column) for r in caught.value.rows] == [(2, "wage_sum"), (2, "fte")]


def test_csv_member_row_reports_kvk_and_the_members_own_rules() -> None:
    """A member row with a bad KvK, a sector listed twice and an unknown sector reports all three."""
    source = _csv(
        {
            "record": "member",
            "id": "A",
            "name": "Stichting A",
            "kvk": "1234",
            "sectors": "LW;LW;XX",
        },
    )
    with pytest.raises(BadFileError) as caught:
        read_csv(source)
    assert [(r.row, r.column, r.reason) for r in caught.value.rows] == [
        (1, "kvk", "expected 8 digits"),
        (1, "sectors", "expected each sector once"),
        (1, "sectors", "expected a known sector code ['AT', 'KS', 'LW', 'MD', 'MO', 'PSZ']"),
    ]


def test_registry_problems_lists_every_cross_member_rule() -> None:
    """Registry.problems returns duplicate ids, unknown sectors, missing successors and KvK clashes."""
    a = Member(
        "A", "Stichting A", kvk="41234567", sectors=("LW",), spells=(Membership(D(2000, 1, 1)),)
    )
    again = Member("A", "Stichting A2", sectors=("LW",))
    b = Member(
        "B",
        "Stichting B",
        kvk="41234567",
        sectors=("JZ",),
        spells=(Membership(D(2005, 1, 1), D(2013, 1, 1), EndReason.MERGER, "Z"),),
    )
    found = Registry.problems((a, again, b))
    assert [(p.field, p.at) for p in found] == [
        ("id", (1,)),
        ("sectors", (2,)),
        ("successor", (2, "spells", 0)),
        ("kvk", (2,)),
    ]
    with pytest.raises(ProblemsError, match="4 problems"):
        Registry((a, again, b))


def test_registry_inconsistencies_only_raise_inconsistent_data_error() -> None:
    """Two inconsistencies (id twice, missing successor) raise one InconsistentDataError listing both."""
    merged = Member(
        "B",
        "B",
        sectors=("LW",),
        spells=(Membership(D(2005, 1, 1), D(2013, 1, 1), EndReason.MERGER, "Z"),),
    )
    with pytest.raises(InconsistentDataError, match="2 problems") as caught:
        Registry((merged, Member("B", "B2", sectors=("LW",))))
    assert "successor: expected the id of another member of the registry, got 'Z'" in str(
        caught.value
    )


def test_member_rules_point_at_the_spell() -> None:
    """Member.problems places an overlap at the later spell so a reader can name its row."""
    found = Member.problems(
        "A", "A", sectors=("LW",), spells=(Membership(D(2001, 1, 1)), Membership(D(2005, 1, 1)))
    )
    assert [(p.field, p.at) for p in found] == [("spells", ("spells", 1))]


def test_year_figures_problems_are_all_returned() -> None:
    """A negative wage sum and a negative headcount are both reported, with the values as given."""
    found = YearFigures.problems(2012, Decimal("-1.5"), -1)
    assert [(p.field, p.given) for p in found] == [("wage_sum", "-1.5"), ("headcount", -1)]


def test_a_name_with_a_lone_surrogate_is_refused() -> None:
    """A name holding a lone surrogate cannot be written as UTF-8: it is refused where it comes in."""
    with pytest.raises(
        InvalidInputError, match="member A: name: expected text without lone surrogates"
    ):
        Member("A", "a\udcff", sectors=("LW",))
