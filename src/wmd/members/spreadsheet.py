"""An association's own member list: Excel or Dutch CSV, its own headers, one row per member.

:func:`read_sheet` reads the file a member administration really keeps:

* ``.xlsx`` (needs the extra ``excel``: ``pip install 'wmd[excel]'``), or CSV separated
  by ``,`` or ``;`` (detected from the header line, or stated), in UTF-8 with or
  without a byte-order mark or in Windows-1252 (what Dutch Excel writes);
* the *wide* layout: a row per member and a column per year's figure
  (``Loonsom 2011``, ``Loonsom 2012``, ``Fte 2012``, ``Aantal medewerkers 2012``),
  or the *long* layout: a row per member-year with a ``Jaar`` column and the
  member's columns repeated;
* headers mapped to wmd's fields by a :class:`ColumnMap` (a dict, or a small TOML
  file); the Dutch headers of the glossary are understood without one:

  ====================  =================  =================================================
  header                field              cell
  ====================  =================  =================================================
  Lidnummer             ``id``             the member id
  Naam                  ``name``           the organisation's name
  KvK-nummer            ``kvk``            8 digits, or empty
  Deelsector            ``sectors``        codes or names, ``;`` or ``,`` between them
  Rechtsvorm            ``legal_form``     stichting, vereniging, ...
  Lid sinds             ``start``          first day as a member
  Opgezegd per          ``end``            first day **no longer** a member
  Reden einde           ``end_reason``     cancellation (default), termination, merger
  Opvolger              ``successor``      for a merger, the member that continues
  Jaar                  ``year``           long layout only
  Loonsom [JJJJ]        ``wage_sum``       euros
  Aantal medewerkers    ``headcount``      people
  Fte                   ``fte``            full-time equivalents
  ====================  =================  =================================================

  ``Opgezegd per 01-01-2013`` means the membership ends at the end of 2012: the
  member is still counted on 31 December 2012 and not on 1 January 2013. A row
  holds one membership spell; a member with several spells needs wmd's record
  CSV (:mod:`wmd.members.io`).

Numbers follow the file's notation: a ``;``-separated file is Dutch Excel's, so
Dutch notation (``1.234.567,89``); a ``,``-separated file cannot hold a decimal
comma, so plain notation (``1234567.89``). ``notation=`` states it instead. In an
``.xlsx`` numbers are numbers, read at Excel's own precision of 15 significant
digits (a typed ``54,4`` is stored as ``54.40000000000001``); a text cell in a number column is read only where
it is unambiguous (see :func:`wmd.notation.parse_number`). Dates are ISO or
``dd-mm-jjjj`` (or Excel dates).

A list in the wide layout without a problem is read column by column
(:mod:`wmd.members.spreadsheet_columnar`: the same cell parsers and rules over
whole columns) into a :class:`~wmd.members.Registry` whose members are made only
when asked for; a list with any problem is read row by row, which reports them all.

Every bad cell is a :class:`CellProblem` on the line a person sees in Excel (the
header is line 1), with the column's own header (and letter, for ``.xlsx``), what
was found and what was expected, in English and Dutch; all problems of every row
are reported together in one :class:`BadSheetError` and nothing is loaded. With
``strict=False`` the good rows are loaded and the problems returned next to them.

>>> import io
>>> text = '''Lidnummer;Naam;Deelsector;Loonsom 2012;Fte 2012;Lid sinds
... 1001;Stichting De Brug;LW;1.234.567,89;14,5;01-01-2001
... 1002;Welzijn Oost;MD, LW;812.000;;1-7-2012
... '''
>>> reg = read_sheet(io.StringIO(text))
>>> [(m.id, m.sectors, m.wage_sum(2012)) for m in reg]
[('1001', ('LW',), Decimal('1234567.89')), ('1002', ('MD', 'LW'), Decimal('812000'))]
>>> bad = text.replace("01-01-2001", "30-02-2013").replace("812.000", "-812.000")
>>> read_sheet(io.StringIO(bad))
Traceback (most recent call last):
...
wmd.members.spreadsheet.BadSheetError: CSV: 2 problem(s), nothing loaded:
  line 2, column 'Lid sinds': found '30-02-2013', expected an existing date as jjjj-mm-dd or dd-mm-jjjj
  line 3, column 'Loonsom 2012': found '-812.000', expected an amount >= 0 in whole cents (at most two decimals)
>>> try:
...     read_sheet(io.StringIO(bad))
... except BadSheetError as err:
...     print(err.report("nl").splitlines()[1])
  regel 2, kolom 'Lid sinds': gevonden '30-02-2013', verwacht een bestaande datum als jjjj-mm-dd of dd-mm-jjjj
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import itertools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, BinaryIO, Final, Literal, TextIO, TypeVar, overload

import attrs
import pendulum

from wmd import limits
from wmd.errors import (
    BadFileError,
    BadRow,
    FieldProblem,
    InvalidInputError,
    MissingExtraError,
    WmdError,
)
from wmd.i18n import label
from wmd.members.io import collector_paused, neutralise_cell
from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.money import amount
from wmd.notation import DUTCH, PLAIN, Notation, format_date, parse_number
from wmd.notation import notation as _named
from wmd.notation import parse_date as _parse_date
from wmd.periods import Date

__all__ = [
    "DUTCH_HEADERS",
    "FIELDS",
    "YEARLY_FIELDS",
    "BadSheetError",
    "CellProblem",
    "ColumnMap",
    "read_sheet",
    "write_sheet",
]

FIELDS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "kvk",
    "sectors",
    "legal_form",
    "start",
    "end",
    "end_reason",
    "successor",
    "year",
)
"""The fields of a member row that a header can map to (besides the yearly ones)."""

YEARLY_FIELDS: Final[tuple[str, ...]] = ("wage_sum", "headcount", "fte")
"""Fields with one value per year: a column ``<header> <year>`` (wide) or with ``year`` (long)."""

DUTCH_HEADERS: Final[Mapping[str, str]] = {
    "Lidnummer": "id",
    "Naam": "name",
    "KvK-nummer": "kvk",
    "Deelsector": "sectors",
    "Rechtsvorm": "legal_form",
    "Lid sinds": "start",
    "Opgezegd per": "end",
    "Reden einde": "end_reason",
    "Opvolger": "successor",
    "Jaar": "year",
    "Loonsom": "wage_sum",
    "Aantal medewerkers": "headcount",
    "Fte": "fte",
}
"""The glossary's Dutch headers, understood without a mapping (case and spaces ignored)."""

