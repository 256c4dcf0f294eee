"""The staff home page (工作台): what the signed-in user's roles let them do, and what waits
for them, with counts. Each entry is shown by the same permission its page checks, so a link
on the workbench never leads to a refusal."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from complaints import permissions as complaint_permissions
from complaints import selectors as complaint_selectors
from records import selectors, staff
from records.kinds import RECORD_KINDS
from records.models import AccountApplication, RecordStatus, Revision


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


def _changelist(model, **filters) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _may_enter_records(user) -> bool:
    return any(
        user.has_perm(f"{k.model._meta.app_label}.add_{k.model._meta.model_name}")
        for k in RECORD_KINDS.values()
    )


def links(user) -> list[Link]:
    """The pages the user's roles open, in the order of the day's work."""
    from publicity.certificates.models import Certificate
    from records.models import (
        ApiToken,
        AuditEntry,
        CreditRepair,
        Delegation,
        DirectPublishing,
        IngestBatch,
        MeasureCase,
        Objection,
        RatingAgency,
    )

    out = []
    if user.has_perm("records.add_ingestbatch"):
        out.append(
            Link(_("文件导入"), reverse("records:import"), _("上传 Excel/CSV 文件，查看进度和错误报告"))
        )
    if _may_enter_records(user):
        out.append(
            Link(
                _("手工录入信用信息"),
                reverse("admin:app_list", args=["records"]),
                _("录入后提交审核，审核通过才公示"),
            )
        )
    if user.has_perm("records.view_ingestbatch"):
        out.append(Link(_("报送批次"), _changelist(IngestBatch), _("文件上传、接口推送和命令导入的每一批")))
    if user.has_perm("records.view_timeliness"):
        out.append(Link(_("报送及时性"), reverse("records:timeliness"), _("按7个工作日时限统计按时与逾期")))
    if user.has_perm("creditstats.view_monthlysnapshot"):
        out.append(
            Link(
                _("月度统计"),
                reverse("admin:creditstats_monthlysnapshot_changelist"),
                _("信用信息共享共用重点工作进展情况统计表：各地区、各部门、排名和导出"),
            )
        )
    if user.has_perm("records.add_measurecase"):
        out.append(
            Link(
                _("报送典型案例"),
                _changelist(MeasureCase),
                _("每月报送联合奖惩典型案例；没有案例时报送“本月无”"),
            )
        )
    if user.has_perm("records.view_case_reporting"):
        out.append(
            Link(
                _("典型案例报送情况"),
                reverse("admin:case_reporting"),
                _("各部门每月已报送、本月无或逾期未报送；选取案例发布"),
            )
        )
    if user.has_perm("records.view_ratingagency"):
        out.append(
            Link(
                _("信用评价机构"),
                _changelist(RatingAgency),
                _("备案的信用服务机构：等级体系、暂停或注销、有效和异议中的评价数"),
            )
        )
    if user.has_perm("records.review_record"):
        out.append(
            Link(
                _("审核队列"),
                reverse("admin:review_queue"),
                _("各类信用信息中“待审核”的记录：审核通过或退回修改"),
            )
        )
    if user.has_perm("records.view_revision"):
        out.append(
            Link(
                _("已公示信息的修改"),
                _changelist(Revision),
                _("修改已公示的记录须经审核，通过后才替换公示版本"),
            )
        )
    if user.has_perm("records.view_directpublishing"):
        out.append(
            Link(
                _("名单自行公示授权"), _changelist(DirectPublishing), _("哪些部门的哪类名单无需审核直接公示")
            )
        )
    if user.has_perm("records.view_delegation"):
        out.append(Link(_("委托报送"), _changelist(Delegation), _("部门代其他决定机关报送信用信息的委托")))
    if user.has_perm("records.change_creditrepair") or user.has_perm("records.view_creditrepair"):
        out.append(Link(_("信用修复申请"), _changelist(CreditRepair), _("受理、核实、办结信用修复")))
    if user.has_perm("records.change_objection") or user.has_perm("records.view_objection"):
        out.append(Link(_("异议申诉"), _changelist(Objection), _("受理异议，更正或维持原记录")))
    if complaint_permissions.is_case_staff(user):
        out.append(Link(_("投诉举报工作台"), reverse("complaints:staff_list"), _("受理、转办、答复投诉举报")))
    if user.has_perm("records.view_apitoken"):
        out.append(Link(_("接口令牌"), _changelist(ApiToken), _("为部门系统签发和撤销推送、查询令牌")))
    if user.has_perm("records.add_ingestbatch") or user.has_perm("records.view_apitoken"):
        out.append(Link(_("数据接口文档"), reverse("api-docs"), _("推送、信用核查和变更订阅接口")))
    if user.has_perm("batchcheck.add_batchcheck"):
        out.append(
            Link(
                _("批量信用核查"),
                reverse("batchcheck:home"),
                _("招标采购、公共资源交易中一次核查全部投标人，逐一出具查询结果"),
            )
        )
    if user.has_perm("publicity.view_certificate"):
        out.append(
            Link(_("信用查询记录"), _changelist(Certificate), _("每一份打印的信用查询结果（存档备查）"))
        )
    if user.has_perm("records.view_auditentry"):
        out.append(Link(_("审计记录"), _changelist(AuditEntry), _("谁在何时从何处改了什么")))
    if user.has_perm("auth.view_user"):
        out.append(Link(_("工作人员账号"), reverse("admin:auth_user_changelist"), _("账号、角色和所属部门")))
    if user.has_perm("records.view_accountapplication"):
        out.append(Link(_("平台账号申请"), _changelist(AccountApplication), _("部门工作人员在线申请的账号")))
    return out


def waiting(user) -> list[Waiting]:
    """What waits for the user, with counts."""
    out = []
    if user.has_perm("records.review_record"):
        for kind, count in selectors.workflow_counts(user, RecordStatus.SUBMITTED):
            out.append(
                Waiting(
                    _("待审核：%(kind)s") % {"kind": kind.label},
                    count,
                    _changelist(kind.model, status__exact=RecordStatus.SUBMITTED),
                )
            )
    if user.has_perm("records.review_record") and user.has_perm("records.view_revision"):
        revisions = staff.scope_to_department(Revision.objects.filter(status=Revision.Status.SUBMITTED), user)
        out.append(
            Waiting(
                _("待审核：已公示信息的修改"),
                revisions.count(),
                _changelist(Revision, status__exact=Revision.Status.SUBMITTED),
            )
        )
    if not staff.is_credit_office(user) and _may_enter_records(user):
        for status, label in ((RecordStatus.RETURNED, _("已退回")), (RecordStatus.DRAFT, _("草稿未提交"))):
            for kind, count in selectors.workflow_counts(user, status):
                out.append(
                    Waiting(
                        _("%(state)s：%(kind)s") % {"state": label, "kind": kind.label},
                        count,
                        _changelist(kind.model, status__exact=status),
                    )
                )
    for model, status, count in selectors.open_appeal_counts(user):
        if count:
            label = model.Status(status).label
            out.append(
                Waiting(
                    _("%(what)s%(state)s") % {"what": model._meta.verbose_name, "state": label},
                    count,
                    _changelist(model, status__exact=status),
                )
            )
    if user.has_perm("records.change_accountapplication"):
        pending = AccountApplication.objects.filter(status=AccountApplication.Status.PENDING)
        out.append(
            Waiting(
                _("平台账号申请待审批"),
                pending.count(),
                _changelist(AccountApplication, status__exact=AccountApplication.Status.PENDING),
            )
        )
    if complaint_permissions.is_case_staff(user):
        counts = complaint_selectors.waiting_counts(user)
        workspace = reverse("complaints:staff_list")
        if counts["office"]:
            out.append(Waiting(_("投诉举报待受理"), counts["waiting"], f"{workspace}?state=submitted"))
        else:
            out.append(Waiting(_("投诉举报待办理"), counts["waiting"], workspace))
        out.append(Waiting(_("投诉举报已逾期"), counts["overdue"], f"{workspace}?overdue=1"))
    return out


def workbench(user) -> dict:
    return {
        "links": links(user),
        "waiting": waiting(user),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "department": staff.user_department(user),
    }
