"""Checks every channel applies before a record is written (push API, upload page,
`import_records` through records.ingest.services; the admin form through records.forms):

- the deciding authority (处罚机关, 许可机关 …, see KindSpec.authority) and its code are the
  reporting department or one it is delegated to report for (Delegation);
- the subject name and code as typed match the subject the row resolves to;
- a field corrected through an objection (异议申诉) is not set back ("与异议处理结果冲突");
- a rating agency's token reports ratings only in the agency's own name, with grades on the
  scales the agency registered, and never rewrites a rating someone else reported (and a
  department never rewrites an agency's rating).

Each check is set-based: the database is asked once per batch, never once per row.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from records.models import CorrectionConflict, Delegation, Department, Objection, Rating, RatingAgency
from records.models.ratings import normalize_scale, scale_grades

CONFLICT_CODE = "correction_conflict"
CONFLICT_STATUS = "与异议处理结果冲突"


@dataclass(frozen=True)
class Problem:
    attr: str
    message: str
    code: str = ""


def comparable_name(text) -> str:
    """Names compare without spaces and with full-width brackets (（） and () are the same)."""
    text = "".join(str(text or "").split())
    return text.replace("(", "（").replace(")", "）")


# ---------------------------------------------------------------------------------- authorities


def allowed_authorities(department, on) -> list:
    """The reporting department and the departments it reports for on `on` (one query)."""
    delegated = Delegation.objects.filter(reporting_department=department, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    others = Department.objects.filter(pk__in=delegated.values("on_behalf_of")).exclude(pk=department.pk)
    return [department, *others]


def authority_problems(authority: tuple | None, allowed: list, values: dict) -> list[Problem]:
    if not authority or not allowed:
        return []
    name_attr, code_attr = authority
    department = allowed[0]
    name = values.get(name_attr) or ""
    code = (values.get(code_attr) or "") if code_attr else ""
    if code_attr and code:
        match = next((d for d in allowed if d.uscc == code), None)
        if match is None:
            return [
                Problem(
                    code_attr,
                    _(
                        "%(code)s 不是报送部门（%(dept)s，%(own)s）或其受托报送部门的代码：只能报送本部门或受托部门作出的决定"
                    )
                    % {"code": code, "dept": department.name, "own": department.uscc},
                )
            ]
        if name and comparable_name(name) not in {
            comparable_name(match.name),
            comparable_name(match.short_name),
        }:
            return [
                Problem(
                    name_attr,
                    _("“%(name)s”与代码 %(code)s 对应的部门“%(dept)s”不一致")
                    % {"name": name[:60], "code": code, "dept": match.name},
                )
            ]
        return []
    if name and not any(
        comparable_name(name) in {comparable_name(d.name), comparable_name(d.short_name)} for d in allowed
    ):
        return [
            Problem(
                name_attr,
                _("“%(name)s”不是报送部门（%(dept)s）或其受托报送的部门：只能报送本部门或受托部门作出的决定")
                % {"name": name[:60], "dept": department.name},
            )
        ]
    return []


# ---------------------------------------------------------------------------------- rating agencies


def agency_problems(agency, values: dict) -> list[Problem]:
    """A registered agency's rating: its name and code are the agency's own (filled in when
    left empty), and the grade is on one of its registered scales. Sets `values` to the agency's
    name, code, canonical scale and `rating_agency_id` when there is no problem."""
    problems = []
    name = values.get("agency") or ""
    code = (values.get("agency_uscc") or "").strip().upper()
    if name and comparable_name(name) != comparable_name(agency.name):
        problems.append(
            Problem(
                "agency",
                _("“%(name)s”不是本令牌所属的评价机构“%(agency)s”：评价机构只能以本机构名义报送评价结果")
                % {"name": name[:60], "agency": agency.name},
            )
        )
    if code and code != agency.uscc:
        problems.append(
            Problem(
                "agency_uscc",
                _("%(code)s 不是本令牌所属评价机构“%(agency)s”的统一社会信用代码 %(own)s")
                % {"code": code, "agency": agency.name, "own": agency.uscc},
            )
        )
    registered = agency.scale_list()
    scale = normalize_scale(values.get("scale") or "")
    if scale not in registered:
        problems.append(
            Problem(
                "scale",
                _("等级体系“%(scale)s”不是评价机构“%(agency)s”备案的等级体系（已备案：%(list)s）")
                % {
                    "scale": str(values.get("scale") or "")[:60],
                    "agency": agency.name,
                    "list": "；".join(registered) or _("无"),
                },
            )
        )
    elif str(values.get("grade") or "").strip().upper() not in scale_grades(scale):
        problems.append(
            Problem(
                "grade",
                _("信用等级“%(grade)s”不在等级体系“%(scale)s”中")
                % {"grade": str(values.get("grade") or "")[:10], "scale": scale},
            )
        )
    if not problems:
        values.update(
            agency=agency.name,
            agency_uscc=agency.uscc,
            scale=scale,
            grade=str(values.get("grade")).strip().upper(),
            rating_agency_id=agency.pk,
        )
    return problems


def registered_agency_problems(rows_values: list[dict]) -> dict[int, Problem]:
    """{index: problem} of ratings a department reports in the name of a registered agency
    (by its code): those come only from the agency's own token (one query)."""
    codes = {str(v.get("agency_uscc") or "").strip().upper() for v in rows_values} - {""}
    if not codes:
        return {}
    registered = dict(RatingAgency.objects.filter(uscc__in=codes).values_list("uscc", "name"))
    out = {}
    for i, v in enumerate(rows_values):
        code = str(v.get("agency_uscc") or "").strip().upper()
        if code in registered:
            out[i] = Problem(
                "agency_uscc",
                _("%(code)s 是备案评价机构“%(name)s”的代码：其评价结果只能由该机构以本机构的接口令牌报送")
                % {"code": code, "name": registered[code]},
            )
    return out


