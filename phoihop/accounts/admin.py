from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phoihop.accounts.models import ApiToken, User


@admin.register(User)
class PhoihopUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("phoihop", {"fields": ("full_name", "agency", "role", "clearance")}),
    )
    list_display = ["username", "full_name", "agency", "role", "clearance", "is_active"]
    list_filter = ["role", "clearance", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `phoihop token create`; here they are revoked."""

    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        from django.db import transaction

        from phoihop.audit.services import audit_record
        from phoihop.core.clock import now

        at = now()
        with transaction.atomic():
            for token in queryset.filter(revoked_at__isnull=True).select_for_update():
                token.revoked_at = at
                token.save(update_fields=["revoked_at"])
                audit_record(actor=request.user, action="token.revoked", at=at, target=token)
