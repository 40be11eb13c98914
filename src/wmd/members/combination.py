"""Combining two associations' registries, for a merger decision.

:func:`combine` puts the members of two registries into one and reports what it
did. Organisations are matched **by KvK number** only. Where a KvK number is
missing on either side, members with similar names are listed as *candidates*
for a person to check; they are never merged silently. Two records of one
organisation that disagree (a different wage sum for a year, different sectors)
are resolved by the stated :class:`Prefer` rule and every such conflict is listed.

Member ids of the combined registry are prefixed (``"A:M001"``, ``"B:0042"``) so
ids that happen to be equal in both registries do not collide; a matched
organisation keeps the first registry's id. Its membership is the union of its
spells in either association.

>>> import pendulum
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> from wmd.members import combine
>>> def org(mid, name, kvk, wage_sum):
...     return Member(mid, name, kvk=kvk, sectors=("LW",),
...         figures=(YearFigures(2014, wage_sum=Decimal(wage_sum)),),
...         spells=(Membership(pendulum.date(2010, 1, 1)),))
>>> mo = Registry((org("1", "Welzijn Noord", "99000001", "500000"), org("2", "Stichting Zuid", None, "90000")))
>>> mee = Registry((org("1", "MEE Noord", "99000001", "520000"), org("7", "Zuid", "99000007", "80000")))
>>> combined, report = combine(mo, mee, labels=("MO", "MEE"))
>>> sorted(m.id for m in combined)
['MEE:7', 'MO:1', 'MO:2']
>>> [(m.a_id, m.b_id) for m in report.matches]
[('1', '1')]
>>> [(c.field, c.a_value, c.b_value, c.resolved) for c in report.conflicts]
[('name', 'Welzijn Noord', 'MEE Noord', 'Welzijn Noord'), ('wage_sum 2014', '500000', '520000', '500000')]
>>> [(c.a_id, c.b_id) for c in report.candidates]  # 'Stichting Zuid' has no KvK number
[('2', '7')]
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.i18n import label
from wmd.members.member import Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import Sector
from wmd.tables import Table, Tabular

__all__ = ["Candidate", "Conflict", "MatchReport", "Prefer", "combine"]

_LEGAL_WORDS = re.compile(r"\b(stichting|vereniging|st\.?|ver\.?|b\.?v\.?)\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class Prefer(enum.StrEnum):
    """Which record wins when two records of one organisation disagree."""

    FIRST = "first"
    """The first registry's record (its association keeps the books)."""
    SECOND = "second"
    """The second registry's record."""
    LARGER = "larger"
    """For figures, the larger of the two (the conservative choice for dues); otherwise the first."""


@attrs.frozen
class Match:
    """One organisation in both registries, matched by KvK number."""

    kvk: str
    a_id: str
    b_id: str
    combined_id: str


@attrs.frozen
class Conflict:
    """Two records of one organisation disagree on ``field``; ``resolved`` is what was kept."""

    combined_id: str
    field: str
    a_value: str
    b_value: str
    resolved: str
    rule: Prefer


@attrs.frozen
class Candidate:
    """Two members that may be one organisation (a KvK number is missing); never merged."""

    a_id: str
    b_id: str
    a_name: str
    b_name: str
    similarity: Decimal


