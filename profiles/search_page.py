"""The /search/ page and the header's autocomplete: ranked career cards from careers.search."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

from careers import search as search_engine

from .cards import cards_in_order
from .compare import COMPARE_MAX, compare_codes, compare_url
from .filters import CareerFilterForm
from .selectors import categories_with_counts, education_labels

SEARCH_PAGE_SIZE = 20
SUGGEST_LIMIT = 8
SUGGEST_MIN_CHARS = 2  # one letter matches too much to be useful


@dataclass
class SearchPage:
    results: search_engine.Results
    page: object  # django.core.paginator.Page of cards
    compare: list[str]
    categories: list = field(default_factory=list)
    filters: object = None  # an empty /careers/ filter form, offered when nothing matched
    wait: int = 0  # seconds to wait: this client searched too often (429)
    busy: bool = False  # every search slot was taken (503): not this client's doing

    @property
    def query(self):
        return self.results.query

    @property
    def can_add(self) -> bool:
        return len(self.compare) < COMPARE_MAX

    @property
    def compare_param(self) -> str:
        return ",".join(self.compare)

    @property
    def dropped_words(self) -> str:
        """The words beyond careers.search.MAX_TOKENS, which were not searched."""
        query = self.results.query
        if not query.dropped:
            return ""
        return " ".join(search_engine.tokenize(query.text)[len(query.tokens) :])


MATCH_CHARS = 110  # a quoted task or description is cut at a word near this length


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MATCH_CHARS:
        return text
    return text[:MATCH_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def match_text(reason: tuple[str, str], card) -> str:
    """Why a result is listed: its title, another name, or the text holding the words."""
    kind, text = reason
    if kind == "title":
        return "Title match"
    if kind in ("alternate", "reported"):
        return f"Also called {text}"
    if kind == "code":
        return f"O*NET-SOC {card.code}"
    if kind == "task":
        return f"Task: {_quote(text)}"
    if kind == "technology":
        return f"Technology: {text}"
    if kind == "description":
        return f"Description: {_quote(text)}"
    return ""


def search_page(text: str, *, compare: str = "", page: str | None = None) -> SearchPage:
    """The /search/ page: ranked cards, paginated, each saying why it matched; the
    categories and the browse filters when nothing matched.

    Queries: the search (careers.search.search) + 1 cards + 1 for the reasons of the
    careers found through their tasks and other text, when there are any; 0 for an
    empty query + 1 for categories; the filter form's choices when nothing matched.
    """
    results = search_engine.search(text)
    codes = compare_codes(compare)
    paginator = Paginator(results.hits, SEARCH_PAGE_SIZE)
    current = paginator.get_page(page)
    shown = list(current.object_list)
    reasons = search_engine.explain(results.query, shown)
    cards = cards_in_order([h.occupation_id for h in shown])
    for card in cards:
        card.match = match_text(reasons.get(card.pk, ("", "")), card)
        if codes:  # picking careers for a comparison: each card adds itself to it
            card.in_compare = card.code in codes
            card.compare_url = compare_url([*codes, card.code])
    current.object_list = cards
    out = SearchPage(results=results, page=current, compare=codes)
    if not results.hits:
        out.categories = list(categories_with_counts())
        if results.query.text:
            out.filters = CareerFilterForm(
                {}, categories=out.categories, education_labels=education_labels()
            )
    return out


def refused_page(text: str, *, compare: str = "", wait: int, busy: bool = False) -> SearchPage:
    """The 429 page of a client over its search limit, or the 503 page of a site whose
    search slots are all taken: the form keeps the query. No queries."""
    results = search_engine.Results(query=search_engine.parse(text))
    empty = Paginator([], SEARCH_PAGE_SIZE).get_page(1)
    return SearchPage(
        results=results, page=empty, compare=compare_codes(compare), wait=wait, busy=busy
    )


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
            "median_top_coded": c.median_top_coded,
        }
        for c in cards_in_order([h.occupation_id for h in results.hits])
    ]
