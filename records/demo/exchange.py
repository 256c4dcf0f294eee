"""Demo content for the data exchange: one pushed batch, so the batch log and the import page
show what a department's report looks like (loaded once; re-running adds nothing)."""

import datetime

from django.utils import timezone

from records.codes import make_uscc
from records.demo.generator import org_code
from records.demo.names import INDUSTRIES, TRADE_CHARS
from records.ingest.services import ingest
from records.models import Department, IngestBatch

DEMO_ROWS = 30


def _company_name(i: int) -> str:
    trade = TRADE_CHARS[(i * 7 + 3) % len(TRADE_CHARS)] + TRADE_CHARS[(i * 13 + 5) % len(TRADE_CHARS)]
    return f"西安{trade}{INDUSTRIES[(i * 5) % len(INDUSTRIES)][0]}有限公司"


def load_demo_exchange() -> IngestBatch | None:
    if IngestBatch.objects.exists():
        return None
    dept = Department.objects.filter(name="西安市市场监督管理局").first() or Department.objects.first()
    if dept is None:
        return None
    today = timezone.localdate()
    rows = []
    for i in range(DEMO_ROWS):
        day = today - datetime.timedelta(days=2 + i * 3)
        rows.append(
            {
                "cf_xdr_mc": _company_name(i),
                "cf_xdr_lb": "法人及非法人组织",
                "cf_xdr_shxym": make_uscc("9", "1", "610100", org_code(77_000_000 + i)),
                "cf_fr": "王伟",
                "cf_wsh": f"西市监价罚〔{day.year}〕{101 + i}号",
                "cf_wfxw": "未按规定明码标价",
                "cf_sy": "经查，当事人销售商品未按规定明码标价。",
                "cf_yj": "《明码标价和禁止价格欺诈规定》第二十条",
                "cf_cflb": "警告;罚款",
                "cf_nr": "警告，并处罚款人民币5000元",
                "cf_nr_fk": "0.5",
                "cf_jdrq": day.isoformat(),
                "cf_cfjg": dept.name,
                "cf_cfjgdm": dept.uscc,
            }
        )
    rows[-1]["cf_xdr_shxym"] = rows[-1]["cf_xdr_shxym"][:-1] + (
        "0" if rows[-1]["cf_xdr_shxym"][-1] != "0" else "1"
    )
    batch = IngestBatch(
        department=dept,
        kind="penalty",
        source=IngestBatch.Source.COMMAND,
        filename="演示数据-行政处罚.csv",
        total_rows=len(rows),
    )
    ingest(batch, [(line, row) for line, row in enumerate(rows, start=2)])
    return batch
