"""Reading a member list column by column: the fast path of :func:`~wmd.members.spreadsheet.read_sheet`.

A member list of a hundred thousand rows, read one row and one object at a time,
took seconds where pandas takes a fraction of one. This reader takes the *wide*
layout's cells (one row per member) as columns and applies the *same* rules to them:

* the sheet's own cell parsers (dates, sectors, legal forms, end reasons) once per
  **distinct** value of a column;
* numbers in text by :meth:`~wmd.notation.Notation.parse_column`, the notation's
  own regular-expression fast path over the whole column (a column it does not
  take is parsed cell by cell by the sheet's number parser);
* ids, names and KvK numbers by the whole-column forms of their rules;
* the figures' rules by :func:`~wmd.members.member.figures_pass`, the member rules
  on each distinct sector list, :meth:`Membership.problems` on the spells that have
  an end, a reason or a successor, and :meth:`Registry.problems` on the members a
  merger or a shared KvK number ties together.

When every cell and rule holds it returns the :class:`~wmd.members.Registry`
over :class:`~wmd.members.columns.RegistryColumns`, and no
:class:`~wmd.members.Member` is made until asked for. At the first doubt it returns
``None`` and :func:`~wmd.members.spreadsheet.read_sheet` reads the rows one by one,
which reports every problem on its line. A property test holds the two paths to
the same registry. The long layout (a row per member-year) always takes the rows.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, Final, TypeVar

import numpy as np

from wmd import limits
from wmd.errors import InvalidInputError
from wmd.members import kvk as kvk_number
from wmd.members import spreadsheet as sheet
from wmd.members.columnar import tied_members_pass
from wmd.members.columns import OPEN, REASONS, RegistryColumns
from wmd.members.member import (
    EndReason,
    LegalForm,
    Member,
    Membership,
    YearFigures,
    figures_pass,
    ids_pass,
)
from wmd.members.registry import Registry
from wmd.members.sector import Sector
from wmd.notation import Notation
from wmd.periods import Date

if TYPE_CHECKING:
    from wmd.members.spreadsheet import Cell

__all__ = ["read_columns"]

_V = TypeVar("_V")
_TEXTS: Final = frozenset({str, type(None)})
_NONE: Final = itertools.repeat(None)
_NUMBERS: Final = frozenset({float, int, type(None)})  # not bool: the sheet reads True as text
_KVK: Final = re.compile(r"[0-9]{8}")  # what kvk.validate returns unchanged (already compact)
_REASON_CODE: Final = {reason: code for code, reason in enumerate(REASONS)}
_SHORT: Final = limits.MAX_DIGITS + 2  # a number text this long has at most MAX_DIGITS decimals


class _Doubt(Exception):  # noqa: N818 - not an error: the row-by-row reader decides
    """Something the columns cannot settle; the row-by-row reader decides."""


def _each(values: Sequence[Cell], parse: Callable[[Cell], _V]) -> list[_V]:
    """``parse`` on every cell (once per distinct text); any refusal is a doubt.

    Only text and empty cells are taken per distinct value: in an ``.xlsx`` ``1``,
    ``1.0`` and ``True`` are equal keys that the sheet's parsers read differently.
    """
    try:
        if set(map(type, values)) <= _TEXTS:
            parsed = {value: parse(value) for value in set(values)}
            return list(map(parsed.__getitem__, values))
        return [parse(value) for value in values]
    except (sheet._CellError, InvalidInputError):  # noqa: SLF001 - the sheet's own refusal
        raise _Doubt from None


def _texts(values: Sequence[Cell], *, unquote: bool) -> list[str]:
    """The sheet's text of each cell (``_unquoted`` for CSV, ``_text`` for ``.xlsx``).

    For a column of text: the same stripping, length limit and removal of one
    leading ``'`` as the cell parser, over the whole column.
    """
    if set(map(type, values)) <= {str}:
        texts = list(map(str.strip, values))  # type: ignore[arg-type]
        if max(map(len, texts), default=0) > limits.MAX_TEXT_CHARS:
            raise _Doubt
        if unquote and "\n'" in "\n" + "\n".join(texts):
            texts = [text.removeprefix("'") for text in texts]
        return texts
    return _each(values, sheet._unquoted if unquote else sheet._text)  # noqa: SLF001


def read_columns(
    table: sheet._Table,
    layout: sheet._Columns,
    chosen: Notation | None,
    catalog: Sequence[Sector],
    by_name: Mapping[str, str],
) -> Registry | None:
    """The registry in a wide member list when no cell or rule is wrong, else ``None``.

    ``table`` and ``layout`` are the sheet and its checked header; ``chosen`` is the
    notation of numbers in text (``None``: only unambiguous text, as in an
    ``.xlsx``); ``by_name`` maps sector codes and names to codes.
    """
    try:
        return _Reader(table, layout, chosen, by_name).registry(catalog)
    except _Doubt:
        return None


class _Reader:
    def __init__(
        self,
        table: sheet._Table,
        layout: sheet._Columns,
        chosen: Notation | None,
        by_name: Mapping[str, str],
    ) -> None:
        if "year" in layout.fields or not table.rows:
            raise _Doubt  # the long layout, or no member at all: the rows
        width = len(table.header)
        rows = [cells for _, cells in table.rows]
        if table.letters:  # an .xlsx row stops at its last value; one past the header is not read
            rows = [cells[:width] + (None,) * (width - len(cells)) for cells in rows]
        elif any(len(cells) != width for cells in rows):
            raise _Doubt
        self.cells = list(zip(*rows, strict=True))  # the columns, each a tuple of cells
        self.n = len(rows)
        self.layout = layout
        self.chosen = chosen
        self.by_name = by_name
        self.unquote = not table.letters

    def column(self, index: int) -> Sequence[Cell]:
        return self.cells[index]

    def field(self, name: str) -> Sequence[Cell] | None:
        index = self.layout.fields.get(name)
        return None if index is None else self.column(index)

    def texts(self, name: str, *, unquote: bool | None = None) -> list[str]:
        cells = self.field(name)
        if cells is None:
            return [""] * self.n
        return _texts(cells, unquote=self.unquote if unquote is None else unquote)

    def registry(self, catalog: Sequence[Sector]) -> Registry:
        if Registry.problems((), catalog):
            raise _Doubt  # the catalog itself
        members = self.members()
        spells = self.spells()
        figures = self.figures()
        cols = RegistryColumns(**members, **figures, **spells)
        if not tied_members_pass(cols, catalog):
            raise _Doubt
        return Registry.from_columns(cols, catalog)

    # --- members ---------------------------------------------------------------------------

    def members(self) -> dict[str, Any]:
        """Id, name, KvK number, sectors, legal form: each cell rule, then the member rules."""
        ids = self.texts("id")
        names = self.texts("name")
        if not ids_pass(ids) or len(set(ids)) != self.n:
            raise _Doubt
        if not all(names) or not limits.texts_pass(names):
            raise _Doubt
        numbers = self.texts("kvk", unquote=False)
        if all(map(_KVK.fullmatch, filter(None, numbers))):
            kvks = [number or None for number in numbers]
        else:  # spaces, dots or dashes to remove, or not a KvK number: the rule itself
            kvks = _each(numbers, lambda t: kvk_number.validate(t) if t else None)  # type: ignore[arg-type]
        sector_cells = self.field("sectors")
        assert sector_cells is not None  # noqa: S101 - a required column
        sectors = _each(sector_cells, partial(sheet._sectors, by_name=self.by_name))  # noqa: SLF001
        for codes in set(sectors):
            if Member.problems("M", "M", sectors=codes):
                raise _Doubt  # no sector, or one twice
        forms = self.field("legal_form")
        legal_forms = (
            [LegalForm.FOUNDATION] * self.n
            if forms is None
            else _each(forms, lambda c: sheet._choice(c, LegalForm, LegalForm.FOUNDATION))  # noqa: SLF001
        )
        return {
            "ids": tuple(ids),
            "names": tuple(names),
            "kvks": tuple(kvks),
            "sectors": tuple(sectors),
            "splits": (None,) * self.n,
            "legal_forms": tuple(legal_forms),
        }

    # --- spells ------------------------------------------------------------------------------

    def ordinals(self, name: str) -> list[int | None]:
        """A date column as day ordinals (``None``: empty), each distinct cell read by the sheet."""
        cells = self.field(name)
        if cells is None:
            return [None] * self.n
        return _each(cells, _ordinal)

    def spells(self) -> dict[str, Any]:
        """Lid sinds, Opgezegd per, Reden einde, Opvolger: one spell per row that has a date."""
        starts = self.ordinals("start")
        ends = self.ordinals("end")
        reason_cells = self.field("end_reason")
        reasons: list[EndReason | None] = (
            [None] * self.n
            if reason_cells is None
            else _each(reason_cells, lambda c: sheet._choice(c, EndReason, None))  # noqa: SLF001
        )
        successors = [text or None for text in self.texts("successor")]
        special = sorted(
            {
                *itertools.compress(range(self.n), map(operator.is_not, ends, _NONE)),
                *itertools.compress(range(self.n), map(operator.is_not, reasons, _NONE)),
                *itertools.compress(range(self.n), map(operator.is_not, successors, _NONE)),
            }
        )
        for k in special:  # the rows the spell's rules can refuse (read as the row reader does)
            start, end, reason, successor = starts[k], ends[k], reasons[k], successors[k]
            if end is not None and reason is None:
                reason = reasons[k] = EndReason.MERGER if successor else EndReason.CANCELLATION
            if start is None or Membership.problems(
                Date.fromordinal(start), _day(end), reason, successor
            ):
                raise _Doubt
        if None in starts:  # members without a spell
            rows = [k for k, start in enumerate(starts) if start is not None]
            starts = [starts[k] for k in rows]
            ends = [ends[k] for k in rows]
            reasons = [reasons[k] for k in rows]
            successors = [successors[k] for k in rows]
        else:
            rows = list(range(self.n))
        return {
            "spell_member": np.array(rows, dtype=np.int64),
            "spell_start": np.array(starts, dtype=np.int64),
            "spell_end": np.array([OPEN if e is None else e for e in ends], dtype=np.int64),
            "spell_reason": np.array(
                [-1 if r is None else _REASON_CODE[r] for r in reasons], dtype=np.int8
            ),
            "successors": tuple(successors),
        }

    # --- figures ---------------------------------------------------------------------------

    def numbers(self, index: int, *, whole: bool = False) -> list[Any]:
        """A yearly column's numbers as the sheet's number parser reads each cell (``None``: empty).

        With ``whole`` (a headcount) each is an ``int``, as the row reader keeps it.
        """
        cells = self.column(index)
        parsed = _parsed(cells, self.chosen, whole=whole)
        known: list[Any]
        if parsed is None:  # anything else: the sheet's number parser, cell by cell
            values = _each(cells, partial(sheet._number, chosen=self.chosen, whole=whole))  # noqa: SLF001
            known = [v for v in values if v is not None]
        else:
            known = parsed
        if known:
            _check_size(known)
        if whole:
            counts = list(map(int, known))
            if counts != known:
                raise _Doubt  # not a whole number of people
            known = counts
        if parsed is None:
            return [None if v is None else int(v) for v in values] if whole else values
        if len(known) == len(cells):
            return known
        found = iter(known)
        return [None if c is None or c == "" else next(found) for c in cells]

    def figures(self) -> dict[str, Any]:
        """A member's figures for each year of the yearly columns in which it has one."""
        years = sorted({year for _, year in self.layout.yearly})
        index = self.layout.yearly
        member: list[Any] = []
        year_of: list[Any] = []
        wage_sums: list[Decimal | None] = []
        headcounts: list[int | None] = []
        ftes: list[Decimal | None] = []
        for year in years:
            if YearFigures.problems(year):
                raise _Doubt  # a year out of range (even when its cells are all empty)
            none: list[Any] = [None] * self.n
            wage = (
                none if ("wage_sum", year) not in index else self.numbers(index["wage_sum", year])
            )
            count = (
                none
                if ("headcount", year) not in index
                else self.numbers(index["headcount", year], whole=True)
            )
            fte = none if ("fte", year) not in index else self.numbers(index["fte", year])
            if not figures_pass(wage, count, fte):
                raise _Doubt
            if all(map(_has_none, (wage, count, fte))):
                known = np.zeros(self.n, dtype=bool)  # a year whose figures are all unknown
                for values in (wage, count, fte):  # is no figures
                    known |= np.fromiter(map(operator.is_not, values, _NONE), bool, self.n)
                rows = np.flatnonzero(known)
            else:  # a column without an empty cell: every member has figures this year
                rows = np.arange(self.n, dtype=np.int64)
            member.append(rows)
            year_of.append(np.full(len(rows), year, dtype=np.int64))
            if len(rows) == self.n:
                wage_sums += wage
                headcounts += count
                ftes += fte
            else:
                picked = rows.tolist()
                wage_sums += [wage[k] for k in picked]
                headcounts += [count[k] for k in picked]
                ftes += [fte[k] for k in picked]
        owner = np.concatenate(member) if member else np.zeros(0, dtype=np.int64)
        year_column = np.concatenate(year_of) if year_of else np.zeros(0, dtype=np.int64)
        order = np.lexsort((year_column, owner))
        ordered = order.tolist()
        return {
            "figure_member": owner[order].astype(np.int64),
            "figure_year": year_column[order],
            "wage_sums": tuple(map(wage_sums.__getitem__, ordered)),
            "headcounts": tuple(map(headcounts.__getitem__, ordered)),
            "ftes": tuple(map(ftes.__getitem__, ordered)),
        }


