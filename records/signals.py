"""Signals records sends to the apps above it, so that records never imports them.

An upper app subscribes in its AppConfig.ready() (publicity/apps.py).
"""

from django.dispatch import Signal

# Staff or a job changed which records are published (publish, approve a revision, withdraw,
# correct on objection, repair, end of publication). Whatever is derived from the published
# records is out of date: publicity asks its worker to recount the home page counts.
published_records_changed = Signal()


def announce_published_change() -> None:
    published_records_changed.send(sender=None)


# A department system checked a subject through the credit-check API (records.api.views):
# publicity logs it in the query log (信用查询记录) like a certificate. Arguments: subject,
# token, purpose (a code of API_CHECK_PURPOSES), purpose_detail, result (the answer), ip.
credit_checked = Signal()

# The purposes a credit check may give: the query log's (publicity Certificate.Purpose), named
# here because records never imports publicity (tests/records/test_credit_check_log.py keeps
# the two lists equal).
API_CHECK_PURPOSES = ["procurement", "permit", "bidding", "honours", "listing", "other"]
