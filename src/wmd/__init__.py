"""wmd: one exact calculation of a W&MD branch association's members, dues and figures.

>>> import wmd
>>> wmd.__version__ != ""
True
"""

from wmd.errors import WmdError

__all__ = ["WmdError", "__version__"]

__version__: str


def __getattr__(name: str) -> str:
    """``wmd.__version__``, looked up on first use: importlib.metadata is slow to import."""
    if name != "__version__":
        raise AttributeError(f"module 'wmd' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        found = version("wmd")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0.0.0+unknown"
    globals()["__version__"] = found
    return found
