import pytest

from tests.creditstats.demo import build_month
from tests.records.personas import people  # noqa: F401


@pytest.fixture
def month_data(people):  # noqa: F811
    return build_month(people)
