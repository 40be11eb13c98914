"""Generate the synthetic sample registry shipped in ``wmd.datasets`` (run once, kept for review).

The sample is **synthetic**: 856 invented organisations (849 members at the end of 2011,
765 at the end of 2012) whose figures reproduce what the MOgroep's 2012 annual report
prints (DOMAIN.md). Nothing here describes a real organisation; every KvK number starts
with ``99``.

What is matched exactly, by construction:

* members on 31 December 2011: 849; on 31 December 2012: 765;
* members per sector (a member can be in several): 502, 297, 230, 62, 163, 77;
* wage sum 2012 per **primary** sector: 441.864.244, 371.080.841, 116.455.440,
  210.655.204, 112.603.034, 186.992.376 (total 1.439.651.139), to the cent;
* size bands of the 2012 wage sum: 207, 268, 168 and 122 members (27%, 35%, 22%, 16%);
* headcount 2012: 65.100 people; fte 2012: 42.700,00.

How: every one of the 765 members gets a (primary sector, size band) slot from the
table ``SLOTS`` below, whose rows add up to the primary-sector counts and whose columns add
up to the band counts. Members in the three bounded bands draw a wage sum (log-uniform, in
cents) inside their band; the rest of each sector's published wage sum goes to its members
in the top band: each gets the band's floor of 2.500.000 plus a share of what is left,
split by :func:`wmd.money.allocate` so the sector adds up to the cent. Extra (secondary)
sectors are then given to members until every sector has its published count. Headcount
and fte are split from the published totals with ``allocate`` in proportion to the wage
sum (with noise), so they add up exactly.

History of 2012 (the report's "fell by 67" does not match 849 - 765 = 84; this sample
follows one reading: cancellations and terminations net of new members are 67, and the 17
members that merged into another member are not counted in it):

* 46 cancellations effective 1 January 2012 (the report: "46 members cancelled as of
  1 January 2012, a loss of dues of 68.000"); their 2011 wage sums are set so that the
  calibrated schedule would have charged them 68.000 (to within cents);
* 28 terminations and 17 mergers during 2012 (end on the first of a month), 7 new members;
* 38 cancellations effective 1 January 2013 (still members at the end of 2012), so the
  2013 dues roll shows a fall.

History before 2011 (invented): every member of 2008, 2009 or 2010 (a spell overlapping
the year) gets figures of that year, derived back from the next year's by a change drawn
from its primary sector's mean (one per sector, uniform in [-2%, +3%)) plus member noise
(spread 1 point), from a separate seeded numpy Generator, so no figure of 2011 or 2012 and
no draw above moves.

The 2012 dues schedule (a rate per mille of the 2011 wage sum, with a minimum and a
maximum; new members pay by remaining months) is calibrated with
:func:`wmd.finance.dues.solve_rate` to the published 2.987.055, and written with the
calibrated total to ``sample_schedule_2012.toml``.

Also written: plus-package subscriptions (AMW and SRW, with invented costs) and
registrations in the governance register for 15% of the members at the end of 2012.

Run from the repository root (takes a few seconds; the output is deterministic)::

    python scripts/make_sample_registry.py
"""

from __future__ import annotations

import json
import random
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Final

import attrs
import numpy as np
import pendulum
import tomli_w

from wmd.convert import unstructure
from wmd.finance.dues import Basis, DuesSchedule, MergerRule, solve_rate
from wmd.finance.formulas import Rate
from wmd.finance.proration import Proration
from wmd.members import EndReason, LegalForm, Member, Membership, Registry, YearFigures
from wmd.members.keyfigures import sector_table, size_bands, year_totals
from wmd.money import CENTS, WHOLE_EUROS, allocate, from_cents
from wmd.periods import Date, Year

SEED: Final = 20121231
OUT: Final = Path(__file__).resolve().parent.parent / "src" / "wmd" / "datasets"