_YEAR_SUFFIX: Final = re.compile(r"(.*?)\s*(\d{4})")
_SPACES: Final = re.compile(r"\s+")
_XLSX_MAGIC: Final = b"PK\x03\x04"
_DATE_CELL: Final = re.compile(r"\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2}")

Source = str | os.PathLike[str] | TextIO | BinaryIO
T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
Layout = Literal["wide", "long"]


def _key(header: str) -> str:
    return _SPACES.sub(" ", header.strip()).casefold()


# --- problems -----------------------------------------------------------------------------


@attrs.frozen
class CellProblem:
    """One bad cell (or row, or file) of a member list.

    Attributes:
        line: the line in the spreadsheet (the header is line 1; 0 for the file as a whole).
        column: the column's own header ("" for a whole row or the file).
        letter: the column letter in an ``.xlsx`` ("" for CSV).
        found: what the cell holds.
        expected: what was expected, in English (the catalog key of the Dutch text).
        values: values filled into ``expected`` (``{name}`` placeholders).
    """

    line: int
    column: str
    letter: str
    found: str
    expected: str
    values: tuple[tuple[str, str], ...] = ()

    def expected_in(self, lang: str = "en") -> str:
        """What was expected, in ``"en"`` or ``"nl"``."""
        return label(self.expected, lang).format(**dict(self.values))

    def message(self, lang: str = "en") -> str:
        """The problem in one line, in ``"en"`` or ``"nl"``.

        >>> p = CellProblem(3, "Loonsom 2012", "D", "2.44.557", "a number in {notation} notation",
        ...     (("notation", "dutch"),))
        >>> p.message()
        "line 3, column D 'Loonsom 2012': found '2.44.557', expected a number in dutch notation"
        >>> p.message("nl")
        "regel 3, kolom D 'Loonsom 2012': gevonden '2.44.557', verwacht een getal in dutch notatie"
        """
        parts = [f"{label('line', lang)} {self.line}"] if self.line else []
        if self.column or self.letter:
            letter = f"{self.letter} " if self.letter else ""
            parts.append(f"{label('column', lang)} {letter}{self.column!r}")
        where = ", ".join(parts)
        found = f"{label('found', lang)} {self.found!r}, " if self.found != "" else ""
        text = f"{found}{label('expected', lang)} {self.expected_in(lang)}"
        return f"{where}: {text}" if where else text


class BadSheetError(BadFileError):
    """A member list with bad cells; :attr:`problems` lists every one, in line order.

    ``str()`` is the English report; :meth:`report` gives it in Dutch too.
    """

    def __init__(self, source: str, problems: Sequence[CellProblem]) -> None:
        self.problems = tuple(problems)
        rows = [BadRow(p.line, p.column, p.found, f"expected {p.expected_in()}") for p in problems]
        super().__init__(source, rows)
        self.args = (self.report("en"),)

    def report(self, lang: str = "en") -> str:
        """Every problem, one per line, in ``"en"`` or ``"nl"``."""
        head = label("{source}: {count} problem(s), nothing loaded:", lang).format(
            source=self.source, count=len(self.problems)
        )
        return "\n".join([head, *(f"  {p.message(lang)}" for p in self.problems)])

    def __str__(self) -> str:
        return self.report("en")


def _file_error(source: str, expected: str, found: str = "", **values: str) -> BadSheetError:
    return BadSheetError(source, [CellProblem(0, "", "", found, expected, tuple(values.items()))])


# --- the column mapping -------------------------------------------------------------------


def _check_field(header: str, target: str) -> str:
    if target not in FIELDS and target not in YEARLY_FIELDS and target != "ignore":
        raise InvalidInputError(
            "mapping",
            given=target,
            expected=f"one of {[*FIELDS, *YEARLY_FIELDS, 'ignore']}",
            where=f"column {header!r}",
        )
    return target


def _columns(value: Mapping[str, str]) -> dict[str, str]:
    merged = {_key(h): f for h, f in DUTCH_HEADERS.items()}
    merged.update({field: field for field in (*FIELDS, *YEARLY_FIELDS)})
    merged.update({_key(h): _check_field(h, f) for h, f in value.items()})
    return merged


