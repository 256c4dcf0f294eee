from django.shortcuts import render

from creditstats import selectors
from creditstats.figures import parse_month
from creditstats.public import public_page
from portal.replica import replica_reads


@replica_reads
def statistics(request):
    months = selectors.snapshot_months()
    month = months[0] if months else None
    try:
        wanted = parse_month(request.GET.get("month", ""))
    except ValueError:
        wanted = None
    if wanted in months:
        month = wanted
    page = public_page(month) if month else None
    return render(request, "creditstats/public.html", {"page": page, "months": months, "month": month})


def charts_css(request):
    """The charts' stylesheet (creditstats.charts.stylesheet): same origin, so the CSP allows it."""
    from django.http import HttpResponse

    from creditstats.charts import stylesheet

    response = HttpResponse(stylesheet(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