SECTORS: Final = ("LW", "MD", "PSZ", "MO", "AT", "KS")
MEMBERS_PER_SECTOR: Final = {"LW": 502, "MD": 297, "PSZ": 230, "MO": 62, "AT": 163, "KS": 77}
WAGE_SUM_PER_SECTOR: Final = {
    "LW": Decimal(441_864_244),
    "MD": Decimal(371_080_841),
    "PSZ": Decimal(116_455_440),
    "MO": Decimal(210_655_204),
    "AT": Decimal(112_603_034),
    "KS": Decimal(186_992_376),
}
HEADCOUNT: Final = 65_100
FTE: Final = Decimal("42700.00")
DUES_TARGET: Final = Decimal(2_987_055)
CANCELLED_DUES_LOST: Final = Decimal(68_000)

BAND_EDGES: Final = (25_000_00, 250_000_00, 1_000_000_00, 2_500_000_00)  # cents
# primary sector -> members per band (< 250.000, 250.000-1 mln, 1-2,5 mln, >= 2,5 mln).
# Columns add up to 207, 268, 168, 122 (27/35/22/16% of 765); rows to the primary counts.
SLOTS: Final = {
    "LW": (80, 130, 80, 40),
    "MD": (25, 40, 30, 35),
    "PSZ": (55, 38, 15, 12),
    "MO": (3, 7, 8, 17),
    "AT": (30, 30, 20, 10),
    "KS": (14, 23, 15, 8),
}

LEFT_CANCELLED_2012: Final = 46
LEFT_TERMINATED_2012: Final = 28
LEFT_MERGED_2012: Final = 17
JOINED_2012: Final = 7
CANCELLING_2013: Final = 38
GOVERNANCE_SHARE: Final = Decimal("0.15")
# Figures of 2008-2010, derived backwards from 2011 with their own numpy stream (the draws
# above are untouched): per primary sector one mean yearly wage-sum change in [-2%, +3%),
# per member and year that mean plus normal noise with this spread.
EARLIER_YEARS: Final = (2010, 2009, 2008)
EARLIER_SEED: Final = SEED + 1
MEMBER_CHANGE_SD: Final = 0.01
BOARD_MODELS: Final = ("RVT", "TB", "BB")  # the codes of wmd.governance's three board models

_KINDS: Final = {
    "LW": ("Welzijn", "Welzijnswerk", "Buurtwerk", "Sociaal Werk"),
    "MD": ("Maatschappelijk Werk", "Maatschappelijke Dienstverlening", "Raadslieden"),
    "PSZ": ("Peuterspeelzalen", "Peuterwerk", "Kinderwerk"),
    "MO": ("Opvang", "Vrouwenopvang", "Dak- en Thuislozenzorg"),
    "AT": ("Vrijwilligerswerk", "Jongerenwerk", "Ouderenwerk", "Mantelzorg"),
    "KS": ("Kenniscentrum", "Steunfunctie", "Instituut"),
}
_PLACE_A: Final = ("Ooster", "Wester", "Noorder", "Zuider", "Hoog", "Laag", "Nieuw", "Oud")
_PLACE_B: Final = ("veen", "dorp", "hoven", "wijk", "meer", "dam", "broek", "loo", "zijl", "horst")


def log_uniform_cents(rng: random.Random, low: int, high: int) -> int:
    """A whole number of cents in ``[low, high)``, log-uniformly."""
    low_log, high_log = Decimal(low).ln(), Decimal(high).ln()
    value = (low_log + (high_log - low_log) * Decimal(rng.random())).exp()
    return min(max(int(value), low), high - 1)


def wage_sums_2012(rng: random.Random, slots: list[tuple[str, int]]) -> list[Decimal]:
    """One wage sum per slot; each sector adds up to its published wage sum to the cent."""
    cents = [0] * len(slots)
    for sector in SECTORS:
        mine = [i for i, (s, _) in enumerate(slots) if s == sector]
        top = [i for i in mine if slots[i][1] == 3]
        for i in mine:
            band = slots[i][1]
            if band < 3:
                cents[i] = log_uniform_cents(rng, BAND_EDGES[band], BAND_EDGES[band + 1])
        rest = WAGE_SUM_PER_SECTOR[sector] * 100 - sum(cents[i] for i in mine)
        rest -= BAND_EDGES[3] * len(top)
        if rest < 0:
            msg = f"{sector}: the bounded bands leave too little for the top band"
            raise SystemExit(msg)
        weights = [Decimal(rng.paretovariate(1.6)).quantize(Decimal("0.0001")) for _ in top]
        shares = allocate(from_cents(int(rest)), weights)
        for i, share in zip(top, shares, strict=True):
            cents[i] = BAND_EDGES[3] + int(share * 100)
    return [from_cents(c) for c in cents]


