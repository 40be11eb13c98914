"""The ``hypothesis`` entry point: register wmd's types, looking the strategies up lazily.

Hypothesis runs :func:`register` while it is being imported, which may happen in
the middle of importing :mod:`wmd.testing` (or a module of it) itself. So this
module imports no strategy module: each registration is a function that imports
:mod:`wmd.testing` only when hypothesis first asks for a value of the type, by
which time every import has finished. That is what makes ``import wmd.testing``,
``import hypothesis`` and the old ``import wmd.finance._strategies`` work in any
order in a fresh interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = ["register"]


def register() -> None:
    """Register wmd's types with hypothesis (called through the ``hypothesis`` entry point)."""
    from hypothesis import strategies as st  # noqa: PLC0415 - hypothesis is importing us

    from wmd.finance.dues import Basis, DuesSchedule, Vat  # noqa: PLC0415 - see the module docs
    from wmd.finance.proration import Proration  # noqa: PLC0415 - see the module docs
    from wmd.members.member import Member, Membership, YearFigures  # noqa: PLC0415
    from wmd.members.registry import Registry  # noqa: PLC0415 - see the module docs
    from wmd.members.sector import PUBLISHED_SECTORS, Sector  # noqa: PLC0415
    from wmd.money import RoundingPolicy  # noqa: PLC0415 - see the module docs
    from wmd.periods import Period, Year  # noqa: PLC0415 - see the module docs

    def lazy(name: str) -> SearchStrategy[object]:
        def build(_type: object) -> SearchStrategy[object]:
            import wmd.testing  # noqa: PLC0415 - imported by now; see the module docs

            strategy: SearchStrategy[object] = getattr(wmd.testing, name)()
            return strategy

        return st.deferred(lambda: build(None))

    table: dict[type, str] = {
        Member: "members",
        Membership: "memberships",
        YearFigures: "year_figures",
        Registry: "registries",
        Period: "periods",
        DuesSchedule: "dues_schedules",
        Basis: "bases",
        Proration: "prorations",
        RoundingPolicy: "roundings",
        Vat: "vats",
    }
    for kind, name in table.items():
        st.register_type_strategy(kind, lazy(name))
    st.register_type_strategy(Year, st.deferred(lambda: _years().map(Year)))
    st.register_type_strategy(Sector, st.sampled_from(PUBLISHED_SECTORS))


def _years() -> SearchStrategy[int]:
    import wmd.testing  # noqa: PLC0415 - see the module docs

    return wmd.testing.years()
