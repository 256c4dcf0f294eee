from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from records.codes import normalize_code
from records.models import Subject

MAX_QUERY_LENGTH = 100


def search(request):
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    error = ""
    page = None
    if query:
        code = normalize_code(query)
        if len(query) < 2:
            error = _("请输入至少2个字的名称，或18位统一社会信用代码。")
        else:
            subjects = (
                Subject.objects.exclude(kind=Subject.Kind.PERSON)
                .filter(Q(uscc=code) | Q(reg_no=code) | Q(name__contains=query))
                .select_related("region")
                .order_by("name", "id")
            )
            page = Paginator(subjects, 20).get_page(request.GET.get("page"))
    return render(request, "publicity/search.html", {"query": query, "page": page, "error": error})
