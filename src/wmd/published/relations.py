"""Relations between printed figures: sums, shares, roll-forwards and the user's own.

A relation ties named printed figures together, such as ``equity.totaal.2012 ==
equity.bestemmingsreserves.2012 + equity.algemene_reserves.2012``. A relation
*holds* for some values of its figures, *fails* for others, and can be *solved*
for one of its figures: the value that figure would need for the relation to
hold. Locating a misprint (:mod:`wmd.published.misprints`) is built on these three
verbs. Arithmetic is exact (:class:`~fractions.Fraction`); nothing here formats.

Users write relations of their own in a small expression form, parsed here by a
tokenizer and a recursive-descent parser (never ``eval``): names of figures,
numbers in plain notation (``100``, ``0.5``), ``+ - * /``, parentheses and one
comparison ``==``, ``<=`` or ``>=``; ``within N`` after the expression gives a
tolerance:

>>> from fractions import Fraction
>>> r = parse_relation("dues.actual - dues.budget == dues.above_budget within 500")
>>> r.figures
('dues.actual', 'dues.budget', 'dues.above_budget')
>>> r.holds({"dues.actual": Fraction(2987055), "dues.budget": Fraction(2756000),
...          "dues.above_budget": Fraction(231000)})
True
>>> r.solve("dues.above_budget", {"dues.actual": Fraction(2987055), "dues.budget": Fraction(2756000)})
Fraction(231055, 1)
>>> parse_relation("equity.totaal.2012 = 1")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: relation: expected an expression: names, numbers, + - * / ( ) and one comparison ==, <= or >= (then 'within N'); stopped at character 20 ('='), got 'equity.totaal.2012 = 1'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Final

import attrs

from wmd.errors import InvalidInputError
from wmd.members.keyfigures import _percent as percent_of

__all__ = [
    "Comparison",
    "Expr",
    "Relation",
    "ShareRelation",
    "parse_expression",
    "parse_relation",
]

Values = Mapping[str, Fraction]

_EXPECTED: Final = (
    "an expression: names, numbers, + - * / ( ) and one comparison ==, <= or >= (then 'within N')"
)
_TOKEN: Final = re.compile(
    r"\s*(?:(?P<number>[0-9]+(?:\.[0-9]+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)"
    r"|(?P<op>==|<=|>=|[-+*/()])|(?P<bad>\S))"
)


class Comparison(enum.StrEnum):
    """How the two sides of a relation compare."""

    EQ = "=="
    LE = "<="
    GE = ">="


@attrs.frozen
class Expr:
    """An arithmetic expression over named figures: a number, a name, or ``op`` of two parts.

    >>> e = parse_expression("a + 2 * b")
    >>> e.value({"a": Fraction(1), "b": Fraction(3)})
    Fraction(7, 1)
    >>> e.names()
    ('a', 'b')
    """

    op: str  # "num", "name", "+", "-", "*", "/", "neg"
    number: Fraction = Fraction(0)
    name: str = ""
    parts: tuple[Expr, ...] = ()

    def names(self) -> tuple[str, ...]:
        """The figures named, in order of first appearance."""
        if self.op == "name":
            return (self.name,)
        out: list[str] = []
        for part in self.parts:
            out += [n for n in part.names() if n not in out]
        return tuple(out)

    def value(self, values: Values) -> Fraction | None:
        """The exact value, or ``None`` when a figure is unknown or a divisor is zero."""
        linear = self.linear(values, "")
        return None if linear is None or linear[1] != 0 else linear[0]

    def linear(self, values: Values, unknown: str) -> tuple[Fraction, Fraction] | None:
        """``(a, b)`` with the expression equal to ``a + b * unknown``; ``None`` if it is not linear.

        >>> parse_expression("2 * x + 1").linear({}, "x")
        (Fraction(1, 1), Fraction(2, 1))
        """
        if self.op == "num":
            return self.number, Fraction(0)
        if self.op == "name":
            if self.name == unknown:
                return Fraction(0), Fraction(1)
            known = values.get(self.name)
            return None if known is None else (known, Fraction(0))
        sides = [part.linear(values, unknown) for part in self.parts]
        if any(side is None for side in sides):
            return None
        (a, b), *rest = [side for side in sides if side is not None]
        if self.op == "neg":
            return -a, -b
        c, d = rest[0]
        result: tuple[Fraction, Fraction] | None = None
        if self.op == "+":
            result = (a + c, b + d)
        elif self.op == "-":
            result = (a - c, b - d)
        elif self.op == "*" and (b == 0 or d == 0):
            result = (a * c, a * d + b * c)
        elif self.op == "/" and d == 0 and c != 0:
            result = (a / c, b / c)
        return result


def _stop(text: str, at: str) -> InvalidInputError:
    return InvalidInputError(
        "relation", given=text.strip(), expected=f"{_EXPECTED}; stopped at {at}"
    )


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # pragma: no cover - the pattern matches any non-space
            break
        kind = match.lastgroup or "bad"
        start = match.start(kind)
        if kind == "bad":
            raise _stop(text, f"character {start + 1} ({match[kind]!r})")
        out.append((kind, match[kind], start))
        position = match.end()
    return out


class _Parser:
    """Recursive descent over ``sum := term (('+'|'-') term)*``, ``term := unary (('*'|'/') unary)*``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def fail(self) -> InvalidInputError:
        if self.at < len(self.tokens):
            _, token, start = self.tokens[self.at]
            return _stop(self.text, f"character {start + 1} ({token!r})")
        return _stop(self.text, "the end")

    def peek(self) -> str:
        return self.tokens[self.at][1] if self.at < len(self.tokens) else ""

    def take(self) -> tuple[str, str, int]:
        if self.at >= len(self.tokens):
            raise self.fail()
        self.at += 1
        return self.tokens[self.at - 1]

    def sum(self) -> Expr:
        left = self.term()
        while self.peek() in {"+", "-"}:
            op = self.take()[1]
            left = Expr(op, parts=(left, self.term()))
        return left

    def term(self) -> Expr:
        left = self.unary()
        while self.peek() in {"*", "/"}:
            op = self.take()[1]
            left = Expr(op, parts=(left, self.unary()))
        return left

    def unary(self) -> Expr:
        if self.peek() == "-":
            self.take()
            return Expr("neg", parts=(self.unary(),))
        if self.peek() == "(":
            self.take()
            inner = self.sum()
            if self.peek() != ")":
                raise self.fail()
            self.take()
            return inner
        if self.at >= len(self.tokens):
            raise self.fail()
        kind, token, _ = self.tokens[self.at]
        if kind == "number":
            self.take()
            return Expr("num", number=Fraction(token))
        if kind == "name" and token != "within":  # noqa: S105 - a keyword, not a password
            self.take()
            return Expr("name", name=token)
        raise self.fail()


