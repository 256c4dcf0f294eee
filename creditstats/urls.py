from django.urls import path

from creditstats import views

app_name = "creditstats"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/charts.css", views.charts_css, name="charts_css"),
]
