"""The 信用公示 columns: one public list per record kind (red and black lists apart).

A column names its record kind, the table columns it shows, and the rows it may show: always
`publicity.rules.publishable` of its model, narrowed for the red and black lists.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from publicity.fields import F as Field
from publicity.fields import PublicField
from publicity.rules import publishable
from records.kinds import RECORD_KINDS
from records.models import ListType

ACTION_KINDS = ("enforcement", "confirmation", "reward", "payment", "filing", "qualification")
_ACTION_SUMMARY = (Field("title"), Field("category"), Field("authority"))

# Table columns per record kind (after the subject, before the date). The first is linked to the
# record's own page.
KIND_SUMMARY: dict[str, tuple[PublicField, ...]] = {
    "permit": (Field("decision_doc_name"), Field("category"), Field("authority")),
    "penalty": (
        Field("document_number", _("决定书文号")),
        Field("violation_type"),
        Field("categories"),
        Field("authority"),
    ),
    "inspection": (Field("task_name"), Field("result"), Field("authority")),
    "abnormal": (Field("reason"), Field("authority")),
    "list_entry": (Field("list_type"), Field("deciding_authority")),
    "commitment": (Field("matter"), Field("commitment_type"), Field("fulfilment")),
    "rating": (Field("rating_type"), Field("grade"), Field("agency"), Field("valid_until")),
    **{slug: _ACTION_SUMMARY for slug in ACTION_KINDS},
}
DATE_LABELS = {
    "permit": _("许可决定日期"),
    "penalty": _("处罚决定日期"),
    "inspection": _("检查日期"),
    "abnormal": _("列入日期"),
    "list_entry": _("列入日期"),
    "commitment": _("承诺日期"),
    "rating": _("评价日期"),
}


def for_table(qs: QuerySet, kind_slug: str, *extra: str) -> QuerySet:
    """Only the columns a table row of this kind shows: a profile lists up to hundreds of
    records, and their long texts (违法事实, 承诺内容 …) are only read on the record's page."""
    names = ["subject", "subject_name", "decision_date", *(f.name for f in KIND_SUMMARY[kind_slug]), *extra]
    if kind_slug in ACTION_KINDS:
        names.append("action_kind")
    if kind_slug == "list_entry":
        qs = qs.select_related("list_type")
    return qs.only(*names)


def date_label(kind_slug: str) -> str:
    return str(DATE_LABELS.get(kind_slug, _("决定日期")))


@dataclass(frozen=True)
class DisclosureColumn:
    slug: str
    label: str
    kind: str  # record kind slug (records.kinds)
    description: str
    polarity: str = ""  # red / black for the list columns

    @property
    def model(self):
        return RECORD_KINDS[self.kind].model

    @property
    def summary(self) -> tuple[PublicField, ...]:
        return KIND_SUMMARY[self.kind]

    @property
    def date_label(self) -> str:
        return date_label(self.kind)

    def queryset(self) -> QuerySet:
        """The rows the public may see in this column (before filters)."""
        qs = publishable(self.model)
        if self.polarity:
            qs = qs.filter(list_type__polarity=self.polarity)
        return qs

    def for_table(self, qs: QuerySet) -> QuerySet:
        """Load what a row of the list page shows (publicity.tables), and nothing more."""
        return for_table(qs.select_related("subject"), self.kind, "subject__kind", "subject__uscc")

    def for_export(self, qs: QuerySet) -> QuerySet:
        """Load every public field (publicity.fields) of each row, joins included."""
        qs = qs.select_related("department")
        return qs.select_related("list_type") if self.kind == "list_entry" else qs


COLUMNS: dict[str, DisclosureColumn] = {
    c.slug: c
    for c in [
        DisclosureColumn("permit", _("行政许可"), "permit", _("各级行政机关作出的行政许可决定")),
        DisclosureColumn("penalty", _("行政处罚"), "penalty", _("公示期内的行政处罚决定")),
        DisclosureColumn(
            "inspection",
            _("双随机抽查结果"),
            "inspection",
            _("“双随机、一公开”抽查及其他检查结果"),
        ),
        DisclosureColumn(
            "red", _("红名单"), "list_entry", _("守信激励对象名单（在列期间公示）"), ListType.Polarity.RED
        ),
        DisclosureColumn(
            "black",
            _("黑名单"),
            "list_entry",
            _("严重失信主体名单等失信惩戒对象名单（在列期间公示）"),
            ListType.Polarity.BLACK,
        ),
        DisclosureColumn("commitment", _("信用承诺"), "commitment", _("可向社会公开的信用承诺及履行情况")),
        DisclosureColumn(
            "abnormal", _("经营异常名录"), "abnormal", _("列入经营异常名录且尚未移出的市场主体")
        ),
        DisclosureColumn(
            "rating",
            _("信用评价"),
            "rating",
            _("纳税信用等级等公共信用评价，以及备案信用服务机构出具的企业综合信用等级（有效期内公示）"),
        ),
    ]
}


def column_for(record) -> DisclosureColumn | None:
    """The 信用公示 column a record is listed in, if any."""
    if record.kind == "list_entry":
        return COLUMNS[record.list_type.polarity]
    return COLUMNS.get(record.kind)
