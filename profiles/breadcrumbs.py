"""Breadcrumb trails, one builder per kind of page.

Views put a trail in the context as `breadcrumbs`; base.html shows it, its last crumb
marked as the current page. A career page also publishes the same trail as
BreadcrumbList JSON-LD, so what people see and what search engines read cannot drift.
"""

from typing import NamedTuple

from django.urls import reverse
from django.utils.http import urlencode


class Crumb(NamedTuple):
    name: str
    url: str


def careers(category=None) -> list[Crumb]:
    """Home, the career index and, when given, one category of it."""
    trail = [Crumb("Home", reverse("careers:home")), Crumb("Careers", reverse("careers:index"))]
    if category is not None:
        trail.append(Crumb(category.name, category.get_absolute_url()))
    return trail


def career(occupation, *tail: Crumb) -> list[Crumb]:
    """A career page's trail; `tail` continues it for the career's own sub-pages."""
    return [
        *careers(occupation.category),
        Crumb(occupation.title, occupation.get_absolute_url()),
        *tail,
    ]


def career_subpage(occupation, name: str, url_name: str) -> list[Crumb]:
    """A page of the career's own (`url_name` takes the career's slug)."""
    return career(occupation, Crumb(name, reverse(url_name, args=[occupation.slug])))


def area_pay(occupation, area) -> list[Crumb]:
    """The career's pay in `area`, or its pay-by-area page when no known area was asked."""
    if area is None:
        return career_subpage(occupation, "Pay by area", "careers:area_pay")
    url = reverse("careers:area_pay", args=[occupation.slug])
    return career(
        occupation, Crumb(f"Pay in {area.name}", f"{url}?{urlencode({'area': area.slug})}")
    )


def compare(url: str) -> list[Crumb]:
    return [*careers(), Crumb("Compare", url)]


def state(area) -> list[Crumb]:
    return [
        Crumb("Home", reverse("careers:home")),
        Crumb("Pay by state", reverse("careers:state_index")),
        Crumb(area.name, reverse("careers:state_pay", args=[area.slug])),
    ]
