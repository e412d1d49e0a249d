"""Writes for contributions: submission, the one state machine, and the changelog."""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from config.core.pagecache import content_changed

from .models import ChangeLogEntry, Feedback, FeedbackHistory

FOLD_WINDOW = timedelta(days=1)

# Every allowed move of the moderation state machine; anything else is refused.
TRANSITIONS = {
    Feedback.NEW: {Feedback.IN_REVIEW, Feedback.ACCEPTED, Feedback.REJECTED, Feedback.SPAM},
    Feedback.IN_REVIEW: {Feedback.ACCEPTED, Feedback.REJECTED, Feedback.SPAM},
    Feedback.ACCEPTED: {Feedback.PUBLISHED, Feedback.REJECTED},
    Feedback.PUBLISHED: {Feedback.REJECTED},  # unpublish
    Feedback.REJECTED: {Feedback.IN_REVIEW},  # reopen
    Feedback.SPAM: {Feedback.IN_REVIEW},  # not spam after all
}


class InvalidTransition(Exception):
    pass


def client_hash(ip: str, user_agent: str) -> str:
    """Keyed hash of address and agent: lets us fold duplicates without storing the IP."""
    key = hashlib.sha256(f"feedback-client:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{ip}|{user_agent}".encode(), hashlib.sha256).hexdigest()


def text_hash(message: str, proposed: str = "") -> str:
    normal = re.sub(r"\s+", " ", f"{message}\n{proposed}").strip().casefold()
    return hashlib.sha256(normal.encode()).hexdigest()


def submit(occupation, data: dict, *, ip: str, user_agent: str) -> tuple[Feedback, bool]:
    """Store a contribution (status new); the same text from the same client within a day is folded.

    Returns (feedback, created).
    """
    who = client_hash(ip, user_agent)
    what = text_hash(data["message"], data.get("proposed_value", ""))
    with transaction.atomic():
        existing = (
            Feedback.objects.select_for_update()
            .filter(
                occupation=occupation,
                client_hash=who,
                text_hash=what,
                submitted_at__gte=timezone.now() - FOLD_WINDOW,
            )
            .order_by("submitted_at")
            .first()
        )
        if existing is not None:
            Feedback.objects.filter(pk=existing.pk).update(duplicates=F("duplicates") + 1)
            existing.refresh_from_db(fields=["duplicates"])
            return existing, False
        feedback = Feedback.objects.create(
            occupation=occupation, client_hash=who, text_hash=what, **data
        )
        FeedbackHistory.objects.create(feedback=feedback, from_status="", to_status=Feedback.NEW)
    return feedback, True


def transition(feedback: Feedback, to_status: str, user, note: str = "") -> Feedback:
    """The only way a contribution changes state: checked, recorded, and reflected publicly."""
    with transaction.atomic():
        content_changed()
        current = (
            Feedback.objects.select_for_update().select_related("occupation").get(pk=feedback.pk)
        )
        allowed = TRANSITIONS.get(current.status, set())
        if to_status not in allowed:
            raise InvalidTransition(
                f"cannot move a contribution from {current.get_status_display().lower()} to "
                f"{dict(Feedback.STATUS_CHOICES).get(to_status, to_status).lower()}"
            )
        if to_status == Feedback.PUBLISHED and not (
            current.kind == Feedback.EXPERIENCE and current.consent_publish
        ):
            raise InvalidTransition(
                "only experience notes whose author agreed to publication can be published"
            )
        now = timezone.now()
        FeedbackHistory.objects.create(
            feedback=current,
            from_status=current.status,
            to_status=to_status,
            by=user,
            at=now,
            note=note,
        )
        current.status = to_status
        current.moderator = user
        current.moderated_at = now
        if note:
            current.moderator_note = note
        current.save(update_fields=["status", "moderator", "moderated_at", "moderator_note"])
        if to_status == Feedback.ACCEPTED and current.kind in (
            Feedback.CORRECTION,
            Feedback.MISSING,
        ):
            summary = f"{current.get_section_display()}: correction from a contributor accepted."
            if current.proposed_value:
                summary += f" Proposed: {current.proposed_value[:300]}"
            ChangeLogEntry.objects.create(
                occupation=current.occupation,
                at=now,
                origin=ChangeLogEntry.CONTRIBUTOR,
                section=current.section,
                summary=summary,
                feedback=current,
                by=user,
            )
        elif to_status == Feedback.PUBLISHED:
            ChangeLogEntry.objects.create(
                occupation=current.occupation,
                at=now,
                origin=ChangeLogEntry.CONTRIBUTOR,
                section="inside",
                summary="An experience note from someone in this career was published.",
                feedback=current,
                by=user,
            )
    for name in ("status", "moderator_id", "moderated_at", "moderator_note"):
        setattr(feedback, name, getattr(current, name))
    return current


def record_editor_change(occupation, user, fields: list[str]):
    """An admin edit of a career, for the public changelog."""
    if not fields:
        return None
    return ChangeLogEntry.objects.create(
        occupation=occupation,
        origin=ChangeLogEntry.EDITOR,
        summary=f"Edited by the site's editors: {', '.join(fields)}.",
        by=user,
    )
