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
# cattrs (JSON), and importlib.metadata (wmd.__version__). pendulum is still loaded eagerly:
# pendulum.Date is the date type of every record.
DEFERRED = ("babel", "cattrs", "importlib.metadata")


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """The ``modules`` loaded in a fresh interpreter after running ``code``."""
    script = f"import sys\n{code}\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return [name for name in result.stdout.strip().split(",") if name]


@pytest.mark.parametrize("module", ["wmd", "wmd.members", "wmd.finance"])
def test_import_defers_babel_cattrs_and_metadata(module: str) -> None:
    """Importing the package loads neither babel, cattrs nor importlib.metadata."""
    assert _loaded_after(f"import {module}", DEFERRED) == []


def test_deferred_parts_load_on_first_use() -> None:
    """The version, a label and JSON still work in a fresh interpreter, loading their parts then."""
    code = (
        "import wmd, wmd.i18n, wmd.members\n"
        "assert wmd.__version__\n"
        "assert wmd.i18n.label('dues') != ''\n"
        "assert wmd.members.Registry(()) == "
        "wmd.members.io.from_json(wmd.members.io.to_json(wmd.members.Registry(())))"
    )
    assert _loaded_after(code, DEFERRED) == ["babel", "cattrs", "importlib.metadata"]
