from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from careers import wording
from profiles.cards import signed_percent
from salaries.charts import money_text, wage_figure

register = template.Library()

# CommonMark with raw HTML disabled: tags in editorial text are shown as text, and
# markdown-it refuses javascript:/vbscript:/data: links.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@register.filter
def markdown(text):
    if not text:
        return ""
    return mark_safe(_md.render(str(text)))


@register.filter
def money(value, top_coded=False):
    """$121,440; top-coded BLS values read '$239,200 or more' (the charts use the same text)."""
    return money_text(value, top_coded)


@register.filter
def is_top(wage, field):
    return wage_figure(wage, field)[1]


@register.filter
def signed(value):
    return signed_percent(value)


@register.filter
def pay(wage, field):
    """{{ wage|pay:"annual_p90" }}: that figure as money text, 'or more' when top-coded."""
    return money_text(*wage_figure(wage, field))


@register.filter
def whole(value):
    """A score or percentile rounded as the sentences beside it round it (careers.wording)."""
    return wording.whole(value)


@register.filter
def openings(value):
    """Annual openings: 'Fewer than 50' where BLS publishes 0.0 thousand."""
    return wording.openings(value)


@register.filter
def years_of_education(value):
    """'About 4 years'; 'None beyond high school' for none, never 'About 0 years'."""
    return wording.years_of_education(value)


@register.simple_tag
def page_links(page):
    """Page numbers with gaps (1 2 … 7 8 9 … 43): every page is two clicks away at most."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
