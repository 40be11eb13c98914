"""Benchmark dues projections: wall time, member-years per second and peak memory.

10.000 runs x 1.000 members x 10 years, serially and with 2 worker processes, and
smaller run counts to show that time grows linearly with the runs. Each measurement
runs in a fresh process so its peak memory (``ru_maxrss``, workers included) is its own.

    python benchmarks/projection.py            # the full table
    python benchmarks/projection.py --quick    # 1.000 and 2.000 runs only
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import numpy as np
import pendulum

from wmd.finance import DuesSchedule, Rate, Scenario, project
from wmd.finance.dues import Basis
from wmd.finance.scenario import Normal
from wmd.members import Member, Membership, Registry, YearFigures

MEMBERS = 1_000
YEARS = 10
CODES = ("LW", "MD", "PSZ", "MO", "AT", "KS")


def registry() -> Registry:
    """1.000 members, wage sums lognormal around 700.000 (median), sectors in turn."""
    rng = np.random.default_rng(2012)
    wages = np.rint(rng.lognormal(np.log(700_000), 1.1, MEMBERS))
    return Registry(
        Member(
            f"M{i:04d}",
            f"Stichting {i}",
            sectors=(CODES[i % len(CODES)],),
            figures=(YearFigures(2012, wage_sum=Decimal(int(w))),),
            spells=(Membership(pendulum.date(2000, 1, 1)),),
        )
        for i, w in enumerate(wages)
    )


def scenario() -> Scenario:
    """Everything switched on: correlated normal changes, cancellations, mergers, joins."""
    return Scenario(
        range(2013, 2013 + YEARS),
        DuesSchedule(
            2013, Rate.per_mille("2.075", minimum="250", maximum="25000"), Basis(years_before=1)
        ),
        change=Normal(-0.10, 0.05),
        sector_changes={"PSZ": Normal(-0.15, 0.08)},
        correlation=0.5,
        cancellation=0.02,
        merger=0.02,
        new_members=5,
    )


def one(runs: int, workers: int) -> dict[str, float]:
    """One measurement, in this process."""
    reg, scen = registry(), scenario()
    if workers == 1:
        tracemalloc.start()  # only here: forked workers would inherit it
        start = time.perf_counter()
        result = project(reg, scen, runs=runs, seed=1)
        wall = time.perf_counter() - start
        _current, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            start = time.perf_counter()
            result = project(reg, scen, runs=runs, seed=1, executor=pool)
            wall = time.perf_counter() - start
        traced = 0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "runs": runs,
        "workers": workers,
        "wall": wall,
        "member_years_per_s": runs * MEMBERS * YEARS / wall,
        "traced_mib": traced / 2**20,  # numpy arrays of this process (serial only)
        "rss_mib": max(own, children) / 1024,  # Linux: kilobytes
        "p50_2022": float(result.year(2022).dues_quantiles[1][1]),
    }


def main() -> None:
    """Print the table; each line measured in a fresh process."""
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(one(int(sys.argv[2]), int(sys.argv[3]))))
        return
    counts = (1_000, 2_000) if "--quick" in sys.argv else (1_000, 2_500, 5_000, 10_000)
    print(f"dues projection: {MEMBERS} members x {YEARS} years, everything random")
    print("(peak RSS: the largest single process; with workers the pool starts before timing)")
    print(
        f"{'runs':>7} {'workers':>7} {'wall s':>8} {'member-years/s':>15} {'peak RSS MiB':>13} {'traced MiB':>11}"
    )
    medians = set()
    for workers in (1, 2):
        for runs in counts:
            out = subprocess.run(  # noqa: S603 - this very script, with fixed arguments
                [sys.executable, __file__, "--one", str(runs), str(workers)],
                check=True,
                capture_output=True,
                text=True,
            )
            row = json.loads(out.stdout)
            if runs == counts[-1]:
                medians.add(row["p50_2022"])
            print(
                f"{row['runs']:>7} {row['workers']:>7} {row['wall']:>8.2f} "
                f"{row['member_years_per_s']:>15,.0f} {row['rss_mib']:>13.0f} {row['traced_mib']:>11.0f}"
            )
    print("serial and parallel P50 of 2022 identical:", len(medians) == 1)


if __name__ == "__main__":
    main()
