"""Template tags for links that travel: canonical URLs, share metadata, JSON-LD."""

import html

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import escape
from django.utils.safestring import mark_safe

from profiles import serializers, share

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute canonical URL.

    A view whose GET parameters change the page passes `canonical_url` itself, built
    from its validated parameters; otherwise it is SITE_URL + the path.
    """
    given = context.get("canonical_url")
    if isinstance(given, str) and given:
        return given
    return share.canonical_url(context.get("request"))


# Search engines show about this many characters of a description and cut the rest.
META_DESCRIPTION_CHARS = 160


@register.filter
def meta_text(rendered: str, limit: int = META_DESCRIPTION_CHARS) -> str:
    """A rendered (escaped) description on one line and at most `limit` characters.

    Counted on the text a reader sees, not its entities, and cut only at a space, so
    no word, figure or entity is ever split; an ellipsis says the text goes on.
    """
    text = " ".join(html.unescape(str(rendered)).split())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.(") + "\u2026"
    return mark_safe(escape(text))


@register.simple_tag
def absolute_static(path):
    return share.absolute_static(path)


@register.simple_tag(takes_context=True)
def reuse_block(context, name):
    """Render block `name` again (its most-derived version), e.g. og:title as twitter:title.

    Django allows each block once per template; this renders the same BlockNode a
    second time, exactly as {% block %} does, so child templates override one block
    and every tag that shows it follows.
    """
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = block_context.get_block(name) if block_context else None
    return node.render(context) if node is not None else ""


@register.simple_tag
def career_structured_data(page, trail):
    """The Occupation and BreadcrumbList JSON-LD blocks of a career page."""
    return serializers.ld_json_script(
        serializers.occupation_jsonld(page)
    ) + serializers.ld_json_script(serializers.breadcrumb_jsonld(trail))
