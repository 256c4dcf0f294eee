"""What a batch reports for each row (RowResult, the statuses) and the limits of a batch."""

from dataclasses import dataclass, field

from records.ingest.fields import KindSpec

MAX_BATCH_ROWS = 1000
RETRIES = 3
_COUNTER_FIELDS = (
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "late_count",
    "processed_rows",
    "duration_ms",
    "errors",
    "status",
    "finished_at",
)

CREATED, UPDATED, UNCHANGED, REJECTED = "created", "updated", "unchanged", "rejected"
REPUBLISHED_REASON = "数据来源单位重新报送"


@dataclass
class RowResult:
    position: int
    status: str
    document_number: str = ""
    record_id: int | None = None
    late: bool = False
    errors: list = field(default_factory=list)
    pending_review: bool = False  # waits for a reviewer before it (or this change) is public

    def as_dict(self, position_name: str = "index") -> dict:
        out = {position_name: self.position, "status": self.status, "document_number": self.document_number}
        if self.record_id is not None:
            out["id"] = self.record_id
        if self.status != REJECTED:
            out["late"] = self.late
        if self.pending_review:
            out["pending_review"] = True
        if self.errors:
            out["errors"] = self.errors
        return out


def spec_field(spec: KindSpec, attr: str):
    return next((f for f in spec.fields if f.attr == attr), None)