@attrs.frozen
class ColumnMap:
    """Which of the file's headers holds which field.

    ``columns`` maps a header to a field of :data:`FIELDS` or :data:`YEARLY_FIELDS`, or
    to ``"ignore"`` for a column wmd should skip. A yearly field maps a header without
    the year: ``{"Salarissen": "wage_sum"}`` reads ``Salarissen 2011``, ``Salarissen
    2012``... The glossary's Dutch headers (:data:`DUTCH_HEADERS`) and wmd's own field
    names are always understood; case and spaces do not matter. Any other header
    is a problem, so a typo is not silently skipped.

    >>> cm = ColumnMap({"Nr.": "id", "Organisatie": "name", "Salarissen": "wage_sum"})
    >>> cm.field_of("organisatie"), cm.field_of("Salarissen 2012"), cm.field_of("Lid sinds")
    (('name', None), ('wage_sum', 2012), ('start', None))
    >>> cm.field_of("Adres") is None
    True
    """

    columns: dict[str, str] = attrs.field(factory=dict, converter=_columns)

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> ColumnMap:
        """A mapping from a TOML file with a ``[columns]`` table (header = field).

        .. code-block:: toml

            [columns]
            "Nr." = "id"
            "Organisatie" = "name"
            "Salarissen" = "wage_sum"   # Salarissen 2011, Salarissen 2012, ...
            "Adres" = "ignore"

        Raises:
            BadSheetError: for a missing or unreadable file, naming the path.
            InvalidInputError: for a field that does not exist.
        """
        try:
            data = limits.load_toml(Path(path).read_text(encoding="utf-8"), source=str(path))
        except (OSError, UnicodeDecodeError, WmdError) as err:
            raise _file_error(
                str(path), "a TOML file with a [columns] table ({reason})", reason=str(err)
            ) from None
        columns = data.get("columns")
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            raise _file_error(str(path), "a TOML file with a [columns] table of header = field")
        return cls(columns)

    def field_of(self, header: str) -> tuple[str, int | None] | None:
        """The field (and year, for a yearly column) of ``header``, or ``None`` when unknown."""
        key = _key(header)
        if key in self.columns:
            return self.columns[key], None
        match = _YEAR_SUFFIX.fullmatch(key)
        if match and self.columns.get(match.group(1)) in YEARLY_FIELDS:
            return self.columns[match.group(1)], int(match.group(2))
        return None


# --- reading the table --------------------------------------------------------------------

Cell = str | int | float | Decimal | dt.date | None


@attrs.frozen
class _Table:
    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (line, cells)
    letters: bool
    delimiter: str


def _source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return str(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "CSV"


def _read_bytes(source: Source, name: str) -> bytes | str:
    if isinstance(source, str | os.PathLike):
        try:
            return limits.read_bytes(Path(source))  # refused by its size before it is read
        except WmdError as err:
            raise _file_error(name, "a file of at most 200 MB", str(err)) from None
        except FileNotFoundError:
            raise _file_error(name, "an existing file (it was not found)") from None
        except OSError as err:
            raise _file_error(name, "a readable file ({reason})", reason=str(err)) from None
    data = source.read()
    return data if isinstance(data, str | bytes) else str(data)


def _decode(data: bytes, name: str, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise _file_error(
                name, "text in {encoding} ({reason})", encoding=encoding, reason=str(err)
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:
        raise _file_error(
            name,
            "a spreadsheet saved as .xlsx or as CSV in UTF-8 or Windows-1252 "
            "(this file holds binary data or UTF-16 text)",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _file_error(name, "a CSV file in UTF-8 or Windows-1252 (this is neither)") from None


def _delimiter(first_line: str, stated: str | None) -> str:
    if stated is not None:
        return stated
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_table(text: str, name: str, delimiter: str | None) -> _Table:
    text = text.removeprefix("\ufeff")
    if any(ch in text for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"):
        raise _file_error(name, "a spreadsheet saved as .xlsx or CSV (this file holds binary data)")
    chosen = _delimiter(text.split("\n", 1)[0], delimiter)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=chosen, strict=True))
    except csv.Error as err:
        raise _file_error(name, "a CSV file ({reason})", reason=str(err)) from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise _file_error(name, "a header on line 1 (the file is empty)")
    header = tuple(cell.strip() for cell in table[0])
    body = table[1:]
    filled = map(str.strip, map("".join, body))  # "" for a row of empty or blank cells
    numbered = zip(range(2, len(body) + 2), map(tuple, body), strict=True)
    rows = tuple(itertools.compress(numbered, filled))
    return _Table(name, header, rows, letters=False, delimiter=chosen)


_PLAIN_CELLS: Final = frozenset({str, int, float, Decimal, dt.date, dt.datetime, type(None)})


def _xlsx_rows(data: bytes, name: str, *, values_only: bool) -> list[tuple[Any, ...]]:
    """The first sheet's rows, as values or as openpyxl's read-only cells."""
    try:
        import openpyxl  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - the dev extra installs it
        raise MissingExtraError("openpyxl", "excel") from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise _file_error(name, "an .xlsx workbook ({reason})", reason=str(err)) from None
    try:
        raw = list(book.worksheets[0].iter_rows(values_only=values_only))
    finally:
        book.close()
    if not raw:
        raise _file_error(name, "a header on line 1 (the first sheet is empty)")
    return raw


def _xlsx_table(data: bytes, name: str) -> tuple[_Table, list[CellProblem]]:
    """The sheet's values; its cells are read only for a sheet that may hold a formula.

    Read as values, a formula is its text (``=A1+1``), like a text cell starting with
    ``=``: a sheet with such a value, or a value of another kind (an array formula),
    is read again cell by cell, where a formula is told apart by its type.
    """
    raw = _xlsx_rows(data, name, values_only=True)
    values = list(itertools.chain.from_iterable(raw))
    if not set(map(type, values)) <= _PLAIN_CELLS or any(
        type(v) is str and v.startswith("=") for v in values
    ):
        return _xlsx_cells_table(_xlsx_rows(data, name, values_only=False), name)
    header = tuple("" if v is None else str(v).strip() for v in raw[0])
    while header and header[-1] == "":
        header = header[:-1]
    rows = []
    for line, row in enumerate(raw[1:], start=2):
        cells = list(row)
        while len(cells) > len(header) and cells[-1] in (None, ""):
            cells.pop()
        if cells.count(None) + cells.count("") < len(cells):  # not an empty row
            rows.append((line, tuple(cells)))
    return _Table(name, header, tuple(rows), letters=True, delimiter=""), []


def _xlsx_cells_table(raw: list[tuple[Any, ...]], name: str) -> tuple[_Table, list[CellProblem]]:
    """The table of openpyxl's cells, each formula a problem (its cached value is not read)."""
    header = tuple("" if c.value is None else str(c.value).strip() for c in raw[0])
    while header and header[-1] == "":
        header = header[:-1]
    formulas: list[CellProblem] = []
    rows = []
    for line, cells in enumerate(raw[1:], start=2):
        values: list[Cell] = []
        for index, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f":
                column = header[index] if index < len(header) else ""
                formulas.append(
                    CellProblem(
                        line,
                        column,
                        _letter(index),
                        str(cell.value),
                        "a value, not a formula (wmd does not trust a formula's cached result: "
                        "paste the column as values)",
                    )
                )
                values.append("")
                continue
            value = cell.value
            typed = isinstance(value, str | int | float | Decimal | dt.date) and not isinstance(
                value, bool
            )
            values.append(value if typed or value is None else str(value))
        while len(values) > len(header) and values[-1] in (None, ""):
            values.pop()
        if any(v not in (None, "") for v in values):
            rows.append((line, tuple(values)))
    return _Table(name, header, tuple(rows), letters=True, delimiter=""), formulas


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- cell parsers -------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, expected: str, **values: str) -> None:
        super().__init__(expected)
        self.expected = expected
        self.values = tuple(values.items())


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = str(cell).strip()
    if len(text) > limits.MAX_TEXT_CHARS:
        raise _CellError("at most {most} characters", most=str(limits.MAX_TEXT_CHARS))
    return text


def _found(cell: Cell) -> str:
    """A cell as shown in a problem: its text, shortened when very long."""
    text = "" if cell is None else str(cell).strip()
    if isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text)} characters)"


