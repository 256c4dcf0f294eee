"""The reporting fields of every record kind: national 双公示 names and pinyin codes.

One FieldSpec per reported column. `code` is the pinyin field code used by the national data
exchange (cf_wsh, cf_xdr_shxym, xk_wsh …) and is the JSON key of the push API; `header` is the
Chinese column header of the national template; `aliases` are other headers departments use.
A file may use either the Chinese headers or the codes.

行政许可 (xk_) and 行政处罚 (cf_) follow the national 双公示 standard. The other kinds have no
national pinyin codes; theirs follow the same pattern with their own prefix.

Why one long module: it is a table (every kind's national template, field by field), read
top to bottom against the template; split, a kind's fields would no longer sit beside the others.
"""

from dataclasses import dataclass, field

from records import models as m
from records.models.penalties import PENALTY_CATEGORIES

TEXT, DATE, DECIMAL, CHOICE, USCC, CATEGORIES = "text", "date", "decimal", "choice", "uscc", "categories"


@dataclass(frozen=True)
class FieldSpec:
    code: str
    header: str
    attr: str | None  # model attribute; None for columns that are only checked (数据来源单位)
    type: str = TEXT
    required: bool = False
    choices: dict | None = None  # accepted input -> stored value
    aliases: tuple = ()
    hint: str = ""
    not_future: bool = False
    max_length: int | None = None

    @property
    def label(self) -> str:
        # "行政相对人代码_1（统一社会信用代码）" reads best as the code's own name.
        if self.header.startswith("行政相对人代码") and "（" in self.header:
            return self.header.split("（", 1)[1].rstrip("）")
        return self.header

    @property
    def choice_labels(self) -> list[str]:
        """The values a template offers for a choice column (the Chinese ones)."""
        if not self.choices:
            return []
        seen = dict.fromkeys(k for k in self.choices if not k.isascii())
        return list(seen)


@dataclass(frozen=True)
class KindSpec:
    slug: str
    prefix: str
    model: type
    fields: tuple
    action_kind: str = ""
    by_code: dict = field(default_factory=dict, compare=False)

    @property
    def authority(self) -> tuple[str, str | None] | None:
        """(name attribute, code attribute or None) of the deciding authority, which must be the
        reporting department or one it reports for (records.ingest.checks)."""
        return AUTHORITY_ATTRS.get(self.slug)

    @property
    def key_code(self) -> str:
        return next(f.code for f in self.fields if f.attr == "document_number")

    def field(self, code: str) -> FieldSpec:
        return self.by_code[code]


# The deciding authority of each kind: 许可机关, 处罚机关, 实施机关 …, 认定部门 (lists carry no
# code), 承诺受理单位. Ratings are issued by rating agencies, which are not departments.
AUTHORITY_ATTRS = {
    **{
        slug: ("authority", "authority_uscc")
        for slug in (
            "permit",
            "penalty",
            "enforcement",
            "confirmation",
            "reward",
            "payment",
            "filing",
            "qualification",
            "inspection",
            "abnormal",
        )
    },
    "list_entry": ("deciding_authority", None),
    "commitment": ("accepting_unit", "accepting_unit_uscc"),
}


SUBJECT_CATEGORY = {
    "法人及非法人组织": m.SubjectCategory.LEGAL_ENTITY,
    "法人": m.SubjectCategory.LEGAL_ENTITY,
    "非法人组织": m.SubjectCategory.LEGAL_ENTITY,
    "自然人": m.SubjectCategory.PERSON,
    "个体工商户": m.SubjectCategory.INDIVIDUAL_BUSINESS,
    "legal": m.SubjectCategory.LEGAL_ENTITY,
    "person": m.SubjectCategory.PERSON,
    "individual": m.SubjectCategory.INDIVIDUAL_BUSINESS,
}
ID_TYPES = {
    "身份证": "resident_id",
    "居民身份证": "resident_id",
    "护照": "passport",
    "护照号": "passport",
    "港澳居民来往内地通行证": "hk_macao",
    "台湾居民来往大陆通行证": "taiwan",
    "外国人永久居留身份证": "foreign_resident",
    **{v: v for v in ("resident_id", "passport", "hk_macao", "taiwan", "foreign_resident")},
}


