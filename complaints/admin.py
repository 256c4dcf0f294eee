"""Admin: who works for which handling department. Cases themselves are handled in the staff
workspace at /complaints/staff/, which enforces who may see the complainant."""

from django.contrib import admin

from complaints.models import DepartmentMembership


@admin.register(DepartmentMembership)
class DepartmentMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "department")
    list_filter = ("department__region",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "department__name")
    autocomplete_fields = ("user", "department")
    list_select_related = ("user", "department")