def _unquoted(cell: Cell) -> str:
    """A CSV text cell: one leading ``'`` (written by neutralise_cell) removed."""
    text = _text(cell)
    return text.removeprefix("'")


@lru_cache(maxsize=4096)
def _date_text(text: str) -> Date:
    try:
        return _parse_date(text)
    except InvalidInputError:
        raise _CellError("an existing date as jjjj-mm-dd or dd-mm-jjjj") from None


def _date(cell: Cell) -> Date | None:
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time(0):
            raise _CellError("a date without a time")
        return pendulum.date(cell.year, cell.month, cell.day)
    if isinstance(cell, dt.date):
        return pendulum.date(cell.year, cell.month, cell.day)
    text = _text(cell)
    return None if text == "" else _date_text(text)


def _number(cell: Cell, chosen: Notation | None, *, whole: bool = False) -> Decimal | None:
    if cell is None or cell == "":
        return None
    if isinstance(cell, float | int | Decimal) and not isinstance(cell, bool):
        try:
            # Excel keeps 15 significant digits: 54.4 typed is stored as 54.40000000000001.
            value = amount(Decimal(format(cell, ".15g")) if isinstance(cell, float) else cell)
        except InvalidInputError as err:  # not finite, or beyond the limits: the cell's problem
            raise _CellError(err.expected) from None
    else:
        text = _text(cell)
        if text == "":
            return None
        try:
            value = parse_number(text, chosen, field="")
        except InvalidInputError as err:
            raise _CellError(err.expected) from None
    if whole and value != value.to_integral_value():
        raise _CellError("a whole number")
    return value


_FAST_NUMBER: Final = {
    "dutch": re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?|\d+(?:,\d+)?"),
    "plain": re.compile(r"\d+(?:\.\d+)?"),
}
"""Non-negative numbers as text that need no babel call (empty cells are not matched)."""


def _sectors(cell: Cell, by_name: Mapping[str, str]) -> tuple[str, ...]:
    parts = [part.strip() for part in re.split(r"[;,]", _text(cell)) if part.strip()]
    codes = []
    for part in parts:
        code = by_name.get(part.casefold())
        if code is None:
            raise _CellError(
                "known sector codes or names ({known})",
                known=", ".join(sorted(set(by_name.values()))),
            )
        codes.append(code)
    return tuple(codes)


# --- building members ---------------------------------------------------------------------


@attrs.define
class _Columns:
    fields: dict[str, int]  # field -> column index
    yearly: dict[tuple[str, int], int]  # (field, year) -> column index


def _layout_of(table: _Table, mapping: ColumnMap, problems: list[CellProblem]) -> _Columns:
    columns = _Columns({}, {})
    for index, header in enumerate(table.header):
        letter = _letter(index) if table.letters else ""
        found = mapping.field_of(header) if header else None
        if found is None:
            problems.append(
                CellProblem(
                    1,
                    header,
                    letter,
                    header,
                    "a known header ({known}), or this header in the column mapping",
                    (("known", ", ".join(DUTCH_HEADERS)),),
                )
            )
            continue
        field, year = found
        if field == "ignore":
            continue
        key: object = field if year is None else (field, year)
        taken = columns.fields if year is None else columns.yearly
        if key in taken:
            problems.append(CellProblem(1, header, letter, header, "each field in one column only"))
            continue
        if year is None:
            columns.fields[field] = index
        else:
            columns.yearly[(field, year)] = index
    problems.extend(_yearless(table, columns))
    problems.extend(
        CellProblem(1, "", "", "", "a column for the field {field}", (("field", required),))
        for required in ("id", "name", "sectors")
        if required not in columns.fields
    )
    return columns


