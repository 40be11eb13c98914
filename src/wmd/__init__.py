"""wmd: one exact calculation of a W&MD branch association's members, dues and figures.

>>> import wmd
>>> wmd.__version__ != ""
True
"""

from importlib.metadata import PackageNotFoundError, version

from wmd.errors import WmdError

__all__ = ["WmdError", "__version__"]

try:
    __version__ = version("wmd")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"
