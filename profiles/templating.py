"""The Jinja2 environment of the public pages (the admin stays on Django templates).

Why Jinja2: it compiles each template to Python once, so a loop over a career's 400
rows costs Python, not a tree walk with a context lookup per variable; the career page
of registered nurses renders several times faster than it did in Django's language
(bench/page_cost.py prints the figures).

What the templates get, beyond Jinja2's own filters and tests:
- the functions `url`, `static`, `absolute_static`, `canonical` (the page's canonical
  URL), `page_links` and `career_structured_data`;
- the site's filters (money, pay, whole, markdown, ...) and the handful of Django's
  whose wording the pages rely on (intcomma, pluralize, floatformat, date, capfirst,
  truncatechars, linebreaks, stringformat), under their Django names.

Undefined names behave as in Django's language: empty, an attribute of one is empty
too (ChainableUndefined), `is none` holds for them and the site's filters receive
them as None, so a career without, say, an outlook shows its "not published" text
instead of failing.
"""

import functools
import html
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import jinja2
import markupsafe
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from careers import wording
from careers.ai_resilience import points_text
from profiles import serializers, share
from profiles.cards import signed_percent
from salaries.charts import money_text, wage_figure

# CommonMark with raw HTML disabled: tags in editorial text are shown as text, and
# markdown-it refuses javascript:/vbscript:/data: links.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

# Search engines show about this many characters of a description and cut the rest.
META_DESCRIPTION_CHARS = 160


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix, name, args, kwargs) -> str:
    return reverse(name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


def url(name: str, *args, **kwargs) -> str:
    """reverse(), remembered: a career page names some 50 URLs, the same ones on every
    render, and reversing each cost more than rendering the link. The key holds all a
    reversal depends on (URLconf, script prefix, name and arguments)."""
    return _reverse(get_urlconf(), get_script_prefix(), name, args, tuple(sorted(kwargs.items())))


@jinja2.pass_context
def canonical(context) -> str:
    """The page's absolute canonical URL.

    A view whose GET parameters change the page passes `canonical_url` itself, built
    from its validated parameters; otherwise it is SITE_URL + the path.
    """
    given = context.get("canonical_url")
    if isinstance(given, str) and given:
        return given
    return share.canonical_url(context.get("request"))


def page_links(page) -> list:
    """Page numbers with gaps (1 2 … 7 8 9 … 43): every page is two clicks away at most."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def career_structured_data(page, trail) -> str:
    """The Occupation and BreadcrumbList JSON-LD blocks of a career page."""
    return serializers.ld_json_script(
        serializers.occupation_jsonld(page)
    ) + serializers.ld_json_script(serializers.breadcrumb_jsonld(trail))


def markdown(text) -> str:
    if not text:
        return ""
    return _markdown(str(text))


@functools.lru_cache(maxsize=2048)
def _markdown(text: str) -> str:
    # The same editorial text gives the same HTML: rendered once per process, not per view.
    return mark_safe(_md.render(text))


def meta_text(rendered, limit: int = META_DESCRIPTION_CHARS) -> str:
    """A rendered (escaped) description on one line and at most `limit` characters.

    Counted on the text a reader sees, not its entities, and cut only at a space, so
    no word, figure or entity is ever split; an ellipsis says the text goes on.
    """
    text = " ".join(html.unescape(str(rendered)).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.(") + "\u2026"
    return markupsafe.escape(text)


def money(value, top_coded=False) -> str:
    """$121,440; top-coded BLS values read '$239,200 or more' (the charts use the same text)."""
    return money_text(value, top_coded)


def pay(wage, field: str) -> str:
    """wage|pay("annual_p90"): that figure as money text, 'or more' when top-coded."""
    return money_text(*wage_figure(wage, field))


def is_top(wage, field: str) -> bool:
    return wage_figure(wage, field)[1]


def points(value) -> str:
    """ai.human_points|points: "+2.3 points", as the reason sentence words it."""
    return "" if value is None else points_text(value)


_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(1, 7)}


def floatformat(value, arg=-1) -> str:
    """Django's floatformat, with a short way for what the pages ask most: a number to 1
    or 2 places, some forty times on a career page, where Django's goes through its
    localization machinery each time.

    The same arithmetic as Django's (the number's shortest text as a Decimal, rounded
    half up, no grouping, no minus on a zero); anything else goes to Django's own.
    """
    kind = type(value)
    if type(arg) is int and arg in _QUANTUM and kind in (float, int, Decimal):
        number = Decimal(repr(value) if kind is float else value)
        try:
            rounded = number.quantize(_QUANTUM[arg], ROUND_HALF_UP) if number.is_finite() else None
        except InvalidOperation:  # more digits than the context holds
            rounded = None
        if rounded is not None:
            text = format(rounded, "f")
            return text[1:] if rounded.is_zero() and text.startswith("-") else text
    # nan, infinity, text, None, "2g" and the like: Django's own words for them
    return defaultfilters.floatformat(value, arg)


def linebreaks(value) -> str:
    # Escaped the way the rest of the page is (markupsafe), then Django's paragraphs.
    return defaultfilters.linebreaks_filter(markupsafe.escape(value), autoescape=False)


SITE_FILTERS = {
    "markdown": markdown,
    "meta_text": meta_text,
    "money": money,
    "pay": pay,
    "is_top": is_top,
    "signed": signed_percent,
    "points": points,
    "whole": wording.whole,
    "openings": wording.openings,
    "years_of_education": wording.years_of_education,
}

# Django's, where the pages rely on their exact wording.
DJANGO_FILTERS = {
    "intcomma": intcomma,
    "pluralize": defaultfilters.pluralize,
    "floatformat": floatformat,
    "date": defaultfilters.date,
    "capfirst": defaultfilters.capfirst,
    "truncatechars": defaultfilters.truncatechars,
    "linebreaks": linebreaks,
    "stringformat": defaultfilters.stringformat,
}

GLOBALS = {
    "url": url,
    "static": static,
    "absolute_static": share.absolute_static,
    "canonical": canonical,
    "page_links": page_links,
    "career_structured_data": career_structured_data,
}


def _missing_as(missing, function):
    """The filter called with `missing` in place of an undefined value: the site's own
    filters take None for "not published", Django's took "" (its string_if_invalid)."""

    @functools.wraps(function)
    def call(value, *args, **kwargs):
        if isinstance(value, jinja2.Undefined):
            value = missing
        return function(value, *args, **kwargs)

    return call


def _is_none(value) -> bool:
    # `x.y is none` holds when x has no y, as `{% if x.y is None %}` did in Django's language.
    return value is None or isinstance(value, jinja2.Undefined)


def environment(**options) -> jinja2.Environment:
    options["undefined"] = jinja2.ChainableUndefined
    # Django's language keeps a template's last newline; includes then join as they did.
    options["keep_trailing_newline"] = True
    env = jinja2.Environment(**options)
    env.filters.update({name: _missing_as(None, f) for name, f in SITE_FILTERS.items()})
    env.filters.update({name: _missing_as("", f) for name, f in DJANGO_FILTERS.items()})
    env.globals.update(GLOBALS)
    env.tests["none"] = _is_none
    return env
