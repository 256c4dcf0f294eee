"""The public page of 联合奖惩典型案例 (seed task (十)): the cases the credit office selected from
the departments' monthly reports. Not the complaint window's 典型案例 (complaints/)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from portal.httpcache import public_page
from publicity.rules import public_measure_cases


@public_page
def measure_cases(request):
    page = Paginator(public_measure_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "publicity/measure_cases.html", {"page": page})
