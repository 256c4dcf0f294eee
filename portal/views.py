from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.httpcache import public_page
from portal.models import Article
from portal.refusals import refusal
from publicity.columns import COLUMNS
from publicity.selectors import latest_in_column, published_counts
from records.api.errors import json_not_found, json_server_error
from records.kinds import RECORD_KINDS


def ping(request):
    """A bare view through the whole middleware stack: no database, no template, no session.

    What every page pays before its own work, and the load benchmark's baseline. The liveness
    probe /healthz is answered before the middleware (portal.health)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@public_page
def home(request):
    # Counted by the task worker, never in the request (None until it first has).
    counts = published_counts()
    kinds = [(slug, kind.label, (counts or {}).get(slug, 0)) for slug, kind in RECORD_KINDS.items()]
    # The 信用公示 columns, each with its newest publishable entries.
    columns = [(column, latest_in_column(column.slug)) for column in COLUMNS.values()]
    return render(
        request,
        "portal/home.html",
        {
            "kinds": kinds if counts is not None else [],
            "total": sum(counts.values()) if counts is not None else None,
            "columns": columns,
            "news": Article.objects.filter(is_published=True, kind=Article.Kind.NEWS)[:6],
            "policies": Article.objects.filter(is_published=True, kind=Article.Kind.POLICY)[:6],
        },
    )


@public_page
def article_list(request, kind):
    articles = Article.objects.filter(is_published=True, kind=kind)
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/article_list.html",
        {"page": page, "kind": kind, "title": Article.Kind(kind).label},
    )


@public_page
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk, is_published=True)
    return render(request, "portal/article_detail.html", {"article": article})


def contact(request):
    return render(
        request,
        "portal/contact.html",
        {
            "address": settings.SITE_CONTACT_ADDRESS,
            "phone": settings.SITE_CONTACT_PHONE,
            "email": settings.SITE_CONTACT_EMAIL,
        },
    )


def _sitemap_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The public sections and their pages, in the order of the main navigation."""
    columns = [(column.label, reverse("publicity:column", args=[slug])) for slug, column in COLUMNS.items()]
    return [
        (
            _("信用查询"),
            [
                (_("信用主体查询"), reverse("publicity:search")),
                (_("专项信用报告"), reverse("certificates:report_start")),
                (_("查询结果核验"), reverse("certificates:verify")),
            ],
        ),
        (
            _("信用公示"),
            [
                (_("全部栏目"), reverse("publicity:columns")),
                *columns,
                (_("联合奖惩典型案例"), reverse("publicity:measure_cases")),
            ],
        ),
        (
            _("投诉举报"),
            [
                (_("我要投诉举报"), reverse("complaints:submit")),
                (_("进度查询"), reverse("complaints:track")),
                (_("典型案例"), reverse("complaints:typical_list")),
            ],
        ),
        (
            _("信用修复与异议"),
            [
                (_("信用修复"), reverse("appeals:repair")),
                (_("异议申诉"), reverse("appeals:objection")),
                (_("在线信用承诺"), reverse("commitments:new")),
            ],
        ),
        (
            _("政务公开"),
            [
                (_("政策法规"), reverse("portal:policies")),
                (_("信用动态"), reverse("portal:news")),
                (_("信用统计"), reverse("creditstats:statistics")),
            ],
        ),
        (
            _("网站服务"),
            [
                (_("数据接口"), reverse("portal:api-guide")),
                (_("联系我们"), reverse("portal:contact")),
                (_("无障碍与适老化"), reverse("portal:accessibility")),
                (_("工作人员登录"), reverse("admin:index")),
            ],
        ),
    ]


def sitemap(request):
    return render(request, "portal/sitemap.html", {"sections": _sitemap_sections()})


def accessibility(request):
    return render(request, "portal/accessibility.html")


@public_page
def api_guide(request):
    from portal.api_guide import guide

    return render(request, "portal/api_guide.html", {"groups": guide()})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request)
    return render(request, "404.html", {"message": _("您访问的页面不存在或已被移除。")}, status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    """The refusal page of every staff page and the admin: what was asked, which roles may do
    it, and whom to ask (the credit office admin assigns roles)."""
    return render(request, "403.html", refusal(request, exception), status=403)
