"""Reads for the public pages: each page's data in a fixed number of queries."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery

from careers import search as search_engine
from careers.models import Category, Descriptor, Occupation, Rating, RelatedOccupation
from careers.soc import ONET_CODE_RE
from salaries.models import Area, Wage
from salaries.progression import Stage, ladder

from .models import Feedback

ALSO_KNOWN_AS_SHOWN = 6
RELATED_LIMIT = 8
SAME_CATEGORY_LIMIT = 6
NOTES_LIMIT = 20
PAY_ROWS = [
    ("10th", "p10"),
    ("25th", "p25"),
    ("Median", "median"),
    ("75th", "p75"),
    ("90th", "p90"),
    ("Mean", "mean"),
]


def national_median_subquery():
    return Subquery(
        Wage.objects.filter(occupation=OuterRef("pk"), area__kind=Area.NATIONAL)
        .order_by("-release_year")
        .values("annual_median")[:1]
    )


def career_cards():
    """Occupations with what a listing card shows: category, AI label and national median."""
    return (
        Occupation.objects.active()
        .select_related("category", "ai_resilience")
        .annotate(median_pay=national_median_subquery())
    )


@dataclass
class CareerPage:
    occupation: Occupation
    tasks: list
    abilities: list
    skills: list
    knowledge: list
    work_styles: list
    technology: list
    alternate_titles: list
    related: list
    same_category: list
    wage: Wage | None
    previous_wage: Wage | None
    progression: list[Stage] = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def education(self):
        return getattr(self.occupation, "education", None)

    @property
    def outlook(self):
        return getattr(self.occupation, "outlook", None)

    @property
    def ai(self):
        return getattr(self.occupation, "ai_resilience", None)

    @property
    def titles_shown(self):
        return self.alternate_titles[:ALSO_KNOWN_AS_SHOWN]

    @property
    def titles_more(self):
        return self.alternate_titles[ALSO_KNOWN_AS_SHOWN:]

    @property
    def pay_rows(self):
        """(label, annual, annual top-coded, hourly, hourly top-coded) for the wage table."""
        w = self.wage
        if w is None:
            return []
        top = set(w.top_coded or [])
        rows = []
        for label, name in PAY_ROWS:
            hourly = None if w.annual_only else getattr(w, f"hourly_{name}")
            rows.append(
                (
                    label,
                    getattr(w, f"annual_{name}"),
                    f"annual_{name}" in top,
                    hourly,
                    f"hourly_{name}" in top,
                )
            )
        return rows

    @property
    def core_tasks(self):
        return [t for t in self.tasks if t.kind == "core"]

    @property
    def supplemental_tasks(self):
        return [t for t in self.tasks if t.kind != "core"]


def career_page(slug: str) -> CareerPage | None:
    """Everything the career page shows, in 9 queries whatever the occupation's size."""
    occupation = (
        Occupation.objects.select_related("category", "education", "outlook", "ai_resilience")
        .filter(slug=slug)
        .first()
    )
    if occupation is None:
        return None
    tasks = list(occupation.tasks.order_by("position", "id"))
    ratings = list(
        Rating.objects.filter(occupation=occupation)
        .select_related("descriptor")
        .order_by("-importance", "descriptor__name")
    )
    by_domain: dict[str, list] = {}
    for r in ratings:
        by_domain.setdefault(r.descriptor.domain, []).append(r)
    technology = list(occupation.technology_skills.all())
    titles = list(occupation.alternate_titles.order_by("kind", "title"))
    related = _related(occupation)
    same_category = list(
        career_cards()
        .filter(category_id=occupation.category_id)
        .exclude(pk=occupation.pk)
        .exclude(pk__in=[r.pk for r in related])
        .order_by("-featured", "title")[:SAME_CATEGORY_LIMIT]
    )
    wages = list(
        Wage.objects.filter(occupation=occupation, area__kind=Area.NATIONAL)
        .select_related("area")
        .order_by("-release_year")[:2]
    )
    notes = list(
        Feedback.objects.visible()
        .filter(occupation=occupation)
        .order_by("-moderated_at", "-pk")[:NOTES_LIMIT]
    )
    wage = wages[0] if wages else None
    previous = wages[1] if len(wages) > 1 else None
    return CareerPage(
        occupation=occupation,
        tasks=tasks,
        abilities=by_domain.get(Descriptor.ABILITY, [])[:10],
        skills=by_domain.get(Descriptor.SKILL, [])[:10],
        knowledge=by_domain.get(Descriptor.KNOWLEDGE, [])[:8],
        work_styles=by_domain.get(Descriptor.WORK_STYLE, [])[:8],
        technology=technology,
        alternate_titles=titles,
        related=related,
        same_category=same_category,
        wage=wage,
        previous_wage=previous,
        progression=ladder(wage),
        notes=notes,
    )


