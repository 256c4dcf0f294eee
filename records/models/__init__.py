from records.appeals.models import (
    CreditRepair,
    Objection,
    ObjectionAttachment,
    ObjectionEvent,
    RepairAttachment,
    RepairEvent,
)
from records.models.actions import (
    AdministrativeAction,
    Confirmation,
    Enforcement,
    Filing,
    Payment,
    Qualification,
    Reward,
)
from records.models.audit import AuditEntry
from records.models.base import UNAPPROVED_STATUSES, CreditRecord, RecordStatus, SubjectCategory
from records.models.commitments import Commitment, CommitmentSerial, CommitmentTemplate
from records.models.exchange import ApiToken, ExchangeExport, ImportRow, IngestBatch
from records.models.inspections import AbnormalOperation, Inspection
from records.models.lists import ListEntry, ListNotice, ListProcedureEvent, ListType, Measure
from records.models.measures import MeasureCase, MeasureCaseNone
from records.models.orgs import Department, Region
from records.models.penalties import Penalty
from records.models.permits import Permit
from records.models.propagation import FeedPosition, RecordDelta
from records.models.ratings import Rating, RatingAgency
from records.models.review import Channel, CorrectionConflict, Delegation, DirectPublishing, Revision
from records.models.rules import PublicationPeriod, PublicationRule, SeverityRule
from records.models.staff import AccountApplication, StaffProfile
from records.models.subjects import Subject

__all__ = [
    "UNAPPROVED_STATUSES",
    "AbnormalOperation",
    "AccountApplication",
    "AdministrativeAction",
    "AuditEntry",
    "ApiToken",
    "Channel",
    "Commitment",
    "CommitmentSerial",
    "CommitmentTemplate",
    "CorrectionConflict",
    "Delegation",
    "DirectPublishing",
    "Confirmation",
    "CreditRecord",
    "CreditRepair",
    "Department",
    "Enforcement",
    "ExchangeExport",
    "FeedPosition",
    "Filing",
    "ImportRow",
    "IngestBatch",
    "Inspection",
    "ListEntry",
    "ListNotice",
    "ListProcedureEvent",
    "ListType",
    "Measure",
    "MeasureCase",
    "MeasureCaseNone",
    "Objection",
    "ObjectionAttachment",
    "ObjectionEvent",
    "Payment",
    "Penalty",
    "Permit",
    "PublicationPeriod",
    "PublicationRule",
    "Qualification",
    "Rating",
    "RatingAgency",
    "RecordDelta",
    "RecordStatus",
    "Region",
    "RepairAttachment",
    "RepairEvent",
    "Revision",
    "SeverityRule",
    "Reward",
    "StaffProfile",
    "Subject",
    "SubjectCategory",
]
