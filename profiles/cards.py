"""Career cards: the one shape every list of careers shows (related, same field, index,
search), read as plain rows because building model instances per card cost most of a page."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db.models import (
    JSONField,
    OuterRef,
    Subquery,
)
from django.urls import reverse

from careers.models import (
    AIResilience,
    Occupation,
)
from careers.wording import signed
from salaries.models import Wage


def _newest_national(field: str, **kw):
    return Subquery(
        Wage.objects.current_national().filter(occupation=OuterRef("pk")).values(field)[:1],
        **kw,
    )


def national_median_subquery():
    return _newest_national("annual_median")


@cache
def _career_path_prefix() -> str:
    return reverse("careers:detail", args=["-"])[: -len("-/")]


def career_path(slug: str) -> str:
    """/careers/<slug>/ without a URL reverse per card (a list page has dozens)."""
    return f"{_career_path_prefix()}{slug}/"


def career_cards():
    """Occupations with what a listing card shows: category, growth, AI label, national
    median and which of its wage figures BLS top-coded ("#": at or above the top code)."""
    return (
        Occupation.objects.active()
        .select_related("category", "ai_resilience", "outlook")
        .annotate(
            median_pay=national_median_subquery(),
            pay_top_coded=_newest_national("top_coded", output_field=JSONField()),
        )
    )


AI_LABELS = dict(AIResilience.LABEL_CHOICES)


signed_percent = signed  # '+5.2%'; one rounding for cards, pages and sentences


@dataclass(slots=True)
class Card:
    """A listing card as plain values.

    Read with values_list: a card needs nine columns, and building four model instances
    per card (occupation, category, outlook, AI row) was most of a career page's cost.
    """

    pk: int
    code: str
    title: str
    slug: str
    category_name: str
    median_pay: Decimal | None
    change_percent: Decimal | None
    bright_outlook: bool
    ai_label: str
    pay_top_coded: list | None
    # Set by the lists that need them (search, compare picking), empty elsewhere.
    match: str = ""  # why a search result matched ("Also called RN")
    compare_url: str = ""  # the comparison this card would join; "" = compare it alone
    in_compare: bool = False

    CARD_FIELDS = (
        "pk",
        "code",
        "title",
        "slug",
        "category__name",
        "median_pay",
        "outlook__change_percent",
        "bright_outlook",
        "ai_resilience__label",
        "pay_top_coded",
    )

    def get_absolute_url(self) -> str:
        return career_path(self.slug)

    @property
    def ai_label_display(self) -> str:
        return AI_LABELS.get(self.ai_label or "", "")

    @property
    def median_top_coded(self) -> bool:
        """True when BLS published "#": the median is at or above the top code, which is
        the figure stored."""
        return "annual_median" in (self.pay_top_coded or [])

    @property
    def median_text(self) -> str:
        """'$93,330' ('$239,200 or more' when top-coded), or '' when BLS publishes no
        median (formatted here: the template filters cost more than the rest of a card)."""
        if not self.median_pay:
            return ""
        return f"${self.median_pay:,.0f}" + (" or more" if self.median_top_coded else "")

    @property
    def growth_text(self) -> str:
        return signed_percent(self.change_percent)


def cards(queryset) -> list[Card]:
    """Cards for a `career_cards()` queryset, in its order (one query)."""
    return [Card(*row) for row in queryset.values_list(*Card.CARD_FIELDS)]


def featured_cards(limit: int) -> list[Card]:
    """The editors' featured careers, by title (home and the 404 page)."""
    return cards(career_cards().filter(featured=True).order_by("title")[:limit])


def cards_in_order(ids: list[int]) -> list[Card]:
    """Career cards for `ids`, in that order (one query)."""
    by_id = {c.pk: c for c in cards(career_cards().filter(pk__in=ids))}
    return [by_id[i] for i in ids if i in by_id]
