"""The governance register: which members declared they apply the code, and how.

The *Register Governancecode W&MD* is a public list of members that declared they
apply the sector's governance code. A :class:`Registration` records one such
declaration: the member, the code version and board model, the day it was
registered, a :class:`Declaration` per principle (applies, or explains with the
explanation text), the day by which it must be reviewed or renewed, and, once it
ends, a :class:`Removal` with its date and :class:`RemovalReason`.

A registration runs over the half-open period ``[registered, removal date)``: the
member is listed on the day it is registered and **no longer** on the day of its
removal. A renewal moves the review date (``attrs.evolve(reg, review=...)``); a
registration under a revised code version is a new registration, and the old one
is removed with the reason :attr:`RemovalReason.REPLACED`.

>>> from wmd.governance import (CodeRegister, Declaration, GovernanceCode, Principle,
...     Registration, Removal, RemovalReason)
>>> from wmd.members import Member, Membership, Registry
>>> from wmd.periods import Year
>>> code = GovernanceCode("2008", "2008-01-01", (Principle("1", "Integrity"), Principle("2", "Independence")))
>>> spell = (Membership(pendulum.date(2000, 1, 1)),)
>>> registry = Registry(tuple(Member(i, f"Stichting {i}", sectors=("LW",), spells=spell) for i in "ABCD"))
>>> register = CodeRegister((
...     Registration("A", code, "RVT", pendulum.date(2010, 3, 1),
...                  (Declaration.apply("1"), Declaration.explain("2", "One supervisor is a former director")),
...                  review=pendulum.date(2013, 3, 1)),
...     Registration("B", code, "TB", pendulum.date(2011, 1, 1), (Declaration.apply("1"),),
...                  removal=Removal(pendulum.date(2012, 6, 1), RemovalReason.ON_REQUEST)),
... ))
>>> register.members_registered_on(pendulum.date(2012, 12, 31))
('A',)
>>> register.share_registered_on(registry, pendulum.date(2012, 12, 31))  # 1 of 4 members
Fraction(1, 4)
>>> [r.member_id for r in register.lapsing(Year(2013).period)]
['A']
>>> [(e.member_id, e.kind.value) for e in register.changes(Year(2012).period)]
[('B', 'removed')]
>>> for finding in register.check(registry):
...     print(finding)
registration B from 2011-01-01: no declaration for principle 2 of code 2008
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.findings import Finding
from wmd.governance.code import BoardModel, GovernanceCode
from wmd.i18n import format_date, format_percent, label
from wmd.members.registry import Registry
from wmd.periods import Date, Period, to_date
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CodeRegister",
    "Declaration",
    "RegisterEvent",
    "RegisterEventKind",
    "Registration",
    "Removal",
    "RemovalReason",
]


class RemovalReason(enum.StrEnum):
    """Why a registration ended."""

    ON_REQUEST = "on request"
    """The member asked to be taken off the register."""
    LAPSED = "lapsed"
    """The review or renewal date passed without a renewal."""
    MEMBERSHIP_ENDED = "membership ended"
    """The organisation is no longer a member of the association."""
    MERGER = "merger"
    """The organisation merged; its successor registers on its own."""
    REPLACED = "replaced"
    """A new registration of the same member (for example under a revised code) took over."""


@attrs.frozen
class Declaration:
    """What a member declared for one principle: it applies it, or it explains.

    Attributes:
        principle: the principle's code.
        explanation: ``None`` when the member applies the principle; otherwise the
            member's explanation why it does not (comply or explain).

    >>> Declaration.apply("2.1").applies
    True
    >>> Declaration.explain("2.1", "Our supervisors serve a third term during a merger").applies
    False
    >>> Declaration.explain("2.1", " ")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: declaration for principle 2.1: explanation: expected a non-empty explanation, or None when the principle applies, got ' '
    """

    principle: str
    explanation: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.principle, str) or not self.principle:
            raise InvalidInputError(
                "principle", given=self.principle, expected="a principle code", where="declaration"
            )
        if self.explanation is not None and (
            not isinstance(self.explanation, str) or not self.explanation.strip()
        ):
            raise InvalidInputError(
                "explanation",
                given=self.explanation,
                expected="a non-empty explanation, or None when the principle applies",
                where=f"declaration for principle {self.principle}",
            )

    @classmethod
    def apply(cls, principle: str) -> Declaration:
        """The member applies the principle ("pas toe").

        >>> Declaration.apply("1").explanation is None
        True
        """
        return cls(principle)

    @classmethod
    def explain(cls, principle: str, explanation: str) -> Declaration:
        """The member does not apply the principle and explains why ("leg uit").

        >>> Declaration.explain("1", "Small board").explanation
        'Small board'
        """
        return cls(principle, explanation)

    @property
    def applies(self) -> bool:
        """Whether the member applies the principle."""
        return self.explanation is None


def _removal_date(value: object) -> Date:
    return to_date(value, field="date", where="removal")


def _reason(value: object) -> RemovalReason:
    try:
        return RemovalReason(str(value))
    except ValueError:
        raise InvalidInputError(
            "reason",
            given=value,
            expected=f"one of {[r.value for r in RemovalReason]}",
            where="removal",
        ) from None


@attrs.frozen
class Removal:
    """The end of a registration: the first day the member is no longer listed, and why.

    >>> Removal("2012-06-01", "lapsed").reason
    <RemovalReason.LAPSED: 'lapsed'>
    """

    date: Date = attrs.field(converter=_removal_date)
    reason: RemovalReason = attrs.field(converter=_reason)


def _registered(value: object) -> Date:
    return to_date(value, field="registered", where="registration")


def _optional_review(value: object) -> Date | None:
    return None if value is None else to_date(value, field="review", where="registration")


def _declarations(value: Iterable[Declaration]) -> tuple[Declaration, ...]:
    return tuple(value)


@attrs.frozen
class Registration:
    """One member's entry in the governance register.

    Attributes:
        member_id: the member's id in the :class:`~wmd.members.Registry`.
        code: the :class:`~wmd.governance.GovernanceCode` version declared.
        board_model: the code of the member's board model (one the version knows).
        registered: the first day the member is listed.
        declarations: one :class:`Declaration` per principle declared on; each a
            principle of ``code``, each at most once. Missing ones are reported by
            :meth:`CodeRegister.check`, not refused, because old entries are kept as
            they were.
        review: the date by which the registration must be reviewed or renewed, or
            ``None``.
        removal: the :class:`Removal`, or ``None`` while listed.

    Raises:
        InvalidInputError: for a principle the code version does not have, a board
            model it does not know, a removal on or before the registration day, or a
            review date on or before it.

    >>> from wmd.governance import GovernanceCode, Principle
    >>> code = GovernanceCode("2008", "2008-01-01", (Principle("1", "Integrity"),))
    >>> Registration("A", code, "RVT", "2010-01-01", (Declaration.apply("7"),))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: governance code 2008: principle: expected a principle of this version ['1'], got '7'
    >>> Registration("A", code, "RVT", "2010-01-01", removal=Removal("2009-12-31", "lapsed"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: registration A from 2010-01-01: removal: expected a date after the registration, got Date(2009, 12, 31)
    """

    member_id: str
    code: GovernanceCode = attrs.field(repr=lambda code: f"<code {code.version}>")
    board_model: str = attrs.field()
    registered: Date = attrs.field(converter=_registered)
    declarations: tuple[Declaration, ...] = attrs.field(default=(), converter=_declarations)
    review: Date | None = attrs.field(default=None, converter=_optional_review, kw_only=True)
    removal: Removal | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.member_id, str) or not self.member_id:
            raise InvalidInputError(
                "member_id", given=self.member_id, expected="a member id", where="registration"
            )
        where = self.where
        if not isinstance(self.code, GovernanceCode):
            raise InvalidInputError(
                "code", given=self.code, expected="a GovernanceCode", where=where
            )
        self.code.board_model(self.board_model)
        seen: set[str] = set()
        for declaration in self.declarations:
            if not isinstance(declaration, Declaration):
                raise InvalidInputError(
                    "declarations", given=declaration, expected="Declaration objects", where=where
                )
            self.code.principle(declaration.principle)
            if declaration.principle in seen:
                raise InvalidInputError(
                    "declarations",
                    given=declaration.principle,
                    expected="each principle once",
                    where=where,
                )
            seen.add(declaration.principle)
        if self.removal is not None:
            if not isinstance(self.removal, Removal):
                raise InvalidInputError(
                    "removal", given=self.removal, expected="a Removal", where=where
                )
            if self.removal.date <= self.registered:
                raise InvalidInputError(
                    "removal",
                    given=self.removal.date,
                    expected="a date after the registration",
                    where=where,
                )
        if self.review is not None and self.review <= self.registered:
            raise InvalidInputError(
                "review", given=self.review, expected="a date after the registration", where=where
            )

    @property
    def where(self) -> str:
        """How errors and findings name this registration."""
        return f"registration {self.member_id} from {self.registered.isoformat()}"

    @property
    def model(self) -> BoardModel:
        """The :class:`~wmd.governance.BoardModel` object of :attr:`board_model`."""
        return self.code.board_model(self.board_model)

    @property
    def period(self) -> Period:
        """The days listed: ``[registered, removal date)``, open while not removed."""
        return Period(self.registered, None if self.removal is None else self.removal.date)

    def is_listed_on(self, day: Date) -> bool:
        """Whether the member is in the register on ``day``."""
        return day in self.period

    @property
    def explained(self) -> tuple[Declaration, ...]:
        """The declarations that explain instead of apply."""
        return tuple(d for d in self.declarations if not d.applies)

    @property
    def undeclared(self) -> tuple[str, ...]:
        """Principle codes of the code version without a declaration."""
        declared = {d.principle for d in self.declarations}
        return tuple(c for c in self.code.principle_codes if c not in declared)

    def removed(self, on: Date, reason: RemovalReason) -> Registration:
        """A copy removed on ``on`` (the first day no longer listed) for ``reason``.

        Raises:
            InvalidInputError: when already removed, or ``on`` is not after the registration.
        """
        if self.removal is not None:
            raise InvalidInputError(
                "removal",
                given=self.removal,
                expected="a registration not yet removed",
                where=self.where,
            )
        return attrs.evolve(self, removal=Removal(on, reason))


class RegisterEventKind(enum.StrEnum):
    """What happened in the register."""

    REGISTERED = "registered"
    REMOVED = "removed"


@attrs.frozen
class RegisterEvent:
    """A member was registered or removed on ``date`` (the first day of the new state)."""

    member_id: str
    date: Date
    kind: RegisterEventKind
    reason: RemovalReason | None = None


def _registrations(value: Iterable[Registration]) -> tuple[Registration, ...]:
    return tuple(sorted(value, key=lambda r: (r.member_id, r.registered)))


@attrs.frozen
class CodeRegister(Tabular):
    """The governance register: registrations, kept as they were, in member and date order.

    Raises:
        InconsistentDataError: when two registrations of one member overlap in time
            (then "registered on a day" would be ambiguous).
    """

    registrations: tuple[Registration, ...] = attrs.field(converter=_registrations)

    def __attrs_post_init__(self) -> None:
        for item in self.registrations:
            if not isinstance(item, Registration):
                raise InvalidInputError(
                    "registrations", given=item, expected="Registration objects", where="register"
                )
        for before, after in zip(self.registrations, self.registrations[1:], strict=False):
            if before.member_id == after.member_id and before.period.overlaps(after.period):
                raise InconsistentDataError(
                    f"register: registrations of member {before.member_id} overlap: "
                    f"{before.period} and {after.period}"
                )

    def __len__(self) -> int:
        return len(self.registrations)

    def __iter__(self) -> Iterator[Registration]:
        return iter(self.registrations)

    def of_member(self, member_id: str) -> tuple[Registration, ...]:
        """The registrations of one member, oldest first."""
        return tuple(r for r in self.registrations if r.member_id == member_id)

    def register(self, registration: Registration, registry: Registry) -> CodeRegister:
        """A copy with a new registration, for a member that is a member on its first day.

        This is the way to *add* an entry; old entries that break this rule are kept
        by the constructor and reported by :meth:`check`.

        Raises:
            InvalidInputError: when the organisation is not a member on the day it
                registers (or not in the registry at all).
            InconsistentDataError: when it overlaps another registration of the member.

        >>> from wmd.governance import GovernanceCode, Principle
        >>> from wmd.members import Member, Membership, Registry
        >>> code = GovernanceCode("2008", "2008-01-01", (Principle("1", "Integrity"),))
        >>> reg = Registry((Member("A", "Stichting A", sectors=("LW",),
        ...                        spells=(Membership(pendulum.date(2011, 1, 1)),)),))
        >>> CodeRegister(()).register(Registration("A", code, "BB", "2010-06-01"), reg)
        Traceback (most recent call last):
        ...
        wmd.errors.InvalidInputError: registration A from 2010-06-01: member_id: expected a member on 2010-06-01, got 'A'
        """
        if registration.member_id not in registry or not registry.member(
            registration.member_id
        ).is_member_on(registration.registered):
            raise InvalidInputError(
                "member_id",
                given=registration.member_id,
                expected=f"a member on {registration.registered.isoformat()}",
                where=registration.where,
            )
        return CodeRegister((*self.registrations, registration))

    def registered_on(self, day: Date) -> tuple[Registration, ...]:
        """The registrations listed on ``day``."""
        return tuple(r for r in self.registrations if r.is_listed_on(day))

    def members_registered_on(self, day: Date) -> tuple[str, ...]:
        """The ids of the members listed on ``day``, sorted."""
        return tuple(sorted({r.member_id for r in self.registered_on(day)}))

    def share_registered_on(self, registry: Registry, day: Date) -> Fraction | None:
        """The share of the registry's members on ``day`` that are listed on ``day``.

        Only listed organisations that are members that day count, so the share is
        always within ``[0, 1]``; ``None`` when there are no members.
        """
        members = {m.id for m in registry.members_on(day)}
        if not members:
            return None
        listed = members.intersection(self.members_registered_on(day))
        return Fraction(len(listed), len(members))

    def share_table(
        self, registry: Registry, days: Iterable[Date], lang: str | None = None
    ) -> Table:
        """Members, members listed and the listed share on each of ``days``.

        The share is shown rounded half up to one decimal of a percent.

        >>> from wmd.members import Member, Membership, Registry
        >>> reg = Registry(tuple(Member(f"M{i}", "S", sectors=("LW",),
        ...     spells=(Membership(pendulum.date(2000, 1, 1)),)) for i in range(20)))
        >>> print(CodeRegister(()).share_table(reg, [pendulum.date(2012, 12, 31)], "en"))
        Governance register
        date         members   registered   share
        -----------------------------------------
        31/12/2012        20            0    0.0%
        """
        rows = []
        for day in days:
            members = {m.id for m in registry.members_on(day)}
            listed = members.intersection(self.members_registered_on(day))
            share = self.share_registered_on(registry, day)
            rows.append(
                (
                    format_date(day, lang, length="short"),
                    str(len(members)),
                    str(len(listed)),
                    format_percent(None if share is None else _tenths_of_percent(share), lang),
                )
            )
        return Table(
            title=_title(label("governance register", lang)),
            columns=(
                label("date", lang),
                label("members", lang),
                label("registered", lang),
                label("share", lang),
            ),
            rows=rows,
            align="lrrr",
        )

    def lapsing(self, period: Period) -> tuple[Registration, ...]:
        """Registrations whose review date falls in ``period`` and that are still listed then."""
        return tuple(
            r
            for r in self.registrations
            if r.review is not None and r.review in period and r.is_listed_on(r.review)
        )

    def changes(self, period: Period) -> tuple[RegisterEvent, ...]:
        """Every registration and removal with its date in ``period``, in date order."""
        events: list[RegisterEvent] = []
        for r in self.registrations:
            if r.registered in period:
                events.append(
                    RegisterEvent(r.member_id, r.registered, RegisterEventKind.REGISTERED)
                )
            if r.removal is not None and r.removal.date in period:
                events.append(
                    RegisterEvent(
                        r.member_id, r.removal.date, RegisterEventKind.REMOVED, r.removal.reason
                    )
                )
        events.sort(key=lambda e: (e.date, e.member_id, e.kind))
        return tuple(events)

    def check(self, registry: Registry, *, as_of: Date | None = None) -> list[Finding]:
        """Inconsistencies of the register with the membership, all of them at once.

        Reported: a registration of an organisation not in the registry; one that
        starts on a day the organisation is not a member; one that outlives the
        membership spell it started in (still listed on the spell's end day); one
        dated before its code version took effect; a
        removal for "membership ended" or "merger" while the organisation is still a
        member that day; principles of the code version without a declaration; and,
        with ``as_of``, registrations still listed on ``as_of`` whose review date
        has passed.
        """
        found: list[Finding] = []
        for r in self.registrations:
            found += _check_one(r, registry, as_of)
        return found

    def table(self, lang: str | None = None) -> Table:
        """Every registration as a row, in ``"nl"`` or ``"en"``."""

        def day(value: Date | None) -> str:
            return "" if value is None else format_date(value, lang, length="short")

        rows = [
            (
                r.member_id,
                r.code.version,
                r.board_model,
                day(r.registered),
                day(r.review),
                day(None if r.removal is None else r.removal.date),
                "" if r.removal is None else label(r.removal.reason.value, lang),
                str(len(r.declarations) - len(r.explained)),
                str(len(r.explained)),
            )
            for r in self.registrations
        ]
        return Table(
            title=_title(label("governance register", lang)),
            columns=tuple(
                label(c, lang)
                for c in (
                    "member",
                    "code version",
                    "board model",
                    "registered",
                    "review date",
                    "removed",
                    "reason",
                    "applies",
                    "explains",
                )
            ),
            rows=rows,
            align="lllllllrr",
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per registration: ids, version, model, dates (``date``), reason, counts."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {
                    "member_id": r.member_id,
                    "code_version": r.code.version,
                    "board_model": r.board_model,
                    "registered": r.registered,
                    "review": r.review,
                    "removed": None if r.removal is None else r.removal.date,
                    "reason": None if r.removal is None else r.removal.reason.value,
                    "applies": len(r.declarations) - len(r.explained),
                    "explains": len(r.explained),
                    "undeclared": len(r.undeclared),
                }
                for r in self.registrations
            ],
            columns=[
                "member_id",
                "code_version",
                "board_model",
                "registered",
                "review",
                "removed",
                "reason",
                "applies",
                "explains",
                "undeclared",
            ],
        )
        return frame


def _title(text: str) -> str:
    """The text with its first letter upper case (``str.capitalize`` would lower the rest)."""
    return text[:1].upper() + text[1:]


def _tenths_of_percent(share: Fraction) -> Decimal:
    """``share`` rounded half up to a tenth of a percent, exactly (``share >= 0``)."""
    tenths = math.floor(share * 1000 + Fraction(1, 2))
    return Decimal(tenths).scaleb(-3)


def _finding(r: Registration, note: str, **args: object) -> Finding:
    return Finding(r.where, "", None, None, note, tuple(args.items()))


def _check_one(r: Registration, registry: Registry, as_of: Date | None) -> list[Finding]:
    found: list[Finding] = []
    if r.member_id not in registry:
        return [_finding(r, "the organisation is not in the member registry")]
    member = registry.member(r.member_id)
    spell = member.spell_on(r.registered)
    if spell is None:
        later = [s for s in member.spells if s.start > r.registered]
        if later:
            note = "registered while not a member (membership starts {start})"
            found.append(_finding(r, note, start=later[0].start))
        else:
            found.append(_finding(r, "registered while not a member"))
    elif spell.end is not None and r.is_listed_on(spell.end):
        note = "registration outlives the membership, which ended {end}"
        found.append(_finding(r, note, end=spell.end))
    if (
        r.removal is not None
        and r.removal.reason in (RemovalReason.MEMBERSHIP_ENDED, RemovalReason.MERGER)
        and member.is_member_on(r.removal.date)
    ):
        note = "removed for '{reason}' on {date} while still a member"
        found.append(_finding(r, note, reason=r.removal.reason.value, date=r.removal.date))
    if r.registered < r.code.effective:
        note = "registered before code {version} took effect on {effective}"
        found.append(_finding(r, note, version=r.code.version, effective=r.code.effective))
    found += [
        _finding(
            r,
            "no declaration for principle {principle} of code {version}",
            principle=code,
            version=r.code.version,
        )
        for code in r.undeclared
    ]
    if as_of is not None and r.review is not None and r.review <= as_of and r.is_listed_on(as_of):
        note = "review date {review} passed, still listed on {as_of}"
        found.append(_finding(r, note, review=r.review, as_of=as_of))
    return found