def rating_owners(department, docs: list[str]) -> dict:
    """{document number: registered agency id or None} of the department's existing ratings with
    these numbers (one query)."""
    if not docs:
        return {}
    return dict(
        Rating._base_manager.filter(department=department, document_number__in=docs).values_list(
            "document_number", "rating_agency_id"
        )
    )


def rating_owner_problem(agency, owner_id) -> Problem | None:
    """A rating may be re-sent only by whoever reported it: the same agency, or departments
    (for ratings no agency reported)."""
    mine = agency.pk if agency is not None else None
    if owner_id == mine:
        return None
    if agency is None:
        return Problem("document_number", _("该评价结果编号的记录由备案评价机构报送，部门不能修改"))
    return Problem(
        "document_number",
        _("该评价结果编号已由其他单位报送，评价机构“%(agency)s”不能修改") % {"agency": agency.name},
    )


# ---------------------------------------------------------------------------------- subject identity


def subject_name_problem(reported: str, registered: str, code_label: str, code: str) -> Problem | None:
    if comparable_name(reported) == comparable_name(registered):
        return None
    return Problem(
        "subject_name",
        _("“%(name)s”与%(label)s %(code)s 登记的主体名称“%(registered)s”不一致，请核对名称和代码")
        % {"name": reported[:60], "label": code_label, "code": code, "registered": registered},
    )


def chosen_subject_problems(subject, values: dict) -> list[Problem]:
    """The admin form: the typed name and code must be the chosen 信用主体's."""
    problems = []
    if subject.kind == subject.Kind.PERSON:
        number = (values.get("id_number") or "").strip().upper()
        if not number:
            problems.append(Problem("id_number", _("信用主体为自然人时必填")))
        elif subject.id_number and number != subject.id_number:
            problems.append(Problem("id_number", _("与所选信用主体的证件号码不一致")))
        code_label, code = _("证件号码"), number
    else:
        uscc = (values.get("subject_uscc") or "").strip().upper()
        if not uscc:
            problems.append(
                Problem("subject_uscc", _("必填，不能为空（国家标准要求法人及非法人组织、个体工商户填写）"))
            )
        elif subject.uscc and uscc != subject.uscc:
            problems.append(
                Problem(
                    "subject_uscc",
                    _("与所选信用主体“%(name)s”的统一社会信用代码 %(code)s 不一致")
                    % {"name": subject.name, "code": subject.uscc},
                )
            )
        code_label, code = _("统一社会信用代码"), subject.uscc
    problem = subject_name_problem(values.get("subject_name") or "", subject.name, code_label, code)
    if problem is not None:
        problems.append(problem)
    return problems


