import pytest


@pytest.fixture(autouse=True)
def _complaint_settings(settings, tmp_path):
    # Uploads go to a throw-away directory; a small proof-of-work keeps tests quick.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.COMPLAINT_POW_DIFFICULTY = 6
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
