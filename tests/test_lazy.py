"""wmd._lazy: a module stands in for numpy or pendulum until one of its names is first read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from wmd._lazy import lazy_module


def test_an_imported_module_is_returned_itself() -> None:
    """lazy_module of a module that is already imported gives that very module, no stand-in."""
    assert lazy_module("json") is json


def test_a_wrong_name_raises_the_modules_own_attribute_error() -> None:
    """Reading a name the module lacks raises AttributeError, as on the module itself."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = lazy_module("json").no_such_name


def test_the_stand_in_imports_on_first_read_only() -> None:
    """In a fresh interpreter the module is imported at the first read of a name, not before."""
    code = (
        "import sys\n"
        "from wmd._lazy import lazy_module\n"
        "colorsys = lazy_module('colorsys')\n"
        "before = 'colorsys' in sys.modules\n"
        "hsv = colorsys.rgb_to_hsv(1.0, 0.0, 0.0)\n"
        "print(before, 'colorsys' in sys.modules, hsv, colorsys.hls_to_rgb is sys.modules['colorsys'].hls_to_rgb)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "(0.0,", "1.0,", "1.0)", "True"]
