import pytest

from tests.creditstats.demo import build_month


@pytest.fixture
def month_data(people):
    return build_month(people)
