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
# Embedding, override and isolate controls: in a contributor's text quoted inside one of
# our sentences they would reorder the rest of the sentence.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))

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


def changes_public_pages(kind: str, from_status: str, to_status: str) -> bool:
    """Whether a move changes what the public sees, and so must make cached pages stale.

    Only published experience notes are shown (on the career page), and an accepted
    correction or missing-information report writes the career's public changelog. No
    list page (home, index, search, sitemap) shows either, so a move concerns the one
    career's pages at most; a move within the queue (new -> in review, spam, reject of
    an item never published) changes nothing anyone can see.
    """
    if Feedback.PUBLISHED in (from_status, to_status):
        return True
    return to_status == Feedback.ACCEPTED and kind in (Feedback.CORRECTION, Feedback.MISSING)


def transition(feedback: Feedback, to_status: str, user, note: str = "") -> Feedback:
    """The only way a contribution changes state: checked, recorded, and reflected publicly.

    Only the contribution's row is locked (FOR UPDATE OF its table): an import holds
    every occupation row it updates until it commits, and locking the joined occupation
    too made a moderator wait for the whole import (tens of seconds). The changelog row
    written here only needs the occupation to exist (a key-share lock, which an
    import's updates do not block).
    """
    with transaction.atomic():
        current = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("occupation")
            .get(pk=feedback.pk)
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
        if changes_public_pages(current.kind, current.status, to_status):
            # That career's pages only (page, JSON, changes, comparisons that show it),
            # once the move commits.
            content_changed(current.occupation.slug, current.occupation.code)
        now = timezone.now()
        previous = current.status
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
                summary += f" Proposed: {current.proposed_value.translate(BIDI_CONTROLS)[:300]}"
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
        elif (
            to_status == Feedback.REJECTED
            and previous in (Feedback.ACCEPTED, Feedback.PUBLISHED)
            and ChangeLogEntry.objects.filter(feedback=current).exists()
        ):
            # Withdrawn after the changelog announced it: the changelog says so too.
            ChangeLogEntry.objects.create(
                occupation=current.occupation,
                at=now,
                origin=ChangeLogEntry.CONTRIBUTOR,
                section=current.section if current.kind != Feedback.EXPERIENCE else "inside",
                summary=(
                    "An experience note published earlier was taken off the page."
                    if current.kind == Feedback.EXPERIENCE
                    else f"{current.get_section_display()}: a correction accepted earlier "
                    "was withdrawn."
                ),
                feedback=current,
                by=user,
            )
    for name in ("status", "moderator_id", "moderated_at", "moderator_note"):
        setattr(feedback, name, getattr(current, name))
    return current


def publishable(feedback: Feedback) -> bool:
    """An experience note whose author agreed to its publication."""
    return feedback.kind == Feedback.EXPERIENCE and feedback.consent_publish


# The one-step move offered for consented notes: accept, then publish, as one decision.
ACCEPT_AND_PUBLISH = "accept_and_publish"


def valid_moves(feedback: Feedback) -> list[str]:
    """The moves a moderator may make from here, in the order the admin offers them."""
    allowed = TRANSITIONS.get(feedback.status, set())
    order = [Feedback.IN_REVIEW, Feedback.ACCEPTED, Feedback.PUBLISHED, Feedback.REJECTED]
    moves = [s for s in [*order, Feedback.SPAM] if s in allowed]
    if Feedback.PUBLISHED in moves and not publishable(feedback):
        moves.remove(Feedback.PUBLISHED)
    if Feedback.ACCEPTED in moves and publishable(feedback):
        moves.insert(moves.index(Feedback.ACCEPTED), ACCEPT_AND_PUBLISH)
    return moves


def moderate(feedback: Feedback, move: str, user, note: str = "") -> Feedback:
    """Make one moderator's move: a status, or accept-and-publish in one transaction, so a
    note is never left accepted but unpublished by a failure half-way."""
    if move != ACCEPT_AND_PUBLISH:
        return transition(feedback, move, user, note)
    if not publishable(feedback):
        raise InvalidTransition(
            "only experience notes whose author agreed to publication can be published"
        )
    with transaction.atomic():
        transition(feedback, Feedback.ACCEPTED, user, note)
        return transition(feedback, Feedback.PUBLISHED, user)


def record_editor_change(occupation, user, fields: list[str], feedback: Feedback | None = None):
    """An admin edit of a career, for the public changelog; `feedback` is the accepted
    correction the edit carries out, when the editor came from it."""
    if not fields:
        return None
    summary = f"Edited by the site's editors: {', '.join(fields)}."
    if feedback is not None:
        summary += " This carries out a correction from a contributor."
    return ChangeLogEntry.objects.create(
        occupation=occupation,
        origin=ChangeLogEntry.EDITOR,
        section=feedback.section if feedback is not None else "",
        summary=summary,
        feedback=feedback,
        by=user,
    )
