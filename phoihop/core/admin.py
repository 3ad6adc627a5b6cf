from django.contrib import admin

from phoihop.core.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason", "source"]
    list_filter = ["kind"]
    date_hierarchy = "date"
