"""Background work of the public side, run by the task worker (config.settings TASKS)."""

from django_tasks import task


@task()
def recount_published_counts() -> dict[str, int]:
    """The home page's counts of publishable records (publicity.selectors.published_counts)."""
    from publicity.selectors import recount_published

    return recount_published()


def recount_if_due() -> bool:
    """The every-minute check of portal.schedule: recount when the counts are stale. True if it did."""
    from publicity.selectors import counts_due, recount_published

    if not counts_due():
        return False
    recount_published()
    return True