def _has_none(values: Sequence[object]) -> bool:
    """Whether a value is ``None``, by identity (``None in`` would ask each Decimal's ``==``)."""
    return any(map(operator.is_, values, _NONE))


def _ordinal(cell: Cell) -> int | None:
    day = sheet._date(cell)  # noqa: SLF001 - the sheet's date parser
    return None if day is None else day.toordinal()


def _day(ordinal: int | None) -> Date | None:
    return None if ordinal is None else Date.fromordinal(ordinal)


def _parsed(
    cells: Sequence[Cell], chosen: Notation | None, *, whole: bool
) -> list[Decimal] | list[int] | None:
    """The numbers of a column's non-empty cells by its whole-column form, or ``None``.

    With ``whole``, a column of digits is read as ``int`` at once.

    Text in a stated notation by :meth:`~wmd.notation.Notation.parse_column`;
    an ``.xlsx``'s numbers as the sheet's number parser reads each. Any other column
    (``None``) is read cell by cell.
    """
    kinds = set(map(type, cells))
    if kinds <= _TEXTS and chosen is not None:
        given: list[Any] = list(filter(None, cells))  # "" and None are empty
        digits = "".join(given)
        if digits.isascii() and digits.isdigit():  # digits only: what parse() gives at once
            return list(map(int, given)) if whole else list(map(Decimal, given))
        distinct = set(given)
        if 2 * len(distinct) <= len(given):  # values that repeat (fte): each parsed once
            texts = list(distinct)
            numbers = chosen.parse_column(texts)
            found = None if numbers is None else dict(zip(texts, numbers, strict=True))
            parsed = None if found is None else list(map(found.__getitem__, given))
        else:
            parsed = chosen.parse_column(given)
        if parsed is not None and max(map(len, given), default=0) > _SHORT:
            _check_places(parsed)
        return parsed
    if kinds <= _NUMBERS:
        given = [c for c in cells if c is not None]
        if not all(map(math.isfinite, given)):
            raise _Doubt
        # Excel keeps 15 significant digits: 54.4 typed is stored as 54.40000000000001
        parsed = [Decimal(format(c, ".15g")) if type(c) is float else Decimal(c) for c in given]
        _check_places(parsed)
        return parsed
    return None


def _check_places(numbers: Sequence[Decimal]) -> None:
    """The limit on decimals that :func:`~wmd.money.amount` applies to each number."""
    for number in numbers:
        exponent = number.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -limits.MAX_DIGITS:
            raise _Doubt


def _check_size(numbers: Sequence[Decimal] | Sequence[int]) -> None:
    """The limit on size that :func:`~wmd.money.amount` applies, at the column's extremes."""
    try:
        limits.check_amount(max(numbers))
        limits.check_amount(min(numbers))
    except InvalidInputError:
        raise _Doubt from None
