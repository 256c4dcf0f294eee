from django.urls import path

from publicity import views_commitments as views

app_name = "commitments"

urlpatterns = [
    path("commitments/new/", views.commitment_new, name="new"),
]
