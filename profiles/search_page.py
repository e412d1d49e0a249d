"""The /search/ page and the header's autocomplete: ranked career cards from careers.search."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from careers import search as search_engine

from .cards import cards_in_order
from .compare import COMPARE_MAX, compare_codes, compare_url
from .selectors import categories_with_counts

SEARCH_PAGE_SIZE = 20
SUGGEST_LIMIT = 8
SUGGEST_MIN_CHARS = 2  # one letter matches too much to be useful


@dataclass
class SearchPage:
    results: search_engine.Results
    page: object  # django.core.paginator.Page of cards
    compare: list[str]
    similar: list = field(default_factory=list)
    categories: list = field(default_factory=list)

    @property
    def query(self):
        return self.results.query

    @property
    def can_add(self) -> bool:
        return len(self.compare) < COMPARE_MAX

    @property
    def compare_param(self) -> str:
        return ",".join(self.compare)


def match_text(hit, card) -> str:
    """Why a result is listed, when its title does not say it already."""
    if hit.via in ("alternate", "reported"):
        return f"Also called {hit.matched}"
    if hit.via == "similar" and hit.matched != card.title:
        return f"Close to {hit.matched}"
    if hit.via == "code":
        return f"O*NET-SOC {card.code}"
    return ""


def search_page(text: str, *, compare: str = "", page: str | None = None) -> SearchPage:
    """The /search/ page: ranked cards, paginated; close titles and categories when empty.

    Queries: 1 ranking + 1 cards when something matches (more when the spelling is
    corrected); 0 for an empty query + 1 for categories.
    """
    results = search_engine.search(text)
    codes = compare_codes(compare)
    hits = {h.occupation_id: h for h in results.hits}
    paginator = Paginator(results.hits, SEARCH_PAGE_SIZE)
    current = paginator.get_page(page)
    cards = cards_in_order([h.occupation_id for h in current.object_list])
    for card in cards:
        card.match = match_text(hits[card.pk], card)
        if codes:  # picking careers for a comparison: each card adds itself to it
            card.in_compare = card.code in codes
            card.compare_url = compare_url([*codes, card.code])
    current.object_list = cards
    out = SearchPage(results=results, page=current, compare=codes)
    if not results.hits:
        out.similar = cards_in_order(results.similar)
        out.categories = list(categories_with_counts())
    return out


def suggestions(text: str) -> list[dict]:
    """Autocomplete entries for careers:suggest: the best SUGGEST_LIMIT prefix matches."""
    if len(search_engine.clean(text)) < SUGGEST_MIN_CHARS:
        return []
    results = search_engine.search(text, limit=SUGGEST_LIMIT, prefix=True)
    return [
        {
            "title": c.title,
            "code": c.code,
            "url": c.get_absolute_url(),
            "category": c.category_name,
            "median_pay": c.median_pay,
        }
        for c in cards_in_order([h.occupation_id for h in results.hits])
    ]