def _yearless(table: _Table, columns: _Columns) -> list[CellProblem]:
    """A yearly field without a year in its header needs a year column (the long layout)."""
    problems: list[CellProblem] = []
    if "year" not in columns.fields:
        for field in YEARLY_FIELDS:
            if field in columns.fields:
                header = table.header[columns.fields[field]]
                letter = _letter(columns.fields[field]) if table.letters else ""
                problems.append(
                    CellProblem(
                        1,
                        header,
                        letter,
                        header,
                        "a year in the header ({header} 2012), or a column for the field year",
                        (("header", header),),
                    )
                )
    return problems


_NO_START: Final = "a start date for a membership with an end"
_FIELD_OF_ERROR: Final[Mapping[str, str]] = {"end_reason": "end", "spells": "start"}


@attrs.define
class _Builder:
    table: _Table
    columns: _Columns
    notation: Notation | None
    by_name: Mapping[str, str]
    problems: list[CellProblem] = attrs.field(factory=list)
    bad_lines: set[int] = attrs.field(factory=set)
    bad_cells: set[tuple[int, int | None]] = attrs.field(factory=set)

    def header_of(self, index: int) -> tuple[str, str]:
        return self.table.header[index], _letter(index) if self.table.letters else ""

    def report(
        self,
        line: int,
        index: int | None,
        found: str,
        expected: str,
        values: tuple[tuple[str, str], ...] = (),
    ) -> None:
        header, letter = ("", "") if index is None else self.header_of(index)
        self.problems.append(CellProblem(line, header, letter, found, expected, values))
        self.bad_cells.add((line, index))
        self.bad_lines.add(line)

    def cell(
        self, line: int, cells: tuple[Cell, ...], field: str, parse: Callable[[Cell], T]
    ) -> T | None:
        index = self.columns.fields.get(field)
        if index is None:
            return None
        raw = cells[index] if index < len(cells) else None
        try:
            return parse(raw)
        except _CellError as err:
            self.report(line, index, _found(raw), err.expected, err.values)
        return None

    def domain(
        self, line: int, err: FieldProblem | InvalidInputError, year: int | None, fallback: str
    ) -> None:
        """A problem the domain types found, put on the column of the field they named."""
        field = _FIELD_OF_ERROR.get(err.field, err.field)
        index = self.columns.yearly.get((field, year)) if year is not None else None
        if index is None:
            index = self.columns.fields.get(field, self.columns.fields.get(fallback))
        if (line, index) in self.bad_cells:
            return  # the cell could not be read; what the domain says about the gap adds nothing
        found = "" if err.given is None else _shown(err.given)
        if index is not None:
            cell = self.table_cell(line, index)
            found = _found(cell) or found
        self.report(line, index, found, err.expected)

    def table_cell(self, line: int, index: int) -> Cell:
        for row_line, cells in self.table.rows:
            if row_line == line:
                return cells[index] if index < len(cells) else None
        return None  # pragma: no cover - lines come from the table


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _figures(
    b: _Builder, line: int, cells: tuple[Cell, ...], year: int | None
) -> list[YearFigures]:
    by_year: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    fast = _FAST_NUMBER.get(b.notation.name if b.notation else "")
    for (field, column_year), index in b.columns.yearly.items():
        raw = cells[index] if index < len(cells) else None
        # Fast path: a well-formed number as text; anything else goes to the strict parser.
        if (
            fast is not None
            and isinstance(raw, str)
            and fast.fullmatch(raw)
            and (field != "headcount" or raw.isdigit())
        ):
            by_year[column_year][field] = (
                Decimal(raw.replace(".", "").replace(",", "."))
                if b.notation is DUTCH
                else Decimal(raw)
            )
            continue
        try:
            by_year[column_year][field] = _number(raw, b.notation, whole=field == "headcount")
        except _CellError as err:
            b.report(line, index, _found(raw), err.expected, err.values)
            by_year[column_year][field] = None
    if year is not None:
        values: dict[str, Decimal | None] = {}
        for field in YEARLY_FIELDS:
            whole = field == "headcount"
            values[field] = b.cell(
                line, cells, field, partial(_number, chosen=b.notation, whole=whole)
            )
        by_year[year] = values
    found = []
    for figure_year, values in sorted(by_year.items()):
        if all(v is None for v in values.values()):
            continue
        count = values.get("headcount")
        wage_sum, headcount, fte = (
            values.get("wage_sum"),
            None if count is None else int(count),
            values.get("fte"),
        )
        # The rules are the domain's. A valid row is checked once, by the constructor;
        # only a row it refuses is asked for all its problems (YearFigures.problems).
        try:
            found.append(YearFigures(figure_year, wage_sum, headcount, fte))
        except InvalidInputError as err:
            # the rules, or else a converter's limit (a wage sum beyond 10^15 euros)
            problems: Sequence[FieldProblem | InvalidInputError] = YearFigures.problems(
                figure_year, wage_sum, headcount, fte
            )
            for problem in problems or [err]:
                b.domain(line, problem, figure_year if year is None else None, "id")
    return found


