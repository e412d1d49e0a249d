"""Moderation in the Django admin: a queue, state-specific actions, an audit trail."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timesince import timesince

from careers.admin import OccupationAdmin, ReadOnlyAdmin
from careers.models import Occupation

from . import services
from .models import (
    CONTRIBUTED_FIELDS,
    AcceptedFeedback,
    ChangeLogEntry,
    Feedback,
    FeedbackHistory,
    FeedbackQueue,
)

CONTRIBUTOR_FIELDS = ["occupation", *CONTRIBUTED_FIELDS, "submitted_at", "duplicates"]
MODERATION_FIELDS = ["status", "moderator", "moderated_at"]
LINK_FIELDS = ["public_link", "edit_link"]

# Where an accepted correction is carried out: the field, or the inline, of the career's
# admin form that holds what the section shows (pay lives in the wage admin).
SECTION_ANCHORS = {
    "summary": "id_summary",
    "video": "id_video_url",
    "inside": "id_inside",
    "tasks": "tasks-group",
    "education": "education-group",
    "outlook": "outlook-group",
    "ai": "ai_resilience-group",
    "technology": "technology_skills-group",
    "abilities": "ratings-group",
    "titles": "alternate_titles-group",
    "related": "related_links-group",
}
MOVE_LABELS = {
    Feedback.IN_REVIEW: "Start review",
    services.ACCEPT_AND_PUBLISH: "Accept and publish",
    Feedback.ACCEPTED: "Accept",
    Feedback.PUBLISHED: "Publish on the career page",
    Feedback.REJECTED: "Reject",
    Feedback.SPAM: "Mark as spam",
}


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
                services.moderate(item, to_status, request.user)
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
accept_and_publish = _action(
    "accept_and_publish",
    services.ACCEPT_AND_PUBLISH,
    "Accept and publish (experience notes whose author agreed)",
    "Accepted and published",
)
accept = _action("accept", Feedback.ACCEPTED, "Accept", "Accepted")
publish = _action("publish", Feedback.PUBLISHED, "Publish on the career page", "Published")
reject = _action("reject", Feedback.REJECTED, "Reject", "Rejected")
mark_spam = _action("mark_spam", Feedback.SPAM, "Mark as spam", "Marked as spam")


class BaseFeedbackAdmin(admin.ModelAdmin):
    # Five short columns, so the message excerpt, status and age stay readable at 1280 px.
    list_display = ["short_message", "occupation", "kind", "status", "age"]
    list_filter = [
        "status",
        "kind",
        "section",
        OccupationCategoryFilter,
        ("submitted_at", admin.DateFieldListFilter),
    ]
    search_fields = ["message", "proposed_value", "occupation__title"]
    list_select_related = ["occupation"]
    readonly_fields = [*LINK_FIELDS, *CONTRIBUTOR_FIELDS, *MODERATION_FIELDS]
    fields = [*LINK_FIELDS, *CONTRIBUTOR_FIELDS, *MODERATION_FIELDS, "moderator_note"]
    inlines = [HistoryInline]
    actions = [start_review, accept_and_publish, accept, publish, reject, mark_spam]
    date_hierarchy = "submitted_at"
    change_list_template = "admin/profiles/feedback_change_list.html"
    change_form_template = "admin/profiles/feedback_change_form.html"

    @admin.display(description="message")
    def short_message(self, obj):
        return obj.message[:60] + ("\u2026" if len(obj.message) > 60 else "")

    @admin.display(description="age", ordering="submitted_at")
    def age(self, obj):
        return timesince(obj.submitted_at, depth=1)

    @admin.display(description="on the site")
    def public_link(self, obj):
        url = obj.occupation.get_absolute_url()
        return format_html(
            '<a href="{}#{}">{}, {}</a>',
            url,
            obj.section,
            obj.occupation.title,
            obj.get_section_display(),
        )

    @admin.display(description="carry it out")
    def edit_link(self, obj):
        """For an accepted correction: the career's admin form, at the field to edit; the
        edit saved from there is recorded in the public changelog against this item."""
        if obj.status != Feedback.ACCEPTED or obj.kind not in (
            Feedback.CORRECTION,
            Feedback.MISSING,
        ):
            return "Only for accepted corrections"
        if obj.section == "pay":
            url = (
                reverse("admin:salaries_wage_changelist")
                + f"?occupation__id__exact={obj.occupation_id}"
            )
            return format_html(
                '<a href="{}">Edit the wage rows of {}</a>', url, obj.occupation.title
            )
        url = reverse("admin:careers_occupation_change", args=[obj.occupation_id])
        anchor = SECTION_ANCHORS.get(obj.section, "")
        return format_html(
            '<a href="{}?from_feedback={}#{}">Edit {} in the career\u2019s form</a>',
            url,
            obj.pk,
            anchor,
            obj.get_section_display().lower(),
        )

    def _url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        view = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<int:pk>/moderate/", view, name=self._url_name("moderate")),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One move from the item page's buttons (POST, CSRF-checked by the admin)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        feedback = get_object_or_404(Feedback, pk=pk)
        move = request.POST.get("move", "")
        try:
            services.moderate(feedback, move, request.user, request.POST.get("note", "").strip())
        except services.InvalidTransition as exc:
            self.message_user(request, f"Not changed: {exc}.", messages.WARNING)
            return redirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[pk])
            )
        self.message_user(
            request, f"{MOVE_LABELS.get(move, move)}: done for #{pk}.", messages.SUCCESS
        )
        # Back to the list this item was opened from: the next item is one click away.
        return redirect(reverse(f"admin:{self._url_name('changelist')}"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_moderate_permission(request):
            extra["moves"] = [(m, MOVE_LABELS[m]) for m in services.valid_moves(obj)]
            extra["moderate_url"] = reverse(f"admin:{self._url_name('moderate')}", args=[obj.pk])
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

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
    actions = [start_review, accept_and_publish, accept, reject, mark_spam]

    def get_queryset(self, request):
        return super().get_queryset(request).review()


@admin.register(AcceptedFeedback)
class AcceptedFeedbackAdmin(BaseFeedbackAdmin):
    actions = [publish, reject]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(status=Feedback.ACCEPTED).order_by("moderated_at")
        )


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
    @staticmethod
    def _from_feedback(request):
        """The accepted correction the editor came from (the item page's link), if any."""
        pk = request.GET.get("from_feedback", "")
        if not pk.isdigit():
            return None
        return Feedback.objects.filter(pk=int(pk), status=Feedback.ACCEPTED).first()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            labels = [str(form.fields[f].label or f).lower() for f in form.changed_data]
            services.record_editor_change(obj, request.user, labels, self._from_feedback(request))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed():
            services.record_editor_change(
                form.instance,
                request.user,
                [str(formset.model._meta.verbose_name_plural)],
                self._from_feedback(request),
            )
