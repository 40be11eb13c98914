"""The registry in a notebook: a one-line repr, an HTML summary, and pandas frames both ways.

:func:`to_pandas` gives three DataFrames, one per kind of record, keyed by the member id:

=============  ==========================================================================
frame          columns (one row per ...)
=============  ==========================================================================
``members``    ``id``, ``name``, ``kvk``, ``legal_form``, ``sectors`` (codes joined by
               ``;``), ``sector_split`` (fractions joined by ``;``) -- per member
``figures``    ``id``, ``year``, ``wage_sum``, ``headcount``, ``fte`` -- per member-year
``spells``     ``id``, ``start``, ``end``, ``end_reason``, ``successor`` -- per spell
=============  ==========================================================================

Amounts (``wage_sum``, ``fte``) are exact ``Decimal`` objects, ``headcount`` is pandas'
nullable ``Int64``, dates are ``datetime.date`` objects and ``end`` is the first day no
longer a member (as everywhere in wmd). Unknown figures are ``None``/``<NA>``.
``to_pandas(registry, tidy=True)`` gives one frame instead: ``figures`` joined with the
member columns, one row per member-year (members without figures get one row with an
empty year).

:func:`from_pandas` reads the three frames back through the same checked door as
wmd's record CSV (:func:`wmd.members.io.read_csv`): every bad cell is reported and
nothing is loaded, so any source pandas reads (a database through ``read_sql``, a
parquet file) comes in checked.

>>> import pendulum
>>> from decimal import Decimal
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> reg = Registry((Member("A1", "Stichting A", sectors=("LW",),
...     figures=(YearFigures(2012, wage_sum=Decimal("812000.50"), headcount=20),),
...     spells=(Membership(pendulum.date(2001, 1, 1)),)),))
>>> frames = to_pandas(reg)
>>> frames.figures
   id  year   wage_sum  headcount   fte
0  A1  2012  812000.50         20  None
>>> from_pandas(frames.members, frames.figures, frames.spells) == reg
True
>>> short_repr(reg)
'Registry(1 member, 1 with figures for 2012, sectors LW MD PSZ MO AT KS)'
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from wmd.members.io import COLUMNS, read_csv
from wmd.members.member import LegalForm
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.periods import Date
from wmd.tables import require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["RegistryFrames", "from_pandas", "short_repr", "summary_html", "to_pandas"]

MEMBER_COLUMNS = ("id", "name", "kvk", "legal_form", "sectors", "sector_split")
FIGURE_COLUMNS = ("id", "year", "wage_sum", "headcount", "fte")
SPELL_COLUMNS = ("id", "start", "end", "end_reason", "successor")


@attrs.frozen
class RegistryFrames:
    """The three frames of a registry (see the module docstring)."""

    members: pd.DataFrame
    figures: pd.DataFrame
    spells: pd.DataFrame


def _date(value: Date | None) -> dt.date | None:
    return None if value is None else dt.date(value.year, value.month, value.day)


def to_pandas(registry: Registry, *, tidy: bool = False) -> Any:  # noqa: ANN401 - RegistryFrames or a DataFrame
    """The registry as :class:`RegistryFrames`, or one tidy frame with ``tidy=True``.

    Raises:
        MissingExtraError: without pandas (extra ``pandas``).
    """
    pd = require_pandas()
    members = pd.DataFrame(
        [
            (
                m.id,
                m.name,
                m.kvk,
                m.legal_form.value,
                ";".join(m.sectors),
                None
                if m.sector_split is None
                else ";".join(format(s, "f") for s in m.sector_split),
            )
            for m in registry
        ],
        columns=list(MEMBER_COLUMNS),
    )
    figures = pd.DataFrame(
        [(m.id, f.year, f.wage_sum, f.headcount, f.fte) for m in registry for f in m.figures],
        columns=list(FIGURE_COLUMNS),
    )
    figures["year"] = figures["year"].astype("int64")
    figures["headcount"] = figures["headcount"].astype("Int64")
    figures["wage_sum"] = figures["wage_sum"].astype(object)
    figures["fte"] = figures["fte"].astype(object)
    spells = pd.DataFrame(
        [
            (
                m.id,
                _date(s.start),
                _date(s.end),
                None if s.end_reason is None else s.end_reason.value,
                s.successor,
            )
            for m in registry
            for s in m.spells
        ],
        columns=list(SPELL_COLUMNS),
    )
    if tidy:
        return members.merge(figures, on="id", how="left")
    return RegistryFrames(members, figures, spells)


def _cell(value: object) -> str:
    """A frame cell as record-CSV text (exact; a missing value is empty)."""
    if value is None or value is getattr(require_pandas(), "NA", None):
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def from_pandas(
    members: pd.DataFrame,
    figures: pd.DataFrame | None = None,
    spells: pd.DataFrame | None = None,
    *,
    sectors: tuple[Sector, ...] = PUBLISHED_SECTORS,
) -> Registry:
    """A registry from frames shaped like :func:`to_pandas`'s, checked like wmd's record CSV.

    Raises:
        BadFileError: listing every bad cell (rows are numbered in the order
            members, figures, spells); nothing is loaded.
    """
    buffer = io.StringIO()
    import csv  # noqa: PLC0415 - only here

    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    if tuple(sectors) != PUBLISHED_SECTORS:
        for sector in sectors:
            row = {"record": "sector", "id": sector.code, "name": sector.name_nl}
            row["name_en"] = sector.name_en
            writer.writerow([row.get(c, "") for c in COLUMNS])
    for kind, frame in (("member", members), ("figures", figures), ("spell", spells)):
        if frame is None:
            continue
        for record in frame.to_dict("records"):
            cells = {str(k): _cell(v) for k, v in record.items()}
            cells["record"] = kind
            if kind == "member" and not cells.get("legal_form"):
                cells["legal_form"] = LegalForm.FOUNDATION.value  # the Member default
            writer.writerow([_quoted(c, cells.get(c, "")) for c in COLUMNS])
    buffer.seek(0)
    buffer.name = "DataFrame"
    return read_csv(buffer)


def _quoted(column: str, text: str) -> str:
    """Text cells pass read_csv's un-escaping unchanged (it removes one leading quote)."""
    from wmd.members.io import neutralise_cell  # noqa: PLC0415 - keeps the import list short

    return text if column in {"year", "wage_sum", "headcount", "fte"} else neutralise_cell(text)


