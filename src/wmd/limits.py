"""The limits of what :mod:`wmd` accepts, checked before any expensive work.

A branch association's real figures are far inside these limits; anything beyond
them is refused with a :class:`~wmd.errors.LimitError` (a
:class:`~wmd.errors.InvalidInputError`) *before* it is parsed, converted or
computed with, so no input, however hostile, takes a second to be refused.

=====================================  =====================================
limit                                  value
=====================================  =====================================
largest amount (in absolute value)     :data:`MAX_AMOUNT`: 10^15 euros
most digits in one number              :data:`MAX_DIGITS`: 40 (before and after the point each)
longest text of one number             :data:`MAX_NUMBER_CHARS`: 100 characters
longest text of one field or cell      :data:`MAX_TEXT_CHARS`: 10.000 characters
deepest nesting of TOML or JSON        :data:`MAX_DEPTH`: 32 levels
largest file                           :data:`MAX_FILE_BYTES`: 200 MB
=====================================  =====================================

Files are UTF-8 (a byte order mark is allowed); other bytes are refused with the
line and column of the first bad byte.

>>> from decimal import Decimal
>>> from wmd.limits import check_amount, load_toml
>>> check_amount(Decimal("1439651139.50"))
Decimal('1439651139.50')
>>> check_amount(Decimal("1E+999999999"))
Traceback (most recent call last):
...
wmd.errors.LimitError: amount: expected an amount of at most 10^15 euros, got Decimal('1E+999999999')
>>> load_toml("year = " + "[" * 100 + "]" * 100)
Traceback (most recent call last):
...
wmd.errors.LimitError: TOML: nesting: expected at most 32 levels of nesting, got 'line 1: 100 levels'

Readers of TOML and JSON use :func:`load_toml` and :func:`load_json`; a file is read
with :func:`read_text`; a number or text from outside goes through
:func:`check_amount`, :func:`check_number` or :func:`check_text`.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from wmd.errors import InvalidInputError, LimitError

__all__ = [
    "FIGURE_PLACES",
    "MAX_AMOUNT",
    "MAX_AMOUNT_INT",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_CHARS",
    "MAX_TEXT_CHARS",
    "check_amount",
    "check_figure",
    "check_number",
    "check_size",
    "check_structure",
    "check_text",
    "decode",
    "load_json",
    "load_toml",
    "read_bytes",
    "read_text",
    "scan",
]

MAX_AMOUNT: Final = Decimal(10) ** 15
"""The largest amount in euros (absolute value) an amount may have: 10^15."""

MAX_DIGITS: Final = 40
"""The most digits a number may have before the point, and the most after it."""

MAX_NUMBER_CHARS: Final = 100
"""The longest text of one number (digits, separators, sign, currency and spaces)."""

MAX_TEXT_CHARS: Final = 10_000
"""The longest text of one field or table cell, in characters."""

MAX_DEPTH: Final = 32
"""The deepest nesting of tables and arrays in a TOML or JSON document."""

MAX_FILE_BYTES: Final = 200 * 1000 * 1000
"""The largest file wmd reads: 200 MB."""

_MAX_INT: Final = 10**MAX_DIGITS
MAX_AMOUNT_INT: Final = 10**15
""":data:`MAX_AMOUNT` as an ``int``."""
_AMOUNT_DIGITS: Final = 15
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def check_amount(value: Decimal | int, *, field: str = "amount", where: str = "") -> Decimal | int:
    """``value`` if it is a finite amount within :data:`MAX_AMOUNT` and :data:`MAX_DIGITS`.

    >>> check_amount(Decimal("-12920"))
    Decimal('-12920')
    >>> check_amount(Decimal("0." + "1" * 41))
    Traceback (most recent call last):
    ...
    wmd.errors.LimitError: amount: expected at most 40 digits after the point, got Decimal('0.11111111111111111111111111111111111111111')
    """
    if isinstance(value, int):
        if not -MAX_AMOUNT_INT <= value <= MAX_AMOUNT_INT:
            raise LimitError(
                field, given=value, expected="an amount of at most 10^15 euros", where=where
            )
        return value
    if value.is_finite() and value.adjusted() >= _AMOUNT_DIGITS and value.copy_abs() > MAX_AMOUNT:
        raise LimitError(
            field, given=value, expected="an amount of at most 10^15 euros", where=where
        )
    check_number(value, field=field, where=where)
    return value


def _digits_before_point(field: str, value: object, where: str) -> LimitError:
    """The one refusal of a number with more than :data:`MAX_DIGITS` digits before the point."""
    return LimitError(
        field, given=value, expected=f"at most {MAX_DIGITS} digits before the point", where=where
    )


def check_number(value: Decimal | int, *, field: str = "number", where: str = "") -> Decimal | int:
    """``value`` if it is finite with at most :data:`MAX_DIGITS` digits before and after the point.

    Checked on the exponent and digit count, never by arithmetic, so it is instant for
    ``Decimal("1E+999999999")`` and for an ``int`` of a million digits.

    >>> check_number(10**40)
    Traceback (most recent call last):
    ...
    wmd.errors.LimitError: number: expected at most 40 digits before the point, got 10000000000000000000000000000000000000000
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not -_MAX_INT < value < _MAX_INT:
            raise _digits_before_point(field, value, where)
        return value
    if not value.is_finite():
        raise InvalidInputError(field, given=value, expected="a finite number", where=where)
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite, checked above
    if exponent < -MAX_DIGITS:
        raise LimitError(
            field,
            given=value,
            expected=f"at most {MAX_DIGITS} digits after the point",
            where=where,
        )
    if value and value.adjusted() >= MAX_DIGITS:
        raise _digits_before_point(field, value, where)
    del sign, digits
    return value