def _related(occupation) -> list:
    """O*NET related occupations in O*NET's rank order, as listing cards (one query)."""
    links = RelatedOccupation.objects.filter(occupation=occupation)
    rank = links.filter(related=OuterRef("pk")).values("rank")[:1]
    return list(
        career_cards()
        .filter(pk__in=links.values("related_id"))
        .annotate(rank=Subquery(rank))
        .order_by("rank", "title")[:RELATED_LIMIT]
    )


def categories_with_counts():
    return Category.objects.annotate(
        n=Count("occupations", filter=Q(occupations__is_active=True))
    ).filter(n__gt=0)


def data_overview() -> dict:
    """What /about/data/ shows: sources and live row counts per table."""
    from careers.models import (
        AIResilience,
        AlternateTitle,
        DataSource,
        Outlook,
        Task,
        TechnologySkill,
    )

    counts = [
        ("Occupations (current release)", Occupation.objects.active().count()),
        ("Occupations no longer in O*NET", Occupation.objects.filter(is_active=False).count()),
        ("Tasks", Task.objects.count()),
        ("Ability, skill, knowledge, work-style and interest ratings", Rating.objects.count()),
        ("Technology skills", TechnologySkill.objects.count()),
        ("Alternate and reported job titles", AlternateTitle.objects.count()),
        ("Related-occupation links", RelatedOccupation.objects.count()),
        ("Wage rows (all areas and releases)", Wage.objects.count()),
        ("Projections", Outlook.objects.count()),
        ("AI-resilience assessments with a label", AIResilience.objects.exclude(label="").count()),
        ("Partial AI-resilience assessments", AIResilience.objects.filter(label="").count()),
    ]
    releases = list(
        Wage.objects.values("release_year", "area__kind")
        .annotate(n=Count("id"))
        .order_by("-release_year", "area__kind")
    )
    return {"sources": list(DataSource.objects.all()), "counts": counts, "wage_releases": releases}


# ---------------------------------------------------------------- search

SEARCH_PAGE_SIZE = 20
SUGGEST_LIMIT = 8
SUGGEST_MIN_CHARS = 2  # one letter matches too much to be useful
COMPARE_MAX = 4
COMPARE_PATH = "/compare/"  # careers:compare, per the shared URL contract


def compare_codes(raw: str) -> list[str]:
    """Valid, distinct O*NET codes from a `compare` parameter, at most COMPARE_MAX."""
    codes: list[str] = []
    for code in str(raw or "").split(",")[: COMPARE_MAX * 4]:
        code = code.strip()
        if ONET_CODE_RE.match(code) and code not in codes:
            codes.append(code)
    return codes[:COMPARE_MAX]


def _cards_in_order(ids: list[int]) -> list:
    """Career cards for `ids`, in that order (one query)."""
    by_id = {c.pk: c for c in career_cards().filter(pk__in=ids)}
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class SearchPage:
    results: search_engine.Results
    page: object  # django.core.paginator.Page of cards, or None
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
    cards = _cards_in_order([h.occupation_id for h in current.object_list])
    for card in cards:
        card.hit = hits[card.pk]
        card.in_compare = card.code in codes
        card.compare_url = f"{COMPARE_PATH}?c={','.join([*codes, card.code])}"
    current.object_list = cards
    out = SearchPage(results=results, page=current, compare=codes)
    if not results.hits:
        out.similar = _cards_in_order(results.similar)
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
            "category": c.category.name,
            "median_pay": c.median_pay,
        }
        for c in _cards_in_order([h.occupation_id for h in results.hits])
    ]
