from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from publicity.certificates.signing import DEMO_CERT_NAME, DEMO_KEY_NAME, demo_key_dir, make_demo_key


class Command(BaseCommand):
    # Runs before the key exists: the check that warns about a missing key would only confuse.
    requires_system_checks = []
    help = (
        "生成演示用的自签名签章密钥和证书（信用查询结果 PDF 签名用），写入 DATA_DIR/signing。"
        "已存在时不覆盖（--force 覆盖）。生产环境请通过 CERTIFICATE_SIGNING_KEY / CERTIFICATE_SIGNING_CERT 配置正式证书。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", type=Path, default=None, help="目标目录（默认 DATA_DIR/signing）"
        )
        parser.add_argument("--force", action="store_true", help="覆盖已有的密钥和证书")

    def handle(self, *args, directory, force, **options):
        directory = directory or demo_key_dir()
        created = make_demo_key(directory, force=force)
        key, cert = directory / DEMO_KEY_NAME, directory / DEMO_CERT_NAME
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo signing key written: {key} (certificate {cert})"))
        else:
            self.stdout.write(f"Demo signing key already exists: {key}")
        if Path(settings.CERTIFICATE_SIGNING_KEY) != key or Path(settings.CERTIFICATE_SIGNING_CERT) != cert:
            self.stdout.write(
                self.style.WARNING(
                    "Settings point elsewhere (CERTIFICATE_SIGNING_KEY / CERTIFICATE_SIGNING_CERT); "
                    "the files above are not used unless configured."
                )
            )