def _spells(
    b: _Builder, line: int, cells: tuple[Cell, ...], successor: str | None
) -> tuple[Membership, ...]:
    """The row's membership spell (Lid sinds, Opgezegd per), checked by Membership's rules."""
    start = b.cell(line, cells, "start", _date)
    end = b.cell(line, cells, "end", _date)
    reason = b.cell(line, cells, "end_reason", lambda c: _choice(c, EndReason, None))
    spells: tuple[Membership, ...] = ()
    if start is not None or end is not None:
        if end is not None and reason is None:
            reason = EndReason.MERGER if successor else EndReason.CANCELLATION
        if start is None:
            b.domain(line, FieldProblem("start", None, _NO_START), None, "start")
        else:
            try:
                spells = (Membership(start, end, reason, successor),)
            except InvalidInputError:
                for problem in Membership.problems(start, end, reason, successor):
                    b.domain(line, problem, None, "start")
    elif reason is not None or successor is not None:
        b.report(line, b.columns.fields.get("start"), "", _NO_START)
    return spells


def _member_row(
    b: _Builder, line: int, cells: tuple[Cell, ...]
) -> tuple[Member | None, int | None]:
    width = len(b.table.header)
    if len(cells) != width and not b.table.letters:
        b.report(
            line,
            None,
            f"{len(cells)} cells",
            "{width} cells, one per header",
            (("width", str(width)),),
        )
        return None, None
    before = len(b.problems)
    text = _text if b.table.letters else _unquoted
    member_id = b.cell(line, cells, "id", text) or ""
    name = b.cell(line, cells, "name", text) or ""
    kvk = b.cell(line, cells, "kvk", _text) or None
    sectors = b.cell(line, cells, "sectors", lambda c: _sectors(c, b.by_name)) or ()
    legal = (
        b.cell(line, cells, "legal_form", lambda c: _choice(c, LegalForm, LegalForm.FOUNDATION))
        or LegalForm.FOUNDATION
    )
    successor = b.cell(line, cells, "successor", text) or None
    spells = _spells(b, line, cells, successor)
    year_value = b.cell(line, cells, "year", lambda c: _number(c, PLAIN, whole=True))
    year = None if year_value is None else int(year_value)
    if "year" in b.columns.fields and year is None and len(b.problems) == before:
        b.report(
            line,
            b.columns.fields["year"],
            "",
            "a year (the long layout has one row per member-year)",
        )
    figures = _figures(b, line, cells, year)
    if len(b.problems) > before:
        # Still ask the member's own rules, so the row reports every problem.
        for problem in Member.problems(
            member_id, name, kvk=kvk, sectors=sectors, figures=figures, spells=spells
        ):
            b.domain(line, problem, None, "id")
        return None, year
    try:
        member = Member(
            member_id,
            name,
            kvk=kvk,
            sectors=sectors,
            figures=figures,
            spells=spells,
            legal_form=legal,
        )
    except InvalidInputError:
        for problem in Member.problems(
            member_id, name, kvk=kvk, sectors=sectors, figures=figures, spells=spells
        ):
            b.domain(line, problem, None, "id")
        return None, year
    return member, year


def _choice(cell: Cell, kind: type[E], default: E | None) -> E | None:
    text = _text(cell)
    if text == "":
        return default
    try:
        return kind(text.casefold())
    except ValueError:
        raise _CellError("one of {choices}", choices=", ".join(k.value for k in kind)) from None


def _sector_names(sectors: Iterable[Sector]) -> dict[str, str]:
    names: dict[str, str] = {}
    for sector in sectors:
        for name in (sector.code, sector.name_nl, sector.name_en):
            names[name.casefold()] = sector.code
    return names


def _assemble(
    b: _Builder, members: list[tuple[int, Member, int | None]]
) -> dict[str, tuple[int, Member]]:
    """Members by id; a repeated id is a problem unless the long layout gives another year."""
    kept: dict[str, tuple[int, Member]] = {}
    long = "year" in b.columns.fields
    id_column = b.columns.fields["id"]
    for line, member, _ in members:
        if member.id not in kept:
            kept[member.id] = (line, member)
            continue
        first_line, first = kept[member.id]
        years = {f.year for f in first.figures}
        same = attrs.evolve(member, figures=first.figures) == first
        if not long:
            b.report(
                line,
                id_column,
                member.id,
                "each member id once (also on line {other})",
                (("other", str(first_line)),),
            )
        elif not same:
            b.report(
                line,
                id_column,
                member.id,
                "the same member columns as line {other}",
                (("other", str(first_line)),),
            )
        elif years & {f.year for f in member.figures}:
            b.report(
                line,
                b.columns.fields["year"],
                str(member.figures[0].year),
                "one row per member and year",
            )
        else:
            kept[member.id] = (
                first_line,
                attrs.evolve(first, figures=(*first.figures, *member.figures)),
            )
    return kept


def _across_members(
    b: _Builder, kept: dict[str, tuple[int, Member]], catalog: tuple[Sector, ...]
) -> None:
    """The registry's rules across members (successors, KvK numbers), each on its member's line."""
    rows = list(kept.values())
    for problem in Registry.problems([member for _, member in rows], catalog):
        index = problem.at[0] if problem.at and isinstance(problem.at[0], int) else None
        line = rows[index][0] if index is not None else 0
        b.domain(line, problem, None, "id")


@overload
def read_sheet(
    source: Source,
    *,
    mapping: ColumnMap | Mapping[str, str] | str | os.PathLike[str] | None = None,
    notation: str | Notation | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sectors: Iterable[Sector] = PUBLISHED_SECTORS,
    strict: Literal[True] = True,
) -> Registry: ...


@overload
def read_sheet(
    source: Source,
    *,
    mapping: ColumnMap | Mapping[str, str] | str | os.PathLike[str] | None = None,
    notation: str | Notation | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sectors: Iterable[Sector] = PUBLISHED_SECTORS,
    strict: Literal[False],
) -> tuple[Registry, tuple[CellProblem, ...]]: ...


