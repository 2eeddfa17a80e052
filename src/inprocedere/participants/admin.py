"""Only the reference data is administered here: participants and their records are
personal data and change only through the services (the pages, the API, imports)."""

from django.contrib import admin

from .models import ResidenceStatusType


@admin.register(ResidenceStatusType)
class ResidenceStatusTypeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_de",
        "law",
        "paragraph",
        "absatz",
        "satz",
        "valid_from",
        "valid_until",
    )
    list_filter = ("kind", "law", "counts_as_tolerated")
    search_fields = ("code", "name_de", "name_en", "paragraph")

    def has_delete_permission(self, request, obj=None):
        return False
