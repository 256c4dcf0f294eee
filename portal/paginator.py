"""A paginator that stops counting at a cap.

Counting every publishable penalty on each page view is the slowest part of a column page on a
large database; nobody pages past the first few hundred pages. Past the cap the page says
"more than N" and offers the first N rows (narrow the filters to see the rest). The disclosure
columns, the open-data API and the staff admin's change lists of the record tables use it.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_CAP = 2_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = DEFAULT_CAP if cap is None else cap

    @cached_property
    def _capped_count(self) -> int:
        # SELECT count(*) FROM (SELECT … LIMIT cap + 1): stops reading after cap + 1 rows.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._capped_count > self.cap
