"""Parsing of the /careers/ filter parameters into a CareerFilters value.

Every filter is a GET parameter so a filtered list is a shareable URL. Bad values are
dropped and reported, never raised: the page always renders.
"""

from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from django import forms
from django.utils.text import slugify

from careers import ai_resilience
from careers.derive import EDUCATION_LEVELS
from careers.models import RIASEC
from config.core.forms import PublicFormMixin

PAY_LIMIT = 10_000_000

JOB_ZONES = {
    1: "Little or no preparation",
    2: "Some preparation",
    3: "Medium preparation",
    4: "Considerable preparation",
    5: "Extensive preparation",
}

AI_CHOICES = [
    *ai_resilience.SHORT_LABEL.items(),
    ("partial", "Partial or no assessment"),
]


def _growth_bands():
    """(slug, label, lower inclusive, upper exclusive) from the AI method's growth bands.

    Deriving them keeps "growing fast" on this page the same band as on the AI page.
    """
    bands = []
    upper = None
    for lower, name, _adj in ai_resilience.GROWTH_BANDS:
        low = None if lower == float("-inf") else lower
        if low is None:
            text = f"below {upper:g}%"
        elif upper is None:
            text = f"{low:g}% or more"
        else:
            text = f"{low:g}% to under {upper:g}%"
        label = "Little or no change" if name == "little change" else name.capitalize()
        bands.append((slugify(name), f"{label} ({text})", low, upper))
        upper = low
    return list(reversed(bands))


GROWTH_BANDS = _growth_bands()
BRIGHT = "bright"
OUTLOOK_CHOICES = [
    *((slug, label) for slug, label, _lo, _hi in GROWTH_BANDS),
    (BRIGHT, "Bright outlook (growing 5% or more, or 100,000+ openings a year)"),
]

SORTS = {
    "name": ("Name, A to Z", "title", False),
    "-name": ("Name, Z to A", "title", True),
    "-pay": ("Pay, highest first", "median_pay", True),
    "pay": ("Pay, lowest first", "median_pay", False),
    "-growth": ("Growth, fastest first", "outlook__change_percent", True),
    "growth": ("Growth, slowest first", "outlook__change_percent", False),
    "-paygrowth": ("Pay growth over 10 years, fastest first", "pay_growth", True),
    "paygrowth": ("Pay growth over 10 years, slowest first", "pay_growth", False),
    "-openings": ("Openings, most first", "outlook__annual_openings", True),
    "openings": ("Openings, fewest first", "outlook__annual_openings", False),
    "-ai": ("AI resilience, most first", "ai_resilience__score", True),
    "ai": ("AI resilience, least first", "ai_resilience__score", False),
}
DEFAULT_SORT = "name"


def education_order(label: str) -> tuple:
    """BLS entry levels in education order; anything unknown after them, alphabetically."""
    levels = list(EDUCATION_LEVELS)
    return (levels.index(label), "") if label in levels else (len(levels), label)


def education_choices(labels) -> list[tuple[str, str]]:
    """(slug, label) for the entry-education values present in the data, in education order."""
    return [(slugify(label), label) for label in sorted(set(labels) - {""}, key=education_order)]


@dataclass(frozen=True)
class CareerFilters:
    """The cleaned state of the index: what the selector filters on and the URL carries."""

    category: str = ""  # Category.slug
    education: str = ""  # a BLS entry-education label; its slug in the URL
    pay_min: int | None = None
    pay_max: int | None = None
    outlook: str = ""  # a GROWTH_BANDS slug or "bright"
    ai: str = ""  # high / moderate / low / partial
    zone: int | None = None
    interest: str = ""  # a RIASEC letter: the first letter of the Holland code
    sort: str = DEFAULT_SORT

    def params(self) -> list[tuple[str, str]]:
        """The non-default values as (name, value), in a fixed order: the canonical query."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "") or (f.name == "sort" and value == DEFAULT_SORT):
                continue
            out.append((f.name, slugify(value) if f.name == "education" else str(value)))
        return out

    def querystring(self, **changes) -> str:
        """`?category=...&sort=...` for these filters with some fields changed ('' if none)."""
        query = urlencode(replace(self, **changes).params())
        return f"?{query}" if query else ""

    @property
    def active(self) -> bool:
        return any(name != "sort" for name, _ in self.params())


class PayField(forms.IntegerField):
    """Whole dollars; tolerates the "$" and thousands separators people type or paste."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("$", "").replace(",", "").replace(" ", "")
        return super().to_python(value)


