"""Links on SITE_URL, except in development without one, where they follow the host."""

import pytest

from config.core import siteurl


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.SITE_URL_FROM_REQUEST = True
    settings.SITE_URL = "http://127.0.0.1:8000"


def canonical(response):
    html = response.content.decode()
    return html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]


@pytest.mark.django_db
def test_development_links_follow_another_port(client, development):
    other = client.get("/about/data/", HTTP_HOST="127.0.0.1:8001")
    assert canonical(other) == "http://127.0.0.1:8001/about/data/"
    assert "X-Page-Cache" not in other  # not stored: the shared copy names SITE_URL
    home = client.get("/about/data/", HTTP_HOST="127.0.0.1:8000")
    assert canonical(home) == "http://127.0.0.1:8000/about/data/"
    robots = client.get("/robots.txt", HTTP_HOST="localhost:8001").content.decode()
    assert "Sitemap: http://localhost:8001/sitemap.xml" in robots
    assert siteurl.site_url() == "http://127.0.0.1:8000"  # reset after each request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("debug", "follows"), [(False, True), (True, False)], ids=["production", "site-url-set"]
)
def test_links_stay_on_site_url_in_production_or_when_it_is_set(client, settings, debug, follows):
    settings.DEBUG, settings.SITE_URL_FROM_REQUEST = debug, follows
    settings.SITE_URL = "https://careers.example.org"
    r = client.get("/about/data/", HTTP_HOST="127.0.0.1:8001")
    assert canonical(r) == "https://careers.example.org/about/data/"
