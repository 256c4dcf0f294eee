"""Open data (public, read-only, throttled): mounted under /api/v1/open/ by config/urls.py."""

from django.urls import path

from publicity.api import OPEN_DATA_VIEWS

urlpatterns = [
    path(f"{name}/", view.as_view(), name=f"open-{name}") for name, view in OPEN_DATA_VIEWS.items()
]
