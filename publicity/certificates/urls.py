from django.urls import path, re_path

from publicity.certificates import views

app_name = "certificates"

urlpatterns = [
    path("subjects/<str:key>/certificate/", views.certificate_new, name="new"),
    path("verify/", views.verify, name="verify"),
    # Printed under the QR code without the trailing slash; both forms work.
    re_path(r"^verify/(?P<number>[^/]{1,60})/?$", views.verify_detail, name="detail"),
]
