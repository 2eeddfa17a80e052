from django.contrib import admin

from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """Retention rules are configuration (the administrator records the last payment);
    erasures are not here: they happen only through the DPO's pages, with a step-up."""

    list_display = ["funding_period", "years", "starts_from", "last_payment_on", "closure_on"]
    list_select_related = ["funding_period"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
