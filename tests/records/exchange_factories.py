"""Rows as departments report them (national field codes), and tokens, for the exchange tests."""

import datetime
import itertools

from django.utils import timezone

from records.models import ApiToken
from records.workdays import add_workdays
from tests import factories as f

_n = itertools.count(1)


def recent_day() -> datetime.date:
    """A decision date whose 7-working-day deadline has not passed (so rows arrive on time)."""
    day = timezone.localdate()
    while add_workdays(day, 7) < timezone.localdate():
        day += datetime.timedelta(days=1)
    return day - datetime.timedelta(days=1)


def penalty_row(dept, **over) -> dict:
    n = next(_n)
    row = {
        "cf_xdr_mc": f"陕西测试商贸有限公司{n}",
        "cf_xdr_lb": "法人及非法人组织",
        "cf_xdr_shxym": f.uscc(),
        "cf_fr": "张三",
        "cf_wsh": f"西市监罚〔2026〕{n}号",
        "cf_wfxw": "发布虚假广告",
        "cf_sy": "经查，当事人在其网店发布虚假广告。",
        "cf_yj": "《中华人民共和国广告法》第五十五条",
        "cf_cflb": "罚款",
        "cf_nr": "罚款人民币2万元",
        "cf_nr_fk": "2",
        "cf_jdrq": recent_day().isoformat(),
        "cf_cfjg": dept.name,
        "cf_cfjgdm": dept.uscc,
        "cf_sjly": dept.name,
        "cf_sjlydm": dept.uscc,
    }
    row.update(over)
    return row


def permit_row(dept, **over) -> dict:
    n = next(_n)
    day = recent_day()
    row = {
        "xk_xdr_mc": f"陕西测试餐饮管理有限公司{n}",
        "xk_xdr_lb": "法人及非法人组织",
        "xk_xdr_shxym": f.uscc(),
        "xk_fr": "李四",
        "xk_xkws": "食品经营许可决定书",
        "xk_wsh": f"西市监许〔2026〕{n}号",
        "xk_xklb": "普通",
        "xk_xkzs": "食品经营许可证",
        "xk_xkbh": f"JY1610100{n:06d}",
        "xk_nr": "预包装食品销售",
        "xk_jdrq": day.isoformat(),
        "xk_yxqz": day.isoformat(),
        "xk_yxqzi": (day + datetime.timedelta(days=5 * 365)).isoformat(),
        "xk_xkjg": dept.name,
        "xk_xkjgdm": dept.uscc,
        "xk_zt": "有效",
    }
    row.update(over)
    return row


def person_penalty_row(dept, **over) -> dict:
    return penalty_row(
        dept,
        **{
            "cf_xdr_mc": "王小明",
            "cf_xdr_lb": "自然人",
            "cf_xdr_shxym": "",
            "cf_fr": "",
            "cf_xdr_zjlx": "身份证",
            "cf_xdr_zjhm": f.id_number(),
            **over,
        },
    )


def token(dept, direction="push", kinds=(), name="执法办案系统") -> tuple[ApiToken, str]:
    return ApiToken.issue(department=dept, direction=direction, name=name, kinds=kinds)


def minimal_row(slug: str, dept) -> dict:
    """A row of any kind with only its required fields, all valid."""
    from records.ingest.fields import CATEGORIES, CHOICE, DATE, KIND_SPECS, USCC

    spec = KIND_SPECS[slug]
    n = next(_n)
    day = recent_day()
    row = {}
    for fs in spec.fields:
        if not fs.required:
            continue
        if fs.attr == "subject_category":
            row[fs.code] = "法人及非法人组织"
        elif fs.attr == "document_number":
            row[fs.code] = f"610100{day:%Y%m%d}{n:06d}" if slug == "commitment" else f"测试〔2026〕{n}号"
        elif fs.attr == "list_type":
            row[fs.code] = "严重违法失信名单"
        elif fs.type == DATE:
            row[fs.code] = day.isoformat()
        elif fs.type == USCC:
            row[fs.code] = dept.uscc
        elif fs.type == CHOICE:
            row[fs.code] = fs.choice_labels[0]
        elif fs.type == CATEGORIES:
            row[fs.code] = "警告"
        elif spec.authority and fs.attr == spec.authority[0]:
            row[fs.code] = dept.name  # the deciding authority is the reporting department
        else:
            row[fs.code] = f"测试{fs.label}{n}"[: fs.max_length or 100]
    row[f"{spec.prefix}_xdr_shxym"] = f.uscc()
    return row
