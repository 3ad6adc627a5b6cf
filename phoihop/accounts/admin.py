from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from phoihop.accounts.models import User


@admin.register(User)
class PhoihopUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("phoihop", {"fields": ("full_name", "agency", "role", "clearance")}),
    )
    list_display = ["username", "full_name", "agency", "role", "clearance", "is_active"]
    list_filter = ["role", "clearance", "is_active"]