def _years_with_figures(registry: Registry) -> Counter[int]:
    """Per year, how many members have a wage sum (from the registry's columns)."""
    columns = registry.columns
    _units, known, _exact = columns.figure_units("wage_sum", 100)
    return Counter(columns.figure_year[known].tolist())


def short_repr(registry: Registry) -> str:
    """One line: how many members, which years have wage sums, which sectors.

    >>> short_repr(Registry(()))
    'Registry(0 members, no figures, sectors LW MD PSZ MO AT KS)'
    """
    count = len(registry)
    years = _years_with_figures(registry)
    if years:
        first, last = min(years), max(years)
        span = str(first) if first == last else f"{first}-{last}"
        latest = years[last]
        figures = f"{latest} with figures for {last}" + ("" if first == last else f" ({span})")
    else:
        figures = "no figures"
    codes = " ".join(s.code for s in registry.sectors)
    noun = "member" if count == 1 else "members"
    return f"Registry({count} {noun}, {figures}, sectors {codes})"


def summary_html(registry: Registry, *, rows: int = 5) -> str:
    """An HTML summary for Jupyter: members at the last year end, per sector, years, first rows.

    >>> "<table" in summary_html(Registry(()))
    True
    """
    years = _years_with_figures(registry)
    last = max(years) if years else None
    on_day = None
    if last is not None:
        from wmd.periods import Year  # noqa: PLC0415 - only for the date

        on_day = Year(last).last_day
    columns = registry.columns
    present = registry.member_rows_on(on_day).tolist() if on_day else range(len(columns))
    per_sector = Counter(code for k in present for code in columns.sectors[k])
    head = [
        f"<p><b>Registry</b>: {len(registry)} members"
        + (f", {len(present)} on {on_day.isoformat()}" if on_day is not None else "")
        + "</p>",
        "<p>Years with wage sums: "
        + (", ".join(f"{y} ({n})" for y, n in sorted(years.items())) or "none")
        + "</p>",
        "<table><tr><th>sector</th><th>members</th></tr>",
        *(
            f"<tr><td>{html.escape(s.code)} {html.escape(s.name_nl)}</td>"
            f"<td>{per_sector.get(s.code, 0)}</td></tr>"
            for s in registry.sectors
        ),
        "</table>",
        "<table><tr><th>id</th><th>name</th><th>sectors</th><th>member since</th></tr>",
    ]
    for member in (registry.member(i) for i in registry.columns.ids[:rows]):
        since = member.spells[0].start.isoformat() if member.spells else ""
        head.append(
            f"<tr><td>{html.escape(member.id)}</td><td>{html.escape(member.name)}</td>"
            f"<td>{html.escape(' '.join(member.sectors))}</td><td>{since}</td></tr>"
        )
    head.append("</table>")
    if len(registry) > rows:
        head.append(f"<p>... and {len(registry) - rows} more members</p>")
    return "\n".join(head)
