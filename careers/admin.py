from django.contrib import admin
from django.db import models

from config.core.pagecache import content_changed

from .matching import TYPE_FIELDS
from .models import (
    AIExposure,
    AIExposureSource,
    AIResilience,
    AlternateTitle,
    Category,
    DataSource,
    Descriptor,
    Education,
    InterestProfile,
    JobZone,
    Occupation,
    Outlook,
    Rating,
    RelatedOccupation,
    SearchTerm,
    SearchWord,
    SkillMove,
    Task,
    TechnologySkill,
)


class ContentAdmin(admin.ModelAdmin):
    """Admin for public content: every logged write makes the cached public pages stale."""

    def log_addition(self, request, obj, message):
        content_changed()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        content_changed()
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        content_changed()
        return super().log_deletions(request, queryset)


# Django 6 assumes https for scheme-less URLs; adopt it now for the editors' URL fields.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["position", "kind", "statement", "importance", "onet_task_id"]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    autocomplete_fields = ["descriptor"]
    fields = ["descriptor", "importance", "level"]


class TechnologySkillInline(admin.TabularInline):
    model = TechnologySkill
    extra = 0
    fields = ["name", "category", "hot", "in_demand"]


class AlternateTitleInline(admin.TabularInline):
    model = AlternateTitle
    extra = 0
    fields = ["title", "kind", "short_title"]


class RelatedInline(admin.TabularInline):
    model = RelatedOccupation
    fk_name = "occupation"
    extra = 0
    autocomplete_fields = ["related"]
    fields = ["related", "tier", "rank"]


class EducationInline(admin.StackedInline):
    model = Education
    extra = 0
    formfield_overrides = HTTPS_URLS


class OutlookInline(admin.StackedInline):
    model = Outlook
    extra = 0


class AIResilienceInline(admin.StackedInline):
    model = AIResilience
    extra = 0
    readonly_fields = [
        "label",
        "score",
        "reason",
        "score_percentile",
        "exposure_percentile",
        "exposure_band",
        "exposure_spread",
        "exposure_sources",
        "sources_disagree",
        "exposure_points",
        "human_advantage",
        "human_advantage_band",
        "human_points",
        "growth_percent",
        "growth_band",
        "growth_period",
        "outlook_points",
        "sources",
        "method_version",
        "updated_on",
    ]


