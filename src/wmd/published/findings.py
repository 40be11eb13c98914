"""Findings of a report audit: the relations that fail, their likely culprit, and how sure.

A :class:`ReportFinding` keeps values, not sentences: the relations that fail
(with the line of the file), the :class:`Culprit` (table, row, column, the printed
text, the value it would need and the kind of misprint), the other figures that
fit, and how sure the culprit is. The language is chosen only when it is rendered
with :meth:`ReportFinding.describe`, Dutch or English, numbers through babel.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

import attrs

from wmd.i18n import format_amount, label, resolve_lang

if TYPE_CHECKING:
    from wmd.published.relations import AnyRelation
    from wmd.published.report import Figure

__all__ = ["CERTAINTY_TEXT", "Certainty", "Culprit", "ReportFinding"]

Certainty = Literal["unreadable", "only", "likely", "equal", "claim", "none"]


def _show(value: Fraction, lang: str | None) -> str:
    """An exact number for a person: whole ones grouped, others to two decimals, a minus sign."""
    if value.denominator == 1:
        return format_amount(Decimal(value.numerator), lang, parentheses=False)
    rounded = Decimal(round(value * 100)).scaleb(-2)
    return format_amount(rounded, lang, decimals=2, parentheses=False)


@attrs.frozen
class Culprit:
    """The printed figure (or the text's claim) most likely wrong, and what it would need to read.

    Attributes:
        figure: the figure's name (``equity.totaal.2012``), or ``""`` for a claim of the text.
        table, row, column: where it is printed.
        printed: the text as printed.
        needed: the value that makes the failing relations hold (``None`` if unknown).
        kind: the kind of misprint (:data:`wmd.published.misprints.KINDS`).
        line: the line of the file.
        row_en, column_en: English labels, when known.
    """

    figure: str
    table: str
    row: str
    column: str
    printed: str
    needed: Fraction | None
    kind: str
    line: int | None = None
    row_en: str | None = None
    column_en: str | None = None

    @classmethod
    def of(cls, figure: Figure, needed: Fraction | None, kind: str) -> Culprit:
        """The culprit ``figure`` with the value it would need."""
        return cls(
            figure.name,
            figure.table,
            figure.row,
            figure.column,
            figure.printed,
            needed,
            kind,
            figure.line,
            figure.row_en,
            figure.column_en,
        )

    @classmethod
    def claim(cls, relation: AnyRelation) -> Culprit:
        """The text's claim of ``relation`` itself: no printed figure explains it."""
        return cls(
            "", relation.table, relation.claim, "", "", None, "the claim of the text", relation.line
        )

    def label(self, lang: str | None = None) -> str:
        """Where the culprit is printed, in ``lang``."""
        if not self.figure:
            return f"{label('text', lang)}: {label(self.row, lang)}"
        english = resolve_lang(lang) == "en"
        row = self.row_en if english and self.row_en else self.row
        column = self.column_en if english and self.column_en else self.column
        parts = [label(self.table.replace("_", " "), lang), label(row, lang)]
        parts += [label(column, lang)] if column else []
        return ": ".join(parts)

    def describe(self, lang: str | None = None) -> str:
        """``<where> (line N): printed X, would need Y (<kind>)``."""
        line = f" ({label('line', lang)} {self.line})" if self.line else ""
        if not self.figure:
            return f"{self.label(lang)}{line}: " + label(
                "the claim of the text does not hold", lang
            )
        text = f"{self.label(lang)}{line}: {label('printed', lang)} {self.printed}"
        if self.needed is not None:
            text += f", {label('would need', lang)} {_show(self.needed, lang)} ({label(self.kind, lang)})"
        return text


CERTAINTY_TEXT: Final[dict[str, str]] = {
    "unreadable": "cannot be read; the relations give its value",
    "only": "one figure explains all these failing relations",
    "likely": "most likely; other figures would also fit",
    "equal": "explanations that fit equally",
    "claim": "no printed figure explains it: the text is wrong or leaves something out",
    "none": "no single printed figure explains this",
}


@attrs.frozen
class ReportFinding:
    """Failing relations (or an unreadable figure) with their likely culprit.

    Attributes:
        state: ``"unreadable"`` for a figure that cannot be read, ``"failing"`` for relations that fail.
        relations: the relations concerned (for an unreadable figure: those that give its value).
        culprit: the most likely culprit, or ``None``.
        alternatives: other culprits that restore the same relations.
        certainty: ``"only"`` (one figure explains them), ``"likely"`` (others fit less
            plausibly), ``"equal"`` (others fit equally), ``"none"``, or ``"unreadable"``.
        values: the figures' values the relations were evaluated with.
    """

    state: Literal["unreadable", "failing"]
    relations: tuple[AnyRelation, ...]
    culprit: Culprit | None
    alternatives: tuple[Culprit, ...] = ()
    certainty: Certainty = "only"
    values: Mapping[str, Fraction] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def figures(self) -> tuple[str, ...]:
        """The culprit and the alternatives, by name (``""`` for a claim of the text)."""
        return tuple(c.figure for c in (self.culprit, *self.alternatives) if c is not None)

    def describe(self, lang: str | None = None) -> str:
        """The finding for a person: the culprit, how sure, the alternatives and each relation."""
        head = self.culprit.describe(lang) if self.culprit else label("no culprit found", lang)
        head = head[:1].upper() + head[1:]
        certainty = label(CERTAINTY_TEXT[self.certainty], lang)
        lines = [f"{head}. {certainty[:1].upper()}{certainty[1:]}."]
        lines += [f"  {label('or', lang)}: {alt.describe(lang)}" for alt in self.alternatives]
        for relation in self.relations:
            sides = relation.sides(self.values)
            shown = ""
            if sides is not None:
                left, right = (_show(v, lang) for v in sides)
                shown = f": {left} {label('against', lang)} {right}"
                if sides[0] != sides[1]:
                    shown += f" ({label('difference', lang)} {_show(sides[0] - sides[1], lang)})"
            line = f" ({label('line', lang)} {relation.line})" if relation.line else ""
            lines.append(f"  - {label(relation.what, lang)}{shown}{line}")
        return "\n".join(lines)

    def __str__(self) -> str:
        """The finding in English."""
        return self.describe("en")
