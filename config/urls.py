from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("信用陕西 管理后台")
admin.site.site_title = _("信用陕西 管理后台")
admin.site.index_title = _("信用信息管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("complaints/", include("complaints.urls")),
    path("", include("publicity.urls")),
    path("", include("publicity.urls_appeals")),
    path("", include("publicity.certificates.urls")),
    path("", include("portal.urls")),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
