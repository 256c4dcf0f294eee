"""The public credit search: what a query means, which subjects match, in which order.

A query is one of
- a 统一社会信用代码 (18 characters; any case, stray spaces allowed): exact match;
- a 工商注册号 (15 digits): exact match;
- a name fragment of at least 2 characters: organisations and individual businesses whose name
  contains it. Natural persons are found only by their full name, and only while they are on a
  publishable red or black list entry.

Ranking: exact code, then exact name, then names starting with the query, then other names
containing it; within a tier, shorter names first, then by name. The visitor may sort by name or
by date of establishment instead, and narrow the matches (SearchFilters) by region, kind of
subject, registration status and whether the subject has publishable penalties or list entries;
the filters apply in the database before the MAX_RESULTS cut, so a narrow filter on a common
fragment still finds every match.

A very common fragment ("陕西", "有限") matches hundreds of thousands of names. Ranking them all
would cost a sort of every match on every page view, so at most MAX_RESULTS candidates are
ranked: the exact-name and prefix tiers are fetched separately so they are never crowded out,
and the page says the result was cut and asks for a more complete name.

On PostgreSQL the fragment match uses the bigram GIN index of records migration 0003 (see its
docstring for why not pg_trgm); elsewhere it is a plain case-insensitive LIKE.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayContains
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField, Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publicity.rules import listed_persons, publishable
from records.codes import normalize_code, validate_uscc
from records.models import ListEntry, Penalty, Region, Subject

MIN_FRAGMENT = 2
MAX_QUERY_LENGTH = 100
MAX_RESULTS = 1000
PAGE_SIZE = 20

USCC_SHAPE = re.compile(r"^[0-9A-Z]{18}$")
# Something that looks like a mistyped code (mostly digits, wrong length) rather than a name.
CODE_LIKE = re.compile(r"^(?=(?:.*\d){6})[0-9A-Z]{10,30}$")
REG_NO_SHAPE = re.compile(r"^\d{15}$")
# Spaces next to a Chinese character are stray (names are written without them); spaces between
# Latin words are part of the name.
CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+|\s+(?=[\u3000-\u9fff\uff00-\uffef])")


class Mode:
    USCC = "uscc"
    REG_NO = "reg_no"
    NAME = "name"


@dataclass
class Query:
    text: str = ""  # the query as shown back to the user (whitespace collapsed)
    code: str = ""  # normalised code (upper case, no spaces)
    mode: str = ""
    error: str = ""

    @property
    def is_searchable(self) -> bool:
        return bool(self.mode) and not self.error


def parse_query(raw: str | None) -> Query:
    # Control characters (a NUL byte is refused by PostgreSQL) are never part of a name.
    printable = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    text = " ".join(printable.split())
    if not text:
        return Query()
    if len(text) > MAX_QUERY_LENGTH:
        return Query(
            text=text[:MAX_QUERY_LENGTH],
            error=_("查询内容过长：请输入不超过%(n)d个字的企业名称，或18位统一社会信用代码。")
            % {"n": MAX_QUERY_LENGTH},
        )
    code = normalize_code(text)
    if USCC_SHAPE.match(code) or (CODE_LIKE.match(code) and not REG_NO_SHAPE.match(code)):
        try:
            code = validate_uscc(code)
        except ValidationError as exc:
            return Query(
                text=text, code=code, error=_("%(msg)s，请核对后重新输入。") % {"msg": exc.messages[0]}
            )
        return Query(text=text, code=code, mode=Mode.USCC)
    if REG_NO_SHAPE.match(code):
        return Query(text=text, code=code, mode=Mode.REG_NO)
    if len(CJK_SPACE.sub("", text)) < MIN_FRAGMENT:
        return Query(
            text=text,
            error=_("请输入至少%(n)d个字的企业名称，或18位统一社会信用代码。") % {"n": MIN_FRAGMENT},
        )
    return Query(text=CJK_SPACE.sub("", text), mode=Mode.NAME)


def _bigrams(expression) -> Func:
    return Func(expression, function="records_name_bigrams", output_field=ArrayField(TextField()))


def text_contains_q(field: str, fragment: str) -> Q:
    """Rows whose `field` contains `fragment` (case-insensitive), as a Q that PostgreSQL answers
    from a GIN index on records_name_bigrams(field) (records migrations 0006 and the penalty
    fact index). For a 2-character fragment containing its only bigram *is* containing the
    fragment; longer ones are rechecked as a substring. Leaving the recheck out for two
    characters also lets the planner see how common the fragment is ("有限" is in 70% of names:
    a sequential scan finds the first page at once)."""
    if connection.vendor == "postgresql" and len(fragment) >= MIN_FRAGMENT:
        indexed = Q(ArrayContains(_bigrams(F(field)), _bigrams(Value(fragment))))
        if len(fragment) == MIN_FRAGMENT:
            return indexed
        return indexed & Q(**{f"{field}__icontains": fragment})
    return Q(**{f"{field}__icontains": fragment})


def name_contains(qs: QuerySet, fragment: str) -> QuerySet:
    """Subjects whose name contains `fragment` (case-insensitive), index-assisted on PostgreSQL."""
    return qs.filter(text_contains_q("name", fragment))


def matching_subject_ids(fragment: str) -> QuerySet:
    """Ids of organisations whose name contains the fragment (a queryset; slice it)."""
    return name_contains(Subject.objects.exclude(kind=Subject.Kind.PERSON), fragment).values_list(
        "id", flat=True
    )


def persons_by_full_name(name: str) -> QuerySet:
    """The only way the public finds a natural person: the full name, while listed. Search, the
    columns' keyword and open data's `q` all go through this."""
    return listed_persons().filter(name=name)


def _region_choices():
    return [("", gettext_lazy("全部地区"))] + list(
        Region.objects.filter(level__in=[Region.Level.PROVINCE, Region.Level.CITY]).values_list(
            "code", "name"
        )
    )


class SearchFilters(forms.Form):
    """What narrows or orders a search (GET parameters beside `q`); an invalid value is ignored."""

    FLAGS = {
        "penalty": gettext_lazy("含行政处罚信息"),
        "black": gettext_lazy("黑名单主体"),
        "red": gettext_lazy("红名单主体"),
    }
    SORTS = {
        "": gettext_lazy("相关度"),
        "name": gettext_lazy("名称"),
        "-established": gettext_lazy("成立日期（最新在前）"),
        "established": gettext_lazy("成立日期（最早在前）"),
    }

    region = forms.ChoiceField(label=gettext_lazy("所属地区"), required=False, choices=_region_choices)
    kind = forms.ChoiceField(
        label=gettext_lazy("主体类别"),
        required=False,
        choices=[("", gettext_lazy("全部类别")), *Subject.Kind.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("登记状态"),
        required=False,
        choices=[("", gettext_lazy("全部状态")), *Subject.Status.choices],
    )
    flag = forms.ChoiceField(
        label=gettext_lazy("信用记录"),
        required=False,
        choices=[("", gettext_lazy("不限")), *FLAGS.items()],
    )
    sort = forms.ChoiceField(label=gettext_lazy("排序"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @property
    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}

    @property
    def is_narrowed(self) -> bool:
        return any(self.values.get(name) for name in ("region", "kind", "status", "flag"))

    def apply(self, qs: QuerySet) -> QuerySet:
        values = self.values
        if region := values.get("region"):
            qs = qs.filter(Q(region__code=region) | Q(region__parent__code=region))
        if kind := values.get("kind"):
            qs = qs.filter(kind=kind)
        if status := values.get("status"):
            qs = qs.filter(status=status)
        flag = values.get("flag")
        if flag == "penalty":
            qs = qs.filter(Exists(publishable(Penalty).filter(subject=OuterRef("pk"))))
        elif flag in ("black", "red"):
            qs = qs.filter(
                Exists(publishable(ListEntry).filter(subject=OuterRef("pk"), list_type__polarity=flag))
            )
        return qs

    def sort_key(self):
        sort = self.values.get("sort", "")
        if sort == "name":
            return lambda c: (c.name, c.id)
        if sort in ("established", "-established"):
            newest_first = sort.startswith("-")

            def by_established(c):
                missing = c.established_on is None
                ordinal = c.established_on.toordinal() if c.established_on else 0
                return (missing, -ordinal if newest_first else ordinal, c.id)

            return by_established
        return Candidate.sort_key


@dataclass
class Candidate:
    id: int
    name: str
    tier: int
    established_on: object = None

    def sort_key(self):
        return (self.tier, len(self.name), self.name, self.id)


@dataclass
class SearchResult:
    query: Query
    page: Page | None = None
    total: int = 0
    truncated: bool = False
    subjects: list = field(default_factory=list)


def _tier(name: str, query: Query) -> int:
    if query.mode in (Mode.USCC, Mode.REG_NO):
        return 0
    folded, text = name.casefold(), query.text.casefold()
    if folded == text:
        return 1
    if folded.startswith(text):
        return 2
    return 3


ROW = ("id", "name", "established_on")


def _candidates(query: Query, filters: SearchFilters) -> tuple[list[Candidate], bool]:
    orgs = filters.apply(Subject.objects.exclude(kind=Subject.Kind.PERSON))
    rows: dict[int, tuple] = {}
    truncated = False

    def add(qs, limit=MAX_RESULTS):
        for pk, *rest in qs.values_list(*ROW)[:limit]:
            rows.setdefault(pk, rest)

    if query.mode == Mode.USCC:
        add(orgs.filter(uscc=query.code))
    elif query.mode == Mode.REG_NO:
        add(orgs.filter(reg_no=query.code))
    else:
        fragment = list(name_contains(orgs, query.text).values_list(*ROW)[: MAX_RESULTS + 1])
        if len(fragment) > MAX_RESULTS:
            # Too many to rank: make sure exact and prefix matches are among the candidates.
            truncated = True
            add(orgs.filter(name=query.text))
            add(orgs.filter(name__startswith=query.text))
        for pk, *rest in fragment:
            if len(rows) >= MAX_RESULTS:
                break
            rows.setdefault(pk, rest)
        add(filters.apply(persons_by_full_name(query.text)))
    candidates = sorted(
        (Candidate(pk, name, _tier(name, query), established) for pk, (name, established) in rows.items()),
        key=Candidate.sort_key,
    )[:MAX_RESULTS]
    return sorted(candidates, key=filters.sort_key()), truncated


def search_subjects(query: Query, page_number=None, filters: SearchFilters | None = None) -> SearchResult:
    """Rank the matching subjects and load one page of them (with region)."""
    result = SearchResult(query=query)
    if not query.is_searchable:
        return result
    candidates, result.truncated = _candidates(query, filters or SearchFilters())
    result.total = len(candidates)
    page = Paginator([c.id for c in candidates], PAGE_SIZE).get_page(page_number)
    by_id = Subject.objects.select_related("region").in_bulk(list(page.object_list))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    result.page = page
    result.subjects = page.object_list
    return result
