"""Import every model so the shared metadata (and Alembic) sees the whole schema."""

from domain.audit.models import CaseEvent
from domain.cases.duplicate_models import CaseMerge, DuplicateCandidate, IntakeFingerprint
from domain.cases.models import (
    Attachment,
    Case,
    CaseCopy,
    CaseNote,
    HumanTask,
    Reporter,
    Timer,
    WorkflowState,
)
from domain.channels.models import AgencyKeyword, InboundMessage, OptOut
from domain.integrations.models import IdempotentRequest, Webhook
from domain.letters.models import Letter
from domain.open311.models import ApiKey, FiledRequest
from domain.org.models import Agency, Membership, Region, Unit, User
from domain.outbox.models import DigestEntry, OutboxMessage
from domain.processes.models import ProcessDraft, ProcessModel, ProcessVersion
from domain.sla.models import NonWorkingDay
from domain.stats import rollup  # noqa: F401  (its flush listener keeps the rollup)
from domain.stats.models import CaseRollup, MonthlyRecap

__all__ = [
    "Agency",
    "AgencyKeyword",
    "ApiKey",
    "Attachment",
    "Case",
    "CaseCopy",
    "CaseEvent",
    "CaseMerge",
    "CaseNote",
    "CaseRollup",
    "DigestEntry",
    "DuplicateCandidate",
    "FiledRequest",
    "HumanTask",
    "IdempotentRequest",
    "InboundMessage",
    "IntakeFingerprint",
    "Letter",
    "Membership",
    "MonthlyRecap",
    "NonWorkingDay",
    "OptOut",
    "OutboxMessage",
    "ProcessDraft",
    "ProcessModel",
    "ProcessVersion",
    "Region",
    "Reporter",
    "Timer",
    "Unit",
    "User",
    "Webhook",
    "WorkflowState",
]
