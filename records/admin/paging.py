"""Change lists of the large tables count at most DEFAULT_CAP rows (portal.paginator).

Django's change list counts every matching row for its "N 条" line and its page links: on a
record table of millions that count is the slowest query of the page (0.8 s for 行政许可 at
1 M subjects in bench/bench_portal_load.py). Past the cap the page says "超过 N 条" and pages
through the first N; filters and search narrow the rest. Actions on "all matching" still act on
every matching row, and say so (templates/admin/actions.html).
"""

from portal.paginator import CappedPaginator


class CappedCountAdmin:
    """ModelAdmin mixin: the change list's count stops at the cap."""

    show_full_result_count = False  # the unfiltered total would be a full count again

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )
