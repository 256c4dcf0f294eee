"""A company with records in several report fields, on both sides of what a report shows."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from records import models as m
from tests import factories as f

TODAY = timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


@dataclass
class ReportStory:
    subject: m.Subject
    market: m.Department
    tax: m.Department
    shown: dict = field(default_factory=dict)  # name -> record the report lists
    left_out: dict = field(default_factory=dict)  # name -> record it never lists


def company_with_report_records(market=None, ecology=None) -> ReportStory:
    """`market` / `ecology`: departments to reuse (the personas' own), else new ones."""
    market = market or f.department("西安市市场监督管理局", short_name="西市监", field="市场监管")
    if ecology is None:
        f.department("西安市生态环境局", short_name="西环", field="生态环境")
    tax = f.department("国家税务总局西安市税务局", short_name="西税", field="税务")
    subject = f.subject(name="陕西秦华建筑工程有限公司", contact_email="office@qinhua.example.cn")
    story = ReportStory(subject, market, tax)
    story.shown["penalty"] = f.penalty(subject, market, document_number="西市监罚〔2026〕101号")
    story.shown["summary"] = f.penalty(
        subject,
        market,
        document_number="西市监简罚〔2026〕7号",
        categories="警告",
        content="警告（简易程序）",
        fine_amount=None,
        decision_date=days_ago(40),
    )
    repaired = f.penalty(subject, market, document_number="西市监罚〔2025〕55号", decision_date=days_ago(400))
    repaired.set_status(m.RecordStatus.REPAIRED, "信用修复")
    repaired.save()
    story.shown["repaired"] = repaired
    story.shown["enforcement"] = f.action(
        m.Enforcement,
        subject,
        market,
        document_number="西市监强〔2026〕3号",
        title="查封",
        content="查封设备",
    )
    story.shown["list_entry"] = f.list_entry(
        subject,
        tax,
        f.list_type("重大税收违法失信主体", field="税务", is_serious=True),
        document_number="西税失信〔2025〕9号",
        decision_date=days_ago(200),
    )
    story.left_out["withdrawn"] = f.penalty(
        subject, market, document_number="西市监撤罚〔2026〕1号", status=m.RecordStatus.WITHDRAWN
    )
    story.left_out["draft"] = f.penalty(
        subject, market, document_number="西市监草罚〔2026〕2号", status=m.RecordStatus.DRAFT
    )
    story.left_out["before"] = f.penalty(
        subject, market, document_number="西市监罚〔2020〕8号", decision_date=days_ago(6 * 365)
    )
    # A permit is no violation: never in a report.
    story.left_out["permit"] = f.permit(subject, market, document_number="西市监许〔2026〕5号")
    return story


def report_form(fields=("market", "tax", "ecology"), years: int = 3, **kw) -> dict:
    data = {
        "areas": list(fields),
        "period_start": (TODAY - datetime.timedelta(days=365 * years - 1)).isoformat(),
        "period_end": TODAY.isoformat(),
        "purpose": "bidding",
        "purpose_detail": "",
        "code": "",
    }
    data.update(kw)
    return data
