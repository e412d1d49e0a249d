"""Reads for /explore/: the interest profiler (its items, scoring and matches) and the
skills-based moves of a career.

Nothing here writes: a profiler's answers travel in the form and the results URL only.
Each page reads a fixed number of queries (pinned by tests): the results page two
(every career's six interest ratings for the ranking, then the cards of the page
shown), the moves page two (the career, then its moves with their cards).
"""

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.db.models import JSONField, OuterRef, Q, Subquery

from careers.matching import (
    GAP_MIN_IMPORTANCE,
    GAP_MIN_RISE,
    MOVES_KEPT,
    RIASEC,
    TYPE_FIELDS,
    high_point_code,
    is_flat,
    rank_by_interest,
)
from careers.models import InterestProfile, Occupation, SkillMove
from config.core.compiled import CompiledQuery
from config.core.forms import PublicFormMixin
from salaries.models import Wage

from .cards import Card, cards_in_order, national_median_subquery
from .filters import AI_CHOICES, BRIGHT, GROWTH_BANDS, JOB_ZONES, OUTLOOK_CHOICES, PayField

# -- the six types, in our words ------------------------------------------------------------


@dataclass(frozen=True)
class InterestType:
    letter: str
    name: str
    nickname: str
    plain: str  # what people with this interest tend to enjoy, one sentence


TYPES = {
    t.letter: t
    for t in (
        InterestType(
            "R",
            "Realistic",
            "Doers",
            "practical, hands-on work with tools, machines, materials, plants or animals, "
            "often outdoors or on your feet",
        ),
        InterestType(
            "I",
            "Investigative",
            "Thinkers",
            "working with ideas: asking questions, studying how things work and solving "
            "problems with science, data and careful reasoning",
        ),
        InterestType(
            "A",
            "Artistic",
            "Creators",
            "making things that express ideas, such as art, music, writing, design or "
            "performance, with room to work in your own way",
        ),
        InterestType(
            "S",
            "Social",
            "Helpers",
            "working with people to teach, care for, coach, advise or serve them",
        ),
        InterestType(
            "E",
            "Enterprising",
            "Persuaders",
            "leading, selling and persuading: starting projects, making decisions and "
            "taking on risk to reach a goal",
        ),
        InterestType(
            "C",
            "Conventional",
            "Organizers",
            "keeping things in order: records, numbers and clear procedures, where "
            "accuracy and follow-through matter",
        ),
    )
}

# -- the profiler's items -------------------------------------------------------------------

# Our own activity statements, ten per type. Listed type by type here; asked interleaved
# (see ITEMS), two of each type per page, so no page is about one thing.
STATEMENTS = {
    "R": [
        "Fix a leaking faucet or a door that sticks",
        "Build a bookshelf from a set of plans",
        "Drive a delivery truck on a daily route",
        "Grow vegetables and look after a garden",
        "Put a computer together from its parts",
        "Repair a bicycle or a car engine",
        "Build hiking trails in a state park",
        "Install the electrical wiring in a new house",
        "Cut and shape wood or metal with power tools",
        "Take care of farm animals",
    ],
    "I": [
        "Run experiments to test how well a medicine works",
        "Study the planets and stars with a telescope",
        "Work out why a computer program gives the wrong answer",
        "Test river water for pollution",
        "Read research articles to answer a question",
        "Do the math that shows whether a bridge will hold",
        "Study how a disease spreads from person to person",
        "Examine rocks to learn how they formed",
        "Look for patterns in data about what people buy",
        "Investigate what caused a fire",
    ],
    "A": [
        "Draw the pictures for a children's book",
        "Write short stories or poems",
        "Play an instrument in a band",
        "Design how a website looks",
        "Act in a play",
        "Take photographs for a magazine",
        "Make up the steps of a dance",
        "Design clothes or stage costumes",
        "Edit video clips into a short film",
        "Paint a mural on a wall",
    ],
    "S": [
        "Teach children to read",
        "Help someone recover from an injury with exercises",
        "Listen to people's problems and help them find a way forward",
        "Coach a youth sports team",
        "Look after patients in a hospital",
        "Sort and hand out food at a food bank",
        "Show a new coworker how to do the job",
        "Help a family plan the care of an older relative",
        "Lead a support group",
        "Explain a health topic to a community group",
    ],
    "E": [
        "Start your own business",
        "Sell products to customers in a store",
        "Persuade people to support a cause",
        "Manage the staff of a restaurant",
        "Negotiate a contract with a supplier",
        "Give a speech to win an audience over",
        "Plan the marketing of a new product",
        "Run a meeting and make the final call",
        "Buy and sell houses as an investment",
        "Raise money from investors for a new venture",
    ],
    "C": [
        "Keep track of a store's stock in a spreadsheet",
        "Check forms and documents for mistakes",
        "Keep the accounts of a small business",
        "File and organize records so anything can be found",
        "Enter information into a database",
        "Prepare the payroll for a company",
        "Follow set steps to process insurance claims",
        "Schedule appointments for a busy office",
        "Work out people's taxes",
        "Order supplies and keep an office within budget",
    ],
}