FIGURE_PLACES: Final = 120
"""The most decimals a computed figure (a share, a ratio) may have: twice the library's precision."""


def check_figure(value: Decimal, *, field: str = "value", where: str = "") -> Decimal:
    """``value`` if it is a finite figure that can be rounded and formatted exactly.

    At most :data:`MAX_DIGITS` digits before the point and :data:`FIGURE_PLACES`
    after it (a computed share may have more decimals than an amount read from a file).
    Only the exponent and digit count are looked at, so a 100.000-digit value is refused
    at once.

    >>> check_figure(Decimal(1) / 3)
    Decimal('0.3333333333333333333333333333')
    >>> check_figure(Decimal("NaN"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: value: expected a finite number, got Decimal('NaN')
    """
    if not value.is_finite():
        raise InvalidInputError(field, given=value, expected="a finite number", where=where)
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite, checked above
    if exponent < -FIGURE_PLACES or len(digits) > FIGURE_PLACES:
        raise LimitError(
            field,
            given=value,
            expected=f"at most {FIGURE_PLACES} digits after the point",
            where=where,
        )
    if value and value.adjusted() >= MAX_DIGITS:
        raise _digits_before_point(field, value, where)
    return value


def texts_pass(values: Sequence[str]) -> bool:
    r"""Whether every value passes :func:`check_text`: its whole-column form, for readers.

    >>> texts_pass(["Stichting A", "Stichting B"]), texts_pass(["caf\udce9"])
    (True, False)
    """
    longest = max(map(len, values), default=0)
    return longest <= MAX_TEXT_CHARS and _SURROGATE.search("".join(values)) is None


def check_text(value: str, *, field: str = "text", where: str = "") -> str:
    r"""``value`` if it is at most :data:`MAX_TEXT_CHARS` long and can be written as UTF-8.

    A lone surrogate (``'\udcff'``, left by decoding bytes with ``surrogateescape``)
    cannot be written to a file and is refused here, where it comes in.

    >>> check_text("Stichting Welzijn")
    'Stichting Welzijn'
    >>> check_text("caf\udce9")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: text: expected text without lone surrogates (not valid Unicode), got 'caf\udce9'
    """
    if len(value) > MAX_TEXT_CHARS:
        raise LimitError(
            field,
            given=value,
            expected=f"at most {MAX_TEXT_CHARS} characters",
            where=where,
        )
    if _SURROGATE.search(value):
        raise InvalidInputError(
            field,
            given=value,
            expected="text without lone surrogates (not valid Unicode)",
            where=where,
        )
    return value


def check_size(size: int, *, source: str = "file") -> None:
    """Refuse a file or text of more than :data:`MAX_FILE_BYTES`.

    >>> check_size(300 * 1000 * 1000, source="big.csv")
    Traceback (most recent call last):
    ...
    wmd.errors.LimitError: big.csv: size: expected at most 200 MB, got '300000000 bytes'
    """
    if size > MAX_FILE_BYTES:
        raise LimitError("size", given=f"{size} bytes", expected="at most 200 MB", where=source)


