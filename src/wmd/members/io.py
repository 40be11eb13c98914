"""Reading and writing a registry: CSV for spreadsheets, JSON for programs.

Both are lossless: reading what was written gives an equal :class:`~wmd.members.Registry`.

CSV layout
----------
One file, UTF-8 (a byte-order mark is accepted), comma-separated, one header
line. Every row is a *record*; the ``record`` column says which kind, and each
kind fills only its own columns (the others stay empty):

=============  ==========================================================================
record         columns used
=============  ==========================================================================
``member``     ``id``, ``name``, ``kvk``, ``legal_form``, ``sectors``, ``sector_split``
``figures``    ``id`` (the member), ``year``, ``wage_sum``, ``headcount``, ``fte``
``spell``      ``id`` (the member), ``start``, ``end``, ``end_reason``, ``successor``
``sector``     ``id`` (the sector code), ``name`` (Dutch), ``name_en``
=============  ==========================================================================

* Every member has a ``member`` row, also one without figures or spells; it has
  one ``figures`` row per year (a member-year) and one ``spell`` row per spell.
  Rows may come in any order.
* ``sectors`` lists sector codes separated by ``;``, the primary sector first;
  ``sector_split`` the declared fractions in the same order (``0.6;0.4``) or nothing.
* ``legal_form`` is ``stichting``, ``vereniging``, ``cooperatie``, ``bv`` or ``anders``;
  ``end_reason`` is ``cancellation``, ``termination`` or ``merger`` (then
  ``successor`` holds the id of the member that continues).
* An empty cell is *unknown* (a figure) or *none* (an end date, a KvK number).
* Dates are ISO (``2012-07-01``); Dutch ``01-07-2012`` is read as well. ``end`` is
  the first day no longer a member: a membership cancelled at the end of 2012
  has ``end`` = ``2013-01-01``.
* Numbers (``year``, ``wage_sum``, ``headcount``, ``fte``, ``sector_split``) are
  plain notation with a decimal point and no thousands separators: ``812000.50``.
  Dutch notation is *not* read here: ``86.500`` could be 86,5 or 86.500, so a
  wage sum takes at most two decimals and ``86.500`` is reported, not guessed.
* ``sector`` rows are written only when the registry's sector catalog is not the
  six published sectors; without them the published catalog is used.
* Cells a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) are written with a ``'`` in front, and so is
  a cell that starts with ``'``. Reading removes one leading ``'`` from such
  text cells, so the round trip is exact. Number columns are never changed.

Reading checks every cell and collects **every** bad row (row number, counting
the first data row as 1 and the header as 0, column, value, reason) into one
:class:`~wmd.errors.BadFileError`; nothing is loaded when any row is bad. With
``strict=False`` the good rows are loaded and the bad ones returned next to the
registry; that report also lists the rows left out because a row they depend on
(their member, a merger successor) is bad. A bad header is always an error.

>>> import io, pendulum
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> reg = Registry((Member("-A1", "=1+1", kvk="41234567", sectors=("LW",),
...     figures=(YearFigures(2012, wage_sum=Decimal("812000.5")),),
...     spells=(Membership(pendulum.date(2001, 1, 1)),)),))
>>> out = io.StringIO()
>>> write_csv(reg, out)
>>> print(out.getvalue())
record,id,name,name_en,kvk,legal_form,sectors,sector_split,year,wage_sum,headcount,fte,start,end,end_reason,successor
member,'-A1,'=1+1,,41234567,stichting,LW,,,,,,,,,
figures,'-A1,,,,,,,2012,812000.5,,,,,,
spell,'-A1,,,,,,,,,,,2001-01-01,,,
<BLANKLINE>
>>> read_csv(io.StringIO(out.getvalue())) == reg
True
>>> bad = out.getvalue().replace("812000.5", "812.000").replace("2001-01-01", "2001-02-30")
>>> read_csv(io.StringIO(bad))
Traceback (most recent call last):
...
wmd.errors.BadFileError: CSV: 2 bad row(s), nothing loaded:
  row 2, column 'wage_sum': expected a number in plain notation with at most two decimals (812000.50) (value '812.000')
  row 3, column 'start': expected a date as jjjj-mm-dd or dd-mm-jjjj (value '2001-02-30')
>>> loaded, bad_rows = read_csv(io.StringIO(bad), strict=False)
>>> len(loaded.member("-A1").figures), [row.row for row in bad_rows]
(0, [2, 3])
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Final, Literal, TextIO, overload

import attrs

from wmd.convert import from_json as _from_json
from wmd.convert import to_json as _to_json
from wmd.errors import BadFileError, BadRow, InvalidInputError, WmdError
from wmd.members import kvk as kvk_number
from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.money import amount
from wmd.periods import parse_date

__all__ = ["COLUMNS", "from_json", "neutralise_cell", "read_csv", "to_json", "write_csv"]

COLUMNS: Final[tuple[str, ...]] = (
    "record",
    "id",
    "name",
    "name_en",
    "kvk",
    "legal_form",
    "sectors",
    "sector_split",
    "year",
    "wage_sum",
    "headcount",
    "fte",
    "start",
    "end",
    "end_reason",
    "successor",
)
"""The CSV columns, in the order written."""

_USED: Final[dict[str, frozenset[str]]] = {
    "member": frozenset({"id", "name", "kvk", "legal_form", "sectors", "sector_split"}),
    "figures": frozenset({"id", "year", "wage_sum", "headcount", "fte"}),
    "spell": frozenset({"id", "start", "end", "end_reason", "successor"}),
    "sector": frozenset({"id", "name", "name_en"}),
}
_NUMBER_COLUMNS: Final = frozenset({"year", "wage_sum", "headcount", "fte"})
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
_WAGE_SUM: Final = re.compile(r"\d+(\.\d{1,2})?")
_WHOLE: Final = re.compile(r"\d+")

Source = str | os.PathLike[str] | TextIO


# --- writing ------------------------------------------------------------------------------


def neutralise_cell(cell: str) -> str:
    """A text cell that a spreadsheet cannot run as a formula.

    A cell starting with ``= + - @``, a tab, a carriage return or a quote gets a
    leading single quote (reading removes one). Number columns are written as they
    are: a negative amount is data, not a formula.

    >>> print(neutralise_cell("=SUM(A1:A9)"))
    '=SUM(A1:A9)
    >>> print(neutralise_cell("Stichting De Brug"))
    Stichting De Brug
    """
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _cell(column: str, cell: str) -> str:
    return cell if column in _NUMBER_COLUMNS else neutralise_cell(cell)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _wage_sum_text(value: Decimal | None, where: str) -> str:
    if value is None:
        return ""
    cents = value.quantize(Decimal("0.01"))
    if cents != value:
        raise InvalidInputError(
            "wage_sum", given=value, expected="a whole number of cents to write", where=where
        )
    text = format(value, "f")
    return text if _WAGE_SUM.fullmatch(text) else format(cents, "f")


def _records(registry: Registry) -> Iterable[dict[str, str]]:
    if registry.sectors != PUBLISHED_SECTORS:
        for sector in registry.sectors:
            yield {
                "record": "sector",
                "id": sector.code,
                "name": sector.name_nl,
                "name_en": sector.name_en,
            }
    for member in registry:
        split = member.sector_split
        yield {
            "record": "member",
            "id": member.id,
            "name": member.name,
            "kvk": member.kvk or "",
            "legal_form": member.legal_form.value,
            "sectors": ";".join(member.sectors),
            "sector_split": "" if split is None else ";".join(_plain(s) for s in split),
        }
        for figures in member.figures:
            yield {
                "record": "figures",
                "id": member.id,
                "year": str(figures.year),
                "wage_sum": _wage_sum_text(figures.wage_sum, f"member {member.id}, {figures.year}"),
                "headcount": "" if figures.headcount is None else str(figures.headcount),
                "fte": _plain(figures.fte),
            }
        for spell in member.spells:
            yield {
                "record": "spell",
                "id": member.id,
                "start": spell.start.isoformat(),
                "end": "" if spell.end is None else spell.end.isoformat(),
                "end_reason": "" if spell.end_reason is None else spell.end_reason.value,
                "successor": spell.successor or "",
            }


def write_csv(registry: Registry, target: Source) -> None:
    """Write ``registry`` as CSV (layout in the module docstring) to a path or a text file.

    Raises:
        InvalidInputError: for a wage sum that is not a whole number of cents.

    >>> import io
    >>> out = io.StringIO()
    >>> write_csv(Registry(()), out)
    >>> out.getvalue().startswith("record,id,name")
    True
    """
    rows = [
        [_cell(column, record.get(column, "")) for column in COLUMNS]
        for record in _records(registry)
    ]
    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as handle:  # noqa: PTH123 - str or PathLike
            _write(handle, rows)
    else:
        _write(target, rows)


def _write(handle: TextIO, rows: list[list[str]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(COLUMNS)
    writer.writerows(rows)


# --- reading ------------------------------------------------------------------------------


@attrs.define
class _Row:
    number: int
    cells: dict[str, str]
    length: int

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@attrs.define
class _Reader:
    """State of one import: the rows, the bad cells found so far, what depends on what."""

    bad: list[BadRow] = attrs.field(factory=list)
    bad_rows: set[int] = attrs.field(factory=set)

    def report(self, row: _Row, column: str, reason: str, value: str | None = None) -> None:
        self.bad.append(
            BadRow(row.number, column, row.get(column) if value is None else value, reason)
        )
        self.bad_rows.add(row.number)

    def check(self, row: _Row, column: str, parse: Callable[[str], object]) -> object:
        """Parse one cell; a bad cell is reported and gives ``None``."""
        try:
            return parse(row.get(column))
        except InvalidInputError as err:
            self.report(row, column, f"expected {err.expected}")
        return None


def _column_of(err: InvalidInputError, fallback: str) -> str:
    return err.field if err.field in COLUMNS else fallback


def _none_if_empty(parse: Callable[[str], object]) -> Callable[[str], object]:
    def parse_cell(text: str) -> object:
        return None if text.strip() == "" else parse(text.strip())

    return parse_cell


def _wage_sum(text: str) -> Decimal:
    if not _WAGE_SUM.fullmatch(text):
        raise InvalidInputError(
            "wage_sum",
            given=text,
            expected="a number in plain notation with at most two decimals (812000.50)",
        )
    return Decimal(text)


def _whole(field: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not _WHOLE.fullmatch(text):
            raise InvalidInputError(field, given=text, expected="a whole number (2012)")
        return int(text)

    return parse


def _fte(text: str) -> Decimal:
    return amount(text, notation="plain", field="fte")


def _legal_form(text: str) -> LegalForm:
    try:
        return LegalForm(text)
    except ValueError:
        raise InvalidInputError(
            "legal_form", given=text, expected=f"one of {[f.value for f in LegalForm]}"
        ) from None


def _end_reason(text: str) -> EndReason:
    try:
        return EndReason(text)
    except ValueError:
        raise InvalidInputError(
            "end_reason", given=text, expected=f"one of {[r.value for r in EndReason]}"
        ) from None


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in text.split(";")) if text.strip() else ()


def _split(text: str) -> tuple[Decimal, ...]:
    return tuple(amount(part, notation="plain", field="sector_split") for part in text.split(";"))


def _open_rows(source: Source) -> tuple[str, list[_Row]]:
    name = str(source) if isinstance(source, str | os.PathLike) else getattr(source, "name", "CSV")
    name = name if isinstance(name, str) else "CSV"
    try:
        if isinstance(source, str | os.PathLike):
            with open(source, encoding="utf-8-sig", newline="") as handle:  # noqa: PTH123 - str or PathLike
                text = handle.read()
        else:
            text = source.read().removeprefix("\ufeff")
        table = list(csv.reader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise BadFileError(name, [BadRow(0, "", "", f"cannot be read as CSV: {err}")]) from None
    if not table:
        raise BadFileError(name, [BadRow(0, "", "", "the file is empty; expected a header")])
    header, *body = table
    problems = [
        BadRow(0, column, column, "unknown column") for column in header if column not in COLUMNS
    ]
    problems += [
        BadRow(0, column, "", "missing column") for column in COLUMNS if column not in header
    ]
    if len(set(header)) != len(header):
        problems.append(BadRow(0, "", ",".join(header), "a column occurs twice"))
    if problems:
        raise BadFileError(name, problems)
    rows = [
        _Row(number, dict(zip(header, cells, strict=False)), len(cells))
        for number, cells in enumerate(body, start=1)
        if cells
    ]
    return name, rows


def _unescaped(row: _Row) -> _Row:
    cells = {
        column: value[1:] if column not in _NUMBER_COLUMNS and value.startswith("'") else value
        for column, value in row.cells.items()
    }
    return _Row(row.number, cells, row.length)


@overload
def read_csv(source: Source, *, strict: Literal[True] = True) -> Registry: ...


@overload
def read_csv(source: Source, *, strict: Literal[False]) -> tuple[Registry, tuple[BadRow, ...]]: ...


def read_csv(
    source: Source, *, strict: bool = True
) -> Registry | tuple[Registry, tuple[BadRow, ...]]:
    """Read a registry from CSV (layout in the module docstring): a path or a text file.

    Args:
        source: a path, or an open text file (``io.StringIO`` for text in memory).
        strict: by default any bad row means nothing is loaded; ``False`` loads the
            good rows and returns ``(registry, bad_rows)``.

    Raises:
        BadFileError: listing every bad row (in lenient mode only for a bad header
            or a file that cannot be read).

    >>> import io
    >>> read_csv(io.StringIO("record,id,colour,name"))
    Traceback (most recent call last):
    ...
    wmd.errors.BadFileError: CSV: 14 bad row(s), nothing loaded:
      row 0, column 'colour': unknown column (value 'colour')
      row 0, column 'name_en': missing column (value '')
    ...
    """
    name, raw_rows = _open_rows(source)
    state = _Reader()
    rows = [_unescaped(row) for row in raw_rows]
    by_kind: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        kind = row.get("record")
        if row.length != len(COLUMNS):
            state.report(row, "", f"expected {len(COLUMNS)} cells", value=f"{row.length} cells")
            continue
        if kind not in _USED:
            state.report(row, "record", f"expected one of {sorted(_USED)}")
            continue
        for column in COLUMNS:
            if column != "record" and column not in _USED[kind] and row.get(column) != "":
                state.report(row, column, f"expected an empty cell in a {kind!r} row")
        by_kind[kind].append(row)
    catalog = _read_sectors(state, by_kind["sector"])
    members = _read_members(state, by_kind["member"], catalog)
    figures = _read_figures(state, by_kind["figures"], members)
    spells = _read_spells(state, by_kind["spell"], members)
    registry_members = _assemble(state, members, figures, spells)
    if strict and state.bad:
        raise BadFileError(name, _in_order(state.bad))
    try:
        registry = Registry(registry_members, sectors=catalog)
    except WmdError as err:  # pragma: no cover - every rule is checked row by row above
        raise BadFileError(name, [*state.bad, BadRow(0, "", "", str(err))]) from None
    if strict:
        return registry
    return registry, _in_order(state.bad)


def _in_order(bad: list[BadRow]) -> tuple[BadRow, ...]:
    """Bad cells by row, then in column order."""

    def key(item: BadRow) -> tuple[int, int]:
        return item.row, COLUMNS.index(item.column) if item.column in COLUMNS else -1

    return tuple(sorted(bad, key=key))


def _read_sectors(state: _Reader, rows: list[_Row]) -> tuple[Sector, ...]:
    if not rows:
        return PUBLISHED_SECTORS
    sectors: dict[str, Sector] = {}
    for row in rows:
        code = row.get("id")
        if code in sectors:
            state.report(row, "id", "expected each sector code once")
            continue
        if not row.get("name").strip():
            state.report(row, "name", "expected the Dutch name of the sector")
            continue
        try:
            sectors[code] = Sector(code, row.get("name"), row.get("name_en") or row.get("name"))
        except InvalidInputError as err:
            state.report(row, "id", f"expected {err.expected}")
    return tuple(sectors.values())


def _read_members(
    state: _Reader, rows: list[_Row], catalog: tuple[Sector, ...]
) -> dict[str, tuple[_Row, Member]]:
    known = {sector.code for sector in catalog}
    members: dict[str, tuple[_Row, Member]] = {}
    for row in rows:
        before = len(state.bad)
        member_id = row.get("id")
        if member_id in members:
            state.report(
                row,
                "id",
                f"expected each member id once (also on row {members[member_id][0].number})",
            )
        kvk = state.check(row, "kvk", _none_if_empty(kvk_number.validate))
        legal_form = state.check(row, "legal_form", _legal_form)
        sectors = _codes(row.get("sectors"))
        unknown = [code for code in sectors if code not in known]
        if unknown:
            state.report(row, "sectors", f"expected known sector codes {sorted(known)}")
        split = state.check(row, "sector_split", _none_if_empty(_split))
        if len(state.bad) > before:
            continue
        try:
            member = Member(
                member_id,
                row.get("name"),
                kvk=kvk,
                sectors=sectors,
                sector_split=split,  # type: ignore[arg-type]
                legal_form=legal_form,
            )
        except InvalidInputError as err:
            state.report(row, _column_of(err, "id"), f"expected {err.expected}")
            continue
        members[member_id] = (row, member)
    return members


def _depends(state: _Reader, row: _Row, members: dict[str, tuple[_Row, Member]]) -> bool:
    if row.get("id") in members:
        return True
    state.report(row, "id", "expected the id of a member with a good 'member' row")
    return False


def _read_figures(
    state: _Reader, rows: list[_Row], members: dict[str, tuple[_Row, Member]]
) -> dict[str, list[tuple[_Row, YearFigures]]]:
    figures: dict[str, list[tuple[_Row, YearFigures]]] = defaultdict(list)
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        before = len(state.bad)
        year = state.check(row, "year", _whole("year"))
        wage_sum = state.check(row, "wage_sum", _none_if_empty(_wage_sum))
        headcount = state.check(row, "headcount", _none_if_empty(_whole("headcount")))
        fte = state.check(row, "fte", _none_if_empty(_fte))
        if len(state.bad) > before or not _depends(state, row, members):
            continue
        assert isinstance(year, int)  # noqa: S101 - checked above
        key = (row.get("id"), year)
        if key in seen:
            state.report(
                row,
                "year",
                f"expected one 'figures' row per member and year (also on row {seen[key]})",
            )
            continue
        try:
            found = YearFigures(year, wage_sum, headcount, fte)
        except InvalidInputError as err:
            state.report(row, _column_of(err, "year"), f"expected {err.expected}")
            continue
        figures[row.get("id")].append((row, found))
        seen[key] = row.number
    return figures


def _read_spells(
    state: _Reader, rows: list[_Row], members: dict[str, tuple[_Row, Member]]
) -> dict[str, list[tuple[_Row, Membership]]]:
    spells: dict[str, list[tuple[_Row, Membership]]] = defaultdict(list)
    for row in rows:
        before = len(state.bad)
        start = state.check(row, "start", lambda t: parse_date(t, field="start"))
        end = state.check(row, "end", _none_if_empty(lambda t: parse_date(t, field="end")))
        reason = state.check(row, "end_reason", _none_if_empty(_end_reason))
        if len(state.bad) > before or not _depends(state, row, members):
            continue
        try:
            spell = Membership(start, end, reason, row.get("successor") or None)
        except InvalidInputError as err:
            state.report(row, _column_of(err, "end"), f"expected {err.expected}")
            continue
        spells[row.get("id")].append((row, spell))
    return spells


def _assemble(
    state: _Reader,
    members: dict[str, tuple[_Row, Member]],
    figures: dict[str, list[tuple[_Row, YearFigures]]],
    spells: dict[str, list[tuple[_Row, Membership]]],
) -> list[Member]:
    """Attach figures and spells; check overlaps, KvK numbers and successors across rows."""
    kept = {member_id: _without_overlaps(state, found) for member_id, found in spells.items()}
    dropped = _kvk_clashes(state, members, kept)
    result = []
    for member_id, (_, member) in members.items():
        rows = [r for r, _ in figures.get(member_id, [])] + [r for r, _ in kept.get(member_id, [])]
        if member_id in dropped:
            for row in rows:
                state.report(row, "id", "expected a member whose 'member' row is good")
            continue
        good_spells = []
        for row, spell in kept.get(member_id, []):
            successor = spell.successor
            if successor is not None and (
                successor == member_id or successor not in members or successor in dropped
            ):
                reason = "expected the id of another member with a good 'member' row"
                state.report(row, "successor", reason)
                continue
            good_spells.append(spell)
        result.append(
            attrs.evolve(
                member,
                figures=tuple(found for _, found in figures.get(member_id, ())),
                spells=tuple(good_spells),
            )
        )
    return result


def _without_overlaps(
    state: _Reader, found: list[tuple[_Row, Membership]]
) -> list[tuple[_Row, Membership]]:
    """A member's spells in date order; a spell overlapping an earlier one is reported."""
    kept: list[tuple[_Row, Membership]] = []
    for row, spell in sorted(found, key=lambda pair: pair[1].start):
        last = kept[-1][1] if kept else None
        if last is not None and (last.end is None or last.end > spell.start):
            state.report(row, "start", f"expected a spell that does not overlap {last.period}")
            continue
        kept.append((row, spell))
    return kept


