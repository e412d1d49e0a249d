"""Whole-page cache: hits skip the database, data changes make pages stale at once."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from careers.models import Category, Occupation
from config.core import pagecache
from profiles.contributions import services
from profiles.contributions.models import Feedback

IPM = "/careers/industrial-production-managers/"
PUBLIC_PAGES = [
    "/",
    "/careers/",
    "/careers/?category=management",
    IPM,
    "/about/data/",
    "/about/ai-resilience/",
    IPM + "changes/",
    IPM + "pay/?area=oh",
    "/pay/",
]


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.org", "pw-not-used")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_are_cached_and_public(client, demo, path, django_assert_num_queries):
    first = client.get(path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"].startswith('"') and not first.cookies
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=300"


def test_conditional_get_answers_304_without_a_body(client, demo, django_assert_num_queries):
    etag = client.get(IPM)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(IPM, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    # A different tag gets the full page.
    assert client.get(IPM, headers={"if-none-match": '"other"'}).status_code == 200


def test_304_also_on_the_first_uncached_request(client, demo):
    etag = client.get(IPM)["ETag"]
    client.get("/")  # unrelated
    pagecache._bump()  # new version: the next request renders again
    response = client.get(IPM, headers={"if-none-match": etag})
    # The content is the same but the version is new, so the tag differs: a full page.
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    again = client.get(IPM, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_head_on_a_cached_page_has_headers_and_no_body(client, demo):
    body = client.get(IPM).content
    response = client.head(IPM)
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_query_strings_are_cached_separately(client, demo):
    everything = client.get("/careers/").content
    management = client.get("/careers/?category=management").content
    assert everything != management
    assert client.get("/careers/?category=management").content == management


def test_cached_pages_carry_no_csrf_token_and_set_no_cookie(client, demo):
    for path in PUBLIC_PAGES:
        for response in (client.get(path), client.get(path)):
            assert b"csrfmiddlewaretoken" not in response.content
            assert "csrftoken" not in response.cookies and "Set-Cookie" not in response


def test_the_form_and_the_admin_are_never_cached(client, demo, editor):
    form = client.get(IPM + "feedback/")
    assert "no-store" in form["Cache-Control"] and "public" not in form["Cache-Control"]
    assert "X-Page-Cache" not in form
    assert b"csrfmiddlewaretoken" in form.content
    client.force_login(editor)
    admin_page = client.get(reverse("admin:careers_occupation_changelist"))
    assert admin_page.status_code == 200
    assert "no-store" in admin_page["Cache-Control"] and "private" in admin_page["Cache-Control"]
    assert "X-Page-Cache" not in admin_page


def test_logged_in_editors_get_a_fresh_private_page(client, demo, editor):
    client.get(IPM)  # cached for anonymous visitors
    client.force_login(editor)
    response = client.get(IPM)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_404_is_not_cached(client, demo):
    assert client.get("/careers/no-such-career/").status_code == 404
    second = client.get("/careers/no-such-career/")
    assert second.status_code == 404 and "X-Page-Cache" not in second


def test_admin_edit_makes_pages_stale(client, demo, editor, django_capture_on_commit_callbacks):
    assert ">Management<" in client.get(IPM).content.decode()
    category = Category.objects.get(code="11")
    admin = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:careers_category_change", args=[category.pk]),
            {"code": "11", "name": "Leadership Occupations", "slug": category.slug},
        )
    assert response.status_code == 302
    page = client.get(IPM)
    assert page["X-Page-Cache"] == "miss"
    assert "Leadership Occupations" in page.content.decode()


def test_published_contribution_makes_pages_stale(
    client, demo, editor, experience_note, django_capture_on_commit_callbacks
):
    occupation = Occupation.objects.get(code="11-3051.00")
    before = client.get(IPM).content.decode()
    item = experience_note(occupation, "The night shift is quieter than people expect.")
    assert "The night shift is quieter" not in before
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(item, Feedback.ACCEPTED, editor)
        services.transition(item, Feedback.PUBLISHED, editor)
    assert "The night shift is quieter" in client.get(IPM).content.decode()


def test_import_makes_pages_stale_but_a_no_op_import_does_not(
    client, demo, django_capture_on_commit_callbacks
):
    client.get(IPM)
    version = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)  # nothing changes
    assert pagecache.content_version() == version
    assert client.get(IPM)["X-Page-Cache"] == "hit"

    Occupation.objects.filter(code="11-3051.00").update(title="Plant Managers")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)  # puts the demo title back
    assert pagecache.content_version() == version + 1
    page = client.get(IPM)
    assert (
        page["X-Page-Cache"] == "miss" and "Industrial Production Managers" in page.content.decode()
    )


def test_a_rolled_back_change_does_not_invalidate(client, demo, django_capture_on_commit_callbacks):
    from django.db import transaction

    version = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.content_changed()
        transaction.set_rollback(True)
    assert pagecache.content_version() == version


def client_for(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    return c


def test_another_process_change_is_seen_within_the_version_interval(client, demo, settings):
    from django.core.cache import cache

    client.get(IPM)
    assert client.get(IPM)["X-Page-Cache"] == "hit"
    # Another process (an import, another worker) bumps the shared version: this process
    # keeps its memo for PAGE_CACHE_VERSION_SECONDS, then sees the change.
    cache.incr(pagecache.VERSION_KEY)
    settings.PAGE_CACHE_VERSION_SECONDS = 3600
    assert client.get(IPM)["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_VERSION_SECONDS = 0
    assert client.get(IPM)["X-Page-Cache"] == "miss"


def test_the_local_memory_is_bounded(client, demo, settings):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 2
    for path in PUBLIC_PAGES:
        client.get(path)
    assert len(pagecache.local.pages) == 2
    # Evicted locally, still served from the shared cache.
    assert client.get(PUBLIC_PAGES[0])["X-Page-Cache"] == "hit"
