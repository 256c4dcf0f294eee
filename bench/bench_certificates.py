"""Render time of credit query certificates (WeasyPrint, Noto CJK subset with HarfBuzz).

Figures: the median time to render the PDF of (a) a certificate listing 10 records and (b) one
listing 200 records, each beside the same layout in Latin text only, rendered in the same run:
the same HTML with every CJK character replaced by Latin letters and the font set to a Latin
font (DejaVu Sans), so the baseline embeds no CJK font at all. Signing and the whole issuance
(snapshot + render + sign + save) are timed too.

Targets: (a) at most 2x its Latin baseline; (b) under 2 s on this machine.
BENCH_CERT_RUNS (default 9) sets the number of timed runs per figure (after one warm-up).
"""

import datetime
import os
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import env_for, fresh_sqlite, machine, manage, median, save_section  # noqa: E402

RUNS = int(os.environ.get("BENCH_CERT_RUNS", 9))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_CSS = '@page { font-family: "DejaVu Sans"; } html { font-family: "DejaVu Sans"; }'
LATIN_WORDS = "credit record penalty permit bureau market regulation company limited notice".split()


def latin(html: str) -> str:
    """Every CJK character becomes two Latin letters: about the same width, no CJK glyphs."""
    counter = iter(range(10**9))

    def repl(_match):
        word = LATIN_WORDS[next(counter) % len(LATIN_WORDS)]
        return word[:2]

    body_start = html.index("<body")
    return html[:body_start] + CJK.sub(repl, html[body_start:])


def build_subject(n: int, tag: str):
    from django.utils import timezone

    from records import models as m
    from records.codes import make_uscc
    from records.demo.generator import org_code

    today = timezone.localdate()
    region = m.Region.objects.get(code="610100")
    dept, _ = m.Department.objects.get_or_create(
        uscc=make_uscc("1", "1", "610100", org_code(12_345_678)),
        defaults={"name": "西安市市场监督管理局", "short_name": "西市监", "region": region},
    )
    subject = m.Subject.objects.create(
        name=f"陕西秦华建筑工程有限公司（{tag}）",
        uscc=make_uscc("9", "1", "610113", org_code(20_000_000 + n)),
        legal_rep="王伟",
        reg_authority="西安市市场监督管理局",
        established_on=datetime.date(2010, 5, 1),
        region=region,
        address="西安市雁塔区科技路100号",
        industry="建筑业",
    )
    red, _ = m.ListType.objects.get_or_create(
        name="A级纳税人", defaults={"polarity": "red", "field": "税务", "legal_basis": "《纳税信用管理办法》"}
    )
    common = {
        "subject": subject,
        "subject_name": subject.name,
        "subject_uscc": subject.uscc,
        "department": dept,
    }
    builders = [
        lambda i, d: m.Penalty(
            **common,
            document_number=f"西市监罚〔{d.year}〕{i}号",
            decision_date=d,
            violation_type="发布虚假广告",
            violation_facts="经查，当事人在其经营场所及网络平台发布含有虚假内容的广告，欺骗、误导消费者。",
            legal_basis="《中华人民共和国广告法》第五十五条第一款",
            categories="罚款;警告",
            content="警告，罚款人民币五万元",
            fine_amount=Decimal("5"),
            authority=dept.name,
            authority_uscc=dept.uscc,
        ),
        lambda i, d: m.Permit(
            **common,
            document_number=f"西市监许〔{d.year}〕{i}号",
            decision_date=d,
            decision_doc_name="食品经营许可决定书",
            category="普通",
            certificate_name="食品经营许可证",
            permit_number=f"JY161011300{i:05d}",
            content="预包装食品销售（含冷藏冷冻食品）；散装食品销售",
            valid_from=d,
            valid_until=d + datetime.timedelta(days=5 * 365),
            authority=dept.name,
            authority_uscc=dept.uscc,
        ),
        lambda i, d: m.Inspection(
            **common,
            document_number=f"西市监查〔{d.year}〕{i}号",
            decision_date=d,
            task_name=f"{d.year}年度食品销售环节双随机抽查",
            inspection_type="双随机抽查",
            items="经营资格、经营行为、信息公示情况",
            result="未发现问题",
            authority=dept.name,
            authority_uscc=dept.uscc,
        ),
        lambda i, d: m.Commitment(
            **common,
            document_number=f"610100{d:%Y%m%d}{i:06d}",
            decision_date=d,
            commitment_type="审批替代型",
            matter="办理食品经营许可",
            content="本单位承诺所提交的申请材料真实、合法、有效，如有虚假愿承担相应法律责任。",
            liability="自愿接受撤销许可、列入失信名单等处理",
            accepting_unit=dept.name,
            accepting_unit_uscc=dept.uscc,
        ),
        lambda i, d: m.ListEntry(
            **common,
            document_number=f"西税红〔{d.year}〕{i}号",
            decision_date=d,
            list_type=red,
            reason="纳税信用评价为A级",
            deciding_authority="国家税务总局西安市税务局",
        ),
    ]
    for i in range(n):
        day = today - datetime.timedelta(days=5 + i % 300)
        # save(), not bulk_create: penalties classify their severity on save
        builders[i % len(builders)](n * 1000 + i + 1, day).save()
    return subject


