from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.models import Article
from publicity.columns import COLUMNS
from publicity.selectors import latest_in_column, published_counts
from records.api.errors import json_not_found, json_server_error
from records.kinds import RECORD_KINDS


def home(request):
    counts = published_counts()
    kinds = [(slug, kind.label, counts.get(slug, 0)) for slug, kind in RECORD_KINDS.items()]
    # The 信用公示 columns, each with its newest publishable entries.
    columns = [(column, latest_in_column(column.slug)) for column in COLUMNS.values()]
    return render(
        request,
        "portal/home.html",
        {
            "kinds": kinds,
            "total": sum(counts.values()),
            "columns": columns,
            "news": Article.objects.filter(is_published=True, kind=Article.Kind.NEWS)[:6],
            "policies": Article.objects.filter(is_published=True, kind=Article.Kind.POLICY)[:6],
        },
    )


def article_list(request, kind):
    articles = Article.objects.filter(is_published=True, kind=kind)
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/article_list.html",
        {"page": page, "kind": kind, "title": Article.Kind(kind).label},
    )


def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk, is_published=True)
    return render(request, "portal/article_detail.html", {"article": article})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request)
    return render(request, "404.html", {"message": _("您访问的页面不存在或已被移除。")}, status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "500.html", status=500)
