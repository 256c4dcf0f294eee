"""A deterministic, realistic Shaanxi data set for demos and benchmarks.

Subjects are generated in fixed-size chunks, each from its own random stream seeded by
(seed, chunk number), so a chunk always produces the same subjects and records. A chunk is
written in one transaction; a chunk whose subjects already exist is skipped, which makes a
second run with the same seed add nothing and lets an interrupted run resume.

Why one long module: one chunk's random stream draws subjects and every kind of record in a
fixed order; kept in one place so a change to that order (which changes the data set) is seen.
"""

import datetime
import math
import random
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from records import models as m
from records.codes import make_id_number, make_uscc
from records.deadlines import reporting_deadline
from records.demo import bulk, names, reference
from records.demo.loader import RowShape, write_rows
from records.models.actions import ActionKind
from records.partitions import PARTITIONED, REGISTRY, is_partitioned
from records.periods import RuleBook
from records.workdays import add_workdays

CHUNK_SIZE = 20_000
# From this many subjects on, PostgreSQL loads run with the record tables' indexes off.
BULK_THRESHOLD = 100_000
RECORD_MODELS = [
    m.Permit,
    m.Penalty,
    m.AdministrativeAction,
    m.Inspection,
    m.AbnormalOperation,
    m.ListEntry,
    m.Commitment,
    m.Rating,
]
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Spread subject numbers over the 8-digit organisation code space (7919 is coprime to 10^8).
ORG_CODE_STEP = 7919


def org_code(n: int) -> str:
    """A 9-character 组织机构代码 (GB 11714) with its check character."""
    body = f"{n % 100_000_000:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


@dataclass
class Stats:
    subjects: int = 0
    records: int = 0
    skipped_chunks: int = 0
    per_kind: dict = field(default_factory=dict)


@dataclass
class Context:
    today: datetime.date
    now: datetime.datetime
    cities: list  # [(Region, abbr)]
    districts: dict  # region code -> [area codes]
    departments: dict  # (region code, kind) -> [Department]
    list_types: dict  # polarity -> [ListType]
    person_list_types: list
    rules: RuleBook = field(default_factory=RuleBook)
    deadline_cache: dict = field(default_factory=dict)

    def deadline(self, kind: str, day: datetime.date) -> datetime.date:
        key = (kind in ("permit", "penalty"), day)
        if key not in self.deadline_cache:
            self.deadline_cache[key] = reporting_deadline(kind, day)
        return self.deadline_cache[key]


SHAPES = {}


def shape(model) -> RowShape:
    if model not in SHAPES:
        SHAPES[model] = RowShape(model)
    return SHAPES[model]


