"""The documentation's notebook runs from top to bottom (as the docs build runs it too)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "notebooks" / "dues-projection.ipynb"


def _outputs_text(notebook: Any) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
            parts.append(output.get("data", {}).get("text/html", ""))
            parts.extend(key for key in output.get("data", {}) if key.startswith("image/"))
    return "\n".join(parts)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client's own, not ours
def test_dues_projection_notebook_executes() -> None:
    """docs/notebooks/dues-projection.ipynb executes with the python3 kernel without an error."""
    notebook: Any = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    ).execute()
    text = _outputs_text(notebook)
    assert "2.987.055,04" in text  # the sample's 2012 dues, calibrated to the printed 2.987.055
    assert "Contributie bij krimpende loonsommen" in text
    assert "image/png" in text  # the fan chart was drawn
    assert "kans de begroting te halen" in text  # the calibration answered the question