@attrs.frozen
class MatchReport(Tabular):
    """What :func:`combine` did: matches, conflicts and how they were resolved, and candidates."""

    labels: tuple[str, str]
    matches: tuple[Match, ...]
    conflicts: tuple[Conflict, ...]
    candidates: tuple[Candidate, ...]
    id_map: Mapping[tuple[int, str], str] = attrs.field(repr=False)

    def combined_id(self, side: int, member_id: str) -> str:
        """The combined id of a member of the first (``side=0``) or second (``side=1``) registry.

        Raises:
            InvalidInputError: for an id that is not in that registry.
        """
        try:
            return self.id_map[(side, member_id)]
        except KeyError:
            raise InvalidInputError(
                "member_id", given=member_id, expected=f"a member of registry {self.labels[side]}"
            ) from None

    def combine_amounts(
        self, a: Mapping[str, Decimal], b: Mapping[str, Decimal]
    ) -> dict[str, Decimal]:
        """Per combined member, the sum of what it pays in either association (e.g. current dues)."""
        out: dict[str, Decimal] = {}
        for side, amounts in enumerate((a, b)):
            for member_id, value in amounts.items():
                key = self.combined_id(side, member_id)
                out[key] = out.get(key, Decimal("0.00")) + value
        return out

    def table(self, lang: str | None = None) -> Table:
        """The conflicts as a table (what was kept, by which rule)."""
        rows = [(c.combined_id, c.field, c.a_value, c.b_value, c.resolved) for c in self.conflicts]
        first, second = self.labels
        return Table(
            title=label("conflicts", lang).capitalize(),
            columns=(
                label("member", lang),
                label("field", lang),
                first,
                second,
                label("kept", lang),
            ),
            rows=rows,
            align="lllll",
        )


def _normal_name(name: str) -> str:
    return _NOT_WORD.sub(" ", _LEGAL_WORDS.sub(" ", name.lower())).strip()


def _similarity(a: str, b: str) -> Decimal:
    ratio = difflib.SequenceMatcher(None, _normal_name(a), _normal_name(b)).ratio()
    return Decimal(repr(round(ratio, 3)))


def _union_spells(spells: Iterable[Membership]) -> tuple[Membership, ...]:
    """Merge overlapping or touching spells; the merged spell ends as the one that ended last."""
    merged: list[Membership] = []
    for spell in sorted(spells, key=lambda s: s.start):
        if merged:
            last = merged[-1]
            if last.end is None or spell.start <= last.end:
                if last.end is not None and (spell.end is None or spell.end > last.end):
                    merged[-1] = attrs.evolve(
                        last, end=spell.end, end_reason=spell.end_reason, successor=spell.successor
                    )
                continue
        merged.append(spell)
    return tuple(merged)


def _resolve(
    rule: Prefer, a: Decimal | int | None, b: Decimal | int | None
) -> Decimal | int | None:
    if a is None:
        return b
    if b is None:
        return a
    if rule is Prefer.SECOND:
        return b
    if rule is Prefer.LARGER:
        return max(a, b)
    return a


def _merge_figures(
    cid: str, a: Member, b: Member, rule: Prefer, conflicts: list[Conflict]
) -> tuple[YearFigures, ...]:
    years = sorted({f.year for f in a.figures} | {f.year for f in b.figures})
    out = []
    for year in years:
        fa, fb = a.figures_for(year), b.figures_for(year)
        values = {}
        for field in ("wage_sum", "headcount", "fte"):
            va = None if fa is None else getattr(fa, field)
            vb = None if fb is None else getattr(fb, field)
            kept = _resolve(rule, va, vb)
            if va is not None and vb is not None and va != vb:
                conflicts.append(
                    Conflict(cid, f"{field} {year}", str(va), str(vb), str(kept), rule)
                )
            values[field] = kept
        if (
            values["fte"] is not None
            and values["headcount"] is not None
            and values["fte"] > values["headcount"]
        ):
            values["fte"] = values["headcount"]  # mixing records must not break fte <= headcount
        out.append(YearFigures(year, **values))
    return tuple(out)


