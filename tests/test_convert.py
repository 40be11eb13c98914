"""Case 10: the shared converter gives the same result whatever was imported before."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pendulum
import pytest

from wmd.convert import StructureError, from_json, kinds_of, structure, to_json, unstructure
from wmd.finance import Basis, DuesSchedule, Rate
from wmd.finance.formulas import Formula, MarginalBands, SumOf

_FRESH = textwrap.dedent(
    """
    import json, sys
    from wmd import convert
    from wmd.finance.dues import DuesSchedule
    from wmd.finance.formulas import Rate
    from wmd.finance import Basis
    assert "wmd.finance.schedule_file" not in sys.modules
    schedule = DuesSchedule(2013, Rate.per_mille("2"), Basis(years_before=1))
    data = convert.unstructure(schedule)
    print(data["formula"]["kind"])
    print(convert.from_json(json.dumps(data), DuesSchedule) == schedule)
    try:
        convert.from_json('{"year": 2013, "formula": {"kind": "flat"}}', DuesSchedule)
    except convert.StructureError as err:
        print(type(err).__name__, err.problems[0])
    print("wmd.finance.schedule_file" in sys.modules)
    """
)


def test_converter_needs_no_import_of_schedule_file() -> None:
    """In a fresh interpreter, unstructure keeps the formula's kind and from_json reads it back."""
    # On main, before schedule_file was imported: no "kind" key (KeyError) and a raw cattrs error.
    done = subprocess.run(  # noqa: S603 - runs this interpreter on the fixed script above
        [sys.executable, "-c", _FRESH], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "rate",
        "True",
        "StructureError $.formula: kind: expected one of ['fixed', 'lookup', 'marginal', 'rate', 'sum'], got 'flat'",
        "False",
    ]


def test_kinds_come_from_the_classes() -> None:
    """The formula union is read from the classes' own `kind`: five kinds, each its class."""
    kinds = kinds_of(Formula)
    assert sorted(kinds) == ["fixed", "lookup", "marginal", "rate", "sum"]
    assert kinds["marginal"] is MarginalBands


def test_nested_formulas_round_trip() -> None:
    """A sum of formulas writes each part with its kind and reads back equal."""
    total = SumOf((Rate.per_mille("2"), Rate.per_mille("1", minimum="10")))
    schedule = DuesSchedule(2013, total, Basis(years_before=1))
    data = unstructure(schedule)
    assert [part["kind"] for part in data["formula"]["parts"]] == ["rate", "rate"]
    assert from_json(to_json(schedule), DuesSchedule) == schedule


def test_a_concrete_formula_accepts_its_own_kind_only() -> None:
    """Rate read as a Rate: its own kind is accepted, another kind is refused."""
    rate = Rate.per_mille("2")
    assert from_json(to_json(rate), Rate) == rate
    with pytest.raises(StructureError, match="kind: expected 'rate', got 'fixed'"):
        from_json('{"kind": "fixed", "rate": "0.002"}', Rate)


def test_dates_still_structure() -> None:
    """The generic hooks leave other types alone: a date is still ISO text."""
    assert unstructure(pendulum.date(2013, 1, 1)) == "2013-01-01"


def test_huge_numbers_are_a_structure_error() -> None:
    """A year of 4301 digits (in JSON, or as plain data) is a StructureError, not a ValueError."""
    with pytest.raises(StructureError, match="at most 100 characters in one number"):
        from_json(
            '{"year": ' + "9" * 4301 + ', "formula": {"kind": "fixed", "amount": "1"}}',
            DuesSchedule,
        )
    with pytest.raises(StructureError, match="digits"):
        structure({"year": 10**4300, "formula": {"kind": "fixed", "amount": "1"}}, DuesSchedule)
