"""Admins that only show: the audit trail, batch logs, the query log, snapshots. Nobody adds,
changes or deletes their rows through the admin; each is written by its service."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