def timed_runs(fn, runs: int) -> list[float]:
    fn()  # warm-up: imports, font discovery, template loading
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def pages(pdf: bytes) -> int:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def main():
    url = fresh_sqlite("bench_certificates")
    manage(url, "migrate", "-v0")
    os.environ.update(env_for(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from publicity.certificates.render import html_to_pdf, render_html, render_pdf
    from publicity.certificates.services import certificate_issue
    from publicity.certificates.signing import make_demo_key, sign_pdf

    key_dir = Path(settings.DATA_DIR) / "bench-signing"
    make_demo_key(key_dir)
    settings.CERTIFICATE_SIGNING_KEY = str(key_dir / "certificate-signing-key.pem")
    settings.CERTIFICATE_SIGNING_CERT = str(key_dir / "certificate-signing-cert.pem")

    results = []
    for n in (10, 200):
        subject = build_subject(n, f"{n}条")
        issued = certificate_issue(subject=subject, purpose="procurement", requester_org="西安市财政局")
        certificate = issued.certificate
        assert certificate.snapshot["total"] == n, certificate.snapshot["total"]
        html = render_html(certificate)
        latin_html = latin(html)
        cjk_times = timed_runs(lambda c=certificate: render_pdf(c), RUNS)
        latin_times = timed_runs(lambda h=latin_html: html_to_pdf(h, extra_css=LATIN_CSS), RUNS)
        unsigned = render_pdf(certificate)
        sign_times = timed_runs(lambda u=unsigned: sign_pdf(u, reason="bench", location="bench"), RUNS)
        issue_times = timed_runs(
            lambda s=subject: certificate_issue(
                subject=s, purpose="procurement", requester_org="西安市财政局"
            ),
            max(3, RUNS // 2),
        )
        latin_pdf = html_to_pdf(latin_html, extra_css=LATIN_CSS)
        results.append(
            {
                "records": n,
                "pages": pages(unsigned),
                "latin_pages": pages(latin_pdf),
                "render_s": round(median(cjk_times), 3),
                "latin_s": round(median(latin_times), 3),
                "ratio": round(median(cjk_times) / median(latin_times), 2),
                "sign_s": round(median(sign_times), 3),
                "issue_s": round(median(issue_times), 3),
                "pdf_kb": round(len(issued.pdf) / 1024),
                "latin_kb": round(len(latin_pdf) / 1024),
            }
        )
        print(results[-1], flush=True)

    a, b = results
    verdict_a = "met" if a["ratio"] <= 2 else "NOT met"
    verdict_b = "met" if b["render_s"] < 2 else "NOT met"
    lines = [
        "## Credit query certificate PDF",
        "",
        f"Median of {RUNS} renders (after a warm-up) of a certificate's PDF/A-3b with WeasyPrint, the Noto Sans "
        "CJK SC subset embedded (HarfBuzz subsetter, `libharfbuzz-subset0`). Baseline: the same HTML and "
        "stylesheet with every CJK character replaced by Latin letters and the font set to DejaVu Sans, so "
        "no CJK font is embedded. Signing (PAdES, RSA-2048) and a whole issuance (snapshot, render, sign, "
        "save) are shown beside.",
        "",
        "| records | pages (Latin) | render CJK | render Latin | ratio | sign | whole issuance | PDF size (Latin) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['records']} | {r['pages']} ({r['latin_pages']}) | {r['render_s']:.3f} s | {r['latin_s']:.3f} s "
            f"| {r['ratio']}× | {r['sign_s']:.3f} s | {r['issue_s']:.3f} s | {r['pdf_kb']} KB ({r['latin_kb']} KB) |"
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines += [
        "",
        f"Load average while measuring: {load} (the machine is shared; figures are wall-clock medians).",
        "",
        f"Targets: (a) 10 records at most 2× the Latin baseline — {a['ratio']}×, {verdict_a}; "
        f"(b) 200 records under 2 s — {b['render_s']:.2f} s, {verdict_b}.",
    ]
    save_section("bench_certificates", "\n".join(lines), {"results": results, "machine": machine()})
    print("\n".join(lines))


if __name__ == "__main__":
    main()
