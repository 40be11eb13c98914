"""The boundary between wmd's values and plain data (JSON, TOML, dicts).

Domain classes know nothing about files. One cattrs converter, built here, turns
them into plain data and back:

* ``Decimal`` ⇄ text in plain notation (``"1234.50"``), never a binary float;
* pendulum ``Date`` ⇄ ISO text (``"2012-07-01"``); Dutch ``dd-mm-jjjj`` is read too;
* ``Fraction`` ⇄ ``"1/3"``;
* enums ⇄ their values; tuples ⇄ lists;
* attrs classes ⇄ dicts of their ``__init__`` fields (unknown keys are refused).

Structuring gathers *every* problem, then raises one :class:`StructureError`
listing each bad path, so a user fixes a file in one go:

>>> import json
>>> from wmd.convert import from_json, to_json, unstructure
>>> from wmd.members import Member, Membership
>>> m = Member("M1", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2001, 1, 1)),))
>>> unstructure(m)["spells"]
[{'start': '2001-01-01', 'end': None, 'end_reason': None, 'successor': None}]
>>> from_json(to_json(m), Member) == m
True
>>> bad = {"id": "M1", "name": "A", "sectors": ["LW"], "spells": [{"start": "2001-13-01"}], "extra": 1}
>>> from_json(json.dumps(bad), Member, source="m.json")
Traceback (most recent call last):
...
wmd.convert.StructureError: m.json: 2 problem(s):
  $.spells[0].start: date: expected a date as jjjj-mm-dd or dd-mm-jjjj, got '2001-13-01'
  $: extra fields found (extra)

Other modules reuse :data:`converter` (or :func:`make_converter` for a variant);
TOML files are read with ``structure(tomllib.loads(text), cls)``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    IterableValidationError,
    StructureHandlerNotFoundError,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from wmd import limits
from wmd.errors import (
    InconsistenciesError,
    InvalidInputError,
    ProblemsError,
    WmdError,
    shown,
)
from wmd.money import amount
from wmd.periods import Date, to_date

__all__ = [
    "Problem",
    "StructureError",
    "converter",
    "from_json",
    "kinds_of",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")


@attrs.frozen
class Problem:
    """One bad place in structured data: a path such as ``$.members[3].kvk`` and the reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class StructureError(InvalidInputError):
    """Data could not be turned into a wmd value; :attr:`problems` lists every bad path.

    >>> err = StructureError("dues.toml", [Problem("$.rate", "expected a number")])
    >>> err.problems[0].path, isinstance(err, WmdError)
    ('$.rate', True)
    """

    def __init__(self, source: str, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.field = self.problems[0].path if self.problems else "$"
        self.given = source
        self.expected = "data matching the structure"
        self.where = source
        lines = "\n".join(f"  {p}" for p in self.problems)
        Exception.__init__(self, f"{source}: {len(self.problems)} problem(s):\n{lines}")


def _plain_decimal(value: Decimal) -> str:
    return format(value, "f")


def _structure_decimal(value: object, _type: object) -> Decimal:
    return amount(value, notation="plain", field="number")


def _structure_date(value: object, _type: object) -> Date:
    if isinstance(value, str | dt.date):
        return to_date(value)
    raise InvalidInputError("date", given=value, expected="a date as jjjj-mm-dd")


def _structure_fraction(value: object, _type: object) -> Fraction:
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise InvalidInputError("fraction", given=value, expected="a fraction such as '1/3'")


def _structure_str(value: object, _type: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError("text", given=value, expected="text")
    return value


def _structure_int(value: object, _type: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("number", given=value, expected="a whole number")
    return value


def _structure_bool(value: object, _type: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError("flag", given=value, expected="true or false")
    return value


def make_converter() -> cattrs.Converter:
    """A fresh converter with wmd's hooks; extend it for a format of your own.

    Text and whole numbers are taken as they are: ``1`` is not text and ``"1"`` is
    not a number, so a typo in a file is reported instead of guessed.

    >>> make_converter().unstructure(Decimal("1E+3"))
    '1000'
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_unstructure_hook(Decimal, _plain_decimal)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Date, lambda d: d.isoformat())
    conv.register_structure_hook(Date, _structure_date)
    conv.register_unstructure_hook(Fraction, str)
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)  # after int: bool is an int subclass
    conv.register_unstructure_hook_func(
        lambda t: t is tuple or getattr(t, "__origin__", None) is tuple,
        lambda value: [conv.unstructure(item) for item in value],
    )
    conv.register_unstructure_hook_factory(_has_kind, lambda cls: _unstructure_kind(conv, cls))
    conv.register_structure_hook_factory(_has_kind, lambda cls: _structure_kind(conv, cls))
    conv.register_structure_hook_factory(_is_kind_union, lambda cls: _structure_union(conv, cls))
    conv.register_unstructure_hook_factory(_has_plain, lambda cls: _unstructure_plain(conv, cls))
    conv.register_structure_hook_factory(_has_plain, lambda cls: _structure_plain(conv, cls))
    return conv


# --- classes written as another: ``__plain__`` -------------------------------------------------
#
# A class whose state is not its ``__init__`` fields (a Registry holds columns and makes its
# members when asked) names an attrs class of exactly what is written: ``__plain__`` has a
# classmethod ``of(value)`` and a method ``build()`` giving the value back.


def _has_plain(cls: object) -> bool:
    return isinstance(cls, type) and "__plain__" in cls.__dict__


def _unstructure_plain(conv: cattrs.Converter, cls: type) -> Callable[[Any], Any]:
    plain = cls.__plain__  # type: ignore[attr-defined]
    return lambda value: conv.unstructure(plain.of(value), plain)


def _structure_plain(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    plain = cls.__plain__  # type: ignore[attr-defined]
    return lambda data, _type: conv.structure(data, plain).build()


# --- tagged unions: types that say their own kind ----------------------------------------------
#
# A class says how it is written by declaring ``kind: ClassVar[str] = "rate"``; a Protocol
# declaring ``kind: ClassVar[str]`` is the union of the classes of its own module that
# declare one. The hooks below are built from the types themselves when the converter
# first meets them, so nothing needs registering and no result depends on import order.


def _has_kind(cls: object) -> bool:
    return isinstance(cls, type) and attrs.has(cls) and isinstance(getattr(cls, "kind", None), str)


def _is_kind_union(cls: object) -> bool:
    return (
        isinstance(cls, type)
        and bool(getattr(cls, "_is_protocol", False))
        and "kind" in getattr(cls, "__annotations__", {})
    )


def kinds_of(union: type) -> dict[str, type]:
    """The classes a tagged union stands for, by the ``kind`` each declares.

    ``union`` is a Protocol declaring ``kind: ClassVar[str]``; its members are the
    attrs classes defined in the same module that declare a ``kind``.

    >>> from wmd.finance.formulas import Formula
    >>> sorted(kinds_of(Formula))
    ['fixed', 'lookup', 'marginal', 'rate', 'sum']
    """
    module = sys.modules[union.__module__]
    found = {
        value.kind: value
        for value in vars(module).values()
        if _has_kind(value) and value.__module__ == union.__module__
    }
    return dict(sorted(found.items()))


def _unstructure_kind(conv: cattrs.Converter, cls: type) -> Callable[[Any], dict[str, Any]]:
    fields: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, conv)
    kind = cls.kind  # type: ignore[attr-defined]

    def unstructure_kind(value: Any) -> dict[str, Any]:  # noqa: ANN401 - any class with a kind
        return {"kind": kind, **fields(value)}

    return unstructure_kind


def _structure_kind(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    fields: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True
    )
    kind = cls.kind  # type: ignore[attr-defined]

    def structure_kind(data: Any, _type: Any) -> Any:  # noqa: ANN401 - plain data
        if isinstance(data, dict) and "kind" in data:
            if data["kind"] != kind:
                raise InvalidInputError("kind", given=data["kind"], expected=repr(kind))
            data = {k: v for k, v in data.items() if k != "kind"}
        return fields(data, cls)

    return structure_kind


def _structure_union(conv: cattrs.Converter, union: type) -> Callable[[Any, Any], Any]:
    def structure_union(data: Any, _type: Any) -> Any:  # noqa: ANN401 - plain data
        kinds = kinds_of(union)
        if not isinstance(data, dict):
            raise InvalidInputError(
                union.__name__.lower(), given=data, expected="a table with a kind"
            )
        kind = data.get("kind")
        if kind not in kinds:
            raise InvalidInputError("kind", given=kind, expected=f"one of {sorted(kinds)}")
        return conv.structure(data, kinds[kind])

    return structure_union


converter: Final[cattrs.Converter] = make_converter()
"""The shared converter; use it rather than building another."""


def _reason(exc: BaseException, type_: object) -> str:
    if isinstance(exc, ProblemsError | InconsistenciesError):
        return "; ".join(
            f"{p.field}: expected {p.expected}, got {shown(p.given)}" for p in exc.problems
        )
    if isinstance(exc, InvalidInputError):
        return f"{exc.field}: expected {exc.expected}, got {exc.given!r}"
    if isinstance(exc, WmdError):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)  # type: ignore[arg-type]


def structure(data: object, cls: type[T], *, source: str = "data") -> T:
    """Turn plain data into a ``cls`` value, or raise one error listing every problem.

    Raises:
        StructureError: naming ``source`` and every bad path.

    >>> from wmd.members import YearFigures
    >>> structure({"year": 2012, "wage_sum": "812000.50"}, YearFigures)
    YearFigures(year=2012, wage_sum=Decimal('812000.50'), headcount=None, fte=None)
    >>> structure({"year": "2012", "wage_sum": "1.234,5"}, YearFigures)
    Traceback (most recent call last):
    ...
    wmd.convert.StructureError: data: 2 problem(s):
      $.year: number: expected a whole number, got '2012'
      $.wage_sum: number: expected a number in plain notation (1234.56), got '1.234,5'
    """
    try:
        limits.check_structure(data, source=source)
    except WmdError as err:
        raise StructureError(source, [Problem("$", str(err))]) from None
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as group:
        messages = cattrs.transform_error(group, path="$", format_exception=_reason)
        raise StructureError(source, [_problem(m) for m in messages]) from None
    except WmdError as err:
        raise StructureError(source, [Problem("$", _reason(err, cls))]) from None
    except (
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        OverflowError,
        RecursionError,
        decimal.InvalidOperation,
        StructureHandlerNotFoundError,
    ) as err:
        raise StructureError(source, [Problem("$", _reason(err, cls))]) from None


def _problem(message: str) -> Problem:
    reason, _, path = message.rpartition(" @ ")
    return Problem(path or "$", reason or message)


def unstructure(value: object) -> Any:  # noqa: ANN401 - plain data of any shape
    """Turn a wmd value into plain data (dicts, lists, text, numbers, ``None``).

    >>> unstructure((Decimal("0.5"), pendulum.date(2012, 1, 1)))
    ['0.5', '2012-01-01']
    """
    return converter.unstructure(value)


def to_json(value: object, *, indent: int | None = 2) -> str:
    """The value as JSON text (amounts as strings, dates as ISO text).

    >>> to_json({"wage_sum": Decimal("1.50")}, indent=None)
    '{"wage_sum": "1.50"}'
    """
    return json.dumps(unstructure(value), indent=indent, ensure_ascii=False)


def from_json(text: str | bytes, cls: type[T], *, source: str = "JSON") -> T:
    """Read a ``cls`` value from JSON text.

    Raises:
        StructureError: for text that is not JSON, or data that does not fit ``cls``.

    >>> from_json("[1, 2", list[int])
    Traceback (most recent call last):
    ...
    wmd.convert.StructureError: JSON: 1 problem(s):
      $: not valid JSON: ...
    >>> from_json("[" * 100_000, list[int])
    Traceback (most recent call last):
    ...
    wmd.convert.StructureError: JSON: 1 problem(s):
      $: ...
    """
    try:
        plain = limits.decode(text, source=source) if isinstance(text, bytes) else text
        limits.scan(plain, source=source, kind="JSON")
        try:
            data = json.loads(plain)
        except (json.JSONDecodeError, ValueError, RecursionError) as err:
            raise StructureError(source, [Problem("$", f"not valid JSON: {err}")]) from None
        limits.check_structure(data, source=source)
    except StructureError:
        raise
    except WmdError as err:
        raise StructureError(source, [Problem("$", str(err))]) from None
    return structure(data, cls, source=source)
