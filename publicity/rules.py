"""What the public may see now: the publication rules, in one place.

Every public page, CSV, count, API response and certificate selects records through
`publishable()`. A record is public when its status is 公示中 and today falls inside its
publication window:

- penalties: from the decision date (or publish_from) to `publication_end`, which the rule
  version in force on the decision date sets by class (records.periods: the maximum period,
  or the reported 公示截止期 when earlier); a class those rules do not publish (轻微 under
  国家发展改革委令第36号, a warning alone under SAMR 令45号) has none and is never public.
  A penalty may be repaired from its `repair_from` (the minimum period);
- permits, confirmations, filings and qualifications (stock kinds): while valid;
- list entries: while listed (not removed) and to publish_until, or for the list type's
  default years (纳税信用A级纳税人 one year; most lists three);
- abnormal operations: until removed (or to publish_until when one was reported);
- ratings: while valid, and, for a rating a registered agency issued, while the agency's
  备案 is 正常 (a suspended or cancelled agency's ratings leave every public page, the
  credit-check API and new certificates and reports at once, and come back if it is restored);
- commitments: only when 公开类型 is 可向社会公开 — for the public; government systems (the
  credit-check API, audience=GOVERNMENT) also see 特定范围内公开;
- everything else: to publish_until, or three years from the decision date.

Withdrawn, repaired and expired records are never public, whatever their dates; nor are
records staff entered by hand until a reviewer approves them (草稿, 待审核, 已退回): only the
status 公示中 is ever public. `window_ended_q` is the same windows turned around, for the
expiry command (records/management/commands/expire_publications.py).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Q, QuerySet

from records.models import (
    AbnormalOperation,
    AdministrativeAction,
    Commitment,
    ListEntry,
    MeasureCase,
    Penalty,
    Permit,
    Rating,
    RatingAgency,
    RecordStatus,
    Subject,
)
from records.models.actions import ActionKind
from records.visibility import GOVERNMENT, PUBLIC, today

DEFAULT_WINDOW_YEARS = 3
# List entries without publish_until stay for their list type's default years, capped here.
MAX_LIST_YEARS = 10
# Who is looking (PUBLIC, GOVERNMENT) and the day (today) are defined in records.visibility,
# through which records applies these rules without importing publicity.
__all__ = ["GOVERNMENT", "PUBLIC", "publishable", "today", "visible_q", "window_ended_q"]
# Kinds that are public while valid rather than for a fixed window.
STOCK_ACTION_KINDS = {ActionKind.CONFIRMATION, ActionKind.FILING, ActionKind.QUALIFICATION}


def penalty_public_until(penalty) -> datetime.date | None:
    """Last day a penalty is public (None: the rules in force on its decision date do not publish it)."""
    return penalty.publication_end


def repair_allowed_from(record) -> datetime.date | None:
    """可申请修复日期: the first day the subject may apply for credit repair of this record
    (the end of the minimum period of the rules in force on its decision date); None when
    the rules set no minimum (list entries follow their list type's exit conditions)."""
    if isinstance(record, Penalty):
        return record.repair_from
    return None


def _started(on: datetime.date) -> Q:
    return Q(decision_date__lte=on) & (Q(publish_from__isnull=True) | Q(publish_from__lte=on))


# A window's last day is public: decision date + N months is still shown, the day after is not.


def _until_or_default(on: datetime.date, years: int = DEFAULT_WINDOW_YEARS) -> Q:
    return Q(publish_until__gte=on) | Q(
        publish_until__isnull=True, decision_date__gte=on - relativedelta(years=years)
    )


def _list_entry_window(on: datetime.date) -> Q:
    """To publish_until, or the list type's default years (1 to 10) from the entry date."""
    window = Q(publish_until__gte=on)
    for years in range(1, MAX_LIST_YEARS + 1):
        years_q = (
            Q(list_type__default_years__gte=years)
            if years == MAX_LIST_YEARS
            else Q(list_type__default_years=years)
        )
        window |= Q(publish_until__isnull=True, decision_date__gte=on - relativedelta(years=years)) & years_q
    return window


def _penalty_window(on: datetime.date) -> Q:
    return Q(publication_end__gte=on)


def _not_removed(on: datetime.date) -> Q:
    return Q(removed_on__isnull=True) | Q(removed_on__gt=on)


def _valid(on: datetime.date) -> Q:
    return Q(valid_until__isnull=True) | Q(valid_until__gte=on)


def _window(model, on: datetime.date) -> Q:
    """The time part of the rules: inside the publication window (or still valid/listed)."""
    if issubclass(model, Penalty):
        return _penalty_window(on)
    if issubclass(model, Permit):
        return _valid(on) & (Q(publish_until__isnull=True) | Q(publish_until__gte=on))
    if issubclass(model, ListEntry):
        return _not_removed(on) & _list_entry_window(on)
    if issubclass(model, AbnormalOperation):
        return _not_removed(on) & (Q(publish_until__isnull=True) | Q(publish_until__gte=on))
    if issubclass(model, Rating):
        return _valid(on) & (Q(publish_until__isnull=True) | Q(publish_until__gte=on))
    if issubclass(model, AdministrativeAction):
        stock = (
            Q(action_kind__in=STOCK_ACTION_KINDS)
            & _valid(on)
            & (Q(publish_until__isnull=True) | Q(publish_until__gte=on))
        )
        other = ~Q(action_kind__in=STOCK_ACTION_KINDS) & _until_or_default(on)
        return stock | other
    return _until_or_default(on)


def _conditions(model, audience: str) -> Q:
    """What else a record must be to be public, whatever the date."""
    if issubclass(model, Permit):
        return Q(current_state=Permit.State.VALID)
    if issubclass(model, Commitment):
        if audience == GOVERNMENT:
            return Q(disclosure__in=[Commitment.Disclosure.PUBLIC, Commitment.Disclosure.RESTRICTED])
        return Q(disclosure=Commitment.Disclosure.PUBLIC)
    if issubclass(model, Rating):
        return Q(rating_agency__isnull=True) | Q(rating_agency__status=RatingAgency.Status.ACTIVE)
    return Q()


def visible_q(model, on: datetime.date | None = None, audience: str = PUBLIC) -> Q:
    """The Q of records of `model` the audience may see on day `on` (today by default)."""
    on = on or today()
    return Q(status=RecordStatus.PUBLISHED) & _started(on) & _window(model, on) & _conditions(model, audience)


def window_ended_q(model, on: datetime.date | None = None) -> Q:
    """Published records of `model` whose publication window has ended by day `on`."""
    on = on or today()
    return Q(status=RecordStatus.PUBLISHED) & _started(on) & ~_window(model, on)


def publishable(model_or_qs, on: datetime.date | None = None, audience: str = PUBLIC) -> QuerySet:
    """Records the audience (the public by default) may see now, from a model or a queryset."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs.objects.all()
    return qs.filter(visible_q(qs.model, on, audience))


def is_publishable(record, on: datetime.date | None = None) -> bool:
    return type(record).objects.filter(pk=record.pk).filter(visible_q(type(record), on)).exists()


# ---------------------------------------------------------------------------- subjects


def listed_persons(on: datetime.date | None = None) -> QuerySet:
    """Natural persons on a publishable red or black list entry: the only persons the public sees."""
    listed = Exists(publishable(ListEntry, on).filter(subject=OuterRef("pk")))
    return Subject.objects.filter(listed, kind=Subject.Kind.PERSON)


def public_subjects(qs: QuerySet | None = None) -> QuerySet:
    """Subjects with a public face (profile, certificate, search hit): every organisation and
    individual business, and natural persons only while listed. Every route that shows a
    subject goes through this, so an unlisted person is "not found" everywhere."""
    qs = Subject.objects.all() if qs is None else qs
    return qs.filter(~Q(kind=Subject.Kind.PERSON) | Q(pk__in=listed_persons().values("pk")))


def is_public_subject(subject) -> bool:
    if not subject.is_person:
        return True
    return listed_persons().filter(pk=subject.pk).exists()


# ---------------------------------------------------------------------------- typical cases


def public_measure_cases() -> QuerySet:
    """联合奖惩典型案例 the credit office published (records.services.cases checked their texts
    for personal data then); the name of a natural person a case is about is never shown."""
    return (
        MeasureCase.objects.filter(published_at__isnull=False)
        .select_related("department", "measure")
        .order_by("-month", "-published_at", "-id")
    )
