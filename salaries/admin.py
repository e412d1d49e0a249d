from django.contrib import admin

from careers.admin import ContentAdmin

from .models import Area, Wage


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
