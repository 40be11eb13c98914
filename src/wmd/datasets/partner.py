"""A **synthetic** second association, for exploring a merger (docs and tests).

In 2015 the MOgroep and MEE Nederland explored working together. The real MEE
registry is not public, so this module invents one, clearly labelled: every
organisation is named "(fictief)", every KvK number starts with ``99``, and the
figures are drawn from a seeded generator. It is built from the sample registry
(:func:`wmd.datasets.sample_registry`) so the overlap is known:

* ``overlap`` members of the sample at the end of 2012 are members of both
  associations (same KvK number); a third of them report a different 2012 wage sum
  to the second association, so combining them shows conflicts;
* ``lookalikes`` organisations have no KvK number in the second registry and a name
  like a sample member's, so combining lists them as candidates, never as matches;
* the rest are organisations of the second association only, in its own sector
  ``ON`` (onafhankelijke cliëntondersteuning, independent client support).

Its dues schedule (:func:`partner_schedule`) is a fixed amount plus a rate, unlike
the sample's, so harmonising shows who pays more and who pays less.

>>> from wmd.datasets.partner import partner_registry, partner_schedule
>>> partner = partner_registry()
>>> len(partner), partner.count_on(pendulum.date(2012, 12, 31))
(180, 180)
>>> partner_schedule(2013).roll(partner).total > 0
True
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Final

import numpy as np
import pendulum

from wmd.finance.dues import Basis, DuesSchedule
from wmd.finance.formulas import Fixed, Rate, SumOf
from wmd.finance.proration import Proration
from wmd.members.member import LegalForm, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.money import CENTS

__all__ = ["PARTNER_SECTOR", "partner_registry", "partner_schedule"]

PARTNER_SECTOR: Final = Sector(
    "ON", "Onafhankelijke cliëntondersteuning", "Independent client support"
)
"""The second association's own sector."""

_SIZE: Final = 180
_OVERLAP: Final = 60
_LOOKALIKES: Final = 8


@cache
def partner_registry(seed: int = 2015) -> Registry:
    """The synthetic second association's registry (180 members at the end of 2012).

    Same seed, same registry; the sample registry is the other side of the overlap.
    """
    from wmd.datasets import sample_registry  # noqa: PLC0415 - the package imports this module

    rng = np.random.default_rng(seed)
    sample = sample_registry().members_at_end_of(2012)
    picked = rng.choice(len(sample), size=_OVERLAP + _LOOKALIKES, replace=False)
    members: list[Member] = []
    for k, index in enumerate(picked[:_OVERLAP]):
        original = sample[int(index)]
        wage_sum = original.wage_sum(2012) or Decimal(0)
        if k % 3 == 0:  # a third report another figure to the second association
            wage_sum = CENTS.round(
                wage_sum * Decimal(repr(round(float(rng.uniform(0.95, 1.05)), 4)))
            )
        members.append(
            Member(
                f"P{k + 1:03d}",
                f"{original.name} (fictief)",
                kvk=original.kvk,
                sectors=(*original.sectors, "ON") if k % 2 == 0 else original.sectors,
                figures=(YearFigures(2012, wage_sum=wage_sum),),
                spells=(Membership(pendulum.date(2008 + int(rng.integers(0, 5)), 1, 1)),),
                legal_form=original.legal_form,
            )
        )
    for k, index in enumerate(picked[_OVERLAP:], start=_OVERLAP):
        original = sample[int(index)]
        members.append(
            _new_member(k, original.name.replace("Stichting ", "") + " (fictief)", None, rng)
        )
    members += [
        _new_member(k, f"MEE Regio {k + 1:03d} (fictief)", f"99{900000 + k:06d}", rng)
        for k in range(_OVERLAP + _LOOKALIKES, _SIZE)
    ]
    return Registry(members, sectors=(*PUBLISHED_SECTORS, PARTNER_SECTOR))


def _new_member(k: int, name: str, kvk: str | None, rng: np.random.Generator) -> Member:
    wage_sum = Decimal(int(rng.lognormal(mean=13.8, sigma=0.9) * 100)).scaleb(-2)
    return Member(
        f"P{k + 1:03d}",
        name,
        kvk=kvk,
        sectors=("ON",),
        figures=(YearFigures(2012, wage_sum=wage_sum),),
        spells=(Membership(pendulum.date(2005 + int(rng.integers(0, 8)), 1, 1)),),
        legal_form=LegalForm.FOUNDATION,
    )


def partner_schedule(year: int = 2013) -> DuesSchedule:
    """The second association's (invented) dues: € 500 plus 1,5 per mille of last year's wage sum."""
    return DuesSchedule(
        year,
        SumOf((Fixed("500"), Rate.per_mille("1.5"))),
        Basis(years_before=1),
        Proration("months"),
    )
