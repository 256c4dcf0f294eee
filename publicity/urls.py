from django.urls import path

from publicity import views

app_name = "publicity"

urlpatterns = [
    path("search/", views.search, name="search"),
]
