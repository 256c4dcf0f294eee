"""Writes: generating a month's snapshot."""

import datetime

from django.db import transaction
from django.utils import timezone

from creditstats.figures import monthly_figures
from creditstats.models import MonthlySnapshot
from portal.httpcache import public_pages_changed


@transaction.atomic
def snapshot_month(month: datetime.date, user=None) -> int:
    """Compute the month's figures and store them, replacing that month's earlier snapshot.
    Returns the number of rows written (合计, one per unit, one per department)."""
    month = month.replace(day=1)
    figures = monthly_figures(month)
    now = timezone.now()
    MonthlySnapshot.objects.filter(month=month).delete()
    rows = [
        MonthlySnapshot(
            month=month,
            unit_type=MonthlySnapshot.UnitType.TOTAL,
            unit="total",
            unit_name="合计",
            sort_order=0,
            figures=figures["total"],
        )
    ]
    for n, row in enumerate(figures["units"], start=1):
        rows.append(
            MonthlySnapshot(
                month=month,
                unit_type=MonthlySnapshot.UnitType.REGION,
                unit=row["unit"],
                unit_name=row["name"],
                unit_code=row["unit_code"],
                sort_order=n,
                figures=row["figures"],
            )
        )
    for n, row in enumerate(figures["departments"], start=1000):
        rows.append(
            MonthlySnapshot(
                month=month,
                unit_type=MonthlySnapshot.UnitType.DEPARTMENT,
                unit=row["unit"],
                unit_name=row["name"],
                unit_code=row["unit_code"],
                department_id=row["department_id"],
                sort_order=n,
                figures=row["figures"],
            )
        )
    for row in rows:
        row.generated_at = now
        row.generated_by = user
    MonthlySnapshot.objects.bulk_create(rows)
    public_pages_changed()  # 信用统计 (bulk_create sends no model signals)
    return len(rows)
