"""Tables for people: one shape rendered as terminal text, Markdown, HTML or pandas.

Domain objects (key figures, statements, dues rolls, registers) build a
:class:`Table` of already formatted cells for one language; this module only lays
it out. Numbers are right-aligned, total rows are marked, and HTML is escaped.

>>> from wmd.tables import Table
>>> t = Table(
...     title="Leden",
...     columns=("deelsector", "aantal"),
...     rows=(("Lokaal welzijnswerk", "502"), ("Totaal", "765")),
...     align="lr",
...     total_rows=frozenset({1}),
... )
>>> print(t.to_text())
Leden
deelsector            aantal
----------------------------
Lokaal welzijnswerk      502
----------------------------
Totaal                   765
>>> print(t.to_markdown())
**Leden**
<BLANKLINE>
| deelsector | aantal |
|:--|--:|
| Lokaal welzijnswerk | 502 |
| **Totaal** | **765** |
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from wmd.errors import InvalidInputError, MissingExtraError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Table", "Tabular", "require_pandas"]


def require_pandas() -> Any:  # noqa: ANN401 - the pandas module, typed as Any to keep pandas optional
    """Import pandas, or raise a :class:`~wmd.errors.MissingExtraError` naming the extra."""
    try:
        import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use
    except ModuleNotFoundError:
        raise MissingExtraError("pandas", "pandas") from None
    return pd


def _columns(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in value)


@attrs.frozen
class Table:
    """A titled table of formatted cells.

    Attributes:
        title: shown above the table.
        columns: column headers.
        rows: rows of cells, each as many as there are columns.
        align: one letter per column, ``l`` or ``r``.
        total_rows: indices of rows that are totals (marked in every rendering).
        footnotes: lines shown below the table.
    """

    title: str
    columns: tuple[str, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    align: str = ""
    total_rows: frozenset[int] = frozenset()
    footnotes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise InvalidInputError(
                    "rows",
                    given=len(row),
                    expected=f"{len(self.columns)} cells",
                    where=f"table row {index}",
                )
        if self.align and len(self.align) != len(self.columns):
            raise InvalidInputError(
                "align", given=self.align, expected=f"{len(self.columns)} letters"
            )

    def _align(self, index: int) -> str:
        return self.align[index] if self.align else ("l" if index == 0 else "r")

    def to_text(self) -> str:
        """Plain text with aligned columns, a rule under the header and above totals."""
        widths = [len(c) for c in self.columns]
        for row in self.rows:
            widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

        def line(cells: Sequence[str]) -> str:
            out = []
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
                out.append(cell.ljust(width) if self._align(index) == "l" else cell.rjust(width))
            return "   ".join(out).rstrip()

        rule = "-" * (sum(widths) + 3 * (len(widths) - 1))
        lines = [self.title] if self.title else []
        lines += [line(self.columns), rule]
        for index, row in enumerate(self.rows):
            if index in self.total_rows:
                lines.append(rule)
            lines.append(line(row))
        lines += list(self.footnotes)
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """A Markdown (GitHub) table; totals in bold."""
        lines = [f"**{self.title}**", ""] if self.title else []
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append(
            "|"
            + "|".join(":--" if self._align(i) == "l" else "--:" for i in range(len(self.columns)))
            + "|"
        )
        for index, row in enumerate(self.rows):
            cells = [f"**{c}**" if index in self.total_rows and c else c for c in row]
            lines.append("| " + " | ".join(cells) + " |")
        if self.footnotes:
            lines += ["", *self.footnotes]
        return "\n".join(lines)

    def to_html(self) -> str:
        """An HTML table (escaped) for Jupyter and web pages."""
        esc = html.escape
        out = ['<table class="wmd-table">']
        if self.title:
            out.append(f"<caption>{esc(self.title)}</caption>")
        head = "".join(
            f'<th style="text-align:{"left" if self._align(i) == "l" else "right"}">{esc(c)}</th>'
            for i, c in enumerate(self.columns)
        )
        out.append(f"<thead><tr>{head}</tr></thead><tbody>")
        for index, row in enumerate(self.rows):
            total = index in self.total_rows
            style = ' style="font-weight:bold;border-top:1px solid"' if total else ""
            cells = "".join(
                f'<td style="text-align:{"left" if self._align(i) == "l" else "right"}">{esc(c)}</td>'
                for i, c in enumerate(row)
            )
            out.append(f"<tr{style}>{cells}</tr>")
        out.append("</tbody></table>")
        out += [f"<p>{esc(note)}</p>" for note in self.footnotes]
        return "".join(out)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        return self.to_text()

    def to_pandas(self) -> pd.DataFrame:
        """The cells as a pandas ``DataFrame`` of strings (needs the ``pandas`` extra)."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame(list(self.rows), columns=list(self.columns))
        return frame


class Tabular:
    """Base of results that render as a :class:`Table`: Jupyter shows them as that table.

    A subclass defines ``table(lang="nl", ...)``; ``_repr_html_`` comes from here, so
    every result renders the same way in a notebook.

    >>> import attrs
    >>> @attrs.frozen
    ... class Count(Tabular):
    ...     n: int
    ...     def table(self, lang: str | None = None) -> Table:
    ...         return Table("Aantal", ("n",), ((str(self.n),),))
    >>> Count(3)._repr_html_().startswith('<table class="wmd-table"><caption>Aantal')
    True
    """

    __slots__ = ()

    def table(self, lang: str | None = None) -> Table:
        """The result as a table in ``lang``."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def _repr_html_(self) -> str:
        return self.table().to_html()
