"""The public credit search: what a query means, which subjects match, in which order.

A query is one of
- a 统一社会信用代码 (18 characters; any case, stray spaces allowed): exact match;
- a 工商注册号 (15 digits): exact match;
- a name fragment of at least 2 characters: organisations and individual businesses whose name
  contains it. Natural persons are found only by their full name, and only while they are on a
  publishable red or black list entry.

Ranking: exact code, then exact name, then names starting with the query, then other names
containing it; within a tier, shorter names first, then by name.

A very common fragment ("陕西", "有限") matches hundreds of thousands of names. Ranking them all
would cost a sort of every match on every page view, so at most MAX_RESULTS candidates are
ranked: the exact-name and prefix tiers are fetched separately so they are never crowded out,
and the page says the result was cut and asks for a more complete name.

On PostgreSQL the fragment match uses the bigram GIN index of records migration 0003 (see its
docstring for why not pg_trgm); elsewhere it is a plain case-insensitive LIKE.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, QuerySet, TextField, Value
from django.utils.translation import gettext as _

from publicity.rules import publishable
from records.codes import normalize_code, validate_uscc
from records.models import ListEntry, Subject

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


def name_contains(qs: QuerySet, fragment: str) -> QuerySet:
    """Subjects whose name contains `fragment` (case-insensitive), index-assisted on PostgreSQL."""
    if connection.vendor == "postgresql" and len(fragment) >= MIN_FRAGMENT:
        # Index lookup on the bigram set. For a 2-character fragment containing its only bigram
        # *is* containing the fragment; longer ones are rechecked as a substring below. Leaving
        # the recheck out for two characters also lets the planner see how common the fragment
        # is ("有限" is in 70% of names: a sequential scan finds the first page at once).
        qs = qs.alias(_name_bigrams=_bigrams(F("name"))).filter(
            _name_bigrams__contains=_bigrams(Value(fragment))
        )
        if len(fragment) == MIN_FRAGMENT:
            return qs
    return qs.filter(name__icontains=fragment)


def matching_subject_ids(fragment: str) -> QuerySet:
    """Ids of organisations whose name contains the fragment (a queryset; slice it)."""
    return name_contains(Subject.objects.exclude(kind=Subject.Kind.PERSON), fragment).values_list(
        "id", flat=True
    )


@dataclass
class Candidate:
    id: int
    name: str
    tier: int

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


def _candidates(query: Query) -> tuple[list[Candidate], bool]:
    orgs = Subject.objects.exclude(kind=Subject.Kind.PERSON)
    rows: dict[int, str] = {}
    truncated = False
    if query.mode == Mode.USCC:
        rows.update(orgs.filter(uscc=query.code).values_list("id", "name"))
    elif query.mode == Mode.REG_NO:
        rows.update(orgs.filter(reg_no=query.code).values_list("id", "name")[:MAX_RESULTS])
    else:
        fragment = list(name_contains(orgs, query.text).values_list("id", "name")[: MAX_RESULTS + 1])
        if len(fragment) > MAX_RESULTS:
            # Too many to rank: make sure exact and prefix matches are among the candidates.
            truncated = True
            rows.update(orgs.filter(name=query.text).values_list("id", "name")[:MAX_RESULTS])
            rows.update(orgs.filter(name__startswith=query.text).values_list("id", "name")[:MAX_RESULTS])
        for pk, name in fragment:
            if len(rows) >= MAX_RESULTS:
                break
            rows.setdefault(pk, name)
        listed = Exists(publishable(ListEntry).filter(subject=OuterRef("pk")))
        rows.update(
            Subject.objects.filter(listed, kind=Subject.Kind.PERSON, name=query.text).values_list(
                "id", "name"
            )
        )
    candidates = sorted(
        (Candidate(pk, name, _tier(name, query)) for pk, name in rows.items()), key=Candidate.sort_key
    )
    return candidates[:MAX_RESULTS], truncated


def search_subjects(query: Query, page_number=None) -> SearchResult:
    """Rank the matching subjects and load one page of them (with region)."""
    result = SearchResult(query=query)
    if not query.is_searchable:
        return result
    candidates, result.truncated = _candidates(query)
    result.total = len(candidates)
    page = Paginator([c.id for c in candidates], PAGE_SIZE).get_page(page_number)
    by_id = Subject.objects.select_related("region").in_bulk(list(page.object_list))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    result.page = page
    result.subjects = page.object_list
    return result