def people(rng: random.Random, wages: list[Decimal]) -> tuple[list[int], list[Decimal]]:
    """Headcount and fte per member, adding up to the published totals exactly."""
    noise = [Decimal(rng.uniform(0.8, 1.25)).quantize(Decimal("0.001")) for _ in wages]
    weights = [w * n for w, n in zip(wages, noise, strict=True)]
    extra = allocate(Decimal(HEADCOUNT - len(wages)), weights, policy=WHOLE_EUROS)
    headcount = [1 + int(e) for e in extra]
    ratio = [Decimal(rng.uniform(0.52, 0.78)).quantize(Decimal("0.001")) for _ in wages]
    fte = list(allocate(FTE, [h * r for h, r in zip(headcount, ratio, strict=True)]))
    if any(f > h or f <= 0 for f, h in zip(fte, headcount, strict=True)):
        raise SystemExit("an fte came out above the headcount; change the seed")
    return headcount, fte


def first_of_month(rng: random.Random, year: int, months: range) -> Date:
    """A first of a month in ``year``."""
    return pendulum.date(year, rng.choice(months), 1)


def make_names(rng: random.Random, count: int, sectors: list[str]) -> list[str]:
    """Invented organisation names, unique."""
    names: list[str] = []
    seen: set[str] = set()
    for index in range(count):
        while True:
            place = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
            form = "Vereniging" if rng.random() < 0.1 else "Stichting"
            name = f"{form} {rng.choice(_KINDS[sectors[index]])} {place}"
            if name not in seen:
                break
            name = f"{name} {rng.choice(('Noord', 'Zuid', 'Oost', 'West', 'Centrum'))}"
            if name not in seen:
                break
        seen.add(name)
        names.append(name)
    return names


