"""A batch credit check of 200 bidders end to end (seed task (五)): the list is pasted through the
page, matched, and every subject's signed query certificate issued by the task worker's steps;
then the results XLSX and the ZIP of the PDFs are built.

Figures: the whole run, the time per subject, the certificate issuance alone for the same
subjects one at a time (the baseline: what 200 single certificates cost), and the two downloads.
Target: the batch costs at most 1.2x the 200 single certificates (matching, summaries and the
bookkeeping add little), and the downloads take under 5 s.
BENCH_BATCH_SUBJECTS (default 200) sets the size of the list.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import env_for, fresh_sqlite, machine, manage, save_section  # noqa: E402

SUBJECTS = int(os.environ.get("BENCH_BATCH_SUBJECTS", 200))


def build(n: int):
    from django.utils import timezone

    from records import models as m
    from records.codes import make_uscc
    from records.demo.generator import org_code

    today = timezone.localdate()
    region = m.Region.objects.get(code="610100")
    dept, _ = m.Department.objects.get_or_create(
        uscc=make_uscc("1", "1", "610100", org_code(12_345_678)),
        defaults={"name": "西安市公共资源交易中心", "short_name": "西安交易中心", "region": region},
    )
    subjects = [
        m.Subject(
            name=f"陕西第{i:03d}建筑工程有限公司",
            uscc=make_uscc("9", "1", "610113", org_code(30_000_000 + i)),
            legal_rep="王伟",
            region=region,
            address="西安市雁塔区科技路100号",
        )
        for i in range(n)
    ]
    m.Subject.objects.bulk_create(subjects)
    subjects = list(m.Subject.objects.filter(name__startswith="陕西第").order_by("id"))
    for i, s in enumerate(subjects[: n // 4]):
        m.Penalty(
            subject=s,
            subject_name=s.name,
            subject_uscc=s.uscc,
            department=dept,
            document_number=f"西罚〔2026〕{i + 1}号",
            decision_date=today,
            violation_type="未按规定投标",
            violation_facts="经查，当事人串通投标。",
            legal_basis="《中华人民共和国招标投标法》第五十三条",
            categories="罚款",
            content="罚款人民币5万元",
            authority=dept.name,
            authority_uscc=dept.uscc,
        ).save()
    return dept, subjects


def main():
    url = fresh_sqlite("bench_batchcheck")
    manage(url, "migrate", "-v0")
    os.environ.update(env_for(url, TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from batchcheck.models import BatchCheck
    from batchcheck.services import certificates_zip, results_workbook
    from publicity.certificates.services import certificate_issue
    from publicity.certificates.signing import make_demo_key
    from records import staff
    from records.models import StaffProfile

    settings.ALLOWED_HOSTS = ["*"]
    key_dir = Path(settings.DATA_DIR) / "bench-signing"
    make_demo_key(key_dir)
    settings.CERTIFICATE_SIGNING_KEY = str(key_dir / "certificate-signing-key.pem")
    settings.CERTIFICATE_SIGNING_CERT = str(key_dir / "certificate-signing-cert.pem")

    dept, subjects = build(SUBJECTS)
    user = get_user_model().objects.create_user("bench", "bench@example.gov.cn", "x", is_staff=True)
    user.groups.add(Group.objects.get(name=staff.DEPARTMENT_OPERATOR))
    StaffProfile.objects.create(user=user, department=dept)
    client = Client()
    client.force_login(user)

    # Warm-up: fonts, templates, the signer.
    certificate_issue(subject=subjects[0], purpose="bidding", requester_org=dept.name)

    started = time.perf_counter()
    for s in subjects:
        certificate_issue(
            subject=s, purpose="bidding", purpose_detail="基线", requester_org=dept.name, user=user
        )
    single_s = time.perf_counter() - started

    text = "\n".join(s.uscc for s in subjects)
    started = time.perf_counter()
    response = client.post(
        "/batch-check/", {"purpose": "bidding", "project": "XAZB-2026-BENCH", "bidders": text}
    )
    batch_s = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    check = BatchCheck.objects.get()
    assert (check.status, check.processed_rows) == ("done", SUBJECTS), (check.status, check.processed_rows)

    started = time.perf_counter()
    xlsx = results_workbook(check)
    xlsx_s = time.perf_counter() - started
    started = time.perf_counter()
    archive = certificates_zip(check)
    zip_s = time.perf_counter() - started

    ratio = batch_s / single_s
    result = {
        "subjects": SUBJECTS,
        "batch_s": round(batch_s, 2),
        "per_subject_s": round(batch_s / SUBJECTS, 3),
        "single_s": round(single_s, 2),
        "ratio": round(ratio, 2),
        "xlsx_s": round(xlsx_s, 2),
        "zip_s": round(zip_s, 2),
        "xlsx_kb": round(len(xlsx) / 1024),
        "zip_mb": round(len(archive) / 1024 / 1024, 1),
    }
    print(result, flush=True)
    verdict = "met" if ratio <= 1.2 and xlsx_s + zip_s < 5 else "NOT met"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Batch credit check of bidders",
        "",
        f"A list of {SUBJECTS} bidders (by USCC, a quarter with a penalty) pasted into `/batch-check/` by a "
        "department operator, matched, and every subject's signed query certificate issued by the check's "
        "steps (the task backend runs them in-process here, as the worker would), then the results XLSX and "
        "the ZIP of the PDFs built. Baseline: the same subjects' certificates issued one at a time through "
        "`certificate_issue`.",
        "",
        "| subjects | whole batch | per subject | single certificates | ratio | XLSX | ZIP (size) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {SUBJECTS} | {result['batch_s']:.1f} s | {result['per_subject_s']:.3f} s | {result['single_s']:.1f} s "
        f"| {result['ratio']}× | {result['xlsx_s']:.2f} s | {result['zip_s']:.2f} s ({result['zip_mb']} MB) |",
        "",
        f"Load average while measuring: {load}.",
        "",
        f"Target: the batch at most 1.2× the single certificates and both downloads under 5 s — {verdict}.",
    ]
    save_section("bench_batchcheck", "\n".join(lines), {"result": result, "machine": machine()})
    print("\n".join(lines))


if __name__ == "__main__":
    main()
