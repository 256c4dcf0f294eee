"""Everything `make run` loads into the demo database: records, articles, a staff login."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.models import Article
from records.demo.exchange import load_demo_exchange
from records.demo.staff import DEMO_STAFF, create_demo_staff

DEMO_USERNAME = "demo_admin"
DEMO_PASSWORD = "Xinyong-Demo-2026"
POLICY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "policy_2017_550.txt"

# Demo 信用动态: each item describes a service this portal really offers, in a few paragraphs.
NEWS = [
    (
        "“信用陕西”开通信用修复和异议申诉线上办理",
        "省信用办",
        [
            "即日起，市场主体可在“信用陕西”网站“信用修复”“异议申诉”栏目在线提交申请，上传整改材料，"
            "并凭受理编号和查询码随时查看办理进度。",
            "信用修复由作出失信认定的部门审核，全程免费；对公示信息有异议的，可提出异议申诉，"
            "信用办转认定部门核实处理，处理期间相关信息标注“异议处理中”。",
            "不便上网的，可到各级信用办窗口线下办理。",
        ],
    ),
    (
        "信用信息查询结果可扫码核验",
        "省信用办",
        [
            "各级部门在行政审批、招标采购等工作中打印的信用信息查询结果，每页均印有核验二维码和编号。",
            "收件单位可扫描二维码或在“查询结果核验”页面上传文件，核对内容是否为本平台签发的原件。",
        ],
    ),
    (
        "失信投诉举报窗口上线运行",
        "省信用办",
        [
            "公众可通过“投诉举报”栏目反映失信行为，提交后获得受理编号和查询码。",
            "信用办在规定的工作日内决定是否受理，并转交有关部门办理，办理结果通过查询码反馈。",
        ],
    ),
    (
        "全省各部门通过数据接口实时报送双公示信息",
        "省信用办",
        [
            "已建立业务系统的部门可通过平台数据接口实时推送行政许可、行政处罚等信息，"
            "未建立系统的部门可通过文件导入或在线填报报送。",
            "行政许可、行政处罚信息应在作出决定之日起7个工作日内报送，平台按月通报报送及时性。",
        ],
    ),
    (
        "信用公示栏目新增信用承诺信息",
        "省信用办",
        [
            "市场主体在办理行政审批等事项时作出的信用承诺，经受理单位确认后在“信用公示”栏目公开，"
            "接受社会监督。",
            "承诺类型包括审批替代型、容缺受理型、证明事项型、行业自律型和主动型等；"
            "受理单位对承诺履行情况作出认定后一并公示，未履行承诺的依法追究违诺责任。",
        ],
    ),
]


class Command(BaseCommand):
    help = "载入演示数据：信用记录、政策文章和一个仅存在于演示库中的工作人员账号。"

    def add_arguments(self, parser):
        parser.add_argument("--subjects", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, subjects, seed, **options):
        call_command("seed_demo", subjects=subjects, seed=seed, quiet=True, stdout=self.stdout)
        # Self-signed key for signing credit query certificates in the demo (kept if present),
        # and a few issued certificates for the query log.
        call_command("make_demo_signing_key", stdout=self.stdout)
        from publicity.certificates.demo import issue_demo_certificates

        for certificate in issue_demo_certificates():
            self.stdout.write(f"Demo certificate: /verify/{certificate.number}")
        load_demo_exchange()
        with transaction.atomic():
            self._articles()
            self._demo_login()
            # One account per staff role plus a second department's operator (records/demo/staff.py).
            accounts = create_demo_staff(DEMO_PASSWORD)
        call_command("complaints_demo", stdout=self.stdout)
        # The monthly statistics (信用统计) of the last three months, as the office circulates them.
        from creditstats.figures import previous_month

        month = previous_month()
        for _ in range(3):
            call_command("monthly_statistics", f"{month:%Y-%m}", stdout=self.stdout)
            month = previous_month(month)
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff login (demo database only): {DEMO_USERNAME} / {DEMO_PASSWORD}")
        )
        self.stdout.write("Demo role logins (same password, each opens its 工作台 at /admin/):")
        for account in DEMO_STAFF:
            if account.username in accounts:
                self.stdout.write(
                    f"  {account.username:<16} {account.role}（{account.department}）: {account.job}"
                )

    def _articles(self):
        if (
            POLICY_FILE.exists()
            and not Article.objects.filter(document_number="陕发改财金〔2017〕550号").exists()
        ):
            # The fixture: the title, the document number, then the text (page furniture removed).
            title, number, *lines = POLICY_FILE.read_text(encoding="utf-8").splitlines()
            body = "\n".join(line for line in lines if line.strip())
            Article.objects.create(
                kind=Article.Kind.POLICY,
                title=title,
                document_number=number,
                source="陕西省发展和改革委员会",
                body=body,
                published_at=timezone.make_aware(timezone.datetime(2017, 5, 2, 9, 0)),
            )
        for n, (title, source, paragraphs) in enumerate(NEWS):
            Article.objects.get_or_create(
                title=title,
                defaults={
                    "kind": Article.Kind.NEWS,
                    "source": source,
                    "body": "\n".join(paragraphs),
                    "published_at": timezone.now() - timezone.timedelta(days=3 * n + 1),
                },
            )

    def _demo_login(self):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "demo@credit.example.gov.cn", DEMO_PASSWORD)
