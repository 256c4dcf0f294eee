"""Classes and publication periods of dishonest conduct, from the dated rule tables.

A penalty's class (轻微 / 一般 / 严重) is the one its department reported, or the first line of
the classification table (records.models.SeverityRule) of its field in force on its decision
date that matches its 处罚类别 and fine. Its periods come from the rule version
(records.models.PublicationRule) in force on its decision date: the latest version of its
field, or of all fields, that took effect on or before that date (decisions older than every
version take the oldest one). Periods count from the decision date:

- 可申请修复日期 (`repair_from`) = decision date + the minimum period;
- 公示截止 (`publication_end`) = decision date + the maximum period, or the reported 公示截止期
  when it is earlier; a class the rules do not publish has none (never public), unless the
  department reported a 公示截止期 and the maximum allows some publication.

Pure computation on rows loaded once (`RuleBook.load`): Penalty.save, the ingest batch, the
demo generator and the data migration all call it, and publicity.rules publishes by the stored
result, so the public site and the expiry command agree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

MINOR, ORDINARY, SERIOUS = "minor", "ordinary", "serious"
SEVERITY_LABELS = {MINOR: "轻微", ORDINARY: "一般", SERIOUS: "严重"}
# When no rule version exists at all: the 2017 portal's three years.
FALLBACK_MONTHS = 36


@dataclass(frozen=True)
class ClassLine:
    pk: int | None
    field: str
    effective_from: datetime.date | None
    effective_until: datetime.date | None
    order: int
    severity: str
    categories: frozenset
    match: str
    fine_at_least: Decimal | None
    fine_at_most: Decimal | None
    basis: str = ""

    def in_force(self, on: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_until is None or on <= self.effective_until
        )

    def matches(self, categories: set, fine: Decimal) -> bool:
        if self.categories:
            if self.match == "only":
                if not categories or not categories <= self.categories:
                    return False
            elif not categories & self.categories:
                return False
        if self.fine_at_least is not None and fine < self.fine_at_least:
            return False
        return not (self.fine_at_most is not None and fine > self.fine_at_most)

    def describe(self) -> str:
        parts = []
        if self.categories:
            cats = "、".join(sorted(self.categories))
            parts.append(_("仅含%(c)s") % {"c": cats} if self.match == "only" else _("含%(c)s") % {"c": cats})
        if self.fine_at_least is not None:
            parts.append(_("罚款不低于%(n)s万元") % {"n": _num(self.fine_at_least)})
        if self.fine_at_most is not None:
            parts.append(_("罚款不高于%(n)s万元") % {"n": _num(self.fine_at_most)})
        scope = self.field or _("通用")
        text = _("%(scope)s认定规则第%(order)s条（%(cond)s）→ %(sev)s") % {
            "scope": scope,
            "order": self.order,
            "cond": "，".join(parts) or _("任意"),
            "sev": SEVERITY_LABELS[self.severity],
        }
        return f"{text}；{self.basis}" if self.basis else text


@dataclass(frozen=True)
class PeriodLine:
    rule_id: int
    document: str
    field: str
    effective_from: datetime.date
    severity: str
    published: bool
    min_months: int
    max_months: int


@dataclass(frozen=True)
class Periods:
    severity: str
    severity_basis: str
    period_rule_id: int | None
    repair_from: datetime.date
    publication_end: datetime.date | None

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "severity_basis": self.severity_basis,
            "period_rule_id": self.period_rule_id,
            "repair_from": self.repair_from,
            "publication_end": self.publication_end,
        }


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


DERIVED_FIELDS = ["severity", "severity_basis", "period_rule_id", "repair_from", "publication_end"]


@dataclass
class RuleBook:
    class_lines: list[ClassLine] = field(default_factory=list)
    period_lines: list[PeriodLine] = field(default_factory=list)
    # penalty() answers by its inputs alone; a batch repeats them (same dates, fines, classes).
    _answers: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, apps=None) -> "RuleBook":
        """The tables as they are now (`apps`: a migration's historical models)."""
        if apps is None:
            from records.models.rules import PublicationPeriod, SeverityRule
        else:
            SeverityRule = apps.get_model("records", "SeverityRule")
            PublicationPeriod = apps.get_model("records", "PublicationPeriod")
        class_lines = [
            ClassLine(
                pk=r.pk,
                field=r.field,
                effective_from=r.effective_from,
                effective_until=r.effective_until,
                order=r.order,
                severity=r.severity,
                categories=frozenset(
                    c.strip() for c in r.categories.replace("；", ";").split(";") if c.strip()
                ),
                match=r.match,
                fine_at_least=r.fine_at_least,
                fine_at_most=r.fine_at_most,
                basis=r.basis,
            )
            for r in SeverityRule.objects.order_by("order", "id")
        ]
        period_lines = [
            PeriodLine(
                rule_id=p.rule_id,
                document=p.rule.document,
                field=p.rule.field,
                effective_from=p.rule.effective_from,
                severity=p.severity,
                published=p.published,
                min_months=p.min_months,
                max_months=p.max_months,
            )
            for p in PublicationPeriod.objects.select_related("rule")
        ]
        return cls(class_lines, period_lines)

    # ---------------------------------------------------------------------------- classes

    def classify(
        self,
        field_name: str,
        decision_date: datetime.date,
        categories: list[str],
        fine_amount: Decimal | None,
        reported: str = "",
    ) -> tuple[str, str]:
        """(class, how it was found) of a penalty."""
        if reported:
            return reported, _("报送单位认定为%(sev)s") % {"sev": SEVERITY_LABELS[reported]}
        lines = [c for c in self.class_lines if c.in_force(decision_date)]
        own = [c for c in lines if field_name and c.field == field_name]
        lines = own or [c for c in lines if not c.field]
        cats = {c for c in categories if c}
        fine = fine_amount or Decimal(0)
        for line in lines:
            if line.matches(cats, fine):
                return line.severity, line.describe()
        return ORDINARY, _("未命中认定规则，按一般失信行为")

    # ---------------------------------------------------------------------------- periods

    def rule_for(self, field_name: str, decision_date: datetime.date) -> list[PeriodLine]:
        """The period lines of the rule version in force for a decision of this field and date."""
        scoped = [p for p in self.period_lines if not p.field or p.field == field_name]
        if not scoped:
            return []
        versions = {(p.effective_from, p.field != "") for p in scoped}
        in_force = [v for v in versions if v[0] <= decision_date]
        chosen = max(in_force) if in_force else min(versions)
        return [p for p in scoped if (p.effective_from, p.field != "") == chosen]

    def periods(
        self,
        field_name: str,
        decision_date: datetime.date,
        severity: str,
        severity_basis: str = "",
        reported_until: datetime.date | None = None,
    ) -> Periods:
        line = next((p for p in self.rule_for(field_name, decision_date) if p.severity == severity), None)
        if line is None:
            end = reported_until or decision_date + relativedelta(months=FALLBACK_MONTHS)
            return Periods(severity, severity_basis, None, decision_date, end)
        max_end = decision_date + relativedelta(months=line.max_months)
        capped = min(reported_until, max_end) if reported_until else max_end
        if line.published:
            end = capped
        else:
            end = capped if reported_until and line.max_months > 0 else None
        repair_from = decision_date + relativedelta(months=line.min_months)
        return Periods(severity, severity_basis, line.rule_id, repair_from, end)

    def penalty(self, field_name: str, values: dict) -> Periods:
        """Class and periods of a penalty from its values (model attributes)."""
        decision_date = values["decision_date"]
        categories = values.get("categories") or ""
        if isinstance(categories, str):
            categories = categories.split(";")
        key = (
            field_name,
            decision_date,
            tuple(categories),
            values.get("fine_amount"),
            values.get("severity_reported") or "",
            values.get("publish_until"),
        )
        answer = self._answers.get(key)
        if answer is None:
            severity, basis = self.classify(field_name, decision_date, categories, key[3], key[4])
            answer = self.periods(field_name, decision_date, severity, basis, key[5])
            if len(self._answers) < 50_000:
                self._answers[key] = answer
        return answer


def describe_period(line: PeriodLine | None, severity: str) -> str:
    if line is None:
        return _("未配置公示期限规则：公示%(n)d个月") % {"n": FALLBACK_MONTHS}
    head = _("%(doc)s（%(d)s起）%(sev)s") % {
        "doc": line.document,
        "d": line.effective_from.isoformat(),
        "sev": SEVERITY_LABELS[severity],
    }
    if not line.published:
        return head + _("：原则上不公示（最长%(max)d个月）") % {"max": line.max_months}
    return head + _("：最短%(min)d个月，最长%(max)d个月") % {"min": line.min_months, "max": line.max_months}
