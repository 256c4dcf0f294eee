"""Department APIs (token holders): mounted under /api/v1/ by config/urls.py."""

from django.urls import path

from records.api import views

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="api-token"),
    *[
        path(f"push/{slug}/", view.as_view(), name=f"api-push-{slug}")
        for slug, view in views.PUSH_VIEWS.items()
    ],
    path("credit-check/<str:uscc>/", views.CreditCheckView.as_view(), name="api-credit-check"),
    path("changes/subjects/", views.SubjectChangesView.as_view(), name="api-changes-subjects"),
    path("changes/list-entries/", views.ListEntryChangesView.as_view(), name="api-changes-list-entries"),
    path("changes/repairs/", views.RepairFeedView.as_view(), name="api-changes-repairs"),
]
