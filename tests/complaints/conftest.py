import pytest

from tests.complaints import factories as cf


@pytest.fixture(autouse=True)
def _complaint_settings(settings, tmp_path):
    # Uploads go to a throw-away directory; a small proof-of-work keeps tests quick.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMPLAINT_POW_DIFFICULTY = 6
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def market(db):
    return cf.department("西安市市场监督管理局")


@pytest.fixture
def labour(db):
    return cf.department("西安市人力资源和社会保障局")


@pytest.fixture
def office(db):
    """A credit office complaint handler (投诉处理员)."""
    return cf.credit_officer("office")


@pytest.fixture
def market_user(market):
    return cf.department_user(market, "market_user")


@pytest.fixture
def labour_user(labour):
    return cf.department_user(labour, "labour_user")


@pytest.fixture
def outsider(db):
    """Logged in, but neither credit office nor any department."""
    return cf.user("outsider")
