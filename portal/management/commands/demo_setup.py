"""Everything `make run` loads into the demo database: records, articles, a staff login."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.models import Article
from records.demo.exchange import load_demo_exchange

DEMO_USERNAME = "demo_admin"
DEMO_PASSWORD = "Xinyong-Demo-2026"
POLICY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "policy_2017_550.txt"

NEWS = [
    ("全省信用信息共享平台实现与国家平台数据实时交换", "省信用办"),
    ("我省发布第一批守信激励对象名单", "省发展改革委"),
    ("关于开展失信被执行人专项治理工作的通知", "省信用办"),
    ("“信用陕西”网站改版上线，新增信用报告下载功能", "省信用办"),
    ("西安市推行告知承诺制，累计受理信用承诺十万余件", "西安市发展改革委"),
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
        call_command("complaints_demo", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo staff login (demo database only): {DEMO_USERNAME} / {DEMO_PASSWORD}")
        )
        # One account per staff role (records/demo/staff.py), same password.
        from records.demo.staff import DEMO_STAFF, create_demo_staff

        create_demo_staff(DEMO_PASSWORD)
        self.stdout.write("Demo role logins: " + ", ".join(u for u, *_ in DEMO_STAFF) + " (same password)")

    def _articles(self):
        if (
            POLICY_FILE.exists()
            and not Article.objects.filter(document_number="陕发改财金〔2017〕550号").exists()
        ):
            lines = POLICY_FILE.read_text(encoding="utf-8").splitlines()
            body = "\n".join(line for line in lines[3:] if line.strip())
            Article.objects.create(
                kind=Article.Kind.POLICY,
                title="陕西省发展和改革委员会关于印发《加强信用信息互联互通共享共用行动计划》的通知",
                document_number="陕发改财金〔2017〕550号",
                source="陕西省发展和改革委员会",
                body=body,
                published_at=timezone.make_aware(timezone.datetime(2017, 5, 2, 9, 0)),
            )
        for n, (title, source) in enumerate(NEWS):
            Article.objects.get_or_create(
                title=title,
                defaults={
                    "kind": Article.Kind.NEWS,
                    "source": source,
                    "body": f"{title}。\n详细内容请见{source}发布的正式文件。",
                    "published_at": timezone.now() - timezone.timedelta(days=3 * n + 1),
                },
            )

    def _demo_login(self):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "demo@credit.example.gov.cn", DEMO_PASSWORD)
