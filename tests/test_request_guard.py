"""What a request may carry: characters PostgreSQL or the URL rules refuse, and body sizes.

config.core.middleware.RequestGuardMiddleware is the one place that checks; these run
on SQLite and on PostgreSQL (DATABASE_URL), where a NUL that reached a query used to be
a 500 (DataError).
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

IPM = "industrial-production-managers"

PUBLIC = [
    "/careers/a%00b/",
    "/careers/a%00b.json",
    f"/careers/{IPM}%00/",
    f"/careers/{IPM}/feedback/%00",
    f"/careers/{IPM}/changes/%00/",
    "/pay/%00/",
    "/careers/a%01b/",
    "/careers/a%7Fb/",
    "/search/?q=nurse%00",
    "/search/?q%00=nurse",
    "/search/suggest.json?q=nu%00rse",
    "/careers/?category=%00",
    "/careers/?sort=%00&page=%00",
    "/careers/?pay_min=%00",
    "/compare/?c=11-3051.00%00",
    f"/careers/{IPM}/?section=%00",
    f"/careers/{IPM}/feedback/?section=%00",
    f"/careers/{IPM}/pay/?area=%00",
    "/explore/interests/?r=%00",
]

ADMIN = [
    "/admin/contributions/feedback/?status__exact=%00",
    "/admin/contributions/feedback/?kind__exact=%00",
    "/admin/contributions/feedback/?q=%00",
    "/admin/contributions/feedback/?o=%00",
    "/admin/careers/occupation/?category=%00",
    "/admin/careers/occupation/?category__id__exact=%00",
    "/admin/careers/occupation/%00/change/",
    "/admin/careers/occupation/1%00/change/",
    "/admin/?next=%00",
]


class ExplodingInput:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture
def superuser_client(db):
    user = User.objects.create_superuser("boss", "boss@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", PUBLIC)
def test_refused_characters_in_public_addresses_give_400_or_404(client, demo, url):
    response = client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


@pytest.mark.parametrize("url", ADMIN)
def test_refused_characters_in_admin_addresses_give_400_or_404(superuser_client, demo, url):
    url = url.replace("/admin/contributions/", f"/admin/{_feedback_app()}/")
    response = superuser_client.get(url)
    assert response.status_code in (400, 404), (url, response.status_code)


def _feedback_app():
    from profiles.contributions.models import Feedback

    return Feedback._meta.app_label


def test_every_admin_list_and_change_page_refuses_nul(superuser_client, demo):
    """Each registered model's list (search, ordering, any filter) and change page."""
    checked = 0
    for model in admin.site._registry:
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        for query in ("q=%00", "o=%00", "p=%00", "e=%00", "id__exact=%00", "pk=1%00"):
            response = superuser_client.get(f"{changelist}?{query}")
            assert response.status_code == 400, (changelist, query, response.status_code)
            checked += 1
        response = superuser_client.get(f"{changelist}1%00/change/")
        assert response.status_code == 404, (changelist, response.status_code)
    assert checked >= 6 * 10


def test_the_path_check_gives_the_site_404_page(client, demo):
    response = client.get("/careers/a%00b/")
    assert response.status_code == 404
    assert "<h1>" in response.content.decode()  # the site's own page, not a bare error


def test_a_nul_in_a_cookie_is_refused_before_the_session_lookup(client, demo):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get("/")
    assert response.status_code == 400
    assert "not allowed (NUL)" in response.content.decode()


def test_a_nul_in_the_admin_session_cookie_too(client, demo):
    client.cookies["sessionid"] = "\x00" * 32
    assert client.get("/admin/").status_code == 400


def test_clean_addresses_are_unaffected(client, demo):
    assert client.get(f"/careers/{IPM}/").status_code == 200
    assert client.get("/search/?q=production+manager").status_code == 200
    assert client.get("/careers/?category=management").status_code == 200


def test_search_text_with_other_controls_still_searches(client, demo):
    # Tabs and newlines are not refused (PostgreSQL accepts them); search cleans them.
    response = client.get("/search/?q=production%09manager%0A")
    assert response.status_code == 200
    assert "Industrial Production Managers" in response.content.decode()


# --- bodies ---------------------------------------------------------------------------


def _post_unread(client, url, length, **extra):
    return client.generic(
        "POST",
        url,
        b"",
        content_type="application/x-www-form-urlencoded",
        **{"wsgi.input": ExplodingInput(), "CONTENT_LENGTH": str(length), **extra},
    )


@pytest.mark.parametrize("with_cookie", [False, True])
def test_form_body_over_its_limit_is_refused_unread(demo, settings, with_cookie):
    settings.FEEDBACK_MAX_BODY_BYTES = 10_000
    client = Client(enforce_csrf_checks=True)
    if with_cookie:
        client.get(reverse("careers:feedback", args=[IPM]))  # sets the CSRF cookie
        assert "csrftoken" in client.cookies
    response = _post_unread(client, reverse("careers:feedback", args=[IPM]), 20_000)
    assert response.status_code == 413
    assert "larger than 9 KB, so it was not read" in response.content.decode()


@pytest.mark.parametrize("with_cookie", [False, True])
def test_any_body_over_the_site_limit_is_refused_unread(demo, settings, with_cookie):
    settings.REQUEST_MAX_BODY_BYTES = 50_000
    client = Client(enforce_csrf_checks=True)
    if with_cookie:
        client.get(reverse("careers:feedback", args=[IPM]))
    for url in ("/admin/login/", "/careers/", "/no-such-page/", "/search/"):
        response = _post_unread(client, url, 60_000)
        assert response.status_code == 413, url
        assert "larger than 48 KB" in response.content.decode()


def test_a_body_within_the_limits_reaches_the_view(demo, settings):
    settings.FEEDBACK_MAX_BODY_BYTES = 10_000
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("careers:feedback", args=[IPM]), {"message": "x" * 100})
    assert response.status_code == 403  # read, and refused by CSRF: no token was sent


def test_a_content_length_that_is_not_a_number_is_refused(client, demo):
    for value in ("abc", "-1", "1e6", "١٢"):
        response = _post_unread(client, "/careers/", 0, CONTENT_LENGTH=value)
        assert response.status_code == 400, value
