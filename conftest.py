"""Names available to every doctest (in src/ and docs/), so examples stay short."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pendulum
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict[str, Any]) -> None:
    doctest_namespace["Decimal"] = Decimal
    doctest_namespace["pendulum"] = pendulum
