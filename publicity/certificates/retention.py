"""The end of the query log's personal data (manage.py prune_personal_data): the requester's IP
address. The issuance itself (number, subject, purpose, organisation, time) stays 存档备查."""

from publicity.certificates.models import Certificate


def prune_requester_ips(before, dry_run=False) -> int:
    old = Certificate.objects.filter(issued_at__lt=before, requester_ip__isnull=False)
    if dry_run:
        return old.count()
    return old.update(requester_ip=None)
