from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

admin.site.site_header = _("信用陕西 管理后台")
admin.site.site_title = _("信用陕西 管理后台")
admin.site.index_title = _("工作台")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("complaints/", include("complaints.urls")),
    # Data exchange: department push, credit check, changes feed (records); open data (publicity).
    path("api/v1/", include("records.api.urls")),
    path("api/v1/open/", include("publicity.api_urls")),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[AllowAny]),
        name="api-schema",
    ),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file (no inline script: see the CSP).
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema",
            template_name="portal/swagger_ui.html",
            authentication_classes=[],
            permission_classes=[AllowAny],
        ),
        name="api-docs",
    ),
    path("records/", include("records.urls")),
    path("accounts/", include("records.urls_accounts")),
    path("batch-check/", include("batchcheck.urls")),
    path("", include("publicity.urls")),
    path("", include("publicity.appeals.urls")),
    path("", include("publicity.urls_commitments")),
    path("", include("publicity.certificates.urls")),
    path("", include("creditstats.urls")),
    path("", include("portal.urls")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