def _kvk_clashes(
    state: _Reader,
    members: dict[str, tuple[_Row, Member]],
    spells: dict[str, list[tuple[_Row, Membership]]],
) -> set[str]:
    holders: dict[str, list[str]] = defaultdict(list)
    dropped: set[str] = set()
    for member_id, (row, member) in members.items():
        if member.kvk is None:
            continue
        mine = [spell.period for _, spell in spells.get(member_id, [])]
        for other in holders[member.kvk]:
            theirs = [spell.period for _, spell in spells.get(other, [])]
            if any(a.overlaps(b) for a in mine for b in theirs):
                state.report(
                    row, "kvk", f"expected a KvK number not held by member {other} at the same time"
                )
                dropped.add(member_id)
                break
        else:
            holders[member.kvk].append(member_id)
    return dropped


# --- JSON ---------------------------------------------------------------------------------


def to_json(registry: Registry, *, indent: int | None = 2) -> str:
    """The registry as JSON text (amounts as strings, dates as ISO text), via :mod:`wmd.convert`.

    >>> to_json(Registry(()), indent=None)[:14]
    '{"members": []'
    """
    return _to_json(registry, indent=indent)


def from_json(text: str | bytes, *, source: str = "JSON") -> Registry:
    """Read a registry from JSON text written by :func:`to_json`.

    Raises:
        StructureError: listing every bad path (a :class:`~wmd.errors.InvalidInputError`).

    >>> from_json('{"members": [], "sectors": []}') == Registry((), sectors=())
    True
    """
    return _from_json(text, Registry, source=source)
