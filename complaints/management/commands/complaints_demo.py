"""Demo content for the complaint window: cases in every state, handled by the demo accounts of
records/demo/staff.py (投诉处理员 demo_complaints for the credit office; the operators of 西安市
市场监督管理局 and 西安市人力资源和社会保障局 for the departments).

Run by `manage.py demo_setup`; re-running adds nothing.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from complaints import services
from complaints.models import Case
from records.demo.staff import create_demo_staff
from records.models import StaffProfile, Subject

DEMO_PASSWORD = "Xinyong-Demo-2026"
OFFICE_USER = "demo_complaints"
DEPARTMENT_USERS = ("demo_operator", "demo_rsj")

CASES = [
    # kind, category, title, facts, final step
    (
        "complaint",
        "contract",
        "预付装修款后公司拒不施工",
        "2026年3月与该公司签订装修合同并预付5万元，对方至今未施工，多次联系无果。",
        "submitted",
    ),
    (
        "report",
        "advertising",
        "保健品宣称可治愈糖尿病",
        "该公司在门店和微信公众号宣传其保健品可以治愈糖尿病，涉嫌虚假宣传。",
        "accepted",
    ),
    (
        "complaint",
        "wages",
        "拖欠农民工工资三个月",
        "本人在该公司承建的工地务工，2026年6月至8月工资共计2.4万元未发放。",
        "forwarded",
    ),
    (
        "complaint",
        "quality",
        "购买的电动车电池鼓包",
        "购买电动车两个月后电池鼓包，商家拒绝按三包规定更换。",
        "concluded",
    ),
    ("report", "pricing", "景区周边餐馆不明码标价", "该餐馆菜单无价格，结账时一盘菜收费680元。", "typical"),
    ("complaint", "other", "反映的内容与信用无关", "邻居装修噪音扰民。", "refused"),
]


class Command(BaseCommand):
    help = "载入投诉举报演示数据：工作人员角色、演示账号和各状态的案件。"

    def handle(self, *args, **options):
        with transaction.atomic():
            office, departments = self._staff()
            if (
                office is not None
                and departments
                and not Case.objects.filter(form_token__startswith="demo-").exists()
            ):
                self._cases(office, departments)
        if office is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Complaint workspace (password {DEMO_PASSWORD}): {OFFICE_USER} (信用办), "
                    + ", ".join(f"{u} ({d.name})" for u, (_user, d) in departments.items())
                    + " — http://127.0.0.1:8000/complaints/staff/"
                )
            )

    def _staff(self):
        accounts = create_demo_staff(DEMO_PASSWORD)
        departments = {
            username: (accounts[username], StaffProfile.objects.get(user=accounts[username]).department)
            for username in DEPARTMENT_USERS
            if username in accounts
        }
        return accounts.get(OFFICE_USER), departments

    def _cases(self, office, departments):
        subjects = list(Subject.objects.exclude(kind=Subject.Kind.PERSON).order_by("pk")[: len(CASES)])
        market_user, market = departments.get("demo_operator", next(iter(departments.values())))
        labour_user, labour = departments.get("demo_rsj", (market_user, market))
        for n, (kind, category, title, facts, step) in enumerate(CASES):
            subject = subjects[n] if n < len(subjects) else None
            result = services.case_submit(
                form_token=f"demo-{n}",
                data={
                    "kind": kind,
                    "anonymous": kind == "report",
                    "subject_name": subject.name if subject else "某装饰工程有限公司",
                    "subject_uscc": (subject.uscc or "") if subject else "",
                    "category": category,
                    "title": title,
                    "facts": facts,
                    "complainant_name": "" if kind == "report" else "张先生",
                    "complainant_phone": "" if kind == "report" else "13800000000",
                    "occurred_on": timezone.localdate() - datetime.timedelta(days=30),
                },
                files=[],
                subject=subject,
            )
            case = result.case
            if step == "submitted":
                continue
            if step == "refused":
                services.case_refuse(
                    case, office, "所反映事项不属于失信投诉举报受理范围，建议向所在街道办事处反映。"
                )
                continue
            services.case_accept(case, office, "")
            if step == "accepted":
                continue
            handler_user, handler = (labour_user, labour) if category == "wages" else (market_user, market)
            services.case_forward(case, office, [handler], "请依法核查处理。")
            if step == "forwarded":
                continue
            services.case_department_action(case, handler_user, "start", "已安排执法人员核查。")
            case = services.case_department_action(
                case,
                handler_user,
                "reply",
                "经现场检查，反映情况属实。已责令当事人整改，并依法立案调查，处理结果将依法公示。",
            )
            if step == "typical":
                services.case_publish_typical(
                    case,
                    office,
                    title="景区周边餐馆不明码标价被查处",
                    summary="群众举报某餐馆菜单未标示价格，结账时高价收费。",
                    outcome="经现场检查，举报情况属实，市场监管部门已责令整改并依法立案调查。",
                )
