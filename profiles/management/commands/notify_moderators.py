"""E-mail moderators a digest of contributions that arrived since the last digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from profiles.contributions.models import Feedback
from profiles.contributions.notify import digest_body, moderator_emails


class Command(BaseCommand):
    help = "Send moderators a digest of new contributions (each item is reported once)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print the digest; send nothing")

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            items = list(
                Feedback.objects.select_for_update(of=("self",))
                .filter(status=Feedback.NEW, notified_at__isnull=True)
                .select_related("occupation")
                .order_by("submitted_at")
            )
            if not items:
                self.stdout.write("No new contributions.")
                return
            recipients = moderator_emails()
            body = digest_body(items)
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