class Generator:
    def __init__(self, seed: int, subjects: int, progress: Callable[[str], None] | None = None):
        self.seed = seed
        self.total = subjects
        self.progress = progress or (lambda msg: None)
        self.stats = Stats()

    # ------------------------------------------------------------------ entry point
    def run(self) -> Stats:
        SHAPES.clear()
        ctx = self._context()
        chunks = math.ceil(self.total / CHUNK_SIZE)
        record_tables = [model._meta.db_table for model in RECORD_MODELS]
        if any(is_partitioned(t) for t in PARTITIONED):
            # The natural-key registry of the partitioned tables (records.partitions) is
            # written by their triggers: its unique index goes off with theirs.
            record_tables.append(REGISTRY)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                # Demo data can be regenerated: trade durability for speed in this session.
                cur.execute("SET synchronous_commit = off")
        with ExitStack() as stack:
            bulk_mode = False
            for chunk in range(chunks):
                start = chunk * CHUNK_SIZE
                stop = min(self.total, start + CHUNK_SIZE)
                rng = random.Random(f"{self.seed}:{chunk}")
                subjects = [self._subject(ctx, rng, i) for i in range(start, stop)]
                existing = self._existing(subjects)
                if len(existing) >= len(subjects):
                    self.stats.skipped_chunks += 1
                    continue
                # Indexes go off only once there is a large amount left to write, so a re-run
                # that adds nothing never rebuilds them.
                if not bulk_mode and self.total - start >= BULK_THRESHOLD:
                    stack.enter_context(bulk.indexes_off(record_tables))
                    stack.callback(self.progress, "重建索引……")
                    bulk_mode = True
                with transaction.atomic():
                    self._write_chunk(ctx, rng, subjects, existing)
                self.progress(
                    f"{stop:,}/{self.total:,} 个主体，已写入 {self.stats.subjects:,} 个主体、"
                    f"{self.stats.records:,} 条记录"
                )
        if connection.vendor == "postgresql" and self.stats.records:
            with connection.cursor() as cur:
                cur.execute("ANALYZE")
        return self.stats

    # ------------------------------------------------------------------ reference data
    def _context(self) -> Context:
        today = timezone.localdate()
        regions = {r.code: r for r in m.Region.objects.all()}
        province = regions[reference.PROVINCE[0]]
        cities = [(regions[code], abbr) for code, _name, abbr in reference.CITIES]
        departments: dict = {}
        for region, abbr in [(province, "陕"), *cities]:
            is_province = region == province
            for n, (city_name, province_name, short, fld, kinds) in enumerate(reference.DEPARTMENTS):
                template = province_name if is_province else city_name
                if template is None:
                    continue
                uscc = make_uscc("1", "1", region.code, org_code(11_000_000 + int(region.code) * 10 + n))
                dept = self._department_row(
                    uscc, template.format(region=region.name), abbr + short, region, fld
                )
                for kind in kinds:
                    departments.setdefault((region.code, kind), []).append(dept)
        for n, (name, short, fld, kinds) in enumerate(reference.PROVINCIAL_ONLY):
            uscc = make_uscc("1", "1", province.code, org_code(12_000_000 + n))
            dept = self._department_row(uscc, name, short, province, fld)
            for region in [province, *(r for r, _abbr in cities)]:
                for kind in kinds:
                    departments.setdefault((region.code, kind), []).append(dept)
        list_types: dict = {"red": [], "black": []}
        by_name = {}
        for name, polarity, fld, basis, years, serious in reference.LIST_TYPES:
            lt, _ = m.ListType.objects.get_or_create(
                name=name,
                defaults={
                    "polarity": polarity,
                    "field": fld,
                    "legal_basis": basis,
                    "default_years": years,
                    "is_serious": serious,
                },
            )
            list_types[polarity].append(lt)
            by_name[name] = lt
        for name, polarity, basis, impl, types in reference.MEASURES:
            measure, created = m.Measure.objects.get_or_create(
                name=name,
                defaults={"polarity": polarity, "basis_memorandum": basis, "implementing_department": impl},
            )
            if created:
                measure.list_types.set([by_name[t] for t in types])
        person_types = [by_name["失信被执行人"], by_name["拖欠农民工工资失信联合惩戒对象名单"]]
        return Context(
            today=today,
            now=timezone.now(),
            cities=cities,
            districts=reference.DISTRICTS,
            departments=departments,
            list_types=list_types,
            person_list_types=person_types,
            rules=RuleBook.load(),
        )

    @staticmethod
    def _department_row(uscc, name, short_name, region, fld):
        dept, _ = m.Department.objects.get_or_create(
            uscc=uscc,
            defaults={
                "name": name,
                "short_name": short_name,
                "region": region,
                "field": fld,
                "is_credit_office": fld == "信用",
            },
        )
        return dept

    # ------------------------------------------------------------------ one chunk
    def _existing(self, subjects: list[dict]) -> set:
        usccs = [s["uscc"] for s in subjects if s["uscc"]]
        id_numbers = [s["id_number"] for s in subjects if s["id_number"]]
        return set(m.Subject.objects.filter(uscc__in=usccs).values_list("uscc", flat=True)) | set(
            m.Subject.objects.filter(id_number__in=id_numbers).values_list("id_number", flat=True)
        )

    def _write_chunk(self, ctx: Context, rng: random.Random, subjects: list[dict], existing: set) -> None:
        keys = [s["uscc"] or s["id_number"] for s in subjects]
        # Records are generated for every subject (keeping the random stream identical) and
        # written only for subjects that are new.
        new = [s for s, k in zip(subjects, keys, strict=True) if k not in existing]
        sshape = shape(m.Subject)
        write_rows(sshape, [sshape.row(s["row"]) for s in new])
        ids = dict(
            m.Subject.objects.filter(uscc__in=[s["uscc"] for s in new if s["uscc"]]).values_list("uscc", "id")
        )
        ids.update(
            m.Subject.objects.filter(
                id_number__in=[s["id_number"] for s in new if s["id_number"]]
            ).values_list("id_number", "id")
        )
        batches: dict = {}
        for s in subjects:
            key = s["uscc"] or s["id_number"]
            records = self._records(ctx, rng, s)
            if key in existing:
                continue
            for model, values in records:
                values["subject_id"] = ids[key]
                batches.setdefault(model, []).append(shape(model).row(values))
        for model, rows in batches.items():
            write_rows(shape(model), rows)
            self.stats.records += len(rows)
            self.stats.per_kind[model.__name__] = self.stats.per_kind.get(model.__name__, 0) + len(rows)
        self.stats.subjects += len(new)

    # ------------------------------------------------------------------ subjects
    def _subject(self, ctx: Context, rng: random.Random, i: int) -> dict:
        region, abbr = ctx.cities[0] if rng.random() < 0.38 else rng.choice(ctx.cities)
        area = rng.choice(ctx.districts[region.code])
        roll = rng.random()
        trade = rng.choice(names.TRADE_CHARS) + rng.choice(names.TRADE_CHARS)
        street = f"{region.name}{rng.choice(names.STREETS)}{rng.randint(1, 999)}号"
        established = ctx.today - datetime.timedelta(days=rng.randint(200, 9000))
        person_name = rng.choice(names.SURNAMES) + "".join(
            rng.choice(names.GIVEN_CHARS) for _ in range(rng.choice((1, 2)))
        )
        status = rng.choices(
            [m.Subject.Status.ACTIVE, m.Subject.Status.CANCELLED, m.Subject.Status.REVOKED],
            [0.92, 0.06, 0.02],
        )[0]
        code_n = (i * ORG_CODE_STEP + self.seed * 104_729) % 100_000_000
        row = {
            "region_id": region.pk,
            "status": status,
            "established_on": established,
            "created_at": ctx.now,
            "updated_at": ctx.now,
        }
        uscc, id_number = "", ""
        if roll < 0.003:
            # Birth date and sequence follow from i, so two persons never share an ID number.
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=(i * 7) % 15000)
            id_number = make_id_number(area, birth.strftime("%Y%m%d"), f"{(i // 15000) % 1000:03d}")
            row.update(
                kind=m.Subject.Kind.PERSON,
                name=person_name,
                id_number=id_number,
                address=street,
                phone=f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}",
                established_on=None,
            )
            kind = "person"
        elif roll < 0.29:
            shop, industry = rng.choice(names.SHOP_KINDS)
            uscc = make_uscc("9", "2", area, org_code(code_n))
            row.update(
                kind=m.Subject.Kind.INDIVIDUAL_BUSINESS,
                name=f"{region.name[:2]}{trade}{shop}",
                uscc=uscc,
                legal_rep=person_name,
                reg_authority=f"{region.name}市场监督管理局",
                address=street,
                industry=industry,
                industry_code=names.INDUSTRY_CODES.get(industry, ""),
            )
            kind = "individual"
        else:
            industry_word, industry = rng.choice(names.INDUSTRIES)
            prefix = (
                "陕西"
                if rng.random() < 0.35
                else region.name[:-1]
                if region.name.endswith("市")
                else region.name
            )
            uscc = make_uscc("9", "1", area, org_code(code_n))
            row.update(
                kind=m.Subject.Kind.LEGAL_ENTITY,
                name=f"{prefix}{trade}{industry_word}{rng.choice(names.COMPANY_FORMS)}",
                uscc=uscc,
                legal_rep=person_name,
                reg_authority=f"{region.name}市场监督管理局",
                address=street,
                industry=industry,
                industry_code=names.INDUSTRY_CODES.get(industry, ""),
            )
            kind = "legal"
        if kind != "person":
            # Demo contact mailboxes (example.com never delivers) for 专项信用报告 codes.
            row["contact_email"] = f"credit{i:07d}@example.com"
        row["uscc"] = uscc or None
        row["reg_no"] = f"{area}{600_000_000 + i:09d}"[:15] if kind != "person" else ""
        return {
            "i": i,
            "kind": kind,
            "uscc": uscc,
            "id_number": id_number,
            "row": row,
            "region": region,
            "abbr": abbr,
            "name": row["name"],
            "legal_rep": row.get("legal_rep", ""),
        }

    # ------------------------------------------------------------------ records
    def _records(self, ctx: Context, rng: random.Random, s: dict) -> list:
        out = []
        if s["kind"] == "person":
            lt = rng.choice(ctx.person_list_types)
            out.append((m.ListEntry, self._list_entry(ctx, rng, s, lt, 0)))
            return out
        weights = [
            ("permit", 1.5),
            ("penalty", 0.6),
            ("inspection", 1.0),
            ("action", 0.9),
            ("commitment", 0.6),
            ("rating", 0.2),
            ("abnormal", 0.12),
            ("list", 0.06),
        ]
        j = 0
        for what, mean in weights:
            count = int(mean) + (1 if rng.random() < mean - int(mean) else 0)
            if what == "permit" and rng.random() < 0.3:
                count += 1
            for _ in range(count):
                j += 1
                if what == "permit":
                    out.append((m.Permit, self._permit(ctx, rng, s, j)))
                elif what == "penalty":
                    out.append((m.Penalty, self._penalty(ctx, rng, s, j)))
                elif what == "inspection":
                    out.append((m.Inspection, self._inspection(ctx, rng, s, j)))
                elif what == "action":
                    out.append((m.AdministrativeAction, self._action(ctx, rng, s, j)))
                elif what == "commitment":
                    out.append((m.Commitment, self._commitment(ctx, rng, s, j)))
                elif what == "rating":
                    out.append((m.Rating, self._rating(ctx, rng, s, j)))
                elif what == "abnormal":
                    out.append((m.AbnormalOperation, self._abnormal(ctx, rng, s, j)))
                elif what == "list":
                    polarity = "red" if rng.random() < 0.55 else "black"
                    out.append(
                        (m.ListEntry, self._list_entry(ctx, rng, s, rng.choice(ctx.list_types[polarity]), j))
                    )
        return out

    def _department(self, ctx, rng, s, kind, field=None):
        """A department of the subject's city (sometimes the province's) that reports `kind`,
        of `field` when given (reference.DEPARTMENTS: who may decide what)."""
        region_code = s["region"].code
        if rng.random() < 0.12:
            region_code = reference.PROVINCE[0]

        def options(code):
            found = ctx.departments.get((code, kind), [])
            return [d for d in found if d.field == field] if field else found

        return rng.choice(options(region_code) or options(s["region"].code) or options(reference.PROVINCE[0]))

    @staticmethod
    def _shop_kind(s) -> str | None:
        if s["kind"] != m.Subject.Kind.INDIVIDUAL_BUSINESS:
            return None
        return next((kind for kind in names.SHOP_PERMITS if s["name"].endswith(kind)), None)

    def _base(self, ctx, rng, s, kind, j, dept, word, days_back=3 * 365) -> dict:
        decision = ctx.today - datetime.timedelta(days=rng.randint(0, days_back))
        deadline = ctx.deadline(kind, decision)
        if rng.random() < 0.08:
            reported = deadline + datetime.timedelta(days=rng.randint(1, 40))
        elif kind in ("permit", "penalty"):
            reported = add_workdays(decision, rng.randint(0, 6))
        else:
            reported = decision + datetime.timedelta(days=rng.randint(0, 25))
        reported = min(reported, ctx.today)
        reported_at = timezone.make_aware(
            datetime.datetime.combine(reported, datetime.time(9 + rng.randint(0, 8)))
        )
        status, reason, changed = m.RecordStatus.PUBLISHED, "", None
        roll = rng.random()
        if roll < 0.025:
            status, reason, changed = m.RecordStatus.WITHDRAWN, "原决定已被依法撤销", reported_at
        values = {
            "subject_name": s["name"],
            "subject_category": s["kind"],
            "subject_uscc": s["uscc"],
            "legal_rep": s["legal_rep"],
            "department_id": dept.pk,
            "document_number": f"{dept.short_name}{word}〔{decision.year}〕{s['i']:07d}-{j}号",
            "decision_date": decision,
            "reported_at": reported_at,
            "report_deadline": deadline,
            "is_late": reported > deadline,
            "status": status,
            "status_reason": reason,
            "status_changed_at": changed,
            "created_at": reported_at,
            "updated_at": reported_at,
        }
        if s["kind"] == "person":
            values.update(subject_uscc="", legal_rep="", id_type="resident_id", id_number=s["id_number"])
        return values

    def _permit(self, ctx, rng, s, j):
        shop = self._shop_kind(s)
        allowed = (
            names.PERMITS if shop is None else [p for p in names.PERMITS if p[0] in names.SHOP_PERMITS[shop]]
        )
        cert, category, content, fld = rng.choice(allowed)
        dept = self._department(ctx, rng, s, "permit", fld)
        v = self._base(ctx, rng, s, "permit", j, dept, "许")
        valid_until = v["decision_date"] + datetime.timedelta(days=365 * rng.choice((1, 3, 5)))
        v.update(
            decision_doc_name=f"{content}决定书",
            category=category,
            certificate_name=cert,
            permit_number=f"JY{s['i']:010d}{j:02d}",
            content=f"准予{content}",
            valid_from=v["decision_date"],
            valid_until=valid_until,
            authority=dept.name,
            authority_uscc=dept.uscc,
            current_state=m.Permit.State.VALID if valid_until >= ctx.today else m.Permit.State.INVALID,
        )
        return v

    def _penalty(self, ctx, rng, s, j):
        if self._shop_kind(s) is None:
            violation, basis, cats, fld = rng.choice(names.VIOLATIONS)
        else:
            violation, basis, cats, fld = rng.choice(
                [v for v in names.VIOLATIONS if v[0] in names.SHOP_VIOLATIONS]
            )
        dept = self._department(ctx, rng, s, "penalty", fld)
        categories = cats.split(";")
        fine = None
        if "罚款" in categories:
            fine = Decimal(rng.choice((0.2, 0.5, 1, 2, 3, 5, 8, 10, 20, 50, 120))).quantize(Decimal("0.01"))
        v = self._base(ctx, rng, s, "penalty", j, dept, "罚")
        severity, _basis = ctx.rules.classify(dept.field, v["decision_date"], categories, fine)
        until = None
        if rng.random() < 0.6:
            months = {"minor": 3, "ordinary": 12, "serious": 36}[severity]
            until = v["decision_date"] + datetime.timedelta(days=months * 30)
        if v["status"] == m.RecordStatus.PUBLISHED:
            if until and until < ctx.today - datetime.timedelta(days=30):
                v.update(status=m.RecordStatus.EXPIRED, status_reason="公示期满", status_changed_at=ctx.now)
            elif rng.random() < 0.02:
                v.update(
                    status=m.RecordStatus.REPAIRED,
                    status_reason="已完成信用修复，提前停止公示",
                    status_changed_at=ctx.now,
                )
        content = "；".join(f"罚款人民币{fine}万元" if c == "罚款" else c for c in categories)
        v.update(
            violation_type=violation,
            violation_facts=f"经查，当事人{s['name']}存在{violation}的违法行为。",
            legal_basis=basis,
            categories=";".join(categories),
            content=content,
            fine_amount=fine,
            confiscated_amount=Decimal("0.35") if "没收违法所得" in categories else None,
            publish_until=until,
            authority=dept.name,
            authority_uscc=dept.uscc,
        )
        v.update(ctx.rules.penalty(dept.field, v).as_dict())
        end = v["publication_end"]
        if v["status"] == m.RecordStatus.PUBLISHED and (end is None or end < ctx.today):
            reason = "公示期满" if end else "轻微失信行为，依规不予公示"
            v.update(status=m.RecordStatus.EXPIRED, status_reason=reason, status_changed_at=ctx.now)
        return v

    def _inspection(self, ctx, rng, s, j):
        dept = self._department(ctx, rng, s, "inspection")
        v = self._base(ctx, rng, s, "inspection", j, dept, "查")
        result = rng.choices(list(m.Inspection.Result), [0.72, 0.12, 0.05, 0.04, 0.03, 0.02, 0.02])[0]
        v.update(
            task_name=rng.choice(names.INSPECTION_TASKS),
            task_number=f"SJ{v['decision_date'].year}{rng.randint(1, 999):04d}",
            inspection_type=rng.choices(list(m.Inspection.InspectionType), [0.7, 0.1, 0.1, 0.1])[0],
            items="经营资格、经营行为、信息公示情况",
            result=result,
            authority=dept.name,
            authority_uscc=dept.uscc,
        )
        return v

    def _action(self, ctx, rng, s, j):
        action_kind = rng.choices(list(ActionKind), [0.1, 0.15, 0.1, 0.15, 0.3, 0.2])[0]
        dept = self._department(ctx, rng, s, action_kind.value)
        title, category = rng.choice(names.ACTION_TEMPLATES[action_kind.value])
        v = self._base(ctx, rng, s, action_kind.value, j, dept, "决")
        v.update(
            action_kind=action_kind.value,
            title=title,
            category=category,
            content=f"{title}（{category}）",
            amount=Decimal(rng.randint(1, 50))
            if action_kind in (ActionKind.PAYMENT, ActionKind.REWARD)
            else None,
            level=rng.choice(("一级", "二级", "三级")) if action_kind == ActionKind.QUALIFICATION else "",
            valid_from=v["decision_date"],
            valid_until=(v["decision_date"] + datetime.timedelta(days=365 * 3))
            if action_kind in (ActionKind.QUALIFICATION, ActionKind.CONFIRMATION, ActionKind.FILING)
            else None,
            authority=dept.name,
            authority_uscc=dept.uscc,
        )
        return v

    def _commitment(self, ctx, rng, s, j):
        dept = self._department(ctx, rng, s, "commitment")
        matter, ctype = rng.choice(names.COMMITMENT_MATTERS)
        v = self._base(ctx, rng, s, "commitment", j, dept, "诺")
        d = v["decision_date"]
        # 承诺编码: 6-digit area code + 8-digit date + 6-digit serial.
        # A subject has at most one generated commitment, so the subject number is a unique serial
        # (for up to a million subjects; beyond that the date and region keep collisions rare).
        v["document_number"] = f"{s['region'].code}{d:%Y%m%d}{s['i'] % 1_000_000:06d}"
        fulfilment = rng.choices(["全部履行", "部分履行", "全部未履行", ""], [0.55, 0.05, 0.03, 0.37])[0]
        v.update(
            commitment_type=ctype,
            matter=matter,
            content="本单位承诺所提交材料真实有效，严格遵守相关法律法规，依法诚信经营。",
            liability="如违反承诺，自愿接受相关部门依法作出的处理，并记入信用记录。",
            valid_until=d + datetime.timedelta(days=365),
            fulfilment=fulfilment,
            unfulfilled_content="未按承诺时限补齐相关材料"
            if fulfilment in ("部分履行", "全部未履行")
            else "",
            liability_pursued="撤销相关许可并记入信用记录"
            if fulfilment in ("部分履行", "全部未履行")
            else "",
            determined_on=d + datetime.timedelta(days=180) if fulfilment else None,
            determining_unit=dept.name if fulfilment else "",
            determining_unit_uscc=dept.uscc if fulfilment else "",
            accepting_unit=dept.name,
            accepting_unit_uscc=dept.uscc,
            disclosure=rng.choices(list(m.Commitment.Disclosure), [0.85, 0.1, 0.05])[0],
        )
        return v

    def _rating(self, ctx, rng, s, j):
        dept = self._department(ctx, rng, s, "rating")
        v = self._base(ctx, rng, s, "rating", j, dept, "评", days_back=2 * 365)
        v.update(
            rating_type="纳税信用等级",
            grade=rng.choices(["A", "B", "M", "C", "D"], [0.25, 0.45, 0.2, 0.07, 0.03])[0],
            scale="A/B/M/C/D",
            agency=dept.name,
            agency_uscc=dept.uscc,
            valid_until=datetime.date(v["decision_date"].year + 1, 12, 31),
        )
        return v

    def _abnormal(self, ctx, rng, s, j):
        dept = self._department(ctx, rng, s, "abnormal")
        v = self._base(ctx, rng, s, "abnormal", j, dept, "异")
        removed = None
        if rng.random() < 0.4:
            removed = v["decision_date"] + datetime.timedelta(days=rng.randint(30, 300))
            removed = removed if removed < ctx.today else None
        v.update(
            reason=rng.choice(
                [
                    "未按照规定期限公示年度报告",
                    "通过登记的住所或者经营场所无法联系",
                    "公示企业信息隐瞒真实情况、弄虚作假",
                ]
            ),
            authority=dept.name,
            authority_uscc=dept.uscc,
            removed_on=removed,
            removal_reason="已补报年度报告并申请移出" if removed else "",
            removal_authority=dept.name if removed else "",
        )
        return v

    def _list_entry(self, ctx, rng, s, lt, j):
        dept = self._department(ctx, rng, s, "list_entry", reference.LIST_AUTHORITY[lt.name])
        v = self._base(ctx, rng, s, "list_entry", j, dept, "名")
        v.update(
            list_type_id=lt.pk,
            reason=f"依据{lt.legal_basis}，认定为{lt.name}",
            basis_document=f"{dept.short_name}认〔{v['decision_date'].year}〕{rng.randint(1, 300)}号",
            deciding_authority=dept.name,
            publish_until=v["decision_date"] + datetime.timedelta(days=365 * lt.default_years),
        )
        return v
