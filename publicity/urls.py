from django.urls import path

from publicity import views, views_cases, views_lists

app_name = "publicity"

urlpatterns = [
    path("search/", views.search, name="search"),
    # <key>: the 18-character 统一社会信用代码 (any case) or the subject's numeric id.
    path("subjects/<str:key>/", views.subject, name="subject"),
    # <kind>: a record kind slug from records.kinds.
    path("records/<slug:kind>/<int:pk>/", views.record, name="record"),
    path("disclosure/", views.column_index, name="columns"),
    path("lists/", views_lists.list_types, name="list_types"),
    path("lists/<int:pk>/", views_lists.list_type, name="list_type"),
    path("cases/", views_cases.measure_cases, name="measure_cases"),
    path("disclosure/<slug:slug>/", views.column, name="column"),
    # Also served as /disclosure/<column>/?format=csv.
    path("disclosure/<slug:slug>/export.csv", views.column_export, name="column_export"),
]
