"""The public pages render through Jinja2 with nothing of Python showing through.

Jinja2 does not call methods for the template as Django's language did: a method named
without parentheses renders as "<bound method ...>", and a missing lookup renders empty.
Every kind of public page is rendered here for every demo career and searched for the
marks of such a slip.
"""

import re

import pytest
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.backends.jinja2 import Jinja2
from django.urls import reverse

from careers.models import Occupation
from salaries.models import Area, Wage

# What a method, a function, an object or an undefined name looks like when rendered.
LEAKS = re.compile(r"bound method|<function |object at 0x|jinja2\.|Undefined|\{\{|\{%|%\}")


def page_urls(occupations, state_slug) -> list[str]:
    first = occupations[0]
    urls = [
        reverse("careers:home"),
        reverse("careers:index"),
        reverse("careers:index") + "?sort=-pay&outlook=bright",
        reverse("careers:search") + "?q=nurse",
        reverse("careers:search") + "?q=zzzzqqq",
        reverse("careers:compare"),
        reverse("careers:compare") + "?c=" + ",".join(o.code for o in occupations[:3]),
        reverse("careers:about_data"),
        reverse("careers:about_ai"),
        reverse("careers:state_index"),
        reverse("careers:state_pay", args=[state_slug]),
        reverse("careers:interests"),
        reverse("careers:interest_results") + "?R=20&I=12&A=3&S=30&E=8&C=10",
        reverse("careers:interest_method"),
        reverse("careers:area_pay", args=[first.slug]) + f"?area={state_slug}",
    ]
    for occupation in occupations:
        urls += [
            occupation.get_absolute_url(),
            reverse("careers:changes", args=[occupation.slug]),
            reverse("careers:feedback", args=[occupation.slug]),
            reverse("careers:moves", args=[occupation.slug]),
        ]
    return urls


def test_the_public_pages_render_with_jinja2_and_the_admin_with_django():
    first, second = engines.all()
    assert isinstance(first, Jinja2) and isinstance(second, DjangoTemplates)


@pytest.mark.django_db
def test_no_page_shows_a_python_object_or_template_syntax(client, demo):
    occupations = list(Occupation.objects.active().order_by("code"))
    state = Area.objects.create(kind="state", code="06", name="California", slug="california")
    for occupation in occupations[:3]:
        Wage.objects.create(
            occupation=occupation,
            area=state,
            release_year=2024,
            soc_code=occupation.soc_code,
            annual_median=61_000,
            employment=1_200,
        )
    checked = 0
    for url in page_urls(occupations, state.slug):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        leak = LEAKS.search(html)
        assert leak is None, f"{url}: {html[max(0, leak.start() - 120) : leak.end() + 80]!r}"
        checked += 1
    assert checked >= 4 * len(occupations)


@pytest.mark.django_db
def test_the_error_pages_render_too(client, demo):
    response = client.get("/careers/no-such-career/")
    assert response.status_code == 404
    assert LEAKS.search(response.content.decode()) is None
    assert "We could not find that page" in response.content.decode()


def test_floatformat_gives_what_djangos_gives():
    """The pages' floatformat takes a short way for 1 to 6 places; its text must be
    Django's to the character (rounding half up, no minus on a zero, no grouping)."""
    import random
    from decimal import Decimal

    from django.template.defaultfilters import floatformat as djangos

    from profiles.templating import floatformat

    rng = random.Random(2026)
    values = [0.0, -0.0, -0.04, -0.05, 0.05, 0.15, 2.675, 1.005, 99.995, 1e-7, -1e-7, 1e15]
    values += [Decimal("2.50"), Decimal("-0.001"), Decimal("1E+3"), 5, 0, -3, "4.5", None, ""]
    values += [float("nan"), float("inf"), Decimal("1e40")]
    for _ in range(3000):
        values.append(round(rng.uniform(-100, 100), rng.randint(0, 6)))
        values.append(rng.uniform(-1e6, 1e6))
        values.append(Decimal(str(round(rng.uniform(-100, 100), rng.randint(0, 5)))))
        values.append(rng.randint(-(10**6), 10**6))
    for value in values:
        for places in (1, 2, 3, 6, -1, -2, "2", "2g"):
            assert str(floatformat(value, places)) == str(djangos(value, places)), (value, places)
