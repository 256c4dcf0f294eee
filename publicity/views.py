from urllib.parse import quote, urlencode

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.httpcache import public_page
from portal.paginator import CappedPaginator
from publicity import exports
from publicity.appeals.marks import is_under_objection, objection_marks
from publicity.columns import COLUMNS, column_for
from publicity.filters import FILTERS, KEYWORD_MAX_SUBJECTS
from publicity.rules import is_public_subject
from publicity.search import SearchFilters, parse_query, search_subjects
from publicity.selectors import (
    badges_for,
    measures_for_entry,
    public_record,
    subject_by_key,
    subject_profile,
)
from publicity.tables import record_table
from records.appeals.repairs import REPAIRABLE_KINDS
from records.kinds import RECORD_KINDS

COLUMN_PAGE_SIZE = 20


def not_found(request, message: str):
    """A 404 page that says why (the site-wide handler shows a generic message)."""
    return render(request, "404.html", {"message": message}, status=404)


@public_page
def search(request):
    query = parse_query(request.GET.get("q"))
    filters = SearchFilters(request.GET)
    result = search_subjects(query, request.GET.get("page"), filters)
    badges = badges_for(s.pk for s in result.subjects)
    rows = [(s, badges.get(s.pk, [])) for s in result.subjects]
    return render(
        request,
        "publicity/search.html",
        {
            "query": query,
            "filters": filters,
            "result": result,
            "rows": rows,
            "query_string": urlencode({"q": query.text, **filters.values}),
        },
    )


@public_page
def subject(request, key):
    found = subject_by_key(key)
    if found is None:
        return not_found(request, _("未找到该信用主体，请检查统一社会信用代码，或通过信用查询按名称查找。"))
    return render(request, "publicity/subject.html", {"profile": subject_profile(found), "subject": found})


@public_page
def record(request, kind, pk):
    found = public_record(kind, pk)
    if found is None:
        return not_found(request, _("该信用记录不存在，或已不在公示期内（公示期满、被撤销或已信用修复）。"))
    measures = measures_for_entry(found) if found.kind == "list_entry" else []
    subject, column = found.subject, column_for(found)
    # The repair and objection forms open filled in with this record (publicity.appeals.views).
    prefill = urlencode({"record": f"{found.kind}:{found.pk}"})
    return render(
        request,
        "publicity/record.html",
        {
            "record": found,
            # A list entry is titled by its list (红名单 / 黑名单), other records by their kind.
            "kind_label": column.label if found.kind == "list_entry" else RECORD_KINDS[found.kind].label,
            "column": column,
            "measures": measures,
            "under_objection": is_under_objection(found),
            "repairable": found.kind in REPAIRABLE_KINDS,
            "prefill": prefill,
            # A natural person has a profile only while listed (publicity.rules.is_public_subject).
            "show_subject_link": is_public_subject(subject),
        },
    )


@public_page
def column_index(request):
    return render(request, "publicity/column_index.html", {"columns": COLUMNS.values()})


def _column_and_filter(request, slug):
    column = COLUMNS.get(slug)
    if column is None:
        raise Http404
    filterset = FILTERS[slug](request.GET or None, queryset=column.queryset())
    return column, filterset


@public_page
def column(request, slug):
    if slug not in COLUMNS:
        return not_found(request, _("没有这个信用公示栏目。"))
    if request.GET.get("format") == "csv":
        return column_export(request, slug)
    column, filterset = _column_and_filter(request, slug)
    page = CappedPaginator(column.for_table(filterset.qs), COLUMN_PAGE_SIZE).get_page(request.GET.get("page"))
    table = record_table(
        page.object_list,
        column.model,
        column.summary,
        column.date_label,
        column.label,
        show_subject=True,
        marked=objection_marks(page.object_list),
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "publicity/column.html",
        {
            "column": column,
            "columns": COLUMNS.values(),
            "filter": filterset,
            "page": page,
            "table": table,
            "query_string": params.urlencode(),
            "csv_max_rows": exports.max_rows(),
            "keyword_max": KEYWORD_MAX_SUBJECTS,
        },
    )


def column_export(request, slug):
    column, filterset = _column_and_filter(request, slug)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response = StreamingHttpResponse(
        exports.csv_rows(column, column.for_export(filterset.qs)), content_type="text/csv; charset=utf-8"
    )
    # ASCII fallback name plus the RFC 5987 UTF-8 name browsers show.
    filename = f"{column.label}_{stamp}.csv"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{slug}_{stamp}.csv\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
