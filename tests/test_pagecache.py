"""Whole-page cache: hits skip the database, keys follow what a page shows, and a change
makes stale exactly the pages that show it."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from careers.models import Category, Occupation
from config.core import pagecache
from profiles.contributions import services
from profiles.contributions.models import Feedback

IPM = "/careers/industrial-production-managers/"
NURSES = "/careers/registered-nurses/"
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
    pagecache._bump()  # new global version: the next request renders again
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


def page_entries(prefix="page:"):
    """The page entries in the shared (local-memory) cache, by their cache key."""
    return [k for k in cache._cache if k.split(":", 2)[2].startswith(prefix)]


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
    client.get(NURSES)
    version = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)  # nothing changes
    assert pagecache.content_version() == version
    assert client.get(IPM)["X-Page-Cache"] == "hit"

    Occupation.objects.filter(code="11-3051.00").update(title="Plant Managers")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)  # puts the demo title back
    assert pagecache.content_version() != version
    page = client.get(IPM)
    assert (
        page["X-Page-Cache"] == "miss" and "Industrial Production Managers" in page.content.decode()
    )
    # An import changes everything it touched, pages of other careers included (their
    # cards list this one): the global version, every page stale.
    assert client.get(NURSES)["X-Page-Cache"] == "miss"


def test_a_rolled_back_change_does_not_invalidate(client, demo, django_capture_on_commit_callbacks):
    from django.db import transaction

    version = pagecache.content_version("industrial-production-managers")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.content_changed()
        pagecache.content_changed("industrial-production-managers")
        transaction.set_rollback(True)
    assert pagecache.content_version("industrial-production-managers") == version


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_another_process_change_is_seen_within_the_version_interval(client, demo, settings):
    client.get(IPM)
    assert client.get(IPM)["X-Page-Cache"] == "hit"
    # Another process (an import, another worker) bumps the shared version: this process
    # keeps its memo for PAGE_CACHE_VERSION_SECONDS, then sees the change.
    cache.set(pagecache.VERSION_PREFIX + pagecache.GLOBAL, "set-by-another-process")
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


# --- keys: what the page shows, not what the request says ------------------------------


def test_a_thousand_unused_parameters_make_at_most_one_entry(client, demo):
    first = client.get(IPM + "?utm_x=0")
    assert first["X-Page-Cache"] == "miss"
    for i in range(1, 1000):
        response = client.get(f"{IPM}?utm_x={i}&ref=r{i}")
        assert response["X-Page-Cache"] == "hit", i
        assert response.content == first.content
    assert len(page_entries()) == 1
    assert len(pagecache.local.pages) == 1


@pytest.mark.parametrize(
    "variants",
    [
        # unused parameters on pages that have parameters of their own
        ["/careers/?category=management", "/careers/?category=management&utm_source=x&fbclid=1"],
        ["/search/?q=nurse", "/search/?q=nurse&utm_campaign=spring&x=1"],
        [
            "/careers/industrial-production-managers.json",
            "/careers/industrial-production-managers.json?x=1",
        ],
        # percent-encoding, parameter order, empty and default values
        [IPM, "/careers/industrial%2Dproduction%2Dmanagers/"],
        ["/search/?q=nurse+aide", "/search/?q=nurse%20aide", "/search/?q=%6Eurse%20aide"],
        [
            "/careers/?category=management&sort=-pay",
            "/careers/?sort=-pay&category=management",
            "/careers/?category=%6Danagement&sort=%2Dpay&education=&zone=&page=1",
        ],
        ["/careers/", "/careers/?sort=name", "/careers/?page=1"],
    ],
)
def test_variants_of_one_page_share_one_entry(client, demo, variants, django_assert_num_queries):
    first = client.get(variants[0])
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    for path in variants[1:]:
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response["X-Page-Cache"] == "hit", path
        assert response.content == first.content
    assert len(page_entries()) == 1


def test_a_page_the_view_renders_from_a_non_canonical_request_is_not_stored(client, demo):
    # Page 999 of the index is shown as its last page, and an invalid filter is dropped:
    # answered, never stored, so random values cannot fill the cache.
    for path in ["/careers/?page=999", "/careers/?zone=9", "/search/?q=nurse&page=999"]:
        assert client.get(path).status_code == 200
        assert client.get(path)["X-Page-Cache"] == "miss", path
    assert page_entries() == []


def test_the_search_canonical_address_is_the_cleaned_query(client, demo):
    page = client.get("/search/?q=%20nurse%20%20aide&page=1").content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
    assert canonical.endswith("/search/?q=nurse+aide")


def test_pages_with_parameters_have_a_bounded_number_of_slots(client, demo, settings):
    settings.PAGE_CACHE_VARIANTS = 8
    settings.SEARCH_RATE = ""  # 60 searches from one client: this is about slots, not limits
    for i in range(60):
        assert client.get(f"/search/?q=nurse{i}").status_code == 200
        assert client.get(f"{IPM}pay/?area=x{i}").status_code == 200
    assert 0 < len(page_entries("page:careers:search:")) <= 8
    assert 0 < len(page_entries("page:careers:area_pay:")) <= 8
    # The slots hold the latest pages, and a slot serves only the page it holds.
    assert client.get("/search/?q=nurse59")["X-Page-Cache"] == "hit"
    other = client.get("/search/?q=nurse0")
    assert other["X-Page-Cache"] in ("hit", "miss")
    assert b"nurse0" in other.content


# --- the whole response, the host check, sessions --------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/careers/industrial-production-managers.json",
        "/careers.csv",
        "/sitemap.xml",
        IPM,
        "/search/suggest.json?q=nur",
    ],
)
def test_a_hit_carries_every_header_of_the_miss(client, demo, path):
    miss = client.get(path)
    hit = client.get(path)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    per_request = {"X-Page-Cache", "X-Request-ID"}
    headers = {k: v for k, v in miss.headers.items() if k not in per_request}
    assert {k: v for k, v in hit.headers.items() if k not in per_request} == headers
    assert hit["X-Request-ID"] != miss["X-Request-ID"]
    if path.endswith((".json", ".csv")) and "suggest" not in path:
        assert hit["Access-Control-Allow-Origin"] == "*"
    if path == "/sitemap.xml":
        assert "noindex" in hit["X-Robots-Tag"]


def test_a_refused_host_gets_400_on_a_hit_as_on_a_miss(client, demo):
    assert client.get("/careers.csv", headers={"host": "evil.example"}).status_code == 400
    assert client.get(IPM)["X-Page-Cache"] == "miss"
    assert client.get(IPM)["X-Page-Cache"] == "hit"
    refused = client.get(IPM, headers={"host": "evil.example"})
    assert refused.status_code == 400 and "X-Page-Cache" not in refused
    assert b"Industrial Production" not in refused.content


@pytest.mark.parametrize("cookie", ["x", "a" * 32])
def test_a_made_up_session_cookie_is_served_from_the_cache(
    client, demo, cookie, django_assert_num_queries
):
    first = client.get(IPM)
    client.cookies["sessionid"] = cookie
    # A malformed key costs nothing; a well-formed unknown one one lookup, then none.
    with django_assert_num_queries(0 if cookie == "x" else 1):
        response = client.get(IPM)
    assert response["X-Page-Cache"] == "hit" and response.content == first.content
    assert response["Cache-Control"] == "public, max-age=300"
    with django_assert_num_queries(0):
        assert client.get(IPM)["X-Page-Cache"] == "hit"


def test_an_expired_session_is_not_live(client, demo, editor):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.get(IPM)
    client.force_login(editor)
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    assert client.get(IPM)["X-Page-Cache"] == "hit"


# --- invalidation scoped to what changed -----------------------------------------------

CAREER_PAGES = [IPM, IPM + "changes/", "/careers/industrial-production-managers.json"]
OTHER_PAGES = [
    NURSES,
    NURSES + "changes/",
    "/careers/registered-nurses.json",
    "/compare/?c=29-1141.00,15-1252.00",
    "/",
    "/careers/",
    "/search/?q=nurse",
    "/sitemap.xml",
]
IPM_COMPARE = "/compare/?c=29-1141.00,11-3051.00"


def prime(client, paths):
    for path in paths:
        assert client.get(path).status_code == 200, path
        assert client.get(path)["X-Page-Cache"] == "hit", path


def assert_hits(client, paths, django_assert_num_queries):
    for path in paths:
        with django_assert_num_queries(0):
            assert client.get(path)["X-Page-Cache"] == "hit", path


def test_publishing_a_note_makes_only_that_careers_pages_stale(
    client,
    demo,
    editor,
    experience_note,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    occupation = Occupation.objects.get(code="11-3051.00")
    item = experience_note(occupation, "Most of the job is talking to people on the floor.")
    prime(client, [*CAREER_PAGES, IPM_COMPARE, *OTHER_PAGES])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(item, Feedback.ACCEPTED, editor)
    # An accepted note is not shown yet: nothing changed.
    assert_hits(client, [*CAREER_PAGES, IPM_COMPARE, *OTHER_PAGES], django_assert_num_queries)

    with django_capture_on_commit_callbacks(execute=True):
        services.transition(item, Feedback.PUBLISHED, editor)
    assert_hits(client, OTHER_PAGES, django_assert_num_queries)
    for path in [*CAREER_PAGES, IPM_COMPARE]:
        assert client.get(path)["X-Page-Cache"] == "miss", path
    assert "talking to people on the floor" in client.get(IPM).content.decode()

    # Unpublishing takes it off again, the same way.
    prime(client, [*CAREER_PAGES, IPM_COMPARE])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(item, Feedback.REJECTED, editor)
    assert_hits(client, OTHER_PAGES, django_assert_num_queries)
    page = client.get(IPM)
    assert page["X-Page-Cache"] == "miss"
    assert "talking to people on the floor" not in page.content.decode()


def test_an_accepted_correction_makes_that_careers_changelog_stale(
    client, demo, editor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    occupation = Occupation.objects.get(code="11-3051.00")
    item = Feedback.objects.create(
        occupation=occupation,
        kind=Feedback.CORRECTION,
        section="pay",
        message="The median looks a year old.",
    )
    prime(client, [IPM + "changes/", *OTHER_PAGES])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(item, Feedback.ACCEPTED, editor)
    assert_hits(client, OTHER_PAGES, django_assert_num_queries)
    changes = client.get(IPM + "changes/")
    assert changes["X-Page-Cache"] == "miss"
    assert "correction from a contributor accepted" in changes.content.decode()


def test_moves_that_change_nothing_public_leave_every_page_a_hit(
    client,
    demo,
    editor,
    experience_note,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    occupation = Occupation.objects.get(code="11-3051.00")
    note = experience_note(occupation, "Shift handovers matter more than anything.")
    spam = experience_note(occupation, "Buy cheap watches here.")
    pages = [*PUBLIC_PAGES, *CAREER_PAGES, IPM_COMPARE, *OTHER_PAGES]
    prime(client, pages)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.transition(note, Feedback.IN_REVIEW, editor)
        services.transition(spam, Feedback.SPAM, editor)
        services.transition(note, Feedback.ACCEPTED, editor)
        services.transition(note, Feedback.REJECTED, editor)  # never published
        services.transition(note, Feedback.IN_REVIEW, editor)  # reopened
    assert callbacks == []
    assert_hits(client, pages, django_assert_num_queries)


def test_a_career_version_lost_from_the_cache_never_brings_back_old_pages(
    client, demo, editor, experience_note, django_capture_on_commit_callbacks
):
    # Versions are tokens, not counters: if Redis evicts a career's version, the new era
    # starts with a value no stored page was made under.
    before = pagecache.content_version("industrial-production-managers")
    client.get(IPM)
    cache.delete(pagecache.VERSION_PREFIX + "career:industrial-production-managers")
    pagecache.local.versions.clear()
    after = pagecache.content_version("industrial-production-managers")
    assert after[0] == before[0] and after[1] != before[1]
    assert client.get(IPM)["X-Page-Cache"] == "miss"


def test_a_hot_page_costs_no_shared_cache_read(client, demo, settings, monkeypatch):
    settings.PAGE_CACHE_VERSION_SECONDS = 3600
    client.get(IPM)  # the miss stores it in this process too

    def no_round_trip(*args, **kwargs):
        raise AssertionError("the shared cache was read for a hot page")

    monkeypatch.setattr(pagecache.cache, "get", no_round_trip)
    monkeypatch.setattr(pagecache.cache, "get_many", no_round_trip)
    for _ in range(3):
        assert client.get(IPM + "?utm_source=mail")["X-Page-Cache"] == "hit"


def test_sessions_that_cannot_be_read_do_not_block_the_public_page(client, demo, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client.get(IPM)

    def down(self):
        raise OperationalError("the database is down")

    monkeypatch.setattr(SessionStore, "load", down)
    client.cookies["sessionid"] = "b" * 32
    assert client.get(IPM)["X-Page-Cache"] == "hit"
