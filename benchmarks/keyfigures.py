"""Counts and key figures of a registry read from CSV: first call and repeated call.

Run with ``python benchmarks/keyfigures.py [--members N] [--mixed]`` (100.000 members by
default). The registry is :func:`endtoend.generate`'s (one sector, a 2012 wage sum and a
spell per member); ``--mixed`` gives the members one to three of the six sectors, half of
them with a declared split, so ``sector_table(attribution="split")`` has groups to split.

The registry is read once with :func:`wmd.members.read_csv` (its columns straight from the
cells, no Member made). Each figure is timed twice: on a *fresh* registry over the same
columns (``Registry.from_columns``, nothing computed or made yet: what a first call on a
freshly read registry costs) and *repeated* (best of 3 on the registry of the first call),
next to the same figure computed member by member over the Member objects (made
beforehand; best of 3), which must give the same result. Prints one line per call, in
seconds, with the ratio member by member / repeated.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import attrs
import numpy as np
import pendulum

sys.path.insert(0, str(Path(__file__).parent))

from endtoend import generate

from wmd.members import Member, Registry, read_csv
from wmd.members.keyfigures import (
    DEFAULT_BAND_EDGES,
    YearTotals,
    bands_from_edges,
    sector_table,
    size_bands,
    year_totals,
)
from wmd.money import allocate
from wmd.periods import Year

_CODES = ("LW", "PSZ", "MD", "KS", "AT", "MO")
_SPLITS = {2: ("0.6;0.4", "0.5;0.5"), 3: ("0.5;0.25;0.25", "0.34;0.33;0.33")}


def mix(path: Path, seed: int = 17) -> None:
    """Give the members of a generated file one to three sectors, half with a declared split."""
    rng = np.random.default_rng(seed)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["record"] != "member":
            continue
        count = int(rng.integers(1, 4))
        row["sectors"] = ";".join(rng.choice(_CODES, size=count, replace=False).tolist())
        if count > 1 and rng.random() < 0.5:
            row["sector_split"] = _SPLITS[count][int(rng.integers(0, 2))]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


CALLS: dict[str, Callable[[Registry], object]] = {
    "count_on(2013-06-30)": lambda r: r.count_on(pendulum.date(2013, 6, 30)),
    "members_on(2013-06-30)": lambda r: r.members_on(pendulum.date(2013, 6, 30)),
    "changes(2013)": lambda r: r.changes(Year(2013).period),
    "reconcile(2013)": lambda r: r.reconcile(Year(2013).period),
    "year_totals(2012)": lambda r: year_totals(r, 2012),
    "size_bands(2012)": lambda r: size_bands(r, 2012),
    "sector_table(2012, primary)": lambda r: sector_table(r, 2012),
    "sector_table(2012, split)": lambda r: sector_table(r, 2012, attribution="split"),
}


def _end(members: tuple[Member, ...], year: int) -> list[Member]:
    day = Year(year).last_day
    return [m for m in members if m.is_member_on(day)]


def by_member_totals(members: tuple[Member, ...]) -> tuple[object, ...]:
    """Headcount, fte and wage sum of 2012, member by member."""
    found = [m.figures_for(2012) for m in _end(members, 2012)]
    return (
        sum(f.headcount for f in found if f and f.headcount is not None),
        sum((f.fte for f in found if f and f.fte is not None), Decimal(0)),
        sum((f.wage_sum for f in found if f and f.wage_sum is not None), Decimal(0)),
    )


def by_member_bands(members: tuple[Member, ...]) -> list[int]:
    """Members per wage-sum band of 2012, member by member."""
    bands = bands_from_edges(DEFAULT_BAND_EDGES)
    counts = [0] * (len(bands) + 1)
    for member in _end(members, 2012):
        wage_sum = member.wage_sum(2012)
        home = (
            len(bands)
            if wage_sum is None
            else next(i for i, b in enumerate(bands) if wage_sum in b)
        )
        counts[home] += 1
    return counts


def by_member_sectors(members: tuple[Member, ...], split: bool) -> dict[str, Decimal]:
    """Wage sum per sector of 2012, member by member (primary, or split by allocate)."""
    sums = dict.fromkeys(_CODES, Decimal(0))
    for member in _end(members, 2012):
        wage_sum = member.wage_sum(2012)
        if wage_sum is None:
            continue
        if not split:
            sums[member.primary_sector] += wage_sum
            continue
        weights = member.sector_weights()
        for (code, _), part in zip(
            weights, allocate(wage_sum, [w for _, w in weights]), strict=True
        ):
            sums[code] += part
    return sums


def _sums(totals: YearTotals) -> tuple[object, ...]:
    return (totals.headcount, totals.fte, totals.wage_sum)


DAY = pendulum.date(2013, 6, 30)
PAIRS: dict[str, tuple[Callable[[Registry], object], Callable[[tuple[Member, ...]], object]]] = {
    "count_on(2013-06-30)": (
        lambda r: r.count_on(DAY),
        lambda ms: sum(m.is_member_on(DAY) for m in ms),
    ),
    "year_totals(2012)": (
        lambda r: _sums(year_totals(r, 2012)),
        by_member_totals,
    ),
    "size_bands(2012)": (
        lambda r: [row.count for row in size_bands(r, 2012).rows],
        by_member_bands,
    ),
    "sector_table(2012, primary)": (
        lambda r: {row.sector.code: row.wage_sum for row in sector_table(r, 2012).rows},
        lambda ms: by_member_sectors(ms, split=False),
    ),
    "sector_table(2012, split)": (
        lambda r: {
            row.sector.code: row.wage_sum for row in sector_table(r, 2012, attribution="split").rows
        },
        lambda ms: by_member_sectors(ms, split=True),
    ),
}


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Generate, read and time every call (first and repeated)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--mixed", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry.csv"
        generate(path, args.members)
        if args.mixed:
            mix(path)
        read = read_csv(path)
    columns = read.columns
    layout = "mixed sectors and splits" if args.mixed else "endtoend.generate"
    print(f"{args.members} members ({layout}); seconds: first call on a fresh registry, repeated")
    members = read.members
    for name, call in CALLS.items():
        fresh = Registry.from_columns(attrs.evolve(columns), read.sectors)
        first = timed(lambda: call(fresh))  # noqa: B023 - called at once
        again = min(timed(lambda: call(fresh)) for _ in range(3))  # noqa: B023
        line = f"{name:30} {first:8.3f} {again:8.4f}"
        if name in PAIRS:
            fast, slow = PAIRS[name]
            if fast(fresh) != slow(members):
                raise SystemExit(f"{name}: columns and member by member differ")
            scalar = min(timed(lambda: slow(members)) for _ in range(3))  # noqa: B023
            line += f"   member by member {scalar:7.4f} ({scalar / again:5.1f}x)"
        print(line)


if __name__ == "__main__":
    main()
