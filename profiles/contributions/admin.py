"""Moderation in the Django admin: a queue, state-specific actions, an audit trail."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count

from careers.admin import OccupationAdmin
from careers.models import Occupation

from . import services
from .models import AcceptedFeedback, ChangeLogEntry, Feedback, FeedbackHistory, FeedbackQueue

CONTRIBUTOR_FIELDS = [
    "occupation",
    "kind",
    "section",
    "message",
    "proposed_value",
    "works_in_career",
    "years_experience",
    "name",
    "email",
    "consent_publish",
    "submitted_at",
    "duplicates",
]
MODERATION_FIELDS = ["status", "moderator", "moderated_at"]


class HistoryInline(admin.TabularInline):
    model = FeedbackHistory
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OccupationCategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        from careers.models import Category

        return [(c.code, c.name) for c in Category.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(occupation__category__code=self.value())
        return queryset


def _moderate(modeladmin, request, queryset, to_status, verb):
    done, refused = 0, []
    for item in queryset.select_related("occupation"):
        try:
            with transaction.atomic():
                services.transition(item, to_status, request.user)
            done += 1
        except services.InvalidTransition as exc:
            refused.append(f"#{item.pk}: {exc}")
    if done:
        modeladmin.message_user(
            request, f"{verb} {done} contribution{'s' if done != 1 else ''}.", messages.SUCCESS
        )
    if refused:
        modeladmin.message_user(
            request, f"{len(refused)} not changed: " + "; ".join(refused[:10]), messages.WARNING
        )


def _action(name: str, to_status: str, description: str, verb: str):
    """An admin action moving the selected items to one state, each in its own transaction."""

    def action(modeladmin, request, queryset):
        _moderate(modeladmin, request, queryset, to_status, verb)

    action.__name__ = name
    return admin.action(description=description, permissions=["moderate"])(action)


start_review = _action("start_review", Feedback.IN_REVIEW, "Start review", "Moved to review")
accept = _action("accept", Feedback.ACCEPTED, "Accept", "Accepted")
publish = _action("publish", Feedback.PUBLISHED, "Publish on the career page", "Published")
reject = _action("reject", Feedback.REJECTED, "Reject", "Rejected")
mark_spam = _action("mark_spam", Feedback.SPAM, "Mark as spam", "Marked as spam")


class BaseFeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "short_message",
        "occupation",
        "kind",
        "section",
        "status",
        "works_in_career",
        "submitted_at",
    ]
    list_filter = [
        "status",
        "kind",
        "section",
        OccupationCategoryFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["message", "proposed_value", "occupation__title"]
    list_select_related = ["occupation"]
    readonly_fields = [*CONTRIBUTOR_FIELDS, *MODERATION_FIELDS]
    fields = [*CONTRIBUTOR_FIELDS, *MODERATION_FIELDS, "moderator_note"]
    inlines = [HistoryInline]
    actions = [start_review, accept, publish, reject, mark_spam]
    date_hierarchy = "submitted_at"
    change_list_template = "admin/profiles/feedback_change_list.html"

    @admin.display(description="message")
    def short_message(self, obj):
        return obj.message[:80] + ("\u2026" if len(obj.message) > 80 else "")

    def has_moderate_permission(self, request):
        return request.user.has_perm("profiles.moderate_feedback")

    def has_module_permission(self, request):
        return self.has_moderate_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.has_moderate_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_moderate_permission(request)

    def has_add_permission(self, request):
        return False  # contributions come from the public form

    def has_delete_permission(self, request, obj=None):
        return False  # the audit trail is kept; use reject or spam

    def changelist_view(self, request, extra_context=None):
        counts = dict(Feedback.objects.values_list("status").annotate(n=Count("id")))
        extra = {
            "status_counts": [
                (label, counts.get(value, 0)) for value, label in Feedback.STATUS_CHOICES
            ]
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def save_model(self, request, obj, form, change):
        # Only the moderator note is editable here; status changes go through the actions.
        Feedback.objects.filter(pk=obj.pk).update(moderator_note=obj.moderator_note)


@admin.register(Feedback)
class FeedbackAdmin(BaseFeedbackAdmin):
    pass


@admin.register(FeedbackQueue)
class FeedbackQueueAdmin(BaseFeedbackAdmin):
    actions = [start_review, accept, reject, mark_spam]

    def get_queryset(self, request):
        return super().get_queryset(request).review()


@admin.register(AcceptedFeedback)
class AcceptedFeedbackAdmin(BaseFeedbackAdmin):
    actions = [publish, reject]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(status=Feedback.ACCEPTED).order_by("moderated_at")
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written only by services: visible in the admin, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FeedbackHistory)
class FeedbackHistoryAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is written by the moderation service alone."""

    list_display = ["feedback", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["feedback__occupation", "by"]
    readonly_fields = ["feedback", "from_status", "to_status", "by", "at", "note"]


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["occupation", "at", "origin", "section", "summary"]
    list_filter = ["origin", "section"]
    search_fields = ["occupation__title", "summary"]
    list_select_related = ["occupation"]
    readonly_fields = ["occupation", "at", "origin", "section", "summary", "feedback", "by"]


# Admin edits to a career are recorded in its public changelog. careers must not import
# profiles, so the Occupation admin is extended here rather than in careers/admin.py.
admin.site.unregister(Occupation)


@admin.register(Occupation)
class ChangeLoggedOccupationAdmin(OccupationAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            labels = [str(form.fields[f].label or f).lower() for f in form.changed_data]
            services.record_editor_change(obj, request.user, labels)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed():
            services.record_editor_change(
                form.instance, request.user, [str(formset.model._meta.verbose_name_plural)]
            )
