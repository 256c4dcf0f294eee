"""Reads: a month's table (stored snapshot, or live when none was generated), month-on-month
changes and rankings."""

import datetime

from creditstats.figures import COUNT_KEYS, monthly_figures, previous_month
from creditstats.models import MonthlySnapshot


def stored_month(month: datetime.date) -> dict | None:
    """The month's table as its snapshot stored it, in the shape of figures.monthly_figures."""
    rows = list(MonthlySnapshot.objects.filter(month=month.replace(day=1)).select_related("generated_by"))
    if not rows:
        return None
    out = {"month": f"{month:%Y-%m}", "units": [], "departments": [], "total": {}, "live": False}
    for row in sorted(rows, key=lambda r: r.sort_order):
        item = {
            "unit": row.unit,
            "name": row.unit_name,
            "unit_code": row.unit_code,
            "department_id": row.department_id,
            "figures": row.figures,
        }
        if row.unit_type == MonthlySnapshot.UnitType.TOTAL:
            out["total"] = row.figures
            out["generated_at"] = row.generated_at
            out["generated_by"] = row.generated_by.get_username() if row.generated_by else ""
        elif row.unit_type == MonthlySnapshot.UnitType.REGION:
            out["units"].append(item)
        else:
            out["departments"].append(item)
    return out


def month_table(month: datetime.date) -> dict:
    return stored_month(month) or monthly_figures(month)


def snapshot_months() -> list[datetime.date]:
    return [month for month, _generated_at in generated_months()]


def generated_months() -> list[tuple[datetime.date, datetime.datetime]]:
    """(month, when its snapshot was generated) of every generated month, newest first: which
    months exist, and which version of each a page drawn from them shows."""
    return list(
        MonthlySnapshot.objects.filter(unit_type=MonthlySnapshot.UnitType.TOTAL)
        .order_by("-month")
        .values_list("month", "generated_at")
    )


def recent_totals(limit: int) -> list[tuple[datetime.date, dict]]:
    """The 合计 figures of the newest `limit` generated months, oldest first."""
    rows = MonthlySnapshot.objects.filter(unit_type=MonthlySnapshot.UnitType.TOTAL).order_by("-month")
    return [(row.month, row.figures) for row in reversed(rows[:limit])]


def latest_snapshot_month() -> datetime.date | None:
    months = snapshot_months()
    return months[0] if months else None


def changes(current: dict, previous: dict) -> dict:
    """Per count key: current minus previous (the on-time rate in percentage points)."""
    out = {key: current.get(key, 0) - previous.get(key, 0) for key in COUNT_KEYS}
    rate, before = current.get("on_time_rate"), previous.get("on_time_rate")
    out["on_time_rate"] = round((rate - before) * 100, 1) if rate is not None and before is not None else None
    return out


def with_changes(table: dict) -> dict:
    """The table of the month before, and each row's change against it (matched by unit)."""
    before = month_table(previous_month(datetime.date.fromisoformat(table["month"] + "-01")))
    previous_rows = {row["unit"]: row["figures"] for row in before["units"] + before["departments"]}
    for row in table["units"] + table["departments"]:
        row["change"] = changes(row["figures"], previous_rows.get(row["unit"], {}))
    table["total_change"] = changes(table["total"], before["total"])
    table["previous_month"] = before["month"]
    return table


def ranking(rows: list[dict]) -> dict:
    """Rows ranked by on-time rate (those with permits or penalties; ties by volume) and by
    the number of records reported."""
    timely = [r for r in rows if r["figures"].get("on_time_rate") is not None]
    by_rate = sorted(
        timely, key=lambda r: (-r["figures"]["on_time_rate"], -r["figures"]["reported_total"], r["name"])
    )
    by_volume = sorted(rows, key=lambda r: (-r["figures"]["reported_total"], r["name"]))
    return {"by_rate": by_rate, "by_volume": by_volume}
