import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from markupsafe import escape

from careers.models import Occupation
from profiles.contributions import services
from profiles.contributions.forms import issue_token
from profiles.contributions.models import ChangeLogEntry, Feedback, FeedbackHistory
from salaries.models import Wage
from tests.conftest import post_occupation_admin_form

GOOD = {
    "kind": "experience",
    "section": "inside",
    "message": "Most days start on the shop floor with a short safety walk and a look at yesterday's output.",
    "proposed_value": "",
    "works_in_career": "on",
    "years_experience": "12",
    "name": "Dana",
    "email": "dana@example.org",
    "consent_publish": "on",
    "website": "",
}


@pytest.fixture
def occ(make_occupation):
    return make_occupation(
        code="11-3051.00",
        title="Industrial Production Managers",
        slug="industrial-production-managers",
    )


@pytest.fixture(autouse=True)
def quick_fill(settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 0


def url(occ):
    return reverse("careers:feedback", args=[occ.slug])


def post(client, occ, **changes):
    data = {**GOOD, "token": issue_token(), **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(url(occ), data)


def assert_describedby_targets_exist(html: str):
    """Every id an aria-describedby names is on the page (else a screen reader hears no
    hint or error: Django names {id}_helptext and {id}_error itself)."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = [i for ref in re.findall(r'aria-describedby="([^"]+)"', html) for i in ref.split()]
    assert named, "no field is described"
    assert [i for i in named if i not in ids] == []


def test_form_renders_with_every_field_and_a_token(client, occ):
    html = client.get(url(occ)).content.decode()
    for name in (
        "kind",
        "section",
        "message",
        "proposed_value",
        "works_in_career",
        "years_experience",
        "name",
        "email",
        "consent_publish",
        "website",
        "token",
        "csrfmiddlewaretoken",
    ):
        assert f'name="{name}"' in html, name
    assert 'class="hp" aria-hidden="true"' in html
    assert_describedby_targets_exist(html)


def test_career_page_links_to_the_form(client, occ):
    assert f'href="{url(occ)}"' in client.get(occ.get_absolute_url()).content.decode()


def test_csrf_is_enforced(occ):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url(occ), {**GOOD, "token": issue_token()})
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_submit_queue_accept_publish_visible_and_in_changelog(
    client, occ, moderator, django_capture_on_commit_callbacks
):
    response = post(client, occ)
    assert response.status_code == 302 and response["Location"] == reverse(
        "careers:feedback_thanks", args=[occ.slug]
    )
    assert "waiting for review" in client.get(response["Location"]).content.decode()
    item = Feedback.objects.get()
    assert item.status == Feedback.NEW and list(Feedback.objects.review()) == [item]
    assert item.client_hash and "127.0.0.1" not in item.client_hash
    assert GOOD["message"] not in client.get(occ.get_absolute_url()).content.decode()

    client.force_login(moderator)
    queue = client.get(reverse("admin:profiles_feedbackqueue_changelist"))
    assert queue.status_code == 200 and "Industrial Production Managers" in queue.content.decode()
    r = client.post(
        reverse("admin:profiles_feedbackqueue_changelist"),
        {"action": "accept", "_selected_action": [item.pk]},
        follow=True,
    )
    assert "Accepted 1 contribution." in r.content.decode()
    # The anonymous page above is cached; publishing must make it stale once committed.
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("admin:profiles_acceptedfeedback_changelist"),
            {"action": "publish", "_selected_action": [item.pk]},
            follow=True,
        )
    assert "Published 1 contribution." in r.content.decode()
    item.refresh_from_db()
    assert item.status == Feedback.PUBLISHED and item.moderator == moderator and item.moderated_at

    client.logout()
    page = client.get(occ.get_absolute_url()).content.decode()
    notes = re.search(r'<div id="notes".*?</div>', page, re.S).group(0)
    assert escape(GOOD["message"]) in notes and "12 years in this career" in notes
    assert "dana@example.org" not in page
    changes = client.get(reverse("careers:changes", args=[occ.slug])).content.decode()
    assert "experience note from someone in this career was published" in changes
    assert [(h.from_status, h.to_status, h.by_id) for h in item.history.all()] == [
        ("", "new", None),
        ("new", "accepted", moderator.pk),
        ("accepted", "published", moderator.pk),
    ]


def test_accepted_correction_goes_to_the_public_changelog(client, occ, moderator):
    post(
        client,
        occ,
        kind="correction",
        section="pay",
        consent_publish=None,
        proposed_value="Median is about $125,000 here",
    )
    item = Feedback.objects.get()
    services.transition(item, Feedback.ACCEPTED, moderator)
    entry = ChangeLogEntry.objects.get()
    assert entry.origin == "contributor" and entry.section == "pay" and entry.feedback == item
    html = client.get(reverse("careers:changes", args=[occ.slug])).content.decode()
    assert "From a contributor" in html and "Pay: correction from a contributor accepted." in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": ""}, "kind", "Choose what kind of contribution this is."),
        ({"kind": "praise"}, "kind", "Select a valid choice."),
        ({"section": ""}, "section", "Choose the part of the page this is about."),
        ({"message": ""}, "message", "Write a message"),
        (
            {"message": "Too short."},
            "message",
            "Please write at least 20 characters (you wrote 10)",
        ),
        (
            {"message": "x" * 4001},
            "message",
            "Please keep it under 4000 characters (you wrote 4001).",
        ),
        (
            {"proposed_value": "y" * 1001},
            "proposed_value",
            "Keep the proposed text under 1000 characters",
        ),
        ({"years_experience": "-1"}, "years_experience", "Years of experience cannot be negative."),
        ({"years_experience": "71"}, "years_experience", "Enter at most 70 years."),
        (
            {"years_experience": "lots"},
            "years_experience",
            "Enter your years of experience as a whole number",
        ),
        (
            {"years_experience": "99999999999999999999"},
            "years_experience",
            "Enter at most 70 years.",
        ),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address"),
        ({"name": "n" * 101}, "name", "Keep your name under 100 characters."),
        (
            {"message": "See http://a.example and http://b.example and www.c.example for details"},
            "message",
            "at most 2 links",
        ),
        ({"kind": "correction"}, "consent_publish", "Only experience notes are published"),
        (
            {"message": "Contains a NUL \x00 byte which is never valid text"},
            "message",
            "Null characters are not allowed.",
        ),
    ],
)
def test_each_validation_error_rerenders_with_the_typed_text(client, occ, changes, field, message):
    response = post(client, occ, **changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(message) in html
    assert f'id="id_{field}_error"' in html
    assert_describedby_targets_exist(html)
    assert 'id="error-summary"' in html
    typed = changes.get("message", GOOD["message"])
    if "\x00" not in typed and len(typed) < 4001:
        assert escape(typed) in html  # nothing the person typed is lost
    assert escape(GOOD["name"] if "name" not in changes else changes["name"]) in html
    assert Feedback.objects.count() == 0


def test_honeypot_is_refused_with_a_reason_and_text_kept(client, occ):
    response = post(client, occ, website="http://spam.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "looked automated" in html and escape(GOOD["message"]) in html
    assert Feedback.objects.count() == 0


def test_too_fast_is_refused(client, occ, settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 3
    response = post(client, occ)
    assert response.status_code == 400
    assert "faster than a person can fill it in" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_forged_token_is_refused(client, occ):
    response = post(client, occ, token="forged:token:value")
    assert response.status_code == 400 and "could not be verified" in response.content.decode()


def test_rate_limit_per_career_gives_429_and_keeps_text(client, occ, settings):
    settings.FEEDBACK_RATE_PER_CAREER = "2/h"
    for i in range(2):
        assert post(client, occ, message=f"{GOOD['message']} ({i})").status_code == 302
    response = post(client, occ, message=GOOD["message"] + " (third)")
    assert response.status_code == 429
    html = response.content.decode()
    assert (
        "several contributions in a short time" in html
        and escape(GOOD["message"] + " (third)") in html
    )
    assert Feedback.objects.count() == 2


def test_rate_limit_per_day_across_careers(client, occ, make_occupation, settings):
    settings.FEEDBACK_RATE_PER_DAY = "3/d"
    other = make_occupation()
    for i, target in enumerate([occ, other, occ]):
        assert post(client, target, message=f"{GOOD['message']} #{i}").status_code == 302
    assert post(client, other, message=GOOD["message"] + " #4").status_code == 429


def test_same_text_from_same_client_is_folded(client, occ):
    post(client, occ)
    post(client, occ, message="  " + GOOD["message"].upper() + "  ")
    item = Feedback.objects.get()
    assert item.duplicates == 1


def test_oversize_body_is_refused(client, occ, settings):
    settings.FEEDBACK_MAX_BODY_BYTES = 10_000
    response = post(client, occ, message="z" * 20_000)
    assert response.status_code == 413
    assert "larger than 9 KB, so it was not read" in response.content.decode()


def test_unicode_is_stored_and_shown_intact(client, occ, moderator):
    text = "\u05e2\u05d1\u05e8\u05d9\u05ea \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \U0001f3ed\U0001f477 \u4e2d\u6587\u6ce8\u91ca and some English words"
    assert post(client, occ, message=text).status_code == 302
    item = Feedback.objects.get()
    assert item.message == text
    services.transition(item, Feedback.ACCEPTED, moderator)
    services.transition(item, Feedback.PUBLISHED, moderator)
    assert text in client.get(occ.get_absolute_url()).content.decode()


def test_html_is_inert_on_the_page_and_in_the_admin(client, occ, moderator):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)> still a real note about work'
    post(client, occ, message=evil, name='"><b>bold</b>')
    item = Feedback.objects.get()
    services.transition(item, Feedback.ACCEPTED, moderator)
    services.transition(item, Feedback.PUBLISHED, moderator)
    page = client.get(occ.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page
    client.force_login(moderator)
    admin_page = client.get(
        reverse("admin:profiles_feedback_change", args=[item.pk])
    ).content.decode()
    assert "<script>alert" not in admin_page and "&lt;script&gt;" in admin_page


@pytest.mark.parametrize(
    ("path", "target", "error"),
    [
        (["new"], Feedback.PUBLISHED, "from new to published"),
        (["new", "accepted", "published"], Feedback.ACCEPTED, "from published to accepted"),
        (["new", "spam"], Feedback.ACCEPTED, "from spam to accepted"),
        (["new", "rejected"], Feedback.PUBLISHED, "from rejected to published"),
    ],
)
def test_invalid_transitions_are_refused(client, occ, moderator, path, target, error):
    post(client, occ)
    item = Feedback.objects.get()
    for status in path[1:]:
        services.transition(item, status, moderator)
    before = FeedbackHistory.objects.count()
    with pytest.raises(services.InvalidTransition, match=error):
        services.transition(item, target, moderator)
    item.refresh_from_db()
    assert item.status == path[-1] and FeedbackHistory.objects.count() == before


def test_a_correction_cannot_be_published(client, occ, moderator):
    post(client, occ, kind="correction", consent_publish=None)
    item = Feedback.objects.get()
    services.transition(item, Feedback.ACCEPTED, moderator)
    with pytest.raises(services.InvalidTransition, match="only experience notes"):
        services.transition(item, Feedback.PUBLISHED, moderator)


def test_history_row_for_every_change(client, occ, moderator):
    post(client, occ)
    item = Feedback.objects.get()
    for status in ["in_review", "rejected", "in_review", "accepted"]:
        services.transition(item, status, moderator, note=f"to {status}")
    assert [h.to_status for h in item.history.all()] == [
        "new",
        "in_review",
        "rejected",
        "in_review",
        "accepted",
    ]
    assert item.history.last().note == "to accepted"


def test_bulk_action_reports_refusals(client, occ, moderator):
    post(client, occ)
    post(
        client,
        occ,
        kind="correction",
        consent_publish=None,
        message=GOOD["message"] + " (correction)",
    )
    for item in Feedback.objects.all():
        services.transition(item, Feedback.ACCEPTED, moderator)
    client.force_login(moderator)
    r = client.post(
        reverse("admin:profiles_acceptedfeedback_changelist"),
        {
            "action": "publish",
            "_selected_action": list(Feedback.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    html = r.content.decode()
    assert "Published 1 contribution." in html and "1 not changed" in html


def test_queue_offers_only_actions_valid_for_its_state(client, occ, moderator):
    post(client, occ)
    post(client, occ, message=GOOD["message"] + " (second)")
    services.transition(Feedback.objects.order_by("pk").last(), Feedback.ACCEPTED, moderator)
    client.force_login(moderator)
    queue = client.get(reverse("admin:profiles_feedbackqueue_changelist")).content.decode()
    accepted = client.get(reverse("admin:profiles_acceptedfeedback_changelist")).content.decode()
    assert 'value="accept"' in queue and 'value="publish"' not in queue
    assert (
        'value="publish"' in accepted
        and 'value="accept"' not in accepted
        and 'value="mark_spam"' not in accepted
    )


def test_queue_shows_counts_per_status(client, occ, moderator):
    post(client, occ)
    client.force_login(moderator)
    html = client.get(reverse("admin:profiles_feedbackqueue_changelist")).content.decode()
    assert "<strong>New</strong>: 1" in html and "<strong>Published</strong>: 0" in html


def test_permissions(client, occ, moderator):
    post(client, occ)
    item = Feedback.objects.get()
    queue = reverse("admin:profiles_feedbackqueue_changelist")
    assert client.get(queue).status_code == 302  # anonymous: to the login page
    staff = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(staff)
    assert client.get(queue).status_code == 403
    client.post(queue, {"action": "accept", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert item.status == Feedback.NEW
    client.force_login(moderator)
    assert client.get(queue).status_code == 200
    assert client.get(reverse("admin:profiles_feedback_change", args=[item.pk])).status_code == 200
    assert not moderator.has_perm("careers.change_occupation")  # only what moderation needs


def test_contributor_words_are_read_only_to_moderators(client, occ, moderator):
    post(client, occ)
    item = Feedback.objects.get()
    client.force_login(moderator)
    change = reverse("admin:profiles_feedback_change", args=[item.pk])
    html = client.get(change).content.decode()
    assert 'name="message"' not in html and 'name="moderator_note"' in html
    client.post(
        change,
        {
            "message": "rewritten",
            "moderator_note": "checked with the BLS figures",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    item.refresh_from_db()
    assert item.message == GOOD["message"] and item.moderator_note == "checked with the BLS figures"


def test_notify_moderators_sends_a_digest_once(client, occ, moderator):
    post(client, occ)
    call_command("notify_moderators", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["mod@example.org"] and "1 contribution(s) to moderate" in msg.subject
    item = Feedback.objects.get()
    assert f"/admin/profiles/feedbackqueue/{item.pk}/change/" in msg.body
    call_command("notify_moderators", stdout=__import__("io").StringIO())
    assert len(mail.outbox) == 1


def test_admin_edit_of_a_career_is_in_the_changelog(client, occ):
    admin_user = User.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(admin_user)
    change = reverse("admin:careers_occupation_change", args=[occ.pk])
    r = post_occupation_admin_form(
        client, change, occ, summary="A new one-line summary written by an editor."
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = ChangeLogEntry.objects.get(occupation=occ)
    assert entry.origin == "editor" and "summary" in entry.summary
    assert (
        "By an editor" in client.get(reverse("careers:changes", args=[occ.slug])).content.decode()
    )


# --- the changelog follows a withdrawal; contributors' text cannot reorder the page ----


def changelog(client, occ):
    html = client.get(reverse("careers:changes", args=[occ.slug])).content.decode()
    return re.findall(r"<p>([^<]+)</p>\s*</li>", html)


def test_unpublishing_a_note_is_in_the_changelog_too(
    client, occ, moderator, experience_note, django_capture_on_commit_callbacks
):
    item = experience_note(occ, GOOD["message"])
    services.transition(item, Feedback.ACCEPTED, moderator)
    services.transition(item, Feedback.PUBLISHED, moderator)
    assert changelog(client, occ) == [
        "An experience note from someone in this career was published."
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the cached changelog goes stale
        services.transition(item, Feedback.REJECTED, moderator)
    # Newest first: the withdrawal, then the publication it undoes.
    assert changelog(client, occ) == [
        "An experience note published earlier was taken off the page.",
        "An experience note from someone in this career was published.",
    ]
    assert escape(GOOD["message"]) not in client.get(occ.get_absolute_url()).content.decode()


def test_withdrawing_an_accepted_correction_is_in_the_changelog(client, occ, moderator):
    post(client, occ, kind="correction", section="pay", consent_publish=None)
    item = Feedback.objects.get()
    services.transition(item, Feedback.ACCEPTED, moderator)
    services.transition(item, Feedback.REJECTED, moderator)
    assert changelog(client, occ)[0] == "Pay: a correction accepted earlier was withdrawn."
    assert ChangeLogEntry.objects.filter(feedback=item).count() == 2


def test_rejecting_what_was_never_announced_adds_nothing(client, occ, moderator):
    post(client, occ)
    services.transition(Feedback.objects.get(), Feedback.REJECTED, moderator)
    assert not ChangeLogEntry.objects.exists()


def test_contributor_name_and_note_are_isolated_from_the_page_direction(
    client, occ, moderator, experience_note
):
    item = experience_note(occ, "\u202eA note that tries to reverse what follows it.")
    item.name = "\u202eDana"
    item.years_experience = 4
    item.save()
    services.transition(item, Feedback.ACCEPTED, moderator)
    services.transition(item, Feedback.PUBLISHED, moderator)
    html = client.get(occ.get_absolute_url()).content.decode()
    notes = re.search(r'<div id="notes".*?</div>', html, re.S).group(0)
    assert "<bdi>\u202eDana</bdi>, 4 years in this career" in notes
    assert '<blockquote dir="auto"><p>\u202eA note' in notes


def test_bidi_controls_are_dropped_from_a_correction_quoted_in_the_changelog(
    client, occ, moderator
):
    post(
        client,
        occ,
        kind="correction",
        section="pay",
        consent_publish=None,
        proposed_value="About \u202e$125,000\u202c here \u2067x\u2069",
    )
    services.transition(Feedback.objects.get(), Feedback.ACCEPTED, moderator)
    entry = ChangeLogEntry.objects.get()
    assert entry.summary.endswith("Proposed: About $125,000 here x")
    assert not any(
        c in changelog(client, occ)[0]
        for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )


def test_years_of_experience_alone_say_the_person_works_in_it(client, occ):
    r = post(client, occ, works_in_career=None, years_experience="7")
    assert r.status_code == 302
    item = Feedback.objects.get()
    assert item.years_experience == 7 and item.works_in_career


def test_error_summary_names_each_field_once_in_plain_words(client, occ):
    r = post(client, occ, kind="", section="", message="short")
    summary = re.search(
        r'<div class="alert"[^>]*id="error-summary">(.*?)</div>', r.content.decode(), re.S
    )
    items = re.findall(r'<li><a href="#([^"]+)">([^<:]+): ', summary.group(1))
    assert items == [
        ("id_kind_0", "Kind of contribution"),
        ("id_section", "Part of the page"),
        ("id_message", "Your message"),
    ]
    assert "?:" not in summary.group(1)


def test_the_form_shows_what_the_section_says_now(client, demo):
    rn = Occupation.objects.get(code="29-1141.00")
    html = client.get(
        reverse("careers:feedback", args=[rn.slug]), {"section": "pay"}
    ).content.decode()
    now = re.search(r'<div class="current-value">(.*?)</div>', html, re.S).group(1)
    wage = Wage.objects.current_national().filter(occupation=rn).first()
    assert f"National median pay: ${wage.annual_median:,} a year" in now
    assert f"BLS OEWS, May {wage.release_year}" in now
    assert f'href="{rn.get_absolute_url()}#pay"' in now
    tasks = client.get(reverse("careers:feedback", args=[rn.slug]), {"section": "tasks"})
    first = rn.tasks.order_by("position", "id").first().statement
    assert escape(first) in tasks.content.decode()
    assert (
        'class="current-value"'
        not in client.get(
            reverse("careers:feedback", args=[rn.slug]), {"section": "nonsense"}
        ).content.decode()
    )
