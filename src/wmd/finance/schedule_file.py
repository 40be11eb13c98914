r"""Dues schedules as TOML or JSON files, through the shared cattrs converter.

A formula is written with a ``kind`` (``fixed``, ``rate``, ``lookup``, ``marginal``,
``sum``); amounts and rates are text in plain notation, so nothing passes through a
binary float; keys that are ``None`` are left out of TOML.

>>> from wmd.finance import DuesSchedule, Rate, Proration, Basis
>>> schedule = DuesSchedule(2013, Rate.per_mille("2.075", minimum="250"), Basis(years_before=1),
...     proration=Proration("months"))
>>> text = schedule.to_toml()
>>> print(text)
year = 2013
merger_rule = "continues"
<BLANKLINE>
[formula]
kind = "rate"
rate = "0.002075"
minimum = "250"
<BLANKLINE>
[basis]
kind = "wage_sum"
years_before = 1
missing = "error"
<BLANKLINE>
[proration]
kind = "months"
count_joining_period = false
thresholds = []
leaving = "whole_year"
<BLANKLINE>
[rounding]
quantum = "0.01"
mode = "half_up"
<BLANKLINE>
>>> DuesSchedule.from_toml(text) == schedule
True
>>> DuesSchedule.from_toml('year = 2013\n[formula]\nkind = "flat"')
Traceback (most recent call last):
...
wmd.convert.StructureError: TOML: 1 problem(s):
  $.formula: kind: expected one of ['fixed', 'lookup', 'marginal', 'rate', 'sum'], got 'flat'
"""

from __future__ import annotations

from typing import Any, Final

import tomli_w

from wmd import limits
from wmd.convert import (
    Problem,
    StructureError,
    converter,
    from_json,
    kinds_of,
    structure,
    to_json,
)
from wmd.errors import WmdError
from wmd.finance.dues import DuesSchedule
from wmd.finance.formulas import Formula

__all__ = [
    "FORMULA_KINDS",
    "schedule_from_json",
    "schedule_from_toml",
    "schedule_to_json",
    "schedule_to_toml",
]

FORMULA_KINDS: Final[dict[str, type[Any]]] = kinds_of(Formula)
"""Formula classes by the ``kind`` written in files (the converter reads them from the classes)."""


def _drop_none(value: Any) -> Any:  # noqa: ANN401 - plain data of any shape
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def schedule_to_toml(schedule: DuesSchedule) -> str:
    """The schedule as TOML text."""
    return tomli_w.dumps(_drop_none(converter.unstructure(schedule)))


def schedule_from_toml(text: str, *, source: str = "TOML") -> DuesSchedule:
    """Read a schedule from TOML text.

    Raises:
        StructureError: listing every bad key.
    """
    try:
        data = limits.load_toml(text, source=source)
    except WmdError as err:
        raise StructureError(source, [Problem("$", f"not valid TOML: {err}")]) from None
    return structure(data, DuesSchedule, source=source)


def schedule_to_json(schedule: DuesSchedule) -> str:
    """The schedule as JSON text."""
    return to_json(schedule)


def schedule_from_json(text: str | bytes, *, source: str = "JSON") -> DuesSchedule:
    """Read a schedule from JSON text."""
    return from_json(text, DuesSchedule, source=source)
