"""Moderation in one step from where the moderator is: the item page and the queue."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from profiles.contributions import services
from profiles.contributions.models import ChangeLogEntry, Feedback
from tests.conftest import post_occupation_admin_form


@pytest.fixture
def occ(make_occupation):
    return make_occupation(code="11-3051.00", title="Industrial Production Managers")


def note(occ, **kw):
    fields = {
        "occupation": occ,
        "kind": Feedback.EXPERIENCE,
        "section": "inside",
        "message": "Most days start on the shop floor with a short safety walk.",
        "consent_publish": True,
        **kw,
    }
    return Feedback.objects.create(**fields)


def moves_on_item_page(client, item):
    html = client.get(reverse("admin:profiles_feedbackqueue_change", args=[item.pk])).content
    return re.findall(r'name="move" value="([a-z_]+)"', html.decode())


def test_item_page_offers_only_valid_moves(client, occ, moderator):
    client.force_login(moderator)
    consented = note(occ)
    assert moves_on_item_page(client, consented) == [
        "in_review",
        "accept_and_publish",
        "accepted",
        "rejected",
        "spam",
    ]
    correction = note(occ, kind=Feedback.CORRECTION, consent_publish=False, section="pay")
    assert "accept_and_publish" not in moves_on_item_page(client, correction)
    assert "published" not in moves_on_item_page(client, correction)


def test_accept_and_publish_is_one_step_from_the_item_page(client, occ, moderator):
    client.force_login(moderator)
    item = note(occ)
    url = reverse("admin:profiles_feedbackqueue_moderate", args=[item.pk])
    assert client.get(url).status_code == 405  # a move is a POST, never a link
    r = client.post(url, {"move": "accept_and_publish", "note": "checked"}, follow=True)
    item.refresh_from_db()
    assert item.status == Feedback.PUBLISHED and item.moderator == moderator
    assert list(item.history.values_list("to_status", flat=True).order_by("pk")) == [
        "accepted",
        "published",
    ]
    assert "Accept and publish: done" in r.content.decode()
    page = client.get(occ.get_absolute_url()).content.decode()
    assert "short safety walk" in page


def test_a_move_that_is_not_allowed_changes_nothing(client, occ, moderator):
    client.force_login(moderator)
    item = note(occ, consent_publish=False)
    url = reverse("admin:profiles_feedbackqueue_moderate", args=[item.pk])
    r = client.post(url, {"move": "accept_and_publish"}, follow=True)
    item.refresh_from_db()
    assert item.status == Feedback.NEW and not item.history.exists()
    assert "Not changed: only experience notes" in r.content.decode()
    client.post(url, {"move": "published"})
    item.refresh_from_db()
    assert item.status == Feedback.NEW


def test_only_moderators_may_move(client, occ):
    item = note(occ)
    staff = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(staff)
    url = reverse("admin:profiles_feedbackqueue_moderate", args=[item.pk])
    assert client.post(url, {"move": "accepted"}).status_code == 403
    item.refresh_from_db()
    assert item.status == Feedback.NEW


def test_bulk_accept_and_publish_in_the_queue(client, occ, moderator):
    client.force_login(moderator)
    a, b = note(occ), note(occ, consent_publish=False, message="Another note, not for publishing.")
    r = client.post(
        reverse("admin:profiles_feedbackqueue_changelist"),
        {"action": "accept_and_publish", "_selected_action": [a.pk, b.pk]},
        follow=True,
    )
    a.refresh_from_db(), b.refresh_from_db()
    assert a.status == Feedback.PUBLISHED and b.status == Feedback.NEW
    assert "Accepted and published 1 contribution." in r.content.decode()


def test_queue_rows_show_excerpt_status_and_age_and_the_header_names_the_site(
    client, occ, moderator, settings
):
    client.force_login(moderator)
    note(occ, message="x" * 200)
    html = client.get(reverse("admin:profiles_feedbackqueue_changelist")).content.decode()
    header = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', html)
    assert header == ["short_message", "occupation", "kind", "status", "age"]
    assert "x" * 60 + "\u2026" in html and "x" * 61 not in html
    assert f"{settings.SITE_NAME}: moderation and content" in html
    assert "Django administration" not in html


def test_item_page_links_to_the_public_section(client, occ, moderator):
    client.force_login(moderator)
    item = note(occ)
    html = client.get(reverse("admin:profiles_feedbackqueue_change", args=[item.pk])).content
    assert f'href="{occ.get_absolute_url()}#inside"' in html.decode()


def test_accepted_correction_leads_to_the_field_and_the_edit_is_in_the_changelog(client, occ):
    boss = User.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(boss)
    item = note(occ, kind=Feedback.CORRECTION, consent_publish=False, section="summary")
    services.transition(item, Feedback.ACCEPTED, boss)
    html = client.get(reverse("admin:profiles_feedback_change", args=[item.pk])).content.decode()
    edit = reverse("admin:careers_occupation_change", args=[occ.pk])
    link = f"{edit}?from_feedback={item.pk}#id_summary"
    assert f'href="{link}"' in html

    r = post_occupation_admin_form(client, link, occ, summary="The corrected one-line summary.")
    assert r.status_code == 302
    entry = ChangeLogEntry.objects.filter(origin=ChangeLogEntry.EDITOR).get()
    assert entry.feedback == item and entry.section == "summary"
    assert "carries out a correction from a contributor" in entry.summary
    public = client.get(reverse("careers:changes", args=[occ.slug])).content.decode()
    assert "carries out a correction from a contributor" in public