class CareerFilterForm(PublicFormMixin, forms.Form):
    """Reads request.GET; `filters()` keeps the valid values and `ignored()` explains the rest."""

    category = forms.ChoiceField(label="Category", required=False)
    education = forms.ChoiceField(label="Typical education", required=False)
    pay_min = PayField(
        label="Median pay from ($ a year)", required=False, min_value=0, max_value=PAY_LIMIT
    )
    pay_max = PayField(
        label="Median pay up to ($ a year)", required=False, min_value=0, max_value=PAY_LIMIT
    )
    outlook = forms.ChoiceField(
        label="Projected job growth",
        required=False,
        choices=[("", "Any outlook"), *OUTLOOK_CHOICES],
    )
    ai = forms.ChoiceField(
        label="AI resilience", required=False, choices=[("", "Any"), *AI_CHOICES]
    )
    zone = forms.TypedChoiceField(
        label="Job zone (preparation needed)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any"), *((str(z), f"{z}: {name}") for z, name in JOB_ZONES.items())],
    )
    interest = forms.ChoiceField(
        label="Strongest interest (Holland code)",
        required=False,
        choices=[("", "Any"), *((letter, f"{letter}: {name}") for letter, name in RIASEC)],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _f, _d) in SORTS.items()],
    )

    def __init__(self, data, *, categories, education_labels):
        super().__init__(data)
        self._choices_from = {"categories": categories, "education_labels": education_labels}
        self.fields["category"].choices = [("", "All categories")] + [
            (c.slug, f"{c.name} ({c.n})") for c in categories
        ]
        self.category_names = {c.slug: c.name for c in categories}
        self.fields["education"].choices = [
            ("", "Any education"),
            *education_choices(education_labels),
        ]
        for name in ("pay_min", "pay_max"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        self.swapped_pay = False

    def clean_education(self):
        """The URL carries the slug; the selector filters on the label it stands for."""
        slug = self.cleaned_data["education"]
        return dict(self.fields["education"].choices)[slug] if slug else ""

    def clean(self):
        data = super().clean()
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and low > high:
            data["pay_min"], data["pay_max"] = high, low
            self.swapped_pay = True
        return data

    def filters(self) -> CareerFilters:
        self.is_valid()
        values = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return CareerFilters(**values)

    def applied(self) -> "CareerFilterForm":
        """The same form bound to the cleaned values: the controls show what the list used."""
        return CareerFilterForm(dict(self.filters().params()), **self._choices_from)

    def ignored(self) -> list[str]:
        """One sentence per parameter that was dropped, naming the value that was sent."""
        self.is_valid()
        notes = []
        for name in self.errors:
            if name not in self.fields:
                continue
            raw = self.data.get(name, "")
            notes.append(
                f"{self.fields[name].label}: “{raw[:60]}” is not a valid value, so it was ignored."
            )
        if self.swapped_pay:
            notes.append("The minimum pay was above the maximum, so the two were swapped.")
        return notes

    def chips(self, filters: CareerFilters) -> list[tuple[str, str]]:
        """(text, URL without that filter) for each active filter."""
        labels = {
            "category": lambda v: f"Category: {self.category_names.get(v, v)}",
            "education": lambda v: f"Education: {filters.education}",
            "pay_min": lambda v: f"Pay from ${int(v):,}",
            "pay_max": lambda v: f"Pay up to ${int(v):,}",
            "outlook": lambda v: f"Outlook: {dict(OUTLOOK_CHOICES)[v]}",
            "ai": lambda v: f"AI resilience: {dict(AI_CHOICES)[v]}",
            "zone": lambda v: f"Job zone {v}: {JOB_ZONES[int(v)]}",
            "interest": lambda v: f"Strongest interest: {dict(RIASEC)[v]}",
        }
        return [
            (labels[name](value), filters.querystring(**{name: _blank(name)}))
            for name, value in filters.params()
            if name in labels
        ]


def _blank(name):
    return None if name in ("pay_min", "pay_max", "zone") else ""
