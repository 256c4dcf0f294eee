"""The clock variants of tests marked `clock` (tests/conftest.py) really run at 23:30 and 00:30
Beijing time, where the UTC date and the Beijing date differ at 00:30."""

import datetime

import pytest
from django.utils import timezone


@pytest.mark.clock
def test_marked_tests_run_under_each_clock(request):
    hhmm = request.node.callspec.params["beijing_clock"]
    if hhmm == "real":
        return
    assert timezone.localtime().strftime("%H:%M") == hhmm
    utc_date = timezone.now().astimezone(datetime.UTC).date()
    if hhmm == "00:30":
        assert utc_date == timezone.localdate() - datetime.timedelta(days=1)
    else:
        assert utc_date == timezone.localdate()
