"""Reading a registry CSV column by column: the fast path of :func:`~wmd.members.io.read_csv`.

A file of a hundred thousand members is three hundred thousand rows; checking and
building them one object at a time took most of a roll's end-to-end time. This
reader takes the file's cells as columns and applies the *same* rules to them:

* cell rules (:mod:`wmd.members.io`'s parsers) once per **distinct** value of a
  column that repeats (years, dates, sectors, legal forms, reasons, headcounts, fte);
* the patterns of unique columns (wage sums, ids) over the whole column at once,
  with the same regular expression or character set as the scalar rule;
* :meth:`YearFigures.problems` and :meth:`Membership.problems` on the rows where
  they can fail (a row with an fte, a spell with an end), the member rules on each
  distinct sector list, and :meth:`Registry.problems` on the members a merger or a
  shared KvK number ties together;
* one year of figures per member and spells that do not overlap, over sorted columns.

When every rule holds it returns the :class:`~wmd.members.Registry` over
:class:`~wmd.members.columns.RegistryColumns`, and no :class:`~wmd.members.Member`
is made until asked for. At the first doubt it returns ``None`` and
:func:`~wmd.members.io.read_csv` reads the file row by row, which reports every
problem on its line. The property tests hold the two readers to the same registry.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

import numpy as np

from wmd.errors import InvalidInputError, LimitError
from wmd.limits import check_amount, texts_pass
from wmd.members import io
from wmd.members import kvk as kvk_number
from wmd.members.columns import OPEN, REASONS, RegistryColumns
from wmd.members.member import EndReason, Member, Membership, YearFigures, ids_pass
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector, unknown_sectors
from wmd.periods import parse_date

if TYPE_CHECKING:
    import numpy.typing as npt

    Int64Array = npt.NDArray[np.int64]

__all__ = ["read_columns", "tied_members_pass"]

_T = TypeVar("_T")
_V = TypeVar("_V")


class _Doubt(Exception):  # noqa: N818 - not an error: the row-by-row reader decides
    """Something the columns cannot settle; the row-by-row reader decides."""


def _whole_column(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A pattern matching cells joined by newlines when each cell matches ``pattern``."""
    return re.compile(rf"(?:{pattern.pattern})(?:\n(?:{pattern.pattern}))*")


_WAGE_SUMS: Final = _whole_column(io._WAGE_SUM)  # noqa: SLF001 - the same rule, over a column
_REASON_CODE: Final = {reason: code for code, reason in enumerate(REASONS)}


def _each_distinct(values: Sequence[_T], parse: Callable[[_T], _V]) -> list[_V]:
    """``parse`` applied to each distinct value once; any refusal is a doubt."""
    parsed: dict[_T, _V] = {}
    try:
        for value in set(values):
            parsed[value] = parse(value)
    except InvalidInputError:
        raise _Doubt from None
    return list(map(parsed.__getitem__, values))


def _optional(parse: Callable[[str], _V]) -> Callable[[str], _V | None]:
    """An empty cell is unknown; one with spaces around is left to the row reader."""

    def parse_cell(text: str) -> _V | None:
        if text == "":
            return None
        if text != text.strip():
            raise InvalidInputError("cell", given=text, expected="no spaces around")
        return parse(text)

    return parse_cell


def read_columns(header: Sequence[str], body: Sequence[Sequence[str]]) -> Registry | None:
    """The registry in a registry CSV's cells when no rule is broken, else ``None``.

    ``header`` is the checked header line, ``body`` the rows of cells after it.

    >>> header = list(io.COLUMNS)
    >>> row = dict.fromkeys(header, "")
    >>> member = row | {"record": "member", "id": "A", "name": "Stichting A",
    ...     "legal_form": "stichting", "sectors": "LW"}
    >>> spell = row | {"record": "spell", "id": "A", "start": "2000-01-01"}
    >>> read_columns(header, [list(member.values()), list(spell.values())]).member("A").spells
    (Membership(start=Date(2000, 1, 1), end=None, end_reason=None, successor=None),)
    >>> read_columns(header, [list((member | {"sectors": "XX"}).values())]) is None  # the rows report it
    True
    """
    try:
        return _read(header, list(filter(None, body)))
    except _Doubt:
        return None


