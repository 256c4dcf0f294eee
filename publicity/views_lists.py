"""Public pages of the red and black list types: each list's legal basis, criteria, exit
conditions and procedure (国办发〔2020〕49号: every list publishes them)."""

from django.shortcuts import get_object_or_404, render

from portal.replica import replica_reads
from records.models import ListType


@replica_reads
def list_types(request):
    types = ListType.objects.filter(is_active=True).order_by("polarity", "field", "name")
    return render(request, "publicity/list_types.html", {"types": types})


@replica_reads
def list_type(request, pk: int):
    lt = get_object_or_404(ListType, pk=pk, is_active=True)
    return render(request, "publicity/list_type.html", {"lt": lt})
