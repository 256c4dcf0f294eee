import pytest

from tests.reference import ensure_reference_data


@pytest.fixture(autouse=True)
def _fast_hashing_and_clear_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """Reload the reference data (regions, roles) before each transactional test.

    A transactional test ends with a flush that empties every table, the migration's regions
    included, and serialized_rollback cannot restore them once Playwright's event loop runs.
    pytest-django runs transactional tests last, so reloading before each of them suffices.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


# Browser fixtures (browser, page, phone_page) for tests marked `browser`.
from tests.browser import browser, page, phone_page  # noqa: E402,F401

# The named staff personas (one user per shipped role, tests/records/personas.py) for every test.
from tests.records.personas import people  # noqa: E402,F401
