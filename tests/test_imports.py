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
