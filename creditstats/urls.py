from django.urls import path

from creditstats import views

app_name = "creditstats"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
]
