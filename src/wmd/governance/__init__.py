"""Governance: the code and its register, board seats, meetings and votes.

The sector's governance code works by *comply or explain*; members that declared
they apply it are listed in a public register (15% of members in 2012). The
association itself reports how often its board and general meeting met, and its
general meeting may weight votes by dues. This package models each in its own
module, named after the domain thing:

* :mod:`wmd.governance.code` -- :class:`GovernanceCode` versions with their
  principles (:class:`Principle`), board models (:class:`BoardModel`) and term limits;
* :mod:`wmd.governance.register` -- the :class:`CodeRegister` of
  registrations (:class:`Registration`), its queries, and its checks against the member
  registry (findings, not errors, for historical entries);
* :mod:`wmd.governance.seats` -- board and supervisory seats (:class:`Seat`), who
  exceeds the code's term limits on a day, and the :class:`RotationSchedule` (rooster
  van aftreden);
* :mod:`wmd.governance.meetings` -- meetings (:class:`Meeting`), the :class:`MeetingLog`
  with counts per year, :class:`Quorum`, :class:`Motion` and :class:`Outcome`;
* :mod:`wmd.governance.votes` -- the :class:`VotingRule`: one member one vote
  (BW 2:38), or votes weighted by dues in bands with a cap.

Data flows one way: this package uses :mod:`wmd.members` and reads dues through
the small :class:`DuesAmounts` protocol, so it never imports :mod:`wmd.finance`.

>>> from wmd.governance import MeetingKind, MeetingLog, Meeting
>>> log = MeetingLog(
...     [Meeting(pendulum.date(2012, m, 10), MeetingKind.BOARD) for m in range(1, 10)]
...     + [Meeting(pendulum.date(2012, 6, 14), MeetingKind.GENERAL),
...        Meeting(pendulum.date(2012, 11, 29), MeetingKind.GENERAL),
...        Meeting(pendulum.date(2012, 9, 20), MeetingKind.INTERIM)]
... )
>>> [(kind.value, n) for kind, n in log.counts(2012).items()]
[('board meeting', 9), ('general meeting', 2), ("interim members' meeting", 1)]
"""

from wmd.governance.code import (
    BOARD_MODELS,
    GOVERNING_BOARD,
    SUPERVISING_BOARD,
    SUPERVISORY_BOARD,
    BoardModel,
    GovernanceCode,
    Principle,
)
from wmd.governance.meetings import (
    Choice,
    Entitled,
    Majority,
    Meeting,
    MeetingKind,
    MeetingLog,
    Motion,
    Outcome,
    Quorum,
    QuorumCount,
    Vote,
)
from wmd.governance.register import (
    CodeRegister,
    Declaration,
    RegisterEvent,
    RegisterEventKind,
    Registration,
    Removal,
    RemovalReason,
)
from wmd.governance.seats import (
    Breach,
    BreachKind,
    Role,
    Rotation,
    RotationSchedule,
    Seat,
    Seats,
)
from wmd.governance.votes import DuesAmounts, DuesSource, VoteBand, VotingRule

__all__ = [
    "BOARD_MODELS",
    "GOVERNING_BOARD",
    "SUPERVISING_BOARD",
    "SUPERVISORY_BOARD",
    "BoardModel",
    "Breach",
    "BreachKind",
    "Choice",
    "CodeRegister",
    "Declaration",
    "DuesAmounts",
    "DuesSource",
    "Entitled",
    "GovernanceCode",
    "Majority",
    "Meeting",
    "MeetingKind",
    "MeetingLog",
    "Motion",
    "Outcome",
    "Principle",
    "Quorum",
    "QuorumCount",
    "RegisterEvent",
    "RegisterEventKind",
    "Registration",
    "Removal",
    "RemovalReason",
    "Role",
    "Rotation",
    "RotationSchedule",
    "Seat",
    "Seats",
    "Vote",
    "VoteBand",
    "VotingRule",
]
