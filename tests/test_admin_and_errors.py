import socket

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from profiles.views import server_error


def test_every_model_is_registered_in_the_admin():
    for app in ("careers", "salaries", "profiles"):
        for model in apps.get_app_config(app).get_models():
            assert admin.site.is_registered(model), model


def test_every_admin_changelist_renders(client, demo):
    client.force_login(User.objects.create_superuser("root", "r@example.org", "pw"))
    for model in admin.site._registry:
        if model._meta.app_label in ("careers", "salaries", "profiles"):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url


def test_500_page_is_plain_and_friendly():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def _redis_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_rate_limit_counts_in_redis(client, settings, make_occupation):
    """Production keeps rate-limit counters in Redis (django-redis), shared by every worker."""
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
        }
    }
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    settings.FEEDBACK_RATE_PER_CAREER = "1/h"
    caches["default"].clear()
    from profiles.contributions.forms import issue_token

    occ = make_occupation()
    url = reverse("careers:feedback", args=[occ.slug])
    data = {
        "kind": "other",
        "section": "other",
        "message": "A message that is long enough to be accepted.",
    }
    assert client.post(url, {**data, "token": issue_token()}).status_code == 302
    assert (
        client.post(
            url, {**data, "message": data["message"] + "!", "token": issue_token()}
        ).status_code
        == 429
    )
    assert any(k.startswith("rl:") for k in caches["default"].keys("*")), (
        "no rate-limit counter in Redis"
    )
    caches["default"].clear()
