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

import contextlib
import csv
import gc
import io
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Final, Literal, TextIO, overload

import attrs

from wmd.errors import BadFileError, BadRow, FieldProblem, InvalidInputError
from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector, unknown_sectors
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
_WAGE_SUM: Final = re.compile(r"[0-9]{1,40}(\.[0-9]{1,2})?")
_WHOLE: Final = re.compile(r"[0-9]{1,40}")

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

    def report_all(self, row: _Row, problems: Iterable[FieldProblem]) -> None:
        """Report every problem a domain rule found, each in the column of its field."""
        for problem in problems:
            self.report(row, _column_of(problem.field, "id"), f"expected {problem.expected}")

    def check(self, row: _Row, column: str, parse: Callable[[str], object]) -> object:
        """Parse one cell; a bad cell is reported and gives ``None``."""
        try:
            return parse(row.get(column))
        except InvalidInputError as err:
            self.report(row, column, f"expected {err.expected}")
        return None


def _column_of(field: str, fallback: str) -> str:
    return field if field in COLUMNS else fallback


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


def _open_table(source: Source) -> tuple[str, list[str], list[list[str]]]:
    """The file's name, its header (checked) and its non-blank rows of cells."""
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
    return name, header, body


def _rows(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[_Row]:
    return [
        _Row(number, dict(zip(header, cells, strict=False)), len(cells))
        for number, cells in enumerate(body, start=1)
        if cells
    ]


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
    # a file without a problem is read column by column (wmd.members.columnar, which
    # imports this module's cell rules); one with a problem row by row, to report them all
    from wmd.members.columnar import read_columns  # noqa: PLC0415

    with collector_paused():
        name, header, body = _open_table(source)
        fast = read_columns(header, body)
    if fast is not None:
        return fast if strict else (fast, ())
    registry, bad = _read_rows(header, body)
    if strict and bad:
        raise BadFileError(name, bad)
    if strict:
        return registry
    return registry, bad


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's cells become columns.

    Reading makes millions of short-lived strings and lists and no cycles; the
    collector would walk them again and again (a quarter of a large file's read).
    It runs as before afterwards, also when reading fails. The spreadsheet reader
    (:mod:`wmd.members.spreadsheet`) pauses it the same way.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_rows(
    header: Sequence[str], body: Sequence[Sequence[str]]
) -> tuple[Registry, tuple[BadRow, ...]]:
    """Row by row: every cell and rule checked, every bad row reported, the good ones loaded."""
    state = _Reader()
    rows = [_unescaped(row) for row in _rows(header, body)]
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
    figures = _read_figures(state, by_kind["figures"])
    spells = _read_spells(state, by_kind["spell"])
    registry_members = _assemble(state, members, figures, spells, catalog)
    if state.bad:
        return Registry(registry_members, sectors=catalog), _in_order(state.bad)
    return Registry(registry_members, sectors=catalog), ()


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
            column = {"name_nl": "name", "name_en": "name_en"}.get(err.field, "id")
            state.report(row, column, f"expected {err.expected}")
    # every sector row bad (each reported): the members are checked against the published
    # catalog, as without sector rows; an empty catalog could hold no member at all
    return tuple(sectors.values()) or PUBLISHED_SECTORS


def _read_members(
    state: _Reader, rows: list[_Row], catalog: tuple[Sector, ...]
) -> list[tuple[_Row, Member]]:
    """Member rows: cells parsed, then :meth:`Member.problems` decides; all problems reported."""
    members: list[tuple[_Row, Member]] = []
    for row in rows:
        before = len(state.bad)
        legal_form = state.check(row, "legal_form", _legal_form)
        sectors = _codes(row.get("sectors"))
        split = state.check(row, "sector_split", _none_if_empty(_split))
        kvk = row.get("kvk").strip() or None
        problems = Member.problems(
            row.get("id"),
            row.get("name"),
            kvk=kvk,
            sectors=sectors,
            sector_split=split,  # type: ignore[arg-type]
        )
        state.report_all(row, [*problems, *unknown_sectors(sectors, catalog)])
        if len(state.bad) > before:
            continue
        member = Member(
            row.get("id"),
            row.get("name"),
            kvk=kvk,
            sectors=sectors,
            sector_split=split,  # type: ignore[arg-type]
            legal_form=legal_form,
        )
        members.append((row, member))
    return members


def _read_figures(state: _Reader, rows: list[_Row]) -> dict[str, list[tuple[_Row, YearFigures]]]:
    """Figures rows: cells parsed, then :meth:`YearFigures.problems` decides."""
    figures: dict[str, list[tuple[_Row, YearFigures]]] = defaultdict(list)
    for row in rows:
        before = len(state.bad)
        year = state.check(row, "year", _whole("year"))
        wage_sum = state.check(row, "wage_sum", _none_if_empty(_wage_sum))
        headcount = state.check(row, "headcount", _none_if_empty(_whole("headcount")))
        fte = state.check(row, "fte", _none_if_empty(_fte))
        if year is not None:
            # The rule sees every value that parsed, so a bad wage sum does not hide an
            # fte above the headcount.
            state.report_all(row, YearFigures.problems(year, wage_sum, headcount, fte))  # type: ignore[arg-type]
        if len(state.bad) > before:
            continue
        found = YearFigures(year, wage_sum, headcount, fte)  # type: ignore[arg-type]
        figures[row.get("id")].append((row, found))
    return figures


def _read_spells(state: _Reader, rows: list[_Row]) -> dict[str, list[tuple[_Row, Membership]]]:
    """Spell rows: cells parsed, then :meth:`Membership.problems` decides."""
    spells: dict[str, list[tuple[_Row, Membership]]] = defaultdict(list)
    for row in rows:
        before = len(state.bad)
        start = state.check(row, "start", lambda t: parse_date(t, field="start"))
        end = state.check(row, "end", _none_if_empty(lambda t: parse_date(t, field="end")))
        reason = state.check(row, "end_reason", _none_if_empty(_end_reason))
        successor = row.get("successor") or None
        if start is not None:
            state.report_all(row, Membership.problems(start, end, reason, successor))  # type: ignore[arg-type]
        if len(state.bad) > before:
            continue
        spells[row.get("id")].append((row, Membership(start, end, reason, successor)))
    return spells


@attrs.define
class _Draft:
    """One member being assembled, with the rows its figures and spells came from."""

    row: _Row
    member: Member
    figures: list[tuple[_Row, YearFigures]]
    spells: list[tuple[_Row, Membership]]

    def sort(self) -> None:
        """Sort the rows as Member sorts figures and spells, so a problem's position fits."""
        self.figures.sort(key=lambda pair: pair[1].year)
        self.spells.sort(key=lambda pair: pair[1].start)

    def build(self) -> Member:
        self.sort()
        return attrs.evolve(
            self.member,
            figures=tuple(f for _, f in self.figures),
            spells=tuple(s for _, s in self.spells),
        )

    def rows(self) -> list[_Row]:
        return [r for r, _ in self.figures] + [r for r, _ in self.spells]


def _assemble(
    state: _Reader,
    members: list[tuple[_Row, Member]],
    figures: dict[str, list[tuple[_Row, YearFigures]]],
    spells: dict[str, list[tuple[_Row, Membership]]],
    catalog: tuple[Sector, ...],
) -> list[Member]:
    """Attach figures and spells; the members' and registry's own rules decide what is bad.

    A record a rule refuses is reported on its row and left out; the rules run again
    until none is refused, so what depends on a left-out record (a merger into a
    member whose row is bad) is reported as well.
    """
    drafts: list[_Draft] = []
    claimed: set[str] = set()
    for row, member in members:
        own = member.id not in claimed  # a duplicate id gets no records; the registry reports it
        claimed.add(member.id)
        drafts.append(
            _Draft(
                row,
                member,
                list(figures.pop(member.id, [])) if own else [],
                list(spells.pop(member.id, [])) if own else [],
            )
        )
    orphans = [r for rows in figures.values() for r, _ in rows]
    orphans += [r for rows in spells.values() for r, _ in rows]
    for row in orphans:
        state.report(row, "id", "expected the id of a member with a good 'member' row")
    for draft in drafts:
        _drop_refused(state, draft)
    return _apply_registry_rules(state, drafts, catalog)


def _apply_registry_rules(
    state: _Reader, drafts: list[_Draft], catalog: tuple[Sector, ...]
) -> list[Member]:
    """Run :meth:`Registry.problems` until it refuses nothing more; report what it refused."""
    while True:
        built = [draft.build() for draft in drafts]
        problems = Registry.problems(built, catalog)
        if not problems:
            return built
        refused: set[int] = set()
        for problem in problems:
            index, *inside = problem.at
            assert isinstance(index, int)  # noqa: S101 - Registry.problems starts at with an index
            draft = drafts[index]
            if inside:
                row, spell = draft.spells[int(inside[1])]
                state.report(
                    row, _column_of(problem.field, "start"), f"expected {problem.expected}"
                )
                draft.spells.remove((row, spell))
            else:
                state.report(
                    draft.row, _column_of(problem.field, "id"), f"expected {problem.expected}"
                )
                refused.add(index)
        for index in sorted(refused, reverse=True):
            for row in drafts[index].rows():
                state.report(row, "id", "expected a member whose 'member' row is good")
            del drafts[index]


def _drop_refused(state: _Reader, draft: _Draft) -> None:
    """Leave out the figures and spells the member's own rules refuse (a year twice, overlaps)."""
    member = draft.member
    while True:
        draft.sort()
        problems = Member.problems(
            member.id,
            member.name,
            sectors=member.sectors,
            sector_split=member.sector_split,
            figures=[f for _, f in draft.figures],
            spells=[s for _, s in draft.spells],
        )
        placed = [p for p in problems if len(p.at) == 2]
        if not placed:
            return
        problem = placed[0]
        kind, index = problem.at
        records: list[tuple[_Row, YearFigures]] | list[tuple[_Row, Membership]] = (
            draft.figures if kind == "figures" else draft.spells
        )
        row = records[int(index)][0]
        reason = f"expected {problem.expected}"
        if kind == "spells":
            reason = f"expected a spell that does not overlap another ({problem.given})"
        state.report(row, "year" if kind == "figures" else "start", reason)
        del records[int(index)]


# --- JSON ---------------------------------------------------------------------------------


def to_json(registry: Registry, *, indent: int | None = 2) -> str:
    """The registry as JSON text (amounts as strings, dates as ISO text), via :mod:`wmd.convert`.

    >>> to_json(Registry(()), indent=None)[:14]
    '{"members": []'
    """
    # wmd.convert (and cattrs) is imported on first use: ``import wmd.members`` stays light.
    from wmd.convert import to_json as _to_json  # noqa: PLC0415

    return _to_json(registry, indent=indent)


def from_json(text: str | bytes, *, source: str = "JSON") -> Registry:
    """Read a registry from JSON text written by :func:`to_json`.

    Raises:
        StructureError: listing every bad path (a :class:`~wmd.errors.InvalidInputError`).

    >>> from_json('{"members": [], "sectors": [{"code": "JZ", "name_nl": "Jeugdzorg", "name_en": "Youth care"}]}').sectors
    (Sector(code='JZ', name_nl='Jeugdzorg', name_en='Youth care'),)
    """
    from wmd.convert import from_json as _from_json  # noqa: PLC0415 - see to_json

    return _from_json(text, Registry, source=source)
