"""The rule versions and the classification table as the credit office finds them, the staff
roles' permissions on them (信用办管理员 maintains them; the other roles read them), and the class and periods of every existing penalty.

Seeded: 发改办财金〔2019〕527号 (the baseline: decisions older than every version take it too),
SAMR 令第45号 for market regulation (市场监管, decisions from 2021-09-01) and
国家发展改革委令第36号 (decisions from 2026-04-01). The national rules also changed in 2021
and 2023 (第58号); the office adds those versions in the admin (信用主体与记录 › 公示期限规则版本)
and `manage.py apply_publication_rules` recomputes the stored periods.
"""

import datetime
from decimal import Decimal

from django.db import migrations

from records.staff import grant_role_permissions

SERIOUS_CATEGORIES = "吊销许可证件;责令关闭;责令停产停业;限制从业;限制开展生产经营活动;降低资质等级"
MARKET = "市场监管"
SAMR_FROM = datetime.date(2021, 9, 1)
SAMR_UNTIL = datetime.date(2026, 3, 31)

# (field, from, until, order, severity, categories, match, fine_at_least, fine_at_most, basis)
SEVERITY_RULES = [
    ("", None, None, 10, "serious", SERIOUS_CATEGORIES, "any", None, None, "较重处罚类别"),
    ("", None, None, 20, "serious", "", "any", Decimal(100), None, "大额罚款"),
    ("", None, None, 30, "minor", "警告;通报批评", "only", None, None, "仅警告、通报批评"),
    ("", None, None, 40, "minor", "警告;通报批评;罚款", "only", None, Decimal(1), "仅警告、通报批评或小额罚款"),
    (MARKET, SAMR_FROM, SAMR_UNTIL, 10, "minor", "警告", "only", None, None, "令45号：仅受到警告的不予公示"),
    (
        MARKET,
        SAMR_FROM,
        SAMR_UNTIL,
        20,
        "ordinary",
        "警告;通报批评;罚款",
        "only",
        None,
        Decimal(1),
        "令45号：仅受到通报批评或者较低数额罚款（较低数额以本省标准为准，默认1万元）",
    ),
    (MARKET, SAMR_FROM, SAMR_UNTIL, 30, "serious", "", "any", None, None, "令45号：其他行政处罚"),
]

# (name, document, field, from, notes, [(severity, published, min, max)])
PUBLICATION_RULES = [
    (
        "关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知",
        "发改办财金〔2019〕527号",
        "",
        datetime.date(2019, 5, 1),
        "一般失信行为最短3个月、最长1年；严重失信行为最短6个月、最长3年。未单列轻微，按一般。"
        "本平台的基准版本：早于各版本的决定也适用本版本。",
        [("minor", True, 3, 12), ("ordinary", True, 3, 12), ("serious", True, 6, 36)],
    ),
    (
        "市场监督管理行政处罚信息公示规定",
        "国家市场监督管理总局令第45号",
        MARKET,
        SAMR_FROM,
        "仅受到警告的不予公示；仅受到通报批评或者较低数额罚款的公示3个月；其他公示3年。"
        "最短公示期（可申请修复）沿用发改办财金〔2019〕527号。",
        [("minor", False, 0, 0), ("ordinary", True, 3, 3), ("serious", True, 6, 36)],
    ),
    (
        "信用修复管理办法",
        "国家发展改革委令第36号",
        "",
        datetime.date(2026, 4, 1),
        "轻微失信行为原则上不公示（公示的最长3个月），履行法定义务后可申请修复；"
        "一般最短3个月、最长1年；严重最短1年、最长3年；自决定书作出之日起计算，期满自动停止公示。",
        [("minor", False, 0, 3), ("ordinary", True, 3, 12), ("serious", True, 12, 36)],
    ),
]

MODELS = ["severityrule", "publicationrule", "publicationperiod"]
ROLE_PERMS = {
    "信用办管理员": ["view", "add", "change"],
    "信用办审核员": ["view"],
    "部门填报员": ["view"],
    "审计员": ["view"],
}
BATCH = 2000


def seed(apps, schema_editor):
    SeverityRule = apps.get_model("records", "SeverityRule")
    PublicationRule = apps.get_model("records", "PublicationRule")
    PublicationPeriod = apps.get_model("records", "PublicationPeriod")
    for field, start, until, order, severity, cats, match, least, most, basis in SEVERITY_RULES:
        SeverityRule.objects.create(
            field=field,
            effective_from=start,
            effective_until=until,
            order=order,
            severity=severity,
            categories=cats,
            match=match,
            fine_at_least=least,
            fine_at_most=most,
            basis=basis,
        )
    for name, document, field, start, notes, periods in PUBLICATION_RULES:
        rule = PublicationRule.objects.create(
            name=name, document=document, field=field, effective_from=start, notes=notes
        )
        for severity, published, low, high in periods:
            PublicationPeriod.objects.create(
                rule=rule, severity=severity, published=published, min_months=low, max_months=high
            )


def _grants() -> dict:
    return {
        role: [("records", f"{action}_{model}") for model in MODELS for action in actions]
        for role, actions in ROLE_PERMS.items()
    }


def grant(apps, schema_editor):
    grant_role_permissions(apps, _grants())


def revoke(apps, schema_editor):
    grant_role_permissions(apps, _grants(), revoke=True)


def compute(apps, schema_editor):
    from records.periods import RuleBook

    Penalty = apps.get_model("records", "Penalty")
    book = RuleBook.load(apps)
    fields = ["severity", "severity_basis", "period_rule_id", "repair_from", "publication_end"]
    last = 0
    while True:
        batch = list(Penalty.objects.filter(pk__gt=last).select_related("department").order_by("pk")[:BATCH])
        if not batch:
            break
        for p in batch:
            values = {
                "decision_date": p.decision_date,
                "categories": p.categories,
                "fine_amount": p.fine_amount,
                "severity_reported": p.severity_reported,
                "publish_until": p.publish_until,
            }
            for name, value in book.penalty(p.department.field, values).as_dict().items():
                setattr(p, name, value)
        Penalty.objects.bulk_update(batch, [f.removesuffix("_id") for f in fields])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0014_publication_rules"),
        ("records", "0004_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
        migrations.RunPython(compute, migrations.RunPython.noop),
    ]
