"""What the public 信用统计 page shows: aggregate counts of generated months only (never live
data, never a person, never a department's own row), and the charts of them."""

import datetime
from functools import lru_cache

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from creditstats import charts, selectors
from creditstats.figures import COLUMNS, on_time_rate
from records.kinds import RECORD_KINDS

TREND_MONTHS = 12
HEADLINE = [
    ("reported_total", gettext_lazy("报送信用信息（条）")),
    ("on_time_rate", gettext_lazy("行政许可、行政处罚按时报送率")),
    ("cert_query", gettext_lazy("出具信用信息查询结果（份）")),
    ("cert_report", gettext_lazy("出具专项信用报告（份）")),
    ("complaints_received", gettext_lazy("收到投诉举报（件）")),
    ("complaints_concluded", gettext_lazy("部门办结投诉举报（件）")),
    ("repairs_received", gettext_lazy("信用修复申请（件）")),
    ("objections_received", gettext_lazy("异议申诉（件）")),
    ("list_added", gettext_lazy("列入红黑名单（条）")),
    ("list_removed", gettext_lazy("移出红黑名单（条）")),
    ("typical_cases", gettext_lazy("联合奖惩典型案例（件）")),
]
CITY = [
    ("reported_total", gettext_lazy("报送信息")),
    ("on_time_rate", gettext_lazy("按时报送率")),
    ("cert_query", gettext_lazy("查询结果")),
    ("cert_report", gettext_lazy("信用报告")),
    ("complaints_received", gettext_lazy("投诉举报")),
    ("list_added", gettext_lazy("列入名单")),
]


def _pct(value):
    return None if value is None else round(value * 100, 1)


def public_page(month: datetime.date, generated: list | None = None) -> dict | None:
    """The page of a generated month. `generated` is selectors.generated_months() when the
    caller has it already.

    Drawing the four charts is most of the page's work, and a snapshot never changes once
    generated (generating a month again gives it a new time): the page is built once per
    process for each version of the snapshots it shows (the month and the newest TREND_MONTHS),
    so a request costs one small query even when the page cache has just been emptied."""
    generated = selectors.generated_months() if generated is None else generated
    versions = dict(generated)
    if month not in versions:
        return None
    return _built_page(month, versions[month], tuple(generated[:TREND_MONTHS]), get_language())


def clear_cache() -> None:
    """Forget the pages built in this process (tests: each one's database starts afresh)."""
    _built_page.cache_clear()


@lru_cache(maxsize=32)
def _built_page(month: datetime.date, generated_at, trend_versions: tuple, language: str) -> dict | None:
    table = selectors.stored_month(month)
    if table is None:
        return None
    columns = {c.key: c for c in COLUMNS}
    total, units = table["total"], table["units"]

    kinds = [(str(kind.label), total.get(f"reported_{slug}", 0)) for slug, kind in RECORD_KINDS.items()]
    city_names = [u["name"] for u in units]
    volumes = [u["figures"].get("reported_total", 0) for u in units]
    rates = [_pct(u["figures"].get("on_time_rate")) for u in units]

    trend = []
    for snapshot_month, stored in selectors.recent_totals(TREND_MONTHS):
        trend.append(
            (
                f"{snapshot_month:%Y-%m}",
                stored.get("reported_total", 0),
                stored.get("cert_query", 0) + stored.get("cert_report", 0),
            )
        )
    trend_title = _("近%(n)d个月报送信息和出具查询结果、信用报告数量") % {"n": len(trend)}
    return {
        "month": table["month"],
        "generated_at": table.get("generated_at"),
        "headline": [(columns[key], label, total.get(key)) for key, label in HEADLINE],
        "on_time_rate": on_time_rate(total),
        "kinds": kinds,
        "kinds_total": total.get("reported_total", 0),
        "kinds_chart": charts.bar(
            _("全省各类信用信息报送数量（条）"), [k for k, _n in kinds], [n for _k, n in kinds]
        ),
        "city_columns": [(columns[key], label) for key, label in CITY],
        "cities": units,
        "total": total,
        "volume_chart": charts.bar(_("各地区报送信息数量（条）"), city_names, volumes),
        "rate_chart": charts.bar(
            _("各地区行政许可、行政处罚按时报送率（%）"), city_names, rates, percent=True
        ),
        "rates": list(zip(city_names, rates, strict=True)),
        "trend": trend,
        "trend_title": trend_title,
        "trend_chart": charts.line(
            trend_title,
            [m for m, _a, _b in trend],
            {_("报送信息"): [a for _m, a, _b in trend], _("查询结果和信用报告"): [b for _m, _a, b in trend]},
        )
        if len(trend) > 1
        else None,
    }
