from django.urls import path

from records import views

app_name = "records"

urlpatterns = [
    path("import/", views.import_home, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/step/", views.import_step, name="import-step"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("import/<int:pk>/errors.xlsx", views.import_errors, name="import-errors"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import-template"),
    path("timeliness/", views.timeliness, name="timeliness"),
]