# For the OpenAPI schema: one enum per shared choice set (see SPECTACULAR_SETTINGS).
SUBJECT_CATEGORY_LABELS = ["法人及非法人组织", "法人", "非法人组织", "自然人", "个体工商户"]
ID_TYPE_LABELS = [
    "身份证",
    "居民身份证",
    "护照",
    "护照号",
    "港澳居民来往内地通行证",
    "台湾居民来往大陆通行证",
    "外国人永久居留身份证",
]

PERMIT_CATEGORY_LABELS = list(m.Permit.Category.values)
INSPECTION_TYPE_LABELS = list(m.Inspection.InspectionType.values)
INSPECTION_RESULT_LABELS = list(m.Inspection.Result.values)
COMMITMENT_TYPE_LABELS = list(m.Commitment.CommitmentType.values)
FULFILMENT_LABELS = list(m.Commitment.Fulfilment.values)


def _choices(text_choices) -> dict:
    out = {}
    for value, label in text_choices.choices:
        out[str(label)] = value
        out[value] = value
    return out


def subject_fields(p: str, who: str = "行政相对人") -> list[FieldSpec]:
    """The reported subject (行政相对人), shared by every kind."""
    code_header = f"{who}代码" if who != "行政相对人" else "行政相对人代码_1（统一社会信用代码）"
    return [
        FieldSpec(f"{p}_xdr_mc", f"{who}名称", "subject_name", required=True),
        FieldSpec(
            f"{p}_xdr_lb",
            f"{who}类别",
            "subject_category",
            CHOICE,
            required=True,
            choices=SUBJECT_CATEGORY,
            hint="法人及非法人组织 / 自然人 / 个体工商户",
        ),
        FieldSpec(
            f"{p}_xdr_shxym",
            code_header,
            "subject_uscc",
            USCC,
            aliases=(
                "统一社会信用代码",
                "行政相对人代码",
                "行政相对人统一社会信用代码",
                f"{who}统一社会信用代码",
            ),
            hint="18位；法人及非法人组织、个体工商户必填",
        ),
        FieldSpec(
            f"{p}_xdr_gszc", "行政相对人代码_2（工商注册号）", "subject_reg_no", aliases=("工商注册号",)
        ),
        FieldSpec(
            f"{p}_xdr_zzjg", "行政相对人代码_3（组织机构代码）", "subject_org_code", aliases=("组织机构代码",)
        ),
        FieldSpec(
            f"{p}_xdr_swdj", "行政相对人代码_4（税务登记号）", "subject_tax_no", aliases=("税务登记号",)
        ),
        FieldSpec(
            f"{p}_xdr_sydw",
            "行政相对人代码_5（事业单位证书号）",
            "subject_inst_cert_no",
            aliases=("事业单位证书号",),
        ),
        FieldSpec(
            f"{p}_xdr_shzz",
            "行政相对人代码_6（社会组织登记证号）",
            "subject_social_org_no",
            aliases=("社会组织登记证号",),
        ),
        FieldSpec(f"{p}_fr", "法定代表人", "legal_rep", aliases=("法定代表人（负责人）", "法定代表人姓名")),
        FieldSpec(
            f"{p}_fr_zjlx",
            "法定代表人证件类型",
            "legal_rep_id_type",
            CHOICE,
            choices=ID_TYPES,
            hint="身份证 / 护照号 …",
        ),
        FieldSpec(f"{p}_fr_zjhm", "法定代表人证件号码", "legal_rep_id_number"),
        FieldSpec(
            f"{p}_xdr_zjlx",
            "证件类型",
            "id_type",
            CHOICE,
            choices=ID_TYPES,
            hint="自然人必填：身份证 / 护照号 …",
        ),
        FieldSpec(f"{p}_xdr_zjhm", "证件号码", "id_number", aliases=("身份证号码",), hint="自然人必填"),
    ]


