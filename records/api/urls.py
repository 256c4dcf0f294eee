"""Department APIs (token holders): mounted under /api/v1/ by config/urls.py."""

from django.urls import path

from records.api import check, feeds, push, views

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="api-token"),
    *[
        path(f"push/{slug}/", view.as_view(), name=f"api-push-{slug}")
        for slug, view in push.PUSH_VIEWS.items()
    ],
    path("credit-check/<str:uscc>/", check.CreditCheckView.as_view(), name="api-credit-check"),
    path("changes/subjects/", feeds.SubjectChangesView.as_view(), name="api-changes-subjects"),
    path("changes/list-entries/", feeds.ListEntryChangesView.as_view(), name="api-changes-list-entries"),
    path("changes/repairs/", feeds.RepairFeedView.as_view(), name="api-changes-repairs"),
]
