"""The end of complaint cases' personal data (manage.py prune_personal_data): evidence files of
closed cases (deleted from storage; the row stays, marked by a blank file name) and the
address each case was submitted from."""

from complaints.models import Attachment, Case
from complaints.states import CONCLUDED_STATES, State
from portal.files import delete_stored_files

CLOSED_STATES = CONCLUDED_STATES | {State.REFUSED}


def prune_evidence(before, dry_run=False) -> int:
    """Evidence of cases closed (concluded, evaluated, archived or refused) and untouched since
    before `before`."""
    files = Attachment.objects.filter(case__state__in=CLOSED_STATES, case__updated_at__lt=before)
    if dry_run:
        return files.exclude(file="").count()
    return delete_stored_files(files)


def prune_submitted_ips(before, dry_run=False) -> int:
    cases = Case.objects.filter(submitted_at__lt=before, submitted_ip__isnull=False)
    if dry_run:
        return cases.count()
    # update() leaves updated_at alone: clearing the address is not activity on the case.
    return cases.update(submitted_ip=None)
