"""Case work in the admin: the catalogue of measures, read-only. Every write goes through
the services (policy, validation, audit), so the admin offers none; and the administrator
sees no case data (docs/access-policy.md), so referrals, cases and people are not here:
tests/accounts/test_admin.py keeps every model that holds or points at them out."""

from django.contrib import admin

from .models import Measure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(ReadOnlyAdmin):
    list_display = ("title", "provider", "type", "funding_source", "starts_on", "ends_on")
    list_filter = ("type", "funding_source")
    search_fields = ("title",)