def source_fields(p: str) -> list[FieldSpec]:
    return [
        FieldSpec(f"{p}_lydw", "数据来源单位", None, hint="可不填，默认为报送部门"),
        FieldSpec(
            f"{p}_lydwdm", "数据来源单位统一社会信用代码", None, USCC, hint="可不填；填写时须为报送部门的代码"
        ),
        FieldSpec("bz", "备注", "remarks"),
    ]


def _permit() -> list[FieldSpec]:
    p = "xk"
    return [
        *subject_fields(p),
        FieldSpec("xk_xkws", "行政许可决定文书名称", "decision_doc_name", required=True),
        FieldSpec(
            "xk_wsh", "行政许可决定文书号", "document_number", required=True, aliases=("许可决定文书号",)
        ),
        FieldSpec(
            "xk_xklb",
            "许可类别",
            "category",
            CHOICE,
            required=True,
            choices=_choices(m.Permit.Category),
            hint="普通 / 特许 / 认可 / 核准 / 登记 / 其他",
        ),
        FieldSpec("xk_xkzs", "许可证书名称", "certificate_name"),
        FieldSpec("xk_xkbh", "许可编号", "permit_number"),
        FieldSpec("xk_nr", "许可内容", "content", required=True),
        FieldSpec("xk_jdrq", "许可决定日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("xk_yxqz", "有效期自", "valid_from", DATE, required=True),
        FieldSpec("xk_yxqzi", "有效期至", "valid_until", DATE),
        FieldSpec("xk_xkjg", "许可机关", "authority", required=True),
        FieldSpec("xk_xkjgdm", "许可机关统一社会信用代码", "authority_uscc", USCC, required=True),
        FieldSpec(
            "xk_zt",
            "当前状态",
            "current_state",
            CHOICE,
            choices={**_choices(m.Permit.State), "1": "valid", "2": "invalid"},
            hint="有效 / 无效（默认有效）",
        ),
        *source_fields(p),
    ]


def _penalty() -> list[FieldSpec]:
    p = "cf"
    return [
        *subject_fields(p),
        FieldSpec(
            "cf_wsh", "行政处罚决定书文号", "document_number", required=True, aliases=("处罚决定书文号",)
        ),
        FieldSpec("cf_wfxw", "违法行为类型", "violation_type", required=True),
        FieldSpec("cf_sy", "违法事实", "violation_facts", required=True),
        FieldSpec("cf_yj", "处罚依据", "legal_basis", required=True),
        FieldSpec(
            "cf_cflb",
            "处罚类别",
            "categories",
            CATEGORIES,
            required=True,
            hint="可多选，以分号分隔：" + "、".join(PENALTY_CATEGORIES),
        ),
        FieldSpec("cf_nr", "处罚内容", "content", required=True),
        FieldSpec("cf_nr_fk", "罚款金额（万元）", "fine_amount", DECIMAL, hint="处罚类别含罚款时必填"),
        FieldSpec(
            "cf_nr_wfff",
            "没收违法所得、没收非法财物的金额（万元）",
            "confiscated_amount",
            DECIMAL,
            hint="处罚类别含没收违法所得或没收非法财物时必填",
        ),
        FieldSpec(
            "cf_nr_zkdx",
            "暂扣或吊销证照名称及编号",
            "license_affected",
            hint="处罚类别含暂扣许可证件或吊销许可证件时必填",
        ),
        FieldSpec("cf_jdrq", "处罚决定日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("cf_yxq", "处罚有效期", "penalty_valid_until", DATE),
        FieldSpec("cf_gsjzq", "公示截止期", "publish_until", DATE),
        FieldSpec(
            "cf_sxcd",
            "失信程度",
            "severity_reported",
            CHOICE,
            choices=_choices(m.Penalty.Severity),
            hint="轻微 / 一般 / 严重；不填时按处罚类别和罚款金额认定",
        ),
        FieldSpec("cf_cfjg", "处罚机关", "authority", required=True),
        FieldSpec("cf_cfjgdm", "处罚机关统一社会信用代码", "authority_uscc", USCC, required=True),
        FieldSpec("cf_sjly", "数据来源单位", None, hint="可不填，默认为报送部门"),
        FieldSpec(
            "cf_sjlydm", "数据来源单位统一社会信用代码", None, USCC, hint="可不填；填写时须为报送部门的代码"
        ),
        FieldSpec("bz", "备注", "remarks"),
    ]


# 行政强制, 行政确认, 行政奖励, 行政给付, 登记备案, 资质资格: one table, their own column names.
ACTION_LABELS = {
    # slug: (prefix, document number, title, category, content, amount, level, authority, date, validity)
    "enforcement": ("qz", "行政强制决定书文号", "强制措施名称", "行政强制类别", "强制内容", "涉及金额（万元）", None, "实施机关", "决定日期", False),
    "confirmation": ("qr", "行政确认文书号", "确认事项名称", "确认类别", "确认内容", None, None, "确认机关", "确认日期", True),
    "reward": ("jl", "行政奖励决定文书号", "奖励名称", "奖励类别", "奖励内容", "奖励金额（万元）", "奖励等级", "奖励机关", "奖励日期", False),
    "payment": ("gf", "行政给付决定文书号", "给付名称", "给付类别", "给付内容", "给付金额（万元）", None, "给付机关", "给付日期", False),
    "filing": ("dj", "登记备案文书号", "登记备案事项名称", "登记备案类别", "登记备案内容", None, None, "登记备案机关", "登记备案日期", True),
    "qualification": ("zz", "资质资格证书编号", "资质资格名称", "资质类别", "资质内容（许可范围）", None, "资质等级", "发证机关", "发证日期", True),
}  # fmt: skip


def _action(slug: str) -> list[FieldSpec]:
    p, doc, title, category, content, amount, level, authority, date, validity = ACTION_LABELS[slug]
    fields = [
        *subject_fields(p),
        FieldSpec(f"{p}_wsh", doc, "document_number", required=True),
        FieldSpec(f"{p}_mc", title, "title", required=True),
        FieldSpec(f"{p}_lb", category, "category"),
        FieldSpec(f"{p}_nr", content, "content", required=True),
    ]
    if amount:
        fields.append(FieldSpec(f"{p}_je", amount, "amount", DECIMAL))
    if level:
        fields.append(FieldSpec(f"{p}_dj", level, "level"))
    fields.append(FieldSpec(f"{p}_jdrq", date, "decision_date", DATE, required=True, not_future=True))
    if validity:
        fields += [
            FieldSpec(f"{p}_yxqz", "有效期自", "valid_from", DATE),
            FieldSpec(f"{p}_yxqzi", "有效期至", "valid_until", DATE),
        ]
    fields += [
        FieldSpec(f"{p}_jg", authority, "authority", required=True),
        FieldSpec(f"{p}_jgdm", f"{authority}统一社会信用代码", "authority_uscc", USCC, required=True),
        *source_fields(p),
    ]
    return fields


def _inspection() -> list[FieldSpec]:
    p = "jc"
    return [
        *subject_fields(p),
        FieldSpec("jc_wsh", "检查结果编号", "document_number", required=True, aliases=("检查抽查结果编号",)),
        FieldSpec("jc_rwmc", "抽查任务名称", "task_name", required=True),
        FieldSpec("jc_rwbh", "抽查任务编号", "task_number"),
        FieldSpec(
            "jc_lx",
            "检查类型",
            "inspection_type",
            CHOICE,
            required=True,
            choices=_choices(m.Inspection.InspectionType),
            hint="双随机抽查 / 定向抽查 / 专项检查 / 日常检查",
        ),
        FieldSpec("jc_sx", "检查事项", "items", required=True),
        FieldSpec(
            "jc_jg", "检查结果", "result", CHOICE, required=True, choices=_choices(m.Inspection.Result)
        ),
        FieldSpec("jc_jgsm", "检查结果说明", "result_detail"),
        FieldSpec("jc_rq", "检查日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("jc_ssjg", "检查实施机关", "authority", required=True),
        FieldSpec("jc_ssjgdm", "检查实施机关统一社会信用代码", "authority_uscc", USCC, required=True),
        *source_fields(p),
    ]


def _abnormal() -> list[FieldSpec]:
    p = "yc"
    return [
        *subject_fields(p),
        FieldSpec("yc_wsh", "列入决定书文号", "document_number", required=True),
        FieldSpec("yc_lryy", "列入经营异常名录原因", "reason", required=True),
        FieldSpec("yc_lrrq", "列入日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("yc_lrjg", "列入决定机关", "authority", required=True),
        FieldSpec("yc_lrjgdm", "列入决定机关统一社会信用代码", "authority_uscc", USCC, required=True),
        FieldSpec("yc_ycrq", "移出日期", "removed_on", DATE, not_future=True),
        FieldSpec("yc_ycyy", "移出原因", "removal_reason"),
        FieldSpec("yc_ycjg", "移出决定机关", "removal_authority"),
        *source_fields(p),
    ]


def _list_entry() -> list[FieldSpec]:
    p = "md"
    return [
        *subject_fields(p),
        FieldSpec("md_wsh", "认定文书号", "document_number", required=True),
        FieldSpec("md_lx", "名单类型", "list_type", required=True, hint="须为平台已登记的名单名称"),
        FieldSpec("md_lrsy", "列入事由", "reason", required=True),
        FieldSpec("md_rdyj", "认定依据文书", "basis_document"),
        FieldSpec("md_rdbm", "认定部门", "deciding_authority", required=True),
        FieldSpec("md_lrrq", "列入日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("md_gsjzq", "公示截止期", "publish_until", DATE),
        FieldSpec("md_ycrq", "移出日期", "removed_on", DATE, not_future=True),
        FieldSpec("md_ycyy", "移出原因", "removal_reason"),
        *source_fields(p),
    ]


def _commitment() -> list[FieldSpec]:
    p = "cn"
    return [
        FieldSpec(
            "cn_bm",
            "承诺编码",
            "document_number",
            required=True,
            hint="20位：6位行政区划代码+8位日期+6位流水号",
        ),
        *subject_fields(p, who="承诺人"),
        FieldSpec(
            "cn_lx",
            "承诺类型",
            "commitment_type",
            CHOICE,
            required=True,
            choices=_choices(m.Commitment.CommitmentType),
            hint="审批替代型 / 容缺受理型 / 证明事项型 / 信用修复型 / 行业自律型 / 主动型 / 其他",
        ),
        FieldSpec("cn_sy", "承诺事由", "matter", required=True),
        FieldSpec("cn_nr", "承诺内容", "content", required=True),
        FieldSpec("cn_wnzr", "违诺责任", "liability", required=True),
        FieldSpec("cn_rq", "承诺作出日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("cn_yxq", "承诺有效期", "valid_until", DATE),
        FieldSpec(
            "cn_lxzt",
            "承诺履行状态",
            "fulfilment",
            CHOICE,
            choices=_choices(m.Commitment.Fulfilment),
            hint="全部履行 / 部分履行 / 全部未履行",
        ),
        FieldSpec("cn_wlxnr", "未履行的承诺内容", "unfulfilled_content", hint="履行状态不是全部履行时必填"),
        FieldSpec("cn_zjnr", "违诺责任追究内容", "liability_pursued", hint="履行状态不是全部履行时必填"),
        FieldSpec("cn_rdrq", "履行状态认定日期", "determined_on", DATE, not_future=True),
        FieldSpec("cn_rddw", "认定单位", "determining_unit"),
        FieldSpec("cn_rddwdm", "认定单位统一社会信用代码", "determining_unit_uscc", USCC),
        FieldSpec("cn_sldw", "承诺受理单位", "accepting_unit", required=True),
        FieldSpec("cn_sldwdm", "承诺受理单位统一社会信用代码", "accepting_unit_uscc", USCC, required=True),
        FieldSpec(
            "cn_gklx",
            "公开类型",
            "disclosure",
            CHOICE,
            choices=_choices(m.Commitment.Disclosure),
            hint="可向社会公开 / 特定范围内公开 / 不可公开（默认可向社会公开）",
        ),
        *source_fields(p),
    ]


def _rating() -> list[FieldSpec]:
    p = "pj"
    return [
        *subject_fields(p),
        FieldSpec("pj_wsh", "评价结果编号", "document_number", required=True, aliases=("证书编号",)),
        FieldSpec(
            "pj_lx", "评价类型", "rating_type", required=True, hint="如：纳税信用等级、企业综合信用等级"
        ),
        FieldSpec("pj_dj", "信用等级", "grade", required=True),
        FieldSpec("pj_tx", "等级体系", "scale", required=True, hint="如：A/B/M/C/D"),
        FieldSpec("pj_jg", "评价机构", "agency", required=True),
        FieldSpec("pj_jgdm", "评价机构统一社会信用代码", "agency_uscc", USCC),
        FieldSpec("pj_rq", "评价日期", "decision_date", DATE, required=True, not_future=True),
        FieldSpec("pj_yxq", "有效期至", "valid_until", DATE),
        *source_fields(p),
    ]


def _with_lengths(model, fields: list[FieldSpec]) -> tuple:
    out = []
    for f in fields:
        length = None
        if f.attr and f.attr != "list_type":
            length = getattr(model._meta.get_field(f.attr), "max_length", None)
        out.append(FieldSpec(**{**f.__dict__, "max_length": length}))
    return tuple(out)


def _build() -> dict[str, KindSpec]:
    specs = {}
    plain = {
        "permit": ("xk", m.Permit, _permit()),
        "penalty": ("cf", m.Penalty, _penalty()),
        "inspection": ("jc", m.Inspection, _inspection()),
        "abnormal": ("yc", m.AbnormalOperation, _abnormal()),
        "list_entry": ("md", m.ListEntry, _list_entry()),
        "commitment": ("cn", m.Commitment, _commitment()),
        "rating": ("pj", m.Rating, _rating()),
    }
    for slug, (prefix, model, fields) in plain.items():
        fields = _with_lengths(model, fields)
        specs[slug] = KindSpec(slug, prefix, model, fields, by_code={f.code: f for f in fields})
    for slug in ACTION_LABELS:
        fields = _with_lengths(m.AdministrativeAction, _action(slug))
        specs[slug] = KindSpec(
            slug,
            ACTION_LABELS[slug][0],
            m.AdministrativeAction,
            fields,
            action_kind=slug,
            by_code={f.code: f for f in fields},
        )
    return specs


KIND_SPECS: dict[str, KindSpec] = _build()


def normalize_header(text) -> str:
    """Header text as written in a file -> a comparable key (no spaces, '*', half-width brackets)."""
    if text is None:
        return ""
    text = "".join(str(text).split()).replace("*", "").replace("＊", "")
    return text.replace("(", "（").replace(")", "）").lower()


def header_index(spec: KindSpec) -> dict[str, str]:
    """Every accepted header (Chinese, alias, pinyin code) -> field code."""
    index = {}
    for f in spec.fields:
        for name in (f.code, f.header, *f.aliases):
            index.setdefault(normalize_header(name), f.code)
    return index


def detect_kind(headers: list) -> str | None:
    """The kind whose columns best match a file's headers (by code prefix or Chinese headers)."""
    keys = {normalize_header(h) for h in headers if h}
    best, best_score = None, 0
    for slug, spec in KIND_SPECS.items():
        own = {normalize_header(n) for f in spec.fields for n in (f.code, f.header, *f.aliases)}
        # The key column is decisive: it differs between kinds.
        key = spec.field(spec.key_code)
        key_names = {normalize_header(n) for n in (key.code, key.header, *key.aliases)}
        if not keys & key_names:
            continue
        score = len(keys & own)
        if score > best_score:
            best, best_score = slug, score
    return best
