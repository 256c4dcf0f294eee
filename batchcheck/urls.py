from django.urls import path

from batchcheck import views

app_name = "batchcheck"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/step/", views.step, name="step"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="xlsx"),
    path("<int:pk>/certificates.zip", views.certificates, name="zip"),
]