@admin.register(Category)
class CategoryAdmin(ContentAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["name", "code"]


@admin.register(Occupation)
class OccupationAdmin(ContentAdmin):
    list_display = [
        "title",
        "code",
        "category",
        "job_zone",
        "featured",
        "bright_outlook",
        "is_active",
        "updated_on",
    ]
    list_filter = ["category", "job_zone", "featured", "bright_outlook", "is_active"]
    search_fields = ["title", "code", "alternate_titles__title"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = HTTPS_URLS
    # Imported from O*NET's interest high points; an edit would be lost on the next import.
    readonly_fields = ["interest_code"]
    list_per_page = 50
    inlines = [
        EducationInline,
        OutlookInline,
        AIResilienceInline,
        TaskInline,
        RatingInline,
        TechnologySkillInline,
        AlternateTitleInline,
        RelatedInline,
    ]


@admin.register(JobZone)
class JobZoneAdmin(ContentAdmin):
    list_display = ["zone", "name", "svp_range"]


@admin.register(Descriptor)
class DescriptorAdmin(ContentAdmin):
    list_display = ["name", "element_id", "domain"]
    list_filter = ["domain"]
    search_fields = ["name", "element_id"]


@admin.register(Task)
class TaskAdmin(ContentAdmin):
    list_display = ["statement", "occupation", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["statement", "occupation__title", "occupation__code"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


@admin.register(AlternateTitle)
class AlternateTitleAdmin(ContentAdmin):
    list_display = ["title", "occupation", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "occupation__title"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


@admin.register(TechnologySkill)
class TechnologySkillAdmin(ContentAdmin):
    list_display = ["name", "occupation", "category", "hot", "in_demand"]
    list_filter = ["hot", "in_demand"]
    search_fields = ["name", "category", "occupation__title"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


@admin.register(AIResilience)
class AIResilienceAdmin(ContentAdmin):
    list_display = [
        "occupation",
        "label",
        "score",
        "exposure_band",
        "human_advantage_band",
        "growth_band",
        "updated_on",
    ]
    list_filter = [
        "label",
        "exposure_band",
        "sources_disagree",
        "human_advantage_band",
        "growth_band",
    ]
    search_fields = ["occupation__title", "occupation__code"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


@admin.register(AIExposure)
class AIExposureAdmin(ContentAdmin):
    list_display = ["occupation", "source", "score", "percentile", "mapped_from"]
    list_filter = ["source"]
    search_fields = ["occupation__title", "occupation__code"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


@admin.register(AIExposureSource)
class AIExposureSourceAdmin(ContentAdmin):
    list_display = ["key", "release", "records", "occupations", "computed_on"]


@admin.register(DataSource)
class DataSourceAdmin(ContentAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["key", "name", "release", "license", "imported_at"]
    search_fields = ["name", "key"]


@admin.register(Rating)
class RatingAdmin(ContentAdmin):
    list_display = ["occupation", "descriptor", "importance", "level"]
    list_filter = ["descriptor__domain"]
    search_fields = ["occupation__title", "occupation__code", "descriptor__name"]
    list_select_related = ["occupation", "descriptor"]
    raw_id_fields = ["occupation"]
    autocomplete_fields = ["descriptor"]


@admin.register(RelatedOccupation)
class RelatedOccupationAdmin(ContentAdmin):
    list_display = ["occupation", "related", "tier", "rank"]
    list_filter = ["tier"]
    search_fields = ["occupation__title", "related__title"]
    list_select_related = ["occupation", "related"]
    raw_id_fields = ["occupation", "related"]


@admin.register(Education)
class EducationAdmin(ContentAdmin):
    list_display = ["occupation", "typical_education", "training_time", "cost_low", "cost_high"]
    list_filter = ["typical_education", "on_the_job_training"]
    search_fields = ["occupation__title", "occupation__code"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]
    formfield_overrides = HTTPS_URLS


@admin.register(Outlook)
class OutlookAdmin(ContentAdmin):
    list_display = [
        "occupation",
        "change_percent",
        "annual_openings",
        "employment_start",
        "employment_end",
        "period",
    ]
    list_filter = ["period_start", "entry_education"]
    search_fields = ["occupation__title", "occupation__code", "soc_code"]
    list_select_related = ["occupation"]
    raw_id_fields = ["occupation"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only code writes: derived tables rebuilt by every import
    (careers.services.refresh_derived, manage.py rebuild_search_index) and the audit
    records of moderation. Shown for checking, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InterestProfile)
class InterestProfileAdmin(ReadOnlyAdmin):
    list_display = ["occupation", "code", *TYPE_FIELDS]
    list_filter = ["code"]
    search_fields = ["occupation__title", "occupation__code"]
    list_select_related = ["occupation"]


@admin.register(SkillMove)
class SkillMoveAdmin(ReadOnlyAdmin):
    list_display = ["occupation", "rank", "target", "similarity"]
    search_fields = ["occupation__title", "occupation__code"]
    list_select_related = ["occupation", "target"]


@admin.register(SearchTerm)
class SearchTermAdmin(ReadOnlyAdmin):
    list_display = ["term", "occupation", "weight"]
    search_fields = ["=term", "occupation__code"]
    list_select_related = ["occupation"]
    show_full_result_count = False


@admin.register(SearchWord)
class SearchWordAdmin(ReadOnlyAdmin):
    list_display = ["word", "in_title", "occupations"]
    search_fields = ["=word"]
    show_full_result_count = False
