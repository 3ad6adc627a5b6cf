from django.contrib import admin

from phoihop.agencies.models import Agency, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "province", "valid_from", "valid_to"]
    list_filter = ["kind", "level", "province"]
    search_fields = ["code", "name"]