# ---------------------------------------------------------------------------------- corrections


def protected_fields(kind: str, record_ids) -> dict:
    """{record id: {field name: (corrected JSON value, objection)}} of fields corrected through
    objections, the latest correction of a field winning (one query)."""
    if not record_ids:
        return {}
    out: dict = {}
    for objection in (
        Objection.objects.filter(
            record_kind=kind, record_id__in=list(record_ids), status=Objection.Status.CORRECTED
        )
        .only("id", "number", "record_id", "correction")
        .order_by("closed_at", "id")
    ):
        for name, change in (objection.correction or {}).items():
            if isinstance(change, list) and len(change) == 2:
                out.setdefault(objection.record_id, {})[name] = (change[1], objection)
    return out


def _same(field, corrected, attempted) -> bool:
    if corrected in (None, "") and attempted in (None, ""):
        return True
    try:
        corrected = field.to_python(corrected)
    except Exception:  # a value the field no longer accepts: compare as text
        return str(corrected) == str(attempted)
    return corrected == attempted


def correction_problems(model, protected: dict, values: dict) -> list[tuple[Problem, object, str, str]]:
    """(problem, objection, corrected, attempted) for each protected field `values` sets back."""
    out = []
    for name, (corrected, objection) in protected.items():
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field removed since
            continue
        if field.attname not in values:
            continue
        attempted = values[field.attname]
        if _same(field, corrected, attempted):
            continue
        shown = "" if corrected is None else str(corrected)
        message = _(
            "%(status)s：该字段已由异议申诉 %(number)s 更正为“%(value)s”，不能再改为“%(attempted)s”"
        ) % {
            "status": CONFLICT_STATUS,
            "number": objection.number,
            "value": shown[:60],
            "attempted": ("" if attempted is None else str(attempted))[:60],
        }
        out.append((Problem(field.attname, message, CONFLICT_CODE), objection, shown, attempted))
    return out


def record_conflicts(kind: str, department, found: list, *, channel: str, batch=None, user=None) -> None:
    """Keep refused reverts in the list of conflicts; `found` is [(record id, record text, model,
    (problem, objection, corrected, attempted))]. One INSERT."""
    if not found:
        return
    CorrectionConflict.objects.bulk_create(
        CorrectionConflict(
            record_kind=kind,
            record_id=record_id,
            record_repr=str(text)[:300],
            department_id=department.pk,
            objection=objection,
            field=problem.attr,
            field_label=str(_label(model, problem.attr))[:100],
            corrected_value=corrected,
            attempted_value="" if attempted is None else str(attempted),
            channel=channel,
            batch=batch,
            user=user,
        )
        for record_id, text, model, (problem, objection, corrected, attempted) in found
    )


def _label(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.verbose_name
    return attname


def form_problems(model, kind: str, department, subject, values: dict, record_id, on, *, user=None) -> list:
    """All checks for one record typed in the admin form (`values`: {attname: value})."""
    from records.ingest.fields import KIND_SPECS

    problems = []
    spec = KIND_SPECS.get(kind)
    if spec is not None and spec.authority and department is not None:
        problems += authority_problems(spec.authority, allowed_authorities(department, on), values)
    if subject is not None:
        problems += chosen_subject_problems(subject, values)
    if kind == "rating":
        # A registered agency's rating stays in its name and on its scales, edited by hand too;
        # nobody else types a rating in a registered agency's name.
        rating = Rating._base_manager.select_related("rating_agency").filter(pk=record_id).first()
        if rating is not None and rating.rating_agency is not None:
            problems += agency_problems(rating.rating_agency, dict(values))
        else:
            problems += list(registered_agency_problems([values]).values())
    if record_id:
        protected = protected_fields(kind, [record_id]).get(record_id, {})
        found = correction_problems(model, protected, values)
        if found and department is not None:
            text = f"{values.get('subject_name', '')} {values.get('document_number', '')}"
            record_conflicts(
                kind, department, [(record_id, text, model, f) for f in found], channel="admin", user=user
            )
        problems += [f[0] for f in found]
    return problems
