"""Modules imported on their first use, so that ``import wmd`` stays light (issue 17).

numpy and pendulum take most of the time of a fresh ``import wmd.finance`` while nothing
in it needs them until a calculation runs. A module names them as usual for the type
checker and gets a stand-in at run time::

    if TYPE_CHECKING:
        import numpy as np
    else:
        np = lazy_module("numpy")

The stand-in imports the real module the first time one of its attributes is read and
from then on holds the module's names itself, so later reads cost a plain look-up.

>>> import sys
>>> from wmd._lazy import lazy_module
>>> colorsys = lazy_module("colorsys")
>>> colorsys.rgb_to_hsv(1.0, 0.0, 0.0)
(0.0, 1.0, 1.0)
>>> colorsys.hls_to_rgb is sys.modules["colorsys"].hls_to_rgb
True
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

__all__ = ["lazy_module"]

_LOCK = threading.Lock()


class _Deferred(types.ModuleType):
    """Stands in for the module of its name until one of its attributes is first read."""

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any attribute of any module
        # Only called for a name the stand-in does not hold yet.
        module = importlib.import_module(self.__name__)
        value = getattr(module, name)  # the module's own AttributeError for a wrong name
        with _LOCK:
            if self.__spec__ is None:  # first read: take over every name the module has
                self.__dict__.update(vars(module))
            self.__dict__[name] = value  # names a module computes on demand (PEP 562)
        return value

    def __repr__(self) -> str:
        state = "imported" if self.__spec__ is not None else "not imported yet"
        return f"<module {self.__name__!r} ({state}, imported on first use)>"


def lazy_module(name: str) -> types.ModuleType:
    """The module ``name`` if it is imported already, else a stand-in that imports it on first use.

    The stand-in is not put in :data:`sys.modules`: until a calculation needs it, the module
    is not imported at all, and an ``import name`` elsewhere gets the real module.
    """
    module = sys.modules.get(name)
    return module if module is not None else _Deferred(name)
