"""Contributions from people who do the job, their moderation, and the public changelog."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from careers.models import Occupation

SECTION_CHOICES = [
    ("summary", "Title and summary"),
    ("pay", "Pay"),
    ("video", "Career video"),
    ("tasks", "Key responsibilities"),
    ("inside", "Inside this career"),
    ("progression", "Career progression"),
    ("education", "Education and training"),
    ("ai", "AI-resilience assessment"),
    ("outlook", "Job outlook"),
    ("technology", "Technology skills"),
    ("abilities", "Key abilities"),
    ("titles", "Also known as"),
    ("related", "Related careers"),
    ("other", "Something else"),
]


# What a contributor fills in on the form, in its order (the admin shows them read-only).
CONTRIBUTED_FIELDS = [
    "kind",
    "section",
    "message",
    "proposed_value",
    "works_in_career",
    "years_experience",
    "name",
    "email",
    "consent_publish",
]


class FeedbackQuerySet(models.QuerySet):
    def review(self):
        """The moderation queue: new and in review, oldest first."""
        return self.filter(status__in=[Feedback.NEW, Feedback.IN_REVIEW]).order_by(
            "submitted_at", "pk"
        )

    def visible(self):
        """What the public career page shows: published experience notes."""
        return self.filter(
            status=Feedback.PUBLISHED, kind=Feedback.EXPERIENCE, consent_publish=True
        )


class Feedback(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        EXPERIENCE = "experience", "Experience note"
        MISSING = "missing", "Missing information"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        ACCEPTED = "accepted", "Accepted"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    # Shorthand the services and admin read (Feedback.NEW is Feedback.Status.NEW).
    CORRECTION, EXPERIENCE, MISSING, OTHER = (
        Kind.CORRECTION,
        Kind.EXPERIENCE,
        Kind.MISSING,
        Kind.OTHER,
    )
    NEW, IN_REVIEW, ACCEPTED = Status.NEW, Status.IN_REVIEW, Status.ACCEPTED
    PUBLISHED, REJECTED, SPAM = Status.PUBLISHED, Status.REJECTED, Status.SPAM
    KIND_CHOICES, STATUS_CHOICES = Kind.choices, Status.choices

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=12, choices=KIND_CHOICES)
    section = models.CharField(max_length=12, choices=SECTION_CHOICES)
    message = models.TextField()
    proposed_value = models.TextField(blank=True)
    works_in_career = models.BooleanField("works in this career", default=False)
    years_experience = models.PositiveSmallIntegerField(null=True, blank=True)
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, help_text="Never shown publicly.")
    consent_publish = models.BooleanField("agreed to publication", default=False)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=NEW, db_index=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderator_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # HMAC of the client address and user agent: enough to fold duplicates, never the raw IP.
    client_hash = models.CharField(max_length=64, db_index=True)
    text_hash = models.CharField(max_length=64)
    duplicates = models.PositiveIntegerField(
        default=0, help_text="Identical resubmissions folded into this one"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "contribution"
        permissions = [("moderate_feedback", "Can moderate contributions")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["new", "in_review", "accepted", "published", "rejected", "spam"]
                ),
                name="feedback_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(years_experience__isnull=True) | Q(years_experience__lte=70),
                name="feedback_years_0_70",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(kind="experience", consent_publish=True),
                name="feedback_published_only_consented_notes",
            ),
        ]
        indexes = [models.Index(fields=["occupation", "status"], name="feedback_occ_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occupation.title} ({self.get_status_display()})"


class FeedbackHistory(models.Model):
    """Append-only: one row per status change, written only by profiles.contributions.services.transition."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "feedback history"

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"


class ChangeLogEntry(models.Model):
    """The public record of what changed on a career page, and where the change came from."""

    CONTRIBUTOR, EDITOR = "contributor", "editor"
    ORIGIN_CHOICES = [(CONTRIBUTOR, "From a contributor"), (EDITOR, "By an editor")]

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    origin = models.CharField(max_length=12, choices=ORIGIN_CHOICES)
    section = models.CharField(max_length=12, choices=SECTION_CHOICES, blank=True)
    summary = models.TextField()
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "changelog entries"

    def __str__(self):
        return f"{self.occupation.code} {self.at:%Y-%m-%d}: {self.summary[:60]}"


class FeedbackQueue(Feedback):
    """Admin view of the queue: new and in review."""

    class Meta:
        proxy = True
        verbose_name = "queued contribution"
        verbose_name_plural = "moderation queue"


class AcceptedFeedback(Feedback):
    """Admin view of accepted items waiting to be published."""

    class Meta:
        proxy = True
        verbose_name = "accepted contribution"
        verbose_name_plural = "accepted, not yet published"
