"""Benchmarks: the same dues roll by the scalar path, the numpy kernel and a bare numpy expression.

Run with ``nox -s bench`` (or ``python benchmarks/run.py [members]``). Figures are ratios
measured in one run, so the machine's speed cancels out. The scalar path is timed on a
sample of members and scaled per member (calling it a million times would take minutes
and tell nothing more).

Schedule: marginal bands (0,3% to 250.000, 0,2% to 1 mln, 0,1% above) with a minimum of
€ 250 and a maximum of € 25.000, monthly proration for members joining or leaving
mid-year (pro rata), cents, half up.
"""

from __future__ import annotations

import sys
import time
from decimal import Decimal

import numpy as np
import pendulum

from wmd.finance import Basis, DuesSchedule, MarginalBands, Proration, RollColumns, Slice
from wmd.members import EndReason, Member, Membership, Registry, YearFigures

SCHEDULE = DuesSchedule(
    2013,
    MarginalBands(
        (Slice("0", "0.003"), Slice("250000", "0.002"), Slice("1000000", "0.001")),
        minimum="250",
        maximum="25000",
    ),
    Basis(years_before=1),
    Proration("months", leaving="pro_rata"),
)


def columns(n: int, seed: int = 2013) -> RollColumns:
    """Generated members as kernel columns: wage sums (lognormal, cents) and spells in 2013."""
    rng = np.random.default_rng(seed)
    basis = np.rint(rng.lognormal(mean=13.5, sigma=1.2, size=n) * 100).astype(np.int64)
    a = np.where(rng.random(n) < 0.1, rng.integers(0, 365, n), 0).astype(np.int64)
    b = np.where(rng.random(n) < 0.05, rng.integers(1, 366, n), 365).astype(np.int64)
    b = np.maximum(b, a + 1)
    return RollColumns(
        member_ids=tuple(f"M{i}" for i in range(n)),
        basis_units=basis,
        estimated=np.zeros(n, dtype=bool),
        piece_member=np.arange(n, dtype=np.int64),
        piece_a=a,
        piece_b=b,
    )


def bare_numpy(basis: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The same formula written directly in numpy (integer cents, exact), no library."""
    # rate per cent of basis over a common denominator of 1000: 3, 2, 1 per mille
    s1 = np.minimum(basis, 25_000_000) * 3
    s2 = np.clip(basis - 25_000_000, 0, 75_000_000) * 2
    s3 = np.maximum(basis - 100_000_000, 0)
    num = np.clip(s1 + s2 + s3, 25_000 * 1000, 2_500_000 * 1000)  # bounds in cents x 1000
    gross = (2 * num + 1000) // 2000  # half up, positive
    month_starts = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334])
    first = np.searchsorted(month_starts, a, side="right") - 1
    first = first + (month_starts[first] != a)
    last = np.searchsorted(month_starts, b - 1, side="right") - 1
    months = np.maximum(last - first + 1, 0)
    return (2 * gross * months + 12) // 24


def best_of(repeat: int, fn: object) -> float:
    """Best wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def scalar_sample(cols: RollColumns, k: int) -> tuple[float, list[Decimal]]:
    """Time assess() per member on the first ``k`` members, as Member objects."""
    year_start = pendulum.date(2013, 1, 1)
    members = []
    for i in range(k):
        start = (
            year_start.add(days=int(cols.piece_a[i]))
            if cols.piece_a[i]
            else pendulum.date(2000, 1, 1)
        )
        end = year_start.add(days=int(cols.piece_b[i])) if cols.piece_b[i] < 365 else None
        members.append(
            Member(
                cols.member_ids[i],
                "x",
                sectors=("LW",),
                figures=(YearFigures(2012, wage_sum=Decimal(int(cols.basis_units[i])).scaleb(-2)),),
                spells=(Membership(start, end, EndReason.CANCELLATION if end else None),),
            )
        )
    registry = Registry(members)
    start = time.perf_counter()
    amounts = [SCHEDULE.assess(m, registry).amount for m in members]
    return (time.perf_counter() - start) / k, amounts


def main(n: int = 1_000_000) -> None:
    """Run the comparison and print the figures."""
    cols = columns(n)
    kernel_time = best_of(3, lambda: SCHEDULE.roll_columns(cols))
    bare_time = best_of(3, lambda: bare_numpy(cols.basis_units, cols.piece_a, cols.piece_b))
    roll = SCHEDULE.roll_columns(cols)
    bare = bare_numpy(cols.basis_units, cols.piece_a, cols.piece_b)
    assert np.array_equal(roll.due_cents, bare), "bare numpy and the kernel disagree"
    k = min(n, 2000)
    per_member, amounts = scalar_sample(cols, k)
    sample = [Decimal(int(c)).scaleb(-2) for c in roll.due_cents[:k]]
    assert amounts == sample, "scalar and kernel disagree"
    scalar_time = per_member * n
    print(f"members: {n:,}")
    print(f"kernel (DuesSchedule.roll_columns): {kernel_time:8.3f} s")
    print(f"bare numpy expression:              {bare_time:8.3f} s")
    print(
        f"scalar assess(), {k:,} timed, scaled: {scalar_time:8.1f} s ({per_member * 1e6:.0f} us/member)"
    )
    print(f"kernel vs scalar: {scalar_time / kernel_time:,.0f}x faster")
    print(f"kernel vs bare numpy: {kernel_time / bare_time:.2f}x the time")
    print(f"total dues: {roll.total:,} (kernel = bare = scalar on the sample)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
