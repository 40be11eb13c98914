"""Importing wmd stays light: no pandas, matplotlib, dask or hypothesis."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HEAVY = ("pandas", "matplotlib", "dask", "hypothesis")


@pytest.mark.parametrize("module", ["wmd", "wmd.members", "wmd.finance", "wmd.governance"])
def test_import_does_not_pull_in_optional_dependencies(module: str) -> None:
    """A fresh interpreter importing the module has none of the optional packages loaded."""
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    code = (
        f"import sys, {module}\nprint(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# Loaded on first use (issue 17, "import stays light"): babel's formatting and locale data,
# cattrs (JSON), importlib.metadata (wmd.__version__) and numpy (the kernels, through
# wmd._lazy). pendulum is still loaded eagerly: pendulum.Date is the date type of every record.
DEFERRED = ("babel", "cattrs", "importlib.metadata", "numpy")


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """The ``modules`` loaded in a fresh interpreter after running ``code``."""
    script = f"import sys\n{code}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("module", ["wmd", "wmd.members", "wmd.finance"])
def test_import_defers_babel_cattrs_metadata_and_numpy(module: str) -> None:
    """Importing the package loads neither babel, cattrs, importlib.metadata nor numpy."""
    assert _loaded_after(f"import {module}", DEFERRED) == []


@pytest.mark.parametrize("module", ["wmd.governance", "wmd.published", "wmd.cli"])
def test_other_entry_points_defer_babel_and_numpy(module: str) -> None:
    """The governance and published layers and the command line start without babel or numpy."""
    assert _loaded_after(f"import {module}", ("babel", "numpy")) == []


def test_deferred_parts_load_on_first_use() -> None:
    """The version, a label, JSON and a roll still work in a fresh interpreter, loading their parts then."""
    code = (
        "import wmd, wmd.i18n, wmd.members, wmd.finance\n"
        "assert wmd.__version__\n"
        "assert wmd.i18n.label('dues') != ''\n"
        "assert wmd.members.Registry(()) == "
        "wmd.members.io.from_json(wmd.members.io.to_json(wmd.members.Registry(())))\n"
        "schedule = wmd.finance.DuesSchedule(2013, wmd.finance.Rate.per_mille('2'))\n"
        "assert schedule.roll(wmd.members.Registry(())).total == 0"
    )
    assert _loaded_after(code, DEFERRED) == ["babel", "cattrs", "importlib.metadata", "numpy"]


def test_projection_is_imported_on_first_use() -> None:
    """Importing wmd.finance leaves the projection out; its names there are the projection's own."""
    code = (
        "import wmd.finance\n"
        "assert 'wmd.finance.projection' not in sys.modules\n"
        "from wmd.finance import Projection, Scenario, project\n"
        "import wmd.finance.projection as p\n"
        "assert (Projection, Scenario, project) == (p.Projection, p.Scenario, p.project)"
    )
    assert _loaded_after(code, ("wmd.finance.projection",)) == ["wmd.finance.projection"]


def test_the_projection_package_is_an_attribute_of_wmd_finance() -> None:
    """wmd.finance.projection is reachable after a plain import wmd.finance, as before."""
    code = "import wmd.finance\nassert wmd.finance.projection.project is wmd.finance.project"
    assert _loaded_after(code, ("wmd.finance.projection",)) == ["wmd.finance.projection"]


def test_numpy_loaded_by_a_roll_is_the_real_module() -> None:
    """After the first roll, every kernel module's ``np`` holds numpy's own functions."""
    code = (
        "import wmd.members, wmd.finance, wmd.money, wmd.finance.dues as dues\n"
        "wmd.finance.DuesSchedule(2013, wmd.finance.Rate.per_mille('2')).roll(wmd.members.Registry(()))\n"
        "import numpy\n"
        "assert dues.np.array_equal is numpy.array_equal\n"
        "assert wmd.money.np.int64 is numpy.int64"
    )
    assert _loaded_after(code, ("numpy",)) == ["numpy"]