def _read(header: Sequence[str], body: list[Sequence[str]]) -> Registry:
    if set(map(len, body)) - {len(io.COLUMNS)}:
        raise _Doubt  # a row with too few or too many cells
    position = {name: header.index(name) for name in io.COLUMNS}
    kinds = np.array(list(map(operator.itemgetter(position["record"]), body)), dtype=str)
    by_kind = {kind: np.flatnonzero(kinds == kind).tolist() for kind in io._USED}  # noqa: SLF001
    if sum(map(len, by_kind.values())) != len(body) or by_kind["sector"]:
        raise _Doubt  # an unknown record, or an own sector catalog: the row reader
    column: dict[str, dict[str, list[str]]] = {}
    for kind, where in by_kind.items():
        rows = [body[k] for k in where]
        used = io._USED[kind]  # noqa: SLF001 - its layout
        column[kind] = {c: list(map(operator.itemgetter(position[c]), rows)) for c in used}
        # the cells of a row add up to its record and the columns it uses: the others are empty
        written = sum(map(len, map("".join, rows))) - len(kind) * len(rows)
        if written != sum(sum(map(len, cells)) for cells in column[kind].values()):
            raise _Doubt  # a cell in a column its record does not use
        for name, cells in column[kind].items():
            if name not in io._NUMBER_COLUMNS and "\n'" in "\n" + "\n".join(cells):  # noqa: SLF001
                raise _Doubt  # an escaped cell: the row reader removes the '
    members = _members(column["member"])
    figures = _figures(column["figures"], members)
    spells = _spells(column["spell"], members)
    cols = RegistryColumns(**members, **figures, **spells)
    if not tied_members_pass(cols, PUBLISHED_SECTORS):
        raise _Doubt
    return Registry.from_columns(cols, PUBLISHED_SECTORS)


def _members(column: dict[str, list[str]]) -> dict[str, Any]:
    """Member rows: each cell rule, then :meth:`Member.problems` on each distinct sector list."""
    ids = column["id"]
    names = column["name"]
    if not ids_pass(ids) or len(set(ids)) != len(ids):
        raise _Doubt
    if not all(map(str.strip, names)) or not texts_pass(names):
        raise _Doubt
    kvks = _each_distinct(column["kvk"], _optional(kvk_number.validate))
    legal_forms = _each_distinct(column["legal_form"], io._legal_form)  # noqa: SLF001
    sectors = _each_distinct(column["sectors"], io._codes)  # noqa: SLF001
    splits = _each_distinct(column["sector_split"], _optional(io._split))  # noqa: SLF001
    for codes, split in set(zip(sectors, splits, strict=True)):
        if Member.problems("M", "M", sectors=codes, sector_split=split) or unknown_sectors(codes):
            raise _Doubt
    return {
        "ids": tuple(ids),
        "names": tuple(names),
        "kvks": tuple(kvks),
        "sectors": tuple(sectors),
        "splits": tuple(splits),
        "legal_forms": tuple(legal_forms),
    }


def _owners(ids_given: list[str], members: dict[str, Any]) -> Int64Array:
    """The member row of each record; a record of no member is a doubt."""
    ids: tuple[str, ...] = members["ids"]
    index = dict(zip(ids, itertools.count(), strict=False))
    try:
        return np.array(list(map(index.__getitem__, ids_given)), dtype=np.int64)
    except KeyError:
        raise _Doubt from None


def _figures(column: dict[str, list[str]], members: dict[str, Any]) -> dict[str, Any]:
    """Figures rows: years and counts per distinct value, wage sums by the whole column."""
    owner = _owners(column["id"], members)
    years = _each_distinct(column["year"], io._whole("year"))  # noqa: SLF001
    if any(YearFigures.problems(year) for year in set(years)):
        raise _Doubt
    wage_text = column["wage_sum"]
    given = [t for t in wage_text if t]
    if given and not _WAGE_SUMS.fullmatch("\n".join(given)):
        raise _Doubt
    wage_sums = [Decimal(t) if t else None for t in wage_text]
    if given:
        try:  # the limit YearFigures applies to each, at the largest (all are >= 0)
            check_amount(max(w for w in wage_sums if w is not None), field="wage_sum")
        except LimitError:
            raise _Doubt from None
    headcounts = _each_distinct(column["headcount"], _optional(io._whole("headcount")))  # noqa: SLF001
    ftes = _each_distinct(column["fte"], _optional(io._fte))  # noqa: SLF001
    # the rules of YearFigures that a wage sum and a headcount matching their patterns
    # cannot break are the only ones of a row without an fte; rows with one ask the rule
    for k in itertools.compress(range(len(ftes)), column["fte"]):
        if YearFigures.problems(years[k], wage_sums[k], headcounts[k], ftes[k]):
            raise _Doubt
    year = np.array(years, dtype=np.int64)
    order = _by_member(owner, year)
    if order is not None:
        owner, year = owner[order], year[order]
    if len(year) > 1 and ((owner[1:] == owner[:-1]) & (year[1:] == year[:-1])).any():
        raise _Doubt  # a second set of figures for a year
    return {
        "figure_member": owner,
        "figure_year": year,
        "wage_sums": _reordered(wage_sums, order),
        "headcounts": _reordered(headcounts, order),
        "ftes": _reordered(ftes, order),
    }


