"""Dues projections through a dask.distributed cluster: bit-identical to the serial run.

Run with ``nox -s dask`` (``pytest -m dask``); skipped when dask.distributed is missing.
The ``dask`` marker is registered in pyproject.toml (``markers``).
"""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest

distributed = pytest.importorskip("dask.distributed")

from wmd.finance import DuesSchedule, Rate, Scenario, project  # noqa: E402 - after the skip
from wmd.finance.scenario import Normal  # noqa: E402
from wmd.members import Member, Membership, Registry, YearFigures  # noqa: E402


@pytest.mark.dask
def test_a_dask_cluster_gives_the_serial_result() -> None:
    """Chunks spread over a two-process LocalCluster give exactly the serial projection."""
    registry = Registry(
        Member(
            f"M{i}",
            f"Stichting {i}",
            sectors=(("LW", "MD", "PSZ")[i % 3],),
            figures=(YearFigures(2012, wage_sum=Decimal(50_000 + 37_000 * i)),),
            spells=(Membership(pendulum.date(2000, 1, 1)),),
        )
        for i in range(40)
    )
    scenario = Scenario(
        range(2013, 2016),
        DuesSchedule(2013, Rate.per_mille("2", minimum="250")),
        change=Normal(-0.10, 0.05),
        correlation=0.5,
        cancellation=0.03,
        merger=0.05,
        new_members=2,
    )
    serial = project(registry, scenario, runs=40, seed=2013)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        spread = project(
            registry, scenario, runs=40, seed=2013, chunk_size=7, executor=client.get_executor()
        )
    assert spread == serial