def parse_expression(text: str) -> Expr:
    """Parse an arithmetic expression (no comparison).

    Raises:
        InvalidInputError: naming the character where the expression stops making sense.

    >>> parse_expression("(a + b) / 2").value({"a": Fraction(1), "b": Fraction(2)})
    Fraction(3, 2)
    """
    if not isinstance(text, str):
        raise InvalidInputError("relation", given=text, expected=_EXPECTED)
    parser = _Parser(text)
    expr = parser.sum()
    if parser.at != len(parser.tokens):
        raise parser.fail()
    return expr


@attrs.frozen
class Relation:
    """``left <comparison> right``, within ``tolerance``: a relation that is linear in each figure.

    Attributes:
        left, right: the two sides.
        comparison: ``==`` (within the tolerance), ``<=`` or ``>=``.
        tolerance: how far apart the sides may be (exact), e.g. half a unit of a
            rounded figure.
        what: an English message id describing the relation, for findings.
        table: the table (section) the relation belongs to, or ``"relations"``
            for relations across tables.
        line: the line of the file the relation was written on, if any.
        claim: a figure-free claim of the text (the relation *is* the claim), so
            the text itself can be the culprit.
    """

    left: Expr
    right: Expr
    comparison: Comparison = Comparison.EQ
    tolerance: Fraction = Fraction(0)
    what: str = ""
    table: str = "relations"
    line: int | None = None
    claim: str = ""

    @property
    def figures(self) -> tuple[str, ...]:
        """The figures named, left side first."""
        names = list(self.left.names())
        names += [n for n in self.right.names() if n not in names]
        return tuple(names)

    def sides(self, values: Values) -> tuple[Fraction, Fraction] | None:
        """Both sides' values, or ``None`` when a figure is unknown."""
        left, right = self.left.value(values), self.right.value(values)
        return None if left is None or right is None else (left, right)

    def holds(self, values: Values) -> bool | None:
        """Whether the relation holds; ``None`` when it cannot be evaluated."""
        sides = self.sides(values)
        if sides is None:
            return None
        difference = sides[0] - sides[1]
        if self.comparison is Comparison.LE:
            return difference <= self.tolerance
        if self.comparison is Comparison.GE:
            return difference >= -self.tolerance
        return abs(difference) <= self.tolerance

    def solve(self, figure: str, values: Values) -> Fraction | None:
        """The value ``figure`` would need for both sides to be equal; ``None`` if not linear in it."""
        known = {k: v for k, v in values.items() if k != figure}
        left, right = self.left.linear(known, figure), self.right.linear(known, figure)
        if left is None or right is None or left[1] == right[1]:
            return None
        return (right[0] - left[0]) / (left[1] - right[1])


