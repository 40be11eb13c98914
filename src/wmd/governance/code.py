"""The governance code: versions, principles and board models, all as data.

The sector's *Governancecode W&MD* (2008) sets principles for the boards and
supervisors of member organisations. It works by **comply or explain** (pas toe of
leg uit): for each principle a member declares that it applies it, or explains why
not. A :class:`GovernanceCode` is one *version* of the code: its principles, each
identified by a code such as ``"2.1"``, the board models it knows, and its limits
on terms of office (how many years one term may last, how many terms one person
may sit).

Board models are data, not an enum: the three seen in practice are bundled as
:data:`SUPERVISORY_BOARD` (a raad van toezicht next to a managing director or
board), :data:`SUPERVISING_BOARD` (a toezichthoudend bestuur over a director) and
:data:`GOVERNING_BOARD` (a board that governs itself), and a code version may
list others.

The principles below are made up for the example; the library bundles no code
text.

>>> from wmd.governance import GovernanceCode, Principle
>>> code_2008 = GovernanceCode(
...     "2008",
...     pendulum.date(2008, 1, 1),
...     principles=(Principle("1.1", "The board acts in the interest of the organisation"),
...                 Principle("2.1", "Supervisors are independent")),
...     max_term_years=4,
...     max_terms=2,
... )
>>> code_2008.principle("2.1").title
'Supervisors are independent'
>>> [m.code for m in code_2008.board_models]
['RVT', 'TB', 'BB']
>>> code_2008.principle("9.9")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: governance code 2008: principle: expected a principle of this version ['1.1', '2.1'], got '9.9'

A later revision is built from an earlier one; it names what changed:

>>> code_2013 = code_2008.revised(
...     "2013", pendulum.date(2013, 1, 1),
...     add=(Principle("3.1", "The board evaluates itself yearly"),), drop=("1.1",), max_terms=3)
>>> code_2013.principle_codes, code_2013.max_term_years, code_2013.max_terms
(('2.1', '3.1'), 4, 3)
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from wmd.errors import InvalidInputError
from wmd.i18n import resolve_lang
from wmd.periods import Date, to_date

__all__ = [
    "BOARD_MODELS",
    "GOVERNING_BOARD",
    "SUPERVISING_BOARD",
    "SUPERVISORY_BOARD",
    "BoardModel",
    "GovernanceCode",
    "Principle",
]


def _text(field: str, where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(field, given=value, expected="a non-empty text", where=where)
    return value


@attrs.frozen
class BoardModel:
    """A way of organising board and supervision, with its name in Dutch and English.

    Attributes:
        code: short code that registrations refer to (``"RVT"``).
        name_nl: the Dutch name.
        name_en: the English name.

    >>> SUPERVISORY_BOARD.name("nl")
    'raad van toezicht naast directeur-bestuurder'
    >>> BoardModel("", "x", "x")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: board model: code: expected a non-empty text, got ''
    """

    code: str
    name_nl: str
    name_en: str

    def __attrs_post_init__(self) -> None:
        _text("code", "board model", self.code)
        _text("name_nl", f"board model {self.code}", self.name_nl)
        _text("name_en", f"board model {self.code}", self.name_en)

    def name(self, lang: str | None = None) -> str:
        """The name in ``"nl"`` or ``"en"``.

        >>> GOVERNING_BOARD.name("en")
        'governing board'
        """
        if lang not in ("nl", "en"):
            raise InvalidInputError("lang", given=lang, expected="one of ['en', 'nl']")
        return self.name_nl if resolve_lang(lang) == "nl" else self.name_en


SUPERVISORY_BOARD = BoardModel(
    "RVT",
    "raad van toezicht naast directeur-bestuurder",
    "supervisory board next to a managing director",
)
"""A supervisory board (raad van toezicht) next to a managing director or managing board."""

SUPERVISING_BOARD = BoardModel(
    "TB",
    "toezichthoudend bestuur met directeur",
    "supervising board over a director",
)
"""A supervising board (toezichthoudend bestuur) over a director."""

GOVERNING_BOARD = BoardModel(
    "BB",
    "besturend bestuur",
    "governing board",
)
"""A board that governs itself (instruerend or besturend bestuur)."""

BOARD_MODELS: tuple[BoardModel, ...] = (SUPERVISORY_BOARD, SUPERVISING_BOARD, GOVERNING_BOARD)
"""The three board models seen in practice, the default of every code version."""


@attrs.frozen
class Principle:
    """One principle of a code version, identified by its code (``"2.1"``).

    >>> Principle("2.1", "Supervisors are independent").code
    '2.1'
    """

    code: str
    title: str

    def __attrs_post_init__(self) -> None:
        _text("code", "principle", self.code)
        _text("title", f"principle {self.code}", self.title)


def _principles(value: Iterable[Principle]) -> tuple[Principle, ...]:
    return tuple(value)


def _models(value: Iterable[BoardModel]) -> tuple[BoardModel, ...]:
    return tuple(value)


def _effective(value: object) -> Date:
    return to_date(value, field="effective", where="governance code")


@attrs.frozen
class GovernanceCode:
    """One version of the governance code.

    Attributes:
        version: the version's name (``"2008"``).
        effective: the first day the version applies.
        principles: its principles, each code once.
        board_models: the board models it knows (default: :data:`BOARD_MODELS`).
        max_term_years: the longest one term of office may last, in years, or
            ``None`` when the version sets no limit.
        max_terms: how many terms one person may sit in one seat, or ``None``.

    Raises:
        InvalidInputError: for a principle or board-model code that occurs twice, no
            principles, or a limit below 1.

    >>> GovernanceCode("2008", pendulum.date(2008, 1, 1), principles=(), max_terms=2)
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: governance code 2008: principles: expected at least one principle, got ()
    """

    version: str
    effective: Date = attrs.field(converter=_effective)
    principles: tuple[Principle, ...] = attrs.field(converter=_principles)
    board_models: tuple[BoardModel, ...] = attrs.field(default=BOARD_MODELS, converter=_models)
    max_term_years: int | None = None
    max_terms: int | None = None

    def __attrs_post_init__(self) -> None:
        _text("version", "governance code", self.version)
        where = f"governance code {self.version}"
        if not self.principles:
            raise InvalidInputError(
                "principles", given=(), expected="at least one principle", where=where
            )
        for name, items in (("principles", self.principles), ("board_models", self.board_models)):
            if not all(isinstance(item, Principle | BoardModel) for item in items):
                raise InvalidInputError(
                    name, given=items, expected="Principle or BoardModel objects", where=where
                )
            codes = [item.code for item in items]
            if len(set(codes)) != len(codes):
                raise InvalidInputError(name, given=codes, expected="each code once", where=where)
        for name, limit in (("max_term_years", self.max_term_years), ("max_terms", self.max_terms)):
            if limit is not None and (
                isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
            ):
                raise InvalidInputError(
                    name, given=limit, expected="a whole number >= 1, or None", where=where
                )

    @property
    def principle_codes(self) -> tuple[str, ...]:
        """The codes of the principles, in order.

        >>> GovernanceCode("x", "2008-01-01", (Principle("1", "One"),)).principle_codes
        ('1',)
        """
        return tuple(p.code for p in self.principles)

    def principle(self, code: str) -> Principle:
        """The principle with this code.

        Raises:
            InvalidInputError: when this version has no such principle.

        >>> GovernanceCode("x", "2008-01-01", (Principle("1", "One"),)).principle("1").title
        'One'
        """
        for principle in self.principles:
            if principle.code == code:
                return principle
        raise InvalidInputError(
            "principle",
            given=code,
            expected=f"a principle of this version {list(self.principle_codes)}",
            where=f"governance code {self.version}",
        )

    def board_model(self, code: str) -> BoardModel:
        """The board model with this code.

        Raises:
            InvalidInputError: when this version does not know the model.

        >>> GovernanceCode("x", "2008-01-01", (Principle("1", "One"),)).board_model("TB").name_en
        'supervising board over a director'
        """
        for model in self.board_models:
            if model.code == code:
                return model
        raise InvalidInputError(
            "board_model",
            given=code,
            expected=f"a board model of this version {[m.code for m in self.board_models]}",
            where=f"governance code {self.version}",
        )

    def revised(
        self,
        version: str,
        effective: Date,
        *,
        add: Iterable[Principle] = (),
        drop: Iterable[str] = (),
        max_term_years: int | None = None,
        max_terms: int | None = None,
    ) -> GovernanceCode:
        """A later version: principles dropped by code and added; limits kept unless given.

        A principle in ``add`` with the code of a kept principle replaces it.

        Raises:
            InvalidInputError: for a code in ``drop`` this version does not have, or an
                ``effective`` date not after this version's.

        >>> base = GovernanceCode("2008", "2008-01-01", (Principle("1", "One"),), max_terms=2)
        >>> base.revised("2010", pendulum.date(2009, 1, 1)).max_terms
        2
        >>> base.revised("2010", pendulum.date(2007, 1, 1))
        Traceback (most recent call last):
        ...
        wmd.errors.InvalidInputError: governance code 2010: effective: expected a date after 2008-01-01, got Date(2007, 1, 1)
        """
        effective_date = _effective(effective)
        if effective_date <= self.effective:
            raise InvalidInputError(
                "effective",
                given=effective_date,
                expected=f"a date after {self.effective.isoformat()}",
                where=f"governance code {version}",
            )
        dropped = set(drop)
        for code in sorted(dropped):
            self.principle(code)
        added = tuple(add)
        replaced = {p.code for p in added}
        kept = tuple(p for p in self.principles if p.code not in dropped and p.code not in replaced)
        return GovernanceCode(
            version,
            effective_date,
            (*kept, *added),
            self.board_models,
            self.max_term_years if max_term_years is None else max_term_years,
            self.max_terms if max_terms is None else max_terms,
        )