def _merge_member(
    cid: str, a: Member, b: Member, rule: Prefer, conflicts: list[Conflict]
) -> Member:
    keep_b = rule is Prefer.SECOND
    name = b.name if keep_b else a.name
    if a.name != b.name:
        conflicts.append(Conflict(cid, "name", a.name, b.name, name, rule))
    sectors = (
        (b.sectors + tuple(s for s in a.sectors if s not in b.sectors))
        if keep_b
        else (a.sectors + tuple(s for s in b.sectors if s not in a.sectors))
    )
    if set(a.sectors) != set(b.sectors):
        conflicts.append(
            Conflict(
                cid, "sectors", ",".join(a.sectors), ",".join(b.sectors), ",".join(sectors), rule
            )
        )
    split = (b if keep_b else a).sector_split
    if split is not None and len(split) != len(sectors):
        split = None  # a declared split covers one association's sectors only; fall back to the primary sector
    return Member(
        cid,
        name,
        kvk=a.kvk,
        sectors=sectors,
        sector_split=split,
        figures=_merge_figures(cid, a, b, rule, conflicts),
        spells=_union_spells(a.spells + b.spells),
        legal_form=(b if keep_b else a).legal_form,
    )


def _sector_union(a: Iterable[Sector], b: Iterable[Sector]) -> tuple[Sector, ...]:
    by_code: dict[str, Sector] = {}
    for sector in (*a, *b):
        known = by_code.get(sector.code)
        if known is not None and known != sector:
            raise InconsistentDataError(
                f"sector {sector.code}: defined as {known.name_nl!r} and as {sector.name_nl!r} in the two registries"
            )
        by_code[sector.code] = sector
    return tuple(by_code.values())


def combine(
    first: Registry,
    second: Registry,
    *,
    labels: tuple[str, str] = ("A", "B"),
    prefer: Prefer = Prefer.FIRST,
    name_threshold: Decimal = Decimal("0.8"),
) -> tuple[Registry, MatchReport]:
    """Combine two registries into one; see the module docs.

    Args:
        first: the first association's registry.
        second: the second association's registry.
        labels: id prefixes and column names for the two associations.
        prefer: which record wins when the two records of one organisation disagree.
        name_threshold: similarity (0-1) from which two names without a common KvK
            number are listed as candidates.

    Raises:
        InvalidInputError: for labels that are equal or not usable in an id.
        InconsistentDataError: for a sector code the two registries define differently.
    """
    if labels[0] == labels[1] or not all(
        re.fullmatch(r"[A-Za-z0-9_-]+", label) for label in labels
    ):
        raise InvalidInputError(
            "labels", given=labels, expected="two different short labels of letters and digits"
        )
    b_by_kvk = {m.kvk: m for m in second.members if m.kvk is not None}
    id_map: dict[tuple[int, str], str] = {}
    matches: list[Match] = []
    for a in first.members:
        id_map[(0, a.id)] = f"{labels[0]}:{a.id}"
        partner = b_by_kvk.get(a.kvk) if a.kvk is not None else None
        if partner is not None:
            id_map[(1, partner.id)] = id_map[(0, a.id)]
            matches.append(Match(partner.kvk or "", a.id, partner.id, id_map[(0, a.id)]))
    for b in second.members:
        id_map.setdefault((1, b.id), f"{labels[1]}:{b.id}")

    def renamed(side: int, member: Member) -> Member:
        spells = tuple(
            s if s.successor is None else attrs.evolve(s, successor=id_map[(side, s.successor)])
            for s in member.spells
        )
        return attrs.evolve(member, id=id_map[(side, member.id)], spells=spells)

    conflicts: list[Conflict] = []
    partners = {m.a_id: second.member(m.b_id) for m in matches}
    matched_b = {m.b_id for m in matches}
    combined = []
    for a in first.members:
        member = renamed(0, a)
        if a.id in partners:
            member = _merge_member(member.id, member, renamed(1, partners[a.id]), prefer, conflicts)
        combined.append(member)
    combined += [renamed(1, b) for b in second.members if b.id not in matched_b]
    candidates = [
        Candidate(a.id, b.id, a.name, b.name, sim)
        for a in first.members
        for b in second.members
        if (a.kvk is None or b.kvk is None)
        and (sim := _similarity(a.name, b.name)) >= name_threshold
    ]
    report = MatchReport(labels, tuple(matches), tuple(conflicts), tuple(candidates), id_map)
    return Registry(combined, sectors=_sector_union(first.sectors, second.sectors)), report
