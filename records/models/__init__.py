from records.models.actions import (
    AdministrativeAction,
    Confirmation,
    Enforcement,
    Filing,
    Payment,
    Qualification,
    Reward,
)
from records.models.base import CreditRecord, RecordStatus, SubjectCategory
from records.models.commitments import Commitment
from records.models.exchange import ApiToken, ImportRow, IngestBatch
from records.models.inspections import AbnormalOperation, Inspection
from records.models.lists import ListEntry, ListType, Measure
from records.models.orgs import Department, Region
from records.models.penalties import Penalty
from records.models.permits import Permit
from records.models.ratings import Rating
from records.models.subjects import Subject

__all__ = [
    "AbnormalOperation",
    "AdministrativeAction",
    "ApiToken",
    "Commitment",
    "Confirmation",
    "CreditRecord",
    "Department",
    "Enforcement",
    "Filing",
    "ImportRow",
    "IngestBatch",
    "Inspection",
    "ListEntry",
    "ListType",
    "Measure",
    "Payment",
    "Penalty",
    "Permit",
    "Qualification",
    "Rating",
    "RecordStatus",
    "Region",
    "Reward",
    "Subject",
    "SubjectCategory",
]