@dataclass(frozen=True)
class Item:
    number: int  # 1-based, the order asked
    letter: str
    text: str

    @property
    def field(self) -> str:
        return f"q{self.number}"


ITEMS = [
    Item(n * 6 + i + 1, letter, STATEMENTS[letter][n])
    for n in range(10)
    for i, letter in enumerate(RIASEC)
]
PER_PAGE = 12
PAGES = len(ITEMS) // PER_PAGE
# Answer values as they travel in the form: like 2, not sure 1, dislike 0; "-" not yet.
LIKE, UNSURE, DISLIKE = "2", "1", "0"
ANSWER_CHOICES = [(LIKE, "Like"), (UNSURE, "Not sure"), (DISLIKE, "Dislike")]
POINTS = {LIKE: 2, UNSURE: 1, DISLIKE: 0}
ITEM_MAX = 2
TYPE_MAX = ITEM_MAX * len(STATEMENTS["R"])  # 20
ANSWERS_RE = re.compile(rf"^[012-]{{0,{len(ITEMS)}}}$")


def page_items(page: int) -> list[Item]:
    return ITEMS[(page - 1) * PER_PAGE : page * PER_PAGE]


def clean_answers(raw: str) -> tuple[str, bool]:
    """The answers string padded to 60 characters, and whether it was valid as sent."""
    if not ANSWERS_RE.match(raw or ""):
        return "-" * len(ITEMS), False
    return raw.ljust(len(ITEMS), "-"), True


def merge_answers(answers: str, given: dict[int, str]) -> str:
    chars = list(answers)
    for number, value in given.items():
        chars[number - 1] = value
    return "".join(chars)


def first_unanswered_page(answers: str) -> int | None:
    for page in range(1, PAGES + 1):
        if any(answers[i.number - 1] == "-" for i in page_items(page)):
            return page
    return None


def score_answers(answers: str) -> dict[str, int]:
    """Each type's score: 2 points per like and 1 per not sure over its ten items (0-20)."""
    scores = dict.fromkeys(RIASEC, 0)
    for item in ITEMS:
        scores[item.letter] += POINTS.get(answers[item.number - 1], 0)
    return scores


class AnswerPageForm(PublicFormMixin, forms.Form):
    """One page of items, each a required like / not sure / dislike choice."""

    def __init__(self, data, *, page: int, answers: str):
        super().__init__(data)
        self.page = page
        self.items = page_items(page)
        for item in self.items:
            self.fields[item.field] = forms.ChoiceField(
                label=item.text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose like, not sure or dislike."},
            )
            previous = answers[item.number - 1]
            if previous != "-":
                self.fields[item.field].initial = previous

    def given(self) -> dict[int, str]:
        """The valid answers on this page (some may be missing)."""
        out = {}
        for item in self.items:
            value = (self.data.get(item.field) or "").strip()
            if value in POINTS:
                out[item.number] = value
        return out

    def rows(self):
        """(item, chosen value or '', error or '') in the order asked.

        The template writes the three radios itself: Django's widget templates cost
        most of the page's time (36 sub-widgets a page) for markup this simple.
        """
        bound = self.is_bound
        errors = self.errors if bound else {}
        out = []
        for item in self.items:
            if bound:
                value = (self.data.get(item.field) or "").strip()
                value = value if value in POINTS else ""
            else:
                value = self.fields[item.field].initial or ""
            error = errors.get(item.field)
            out.append((item, value, error[0] if error else ""))
        return out


