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
