from django.contrib import admin

from careers.admin import ContentAdmin

from .models import Area, PayTrend, PriceIndex, Wage, WageHistory


@admin.register(Area)
class AreaAdmin(ContentAdmin):
    list_display = ["name", "kind", "code", "state"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "state"]


@admin.register(Wage)
class WageAdmin(ContentAdmin):
    list_display = [
        "occupation",
        "area",
        "release_year",
        "annual_median",
        "annual_p10",
        "annual_p90",
        "employment",
        "is_broader",
    ]
    list_filter = ["release_year", "area__kind", "is_broader", "annual_only"]
    search_fields = ["occupation__title", "occupation__code", "soc_code", "area__name"]
    list_select_related = ["occupation", "area"]
    raw_id_fields = ["occupation"]
    autocomplete_fields = ["area"]


@admin.register(WageHistory)
class WageHistoryAdmin(ContentAdmin):
    list_display = ["soc_2018", "release_year", "soc_code", "link", "annual_median"]
    list_filter = ["release_year", "link"]
    search_fields = ["soc_2018", "soc_code", "soc_title"]


@admin.register(PriceIndex)
class PriceIndexAdmin(ContentAdmin):
    list_display = ["year", "value", "series_id"]


@admin.register(PayTrend)
class PayTrendAdmin(admin.ModelAdmin):
    """Derived from WageHistory by every import: read only, so it never disagrees."""

    list_display = ["soc_code", "comparable_from", "latest_year", "change_10y", "change_10y_real"]
    search_fields = ["soc_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