def read_sheet(
    source: Source,
    *,
    mapping: ColumnMap | Mapping[str, str] | str | os.PathLike[str] | None = None,
    notation: str | Notation | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sectors: Iterable[Sector] = PUBLISHED_SECTORS,
    strict: bool = True,
) -> Registry | tuple[Registry, tuple[CellProblem, ...]]:
    """Read an association's member list (``.xlsx`` or CSV; see the module docstring).

    Args:
        source: a path, or an open file (text or bytes).
        mapping: a :class:`ColumnMap`, a dict of header to field, or the path of a
            TOML mapping file.
        notation: ``"dutch"`` or ``"plain"`` for the numbers; by default Dutch for
            a ``;``-separated file, plain for a ``,``-separated one, and only
            unambiguous text in an ``.xlsx``.
        delimiter: the CSV separator; detected from the header line by default.
        encoding: the CSV encoding; by default UTF-8 (with or without BOM), else
            Windows-1252.
        sectors: the sector catalog; a cell may hold codes or Dutch or English names.
        strict: by default any problem means nothing is loaded; ``False`` loads
            the good rows and returns ``(registry, problems)``.

    Raises:
        BadSheetError: listing every problem (in lenient mode only for the file
            itself or its header).
        MissingExtraError: for an ``.xlsx`` without the extra ``excel``.
    """
    name = _source_name(source)
    columns_map = _mapping(mapping)
    catalog = tuple(sectors)
    data = _read_bytes(source, name)
    try:
        limits.check_size(len(data), source=name)
    except WmdError as err:
        raise _file_error(name, "a file of at most 200 MB", str(err)) from None
    with collector_paused():
        return _read(data, name, columns_map, notation, delimiter, encoding, catalog, strict=strict)


def _read(  # noqa: PLR0917 - read_sheet's arguments, checked
    data: bytes | str,
    name: str,
    columns_map: ColumnMap,
    notation: str | Notation | None,
    delimiter: str | None,
    encoding: str | None,
    catalog: tuple[Sector, ...],
    *,
    strict: bool,
) -> Registry | tuple[Registry, tuple[CellProblem, ...]]:
    formulas: list[CellProblem] = []
    if isinstance(data, bytes) and data.startswith(_XLSX_MAGIC):
        table, formulas = _xlsx_table(data, name)
    else:
        text = data if isinstance(data, str) else _decode(data, name, encoding)
        table = _csv_table(text, name, delimiter)
    header_problems: list[CellProblem] = []
    layout = _layout_of(table, columns_map, header_problems)
    if header_problems:
        raise BadSheetError(name, header_problems)
    chosen = _notation_of(notation, table)
    by_name = _sector_names(catalog)
    if not formulas:
        # a list without a problem is read column by column (wmd.members.spreadsheet_columnar,
        # which uses this module's cell parsers); one with a problem row by row, to report all
        from wmd.members.spreadsheet_columnar import read_columns  # noqa: PLC0415

        fast = read_columns(table, layout, chosen, catalog, by_name)
        if fast is not None:
            return fast if strict else (fast, ())
    good, problems = _read_rows(table, layout, chosen, catalog, by_name, formulas=formulas)
    if strict and problems:
        raise BadSheetError(name, problems)
    registry = _registry(good, catalog, name)
    return registry if strict else (registry, tuple(problems))


def _read_rows(
    table: _Table,
    layout: _Columns,
    chosen: Notation | None,
    catalog: tuple[Sector, ...],
    by_name: Mapping[str, str],
    *,
    formulas: Sequence[CellProblem] = (),
) -> tuple[list[Member], list[CellProblem]]:
    """Row by row: every problem on its line, in order, and the members of the good rows."""
    builder = _Builder(table, layout, chosen, by_name)
    builder.problems.extend(formulas)
    builder.bad_lines.update(p.line for p in formulas)
    rows: list[tuple[int, Member, int | None]] = []
    for line, cells in table.rows:
        member, year = _member_row(builder, line, cells)
        if member is not None and line not in builder.bad_lines:
            rows.append((line, member, year))
    kept = _assemble(builder, rows)
    _across_members(builder, kept, catalog)
    problems = sorted(builder.problems, key=lambda p: (p.line, _column_index(table, p.column)))
    return [m for line, m in kept.values() if line not in builder.bad_lines], problems


def _registry(members: list[Member], catalog: tuple[Sector, ...], name: str) -> Registry:
    """The registry; members whose successor was left out lose their place too (lenient mode)."""
    while True:
        ids = {m.id for m in members}
        keep = [
            m for m in members if all(s.successor is None or s.successor in ids for s in m.spells)
        ]
        if len(keep) == len(members):
            break
        members = keep
    try:
        return Registry(members, sectors=catalog)
    except WmdError as err:
        raise _file_error(
            name, "members that agree with each other ({reason})", reason=str(err)
        ) from None


def _column_index(table: _Table, header: str) -> int:
    return table.header.index(header) if header in table.header else -1


def _notation_of(stated: str | Notation | None, table: _Table) -> Notation | None:
    if stated is not None:
        return _named(stated)
    if table.letters:
        return None
    return DUTCH if table.delimiter == ";" else PLAIN


def _mapping(value: ColumnMap | Mapping[str, str] | str | os.PathLike[str] | None) -> ColumnMap:
    if value is None:
        return ColumnMap()
    if isinstance(value, ColumnMap):
        return value
    if isinstance(value, str | os.PathLike):
        return ColumnMap.from_toml(value)
    return ColumnMap(dict(value))