# -- results: scores from the URL -----------------------------------------------------------

ENTERED_MAX = Decimal(100)
CODE_RE = re.compile(r"^[RIASEC]{1,3}$")
# A Holland code entered directly becomes these scores (first letter highest; the
# rest equal), so it is ranked by the same measure as six scores.
CODE_WEIGHTS = (3, 2, 1)


@dataclass
class Profile:
    """What the results page ranks by: six scores, where they came from, and their code."""

    scores: dict[str, float]
    source: str  # "scores" or "code"
    entered_code: str = ""

    @property
    def values(self) -> list[float]:
        return [self.scores[letter] for letter in RIASEC]

    @property
    def flat(self) -> bool:
        return is_flat(self.values)

    @property
    def code(self) -> str:
        if self.source == "code":
            return self.entered_code
        return high_point_code(self.values)

    @property
    def ties(self) -> list[str]:
        """Letters of the code tied with the next type, e.g. ['I'] when I and A are equal."""
        if self.source == "code":
            return []
        ordered = sorted(self.values, reverse=True)
        return [
            letter
            for n, letter in enumerate(self.code)
            if n + 1 < len(ordered) and ordered[n] == ordered[n + 1]
        ]

    @property
    def scale_max(self) -> float:
        top = max(self.values)
        return TYPE_MAX if top <= TYPE_MAX else float(ENTERED_MAX if top > 40 else 40)

    def params(self) -> list[tuple[str, str]]:
        """The canonical query: R..C in order, or code."""
        if self.source == "code":
            return [("code", self.entered_code)]
        return [(letter, _number_text(self.scores[letter])) for letter in RIASEC]

    def explained(self) -> list[tuple[InterestType, float | None]]:
        """The code's types with their scores (None for an entered code)."""
        return [
            (TYPES[letter], None if self.source == "code" else self.scores[letter])
            for letter in self.code
        ]


