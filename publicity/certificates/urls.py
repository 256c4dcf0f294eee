from django.urls import path, re_path

from publicity.certificates import views, views_reports

app_name = "certificates"

urlpatterns = [
    path("subjects/<str:key>/certificate/", views.certificate_new, name="new"),
    path("reports/", views_reports.report_start, name="report_start"),
    path("subjects/<str:key>/report/", views_reports.report_new, name="report"),
    path("records/<slug:kind>/<int:pk>/repair-notice/", views_reports.repair_notice, name="repair_notice"),
    path("verify/", views.verify, name="verify"),
    # Printed under the QR code without the trailing slash; both forms work.
    re_path(r"^verify/(?P<number>[^/]{1,60})/?$", views.verify_detail, name="detail"),
]