# --- writing ------------------------------------------------------------------------------

_WRITE_HEADERS: Final[Mapping[str, tuple[str, str]]] = {
    # field: (Dutch header, English header)
    "id": ("Lidnummer", "id"),
    "name": ("Naam", "name"),
    "kvk": ("KvK-nummer", "kvk"),
    "sectors": ("Deelsector", "sectors"),
    "legal_form": ("Rechtsvorm", "legal_form"),
    "start": ("Lid sinds", "start"),
    "end": ("Opgezegd per", "end"),
    "end_reason": ("Reden einde", "end_reason"),
    "successor": ("Opvolger", "successor"),
    "wage_sum": ("Loonsom", "wage_sum"),
    "headcount": ("Aantal medewerkers", "headcount"),
    "fte": ("Fte", "fte"),
}


def _wide_rows(
    registry: Registry, chosen: Notation, *, typed: bool
) -> tuple[list[str], list[list[Any]]]:
    dutch = chosen is DUTCH
    pick = 0 if dutch else 1
    years = sorted({f.year for m in registry for f in m.figures})
    header = [_WRITE_HEADERS[f][pick] for f in FIELDS if f != "year"]
    header += [f"{_WRITE_HEADERS[f][pick]} {year}" for year in years for f in YEARLY_FIELDS]
    rows: list[list[Any]] = []
    for member in registry:
        if len(member.spells) > 1 or member.sector_split is not None:
            raise InvalidInputError(
                "member",
                given=member.id,
                expected="at most one membership spell and no sector split in the wide layout "
                "(write wmd's record CSV with write_csv for such members)",
            )
        spell = member.spells[0] if member.spells else None

        def day(value: dt.date | None) -> dt.date | str | None:
            if value is None:
                return None if typed else ""
            return value if typed else format_date(value, chosen)  # type: ignore[arg-type]

        reason = spell.end_reason.value if spell and spell.end_reason else ""
        row: list[Any] = [
            member.id,
            member.name,
            member.kvk or "",
            "; ".join(member.sectors),
            member.legal_form.value,
            day(spell.start if spell else None),
            day(spell.end if spell else None),
            reason,
            (spell.successor if spell else None) or "",
        ]
        for year in years:
            figures = member.figures_for(year)
            for field in YEARLY_FIELDS:
                value = None if figures is None else getattr(figures, field)
                if value is None:
                    row.append(None if typed else "")
                elif typed:
                    row.append(value)
                else:
                    row.append(chosen.format(value))
        rows.append(row)
    return header, rows


_TEXT_FIELDS: Final = 9  # id .. successor are text columns; the rest are numbers


def write_sheet(
    registry: Registry,
    target: str | os.PathLike[str] | TextIO,
    *,
    notation: str | Notation = "dutch",
) -> None:
    """Write ``registry`` as a member list in the wide layout, which :func:`read_sheet` reads back.

    A path ending in ``.xlsx`` is written as a workbook (extra ``excel``), numbers as
    numbers and dates as dates; anything else as CSV: Dutch notation with ``;`` and
    a byte-order mark (what Dutch Excel opens), or plain notation with ``,``. The
    headers are the Dutch ones of :data:`DUTCH_HEADERS` (wmd's field names for
    plain notation). Text cells that a spreadsheet would run as a formula get a
    leading ``'`` (see :func:`~wmd.members.io.neutralise_cell`), which the reader
    removes again; in ``.xlsx`` they are stored as text.

    What the wide layout cannot hold is refused rather than lost; the one thing
    it leaves out is a year whose figures are all unknown (empty cells read as no
    figures for that year). Spaces around a text cell are not kept.

    Raises:
        InvalidInputError: for a member with several spells or a sector split,
            which the wide layout cannot hold.

    >>> import io
    >>> from wmd.members import Member
    >>> out = io.StringIO()
    >>> write_sheet(Registry((Member("-A1", "=1+1", sectors=("LW",)),)), out)
    >>> print(out.getvalue().splitlines()[1])
    '-A1;'=1+1;;LW;stichting;;;;
    >>> read_sheet(io.StringIO(out.getvalue())).members[0].name
    '=1+1'
    """
    chosen = _named(notation)
    path = None if not isinstance(target, str | os.PathLike) else Path(target)
    if path is not None and path.suffix.lower() == ".xlsx":
        _write_xlsx(registry, path, chosen)
        return
    header, rows = _wide_rows(registry, chosen, typed=False)
    cells = [
        [neutralise_cell(c) if i < _TEXT_FIELDS else c for i, c in enumerate(row)] for row in rows
    ]
    delimiter = ";" if chosen is DUTCH else ","
    if path is None:
        writer = csv.writer(target, delimiter=delimiter)  # type: ignore[arg-type]
        writer.writerow(header)
        writer.writerows(cells)
        return
    encoding = "utf-8-sig" if chosen is DUTCH else "utf-8"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(cells)


def _write_xlsx(registry: Registry, path: Path, chosen: Notation) -> None:
    try:
        import openpyxl  # noqa: PLC0415 - optional extra
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - the dev extra installs it
        raise MissingExtraError("openpyxl", "excel") from None
    header, rows = _wide_rows(registry, chosen, typed=True)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Leden")
    sheet.append(header)
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                out.append(cell)
            elif isinstance(value, Decimal):
                number = int(value) if value == value.to_integral_value() else value
                out.append(WriteOnlyCell(sheet, value=number))  # type: ignore[arg-type]
            else:
                out.append(WriteOnlyCell(sheet, value=value))
        sheet.append(out)
    book.save(path)
