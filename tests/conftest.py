import pytest


@pytest.fixture(autouse=True)
def _fast_hashing_and_clear_cache(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Browser fixtures (browser, page, phone_page) for tests marked `browser`.
from tests.browser import browser, page, phone_page  # noqa: E402,F401
