import pytest
from django.urls import reverse

from careers.models import Category
from profiles.views import PAGE_SIZE


@pytest.fixture
def many(make_occupation):
    for i in range(PAGE_SIZE + 5):
        make_occupation(code=f"15-{1000 + i}.00", title=f"Analyst {i:02d}")
    make_occupation(code="29-1141.00", title="Registered Nurses")


def test_index_paginates(client, many):
    first = client.get(reverse("careers:index")).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(reverse("careers:index"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert second.count('class="card"') == PAGE_SIZE + 6 - PAGE_SIZE


def test_index_filters_by_category(client, many):
    cat = Category.objects.get(code="29")
    html = client.get(reverse("careers:index"), {"category": cat.slug}).content.decode()
    assert "Registered Nurses" in html and "Analyst 00" not in html
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000/careers/?category={cat.slug}">' in html
    )


def test_unknown_category_is_ignored_with_a_message(client, many):
    response = client.get(reverse("careers:index"), {"category": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Category: “nope” is not a valid value, so it was ignored." in html
    assert "Analyst 00" in html and f"{PAGE_SIZE + 6} careers, sorted by name" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_index_query_count_is_constant(client, many, django_assert_num_queries):
    # categories, education options, count, one page of cards
    with django_assert_num_queries(4):
        assert client.get(reverse("careers:index")).status_code == 200


def test_home_shows_featured_and_categories(client, demo):
    html = client.get(reverse("careers:home")).content.decode()
    featured = [c["title"] for c in demo["careers"] if c.get("featured")]
    assert featured and all(t in html for t in featured)
    assert "Browse by category" in html and "Management" in html


def test_base_template_landmarks(client, demo):
    html = client.get(reverse("careers:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert '<meta name="viewport"' in html


def test_robots_and_healthz(client, db):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /*/feedback/" in robots
    assert "admin" not in robots  # the admin path is not advertised (see robots_txt)
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