def build(rng: random.Random) -> tuple[Registry, dict[str, int]]:  # noqa: PLR0915 - one linear recipe reads best
    """The registry; also returns each staying member's size band (0-3)."""
    staying = 765
    leaving = LEFT_CANCELLED_2012 + LEFT_TERMINATED_2012 + LEFT_MERGED_2012
    total = staying + leaving
    slots = [(s, band) for s in SECTORS for band, n in enumerate(SLOTS[s]) for _ in range(n)]
    rng.shuffle(slots)
    wages = wage_sums_2012(rng, slots)
    headcount, fte = people(rng, wages)

    ids = [f"M{n:04d}" for n in rng.sample(range(1, total + 1), total)]
    kvks = [f"99{n:06d}" for n in rng.sample(range(1_000_000), total)]
    primary = [s for s, _ in slots]
    leaver_primary = rng.choices(SECTORS, weights=(45, 20, 20, 3, 10, 2), k=leaving)
    names = make_names(rng, total, primary + leaver_primary)

    # secondary sectors until every sector has its published member count
    sectors = [[p] for p in primary]
    for sector in SECTORS:
        need = MEMBERS_PER_SECTOR[sector] - primary.count(sector)
        eligible = [i for i in range(staying) if sector not in sectors[i]]
        for i in sorted(rng.sample(eligible, need)):
            sectors[i].append(sector)

    # spells of the 765: 7 joined in 2012, 38 cancel as of 1 January 2013
    order = list(range(staying))
    rng.shuffle(order)
    joined = set(order[:JOINED_2012])
    small = [i for i in order[JOINED_2012:] if slots[i][1] <= 1]
    cancelling = set(small[:CANCELLING_2013])
    successors = [i for i in order if slots[i][1] >= 2 and i not in cancelling | joined]

    members: list[Member] = []
    band_of: dict[str, int] = {}
    for i in range(staying):
        if i in joined:
            start = first_of_month(rng, 2012, range(2, 12))
        else:
            start = first_of_month(rng, rng.randint(1985, 2010), range(1, 13))
        spell = (
            Membership(start, pendulum.date(2013, 1, 1), EndReason.CANCELLATION)
            if i in cancelling
            else Membership(start)
        )
        growth = Decimal(rng.uniform(1.0, 1.1)).quantize(Decimal("0.0001"))
        heads_2011 = int(WHOLE_EUROS.round(headcount[i] * growth))
        figures = (
            YearFigures(
                2011,
                wage_sum=CENTS.round(wages[i] * growth),
                headcount=heads_2011,
                fte=min(CENTS.round(fte[i] * growth), Decimal(heads_2011)),
            ),
            YearFigures(2012, wage_sum=wages[i], headcount=headcount[i], fte=fte[i]),
        )
        members.append(
            Member(
                ids[i],
                names[i],
                kvk=kvks[i],
                sectors=tuple(sectors[i]),
                figures=figures,
                spells=(spell,),
                legal_form=LegalForm.ASSOCIATION
                if names[i].startswith("Vereniging")
                else LegalForm.FOUNDATION,
            )
        )
        band_of[ids[i]] = slots[i][1]

    # the 91 that left in 2012
    for k in range(leaving):
        i = staying + k
        start = first_of_month(rng, rng.randint(1985, 2009), range(1, 13))
        if k < LEFT_CANCELLED_2012:
            spell = Membership(start, pendulum.date(2012, 1, 1), EndReason.CANCELLATION)
        elif k < LEFT_CANCELLED_2012 + LEFT_TERMINATED_2012:
            end = first_of_month(rng, 2012, range(2, 13))
            spell = Membership(start, end, EndReason.TERMINATION)
        else:
            successor = ids[successors[k - LEFT_CANCELLED_2012 - LEFT_TERMINATED_2012]]
            end = first_of_month(rng, 2012, range(2, 13))
            spell = Membership(start, end, EndReason.MERGER, successor)
        band = rng.choices((0, 1, 2, 3), weights=(35, 40, 18, 7))[0]
        high = BAND_EDGES[band + 1] if band < 3 else 8_000_000_00
        wage = from_cents(log_uniform_cents(rng, BAND_EDGES[band], high))
        heads = max(1, int(wage / 22_000))
        figures_2011 = YearFigures(
            2011, wage_sum=wage, headcount=heads, fte=CENTS.round(heads * Decimal("0.65"))
        )
        members.append(
            Member(
                ids[i],
                names[i],
                kvk=kvks[i],
                sectors=(leaver_primary[k],),
                figures=(figures_2011,),
                spells=(spell,),
                legal_form=LegalForm.ASSOCIATION
                if names[i].startswith("Vereniging")
                else LegalForm.FOUNDATION,
            )
        )
    return Registry(sorted(members, key=lambda m: m.id)), band_of


def schedule_2012() -> DuesSchedule:
    """The uncalibrated 2012 schedule: 2 per mille of the 2011 wage sum, 250 to 25.000.

    Members that merge are assessed separately in the merger year (the sample's
    articles say so), as the shipped schedule file states.
    """
    return DuesSchedule(
        2012,
        Rate.per_mille("2", minimum="250", maximum="25000"),
        Basis(years_before=1),
        proration=Proration("months"),
        merger_rule=MergerRule.SEPARATE,
    )


def set_cancelled_wage_sums(rng: random.Random, registry: Registry, per_mille: Decimal) -> Registry:
    """Give the 46 cancelled members 2011 wage sums worth 68.000 of dues at the calibrated rate."""
    cancelled = [
        m
        for m in registry
        if m.spells[-1].end == pendulum.date(2012, 1, 1)
        and m.spells[-1].end_reason is EndReason.CANCELLATION
    ]
    basis = CENTS.round(CANCELLED_DUES_LOST * 1000 / per_mille)
    weights = [Decimal(rng.uniform(0.3, 1.7)).quantize(Decimal("0.001")) for _ in cancelled]
    new = {
        m.id: m.with_figures(attrs.evolve(m.figures[0], wage_sum=w))  # their only figures: 2011
        for m, w in zip(cancelled, allocate(basis, weights), strict=True)
    }
    return Registry(tuple(new.get(m.id, m) for m in registry), registry.sectors)