def decode(data: bytes, *, source: str = "file") -> str:
    r"""UTF-8 text of ``data`` (a leading byte order mark is dropped), checked for size.

    >>> decode("Zorg & Welzijn".encode())
    'Zorg & Welzijn'
    >>> decode(b"naam\nZorg \xe9n Welzijn", source="leden.csv")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: leden.csv: encoding: expected UTF-8 text, got 'byte 0xe9 at line 2, column 6'
    """
    check_size(len(data), source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1]
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InvalidInputError(
            "encoding",
            given=f"byte 0x{bad.hex()} at line {line}, column {column}",
            expected="UTF-8 text",
            where=source,
        ) from None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, refused by its size before it is read.

    Raises ``OSError`` (``FileNotFoundError``...) as Python does when the file cannot
    be opened; the command line reports those in one line.
    """
    file = Path(path)
    check_size(file.stat().st_size, source=str(path))
    return file.read_bytes()


def read_text(path: str | Path) -> str:
    """The UTF-8 text of a file, checked for size and encoding (see :func:`decode`)."""
    return decode(read_bytes(path), source=str(path))


# --- scanning raw TOML and JSON before a parser sees it -----------------------------------

_TOKEN: Final = re.compile(
    r"""
      (?P<open>[\[{])
    | (?P<close>[\]}])
    | (?P<string>'''.*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|"(?:\\.|[^"\\\n])*"|'[^'\n]*')
    | (?P<comment>\#[^\n]*)
    | (?P<number>[0-9][0-9_]*)
    | (?P<newline>\n)
    """,
    re.VERBOSE | re.DOTALL,
)


def scan(text: str, *, source: str = "text", kind: str = "TOML") -> None:
    """Refuse raw TOML or JSON text that is too large, too deeply nested or has too long numbers.

    Runs in linear time over the text, outside strings and comments, before a parser
    (whose recursion or digit limits would fail with a foreign exception, slowly) sees it.

    >>> scan('x = "' + "[" * 50 + '"')  # brackets in a string are text
    >>> scan("x = " + "9" * 5000, source="s.toml")
    Traceback (most recent call last):
    ...
    wmd.errors.LimitError: s.toml: number: expected at most 100 characters in one number, got 'line 1: 5000 characters'
    """
    check_size(len(text), source=source)
    depth = 0
    line = 1
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise LimitError(
                    "nesting",
                    given=f"line {line}: {_depth_at(text, match.start(), depth)} levels",
                    expected=f"at most {MAX_DEPTH} levels of nesting",
                    where=f"{source}" if source != "text" else kind,
                )
        elif group == "close":
            depth = max(depth - 1, 0)
        elif group == "newline":
            line += 1
        elif group == "string":
            line += match.group().count("\n")
        elif group == "number" and match.end() - match.start() > MAX_NUMBER_CHARS:
            raise LimitError(
                "number",
                given=f"line {line}: {match.end() - match.start()} characters",
                expected=f"at most {MAX_NUMBER_CHARS} characters in one number",
                where=source if source != "text" else kind,
            )


def _depth_at(text: str, start: int, depth: int) -> int:
    """How deep the run of opening brackets that crossed the limit goes (for the message)."""
    end = start
    while end < len(text) and text[end] in "[{ \t":
        depth += text[end] in "[{"
        end += 1
    return depth - 1


def check_structure(data: object, *, source: str = "data") -> None:
    """Refuse parsed data nested deeper than :data:`MAX_DEPTH`, or holding an out-of-range value.

    Walks without recursion; checks every number (:func:`check_number`, finite floats)
    and every text and key (:func:`check_text`).

    >>> check_structure({"rows": [[1, 2], [3, float("inf")]]}, source="t.json")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: t.json: rows[1][1]: expected a finite number, got inf
    """
    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LimitError(
                "nesting",
                given=path or "top",
                expected=f"at most {MAX_DEPTH} levels of nesting",
                where=source,
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    check_text(key, field=f"{path}key", where=source)
                stack.append((item, f"{path}.{key}" if path else str(key), depth + 1))
        elif isinstance(value, list | tuple):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        else:
            _check_leaf(value, field=path or "value", source=source)


def _check_leaf(value: object, *, field: str, source: str) -> None:
    if isinstance(value, str):
        check_text(value, field=field, where=source)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInputError(field, given=value, expected="a finite number", where=source)
    elif isinstance(value, int | Decimal):
        check_number(value, field=field, where=source)


def _parse_error(kind: str, source: str, err: Exception) -> InvalidInputError:
    return InvalidInputError(kind, given=source, expected=f"valid {kind} ({err})", where=source)


def load_toml(text: str, *, source: str = "") -> dict[str, Any]:
    r"""Parse TOML within the limits; every problem is a :class:`~wmd.errors.WmdError`.

    >>> load_toml('year = 2013\nrate = "0.0066"')
    {'year': 2013, 'rate': '0.0066'}
    >>> load_toml("year = ")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: TOML: expected valid TOML (Invalid value (at end of document)), got ''
    """
    scan(text, source=source or "text", kind="TOML")
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as err:
        raise _parse_error("TOML", source, err) from None
    check_structure(data, source=source or "TOML")
    return data


def load_json(
    text: str | bytes, *, source: str = "", parse_float: Callable[[str], Any] = Decimal
) -> Any:  # noqa: ANN401 - JSON is any of its types
    """Parse JSON within the limits (floats as ``Decimal`` unless ``parse_float`` says otherwise).

    >>> load_json('{"wage_sum": 1e99}')
    Traceback (most recent call last):
    ...
    wmd.errors.LimitError: JSON: wage_sum: expected at most 40 digits before the point, got Decimal('1E+99')
    """
    if isinstance(text, bytes):
        text = decode(text, source=source or "JSON")
    scan(text, source=source or "text", kind="JSON")
    try:
        data = json.loads(text, parse_float=parse_float)
    except (json.JSONDecodeError, ValueError, RecursionError) as err:
        raise _parse_error("JSON", source, err) from None
    check_structure(data, source=source or "JSON")
    return data
