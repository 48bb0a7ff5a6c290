"""Read-only admin of the sign-in audit: it can be searched but never added to, changed or
deleted from the UI."""

from django.contrib import admin

from duban.security.models import AuthEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listing and viewing only: no add, change or delete permission for anyone."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdmin):
    list_display = ["time", "kind", "username", "ip"]
    list_filter = ["kind"]
    search_fields = ["username", "ip"]