def sector_mean_changes() -> dict[str, float]:
    """The generator's mean yearly wage-sum change per primary sector, 2008-2011 (seeded)."""
    gen = np.random.default_rng(EARLIER_SEED)
    return {s: round(float(gen.uniform(-0.02, 0.03)), 4) for s in SECTORS}


def add_earlier_figures(registry: Registry) -> Registry:
    """Give members of 2008, 2009 and 2010 figures of those years, derived back from 2011.

    A member of a year (a spell overlapping it) gets that year's figures: the next year's
    wage sum, headcount and fte divided by ``1 + change``, the change drawn from its primary
    sector's mean plus member noise; whole cents, headcount at least 1, fte not above it.
    A separate seeded :class:`numpy.random.Generator`, so no earlier draw moves.
    """
    means = sector_mean_changes()
    gen = np.random.default_rng([EARLIER_SEED, 2008])
    new = []
    for member in registry:
        figures = {f.year: f for f in member.figures}
        later = figures.get(2011)
        for year in EARLIER_YEARS:
            change = means[member.primary_sector] + float(gen.normal(0.0, MEMBER_CHANGE_SD))
            member_then = any(s.period.overlaps(Year(year).period) for s in member.spells)
            if later is None or later.wage_sum is None or not member_then:
                break
            factor = Decimal(1) + Decimal(repr(round(change, 6)))
            heads = max(1, int(WHOLE_EUROS.round(Decimal(later.headcount or 0) / factor)))
            fte = min(CENTS.round((later.fte or Decimal(0)) / factor), Decimal(heads))
            later = YearFigures(
                year, wage_sum=CENTS.round(later.wage_sum / factor), headcount=heads, fte=fte
            )
            figures[year] = later
        new.append(attrs.evolve(member, figures=tuple(figures[y] for y in sorted(figures))))
    return Registry(tuple(new), registry.sectors)


def dues_lost(registry: Registry, schedule: DuesSchedule) -> Decimal:
    """What the members cancelled as of 1 January 2012 would have paid had they stayed."""
    stayed = [
        attrs.evolve(m, spells=(Membership(m.spells[0].start),))
        for m in registry
        if m.spells[-1].end == pendulum.date(2012, 1, 1)
    ]
    return schedule.roll(Registry(stayed)).total


def plus_data(rng: random.Random, registry: Registry) -> dict[str, object]:
    """AMW and SRW subscriptions (invented costs; the report only names the packages)."""
    end_2012 = pendulum.date(2012, 12, 31)
    current = [m for m in registry if m.is_member_on(end_2012)]
    md = [m.id for m in current if "MD" in m.sectors]
    lw_md = [m.id for m in current if {"MD", "LW"} & set(m.sectors)]
    subscriptions = []
    for code, pool, count in (("AMW", md, 140), ("SRW", lw_md, 45)):
        for member_id in sorted(rng.sample(pool, count)):
            start = first_of_month(rng, rng.randint(2008, 2012), range(1, 13))
            subscriptions.append(
                {"package": code, "member_id": member_id, "start": start.isoformat()}
            )
    return {
        "package": [
            {
                "code": "AMW",
                "name_nl": "Algemeen Maatschappelijk Werk",
                "name_en": "General social work",
                "year": 2012,
                "cost": "420000.00",
                "sharing": "by_wage_sum",
            },
            {
                "code": "SRW",
                "name_nl": "Sociaal Raadsliedenwerk",
                "name_en": "Social legal advice",
                "year": 2012,
                "cost": "95000.00",
                "sharing": "equally",
            },
        ],
        "subscription": subscriptions,
    }


def governance_rows(
    rng: random.Random, registry: Registry, band_of: dict[str, int]
) -> list[dict[str, str]]:
    """15% of the members at the end of 2012 in the governance register; larger ones likelier."""
    current = [m for m in registry if m.is_member_on(pendulum.date(2012, 12, 31))]
    count = int(WHOLE_EUROS.round(len(current) * GOVERNANCE_SHARE))
    pool = list(current)
    chosen: list[Member] = []
    while len(chosen) < count:
        pick = rng.choices(pool, weights=[1 + band_of[m.id] for m in pool])[0]
        pool.remove(pick)
        chosen.append(pick)
    rows = []
    for member in sorted(chosen, key=lambda m: m.id):
        band = band_of[member.id]
        model = rng.choices(BOARD_MODELS, weights=(2 + 3 * band, 3, max(1, 3 - band)))[0]
        drawn = first_of_month(rng, rng.randint(2009, 2012), range(1, 13))
        registered = max(drawn, member.spells[0].start)
        rows.append(
            {"member_id": member.id, "registered": registered.isoformat(), "board_model": model}
        )
    return rows