@attrs.frozen
class ShareRelation:
    """A printed share is ``part / whole`` as a percentage, rounded (half up) to its printed decimals.

    ``part`` and ``whole`` are figure names or fixed numbers (a total share is
    ``1 / 1``).

    >>> r = ShareRelation("s", "p", "w", 1)
    >>> r.holds({"s": Fraction("65.6"), "p": Fraction(502), "w": Fraction(765)})
    True
    >>> r.solve("s", {"p": Fraction(186992376), "w": Fraction(1439651139)})
    Fraction(13, 1)
    """

    share: str
    part: str | Fraction
    whole: str | Fraction
    decimals: int
    what: str = "printed share differs from the share recomputed from the parts"
    table: str = ""
    line: int | None = None
    claim: str = ""

    @property
    def figures(self) -> tuple[str, ...]:
        """The share, then the part and the whole when they are figures."""
        return tuple(x for x in (self.share, self.part, self.whole) if isinstance(x, str))

    def _get(self, x: str | Fraction, values: Values) -> Fraction | None:
        return values.get(x) if isinstance(x, str) else x

    def computed(self, values: Values) -> Fraction | None:
        """The share recomputed from the part and the whole at the printed precision."""
        part, whole = self._get(self.part, values), self._get(self.whole, values)
        if part is None or whole is None or whole == 0:
            return None
        return Fraction(percent_of(part / whole, self.decimals))

    def sides(self, values: Values) -> tuple[Fraction, Fraction] | None:
        """The printed share and the recomputed one."""
        share, computed = values.get(self.share), self.computed(values)
        return None if share is None or computed is None else (share, computed)

    def holds(self, values: Values) -> bool | None:
        """Whether the printed share is the recomputed one; ``None`` when a figure is unknown."""
        sides = self.sides(values)
        return None if sides is None else sides[0] == sides[1]

    def solve(self, figure: str, values: Values) -> Fraction | None:
        """The share recomputed; or the whole-unit part or whole that gives the printed share."""
        share = values.get(self.share)
        if figure == self.share:
            return self.computed(values)
        part, whole = self._get(self.part, values), self._get(self.whole, values)
        if share is None:
            return None
        if figure == self.part and whole is not None:
            return Fraction(round(share * whole / 100))
        if figure == self.whole and part is not None and share != 0:
            return Fraction(round(part * 100 / share))
        return None


AnyRelation = Relation | ShareRelation


def parse_relation(text: str, *, what: str = "", line: int | None = None) -> Relation:
    """Parse ``<expression> <comparison> <expression> [within <number>]``.

    Raises:
        InvalidInputError: when the text is not such a relation; the message names
            the character where it goes wrong.

    >>> parse_relation("a + b <= c within 0.5").tolerance
    Fraction(1, 2)
    """
    if not isinstance(text, str):
        raise InvalidInputError("relation", given=text, expected=_EXPECTED)
    body, _, within = text.partition(" within ")
    tolerance = Fraction(0)
    if within:
        try:
            tolerance = Fraction(within.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidInputError(
                "within", given=within.strip(), expected="a plain number >= 0, such as 500 or 0.5"
            ) from None
        if tolerance < 0:
            raise InvalidInputError("within", given=within.strip(), expected="a number >= 0")
    parser = _Parser(body)
    left = parser.sum()
    if parser.peek() not in {c.value for c in Comparison}:
        raise parser.fail()
    comparison = Comparison(parser.take()[1])
    right = parser.sum()
    if parser.at != len(parser.tokens):
        raise parser.fail()
    return Relation(left, right, comparison, tolerance, what or text.strip(), line=line)


def names_in(relations: Sequence[AnyRelation]) -> tuple[str, ...]:
    """Every figure named in ``relations``, in order."""
    out: list[str] = []
    for relation in relations:
        out += [n for n in relation.figures if n not in out]
    return tuple(out)