def _number_text(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


class EntryForm(PublicFormMixin, forms.Form):
    """Direct entry: six scores from any profiler (0-100), or a Holland code of 1-3 letters."""

    code = forms.CharField(label="Holland code", required=False, max_length=12)

    def __init__(self, data=None):
        super().__init__(data)
        for letter in RIASEC:
            self.fields[letter] = forms.DecimalField(
                label=TYPES[letter].name,
                required=False,
                min_value=0,
                max_value=ENTERED_MAX,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
        self.fields["code"].widget.attrs.update(
            {"autocapitalize": "characters", "size": 4, "spellcheck": "false"}
        )

    @property
    def score_fields(self):
        return [self[letter] for letter in RIASEC]

    def clean_code(self):
        code = re.sub(r"[\s,\-]", "", self.cleaned_data.get("code") or "").upper()
        if code and (not CODE_RE.match(code) or len(set(code)) != len(code)):
            raise forms.ValidationError(
                "Enter one to three different letters from R, I, A, S, E and C, e.g. SIA."
            )
        return code

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        given = [letter for letter in RIASEC if data.get(letter) is not None]
        if data.get("code") and given:
            raise forms.ValidationError("Enter six scores or a code, not both.")
        if given and len(given) < len(RIASEC):
            missing = ", ".join(TYPES[x].name for x in RIASEC if x not in given)
            raise forms.ValidationError(f"Enter all six scores; missing: {missing}.")
        if not data.get("code") and not given:
            raise forms.ValidationError("Enter six scores or a Holland code.")
        return data

    def profile(self) -> Profile | None:
        if not self.is_bound or not self.is_valid():
            return None
        code = self.cleaned_data.get("code")
        if code:
            scores = dict.fromkeys(RIASEC, 0.0)
            for letter, weight in zip(code, CODE_WEIGHTS, strict=False):
                scores[letter] = float(weight)
            return Profile(scores, "code", code)
        return Profile({x: float(self.cleaned_data[x]) for x in RIASEC}, "scores")


def has_entry(params) -> bool:
    return any(params.get(name) not in (None, "") for name in ("code", *RIASEC))


# -- filters shared by the results and the moves pages --------------------------------------


class ExploreFilterForm(PublicFormMixin, forms.Form):
    """Filters of a ranked list; invalid values are dropped with a note, never an error page."""

    zone = forms.TypedChoiceField(
        label="Preparation you are ready for",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Any amount"),
            *((str(z), f"Up to Job Zone {z}: {name.lower()}") for z, name in JOB_ZONES.items()),
        ],
    )
    pay_min = PayField(
        label="Median pay at least ($ a year)", required=False, min_value=0, max_value=10**7
    )
    outlook = forms.ChoiceField(
        label="Projected job growth", required=False, choices=[("", "Any"), *OUTLOOK_CHOICES]
    )
    ai = forms.ChoiceField(
        label="AI resilience", required=False, choices=[("", "Any"), *AI_CHOICES]
    )
    NAMES = ("zone", "pay_min", "outlook", "ai")

    def __init__(self, data):
        super().__init__({k: data.get(k, "") for k in self.NAMES})
        self.fields["pay_min"].widget.attrs.update({"inputmode": "numeric"})

    def values(self) -> dict:
        self.is_valid()
        return {
            k: v for k, v in self.cleaned_data.items() if k in self.NAMES and v not in (None, "")
        }

    def applied(self) -> "ExploreFilterForm":
        return ExploreFilterForm({k: str(v) for k, v in self.values().items()})

    def params(self) -> list[tuple[str, str]]:
        return [(k, str(v)) for k, v in self.values().items()]

    def ignored(self) -> list[str]:
        self.is_valid()
        return [
            f"{self.fields[name].label}: “{str(self.data.get(name, ''))[:60]}” is not a valid "
            "value, so it was ignored."
            for name in self.errors
            if name in self.fields
        ]


def filter_q(values: dict, prefix: str = "") -> Q:
    """The filters as a Q on an occupation reached through `prefix` ('' or 'target__')."""
    q = Q()
    if values.get("zone") is not None:
        q &= Q(**{f"{prefix}job_zone__lte": values["zone"]})
    outlook = values.get("outlook")
    if outlook == BRIGHT:
        q &= Q(**{f"{prefix}bright_outlook": True})
    elif outlook:
        _slug, _label, low, high = next(b for b in GROWTH_BANDS if b[0] == outlook)
        if low is not None:
            q &= Q(**{f"{prefix}outlook__change_percent__gte": Decimal(str(low))})
        if high is not None:
            q &= Q(**{f"{prefix}outlook__change_percent__lt": Decimal(str(high))})
    ai = values.get("ai")
    if ai == "partial":
        q &= Q(**{f"{prefix}ai_resilience__isnull": True}) | Q(
            **{f"{prefix}ai_resilience__label": ""}
        )
    elif ai:
        q &= Q(**{f"{prefix}ai_resilience__label": ai})
    return q


# -- results: the ranking -------------------------------------------------------------------


@dataclass(slots=True)
class Match:
    card: Card
    correlation: float
    code: str
    job_zone: int | None

    @property
    def fit(self) -> str:
        """The correlation in words (the method page gives the bands)."""
        return fit_words(self.correlation)


FIT_BANDS = ((0.8, "very close"), (0.6, "close"), (0.4, "partial"), (-1.01, "weak"))


def fit_words(r: float) -> str:
    return next(words for low, words in FIT_BANDS if r >= low)


class Ranking:
    """Every matching career, closest first, as a sequence a Paginator can slice.

    Ranking needs only each career's six ratings, so it reads those alone (one query
    over ~900 short rows); the cards are read for the slice shown (one more query),
    not for all 900, whose Decimal and object building cost more than the ranking.
    """

    def __init__(self, ranked: list[tuple[float, tuple]]):
        self.ranked = ranked  # (correlation, (occupation id, code, job zone))

    def __len__(self):
        return len(self.ranked)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        part = self.ranked[index]
        cards = cards_in_order([key[0] for _r, key in part])
        by_id = {c.pk: c for c in cards}
        return [Match(by_id[pk], r, code, zone) for r, (pk, code, zone) in part if pk in by_id]


def interest_matches(profile: Profile, values: dict) -> Ranking:
    """Every active career with an interest profile, closest first, filtered.

    Careers are ranked by the Pearson correlation of their six O*NET interest ratings
    with the person's six scores (careers.matching.rank_by_interest); ties by title.
    """
    qs = InterestProfile.objects.filter(occupation__is_active=True).filter(
        filter_q(values, "occupation__")
    )
    if values.get("pay_min") is not None:
        qs = qs.annotate(
            median_pay=Subquery(
                Wage.objects.current_national()
                .filter(occupation=OuterRef("occupation_id"))
                .values("annual_median")[:1]
            )
        ).filter(median_pay__gte=values["pay_min"])
    rows = qs.order_by("occupation__title", "occupation_id").values_list(
        "occupation_id", "code", "occupation__job_zone", *TYPE_FIELDS
    )
    return Ranking(rank_by_interest(profile.values, ((row[:3], row[3:]) for row in rows)))


INTEREST_MATCHES_EXPORTED = 10


def careers_like(occupation_id: int, interest_profile, limit=INTEREST_MATCHES_EXPORTED):
    """The careers whose interest ratings are closest to one career's (one query; none
    when it has no interest profile)."""
    if interest_profile is None:
        return []
    profile = Profile(dict(zip(RIASEC, interest_profile.scores, strict=True)), "scores")
    if profile.flat:
        return []
    ranking = interest_matches(profile, {})
    ranking.ranked = [item for item in ranking.ranked if item[1][0] != occupation_id]
    return ranking[:limit]


def chart(profile: Profile) -> dict:
    """Geometry of the six-bar chart (horizontal bars; the table beside it has the figures)."""
    width, label_w, bar_h, gap = 320, 110, 22, 10
    scale = profile.scale_max or 1
    bars = []
    for n, letter in enumerate(RIASEC):
        value = profile.scores[letter]
        bars.append(
            {
                "letter": letter,
                "name": TYPES[letter].name,
                "value": _number_text(value),
                "y": n * (bar_h + gap),
                "text_y": n * (bar_h + gap) + bar_h * 0.7,
                "w": round((width - label_w - 40) * value / scale, 1),
                "in_code": letter in profile.code,
            }
        )
    return {
        "width": width,
        "height": 6 * (bar_h + gap) - gap,
        "label_w": label_w,
        "bar_h": bar_h,
        "bars": bars,
        "scale_max": _number_text(scale),
    }


# -- moves: where a career's skills transfer ------------------------------------------------


@dataclass(slots=True)
class Move:
    card: Card
    similarity: float
    rank: int
    gaps: list
    job_zone: int | None
    education: str
    pay_difference: Decimal | None

    @property
    def pay_difference_text(self) -> str:
        if self.pay_difference is None:
            return ""
        if self.pay_difference == 0:
            return "the same"
        sign = "+" if self.pay_difference > 0 else "\u2212"  # a minus sign, read as "minus"
        return f"{sign}${abs(self.pay_difference):,.0f}"


@dataclass
class MovesFrom:
    occupation: Occupation
    median_pay: Decimal | None
    moves: list[Move]


MOVE_FIELDS = (
    "target_id",
    "target__code",
    "target__title",
    "target__slug",
    "target__category__name",
    "target_median",
    "target__outlook__change_percent",
    "target__bright_outlook",
    "target__ai_resilience__label",
    "target_top_coded",
    "similarity",
    "rank",
    "gaps",
    "target__job_zone",
    "target__education__typical_education",
)


def _target_national(field: str, **kw):
    """A figure of the target career's current national wage (the card's figures)."""
    return Subquery(
        Wage.objects.current_national().filter(occupation=OuterRef("target_id")).values(field)[:1],
        **kw,
    )


def _moves(occupation, values=None, limit=MOVES_KEPT):
    qs = SkillMove.objects.filter(occupation_id=occupation, target__is_active=True)
    values = values or {}
    qs = qs.filter(filter_q(values, "target__")).annotate(
        target_median=_target_national("annual_median"),
        target_top_coded=_target_national("top_coded", output_field=JSONField()),
    )
    if values.get("pay_min") is not None:
        qs = qs.filter(target_median__gte=values["pay_min"])
    return qs.order_by("rank").values_list(*MOVE_FIELDS)[:limit]


@functools.cache
def unfiltered_moves(limit: int) -> CompiledQuery:
    """The unfiltered query the career page, its export and the moves page ask, compiled
    once per limit (config.core.compiled): each row costs two wage lookups, so the page's
    five are not fetched as thirty."""
    return CompiledQuery(SkillMove, functools.partial(_moves, limit=limit), "occupation")


def moves_of(occupation_id: int, median_pay, values: dict | None = None, limit=MOVES_KEPT):
    """The careers closest by skills to one career, best first, with their cards (one query)."""
    if values:
        rows = _moves(occupation_id, values, limit)
    else:
        rows = unfiltered_moves(limit).rows(occupation=occupation_id)
    return moves_from(rows, median_pay)


def moves_from(rows, median_pay) -> list[Move]:
    """Moves from the rows of `_moves` (MOVE_FIELDS), their pay compared with median_pay."""
    out = []
    for row in rows:
        card = Card(*row[:10])
        pay_diff = (
            card.median_pay - median_pay
            if card.median_pay is not None and median_pay is not None
            else None
        )
        out.append(Move(card, row[10], row[11], row[12], row[13], row[14] or "", pay_diff))
    return out


def moves_page(slug: str, values: dict) -> MovesFrom | None:
    """What /careers/<slug>/moves/ shows, in two queries."""
    occupation = next(
        iter(
            Occupation.objects.active()
            .select_related("category", "education", "outlook", "ai_resilience")
            .annotate(median_pay=national_median_subquery())
            .filter(slug=slug)[:1]
        ),
        None,
    )
    if occupation is None:
        return None
    return MovesFrom(
        occupation, occupation.median_pay, moves_of(occupation.pk, occupation.median_pay, values)
    )


def similar_interests_query(interest_profile) -> str:
    """The results URL's query for a career's own six interest ratings ('' without them)."""
    if interest_profile is None:
        return ""
    return "?" + urlencode(
        [
            (letter, _number_text(value))
            for letter, value in zip(RIASEC, interest_profile.scores, strict=True)
        ]
    )


# -- open data ------------------------------------------------------------------------------


def profiler_document() -> dict:
    """The profiler's items and scoring as published at /explore/interests/items.json."""
    return {
        "name": "Career Compass interest profiler",
        "license": "MIT (items and scoring written by this project)",
        "types": [
            {"letter": t.letter, "name": t.name, "nickname": t.nickname, "description": t.plain}
            for t in TYPES.values()
        ],
        "answers": [
            {"value": value, "label": label, "points": POINTS[value]}
            for value, label in ANSWER_CHOICES
        ],
        "items": [{"number": i.number, "type": i.letter, "text": i.text} for i in ITEMS],
        "pages": PAGES,
        "items_per_page": PER_PAGE,
        "scoring": {
            "type_score": "sum of the points of the type's ten items",
            "type_score_range": [0, TYPE_MAX],
            "code": "the three types with the highest scores, highest first; ties in R, I, A, "
            "S, E, C order",
            "match": "Pearson correlation between the six scores and an occupation's six O*NET "
            "interest ratings (OI scale, 1-7); careers ranked by it, highest first; "
            "a profile whose six scores are equal has no ranking",
            "code_entry": "a Holland code entered directly is scored "
            + ", ".join(str(w) for w in CODE_WEIGHTS)
            + " for its first, second and third letters and 0 for the others",
            "fit_bands": [{"from": low, "words": w} for low, w in FIT_BANDS if low > -1],
        },
        "moves": {
            "similarity": "Pearson correlation over an occupation's O*NET skill and knowledge "
            "ratings: every importance rescaled from 1-5 to 0-1, then every level from 0-7 "
            "to 0-1; missing ratings count as importance 1, level 0",
            "kept_per_career": MOVES_KEPT,
            "skills_to_strengthen": f"skills the target rates importance {GAP_MIN_IMPORTANCE:g}+ "
            f"whose level rises by {GAP_MIN_RISE:g} or more, biggest rise first, three shown",
        },
    }