def write_registry(registry: Registry, path: Path) -> None:
    """The registry in wmd.convert's JSON shape, one member per line (diffs stay readable)."""
    data = unstructure(registry)
    lines = ",\n".join("    " + json.dumps(m, ensure_ascii=False) for m in data["members"])
    sectors = ",\n".join("    " + json.dumps(s, ensure_ascii=False) for s in data["sectors"])
    path.write_text(
        f'{{\n  "members": [\n{lines}\n  ],\n  "sectors": [\n{sectors}\n  ]\n}}\n',
        encoding="utf-8",
    )


def main(out: Path = OUT) -> None:
    """Build, check and write every sample file into ``out``."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible sample data, not secrets
    registry, band_of = build(rng)
    solved = solve_rate(schedule_2012(), registry, DUES_TARGET, rates_only=True, digits=8)
    formula = solved.schedule.formula
    assert isinstance(formula, Rate)  # noqa: S101 - a script's sanity check
    per_mille = formula.rate * 1000
    registry = set_cancelled_wage_sums(rng, registry, per_mille)
    lost = dues_lost(registry, solved.schedule)
    registry = add_earlier_figures(registry)
    check(registry, band_of)

    write_registry(registry, out / "sample_registry.json")
    header = (
        "# The 2012 dues schedule of the synthetic sample registry (wmd.datasets).\n"
        "# A rate of the 2011 wage sum with a minimum and a maximum; new members pay by\n"
        "# remaining months. The rate is calibrated by scripts/make_sample_registry.py with\n"
        "# wmd.finance.dues.solve_rate to the published dues of 2.987.055:\n"
        f"# calibrated total {solved.total}, gap {solved.gap}.\n"
        f"# The 46 cancellations as of 1 January 2012 would have paid {lost} on it.\n\n"
    )
    (out / "sample_schedule_2012.toml").write_text(
        header + solved.schedule.to_toml(), encoding="utf-8"
    )
    (out / "sample_plus.toml").write_text(tomli_w.dumps(plus_data(rng, registry)), encoding="utf-8")
    rows = governance_rows(rng, registry, band_of)
    text = "member_id,registered,board_model\n" + "".join(
        f"{r['member_id']},{r['registered']},{r['board_model']}\n" for r in rows
    )
    (out / "sample_governance_register.csv").write_text(text, encoding="utf-8")
    print(f"members: {len(registry)}; rate {per_mille} per mille")
    print(f"dues 2012: {solved.total} (target {DUES_TARGET}, gap {solved.gap})")
    print(f"dues lost by the 46 cancellations: {lost}; governance register: {len(rows)}")


def check(registry: Registry, band_of: dict[str, int]) -> None:
    """Stop unless every published figure is matched."""
    end_2011, end_2012 = pendulum.date(2011, 12, 31), pendulum.date(2012, 12, 31)
    assert registry.count_on(end_2011) == 849  # noqa: S101 - a script's sanity check
    assert registry.count_on(end_2012) == 765  # noqa: S101
    table = sector_table(registry, 2012)
    for code in SECTORS:
        row = table.row(code)
        assert row.members == MEMBERS_PER_SECTOR[code], code  # noqa: S101
        assert row.wage_sum == WAGE_SUM_PER_SECTOR[code], code  # noqa: S101
    assert [r.count for r in size_bands(registry, 2012).rows] == [207, 268, 168, 122, 0]  # noqa: S101
    assert Counter(band_of.values()) == {0: 207, 1: 268, 2: 168, 3: 122}  # noqa: S101
    totals = year_totals(registry, 2012)
    assert (totals.headcount, totals.fte) == (HEADCOUNT, FTE)  # noqa: S101


if __name__ == "__main__":
    main()
