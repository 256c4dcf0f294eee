from django.urls import path

from publicity.appeals import views

app_name = "appeals"

urlpatterns = []
for kind, prefix in (("repair", "repair"), ("objection", "objections")):
    urlpatterns += [
        path(f"{prefix}/", views.home, {"kind": kind}, name=kind),
        path(f"{prefix}/apply/", views.apply, {"kind": kind}, name=f"{kind}_apply"),
        path(f"{prefix}/done/", views.done, {"kind": kind}, name=f"{kind}_done"),
        path(f"{prefix}/track/", views.track, {"kind": kind}, name=f"{kind}_track"),
    ]