def _by_member(owner: Int64Array, then: Int64Array) -> Int64Array | None:
    """The order by member, then ``then`` (stable); ``None`` when the rows are in it already."""
    if len(owner) < 2:
        return None
    step = np.diff(owner)
    if (step > 0).all() or ((step >= 0).all() and (np.diff(then)[step == 0] >= 0).all()):
        return None
    return np.lexsort((then, owner))


def _reordered(values: list[_T], order: Int64Array | None) -> tuple[_T, ...]:
    return tuple(values) if order is None else tuple(map(values.__getitem__, order.tolist()))


def _ordinal(field: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        return parse_date(text, field=field).toordinal()

    return parse


def _spells(column: dict[str, list[str]], members: dict[str, Any]) -> dict[str, Any]:
    """Spell rows: dates and reasons per distinct value; :meth:`Membership.problems` on ended ones."""
    owner = _owners(column["id"], members)
    starts = _each_distinct(column["start"], _ordinal("start"))
    ends = _each_distinct(column["end"], _optional(_ordinal("end")))
    reasons = _each_distinct(column["end_reason"], _optional(io._end_reason))  # noqa: SLF001
    successors = [s or None for s in column["successor"]]
    # an open spell without a reason or a successor breaks no rule of Membership
    cells = zip(column["end"], column["end_reason"], column["successor"], strict=True)
    for k in itertools.compress(range(len(starts)), map(any, cells)):
        if _spell_problems(starts[k], ends[k], reasons[k], successors[k]):
            raise _Doubt
    start = np.array(starts, dtype=np.int64)
    end_day = np.array([OPEN if e is None else e for e in ends], dtype=np.int64)
    code = np.array([-1 if r is None else _REASON_CODE[r] for r in reasons], dtype=np.int8)
    order = _by_member(owner, start)
    if order is not None:
        owner, start, end_day, code = owner[order], start[order], end_day[order], code[order]
    if len(start) > 1 and ((owner[1:] == owner[:-1]) & (end_day[:-1] > start[1:])).any():
        raise _Doubt  # spells of one member that overlap
    return {
        "spell_member": owner,
        "spell_start": start,
        "spell_end": end_day,
        "spell_reason": code,
        "successors": _reordered(successors, order),
    }


def _spell_problems(
    start: int, end: int | None, reason: EndReason | None, successor: str | None
) -> bool:
    from wmd.periods import Date  # noqa: PLC0415 - only for spells with an end

    return bool(
        Membership.problems(
            Date.fromordinal(start),
            None if end is None else Date.fromordinal(end),
            reason,
            successor,
        )
    )


def tied_members_pass(cols: RegistryColumns, catalog: Sequence[Sector]) -> bool:
    """Whether :meth:`Registry.problems` finds nothing among the members that mergers or a shared KvK number tie together.

    The column readers have checked that ids are unique and sectors are the
    catalog's; the other rules are about mergers and KvK numbers, so only the members
    they concern can break them. A successor that is no member of the file fails.

    >>> import pendulum
    >>> from wmd.members.member import Member
    >>> b = Member("B", "Stichting B", sectors=("LW",), spells=(
    ...     Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), "merger", "Z"),))
    >>> tied_members_pass(RegistryColumns.from_members((b,)), PUBLISHED_SECTORS)
    False
    """
    tied: set[int] = set()
    if any(cols.successors):
        index = cols.index()
        if any(s is not None and s not in index for s in cols.successors):
            return False
        successor = cols.successor_rows()
        merged = successor >= 0
        tied.update(cols.spell_member[merged].tolist())
        tied.update(successor[merged].tolist())
    shared = {k for k, n in Counter(v for v in cols.kvks if v is not None).items() if n > 1}
    if shared:
        tied.update(k for k, v in enumerate(cols.kvks) if v in shared)
    return not tied or not Registry.problems([cols.member(k) for k in sorted(tied)], catalog)
