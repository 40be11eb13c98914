"""Claims in a report's text: moved to :mod:`wmd.published.claims`; the old names still work here.

>>> from wmd.finance.claims import DifferenceClaim
>>> DifferenceClaim.__module__
'wmd.published.claims'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from wmd.published.claims import AppropriationClaim as AppropriationClaim  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.claims import DifferenceClaim as DifferenceClaim  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.claims import Direction as Direction  # noqa: PLC0414 - re-export of a moved name
    from wmd.published.claims import about as about  # noqa: PLC0414 - re-export of a moved name

__all__: list[str] = []

_MOVED: Final = frozenset({"AppropriationClaim", "DifferenceClaim", "Direction", "about"})


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The claims moved to :mod:`wmd.published.claims`; the old names still work."""
        if name in _MOVED:
            from wmd.published import claims  # noqa: PLC0415 - wmd.published imports wmd.finance

            return getattr(claims, name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
