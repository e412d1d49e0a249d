"""E-mail moderators a digest of contributions that arrived since the last digest."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from profiles.models import Feedback


def moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_feedback")
        | Q(user_permissions__codename="moderate_feedback")
    ).distinct()
    return sorted(set(users.values_list("email", flat=True)))


class Command(BaseCommand):
    help = "Send moderators a digest of new contributions (each item is reported once)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the digest; send nothing")

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            items = list(
                Feedback.objects.select_for_update()
                .filter(status=Feedback.NEW, notified_at__isnull=True)
                .select_related("occupation")
                .order_by("submitted_at")
            )
            if not items:
                self.stdout.write("No new contributions.")
                return
            recipients = moderator_emails()
            lines = [f"{len(items)} new contribution(s) are waiting in the moderation queue:", ""]
            for f in items:
                link = settings.SITE_URL + reverse(
                    "admin:profiles_feedbackqueue_change", args=[f.pk]
                )
                lines.append(
                    f"- {f.get_kind_display()} on {f.occupation.title} ({f.get_section_display()}), "
                    f"{f.submitted_at:%Y-%m-%d %H:%M} UTC"
                )
                lines.append(f"  {link}")
            lines += [
                "",
                "Queue: " + settings.SITE_URL + reverse("admin:profiles_feedbackqueue_changelist"),
            ]
            body = "\n".join(lines)
            if dry_run:
                self.stdout.write(body)
                transaction.set_rollback(True)
                return
            if not recipients:
                self.stderr.write("No moderator has an e-mail address; nothing sent.")
                transaction.set_rollback(True)
                return
            send_mail(
                f"[{settings.SITE_NAME}] {len(items)} contribution(s) to moderate",
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
            )
            Feedback.objects.filter(pk__in=[f.pk for f in items]).update(notified_at=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                f"Digest of {len(items)} item(s) sent to {len(recipients)} moderator(s)."
            )
        )
