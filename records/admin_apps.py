from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """The admin with the hardened staff login (records.admin_site.StaffAdminSite)."""

    default_site = "records.admin_site.StaffAdminSite"
