"""Every lifecycle and vocabulary of the domain, defined once."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    COMPLAINT = "complaint"  # pengaduan
    ASPIRATION = "aspiration"  # aspirasi
    INFORMATION_REQUEST = "information_request"  # permintaan informasi


class CaseStatus(StrEnum):
    SUBMITTED = "submitted"
    VERIFICATION = "verification"
    HOLD = "hold"  # tunda: waiting for the reporter
    FOLLOW_UP = "follow_up"  # tindak lanjut by the unit
    RESPONDED = "responded"  # follow-up posted, reporter's window open
    CLOSED = "closed"  # selesai
    ARCHIVED = "archived"  # arsipkan

    @property
    def is_final(self) -> bool:
        return self in (CaseStatus.CLOSED, CaseStatus.ARCHIVED)


class Channel(StrEnum):
    WEB = "web"
    API = "api"
    SMS = "sms"
    SOCIAL = "social"
    EMAIL = "email"
    OFFICER = "officer"  # keyed in by an officer (before the counter said how it came)
    OPEN311 = "open311"
    CLI = "cli"
    APP = "app"  # a mobile app, through the JSON API
    INTEGRATION = "integration"  # a connected agency system, through the JSON API
    PHONE = "phone"  # the counter: a call taken by an officer
    PAPER = "paper"  # the counter: a letter, scanned
    WALK_IN = "walk_in"  # the counter: the citizen in person


# What a JSON API client may declare itself to be (`channel` in POST /api/v1/cases).
API_CHANNELS = (Channel.API, Channel.APP, Channel.SOCIAL, Channel.INTEGRATION)
# How a complaint reached the counter, chosen by the officer who keys it in.
COUNTER_CHANNELS = (Channel.PHONE, Channel.PAPER, Channel.WALK_IN)


class Role(StrEnum):
    NATIONAL_ADMIN = "national_admin"
    COORDINATOR = "coordinator"  # admin instansi
    LIAISON = "liaison"  # admin penghubung
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    PROCESS_OWNER = "process_owner"
    AUDITOR = "auditor"
    SYSADMIN = "sysadmin"

    @property
    def is_global(self) -> bool:
        """Roles whose scope is every unit (they hold no unit membership)."""
        return self in (Role.NATIONAL_ADMIN, Role.SYSADMIN)


class Lane(StrEnum):
    """BPMN lane names; each maps to who may act on a task in it."""

    COORDINATOR = "coordinator"
    NATIONAL_ADMIN = "national_admin"
    LIAISON = "liaison"
    SUPERVISOR = "supervisor"
    REPORTER = "reporter"


LANE_ROLES: dict[Lane, frozenset[Role]] = {
    Lane.COORDINATOR: frozenset({Role.COORDINATOR}),
    Lane.NATIONAL_ADMIN: frozenset({Role.NATIONAL_ADMIN}),
    Lane.LIAISON: frozenset({Role.LIAISON, Role.OFFICER}),
    Lane.SUPERVISOR: frozenset({Role.SUPERVISOR}),
    Lane.REPORTER: frozenset(),
}

class FactKey(StrEnum):
    """Keys of the instance data the domain reads back after each engine step.

    docs/bpmn-conventions.md names them; a diagram's scripts and forms write them.
    """

    UNIT_CODE = "unit_code"  # the unit the verifier disposed the case to
    AGENCY_CODE = "agency_code"
    ROUTED_UNIT = "routed_unit"  # the routing table's suggestion
    COPIES = "copies"  # unit codes that get a copy
    HOLDS = "holds"
    FORWARDS = "forwards"
    REOPENS = "reopens"
    RATING = "rating"
    DECISION = "decision"  # the last task's choice: read back, not kept as a case fact
    ACTION = "action"

    @property
    def is_case_fact(self) -> bool:
        """Kept in the case's workflow facts and copied into its columns (projection)."""
        return self not in (FactKey.DECISION, FactKey.ACTION)


# Roles allowed to see a reporter's identity (the verifying role); every view is audited.
IDENTITY_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.COORDINATOR})


class TaskState(StrEnum):
    READY = "ready"
    COMPLETED = "completed"
    CANCELLED = "cancelled"  # left by a fired timer, a forward, or the case's end


class ReporterNotice(StrEnum):
    """What a user task's `reporter_notice` property tells the reporter when the task becomes
    ready (docs/bpmn-conventions.md): the kinds jobs/messages.py has words for."""

    EXTENDED = "extended"  # the answer's time was extended once (UU 14/2008 pasal 22(8))


class TimerStatus(StrEnum):
    PENDING = "pending"
    FIRED = "fired"
    CANCELLED = "cancelled"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry


class InboundStatus(StrEnum):
    """A message that came in on a channel (SMS, e-mail, social), from webhook to answer."""

    RECEIVED = "received"  # stored by the webhook, its job not yet done
    WAITING = "waiting"  # one part of a multi-part SMS, waiting for the other parts
    MERGED = "merged"  # a part whose text went into its message's first part
    DONE = "done"  # handled; `outcome` says how


class DraftStatus(StrEnum):
    """A process draft's life in the studio (docs: process studio)."""

    DRAFT = "draft"  # being edited by its author
    SUBMITTED = "submitted"  # valid, waiting for a second owner's (or a sysadmin's) approval
    APPROVED = "approved"  # approved, and its content was already a deployed version
    DEPLOYED = "deployed"  # approved and deployed as a new immutable version
    REJECTED = "rejected"  # sent back; the author may edit it again
