"""The moderators' digest: who receives it and what it says. The command only schedules it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse


def moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_feedback")
        | Q(user_permissions__codename="moderate_feedback")
    ).distinct()
    return sorted(set(users.values_list("email", flat=True)))


def digest_body(items) -> str:
    """A plain-text digest with one admin link per item, so a moderator can act from e-mail."""
    lines = [f"{len(items)} new contribution(s) are waiting in the moderation queue:", ""]
    for f in items:
        link = settings.SITE_URL + reverse("admin:profiles_feedbackqueue_change", args=[f.pk])
        lines.append(
            f"- {f.get_kind_display()} on {f.occupation.title} ({f.get_section_display()}), "
            f"{f.submitted_at:%Y-%m-%d %H:%M} UTC"
        )
        lines.append(f"  {link}")
    lines += [
        "",
        "Queue: " + settings.SITE_URL + reverse("admin:profiles_feedbackqueue_changelist"),
    ]
    return "\n".join(lines)
