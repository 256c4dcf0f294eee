"""A few issued certificates for the demo database, so the query log and /verify/ show something."""

from django.db.models import Exists, OuterRef

from publicity.certificates.models import Certificate
from publicity.certificates.services import certificate_issue
from records.models import ListEntry, Penalty, Subject

DEMO_REQUESTS = [
    ("procurement", "", "陕西省政府采购中心"),
    ("bidding", "", "西安市公共资源交易中心"),
    ("other", "评审专家入库审核", "陕西省发展和改革委员会"),
]


def issue_demo_certificates() -> list[Certificate]:
    """Issue one certificate per demo request, for subjects with penalties or list entries.

    Does nothing when any certificate exists already (demo_setup may run again).
    """
    if Certificate.objects.exists():
        return []
    subjects = (
        Subject.objects.exclude(kind=Subject.Kind.PERSON)
        .filter(
            Exists(Penalty.objects.filter(subject=OuterRef("pk")))
            | Exists(ListEntry.objects.filter(subject=OuterRef("pk")))
        )
        .order_by("id")[: len(DEMO_REQUESTS)]
    )
    issued = []
    for subject, (purpose, detail, org) in zip(subjects, DEMO_REQUESTS, strict=False):
        issued.append(
            certificate_issue(
                subject=subject, purpose=purpose, purpose_detail=detail, requester_org=org
            ).certificate
        )
    return issued
