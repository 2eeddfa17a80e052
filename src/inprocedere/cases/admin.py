"""Case work in the admin: read-only views for support. Every write goes through the
services (policy, validation, audit), so the admin offers none."""

from django.contrib import admin

from .models import Measure, Referral


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


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    """Only the routing of referrals (who to whom, state), no personal details."""

    list_display = ("pk", "kind", "from_position", "to_organisation", "state", "created_at")
    list_filter = ("kind", "state")
    fields = ("kind", "from_position", "to_organisation", "to_position", "state", "created_at")
